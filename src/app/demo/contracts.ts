import type { NewContractInput, NewVariationInput } from '../contracts.ts';

const M = 100_000_000; // £1m in pence

export interface DemoContract extends Omit<NewContractInput, 'parentContractId'> {
  /** Reference of the contract this subcontract sits under. */
  readonly parentReference?: string;
  readonly variations?: readonly NewVariationInput[];
}

const cc = (code: string) => ({ organisationCode: code, role: 'coordinating_commissioner' as const });
const ac = (code: string) => ({ organisationCode: code, role: 'associate_commissioner' as const });
const pr = (code: string) => ({ organisationCode: code, role: 'provider' as const });

/**
 * The seed cases as contracts. Figures the seeds give are used as given (cited in the description);
 * figures they do not give are marked "illustrative".
 */
export const DEMO_CONTRACTS: readonly DemoContract[] = [
  {
    reference: 'BEDS-MSK-2014', title: 'Bedfordshire integrated musculoskeletal service (prime contractor)',
    description: 'Circle as prime contractor for the whole MSK pathway, replacing 20 separate contracts (about £27m a year); a hub routes patients to about 15 providers. About £4m-£6m depends on outcome improvements. Bedford Hospital refused to become a subcontractor after its MSK referrals fell about 30%. Seeds: HSJ 14 Aug 2013, 7 Nov 2014.',
    model: 'prime_contractor', startDate: '2014-04-01', endDate: '2019-03-31', signedValuePence: 120 * M, status: 'live',
    parties: [cc('06F'), pr('ZCIRC')], serviceCodes: ['MSK-ELECTIVE'],
    extensionOptions: [{ months: 24, exercised: false }],
    variations: [
      { effectiveDate: '2015-04-01', rationale: 'Physiotherapy underpayment corrected: about £90k a year for the remaining four years (RULES.md §5)', valueChangePence: 360_000_00 },
      { effectiveDate: '2019-04-01', rationale: 'Contract term ended; extension option not exercised', valueChangePence: 0, changes: { status: 'expired' } },
    ],
  },
  {
    reference: 'BEDS-MSK-2014-SUB-LD', parentReference: 'BEDS-MSK-2014', title: 'Elective orthopaedic surgery subcontract under the Bedfordshire MSK prime contract',
    description: 'One of the provider subcontracts let by the prime contractor. Value illustrative.',
    model: 'subcontract', startDate: '2014-04-01', endDate: '2019-03-31', signedValuePence: 15 * M, status: 'live',
    parties: [cc('ZCIRC'), pr('RC9')], serviceCodes: ['MSK-ELECTIVE'],
  },
  {
    reference: 'BEDFORD-ACUTE-2014-15', title: 'Bedford Hospital acute services 2014/15',
    description: 'Bedford Hospital\'s main acute contract, including trauma and A&E whose viability depends on elective orthopaedic volume. MSK income about £10m in 2013-14 (RULES.md §5). Contract value illustrative.',
    model: 'standard_activity', startDate: '2014-04-01', endDate: '2015-03-31', signedValuePence: 112 * M, status: 'live',
    parties: [cc('06F'), pr('RC1')], serviceCodes: ['ACUTE', 'TRAUMA-ORTHO', 'A-AND-E'],
    variations: [
      { effectiveDate: '2014-11-01', rationale: 'In-year reduction for MSK referrals now routed through the prime contractor (about 30% fewer); minimum income guarantee requested by the trust and declined', valueChangePence: -3 * M },
    ],
  },
  {
    reference: 'CWS-MSK-2015', title: 'Coastal West Sussex MSK service (BupaCSH)',
    description: 'Five-year £235m MSK contract awarded to BupaCSH in September 2014; previously provided by Western Sussex Hospitals. PwC put the cumulative five-year impact on the trust at up to £13.4m. Seed: Health Investor 7 Jan 2015.',
    model: 'prime_contractor', startDate: '2015-04-01', endDate: '2020-03-31', signedValuePence: 235 * M, status: 'live',
    parties: [cc('09G'), pr('ZBUPA')], serviceCodes: ['MSK-ELECTIVE'],
  },
  {
    reference: 'WSHFT-ACUTE-2015-16', title: 'Western Sussex Hospitals acute services 2015/16',
    description: 'The trust\'s main acute contract after MSK moved to BupaCSH. Value illustrative.',
    model: 'standard_activity', startDate: '2015-04-01', endDate: '2016-03-31', signedValuePence: 268 * M, status: 'live',
    parties: [cc('09G'), pr('RYR')], serviceCodes: ['ACUTE', 'TRAUMA-ORTHO', 'A-AND-E'],
  },
  {
    reference: 'DUDLEY-ICP-2021', title: 'Dudley integrated care provider contract',
    description: 'A £360m integrated care provider contract covering primary care, community health and some public health services, including around 40% of Dudley Group FT\'s services, to a new NHS trust. Stage gates: strategic outline case (November 2019, not signed by the trust), full business case (due October 2020), regulatory approval. Consultants asked for a 12-month pause. Term illustrative. Seed: HSJ 7 July 2020.',
    model: 'integrated_care_provider', startDate: '2021-04-01', endDate: '2031-03-31', signedValuePence: 360 * M, status: 'draft',
    parties: [cc('05C'), ac('E08000027'), pr('RYK')], serviceCodes: ['PRIMARY-CARE', 'COMMUNITY', 'PUBLIC-HEALTH', 'MENTAL-HEALTH'],
  },
  {
    reference: 'DUDLEY-ACUTE-2023-24', title: 'Dudley Group acute services 2023/24 (aligned payment and incentive)',
    description: 'Fixed element plus a variable element for elective activity at 100% of NHS Payment Scheme unit prices (RULES.md §2.7). Value illustrative.',
    model: 'standard_api', startDate: '2023-04-01', endDate: '2024-03-31', signedValuePence: 410 * M, status: 'live',
    parties: [cc('D2P2L'), pr('RNA')], serviceCodes: ['ACUTE', 'MSK-ELECTIVE', 'TRAUMA-ORTHO', 'A-AND-E'],
    variations: [
      { effectiveDate: '2024-04-01', rationale: 'Contract year ended', valueChangePence: 0, changes: { status: 'expired' } },
    ],
  },
  {
    reference: 'BLMK-MKUH-2025-26', title: 'Milton Keynes University Hospital acute services 2025/26 (aligned payment and incentive)',
    description: 'Bedfordshire, Luton and Milton Keynes ICB\'s contract with Milton Keynes University Hospital: a fixed element plus elective activity paid at 100% of unit prices (RULES.md §2.7). Value, plan and activity illustrative; the trust\'s market forces factor is its real one.',
    model: 'standard_api', startDate: '2025-04-01', endDate: '2026-03-31', signedValuePence: 330 * M, status: 'live',
    parties: [cc('QHG'), pr('RD8')], serviceCodes: ['ACUTE', 'MSK-ELECTIVE', 'TRAUMA-ORTHO', 'A-AND-E'],
    variations: [
      { effectiveDate: '2026-04-01', rationale: 'Contract year ended', valueChangePence: 0, changes: { status: 'expired' } },
    ],
  },
  {
    reference: 'STAFFS-CANCER-2016', title: 'Staffordshire cancer and end-of-life care (prime provider tender)',
    description: 'Four CCGs jointly tendering a £1.2bn ten-year contract for a prime provider to integrate cancer care from diagnosis to end of life; no provider chosen. Seeds: BBC 3 July 2014; HSJ 14 Aug 2013.',
    model: 'prime_contractor', startDate: '2016-04-01', endDate: '2026-03-31', signedValuePence: 1200 * M, status: 'draft',
    parties: [cc('05V'), ac('04Y'), ac('05D'), ac('05Q')], serviceCodes: ['CANCER'],
  },
  {
    reference: 'BCF-2015-16', title: 'Better Care Fund 2015/16 (national pooled budget)',
    description: 'A £3.8bn national minimum (£1.9bn NHS and £1.9bn existing funding) pooled through 151 Health and Wellbeing Boards under section 75 agreements. £1bn tied to performance: paid on reductions in emergency admissions, with unearned money kept for local NHS services (RULES.md §4). The local authorities below host pooled funds in the demo.',
    model: 'pooled_budget', startDate: '2015-04-01', endDate: '2016-03-31', signedValuePence: 3800 * M, status: 'live',
    parties: [cc('X24'), pr('E06000055'), pr('E08000027'), pr('E06000052'), pr('E06000018'), pr('E10000032')], serviceCodes: ['SOCIAL-CARE', 'COMMUNITY'],
  },
  {
    reference: 'CORNWALL-OOH-2013', title: 'Cornwall GP out-of-hours service',
    description: 'Serco\'s GP out-of-hours contract in Cornwall; Serco falsified its performance data and then sought to subcontract the service to Devon Doctors. Seed: Guardian 11 Oct 2013. Value and term illustrative.',
    model: 'standard_block', startDate: '2013-04-01', endDate: '2017-03-31', signedValuePence: 28 * M, status: 'live',
    parties: [cc('11N'), pr('ZSERC')], serviceCodes: ['GP-OOH'],
    variations: [
      { effectiveDate: '2015-06-01', rationale: 'Serco handed the service back early; contract terminated and the remaining value released', valueChangePence: -12 * M, changes: { status: 'terminated', endDate: '2015-05-31' } },
    ],
  },
  {
    reference: 'CORNWALL-OOH-2013-SUB-DD', parentReference: 'CORNWALL-OOH-2013', title: 'Cornwall out-of-hours delivery subcontract (proposed)',
    description: 'Serco\'s proposed subcontract of the service to Devon Doctors, made without the commissioner\'s consent. Value illustrative.',
    model: 'subcontract', startDate: '2013-11-01', endDate: '2017-03-31', signedValuePence: 20 * M, status: 'draft',
    parties: [cc('ZSERC'), pr('ZDEVD')], serviceCodes: ['GP-OOH'],
  },
  {
    reference: 'NOTTS-DERM-2013', title: 'Nottingham dermatology service',
    description: 'Circle won the contract to provide most local dermatology services; six of Nottingham University Hospitals\' eight consultants left rather than transfer and the trust stopped acute adult dermatology. Seed: The Independent 16 Dec 2014. Value illustrative.',
    model: 'standard_activity', startDate: '2013-04-01', endDate: '2016-03-31', signedValuePence: 36 * M, status: 'live',
    parties: [cc('04K'), pr('ZCIRC')], serviceCodes: ['DERMATOLOGY'],
  },
  {
    reference: 'NOTTS-DERM-2013-SUB-NUH', parentReference: 'NOTTS-DERM-2013', title: 'Acute adult dermatology subcontract (Nottingham University Hospitals)',
    description: 'Inpatient and emergency dermatology the prime bought from the trust; ended when the trust lost six of eight consultants. Value illustrative.',
    model: 'subcontract', startDate: '2013-04-01', endDate: '2016-03-31', signedValuePence: 6 * M, status: 'live',
    parties: [cc('ZCIRC'), pr('RX1')], serviceCodes: ['DERMATOLOGY'],
    variations: [
      { effectiveDate: '2015-01-01', rationale: 'Trust can no longer staff acute adult dermatology (6 of 8 consultants left); subcontract terminated', valueChangePence: -2_500_000_00, changes: { status: 'terminated', endDate: '2014-12-31' } },
    ],
  },
  {
    reference: 'NDEVON-ACUTE-2013-14', title: 'Northern Devon Healthcare acute and community services 2013/14',
    description: 'Agreed only through arbitration (pendulum, "no 50:50s"); relations described as strained. Value illustrative. Seed: HSJ on NEW Devon CCG and Northern Devon Healthcare Trust.',
    model: 'standard_activity', startDate: '2013-04-01', endDate: '2014-03-31', signedValuePence: 158 * M, status: 'live',
    parties: [cc('99P'), pr('RBZ')], serviceCodes: ['ACUTE', 'COMMUNITY'],
    variations: [
      { effectiveDate: '2013-10-01', rationale: 'In-year issues settled through mediation (illustrative amount)', valueChangePence: 1_200_000_00 },
    ],
  },
  {
    reference: 'NDEVON-ACUTE-2014-15', title: 'Northern Devon Healthcare acute and community services 2014/15',
    description: 'Negotiated with a facilitator (Ian Tipney, paid £12,007 including expenses). Value illustrative.',
    model: 'standard_activity', startDate: '2014-04-01', endDate: '2015-03-31', signedValuePence: 161 * M, status: 'live',
    parties: [cc('99P'), pr('RBZ')], serviceCodes: ['ACUTE', 'COMMUNITY'],
  },
  {
    reference: 'FRIMLEY-ACUTE-2015-16', title: 'Frimley Health acute services 2015/16',
    description: 'Several small commissioners facing one large provider after Frimley Park acquired Heatherwood and Wexham Park (Dalton review). Value illustrative.',
    model: 'standard_activity', startDate: '2015-04-01', endDate: '2016-03-31', signedValuePence: 590 * M, status: 'live',
    parties: [cc('99M'), ac('10C'), ac('10T'), pr('RDU')], serviceCodes: ['ACUTE', 'A-AND-E', 'TRAUMA-ORTHO'],
  },
  {
    reference: 'UNITINGCARE-2015', title: 'Cambridgeshire and Peterborough older people\'s and adult community services (outcomes-based)',
    description: '£800m over five years to UnitingCare LLP; income at risk on outcomes 0% in year 1, about 10% in years 2-3, 15% in years 4-5; collapsed after 8 months as not financially sustainable (RULES.md §5).',
    model: 'outcomes_based', startDate: '2015-04-01', endDate: '2020-03-31', signedValuePence: 800 * M, status: 'live',
    parties: [cc('06H'), pr('ZUNIT')], serviceCodes: ['COMMUNITY', 'MENTAL-HEALTH'],
    variations: [
      { effectiveDate: '2015-12-03', rationale: 'Contract terminated after eight months: not financially sustainable', valueChangePence: 10_666_666_700 - 800 * M, changes: { status: 'terminated', endDate: '2015-12-02' } },
    ],
  },
  {
    reference: 'CCS-COMMUNITY-2014-15', title: 'Cambridgeshire community services 2014/15',
    description: 'A community services contract ending in 2015; rolled over for a year rather than competed (Monitor warned against automatic roll-overs). Value illustrative.',
    model: 'standard_block', startDate: '2014-04-01', endDate: '2015-03-31', signedValuePence: 95 * M, status: 'live',
    parties: [cc('06H'), pr('RYV')], serviceCodes: ['COMMUNITY'],
    extensionOptions: [{ months: 12, exercised: true }],
    variations: [
      { effectiveDate: '2015-04-01', rationale: 'Extension option exercised: rolled over for 2015/16 rather than competed, decision recorded with reasons', valueChangePence: 95 * M, changes: { endDate: '2016-03-31' } },
    ],
  },
  {
    reference: 'LAS-999-2013-14', title: 'London Ambulance Service 999 services 2013/14',
    description: 'London-wide ambulance contract with a co-ordinating commissioner on behalf of London CCGs. Value illustrative.',
    model: 'standard_block', startDate: '2013-04-01', endDate: '2014-03-31', signedValuePence: 290 * M, status: 'live',
    parties: [cc('07P'), pr('RRU')], serviceCodes: ['AMBULANCE'],
  },
  {
    reference: 'LAS-PRIV-2011', title: 'Private ambulance support, 2011 to 2014', parentReference: 'LAS-999-2013-14',
    description: 'Spend on private ambulances in London in 2011: £795,000 (BBC 22 Oct 2014).',
    model: 'subcontract', startDate: '2011-04-01', endDate: '2014-03-31', signedValuePence: 795_000_00, status: 'live',
    parties: [cc('RRU'), pr('ZAMBL')], serviceCodes: ['AMBULANCE'],
    variations: [
      { effectiveDate: '2013-04-01', rationale: 'Spend grew tenfold to £8.84m in 2013 as the service lost staff', valueChangePence: 884_000_000 - 79_500_000 },
    ],
  },
];

