import type { OrganisationKind } from './organisation.ts';
import { defaultSector, isOdsCode } from './organisation.ts';
import type { Organisation } from './organisation.ts';

/**
 * NHS Digital ODS files, recognised by what they hold rather than by their name:
 *
 * - "e-files" (etr.csv NHS trusts, eccg.csv CCGs and sub-ICB locations, epraccur.csv GP practices): no
 *   heading row, quoted columns in the ODS standard layout. Files since 2021 have 27 columns; earlier
 *   ones 24 (the same first 24: the three trailing reserved columns were added later). Columns used
 *   (1-based): 1 code, 2 name, 3 national grouping (NHS England region), 4 high level health geography
 *   (ICB, earlier STP or area team), 10 postcode, 11 open date YYYYMMDD, 12 close date (blank = open),
 *   14 ODS role(s) in eccg (earlier the organisation sub-type, "C" for a CCG), 24 government office
 *   region in etr. In epraccur: 13 status (A active, C closed, D dormant, P proposed), 15 the
 *   commissioner (CCG or sub-ICB location) the practice belongs to, 26 prescribing setting (4 = GP
 *   practice; newer exports give the role, RO76). Sources: the ODS file layout as read by public
 *   analysts' code (column names "Organisation Code, Name, National Grouping, High Level Health
 *   Geography, Address Line 1-5, Postcode, Open Date, Close Date, Status Code, Organisation Sub-Type
 *   Code, Commissioner, Join/Left Provider/Purchaser Date, Contact Telephone Number, Amended Record
 *   Indicator, Provider/Purchaser, Prescribing Setting"), checked against shared/data/ods.
 * - the same data with a heading row, as data teams and the ODS Data Search and Export publish it
 *   ("Organisation Code","Name",... or "ODS Code","Organisation Name","Parent Code",...);
 * - the ONS list of ICBs (icb_names_codes.csv: ICB24CD, ICB24CDH, ICB24NM; other years' ICByyCDH too).
 *
 * Pure: rows of cell text in, organisations (or a reason per row) out.
 */
export type OdsFileKind = 'icb' | 'eccg' | 'etr' | 'epraccur';

/** Kinds in the order a directory is imported: parents before the organisations that name them. */
export const ODS_FILE_KINDS: readonly OdsFileKind[] = ['icb', 'eccg', 'etr', 'epraccur'];

export const ODS_FILE_KIND_LABELS: Readonly<Record<OdsFileKind, string>> = {
  icb: 'integrated care boards (ONS list)',
  eccg: 'CCGs, sub-ICB locations and commissioning hubs (eccg)',
  etr: 'NHS trusts (etr)',
  epraccur: 'GP practices (epraccur)',
};

type OdsField = 'code' | 'name' | 'region' | 'parent' | 'commissioner' | 'postcode' | 'openDate' | 'closeDate' | 'role' | 'status' | 'setting' | 'gor' | 'onsCode';

/** How a file is laid out, once recognised. */
export interface OdsLayout {
  readonly kind: OdsFileKind;
  readonly format: 'efile-27' | 'efile-24' | 'headed';
  /** For people: "NHS trusts (etr), 24-column e-file (before 2021)". */
  readonly description: string;
  /** Rows above the data (1 when there is a heading row). */
  readonly headerRows: number;
  /** 0-based column of each field the file has. */
  readonly columns: Readonly<Partial<Record<OdsField, number>>>;
  /** The heading (headed files) or "column N" (e-files) of each column, for row reports. */
  readonly labels: readonly string[];
  /** Columns every data row of an e-file has; null for a headed file (rows need only the columns used). */
  readonly width: number | null;
}

export interface EFileRowResult {
  readonly line: number;
  readonly organisation?: Organisation;
  readonly error?: { readonly field: string; readonly message: string };
  /** A valid row that is not an organisation the registry keeps (e.g. an out-of-hours cost centre in epraccur). */
  readonly skipped?: { readonly reason: string };
}

