import type { Organisation, OrganisationKind, Sector, SuccessorLink } from '../../domain/registry/organisation.ts';
import { defaultSector } from '../../domain/registry/organisation.ts';

/**
 * The demo economy's organisations: every organisation named in the seed documents, under its real
 * ODS code where one exists (checked against ../shared/data/ods: `verified` true). Names are as
 * the seed cases knew them; a later ODS import renames to today's names. Independent providers
 * with no verifiable ODS code carry an illustrative "Z..." code and say so.
 */
type Row = [code: string, name: string, kind: OrganisationKind, parent: string | null, open: string | null, close: string | null, verified: boolean, note?: string, sector?: Sector];

const ROWS: Row[] = [
  // National and regional commissioners
  ['X24', 'NHS England', 'nhs_england', null, '2013-04-01', null, false, 'ODS code of NHS England; not in the shared ODS extract'],
  // Integrated care boards (icb_names_codes.csv)
  ['QHG', 'NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board', 'icb', null, '2022-07-01', null, true],
  ['QNC', 'NHS Staffordshire and Stoke-on-Trent Integrated Care Board', 'icb', null, '2022-07-01', null, true],
  ['QUA', 'NHS Black Country Integrated Care Board', 'icb', null, '2022-07-01', null, true],
  ['QNX', 'NHS Sussex Integrated Care Board', 'icb', null, '2022-07-01', null, true],
  ['QT1', 'NHS Nottingham and Nottinghamshire Integrated Care Board', 'icb', null, '2022-07-01', null, true],
  ['QJK', 'NHS Devon Integrated Care Board', 'icb', null, '2022-07-01', null, true],
  ['QT6', 'NHS Cornwall and the Isles of Scilly Integrated Care Board', 'icb', null, '2022-07-01', null, true],
  ['QUE', 'NHS Cambridgeshire and Peterborough Integrated Care Board', 'icb', null, '2022-07-01', null, true],
  ['QNQ', 'NHS Frimley Integrated Care Board', 'icb', null, '2022-07-01', null, true],
  ['QRV', 'NHS North West London Integrated Care Board', 'icb', null, '2022-07-01', null, true],
  // Clinical commissioning groups as the seeds knew them
  ['99P', 'NHS Northern, Eastern and Western Devon CCG', 'ccg', 'QJK', '2013-04-01', '2019-03-31', true],
  ['15N', 'NHS Devon CCG', 'ccg', 'QJK', '2019-04-01', null, true, 'A sub-ICB location of NHS Devon ICB since July 2022'],
  ['05C', 'NHS Dudley CCG', 'ccg', 'QUA', '2013-04-01', '2021-03-31', true],
  ['D2P2L', 'NHS Black Country and West Birmingham CCG', 'ccg', 'QUA', '2021-04-01', null, true, 'A sub-ICB location of NHS Black Country ICB since July 2022'],
  ['06F', 'NHS Bedfordshire CCG', 'ccg', 'QHG', '2013-04-01', '2021-03-31', true],
  ['M1J4Y', 'NHS Bedfordshire, Luton and Milton Keynes CCG', 'ccg', 'QHG', '2021-04-01', null, true, 'A sub-ICB location of BLMK ICB since July 2022'],
  ['09G', 'NHS Coastal West Sussex CCG', 'ccg', 'QNX', '2013-04-01', '2020-03-31', true],
  ['70F', 'NHS West Sussex CCG', 'ccg', 'QNX', '2020-04-01', null, true, 'A sub-ICB location of NHS Sussex ICB since July 2022'],
  ['04K', 'NHS Nottingham City CCG', 'ccg', 'QT1', '2013-04-01', '2020-03-31', true],
  ['52R', 'NHS Nottingham and Nottinghamshire CCG', 'ccg', 'QT1', '2020-04-01', null, true, 'A sub-ICB location since July 2022'],
  ['05V', 'NHS Stafford and Surrounds CCG', 'ccg', 'QNC', '2013-04-01', null, true, 'Now a sub-ICB location of Staffordshire and Stoke-on-Trent ICB'],
  ['04Y', 'NHS Cannock Chase CCG', 'ccg', 'QNC', '2013-04-01', null, true, 'Now a sub-ICB location of Staffordshire and Stoke-on-Trent ICB'],
  ['05D', 'NHS East Staffordshire CCG', 'ccg', 'QNC', '2013-04-01', null, true, 'Now a sub-ICB location of Staffordshire and Stoke-on-Trent ICB'],
  ['05Q', 'NHS South East Staffordshire and Seisdon Peninsula CCG', 'ccg', 'QNC', '2013-04-01', null, true, 'Now a sub-ICB location of Staffordshire and Stoke-on-Trent ICB'],
  ['11N', 'NHS Kernow CCG', 'ccg', 'QT6', '2013-04-01', null, true, 'Now a sub-ICB location of Cornwall and the Isles of Scilly ICB'],
  ['06H', 'NHS Cambridgeshire and Peterborough CCG', 'ccg', 'QUE', '2013-04-01', null, true, 'Now a sub-ICB location of Cambridgeshire and Peterborough ICB'],
  ['07P', 'NHS Brent CCG', 'ccg', 'QRV', '2013-04-01', '2021-03-31', true, 'Co-ordinating commissioner for London ambulance services in the demo'],
  ['99M', 'NHS North East Hampshire and Farnham CCG', 'ccg', 'QNQ', '2013-04-01', '2021-03-31', true],
  ['10C', 'NHS Surrey Heath CCG', 'ccg', 'QNQ', '2013-04-01', '2021-03-31', true],
  ['10T', 'NHS Slough CCG', 'ccg', 'QNQ', '2013-04-01', '2018-03-31', true],
  // Local authorities (ONS codes)
  ['E06000055', 'Bedford Borough Council', 'local_authority', null, '2009-04-01', null, false, 'ONS code'],
  ['E08000027', 'Dudley Metropolitan Borough Council', 'local_authority', null, '1974-04-01', null, false, 'ONS code'],
  ['E06000052', 'Cornwall Council', 'local_authority', null, '2009-04-01', null, false, 'ONS code'],
  ['E06000018', 'Nottingham City Council', 'local_authority', null, '1998-04-01', null, false, 'ONS code'],
  ['E10000032', 'West Sussex County Council', 'local_authority', null, '1974-04-01', null, false, 'ONS code'],
  // NHS providers
  ['RBZ', 'Northern Devon Healthcare NHS Trust', 'nhs_trust', 'QJK', '1991-04-01', '2022-03-31', true],
  ['RH8', 'Royal Devon University Healthcare NHS Foundation Trust', 'foundation_trust', 'QJK', '1993-04-01', null, true],
  ['RNA', 'The Dudley Group NHS Foundation Trust', 'foundation_trust', 'QUA', '1994-04-01', null, true],
  ['RYK', 'Dudley Integrated Health and Care NHS Trust', 'nhs_trust', 'QUA', '2008-10-01', '2024-09-30', true, 'The "shell" trust set up to hold the integrated care provider contract'],
  ['TAJ', 'Black Country Healthcare NHS Foundation Trust', 'foundation_trust', 'QUA', '2020-04-01', null, false, 'Code from the NHS Payment Scheme MFF file; not in the shared etr extract'],
  ['RXK', 'Sandwell and West Birmingham Hospitals NHS Trust', 'nhs_trust', 'QUA', '2002-04-01', null, true],
  ['RBK', 'Walsall Healthcare NHS Trust', 'nhs_trust', 'QUA', '1991-04-01', null, true],
  ['RDU', 'Frimley Health NHS Foundation Trust', 'foundation_trust', 'QNQ', '1992-04-01', null, true, 'Frimley Park Hospital NHS Foundation Trust until it acquired Heatherwood and Wexham Park in October 2014'],
  ['RD7', 'Heatherwood and Wexham Park Hospitals NHS Foundation Trust', 'foundation_trust', 'QNQ', '1992-04-01', '2014-09-30', true],
  ['RC1', 'Bedford Hospital NHS Trust', 'nhs_trust', 'QHG', '1992-04-01', '2020-03-31', true],
  ['RC9', 'Luton and Dunstable University Hospital NHS Foundation Trust', 'foundation_trust', 'QHG', '1992-04-01', null, true, 'Bedfordshire Hospitals NHS Foundation Trust since merging with Bedford Hospital in April 2020'],
  ['RD8', 'Milton Keynes University Hospital NHS Foundation Trust', 'foundation_trust', 'QHG', '1992-04-01', null, true],
  ['RYR', 'Western Sussex Hospitals NHS Foundation Trust', 'foundation_trust', 'QNX', '2009-04-01', null, true, 'University Hospitals Sussex NHS Foundation Trust since merging with Brighton and Sussex University Hospitals in April 2021'],
  ['RXH', 'Brighton and Sussex University Hospitals NHS Trust', 'nhs_trust', 'QNX', '2002-04-01', '2021-03-31', true],
  ['RX1', 'Nottingham University Hospitals NHS Trust', 'nhs_trust', 'QT1', '2006-04-01', null, true],
  ['RK5', 'Sherwood Forest Hospitals NHS Foundation Trust', 'foundation_trust', 'QT1', '1994-04-01', null, true],
  ['RTG', 'University Hospitals of Derby and Burton NHS Foundation Trust', 'foundation_trust', 'QJ2', '1998-04-01', null, true],
  ['REF', 'Royal Cornwall Hospitals NHS Trust', 'nhs_trust', 'QT6', '1992-04-01', null, true],
  ['RRU', 'London Ambulance Service NHS Trust', 'nhs_trust', 'QKK', '1996-04-01', null, true],
  ['RT3', 'Royal Brompton and Harefield NHS Foundation Trust', 'foundation_trust', 'QRV', '1998-04-01', '2021-01-31', true],
  ['RJ1', "Guy's and St Thomas' NHS Foundation Trust", 'foundation_trust', 'QKK', '1993-04-01', null, true],
  ['RQM', 'Chelsea and Westminster Hospital NHS Foundation Trust', 'foundation_trust', 'QRV', '1994-04-01', null, true],
  ['RGT', 'Cambridge University Hospitals NHS Foundation Trust', 'foundation_trust', 'QUE', '1993-04-01', null, true],
  ['RT1', 'Cambridgeshire and Peterborough NHS Foundation Trust', 'foundation_trust', 'QUE', '2002-04-01', null, true],
  ['RYV', 'Cambridgeshire Community Services NHS Trust', 'nhs_trust', 'QUE', '2010-04-01', null, true],
  // Independent and voluntary providers: no ODS code verified here, so illustrative codes
  ['ZCIRC', 'Circle Health (Circle Partnership)', 'independent_provider', null, '2010-01-01', null, false, 'Illustrative code. Prime contractor for Bedfordshire MSK; runs Nottingham NHS Treatment Centre dermatology'],
  ['ZBUPA', 'BupaCSH', 'independent_provider', null, '2013-01-01', null, false, 'Illustrative code. Bupa and Central Surrey Health joint venture; Coastal West Sussex MSK'],
  ['ZSERC', 'Serco Group (Cornwall out-of-hours)', 'independent_provider', null, '2006-01-01', null, false, 'Illustrative code'],
  ['ZDEVD', 'Devon Doctors', 'voluntary_provider', null, '1996-01-01', null, false, 'Illustrative code. Not-for-profit GP-run social enterprise'],
  ['ZUNIT', 'UnitingCare Partnership LLP', 'independent_provider', null, '2014-10-01', '2015-12-31', false, 'Illustrative code. LLP owned by Cambridge University Hospitals FT and Cambridgeshire and Peterborough FT', 'nhs'],
  ['ZAMBL', 'Private ambulance providers (London)', 'independent_provider', null, '2010-01-01', null, false, 'Illustrative code grouping the private ambulance firms the London Ambulance Service used'],
  // Bidders in the Staffordshire cancer procurement (issue 9), replayed under the PSR: the offers are illustrative
  ['RJE', 'University Hospitals of North Midlands NHS Trust', 'nhs_trust', 'QNC', '1993-04-01', null, true, 'Awarded the Staffordshire cancer prime provider contract in the demo (an illustrative award: the real 2014-16 procurement chose no provider)'],
  ['RRE', 'Midlands Partnership University NHS Foundation Trust', 'foundation_trust', 'QNC', '2001-04-01', null, true, 'A bidder in the demo\'s Staffordshire cancer procurement (illustrative offer)'],
  ['ZSCCP', 'Staffordshire Cancer Care Partnership (illustrative independent and voluntary consortium)', 'voluntary_provider', null, '2024-01-01', null, false, 'Illustrative code and organisation: a bidder in the demo\'s Staffordshire cancer procurement'],
  ['ZCCHL', 'Cancer Care Holdings Ltd (illustrative)', 'independent_provider', null, '2024-01-01', null, false, 'Illustrative code and organisation: a bidder in the demo\'s Staffordshire cancer procurement'],
];

