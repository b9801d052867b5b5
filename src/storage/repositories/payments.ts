import type { Kysely, Selectable } from 'kysely';
import type { ActivitySubmissionsTable, Database } from '../schema.ts';

type Db = Kysely<Database>;

export interface TariffYearRow {
  readonly year: string;
  readonly source: string;
  readonly document: unknown;
  readonly loadedBy: string;
  readonly loadedAt: string;
}

export async function findTariffYear(db: Db, year: string): Promise<TariffYearRow | undefined> {
  const r = await db.selectFrom('tariff_years').selectAll().where('year', '=', year).executeTakeFirst();
  return r && { year: r.year, source: r.source, document: r.document, loadedBy: r.loaded_by, loadedAt: r.loaded_at };
}

export async function listTariffYears(db: Db): Promise<TariffYearRow[]> {
  const rows = await db.selectFrom('tariff_years').selectAll().orderBy('year').execute();
  return rows.map((r) => ({ year: r.year, source: r.source, document: r.document, loadedBy: r.loaded_by, loadedAt: r.loaded_at }));
}

export async function upsertTariffYear(db: Db, t: { year: string; source: string; document: unknown; loadedBy: string; loadedAt: string }): Promise<void> {
  const values = { year: t.year, source: t.source, document: JSON.stringify(t.document), loaded_by: t.loadedBy, loaded_at: t.loadedAt };
  await db.insertInto('tariff_years').values(values)
    .onConflict((oc) => oc.column('year').doUpdateSet({ source: values.source, document: values.document, loaded_by: values.loaded_by, loaded_at: values.loaded_at }))
    .execute();
}

export interface PaymentTermsRow {
  readonly contractId: string;
  readonly schemeYear: string;
  readonly terms: unknown;
  readonly expectedAnnualValuePence: number | null;
  readonly note: string;
  readonly setBy: string;
  readonly setAt: string;
}

export async function findPaymentTerms(db: Db, contractId: string, year: string): Promise<PaymentTermsRow | undefined> {
  const r = await db.selectFrom('contract_payment_terms').selectAll().where('contract_id', '=', contractId).where('scheme_year', '=', year).executeTakeFirst();
  return r && {
    contractId: r.contract_id, schemeYear: r.scheme_year, terms: r.terms, expectedAnnualValuePence: r.expected_annual_value_pence,
    note: r.note, setBy: r.set_by, setAt: r.set_at,
  };
}

/** Every scheme year's terms for a contract, oldest year first. */
export async function paymentTermsOf(db: Db, contractId: string): Promise<PaymentTermsRow[]> {
  const rows = await db.selectFrom('contract_payment_terms').selectAll().where('contract_id', '=', contractId).orderBy('scheme_year').execute();
  return rows.map((r) => ({
    contractId: r.contract_id, schemeYear: r.scheme_year, terms: r.terms, expectedAnnualValuePence: r.expected_annual_value_pence,
    note: r.note, setBy: r.set_by, setAt: r.set_at,
  }));
}

export async function upsertPaymentTerms(db: Db, t: PaymentTermsRow): Promise<void> {
  const values = {
    contract_id: t.contractId, scheme_year: t.schemeYear, terms: JSON.stringify(t.terms),
    expected_annual_value_pence: t.expectedAnnualValuePence, note: t.note, set_by: t.setBy, set_at: t.setAt,
  };
  await db.insertInto('contract_payment_terms').values(values)
    .onConflict((oc) => oc.columns(['contract_id', 'scheme_year']).doUpdateSet({
      terms: values.terms, expected_annual_value_pence: values.expected_annual_value_pence, note: values.note, set_by: values.set_by, set_at: values.set_at,
    }))
    .execute();
}

export type SubmissionKind = 'patient_level' | 'plan';

export interface SubmissionRow {
  readonly id: string;
  readonly contractId: string;
  readonly period: string;
  readonly kind: SubmissionKind;
  readonly sha256: string;
  /** The submission's ledger entry chain hash (filled by the app from the ledger). */
  readonly chainSha256: string | null;
  readonly previousId: string | null;
  readonly fileName: string;
  readonly bytes: number;
  readonly rowsRead: number;
  readonly rowsPriced: number;
  readonly rowsRejected: number;
  readonly totalPence: number;
  readonly tariffYear: string | null;
  readonly submittedBy: string;
  readonly submittedByOrganisation: string | null;
  readonly submittedAt: string;
  readonly supersededBy: string | null;
  readonly rejections: unknown;
  readonly hints: unknown;
  readonly monthly: unknown;
}