// ODS role codes (the ORD API's role list): commissioners, trusts, GP practices.
const ROLE_CCG = 'RO98';
const ROLE_ICB = 'RO318';
const ROLE_SUB_ICB = 'RO319';
const ROLE_HUB = 'RO218';
const ROLE_REPORTING_ENTITY = 'RO327';
const ROLE_FOUNDATION_TRUST = 'RO57';
const ROLE_NHS_TRUST = 'RO197';
const ROLE_CARE_TRUST = 'RO107';
const ROLE_GP_PRACTICE = 'RO76';
const COMMISSIONER_ROLES = new Set([ROLE_CCG, ROLE_ICB, ROLE_SUB_ICB, ROLE_HUB, ROLE_REPORTING_ENTITY]);
const TRUST_ROLES = new Set([ROLE_FOUNDATION_TRUST, ROLE_NHS_TRUST, ROLE_CARE_TRUST]);
/** epraccur prescribing setting 4 (or role RO76): a GP practice. */
const GP_SETTINGS = new Set(['4', ROLE_GP_PRACTICE]);
const SETTING_NAMES: Readonly<Record<string, string>> = {
  '0': 'other', '1': 'walk-in centre', '2': 'out of hours', '3': 'walk-in centre and out of hours', '8': 'public health service',
  '9': 'community health service', '10': 'hospital service', '11': 'optometry service', '12': 'urgent and emergency care',
  '13': 'hospice', '14': 'care home or nursing home', '15': 'border force', '16': 'young offender institution',
  '17': 'secure training centre', '18': "secure children's home", '19': 'immigration removal centre', '20': 'court',
  '21': 'police custody', '22': 'sexual assault referral centre', '24': 'other justice estate', '25': 'prison',
};

/** The ODS standard e-file positions (0-based). */
const EFILE: Readonly<Record<OdsFileKind, Partial<Record<OdsField, number>>>> = {
  etr: { code: 0, name: 1, region: 2, parent: 3, postcode: 9, openDate: 10, closeDate: 11, role: 13, gor: 23 },
  eccg: { code: 0, name: 1, region: 2, parent: 3, postcode: 9, openDate: 10, closeDate: 11, role: 13 },
  epraccur: { code: 0, name: 1, region: 2, postcode: 9, openDate: 10, closeDate: 11, status: 12, commissioner: 14, setting: 25 },
  icb: {},
};

/** Heading texts data teams use, normalised (lower case, letters and digits only). */
const HEADINGS: Readonly<Record<OdsField, readonly string[]>> = {
  code: ['organisationcode', 'orgcode', 'odscode', 'code', 'practicecode', 'trustcode', 'organisation', 'odsorganisationcode'],
  name: ['name', 'organisationname', 'orgname', 'practicename', 'trustname'],
  region: ['nationalgrouping', 'nhsenglandregion', 'nhseregion', 'regioncode', 'region'],
  parent: ['highlevelhealthgeography', 'parentorganisationcode', 'parentcode', 'parent', 'icbcode', 'stpcode'],
  commissioner: ['commissioner', 'commissionercode', 'subicblocationcode', 'subicbcode', 'ccgcode', 'sicblcode'],
  postcode: ['postcode', 'post code'],
  openDate: ['opendate', 'opened', 'operationalstartdate', 'startdate'],
  closeDate: ['closedate', 'closed', 'operationalenddate', 'enddate'],
  role: ['primaryrole', 'primaryroleid', 'role', 'rolecode', 'roles', 'organisationsubtypecode', 'organisationtype'],
  status: ['statuscode', 'status'],
  setting: ['prescribingsetting'],
  gor: ['gorcode'],
  onsCode: [],
};
const HEADING_FIELD = new Map<string, OdsField>();
for (const [field, names] of Object.entries(HEADINGS) as [OdsField, readonly string[]][]) for (const n of names) HEADING_FIELD.set(n, field);
const headingKey = (text: string): string => text.replace(/^\uFEFF/, '').toLowerCase().replace(/[^a-z0-9]/g, '');

const FIELD_LABELS: Readonly<Record<OdsField, string>> = {
  code: 'code', name: 'name', region: 'region', parent: 'parent', commissioner: 'commissioner', postcode: 'postcode',
  openDate: 'open date', closeDate: 'close date', role: 'role', status: 'status', setting: 'prescribing setting', gor: 'GOR code', onsCode: 'ONS code',
};

/** Why a file was not recognised. */
export class UnrecognisedOdsFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecognisedOdsFile';
  }
}

