import type { OrganisationKind } from './organisation.ts';
import { defaultSector, isOdsCode } from './organisation.ts';
import type { Organisation } from './organisation.ts';

/**
 * NHS Digital ODS "e-files" (etr.csv trusts, eccg.csv CCGs and sub-ICB locations): no header row,
 * 27 quoted columns. Columns used (1-based): 1 code, 2 name, 3 NHS England region, 4 parent (ICB)
 * code, 10 postcode, 11 open date YYYYMMDD, 12 close date (blank = open), 14 ODS role(s).
 */
export type EFileKind = 'etr' | 'eccg';

export interface EFileRowResult {
  readonly line: number;
  readonly organisation?: Organisation;
  readonly error?: { readonly field: string; readonly message: string };
}

const ROLE_SUB_ICB = 'RO319';
const ROLE_HUB = 'RO218';
const ROLE_REPORTING_ENTITY = 'RO327';

function odsDate(value: string): string | null | undefined {
  if (value === '') return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function kindOf(file: EFileKind, name: string, roles: string): OrganisationKind {
  if (file === 'etr') return /FOUNDATION TRUST/i.test(name) ? 'foundation_trust' : 'nhs_trust';
  const roleList = roles.split('|');
  if (roleList.includes(ROLE_SUB_ICB)) return 'sub_icb_location';
  if (roleList.includes(ROLE_HUB) || /COMMISSIONING HUB/i.test(name)) return 'commissioning_hub';
  if (roleList.includes(ROLE_REPORTING_ENTITY)) return 'sub_icb_location';
  return 'ccg';
}

/**
 * Maps one parsed e-file row to an organisation, or says which field is wrong.
 *
 * @example mapEFileRow('etr', 1, ['RC1', 'BEDFORD HOSPITAL NHS TRUST', 'Y61', 'QHG', ...])
 */
export function mapEFileRow(file: EFileKind, line: number, cols: readonly string[]): EFileRowResult {
  if (cols.length !== 27) {
    return { line, error: { field: 'row', message: `expected 27 columns, found ${cols.length}` } };
  }
  const code = cols[0].trim();
  const name = cols[1].trim();
  if (!isOdsCode(code)) return { line, error: { field: 'code (column 1)', message: `"${code}" is not an ODS code` } };
  if (name === '') return { line, error: { field: 'name (column 2)', message: 'is empty' } };
  const openDate = odsDate(cols[10].trim());
  if (openDate === undefined) return { line, error: { field: 'open date (column 11)', message: `"${cols[10]}" is not a YYYYMMDD date` } };
  const closeDate = odsDate(cols[11].trim());
  if (closeDate === undefined) return { line, error: { field: 'close date (column 12)', message: `"${cols[11]}" is not a YYYYMMDD date` } };
  if (openDate && closeDate && closeDate < openDate) {
    return { line, error: { field: 'close date (column 12)', message: 'is before the open date' } };
  }
  const parent = cols[3].trim();
  const kind = kindOf(file, name, cols[13].trim());
  return {
    line,
    organisation: {
      code,
      name: titleCase(name),
      kind,
      sector: defaultSector(kind),
      parentCode: isOdsCode(parent) ? parent : null,
      regionCode: cols[2].trim() || null,
      postcode: cols[9].trim() || null,
      openDate,
      closeDate,
      source: 'ods',
      odsVerified: true,
      note: null,
    },
  };
}

const SMALL_WORDS = new Set(['and', 'of', 'the', 'for', 'on', 'upon', 'in', 'with']);
const KEEP_UPPER = new Set(['NHS', 'CCG', 'ICB', 'UK', 'H&J', 'ICS']);

/** ODS names are upper case; people read "Bedford Hospital NHS Trust" more easily. */
export function titleCase(name: string): string {
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