/**
 * The relationship's seed cases (issue 8) need these contracts too: the arms race's earlier years on
 * Western Sussex Hospitals, and a 2025/26 contract carrying the contract performance notice of Friday
 * 19 December 2025. Values illustrative.
 */
export const DEMO_RELATIONSHIP_CONTRACTS: readonly DemoContract[] = [
  {
    reference: 'WSHFT-ACUTE-2013-14', title: 'Western Sussex Hospitals acute services 2013/14',
    description: 'The trust\'s main acute contract in the first year of the "arms race" (seed 003): fines on one side, charges on the other. Value illustrative.',
    model: 'standard_activity', startDate: '2013-04-01', endDate: '2014-03-31', signedValuePence: 255 * M, status: 'live',
    parties: [cc('09G'), pr('RYR')], serviceCodes: ['ACUTE', 'TRAUMA-ORTHO', 'A-AND-E'],
  },
  {
    reference: 'WSHFT-ACUTE-2014-15', title: 'Western Sussex Hospitals acute services 2014/15',
    description: 'The second year of the arms race (seed 003): both sides\' money grows. Value illustrative.',
    model: 'standard_activity', startDate: '2014-04-01', endDate: '2015-03-31', signedValuePence: 262 * M, status: 'live',
    parties: [cc('09G'), pr('RYR')], serviceCodes: ['ACUTE', 'TRAUMA-ORTHO', 'A-AND-E'],
  },
  {
    reference: 'DEVON-ACUTE-2025-26', title: 'Royal Devon acute services 2025/26',
    description: 'NHS Devon\'s acute contract with the Royal Devon. A contract performance notice on the cancer 62-day standard was issued on Friday 19 December 2025; the contract management meeting is due within 10 operational days, on Wednesday 7 January 2026. Value and notice illustrative.',
    model: 'standard_activity', startDate: '2025-04-01', endDate: '2026-03-31', signedValuePence: 650 * M, status: 'live',
    parties: [cc('15N'), pr('RH8')], serviceCodes: ['ACUTE', 'A-AND-E'],
  },
];

/**
 * Contracts let through Concordat by a demo user (so the other party accepts or declines them): the
 * Bedfordshire MSK subcontract Circle let to Bedford Hospital, which the trust refused to sign (seed
 * 004, HSJ 7 Nov 2014). Value illustrative.
 */
export const DEMO_LET_CONTRACTS: readonly (DemoContract & { readonly letBy: string; readonly letOn: string })[] = [
  {
    reference: 'BEDS-MSK-2014-SUB-BH', parentReference: 'BEDS-MSK-2014', letBy: 'circle', letOn: '2014-04-01',
    title: 'Trauma and orthopaedic MSK subcontract offered to Bedford Hospital under the Bedfordshire MSK prime contract',
    description: 'Circle offered Bedford Hospital a subcontract under the MSK prime contract; after its MSK referrals fell about 30% the trust refused to sign without mitigation of the impact on trauma and linked services, and asked for a minimum income guarantee, which was declined. Seed: HSJ 7 Nov 2014. Reference, value and dates illustrative.',
    model: 'subcontract', startDate: '2014-04-01', endDate: '2019-03-31', signedValuePence: 35 * M,
    parties: [cc('ZCIRC'), pr('RC1')], serviceCodes: ['MSK-ELECTIVE'],
  },
];