const cell = (row: readonly string[], i: number | undefined): string => (i === undefined ? '' : (row[i] ?? '').trim());

/** Scores a sample of rows for each kind: which file this is, by what the rows hold. */
function scoreKinds(rows: readonly (readonly string[])[], columns: Partial<Record<OdsField, number>>): Record<'eccg' | 'etr' | 'epraccur', number> {
  const score = { eccg: 0, etr: 0, epraccur: 0 };
  for (const row of rows.slice(0, 500)) {
    const name = cell(row, columns.name).toUpperCase();
    const roles = cell(row, columns.role).toUpperCase().split('|');
    const status = cell(row, columns.status).toUpperCase();
    const setting = cell(row, columns.setting).toUpperCase();
    const code = cell(row, columns.code).toUpperCase();
    if (['A', 'C', 'D', 'P'].includes(status) || setting !== '' || roles.includes(ROLE_GP_PRACTICE) || cell(row, columns.commissioner) !== '') score.epraccur++;
    else if (roles.some((r) => COMMISSIONER_ROLES.has(r)) || roles.includes('C') || /\bCCG\b|COMMISSIONING HUB|\bICB\b|SUB-ICB/.test(name)) score.eccg++;
    else if (roles.some((r) => TRUST_ROLES.has(r)) || /\bTRUST\b/.test(name) || /^[A-Z]$/.test(cell(row, columns.gor))) score.etr++;
    else if (/^[A-Z]\d{5}$/.test(code)) score.epraccur++;
  }
  return score;
}

function pickKind(score: Record<'eccg' | 'etr' | 'epraccur', number>, fileName: string | undefined): OdsFileKind | null {
  const ranked = (Object.entries(score) as ['eccg' | 'etr' | 'epraccur', number][]).sort((a, b) => b[1] - a[1]);
  if (ranked[0][1] > ranked[1][1]) return ranked[0][0];
  // Content cannot tell (no rows, or as many of each): the ODS file name may.
  const byName = /(^|\/)(etr|eccg|epraccur)[^/]*\.csv$/i.exec(fileName ?? '')?.[2]?.toLowerCase();
  return (byName as OdsFileKind | undefined) ?? null;
}

/**
 * Recognises an ODS file from its rows (as parsed from CSV): which organisations it holds and in
 * which layout. The file name is only a tie-breaker. Throws {@link UnrecognisedOdsFile} saying why.
 *
 * @example recogniseOdsFile([['RC1', 'BEDFORD HOSPITAL NHS TRUST', 'Y61', 'QHG', ...24 columns]]).description
 * // 'NHS trusts (etr), 24-column e-file (before 2021)'
 */
