import { invalid } from '../errors.ts';

/** What an organisation is, in the vocabulary of the NHS in England. */
export const ORGANISATION_KINDS = [
  'icb',
  'sub_icb_location',
  'ccg',
  'nhs_england',
  'nhs_england_region',
  'commissioning_hub',
  'local_authority',
  'nhs_trust',
  'foundation_trust',
  'independent_provider',
  'voluntary_provider',
  'gp_practice',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const SECTORS = ['nhs', 'independent', 'voluntary', 'local_government'] as const;
export type Sector = (typeof SECTORS)[number];

export const KIND_LABELS: Record<OrganisationKind, string> = {
  icb: 'Integrated care board',
  sub_icb_location: 'Sub-ICB location',
  ccg: 'Clinical commissioning group',
  nhs_england: 'NHS England',
  nhs_england_region: 'NHS England region',
  commissioning_hub: 'NHS England commissioning hub',
  local_authority: 'Local authority',
  nhs_trust: 'NHS trust',
  foundation_trust: 'NHS foundation trust',
  independent_provider: 'Independent provider',
  voluntary_provider: 'Voluntary provider',
  gp_practice: 'GP practice',
};

const COMMISSIONER_KINDS: ReadonlySet<OrganisationKind> = new Set([
  'icb', 'sub_icb_location', 'ccg', 'nhs_england', 'nhs_england_region', 'commissioning_hub', 'local_authority',
]);

/** Commissioners buy care; everyone else provides it. */
/** The kinds of organisation that commission care (the rest provide it). */
export function commissionerKinds(): OrganisationKind[] {
  return [...COMMISSIONER_KINDS];
}

export function isCommissionerKind(kind: OrganisationKind): boolean {
  return COMMISSIONER_KINDS.has(kind);
}

/** The sector an organisation of this kind normally sits in. */
export function defaultSector(kind: OrganisationKind): Sector {
  switch (kind) {
    case 'local_authority':
      return 'local_government';
    case 'independent_provider':
      return 'independent';
    case 'voluntary_provider':
      return 'voluntary';
    case 'gp_practice':
      return 'independent'; // GP partnerships are independent contractors to the NHS.
    default:
      return 'nhs';
  }
}

/**
 * ODS codes are 3 to 6 upper-case letters and digits (trusts "RC1", CCGs "06F", ICBs "QHG",
 * practices "A81001", sub-ICB locations "D2P2L"); local authorities are keyed by their 9-character
 * ONS code ("E06000055"), which the registry accepts in the same field.
 */
export const ODS_CODE_PATTERN = /^(?:[A-Z0-9]{3,6}|[EW]\d{8})$/;

export function isOdsCode(code: string): boolean {
  return ODS_CODE_PATTERN.test(code);
}

/** Throws an invalid-input error naming `field` unless `code` is an ODS (or ONS local authority) code. */
export function assertOdsCode(code: string, field: string | readonly (string | number)[]): void {
  if (!isOdsCode(code)) {
    throw invalid(field, `"${code}" is not an ODS code (3-6 capital letters or digits, e.g. RC1, 06F, QHG)`);
  }
}

export interface Organisation {
  readonly code: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  readonly sector: Sector;
  readonly parentCode: string | null;
  readonly regionCode: string | null;
  readonly postcode: string | null;
  readonly openDate: string | null;
  readonly closeDate: string | null;
  /** Where the record came from: 'ods' (an NHS Digital e-file), 'demo', or 'manual'. */
  readonly source: string;
  /** False for codes the demo made up where ODS has none we could verify. */
  readonly odsVerified: boolean;
  readonly note: string | null;
}

export interface SuccessorLink {
  readonly predecessorCode: string;
  readonly successorCode: string;
  readonly effectiveDate: string;
  readonly reason: 'merger' | 'acquisition' | 'dissolution' | 'reorganisation';
}

/** Open on `date` (ISO): opened on or before it and not yet closed. */
export function isOpenOn(org: Pick<Organisation, 'openDate' | 'closeDate'>, date: string): boolean {
  if (org.openDate && org.openDate > date) return false;
  if (org.closeDate && org.closeDate < date) return false;
  return true;
}
