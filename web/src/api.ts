// A small typed client for the Concordat HTTP API (see /openapi.json). It knows nothing but HTTP:
// the session is the HttpOnly cookie set by POST /api/session, sent on every same-origin request.
import type {
  BuildResult, DecisionInput, EconomyView, EntryReport, SavedScenario, SimulationResult, StoredRun, VersionView,
} from './scenario-types.ts';

export type Role = 'commissioner' | 'provider' | 'system' | 'admin';
export type ContractStatus = 'draft' | 'agreed' | 'live' | 'expired' | 'terminated' | 'not_started';
export type ContractModel =
  | 'standard_block' | 'standard_activity' | 'standard_api' | 'prime_contractor' | 'subcontract'
  | 'alliance' | 'integrated_care_provider' | 'outcomes_based' | 'pooled_budget';
export type OrganisationKind =
  | 'icb' | 'sub_icb_location' | 'ccg' | 'nhs_england' | 'nhs_england_region' | 'commissioning_hub'
  | 'local_authority' | 'nhs_trust' | 'foundation_trust' | 'independent_provider' | 'voluntary_provider' | 'gp_practice';
export type Sector = 'nhs' | 'independent' | 'voluntary' | 'local_government';
export type PartyRole = 'coordinating_commissioner' | 'associate_commissioner' | 'provider';

export const CONTRACT_STATUSES: readonly ContractStatus[] = ['draft', 'agreed', 'live', 'expired', 'terminated', 'not_started'];
/** Statuses a variation may record (not_started is only ever read off the dates). */
export const RECORDED_STATUSES: readonly ContractStatus[] = ['draft', 'agreed', 'live', 'expired', 'terminated'];
export const CONTRACT_MODELS: readonly ContractModel[] = [
  'standard_block', 'standard_activity', 'standard_api', 'prime_contractor', 'subcontract',
  'alliance', 'integrated_care_provider', 'outcomes_based', 'pooled_budget',
];
export const ORGANISATION_KINDS: readonly OrganisationKind[] = [
  'icb', 'sub_icb_location', 'ccg', 'nhs_england', 'nhs_england_region', 'commissioning_hub',
  'local_authority', 'nhs_trust', 'foundation_trust', 'independent_provider', 'voluntary_provider', 'gp_practice',
];

export interface User {
  userId: string;
  username: string;
  displayName: string;
  organisationCode: string;
  role: Role;
  side: 'commissioner' | 'provider';
}