function toSubmission(r: Selectable<ActivitySubmissionsTable>): SubmissionRow {
  return {
    id: r.id, contractId: r.contract_id, period: r.period, kind: r.kind as SubmissionKind, sha256: r.sha256, chainSha256: r.chain_sha256,
    previousId: r.previous_id, fileName: r.file_name, bytes: Number(r.bytes), rowsRead: r.rows_read, rowsPriced: r.rows_priced,
    rowsRejected: r.rows_rejected, totalPence: Number(r.total_pence), tariffYear: r.tariff_year, submittedBy: r.submitted_by,
    submittedByOrganisation: r.submitted_by_organisation, submittedAt: r.submitted_at, supersededBy: r.superseded_by,
    rejections: r.rejections, hints: r.hints, monthly: r.monthly,
  };
}

export async function insertSubmission(db: Db, s: Omit<SubmissionRow, 'supersededBy'>): Promise<void> {
  await db.insertInto('activity_submissions').values({
    id: s.id, contract_id: s.contractId, period: s.period, kind: s.kind, sha256: s.sha256, chain_sha256: null,
    previous_id: s.previousId, file_name: s.fileName, bytes: s.bytes, rows_read: s.rowsRead, rows_priced: s.rowsPriced,
    rows_rejected: s.rowsRejected, total_pence: s.totalPence, tariff_year: s.tariffYear, submitted_by: s.submittedBy,
    submitted_by_organisation: s.submittedByOrganisation, submitted_at: s.submittedAt, superseded_by: null,
    rejections: JSON.stringify(s.rejections), hints: JSON.stringify(s.hints), monthly: JSON.stringify(s.monthly),
  }).execute();
}

/** The current (not superseded) submission for a contract, period and kind (call under the contract's lock). */
export async function currentSubmission(db: Db, contractId: string, period: string, kind: SubmissionKind): Promise<SubmissionRow | undefined> {
  const r = await db.selectFrom('activity_submissions').selectAll()
    .where('contract_id', '=', contractId).where('period', '=', period).where('kind', '=', kind).where('superseded_by', 'is', null)
    .executeTakeFirst();
  return r && toSubmission(r);
}

/**
 * The last submission recorded for a contract (the chain's head). Call under the contract's lock
 * (Scope.write): a row lock would not stop two first submissions both finding no head.
 */
export async function chainHead(db: Db, contractId: string): Promise<SubmissionRow | undefined> {
  const r = await db.selectFrom('activity_submissions').selectAll().where('contract_id', '=', contractId)
    .orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r && toSubmission(r);
}

export async function markSuperseded(db: Db, id: string, by: string): Promise<void> {
  await db.updateTable('activity_submissions').set({ superseded_by: by }).where('id', '=', id).where('superseded_by', 'is', null).execute();
}

export async function submissionsOf(db: Db, contractId: string): Promise<SubmissionRow[]> {
  const rows = await db.selectFrom('activity_submissions').selectAll().where('contract_id', '=', contractId)
    .orderBy('period').orderBy('kind').orderBy('seq').execute();
  return rows.map(toSubmission);
}

export async function findSubmission(db: Db, contractId: string, id: string): Promise<SubmissionRow | undefined> {
  const r = await db.selectFrom('activity_submissions').selectAll().where('contract_id', '=', contractId).where('id', '=', id).executeTakeFirst();
  return r && toSubmission(r);
}

/** Current submissions of a contract in the given periods. */
export async function currentSubmissionsIn(db: Db, contractId: string, periods: readonly string[], kind: SubmissionKind): Promise<SubmissionRow[]> {
  if (periods.length === 0) return [];
  const rows = await db.selectFrom('activity_submissions').selectAll()
    .where('contract_id', '=', contractId).where('kind', '=', kind).where('period', 'in', periods).where('superseded_by', 'is', null)
    .orderBy('period').execute();
  return rows.map(toSubmission);
}

export async function insertPlanLines(
  db: Db,
  submissionId: string,
  lines: readonly { line: number; service: string; pod: string; hrg: string; period: string; activity: number; plannedPence: number }[],
): Promise<void> {
  for (let i = 0; i < lines.length; i += 500) {
    await db.insertInto('plan_lines').values(lines.slice(i, i + 500).map((l) => ({
      submission_id: submissionId, line: l.line, service: l.service, pod: l.pod, hrg: l.hrg, period: l.period,
      activity: l.activity, planned_pence: l.plannedPence,
    }))).execute();
  }
}

export async function planLinesOf(db: Db, submissionId: string) {
  return db.selectFrom('plan_lines').selectAll().where('submission_id', '=', submissionId).orderBy('line').execute();
}
