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
}

export interface SessionsTable {
  token: string;
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
}

export interface AppMetaTable {
  key: string;
  value: string;
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
}