export interface Session {
  token: string;
  expiresAt: string;
  user: User;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Organisation {
  code: string;
  name: string;
  kind: OrganisationKind;
  sector: Sector;
  parentCode: string | null;
  regionCode: string | null;
  postcode: string | null;
  openDate: string | null;
  closeDate: string | null;
  source: string;
  odsVerified: boolean;
  note: string | null;
}

export interface SuccessionLink {
  predecessorCode: string;
  successorCode: string;
  effectiveDate: string;
  reason: string;
  /** Name of the organisation at the other end of the link. */
  name: string;
}

export interface OrganisationDetail {
  organisation: Organisation;
  parent: Organisation | null;
  children: Organisation[];
  predecessors: SuccessionLink[];
  successors: SuccessionLink[];
}

export interface Party {
  organisationCode: string;
  role: PartyRole;
  name: string;
  kind: string | null;
  sector: string | null;
}

export interface ContractSummary {
  id: string;
  reference: string;
  title: string;
  model: ContractModel;
  status: ContractStatus;
  startDate: string;
  endDate: string;
  signedValuePence: number;
  currentValuePence: number;
  parentContractId: string | null;
  parties: Party[];
  serviceCodes: string[];
}

export interface ContractVersion {
  asAt: string;
  title: string;
  endDate: string;
  status: ContractStatus;
  valuePence: number;
  signedValuePence: number;
  serviceCodes: string[];
  appliedVariations: number[];
}

export interface Variation {
  id: string;
  contractId: string;
  sequence: number;
  effectiveDate: string;
  rationale: string;
  valueChangePence: number;
  valueAfterPence: number;
  changes: Record<string, unknown>;
  createdAt: string;
  createdBy: string;
  createdByName: string;
}

export interface ContractDetail {
  contract: {
    id: string;
    reference: string;
    title: string;
    description: string;
    model: ContractModel;
    parentContractId: string | null;
    startDate: string;
    endDate: string;
    extensionOptions: { months: number; exercised: boolean }[];
    signedValuePence: number;
    status: ContractStatus;
    parties: Party[];
    serviceCodes: string[];
    createdAt: string;
    createdBy: string;
    createdByName: string;
    letByOrganisation: string | null;
  };
  current: ContractVersion;
  variations: Variation[];
  services: { code: string; name: string }[];
  parent: { id: string; reference: string; title: string } | null;
  subcontracts: ContractSummary[];
  acceptance: Acceptance;
  proposals: VariationProposal[];
  /** What the signed-in user may do to this contract now. */
  youMay: Record<'accept' | 'consent' | 'vary' | 'propose' | 'decide' | 'setPaymentTerms' | 'submitActivity' | 'submitPlan', boolean>;
}

export interface Acceptance {
  state: 'recorded' | 'awaiting' | 'agreed' | 'declined';
  letBy: string | null;
  parties: { organisationCode: string; name: string; role: PartyRole; decision: 'let' | 'accepted' | 'declined' | 'pending' | 'recorded'; decidedAt: string | null; note: string }[];
  subcontractConsent: { state: 'given' | 'refused' | 'not_given'; by: string | null; at: string | null; note: string } | null;
}

export interface VariationProposal {
  id: string;
  effectiveDate: string;
  rationale: string;
  valueChangePence: number;
  changes: Record<string, unknown>;
  proposedBy: string;
  proposedByOrganisation: string;
  proposedAt: string;
  state: 'proposed' | 'agreed' | 'rejected' | 'withdrawn';
  decidedByOrganisation: string | null;
  decidedAt: string | null;
  note: string;
  variationSequence: number | null;
}

export interface LedgerCheck {
  ok: boolean;
  ledgerEntries: number;
  sealedRecords: number;
  heads: Record<string, string>;
  breaks: { kind: string; contractReference: string | null; entityType: string | null; entityId: string | null; field: string | null; message: string }[];
  checkedAt: string;
}

export type ContractAsAt = ContractVersion & { id: string; reference: string };

export interface NewVariation {
  effectiveDate: string;
  rationale: string;
  valueChangePence: number;
  changes?: { status?: ContractStatus; endDate?: string; title?: string };
  /** The run "show the impact first" kept, to keep with the decision. */
  impactRunId?: string;
}

export interface Service {
  code: string;
  name: string;
  commissionedBy: string;
  description: string;
}

export interface EconomyOverview {
  asAt: string;
  contracts: number;
  valuePence: number;
  organisations: number;
  byStatus: { status: string; contracts: number; valuePence: number }[];
  byModel: { model: string; contracts: number; valuePence: number }[];
  byProviderSector: { sector: string; contracts: number; valuePence: number }[];
  relationships: {
    commissionerCode: string;
    commissionerName: string;
    providerCode: string;
    providerName: string;
    providerSector: string | null;
    contracts: number;
    valuePence: number;
    contractIds: string[];
  }[];
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: string;
  organisationCode: string | null;
  action: string;
  entityType: string;
  entityId: string;
  detail?: unknown;
}

export interface StatementLine {
  period: string;
  description: string;
  rule: { id: string; label: string; source: string };
  amountPence: number;
}

export interface YearEndReconciliation {
  year: string;
  earnedPence: number;
  paidPence: number;
  /** Earned minus paid: positive, the commissioner pays the provider; negative, the provider refunds. */
  balancePence: number;
  direction: 'commissioner_pays_provider' | 'provider_refunds_commissioner' | 'settled';
  planPence: number;
  actualPence: number;
  activityVariancePence: number;
  months: { period: string; planPence: number; actualPence: number | null; earnedPence: number; paidPence: number; cumulativeBalancePence: number }[];
}

export interface PaymentStatement {
  contract: { id: string; reference: string; title: string; model: string };
  year: string;
  period: string;
  terms: Record<string, unknown>;
  tariff: { year: string; source: string } | null;
  expectedAnnualValuePence: number;
  expectedAnnualValueBasis: string;
  statement: {
    year: string;
    model: string;
    throughPeriod: string;
    lines: StatementLine[];
    totalPence: number;
    planVsActual: { period: string; planPence: number; actualPence: number | null }[];
    notes: string[];
  };
  months: { period: string; submissionId: string; sha256: string; rowsPriced: number; rowsRejected: number; pricedPence: number }[];
  plan: { submissionId: string; sha256: string; totalPence: number } | null;
  reconciliation: YearEndReconciliation | null;
}

export interface ActivitySubmission {
  id: string;
  contractId: string;
  reference: string;
  period: string;
  kind: 'patient_level' | 'plan';
  sha256: string;
  chainSha256: string;
  previousId: string | null;
  fileName: string;
  bytes: number;
  rowsRead: number;
  rowsPriced: number;
  rowsRejected: number;
  totalPence: number;
  tariffYear: string | null;
  submittedBy: string;
  submittedByOrganisation: string | null;
  submittedAt: string;
  supersededBy: string | null;
  supersedes?: string | null;
  current: boolean;
  rejections: {
    detailed: { line: number; field: string; reason: string; message: string; value: string }[];
    byReason: Record<string, number>;
    truncated: boolean;
  };
  hints: { kind: string; message: string; count: number; firstLines: number[] }[];
}

export interface PaymentTerms {
  contractId: string;
  reference: string;
  year: string;
  terms: Record<string, unknown>;
  expectedAnnualValuePence: number;
  note?: string | null;
  setBy?: string;
  setAt?: string;
}

export interface Issue {
  path: string;
  message: string;
}

export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'too_many_requests' | 'internal' | 'network';

/** An error answer from the API ({error: {kind, message, issues}}), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: ErrorKind,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The messages for one field (issues whose path is the field or starts with it). */
  issuesFor(field: string): string[] {
    return this.issues
      .filter((i) => i.path === field || i.path.startsWith(`${field}.`) || i.path.startsWith(`${field}[`))
      .map((i) => i.message);
  }
}

