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
  /** An organisation user administrator: creates and lists its own organisation's users. */
  managesUsers: boolean;
}

/** The signed-in user with what to offer it (each action is decided again by the API when taken). */
export interface Account extends User {
  youMay: { letContracts: boolean; letSubcontracts: boolean; manageUsers: boolean; manageEveryOrganisationsUsers: boolean };
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
  /** Null when there is no parent code, or the code is not in the registry. */
  parent: Organisation | null;
  /** The region, when its code is in the registry. */
  region: Organisation | null;
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
  /** The procurement whose award created this contract, if one did. */
  procurement?: { id: string; reference: string; ocid: string; awardedOn: string } | null;
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
  /** requested: the date asked for; most_live: none asked, the date most contracts are live; today: none live on any. */
  asAtChosen: 'requested' | 'most_live' | 'today';
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
  /** Who submitted it: "name (organisation code)". */
  submittedByName: string;
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
  expectedAnnualValuePence: number | null;
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
  me: () => request<Account>('GET', '/session/me', { quiet401: true }),
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

  organisations: (q: { kind?: string; sector?: string; search?: string; openOn?: string; parent?: string; side?: 'commissioner' | 'provider'; limit?: number; offset?: number } = {}) =>
    request<Page<Organisation & { parentName: string | null }>>('GET', '/organisations', { query: q }),
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
  // The user's own daily work: letting contracts, payment terms, uploads, its organisation's users.
  createContract: (c: NewContract) => request<ContractDetail>('POST', '/contracts', { body: c }),
  paymentTermsByYear: (id: string) => request<ContractPaymentTerms>('GET', `/contracts/${enc(id)}/payment-terms`),
  setPaymentTerms: (id: string, pathYear: string, body: { terms: Record<string, unknown>; expectedAnnualValuePence?: number | null; note?: string }) =>
    request<PaymentTerms>('PUT', `/contracts/${enc(id)}/payment-terms/${enc(pathYear)}`, { body }),
  uploadSubmission,
  users: () => request<ManagedUser[]>('GET', '/users'),
  createUser: (u: NewUser) => request<User>('POST', '/users', { body: u }),

