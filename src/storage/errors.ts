import { ConcordatError } from '../domain/errors.ts';

/**
 * Database errors as outcomes, in one place: every query from every repository goes through the
 * connection wrapper in db.ts that calls this, so a unique violation is a conflict (409) and a bad
 * value an invalid input (400), never a 500. Unknown errors pass through unchanged (and are 500s).
 *
 * PostgreSQL and PGlite both report SQLSTATE codes in `code`, the constraint in `constraint`.
 */
const UNIQUE_MESSAGES: Record<string, string> = {
  contracts_reference_key: 'a contract with this reference already exists',
  contract_variations_seq: 'another variation of this contract was being recorded at the same moment; try again',
  activity_submissions_current: 'another submission for this contract and period was being recorded at the same moment; try again',
  activity_submissions_one_successor: 'another submission for this contract was being recorded at the same moment; try again',
  ledger_entries_scope_seq: 'another change to this contract was being recorded at the same moment; try again',
  users_username_key: 'that user name is already taken',
  contract_acceptances_once: 'your organisation has already decided on this contract',
  variation_decisions_pkey: 'this proposed variation has already been decided',
  contract_management_terms_version: 'the management terms of this contract were being changed at the same moment; try again',
  performance_returns_current: 'another return for this contract, month and indicator was being recorded at the same moment; try again',
  notice_events_order: 'a notice with this id already exists, or another step on it was being recorded at the same moment',
  gc14_events_order: 'a dispute with this id already exists, or another step on it was being recorded at the same moment',
  contract_setting_events_order: 'a dispute with this id already exists, or another step on it was being recorded at the same moment',
  relationship_money_entries_current: 'an entry with this reference already exists; to correct it, say which entry it corrects',
  // Procurement in the open (migration 0005).
  procurements_pkey: 'a procurement with this id already exists',
  procurements_reference_key: 'a procurement with this reference already exists',
  procurement_events_pk: 'another step on this procurement was being recorded at the same moment; try again',
  scheme_events_pk: 'another step on this scheme was being recorded at the same moment; try again',
  schemes_pkey: 'a scheme with this id already exists',
  ocds_releases_pkey: 'this OCDS release was already published',
};

interface DriverError {
  readonly code?: string;
  readonly constraint?: string;
  readonly column?: string;
  readonly message?: string;
}

export function mapDatabaseError(e: unknown): unknown {
  if (e instanceof ConcordatError || e === null || typeof e !== 'object') return e;
  const d = e as DriverError;
  const code = typeof d.code === 'string' ? d.code : '';
  if (!/^[0-9A-Z]{5}$/.test(code)) return e;
  const what = d.constraint ? ` (${d.constraint})` : '';
  const invalid = (field: string, message: string) => new ConcordatError('invalid', `${field}: ${message}`, [{ path: [field], message }], { cause: e });
  switch (code) {
    case '23505':
      return new ConcordatError('conflict', UNIQUE_MESSAGES[d.constraint ?? ''] ?? `this would duplicate a record that already exists${what}`, [], { cause: e });
    case '23503':
      return invalid(d.constraint ?? 'reference', 'refers to something that does not exist');
    case '23514':
      return invalid(d.constraint ?? 'value', 'is not allowed by the rules for this record');
    case '23502':
      return invalid(d.column ?? 'value', 'is required');
    case '22001':
      return invalid(d.column ?? 'text', 'is too long');
    case '22003':
      return invalid(d.column ?? 'number', 'is out of range');
    case '22007':
    case '22008':
      return invalid(d.column ?? 'date', 'is not a date the database can hold');
    case '22P02':
      return invalid(d.column ?? 'value', 'is not in the expected form');
    case '22021':
    case '22P05':
    case '22019':
    case '22025':
      return invalid(d.column ?? 'text', 'contains a character that cannot be stored (such as a NUL byte)');
    case '54000':
      return invalid(d.column ?? 'value', 'is too large to store');
    case 'P0001':
      // Raised by the append-only triggers: history cannot be rewritten.
      return new ConcordatError('conflict', d.message ?? 'this record cannot be changed', [], { cause: e });
    case '40001':
    case '40P01':
    case '55P03':
      return new ConcordatError('conflict', 'the database was busy with a conflicting change; try again', [], { cause: e });
    default:
      return e;
  }
}