type Query = Record<string, string | number | undefined | null>;

function queryString(q: Query | undefined): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Called whenever the API answers 401, so the app can send the user to sign in. */
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

async function request<T>(method: string, path: string, options: { query?: Query; body?: unknown; quiet401?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}${queryString(options.query)}`, {
      method,
      credentials: 'same-origin',
      headers: options.body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
  } catch (e) {
    throw new ApiError(0, 'network', `Could not reach the Concordat server (${e instanceof Error ? e.message : String(e)})`);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: handled below.
  }
  if (!res.ok) {
    const err = (body as { error?: { kind?: ErrorKind; message?: string; issues?: Issue[] } } | undefined)?.error;
    const apiError = new ApiError(
      res.status,
      err?.kind ?? (res.status === 404 ? 'not_found' : res.status === 401 ? 'unauthenticated' : 'internal'),
      err?.message ?? `${res.status} ${res.statusText}`,
      Array.isArray(err?.issues) ? err.issues : [],
    );
    if (res.status === 401 && !options.quiet401) onUnauthenticated?.();
    throw apiError;
  }
  if (body === undefined) throw new ApiError(res.status, 'internal', 'The server sent an answer that is not JSON');
  return body as T;
}

const enc = encodeURIComponent;

export const api = {
  signIn: (username: string, password: string) =>
    request<Session>('POST', '/session', { body: { username, password }, quiet401: true }),
  me: () => request<User>('GET', '/session/me', { quiet401: true }),
  signOut: () => request<void>('DELETE', '/session/me', { quiet401: true }),

  economy: (asAt?: string) => request<EconomyOverview>('GET', '/economy', { query: { asAt } }),

  contracts: (q: {
    commissioner?: string; provider?: string; organisation?: string; status?: string; model?: string;
    search?: string; asAt?: string; limit?: number; offset?: number;
  } = {}) => request<Page<ContractSummary>>('GET', '/contracts', { query: q }),
  contract: (idOrReference: string, asAt?: string) =>
    request<ContractDetail>('GET', `/contracts/${enc(idOrReference)}`, { query: { asAt } }),
  contractAsAt: (id: string, date: string) => request<ContractAsAt>('GET', `/contracts/${enc(id)}/as-at/${enc(date)}`),
  variations: (id: string) => request<Variation[]>('GET', `/contracts/${enc(id)}/variations`),
  appendVariation: (id: string, v: NewVariation) =>
    request<ContractDetail>('POST', `/contracts/${enc(id)}/variations`, { body: v }),
  proposeVariation: (id: string, v: NewVariation) =>
    request<ContractDetail>('POST', `/contracts/${enc(id)}/variation-proposals`, { body: v }),
  decideProposal: (id: string, proposalId: string, decision: 'agreed' | 'rejected' | 'withdrawn', note?: string) =>
    request<ContractDetail>('POST', `/contracts/${enc(id)}/variation-proposals/${enc(proposalId)}/decision`, { body: { decision, note } }),
  decideAcceptance: (id: string, decision: 'accepted' | 'declined', note?: string) =>
    request<ContractDetail>('POST', `/contracts/${enc(id)}/acceptance`, { body: { decision, note } }),
  decideConsent: (id: string, decision: 'accepted' | 'declined', note?: string) =>
    request<ContractDetail>('POST', `/contracts/${enc(id)}/subcontract-consent`, { body: { decision, note } }),
  ledger: (id: string) => request<LedgerCheck>('GET', `/contracts/${enc(id)}/ledger`),
  statement: (id: string, period: string) =>
    request<PaymentStatement>('GET', `/contracts/${enc(id)}/statements/${enc(period)}`),
  /** Same-origin address of a statement export (the session cookie goes with a plain link). */
  statementExportUrl: (id: string, period: string, format: 'csv' | 'xlsx') =>
    `/api/contracts/${enc(id)}/statements/${enc(period)}.${format}`,
  submissions: (id: string) => request<ActivitySubmission[]>('GET', `/contracts/${enc(id)}/submissions`),
  submission: (id: string, submissionId: string) =>
    request<ActivitySubmission>('GET', `/contracts/${enc(id)}/submissions/${enc(submissionId)}`),
  /** Payment terms for a scheme year written 2014-15. */
  paymentTerms: (id: string, year: string) =>
    request<PaymentTerms>('GET', `/contracts/${enc(id)}/payment-terms/${enc(year)}`),

  organisations: (q: { kind?: string; sector?: string; search?: string; openOn?: string; parent?: string; limit?: number; offset?: number } = {}) =>
    request<Page<Organisation>>('GET', '/organisations', { query: q }),
  organisation: (code: string) => request<OrganisationDetail>('GET', `/organisations/${enc(code)}`),
  services: () => request<Service[]>('GET', '/services'),
  audit: (q: { entityType?: string; entityId?: string; limit?: number; offset?: number } = {}) =>
    request<Page<AuditEntry>>('GET', '/audit', { query: q }),

  scenarios: (economy?: string) => request<SavedScenario[]>('GET', '/scenarios', { query: { economy } }),
  scenario: (id: string) => request<Record<string, unknown>>('GET', `/scenarios/${enc(id)}`),
  simulate: (scenario: unknown, options: { trials?: number; seed?: number; version?: string } = {}) =>
    request<SimulationResult>('POST', '/simulations', { body: { scenario, ...options } }),
  /** Same-origin address of the printable report of a saved scenario. */
  simulationReportUrl: (id: string, options: { trials?: number; seed?: number; version?: string } = {}) =>
    `/api/simulations/report${queryString({ scenario: id, ...options })}`,

  // Impact: stored economies, their versions and entered figures, saved scenarios and kept runs.
  economies: () => request<EconomyView[]>('GET', '/economies'),
  economyDetail: (id: string) => request<EconomyView>('GET', `/economies/${enc(id)}`),
  createEconomy: (body: { name: string; id?: string; description?: string; sharing?: string }) => request<EconomyView>('POST', '/economies', { body }),
  shareEconomy: (id: string, sharing: string) => request<EconomyView>('PUT', `/economies/${enc(id)}/sharing`, { body: { sharing } }),
  buildVersion: (id: string, asAt: string) => request<BuildResult>('POST', `/economies/${enc(id)}/versions`, { body: { asAt } }),
  economyVersion: (id: string, version: string) => request<VersionView>('GET', `/economies/${enc(id)}/versions/${enc(version)}`),
  enterRows: (id: string, year: string, table: string, rows: Record<string, string>[]) =>
    request<EntryReport>('POST', `/economies/${enc(id)}/entries`, { body: { year, table, rows } }),
  /** Uploads a filled-in template (CSV or XLSX, by its name); the report comes back whatever was rejected. */
  uploadEntries: async (id: string, year: string, file: File): Promise<EntryReport> => {
    const xlsx = file.name.toLowerCase().endsWith('.xlsx');
    let res: Response;
    try {
      res = await fetch(`/api/economies/${enc(id)}/entries/upload${queryString({ year, fileName: file.name })}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv', accept: 'application/json' },
        body: file,
      });
    } catch (e) {
      throw new ApiError(0, 'network', `Could not reach the Concordat server (${e instanceof Error ? e.message : String(e)})`);
    }
    const body = (await res.json().catch(() => undefined)) as { error?: { kind?: ErrorKind; message?: string; issues?: Issue[] } } | EntryReport | undefined;
    if (!res.ok) {
      const err = (body as { error?: { kind?: ErrorKind; message?: string; issues?: Issue[] } } | undefined)?.error;
      if (res.status === 401) onUnauthenticated?.();
      throw new ApiError(res.status, err?.kind ?? 'internal', err?.message ?? `${res.status} ${res.statusText}`, err?.issues ?? []);
    }
    return body as EntryReport;
  },
  /** Same-origin address of the cost and workforce template (pre-filled). */
  templateUrl: (id: string, format: 'csv' | 'xlsx', q: { year: string; provider?: string; table?: string }) =>
    `/api/economies/${enc(id)}/template.${format}${queryString(q)}`,
  saveScenario: (scenario: unknown, sharing: 'private' | 'economy') => request<SavedScenario>('POST', '/scenarios', { body: { scenario, sharing } }),
  updateScenario: (id: string, body: { scenario?: unknown; sharing?: 'private' | 'economy' }) => request<SavedScenario>('PUT', `/scenarios/${enc(id)}`, { body }),
  runScenario: (id: string, options: { trials?: number; seed?: number; version?: string } = {}) =>
    request<StoredRun>('POST', `/scenarios/${enc(id)}/runs`, { body: options }),
  decisionImpact: (economy: string, decision: DecisionInput, options: { trials?: number; seed?: number; version?: string; horizonMonths?: number } = {}) =>
    request<StoredRun>('POST', `/economies/${enc(economy)}/impact`, { body: { decision, ...options } }),
  variationImpact: (contract: string, variation: NewVariation, options: { trials?: number; horizonMonths?: number } = {}) =>
    request<StoredRun>('POST', `/contracts/${enc(contract)}/impact`, { body: { variation, ...options } }),
};
