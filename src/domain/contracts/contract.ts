import type { Pence } from '../money.ts';

/** Contracting models in the seeds (DESIGN.md C2). */
export const CONTRACT_MODELS = [
  'standard_block',
  'standard_activity',
  'standard_api',
  'prime_contractor',
  'subcontract',
  'alliance',
  'integrated_care_provider',
  'outcomes_based',
  'pooled_budget',
] as const;
export type ContractModel = (typeof CONTRACT_MODELS)[number];

export const MODEL_LABELS: Record<ContractModel, string> = {
  standard_block: 'NHS Standard Contract: block',
  standard_activity: 'NHS Standard Contract: activity-based',
  standard_api: 'NHS Standard Contract: aligned payment and incentive',
  prime_contractor: 'Prime contractor',
  subcontract: 'Subcontract',
  alliance: 'Alliance',
  integrated_care_provider: 'Integrated care provider',
  outcomes_based: 'Outcomes-based',
  pooled_budget: 'Pooled budget (section 75)',
};

/** Statuses a contract is recorded with (when let, and by variations). */
export const RECORDED_STATUSES = ['draft', 'agreed', 'live', 'expired', 'terminated'] as const;
export type RecordedStatus = (typeof RECORDED_STATUSES)[number];

/**
 * Statuses a contract reads as on a date: the recorded ones, plus `not_started` for an agreed or live
 * contract before its start date. An agreed contract reads as live within its term and, like a live
 * one, as expired after it.
 */
export const CONTRACT_STATUSES = [...RECORDED_STATUSES, 'not_started'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Which lifecycle moves are allowed; a terminated or expired contract stays so. */
export const STATUS_TRANSITIONS: Record<ContractStatus, readonly RecordedStatus[]> = {
  draft: ['agreed', 'terminated'],
  agreed: ['live', 'terminated'],
  live: ['expired', 'terminated'],
  expired: [],
  terminated: [],
  not_started: [],
};

/**
 * The status a contract reads as on `date`, from its recorded status and its term.
 *
 * @example statusOn('live', '2023-04-01', '2024-03-31', '2015-06-01') // 'not_started'
 */
export function statusOn(recorded: ContractStatus, startDate: string, endDate: string, date: string): ContractStatus {
  if (recorded !== 'live' && recorded !== 'agreed') return recorded;
  if (date < startDate) return 'not_started';
  if (endDate < date) return 'expired';
  return 'live';
}

export const PARTY_ROLES = ['coordinating_commissioner', 'associate_commissioner', 'provider'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export interface ContractParty {
  readonly organisationCode: string;
  readonly role: PartyRole;
}

export interface ExtensionOption {
  /** Length of the extension in months. */
  readonly months: number;
  readonly exercised: boolean;
}

/** A contract as signed (its original terms); variations change it from their effective dates. */
export interface Contract {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly description: string;
  readonly model: ContractModel;
  readonly parentContractId: string | null;
  readonly startDate: string;
  readonly endDate: string;
  readonly extensionOptions: readonly ExtensionOption[];
  readonly signedValuePence: Pence;
  /** As recorded when let (variations may change it from their effective dates). */
  readonly status: RecordedStatus;
  readonly parties: readonly ContractParty[];
  readonly serviceCodes: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
  /**
   * The organisation that let the contract in Concordat; the other parties must accept it. Null for
   * a contract recorded by an import or the demo, whose parties are taken to have agreed it as recorded.
   */
  readonly letByOrganisation: string | null;
}

/** What a variation may change besides the value. */
export interface VariationChanges {
  readonly title?: string;
  readonly endDate?: string;
  readonly status?: RecordedStatus;
  readonly addServiceCodes?: readonly string[];
  readonly removeServiceCodes?: readonly string[];
}

/** Append-only: once recorded a variation is never edited; a correction is a further variation. */
export interface Variation {
  readonly id: string;
  readonly contractId: string;
  readonly sequence: number;
  readonly effectiveDate: string;
  readonly rationale: string;
  readonly valueChangePence: Pence;
  readonly changes: VariationChanges;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** The contract's terms on a given date: the signed terms with every variation effective by then applied. */
export interface ContractVersion {
  readonly asAt: string;
  readonly title: string;
  readonly endDate: string;
  readonly status: ContractStatus;
  readonly valuePence: Pence;
  readonly signedValuePence: Pence;
  readonly serviceCodes: readonly string[];
  /** Sequence numbers of the variations applied, in order. */
  readonly appliedVariations: readonly number[];
}

/**
 * The contract as at a date: variations whose effective date is on or before `date` apply in
 * effective-date order (ties by sequence). The signed value is always kept alongside.
 *
 * @example contractAsAt(contract, variations, '2016-04-01').valuePence
 */
export function contractAsAt(
  contract: Contract,
  variations: readonly Variation[],
  date: string,
  options: { readonly recordedStatusOnly?: boolean } = {},
): ContractVersion {
  const applicable = variations
    .filter((v) => v.contractId === contract.id && v.effectiveDate <= date)
    .sort((a, b) => (a.effectiveDate === b.effectiveDate ? a.sequence - b.sequence : a.effectiveDate < b.effectiveDate ? -1 : 1));
  let title = contract.title;
  let endDate = contract.endDate;
  let status: ContractStatus = contract.status;
  let value = contract.signedValuePence;
  const services = new Set(contract.serviceCodes);
  for (const v of applicable) {
    value += v.valueChangePence;
    if (v.changes.title) title = v.changes.title;
    if (v.changes.endDate) endDate = v.changes.endDate;
    if (v.changes.status) status = v.changes.status;
    for (const s of v.changes.addServiceCodes ?? []) services.add(s);
    for (const s of v.changes.removeServiceCodes ?? []) services.delete(s);
  }
  // A live contract past its end date has run its course, whether or not anyone recorded it; one
  // not yet started is not live yet.
  if (!options.recordedStatusOnly) status = statusOn(status, contract.startDate, endDate, date);
  return {
    asAt: date,
    title,
    endDate,
    status,
    valuePence: value,
    signedValuePence: contract.signedValuePence,
    serviceCodes: [...services].sort(),
    appliedVariations: applicable.map((v) => v.sequence),
  };
}

/** Whole months between two ISO dates' calendar months, counting both ends (Apr 2014-Mar 2019 = 60). */
export function termMonths(startDate: string, endDate: string): number {
  const [sy, sm] = startDate.split('-').map(Number);
  const [ey, em] = endDate.split('-').map(Number);
  return (ey - sy) * 12 + (em - sm) + 1;
}