  // The relationship (issue 8): the record of a pair, actions due, notices, disputes, performance, money.
  relationship: (commissioner: string, provider: string, asAt?: string) =>
    request<RelationshipView>('GET', `/relationships/${enc(commissioner)}/${enc(provider)}`, { query: { asAt } }),
  actionsDue: (asAt?: string) => request<ActionsDue>('GET', '/actions-due', { query: { asAt } }),
  notices: (q: { contract?: string; overdue?: boolean; state?: 'open' | 'closed'; asAt?: string } = {}) =>
    request<NoticeSummary[]>('GET', '/notices', { query: { ...q, overdue: q.overdue ? 'true' : undefined } }),
  notice: (id: string, asAt?: string) => request<NoticeView>('GET', `/notices/${enc(id)}`, { query: { asAt } }),
  issueNotice: (contract: string, body: { subject: string; breachKeys?: string[] }) =>
    request<NoticeView>('POST', `/contracts/${enc(contract)}/notices`, { body }),
  noticeStep: (id: string, body: Record<string, unknown>) => request<NoticeView>('POST', `/notices/${enc(id)}/steps`, { body }),
  disputes: (q: { open?: boolean; asAt?: string } = {}) =>
    request<DisputeView[]>('GET', '/disputes', { query: { asAt: q.asAt, open: q.open === undefined ? undefined : String(q.open) } }),
  dispute: (id: string, asAt?: string) => request<DisputeView>('GET', `/disputes/${enc(id)}`, { query: { asAt } }),
  raiseDispute: (contract: string, body: { subject: string; amountInDisputePence?: number }) =>
    request<DisputeView>('POST', `/contracts/${enc(contract)}/disputes`, { body }),
  disputeStep: (view: Pick<DisputeView, 'kind' | 'summary'>, body: Record<string, unknown>) =>
    request<DisputeView>('POST', `/${view.kind === 'gc14' ? 'gc14-disputes' : 'contract-setting-disputes'}/${enc(view.summary.id)}/steps`, { body }),
  openContractSetting: (commissioner: string, provider: string, body: { contractYear: string; contractReference?: string; issues: DisputeIssue[] }) =>
    request<DisputeView>('POST', `/relationships/${enc(commissioner)}/${enc(provider)}/contract-setting-disputes`, { body }),
  managementTerms: (contract: string) => request<ManagementTerms>('GET', `/contracts/${enc(contract)}/management-terms`),
  setManagementTerms: (contract: string, body: { edition?: string; indicators?: PerformanceIndicator[]; reason: string }) =>
    request<ManagementTerms>('PUT', `/contracts/${enc(contract)}/management-terms`, { body }),
  performance: (contract: string) => request<ContractPerformance>('GET', `/contracts/${enc(contract)}/performance`),
  submitReturns: (contract: string, returns: ReturnInput[]) =>
    request<{ id: string; period: string; indicatorId: string; supersedes: string | null }[]>('POST', `/contracts/${enc(contract)}/performance-returns`, { body: { returns } }),
  recordMoney: (contract: string, body: { kind: string; period: string; amountPence: number; description: string }) =>
    request<MoneyEntry>('POST', `/contracts/${enc(contract)}/money-entries`, { body }),
  // Impact: stored economies, their versions and entered figures, saved scenarios and kept runs.
  economies: () => request<EconomyView[]>('GET', '/economies'),
  economyDetail: (id: string) => request<EconomyView>('GET', `/economies/${enc(id)}`),
  createEconomy: (body: { name: string; id?: string; description?: string; sharing?: string }) => request<EconomyView>('POST', '/economies', { body }),
  editEconomy: (id: string, body: { name?: string; description?: string }) => request<EconomyView>('PUT', `/economies/${enc(id)}`, { body }),
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
  deleteScenario: (id: string) => request<{ deleted: string }>('DELETE', `/scenarios/${enc(id)}`),
  updateScenario: (id: string, body: { scenario?: unknown; sharing?: 'private' | 'economy' }) => request<SavedScenario>('PUT', `/scenarios/${enc(id)}`, { body }),
  runScenario: (id: string, options: { trials?: number; seed?: number; version?: string } = {}) =>
    request<StoredRun>('POST', `/scenarios/${enc(id)}/runs`, { body: options }),
  decisionImpact: (economy: string, decision: DecisionInput, options: { trials?: number; seed?: number; version?: string; horizonMonths?: number } = {}) =>
    request<StoredRun>('POST', `/economies/${enc(economy)}/impact`, { body: { decision, ...options } }),
  variationImpact: (contract: string, variation: NewVariation, options: { trials?: number; horizonMonths?: number } = {}) =>
    request<StoredRun>('POST', `/contracts/${enc(contract)}/impact`, { body: { variation, ...options } }),
};

// ---- The user's own daily work: letting contracts, payment terms, uploads, users ----

export interface NewContract {
  reference: string;
  title: string;
  description?: string;
  model: ContractModel;
  parentContractId?: string | null;
  startDate: string;
  endDate: string;
  signedValuePence: number;
  parties: { organisationCode: string; role: PartyRole }[];
  serviceCodes?: string[];
}

/** One scheme year of a contract's term, with its terms when set. */
export interface SchemeYearTerms {
  /** '2014/15' */
  year: string;
  /** '2014-15' (as in a path) */
  pathYear: string;
  periods: string[];
  terms: (PaymentTerms & { setByName: string }) | null;
}

export interface ContractPaymentTerms {
  contractId: string;
  reference: string;
  years: SchemeYearTerms[];
}

export interface ManagedUser {
  userId: string;
  username: string;
  displayName: string;
  organisationCode: string;
  role: Role;
  managesUsers: boolean;
}