export function recogniseOdsFile(rows: readonly (readonly string[])[], fileName?: string): OdsLayout {
  const data = rows.filter((r) => r.some((c) => (c ?? '').trim() !== ''));
  if (data.length === 0) throw new UnrecognisedOdsFile('the file is empty');
  const first = data[0];
  const keys = first.map((c) => headingKey(c ?? ''));
  const headed =
    keys.some((k) => /^icb\d\dcdh$/.test(k)) ||
    (keys.some((k) => HEADING_FIELD.get(k) === 'code') && keys.some((k) => HEADING_FIELD.get(k) === 'name'));
  if (headed) {
    // The ONS ICB list: ICB24CD, ICB24CDH, ICB24NM (any year's).
    const onsCode = keys.findIndex((k) => /^icb\d\dcdh$/.test(k));
    const onsName = keys.findIndex((k) => /^icb\d\dnm$/.test(k));
    if (onsCode >= 0 && onsName >= 0) {
      return {
        kind: 'icb', format: 'headed', description: ODS_FILE_KIND_LABELS.icb, headerRows: rowIndex(rows, first) + 1,
        columns: { code: onsCode, name: onsName, onsCode: keys.findIndex((k) => /^icb\d\dcd$/.test(k)) },
        labels: first.map((c) => (c ?? '').trim()), width: null,
      };
    }
    const columns: Partial<Record<OdsField, number>> = {};
    keys.forEach((k, i) => {
      const field = HEADING_FIELD.get(k);
      if (field && columns[field] === undefined) columns[field] = i;
    });
    const kind = pickKind(scoreKinds(data.slice(1), columns), fileName);
    if (!kind) throw new UnrecognisedOdsFile('a heading row was found, but not whether the rows are trusts, commissioners or GP practices');
    return {
      kind, format: 'headed', description: `${ODS_FILE_KIND_LABELS[kind]}, with a heading row`, headerRows: rowIndex(rows, first) + 1,
      columns, labels: first.map((c) => (c ?? '').trim()), width: null,
    };
  }
  // An e-file: the width most rows have.
  const widths = new Map<number, number>();
  for (const r of data.slice(0, 500)) widths.set(r.length, (widths.get(r.length) ?? 0) + 1);
  const width = [...widths.entries()].sort((a, b) => b[1] - a[1])[0][0];
  if (width !== 24 && width !== 27) {
    throw new UnrecognisedOdsFile(`not an ODS file: no heading row with code and name columns, and most rows have ${width} columns where an ODS e-file has 27 (24 before 2021)`);
  }
  const scored = scoreKinds(data, { ...EFILE.epraccur, role: 13, gor: 23, setting: width > 25 ? 25 : undefined });
  const kind = pickKind(scored, fileName);
  if (!kind) throw new UnrecognisedOdsFile('an ODS e-file, but not whether its rows are trusts, commissioners or GP practices');
  const columns = { ...EFILE[kind] };
  if (columns.setting !== undefined && columns.setting >= width) delete columns.setting;
  return {
    kind,
    format: width === 27 ? 'efile-27' : 'efile-24',
    description: `${ODS_FILE_KIND_LABELS[kind]}, ${width}-column e-file${width === 24 ? ' (before 2021)' : ''}`,
    headerRows: 0,
    columns,
    labels: Array.from({ length: width }, (_, i) => `column ${i + 1}`),
    width,
  };
}

function rowIndex(rows: readonly (readonly string[])[], row: readonly string[]): number {
  return rows.indexOf(row);
}

/** YYYYMMDD (e-files); headed files also say YYYY-MM-DD or DD/MM/YYYY. Null for blank, undefined for bad. */
function odsDate(value: string, strict: boolean): string | null | undefined {
  if (value === '') return null;
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  let iso = m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
  if (!iso && !strict) {
    m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) ?? null;
    if (m) iso = `${m[1]}-${m[2]}-${m[3]}`;
    else {
      m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
      if (m) iso = `${m[3]}-${m[2]}-${m[1]}`;
    }
  }
  if (!iso) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function commissionerKind(name: string, roles: readonly string[]): OrganisationKind {
  if (roles.includes(ROLE_ICB)) return 'icb';
  if (roles.includes(ROLE_SUB_ICB)) return 'sub_icb_location';
  if (roles.includes(ROLE_HUB) || /COMMISSIONING HUB/i.test(name)) return 'commissioning_hub';
  if (roles.includes(ROLE_REPORTING_ENTITY)) return 'sub_icb_location';
  return 'ccg';
}

function trustKind(name: string, roles: readonly string[]): OrganisationKind {
  return roles.includes(ROLE_FOUNDATION_TRUST) || /FOUNDATION TRUST/i.test(name) ? 'foundation_trust' : 'nhs_trust';
}

/**
 * Maps one row of a recognised file to an organisation, says which field is wrong, or says why a
 * valid row is not kept (a prescribing cost centre that is not a GP practice).
 *
 * @example mapOdsRow(layout, 3, ['RD8', 'MILTON KEYNES UNIVERSITY HOSPITAL NHS FOUNDATION TRUST', 'Y61', 'QHG', ...])
 */
