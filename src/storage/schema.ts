import type { ColumnType, Generated } from 'kysely';

/** Dates are ISO 'YYYY-MM-DD' strings; timestamps ISO strings; money integer pence (bigint columns read as numbers). */
type Timestamp = ColumnType<string, string | undefined, string>;

export interface OrganisationsTable {
  code: string;
  name: string;
  kind: string;
  sector: string;
  parent_code: string | null;
  region_code: string | null;
  postcode: string | null;
  open_date: string | null;
  close_date: string | null;
  source: string;
  ods_verified: boolean;
  note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrganisationSuccessorsTable {
  predecessor_code: string;
  successor_code: string;
  effective_date: string;
  reason: string;
}

export interface ServicesTable {
  code: string;
  name: string;
  commissioned_by: string;
  description: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  organisation_code: string;
  role: string;
  password_hash: string;
  created_at: Timestamp;
  /** Creates and lists the users of its own organisation (0007_users). */
  manages_users: Generated<boolean>;
}

export interface SessionsTable {
  /** SHA-256 of the bearer token: the token itself is never stored. */
  token_sha256: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: string;
}

export interface ContractsTable {
  id: string;
  reference: string;
  title: string;
  model: string;
  parent_contract_id: string | null;
  start_date: string;
  end_date: string;
  extension_options: ColumnType<unknown, string, string>;
  signed_value_pence: number;
  status: string;
  description: string;
  created_at: Timestamp;
  created_by: string;
  /** The organisation that let the contract (null for contracts recorded before acceptance existed). */
  let_by_organisation: string | null;
}

export interface ContractPartiesTable {
  contract_id: string;
  organisation_code: string;
  role: string;
}

export interface ContractServicesTable {
  contract_id: string;
  service_code: string;
}

export interface ContractVariationsTable {
  id: string;
  contract_id: string;
  sequence: number;
  effective_date: string;
  rationale: string;
  value_change_pence: number;
  changes: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  created_by: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: string;
  organisation_code: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  detail: ColumnType<unknown, string, string>;
  /** SHA-256 over the previous record's chain hash and this record (null only before an upgrade sealed it). */
  chain_sha256: string | null;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

export interface TariffYearsTable {
  year: string;
  source: string;
  document: ColumnType<unknown, string, string>;
  loaded_by: string;
  loaded_at: Timestamp;
}

export interface ContractPaymentTermsTable {
  contract_id: string;
  scheme_year: string;
  terms: ColumnType<unknown, string, string>;
  expected_annual_value_pence: number | null;
  note: ColumnType<string, string | undefined, string>;
  set_by: string;
  set_at: Timestamp;
}

export interface ActivitySubmissionsTable {
  id: string;
  seq: Generated<number>;
  contract_id: string;
  period: string;
  kind: string;
  sha256: string;
  /** Before the ledger: a hash over the previous submission's. Now null: the ledger entry is the chain. */
  chain_sha256: string | null;
  previous_id: string | null;
  file_name: string;
  bytes: number;
  rows_read: number;
  rows_priced: number;
  rows_rejected: number;
  total_pence: number;
  tariff_year: string | null;
  submitted_by: string;
  submitted_by_organisation: string | null;
  submitted_at: Timestamp;
  superseded_by: string | null;
  rejections: ColumnType<unknown, string, string>;
  hints: ColumnType<unknown, string, string>;
  monthly: ColumnType<unknown, string, string>;
}

export interface PlanLinesTable {
  submission_id: string;
  line: number;
  service: string;
  pod: string;
  hrg: string;
  period: string;
  activity: number;
  planned_pence: number;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  scope: string;
  seq: number;
  entity_type: string;
  entity_id: string;
  content: ColumnType<unknown, string, string>;
  content_sha256: string;
  previous_sha256: string | null;
  chain_sha256: string;
  audit_id: number | null;
  recorded_at: string;
}

export interface ContractAcceptancesTable {
  id: string;
  contract_id: string;
  organisation_code: string;
  capacity: string;
  decision: string;
  note: ColumnType<string, string | undefined, string>;
  decided_by: string;
  decided_at: string;
}

export interface VariationProposalsTable {
  id: string;
  contract_id: string;
  proposal: ColumnType<unknown, string, string>;
  proposed_by: string;
  proposed_by_organisation: string;
  proposed_at: string;
}

export interface VariationDecisionsTable {
  proposal_id: string;
  decision: string;
  note: ColumnType<string, string | undefined, string>;
  variation_id: string | null;
  decided_by: string;
  decided_by_organisation: string;
  decided_at: string;
}

/** One row: the data version, bumped with every audited change (migration 0008_data_version). */
export interface DataVersionTable {
  id: number;
  version: number;
}

export interface Database {
  organisations: OrganisationsTable;
  organisation_successors: OrganisationSuccessorsTable;
  services: ServicesTable;
  users: UsersTable;
  sessions: SessionsTable;
  contracts: ContractsTable;
  contract_parties: ContractPartiesTable;
  contract_services: ContractServicesTable;
  contract_variations: ContractVariationsTable;
  audit_log: AuditLogTable;
  app_meta: AppMetaTable;
  tariff_years: TariffYearsTable;
  contract_payment_terms: ContractPaymentTermsTable;
  activity_submissions: ActivitySubmissionsTable;
  plan_lines: PlanLinesTable;
  ledger_entries: LedgerEntriesTable;
  contract_acceptances: ContractAcceptancesTable;
  variation_proposals: VariationProposalsTable;
  variation_decisions: VariationDecisionsTable;
  contract_management_terms: ContractManagementTermsTable;
  performance_returns: PerformanceReturnsTable;
  notice_events: NoticeEventsTable;
  gc14_events: Gc14EventsTable;
  contract_setting_events: ContractSettingEventsTable;
  relationship_money_entries: RelationshipMoneyEntriesTable;
  // Procurement in the open (migration 0005_procurement).
  procurements: ProcurementsTable;
  procurement_parties: ProcurementPartiesTable;
  procurement_events: ProcurementEventsTable;
  ocds_releases: OcdsReleasesTable;
  procurement_contracts: ProcurementContractsTable;
  schemes: SchemesTable;
  scheme_parties: SchemePartiesTable;
  scheme_events: SchemeEventsTable;
  ocds_imports: OcdsImportsTable;
  imported_releases: ImportedReleasesTable;
  imported_procurements: ImportedProcurementsTable;
  economies: EconomiesTable;
  economy_versions: EconomyVersionsTable;
  economy_entries: EconomyEntriesTable;
  scenarios: ScenariosTable;
  scenario_runs: ScenarioRunsTable;
  decision_impacts: DecisionImpactsTable;
  data_version: DataVersionTable;
}

// The relationship (migration 0004_relationship).

export interface ContractManagementTermsTable {
  id: string;
  contract_id: string;
  version: number;
  edition: string;
  overrides: ColumnType<unknown, string, string>;
  indicators: ColumnType<unknown, string, string>;
  reason: string;
  set_by: string;
  set_by_organisation: string;
  set_at: string;
}

export interface PerformanceReturnsTable {
  id: string;
  seq: Generated<number>;
  contract_id: string;
  period: string;
  indicator_id: string;
  numerator: number;
  denominator: number | null;
  submitted_on: string;
  submitted_by: string;
  submitted_by_organisation: string;
  submitted_at: string;
  note: ColumnType<string, string | undefined, string>;
  superseded_by: string | null;
}

interface EventLogColumns {
  id: string;
  seq: number;
  type: string;
  occurred_on: string;
  payload: ColumnType<unknown, string, string>;
  recorded_by: string;
  recorded_by_organisation: string;
  recorded_at: string;
}

export interface NoticeEventsTable extends EventLogColumns {
  notice_id: string;
  contract_id: string;
  side: string;
}

export interface Gc14EventsTable extends EventLogColumns {
  dispute_id: string;
  contract_id: string;
  side: string;
}

export interface ContractSettingEventsTable extends EventLogColumns {
  dispute_id: string;
  commissioner_code: string;
  provider_code: string;
  contract_year: string;
  contract_id: string | null;
  actor: string;
}

export interface RelationshipMoneyEntriesTable {
  id: string;
  reference: string;
  seq: Generated<number>;
  contract_id: string;
  commissioner_code: string;
  provider_code: string;
  period: string;
  kind: string;
  rule_id: string;
  amount_pence: number;
  description: string;
  origin: ColumnType<unknown, string, string>;
  illustrative: boolean;
  note: ColumnType<string, string | undefined, string>;
  recorded_by: string;
  recorded_by_organisation: string;
  recorded_at: string;
  superseded_by: string | null;
}

// ---- Procurement in the open (migration 0005_procurement) ----------------------------------------

/** What never changes about a procurement, and a cache of what its event log says now. */
export interface ProcurementsTable {
  id: string;
  reference: string;
  ocid: string;
  route: string;
  lead_organisation_code: string;
  title: string;
  state: string;
  last_sequence: number;
  opened_on: string;
  last_step_on: string;
  notices_published: ColumnType<number, number | undefined, number>;
  created_at: string;
  updated_at: string;
}

export interface ProcurementPartiesTable {
  procurement_id: string;
  organisation_code: string;
  capacity: string;
}

export interface ProcurementEventsTable {
  procurement_id: string;
  sequence: number;
  type: string;
  on_date: string;
  actor_organisation_code: string;
  actor_role: string;
  actor_name: string | null;
  user_id: string;
  payload: ColumnType<unknown, string, string>;
  recorded_at: string;
}

export interface OcdsReleasesTable {
  id: string;
  ocid: string;
  procurement_id: string;
  release_date: string;
  tags: ColumnType<unknown, string, string>;
  release: ColumnType<unknown, string, string>;
  published_at: string;
}

export interface ProcurementContractsTable {
  contract_id: string;
  procurement_id: string;
  award_sequence: number;
  provider_code: string;
  awarded_on: string;
  linked_at: string;
}

export interface SchemesTable {
  id: string;
  title: string;
  lead_organisation_code: string;
  state: string;
  last_sequence: number;
  created_at: string;
  updated_at: string;
}

export interface SchemePartiesTable {
  scheme_id: string;
  organisation_code: string;
  capacity: string;
}

export interface SchemeEventsTable {
  scheme_id: string;
  sequence: number;
  type: string;
  on_date: string;
  actor_organisation_code: string;
  actor_role: string;
  actor_name: string | null;
  user_id: string;
  payload: ColumnType<unknown, string, string>;
  recorded_at: string;
}

export interface OcdsImportsTable {
  id: string;
  file_name: string;
  file_sha256: string;
  imported_by: string;
  imported_by_organisation: string;
  imported_at: string;
  counts: ColumnType<unknown, string, string>;
  report: ColumnType<unknown, string, string>;
}

export interface ImportedReleasesTable {
  ocid: string;
  release_id: string;
  sha256: string;
  release_date: string;
  tags: ColumnType<unknown, string, string>;
  canonical: string;
  import_id: string;
  stored_at: string;
}

export interface ImportedProcurementsTable {
  ocid: string;
  title: string | null;
  buyer_code: string | null;
  buyer_name: string | null;
  tender_status: string | null;
  tender_value_pence: number | null;
  awarded_value_pence: number | null;
  latest_release_date: string;
  summary: ColumnType<unknown, string, string>;
  import_id: string;
  updated_at: string;
}

export interface EconomiesTable {
  id: string;
  owner_organisation: string;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  /** 'private' | 'economy' (shared with the organisations in it) | 'published'. */
  sharing: string;
  created_by: string;
  created_at: string;
}

export interface EconomyVersionsTable {
  id: string;
  economy_id: string;
  seq: number;
  as_at: string;
  year: string;
  input_sha256: string;
  input: ColumnType<unknown, string, string>;
  built: ColumnType<unknown, string, string>;
  warnings: ColumnType<unknown, string, string>;
  organisations: ColumnType<unknown, string, string>;
  built_by: string;
  built_by_organisation: string | null;
  built_at: string;
}

export interface EconomyEntriesTable {
  id: string;
  seq: Generated<number>;
  economy_id: string;
  year: string;
  /** 'service-lines' | 'workforce' | 'providers' | 'pathways'. */
  kind: string;
  entry_key: string;
  provider: string | null;
  service: string | null;
  entry: ColumnType<unknown, string, string>;
  illustrative: boolean;
  note: ColumnType<string, string | undefined, string>;
  source_file: string | null;
  source_line: number | null;
  entered_by: string;
  entered_by_organisation: string | null;
  entered_at: string;
  superseded_by: string | null;
}

export interface ScenariosTable {
  id: string;
  owner_organisation: string;
  economy_id: string;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  /** 'private' | 'economy' (everyone who may read its economy). */
  sharing: string;
  scenario: ColumnType<unknown, string, string>;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

export interface ScenarioRunsTable {
  id: string;
  scenario_id: string | null;
  economy_id: string;
  version_id: string;
  scenario: ColumnType<unknown, string, string>;
  trials: number;
  seed: number;
  result: ColumnType<unknown, string, string>;
  decision: ColumnType<unknown, string | null, string | null>;
  contract_id: string | null;
  run_by: string;
  run_by_organisation: string;
  run_at: string;
}

export interface DecisionImpactsTable {
  decision_kind: string;
  decision_id: string;
  run_id: string;
  contract_id: string | null;
  linked_by: string;
  linked_at: string;
}