export interface NewUser {
  username: string;
  displayName: string;
  organisationCode: string;
  role: Role;
  password: string;
  managesUsers?: boolean;
}

/** The largest file the API takes (README "Trust and integrity": uploaded files at most 20 MB). */
export const MAX_UPLOAD_BYTES = 20 << 20;

export interface Upload {
  readonly result: Promise<ActivitySubmission>;
  abort(): void;
}

/**
 * Uploads a CSV as it is (streamed by the API, never held whole) with XMLHttpRequest, which reports
 * upload progress as fetch cannot: `onProgress(sent, total)` as the bytes go.
 */
function uploadSubmission(
  id: string,
  q: { period: string; kind: 'patient_level' | 'plan'; fileName: string },
  file: Blob,
  onProgress: (sent: number, total: number) => void,
): Upload {
  const xhr = new XMLHttpRequest();
  const result = new Promise<ActivitySubmission>((resolve, reject) => {
    xhr.open('POST', `/api/contracts/${enc(id)}/submissions${queryString(q)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body !== undefined) {
        resolve(body as ActivitySubmission);
        return;
      }
      const err = (body as { error?: { kind?: ErrorKind; message?: string; issues?: Issue[] } } | undefined)?.error;
      if (xhr.status === 401) onUnauthenticated?.();
      reject(new ApiError(xhr.status, err?.kind ?? (xhr.status === 413 ? 'too_large' : 'internal'), err?.message ?? `${xhr.status} ${xhr.statusText}`, Array.isArray(err?.issues) ? err.issues : []));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload was interrupted before the server answered: check the connection and try again'));
    xhr.onabort = () => reject(new ApiError(0, 'network', 'The upload was cancelled; nothing was recorded'));
    xhr.send(file);
  });
  return { result, abort: () => xhr.abort() };
}

// --- The relationship (issue 8) ---------------------------------------------------------------------

export type Side = 'commissioner' | 'provider';

export interface DueStep {
  subject: { kind: 'contract_performance_notice' | 'gc14_dispute' | 'contract_setting_dispute'; id: string; contractReference: string | null; commissionerCode: string; providerCode: string };
  step: string;
  label: string;
  mustAct: Side | 'either';
  dueDate: string | null;
  basis: string;
  source: string;
  confidence: string;
  asAt: string;
  status: 'overdue' | 'due' | 'no_deadline';
  operationalDaysOverdue: number;
  operationalDaysLeft: number;
}

export interface TimelineEvent {
  date: string;
  kind: 'contract' | 'contract_performance_notice' | 'gc14_dispute' | 'contract_setting_dispute';
  subjectId: string;
  title: string;
  detail: string;
  amountPence?: number;
}

export interface Appointee { id: string; name: string; role: string; appointedBy: string; appointedOn: string; description?: string }
export type FeePayer = { kind: 'paid_by'; side: Side } | { kind: 'shared'; commissionerShareMicros: number } | { kind: 'regulator' };
export interface Fee { appointeeId: string; amountPence: number; description: string; recordedOn: string; payer: FeePayer }
export interface DisputeCosts {
  totalPence: number; commissionerPence: number; providerPence: number; regulatorPence: number;
  fees: (Fee & { appointee: Appointee; shares: { commissionerPence: number; providerPence: number; regulatorPence: number } })[];
}

export interface DisputeSummaryItem {
  kind: 'gc14' | 'contract_setting';
  id: string;
  contractReference: string | null;
  title: string;
  openedOn: string;
  closedOn: string | null;
  state: string;
  stateLabel: string;
  furthestStage: string;
  outcome: string | null;
  appointees: Appointee[];
  costs: DisputeCosts;
}

export interface DisputeIssue { id: string; title: string; measure: 'amount' | 'terms' }
export type Offer = { amountPence: number } | { terms: string };

export interface StepOffer { step: string; label: string; by: Side | 'either' | 'regulator'; source: string; youMay: boolean }

export interface DisputeView {
  kind: 'gc14' | 'contract_setting';
  summary: DisputeSummaryItem;
  gc14: null | {
    id: string; raisedBy: Side; raisedOn: string; subject: string; amountInDisputePence: number | null; state: string;
    stages: { stage: string; startedOn: string; endedOn: string | null }[]; appointees: Appointee[]; fees: Fee[];
    outcome: null | { on: string; how: string; atStage: string; summary: string; amountPence: number | null; inFavourOf: Side | null };
  };
  contractSetting: null | {
    id: string; contractYear: string; openedBy: Side | 'regulator'; openedOn: string; state: string; issues: DisputeIssue[];
    finalOffers: { issueId: string; side: Side; offer: Offer; submittedOn: string }[];
    determinations: { issueId: string; awardedTo: Side | 'both'; offer: Offer; reasons: string; on: string }[];
    appointees: Appointee[]; fees: Fee[]; referredToMediationOn: string | null; referredToArbitrationOn: string | null; closedOn: string | null; summary: string | null;
  };
  contract: { id: string; reference: string; title: string } | null;
  commissioner: { code: string; name: string };
  provider: { code: string; name: string };
  asAt: string;
  rules: { edition: string; rulesFrom: string; gc14: Record<string, Sourced>; contractSetting: Record<string, Sourced> };
  due: DueStep[];
  overdue: boolean;
  steps: StepOffer[];
  yourSide: Side | null;
  timeline: TimelineEvent[];
  costs: DisputeCosts;
}

export interface Sourced { value: unknown; source: string; confidence: string }

export interface Milestone { id: string; description: string; dueDate: string; achievedOn: string | null; missedOn: string | null }
export interface Withholding { period: string; amountPence: number; actualMonthlyValuePence: number; capPence: number; withheldOn: string; status: 'held' | 'repaid' | 'retained'; settledOn: string | null; settledPeriod: string | null }

export interface NoticeView {
  notice: {
    id: string; contractReference: string; commissionerCode: string; providerCode: string; edition: string; issuedBy: Side; issuedOn: string; subject: string;
    breachKeys: string[]; state: string;
    response: { accepted: boolean; on: string; reasons: string | null } | null;
    meeting: { heldOn: string; outcome: string } | null;
    immediateActionPlan: { agreedOn: string; actions: { description: string; dueDate: string }[]; completedOn: string | null } | null;
    jointInvestigation: { termsAgreedOn: string; reportDueDate: string; reportedOn: string | null } | null;
    rap: { agreedOn: string; milestones: Milestone[] } | null;
    failure: { kind: string; since: string; milestoneId: string | null } | null;
    withholdings: Withholding[];
    exceptionReports: { to: string; on: string }[];
    closedOn: string | null;
    closure: string | null;
  };
  stateLabel: string;
  contract: { id: string; reference: string; title: string };
  commissioner: { code: string; name: string };
  provider: { code: string; name: string };
  asAt: string;
  rules: { edition: string; rulesFrom: string; gc9: Record<string, Sourced>; overridden: string[] };
  due: DueStep[];
  overdue: boolean;
  steps: StepOffer[];
  yourSide: Side | null;
  events: { seq: number; type: string; on: string; by: string; recordedByOrganisation: string; recordedAt: string }[];
  timeline: TimelineEvent[];
  money: MoneyEntry[];
}

export interface NoticeSummary {
  id: string; contractReference: string; commissionerCode: string; commissionerName: string; providerCode: string; providerName: string;
  issuedBy: Side; issuedOn: string; subject: string; state: string; stateLabel: string; closedOn: string | null; due: DueStep[]; overdue: boolean;
}

export interface MoneyEntry {
  id: string; commissionerCode: string; providerCode: string; contractReference: string; period: string; kind: string; ruleId: string;
  amountPence: number; description: string; illustrative?: boolean; source?: 'typed' | 'sanction' | 'notice';
}

export interface HealthFactor { id: string; label: string; count: number; weight: number; points: number; evidence: string[] }

export interface RelationshipContractRow {
  reference: string; title: string; commissionerCode: string; providerCode: string; model: string; startDate: string; endDate: string; valuePence: number;
  status: ContractStatus; edition?: string; parentReference?: string; signatures?: { commissioner: string | null; provider: string | null };
  refusal?: { by: Side; on: string; reason: string }; illustrative?: boolean; years: string[]; agreedBy: string; unsignedBy: Side[];
}

export interface YearMoney {
  year: string;
  commissioner: { byKind: Record<string, number>; netPence: number };
  provider: { byKind: Record<string, number>; netPence: number };
  determinationsPence: number;
}

export interface RelationshipView {
  commissioner: { code: string; name: string };
  provider: { code: string; name: string };
  asAt: string;
  asAtBasis: 'requested' | 'today' | 'last activity';
  record: {
    contracts: RelationshipContractRow[];
    moneyByYear: YearMoney[];
    armsRace: { steps: { from: string; to: string; commissionerGrew: boolean; providerGrew: boolean }[]; escalating: boolean; years: number };
    notices: { open: NoticeRecordRow[]; closed: NoticeRecordRow[] };
    disputes: DisputeSummaryItem[];
    disputeCosts: { totalPence: number; commissionerPence: number; providerPence: number; regulatorPence: number };
    dueSteps: DueStep[];
    overdue: DueStep[];
    flags: { unsignedContracts: RelationshipContractRow[]; subcontractsWithoutConsent: { subcontract: RelationshipContractRow; commissionerCode: string; message: string; source: string }[] };
    health: {
      band: 'good' | 'watch' | 'strained'; score: number; factors: HealthFactor[]; thresholds: { watchAt: number; strainedAt: number };
      window: { from: string; to: string }; explanation: string; source: string;
    };
    timeline: TimelineEvent[];
  };
  money: MoneyEntry[];
  hiddenBreaches: { contractReference: string; key: string; indicator: string; period: string; reported: string; corrected: string; sanctionHiddenPence: number }[];
  youMay: { openContractSetting: boolean };
}

export interface NoticeRecordRow {
  id: string; contractReference: string; issuedBy: Side; issuedOn: string; subject: string; state: string; stateLabel: string; closedOn: string | null;
  withheldPence: number; repaidPence: number; retainedPence: number;
}

export interface ActionsDue {
  organisationCode: string;
  asAt: string;
  items: (DueStep & { ourSide: Side; counterpartyCode: string; counterpartyName: string })[];
}

export interface PerformanceIndicator {
  id: string; name: string; scope: 'national' | 'local'; measure: 'count' | 'share'; direction: 'at_least' | 'at_most'; unit: string;
  terms: { fromYear: string; threshold: number; consequence: { kind: string; amountPence?: number; rateMicros?: number }; source: string; confidence: string }[];
}

export interface ReturnRow {
  id: string; sequence: number; contractReference: string; period: string; indicatorId: string; numerator: number; denominator?: number;
  submittedOn: string; submittedBy: string; note?: string; status: 'current' | 'superseded'; supersededBy: string | null; submittedByName: string; submittedAt: string;
}

export interface Assessment {
  key: string; return: ReturnRow; indicator: PerformanceIndicator; year: string; valueText: string; met: boolean; casesBeyondThreshold: number;
  sanctionPence: number; sanctionBasis: string; terms: PerformanceIndicator['terms'][number];
}

export interface ContractPerformance {
  contract: { id: string; reference: string; title: string };
  indicators: PerformanceIndicator[];
  returns: ReturnRow[];
  assessments: Assessment[];
  breaches: Assessment[];
  hiddenBreaches: { key: string; superseded: Assessment; current: Assessment; sanctionHiddenPence: number }[];
  sanctionsPence: number;
  youMay: { submitReturns: boolean; setTerms: boolean };
}

export interface ManagementTerms {
  contractId: string; reference: string; edition: string; basis: 'recorded' | 'default'; version: number | null;
  indicators: PerformanceIndicator[];
  rules: { edition: string; rulesFrom: string; overridden: string[]; gc9: Record<string, Sourced>; gc14: Record<string, Sourced>; contractSetting: Record<string, Sourced> };
  history: { version: number; edition: string; reason: string; setByOrganisation: string; setAt: string; indicators: number }[];
  nationalStandards: PerformanceIndicator[];
  youMay: { setTerms: boolean; issueNotice: boolean; raiseDispute: boolean; recordMoney: boolean; submitReturns: boolean };
}

export interface ReturnInput { period: string; indicatorId: string; numerator: number; denominator?: number; note?: string }

// ---- Procurement in the open (issue 9): procurements, stage gates, OCDS imports, public notices ----

export type NoticeKind = 'award_direct' | 'intention_da_c' | 'intention_msp' | 'contract_notice' | 'intention_competitive' | 'award_confirmation' | 'modification' | 'abandonment';
export type PsrRoute = 'direct_award_a' | 'direct_award_b' | 'direct_award_c' | 'most_suitable_provider' | 'competitive';
export type KeyCriterion = 'quality_and_innovation' | 'value' | 'integration_collaboration_sustainability' | 'access_inequalities_choice' | 'social_value';
export const KEY_CRITERIA: readonly { criterion: KeyCriterion; label: string }[] = [
  { criterion: 'quality_and_innovation', label: 'Quality and innovation' },
  { criterion: 'value', label: 'Value' },
  { criterion: 'integration_collaboration_sustainability', label: 'Integration, collaboration and service sustainability' },
  { criterion: 'access_inequalities_choice', label: 'Improving access, reducing health inequalities and facilitating choice' },
  { criterion: 'social_value', label: 'Social value' },
];

export interface ProcurementSummary {
  id: string; reference: string; ocid: string; title: string; route: string; routeLabel: string; state: string; stateLabel: string;
  leadOrganisationCode: string; leadName: string; openedOn: string; lastStepOn: string; noticesPublished: number; named: boolean;
}

export interface NoticeContent {
  statementOfIntention?: string; title?: string; reference?: string;
  authorities?: { name: string; address: string; organisationCode?: string }[];
  provider?: { name: string; address: string; organisationCode?: string };
  services?: { description: string; cpvCode: string };
  approximateLifetimeValuePence?: number;
  contractPeriod?: { startDate: string; endDate: string };
  decisionMakers?: string[];
  reasons?: { criterion: KeyCriterion; reason: string }[];
  declaredConflicts?: { description: string; managedHow: string }[];
  framework?: { used: boolean; durationMonths?: number; users?: string[] };
  offersDueBy?: string; awardedOn?: string;
}

export interface RecordedAnswer { question: string; regulation: string; answer: boolean | null; notAsked?: string }
export interface RouteAssessment {
  assessedOn: string; permitted: PsrRoute[]; mandatory: boolean; answers: RecordedAnswer[];
  considerableChange: { met: boolean; limb: string | null; increasePence: number; tests: { name: string; passed: boolean; detail: string; source: string }[] } | null;
  explanation: string;
}
export interface RouteAnswers {
  existingProvider: boolean; onlyExistingProviderCapable?: boolean; framework: boolean; patientChoiceOffered?: boolean; providersUnrestricted?: boolean;
  offeredToAllMeetingRequirements?: boolean; expressionOfInterestArrangements?: boolean; expiringContract?: boolean;
  considerableChange?: { existingLifetimeValuePence: number; proposedLifetimeValuePence: number; authorityDriven: boolean; materiallyDifferent: boolean };
  providerSatisfying?: boolean;
}

export interface Bidder {
  organisationCode: string; name: string; address: string; eligible: boolean | null; selectionReasons: string[];
  scores: Partial<Record<KeyCriterion, number>> | null; rationale: Record<string, string> | null; weightedScore: number | null; rank: number | null; tiedWith: string[];
}

export interface Procurement {
  id: string; reference: string; ocid: string; title: string; description: string | null; route: string; routeLabel: string;
  state: string; stateLabel: string; terminal: boolean; view: 'full' | 'public'; yourRole: 'lead_commissioner' | 'joint_commissioner' | 'provider';
  authorities: { organisationCode: string; name: string; lead: boolean }[];
  services: { description: string; cpvCode: string; serviceCodes: string[] };
  approximateLifetimeValuePence: number; contractPeriod: { startDate: string; endDate: string };
  incumbent: { organisationCode: string; name: string; contractReference: string | null } | null; framework: boolean;
  routeDecision: (RouteAssessment & { route: PsrRoute; reason: string }) | null;
  decisionMakers: { name: string; role: string; organisationCode: string }[];
  conflicts: { id: string; personName: string; personRole: string; organisationCode?: string; interest: string; declaredOn: string; managedHow: string | null }[];
  keyCriteria: { weights: { criterion: KeyCriterion; label: string; weight: number }[]; scaleMax: number } | null;
  bidders: Bidder[]; offersClosedOn: string | null;
  decision: { providerCode: string; decidedOn: string; reasons: { criterion: KeyCriterion; reason: string }[]; summary?: string; tieBreak?: string } | null;
  notices: { id: string; kind: NoticeKind; label: string; schedule: string | null; publishedOn: string; content: NoticeContent }[];
  standstill: { publishedOn: string; beginsOn: string; representationsDeadline: string; earliestAwardOn: string; rule: { name: string; source: string } } | null;
  reviewWait: { decidedOn: string; waitEndsOn: string; earliestAwardOn: string; workingDays: number } | null;
  representations: { id: string; providerCode: string; receivedOn: string; grounds: string; inTime: boolean }[];
  reviews: { decidedOn: string; outcome: string; reasons: string }[];
  awards: {
    providerCode: string; awardedOn: string; valuePence: number; contractReference: string; contractPeriod: { startDate: string; endDate: string }; contract: { id: string; reference: string } | null;
    modifications: { sequence: number; effectiveDate: string; rationale: string; changePence: number; cumulativeChangePence: number; cumulativeShare: number | null; permitted: boolean; transparencyNoticeRequired: boolean; reasons: string[] }[];
  }[];
  abandonment: { on: string; reasons: string } | null;
  legacyDecision: { decision: 'roll_over' | 'tender'; decidedOn: string; reasons: string; rollOverUntil?: string; adviceConsidered?: string } | null;
  deadlines: { key: string; label: string; kind: string; due: string; met: boolean; cite: string }[];
  history: { sequence: number; type: string; label: string; on: string; by: { organisationCode: string; role: string; name?: string } }[];
  nextSteps: { event: string; label: string; cite?: string }[];
  youMay: { step: boolean; respond: boolean; decisionRecord: boolean };
  releases: { id: string; date: string; tags: string[] }[];
  doubts: string[];
}

export interface NoticeCheck {
  kind: NoticeKind; label: string; schedule: string | null; publishable: boolean;
  items: { field: string; paragraph: string; item: string; tag: string; problem: string | null }[];
}
export type NoticeDraft = NoticeCheck & { content: NoticeContent; kinds: NoticeKind[] };

export interface SchemeSummary { id: string; title: string; leadCode: string; leadName: string; state: string; stateLabel: string }
export interface Scheme extends SchemeSummary {
  gates: {
    gate: string; label: string; dueOn: string | null; submittedOn: string | null; outcome: string | null; outcomeOn: string | null; outcomeReason: string | null;
    signatories: { organisationCode: string; name: string; answer: 'signed' | 'refused' | 'awaiting'; on: string | null; by: string | null; reason: string | null }[];
  }[];
  deadlines: { key: string; label: string; due: string; met: boolean }[];
  history: { sequence: number; type: string; label: string; on: string; by: { organisationCode: string; role: string; name?: string } }[];
  nextSteps: { event: string; label: string; role: string }[];
  youMay: { lead: boolean; sign: boolean };
}

export interface PartyMatch { ocdsId: string; name: string; organisationCode: string | null; matchedBy: 'identifier' | 'name' | null }
export interface OcdsImportResult {
  importId: string; fileName: string; fileSha256: string; importedAt: string;
  counts: { imported: number; updated: number; unchanged: number; rejected: number };
  report: { index: number; releaseId: string | null; ocid: string | null; outcome: 'imported' | 'updated' | 'unchanged' | 'rejected'; reason: string | null; buyer: PartyMatch | null }[];
  changed: { ocid: string; title: string | null; buyerName: string | null; buyerCode: string | null }[];
}
export interface OcdsImport { id: string; fileName: string; fileSha256: string; importedBy: string; importedByOrganisation: string; importedAt: string; counts: Record<string, number> }
export interface ImportedProcurement {
  ocid: string; title: string | null; buyerCode: string | null; buyerName: string | null; tenderStatus: string | null; tenderValuePence: number | null;
  awardedValuePence: number | null; latestReleaseDate: string; procurementMethod: string | null; cpvCode: string | null;
  buyer: PartyMatch | null; suppliers: PartyMatch[]; noticeUrls: string[];
}
export interface PublicNotice {
  noticeId: string; procurementId: string; procurementReference: string; procurementTitle: string; ocid: string; route: string;
  kind: NoticeKind; label: string; schedule: string | null; publishedOn: string; items: { paragraph: string; label: string; text: string }[];
  representationsBy: string | null;
}
export interface Standstill { publishedOn: string; beginsOn: string; representationsDeadline: string; earliestAwardOn: string; workingDays: number; rule: string; source: string }

export const procurementApi = {
  list: () => request<ProcurementSummary[]>('GET', '/procurements'),
  get: (id: string) => request<Procurement>('GET', `/procurements/${enc(id)}`),
  open: (body: Record<string, unknown>) => request<Procurement>('POST', '/procurements', { body }),
  step: (id: string, body: Record<string, unknown>) => request<Procurement>('POST', `/procurements/${enc(id)}/steps`, { body }),
  noticeDraft: (id: string, kind?: NoticeKind) => request<NoticeDraft>('GET', `/procurements/${enc(id)}/notice-draft`, { query: { kind } }),
  noticeCheck: (id: string, kind: NoticeKind, content: NoticeContent) => request<NoticeCheck>('POST', `/procurements/${enc(id)}/notice-check`, { body: { kind, content } }),
  /** Same-origin address of the reg 24 decision record as a file. */
  decisionRecordUrl: (id: string) => `/api/procurements/${enc(id)}/decision-record?download=true`,
  assessRoute: (answers: RouteAnswers) => request<RouteAssessment>('POST', '/psr/route-assessment', { body: answers }),
  schemes: () => request<SchemeSummary[]>('GET', '/schemes'),
  scheme: (id: string) => request<Scheme>('GET', `/schemes/${enc(id)}`),
  schemeStep: (id: string, body: Record<string, unknown>) => request<Scheme>('POST', `/schemes/${enc(id)}/steps`, { body }),
  importOcds: (fileName: string, pkg: unknown) => request<OcdsImportResult>('POST', '/imports/ocds', { query: { fileName }, body: pkg }),
  imports: () => request<OcdsImport[]>('GET', '/imports/ocds'),
  imported: (q: { buyer?: string; search?: string; limit?: number; offset?: number } = {}) => request<Page<ImportedProcurement>>('GET', '/imported-procurements', { query: q }),
  /** Public (no sign-in). */
  publicNotices: (procurement?: string) => request<PublicNotice[]>('GET', '/public/notices', { query: { procurement }, quiet401: true }),
  standstill: (publishedOn: string) => request<Standstill>('GET', '/public/psr/standstill', { query: { publishedOn }, quiet401: true }),

};