export function mapOdsRow(layout: OdsLayout, line: number, cols: readonly string[]): EFileRowResult {
  const c = layout.columns;
  const label = (field: OdsField): string => `${FIELD_LABELS[field]} (${layout.format === 'headed' ? `"${layout.labels[c[field]!]}"` : `column ${c[field]! + 1}`})`;
  if (layout.width !== null && cols.length !== layout.width) {
    return { line, error: { field: 'row', message: `expected ${layout.width} columns, found ${cols.length}` } };
  }
  if (layout.kind === 'icb') return mapIcbRow(line, { ICB24CDH: cell(cols, c.code), ICB24NM: cell(cols, c.name), ICB24CD: cell(cols, c.onsCode) });
  const code = cell(cols, c.code).toUpperCase();
  const name = cell(cols, c.name);
  if (!isOdsCode(code)) return { line, error: { field: label('code'), message: `"${cell(cols, c.code)}" is not an ODS code` } };
  if (name === '') return { line, error: { field: label('name'), message: 'is empty' } };
  const strict = layout.format !== 'headed';
  const openDate = odsDate(cell(cols, c.openDate), strict);
  if (openDate === undefined) return { line, error: { field: label('openDate'), message: `"${cell(cols, c.openDate)}" is not a ${strict ? 'YYYYMMDD' : 'YYYYMMDD, YYYY-MM-DD or DD/MM/YYYY'} date` } };
  const closeDate = odsDate(cell(cols, c.closeDate), strict);
  if (closeDate === undefined) return { line, error: { field: label('closeDate'), message: `"${cell(cols, c.closeDate)}" is not a ${strict ? 'YYYYMMDD' : 'YYYYMMDD, YYYY-MM-DD or DD/MM/YYYY'} date` } };
  if (openDate && closeDate && closeDate < openDate) return { line, error: { field: label('closeDate'), message: 'is before the open date' } };
  const roles = cell(cols, c.role).toUpperCase().split('|');
  let kind: OrganisationKind;
  let parent: string;
  if (layout.kind === 'epraccur') {
    const setting = cell(cols, c.setting).toUpperCase();
    if (setting !== '' && !GP_SETTINGS.has(setting)) {
      return { line, skipped: { reason: `prescribing setting ${setting}${SETTING_NAMES[setting] ? ` (${SETTING_NAMES[setting]})` : ''}: not a GP practice` } };
    }
    kind = 'gp_practice';
    // The practice's commissioner (CCG, now sub-ICB location) is its parent in the registry.
    parent = cell(cols, c.commissioner).toUpperCase();
  } else {
    kind = layout.kind === 'etr' ? trustKind(name, roles) : commissionerKind(name, roles);
    parent = cell(cols, c.parent).toUpperCase();
  }
  return {
    line,
    organisation: {
      code,
      name: titleCase(name),
      kind,
      sector: defaultSector(kind),
      parentCode: isOdsCode(parent) && parent !== code ? parent : null,
      regionCode: cell(cols, c.region) || null,
      postcode: cell(cols, c.postcode) || null,
      openDate,
      closeDate,
      source: 'ods',
      odsVerified: true,
      note: null,
    },
  };
}

const SMALL_WORDS = new Set(['and', 'of', 'the', 'for', 'on', 'upon', 'in', 'with']);
const KEEP_UPPER = new Set(['NHS', 'CCG', 'ICB', 'UK', 'H&J', 'ICS', 'GP']);

/** ODS names are upper case; people read "Bedford Hospital NHS Trust" more easily. */
export function titleCase(name: string): string {
  if (/[a-z]/.test(name)) return name; // already mixed case (a data team's export): leave it as written
  return name
    .split(/(\s+|-)/)
    .map((word, i) => {
      if (/^\s+$|^-$/.test(word) || word === '') return word;
      if (KEEP_UPPER.has(word)) return word;
      if (/^[A-Z0-9]*\d[A-Z0-9]*$/.test(word)) return word; // codes such as 04Y, D2P2L
      const lower = word.toLowerCase();
      if (i > 0 && SMALL_WORDS.has(lower)) return lower;
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join('');
}

/** The ONS-coded ICB list (icb_names_codes.csv, with a header row): ODS code in column ICB24CDH. */
export function mapIcbRow(line: number, row: Record<string, string>): EFileRowResult {
  const code = (row.ICB24CDH ?? '').trim();
  const name = (row.ICB24NM ?? '').trim();
  if (!isOdsCode(code)) return { line, error: { field: 'ICB24CDH', message: `"${code}" is not an ODS code` } };
  if (!name) return { line, error: { field: 'ICB24NM', message: 'is empty' } };
  return {
    line,
    organisation: {
      code, name, kind: 'icb', sector: 'nhs', parentCode: null, regionCode: null, postcode: null,
      openDate: '2022-07-01', closeDate: null, source: 'ods', odsVerified: true, note: `ONS code ${row.ICB24CD ?? ''}`.trim(),
    },
  };
}