export const DEMO_ORGANISATIONS: readonly Organisation[] = ROWS.map(([code, name, kind, parent, open, close, verified, note, sector]) => ({
  code, name, kind, sector: sector ?? defaultSector(kind), parentCode: parent, regionCode: null, postcode: null,
  openDate: open, closeDate: close, source: 'demo', odsVerified: verified, note: note ?? null,
}));

/** Mergers, acquisitions and reorganisations with the date the successor took over. */
export const DEMO_SUCCESSORS: readonly SuccessorLink[] = [
  { predecessorCode: 'RD7', successorCode: 'RDU', effectiveDate: '2014-10-01', reason: 'acquisition' },
  { predecessorCode: 'RC1', successorCode: 'RC9', effectiveDate: '2020-04-01', reason: 'merger' },
  { predecessorCode: 'RBZ', successorCode: 'RH8', effectiveDate: '2022-04-01', reason: 'merger' },
  { predecessorCode: 'RXH', successorCode: 'RYR', effectiveDate: '2021-04-01', reason: 'merger' },
  { predecessorCode: 'RT3', successorCode: 'RJ1', effectiveDate: '2021-02-01', reason: 'merger' },
  { predecessorCode: '99P', successorCode: '15N', effectiveDate: '2019-04-01', reason: 'merger' },
  { predecessorCode: '05C', successorCode: 'D2P2L', effectiveDate: '2021-04-01', reason: 'merger' },
  { predecessorCode: '06F', successorCode: 'M1J4Y', effectiveDate: '2021-04-01', reason: 'merger' },
  { predecessorCode: '09G', successorCode: '70F', effectiveDate: '2020-04-01', reason: 'merger' },
  { predecessorCode: '04K', successorCode: '52R', effectiveDate: '2020-04-01', reason: 'merger' },
];
