/**
 * Stored economies (impact, C8): the economies themselves, their versions, the figures entered on
 * top, scenarios, their runs and the links from decisions to runs. Plain reads and writes; who may
 * see or change what is decided in src/app (Scope.economy, Scope.scenario).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database>;

export type EconomySharing = 'private' | 'economy' | 'published';
export type ScenarioSharing = 'private' | 'economy';

export interface EconomyRow {
  readonly id: string;
  readonly ownerOrganisation: string;
  readonly name: string;
  readonly description: string;
  readonly sharing: EconomySharing;
  readonly createdBy: string;
  readonly createdAt: string;
}

const economyOf = (r: { id: string; owner_organisation: string; name: string; description: string; sharing: string; created_by: string; created_at: string }): EconomyRow => ({
  id: r.id, ownerOrganisation: r.owner_organisation, name: r.name, description: r.description, sharing: r.sharing as EconomySharing,
  createdBy: r.created_by, createdAt: r.created_at,
});

export async function findEconomy(db: Db, id: string): Promise<EconomyRow | undefined> {
  const r = await db.selectFrom('economies').selectAll().where('id', '=', id).executeTakeFirst();
  return r && economyOf(r);
}

/**
 * Economies an organisation may read: its own, those shared across the economy with it (it is a
 * party to a contract of one of their versions) and published ones; every economy when `all`.
 */
export async function listEconomies(db: Db, organisationCode: string | null): Promise<EconomyRow[]> {
  let q = db.selectFrom('economies').selectAll();
  if (organisationCode !== null) {
    const member = JSON.stringify([organisationCode]);
    q = q.where((eb) => eb.or([
      eb('owner_organisation', '=', organisationCode),
      eb('sharing', '=', 'published'),
      eb.and([
        eb('sharing', '=', 'economy'),
        eb.exists(eb.selectFrom('economy_versions as v').select('v.id').whereRef('v.economy_id', '=', 'economies.id')
          .where(sql<boolean>`v.organisations @> ${member}::jsonb`)),
      ]),
    ]));
  }
  return (await q.orderBy('name').orderBy('id').execute()).map(economyOf);
}

/** Whether an organisation is a party to a contract of any version of the economy. */
export async function isEconomyMember(db: Db, economyId: string, organisationCode: string): Promise<boolean> {
  const r = await db.selectFrom('economy_versions').select('id').where('economy_id', '=', economyId)
    .where(sql<boolean>`organisations @> ${JSON.stringify([organisationCode])}::jsonb`).limit(1).executeTakeFirst();
  return r !== undefined;
}

export async function insertEconomy(db: Db, e: EconomyRow): Promise<void> {
  await db.insertInto('economies').values({
    id: e.id, owner_organisation: e.ownerOrganisation, name: e.name, description: e.description, sharing: e.sharing, created_by: e.createdBy, created_at: e.createdAt,
  }).execute();
}

export async function setEconomyDetails(db: Db, id: string, details: { name: string; description: string }): Promise<void> {
  await db.updateTable('economies').set({ name: details.name, description: details.description }).where('id', '=', id).execute();
}

export async function setEconomySharing(db: Db, id: string, sharing: EconomySharing): Promise<void> {
  await db.updateTable('economies').set({ sharing }).where('id', '=', id).execute();
}

// ---- versions

export interface VersionSummaryRow {
  readonly id: string;
  readonly economyId: string;
  readonly seq: number;
  readonly asAt: string;
  readonly year: string;
  readonly inputSha256: string;
  readonly builtBy: string;
  readonly builtByOrganisation: string | null;
  readonly builtAt: string;
}

export interface VersionRow extends VersionSummaryRow {
  readonly input: unknown;
  readonly built: unknown;
  readonly warnings: unknown;
  readonly organisations: readonly string[];
}

const SUMMARY = ['id', 'economy_id', 'seq', 'as_at', 'year', 'input_sha256', 'built_by', 'built_by_organisation', 'built_at'] as const;
const summaryOf = (r: { id: string; economy_id: string; seq: number; as_at: string; year: string; input_sha256: string; built_by: string; built_by_organisation: string | null; built_at: string }): VersionSummaryRow => ({
  id: r.id, economyId: r.economy_id, seq: r.seq, asAt: r.as_at, year: r.year, inputSha256: r.input_sha256,
  builtBy: r.built_by, builtByOrganisation: r.built_by_organisation, builtAt: r.built_at,
});

/** An economy's versions, oldest first. */
export async function versionsOf(db: Db, economyId: string): Promise<VersionSummaryRow[]> {
  const rows = await db.selectFrom('economy_versions').select([...SUMMARY]).where('economy_id', '=', economyId).orderBy('seq').execute();
  return rows.map(summaryOf);
}

export async function findVersion(db: Db, economyId: string, id: string): Promise<VersionRow | undefined> {
  const r = await db.selectFrom('economy_versions').selectAll().where('economy_id', '=', economyId).where('id', '=', id).executeTakeFirst();
  return r && { ...summaryOf(r), input: r.input, built: r.built, warnings: r.warnings, organisations: r.organisations as string[] };
}

/** A version's built economy alone (what a run needs), without its stored input. */
export async function findBuilt(db: Db, economyId: string, id: string): Promise<{ summary: VersionSummaryRow; built: unknown } | undefined> {
  const r = await db.selectFrom('economy_versions').select([...SUMMARY, 'built']).where('economy_id', '=', economyId).where('id', '=', id).executeTakeFirst();
  return r && { summary: summaryOf(r), built: r.built };
}

export async function insertVersion(db: Db, v: VersionRow): Promise<void> {
  await db.insertInto('economy_versions').values({
    id: v.id, economy_id: v.economyId, seq: v.seq, as_at: v.asAt, year: v.year, input_sha256: v.inputSha256,
    input: JSON.stringify(v.input), built: JSON.stringify(v.built), warnings: JSON.stringify(v.warnings), organisations: JSON.stringify(v.organisations),
    built_by: v.builtBy, built_by_organisation: v.builtByOrganisation, built_at: v.builtAt,
  }).execute();
}

// ---- entries

export type EntryKind = 'service-lines' | 'workforce' | 'providers' | 'pathways';

export interface EntryRow {
  readonly id: string;
  readonly economyId: string;
  readonly year: string;
  readonly kind: EntryKind;
  readonly key: string;
  readonly provider: string | null;
  readonly service: string | null;
  /** The entry as the domain has it (entries.ts), without its id. */
  readonly entry: Record<string, unknown>;
  readonly illustrative: boolean;
  readonly note: string;
  readonly sourceFile: string | null;
  readonly sourceLine: number | null;
  readonly enteredBy: string;
  readonly enteredByOrganisation: string | null;
  readonly enteredAt: string;
  readonly supersededBy: string | null;
}

/** Current entries (not superseded) of an economy for a year, in order of recording. */
export async function currentEntries(db: Db, economyId: string, year: string): Promise<EntryRow[]> {
  const rows = await db.selectFrom('economy_entries').selectAll().where('economy_id', '=', economyId).where('year', '=', year)
    .where('superseded_by', 'is', null).orderBy('seq').execute();
  return rows.map((r) => ({
    id: r.id, economyId: r.economy_id, year: r.year, kind: r.kind as EntryKind, key: r.entry_key, provider: r.provider, service: r.service,
    entry: r.entry as Record<string, unknown>, illustrative: r.illustrative, note: r.note, sourceFile: r.source_file, sourceLine: r.source_line,
    enteredBy: r.entered_by, enteredByOrganisation: r.entered_by_organisation, enteredAt: r.entered_at, supersededBy: r.superseded_by,
  }));
}

/** Stores an entry, superseding the current one for the same key (if any). Returns the one superseded. */
export async function insertEntry(db: Db, e: Omit<EntryRow, 'supersededBy'>): Promise<string | null> {
  const previous = await db.selectFrom('economy_entries').select('id').where('economy_id', '=', e.economyId).where('year', '=', e.year)
    .where('kind', '=', e.kind).where('entry_key', '=', e.key).where('superseded_by', 'is', null).executeTakeFirst();
  if (previous) await db.updateTable('economy_entries').set({ superseded_by: e.id }).where('id', '=', previous.id).execute();
  await db.insertInto('economy_entries').values({
    id: e.id, economy_id: e.economyId, year: e.year, kind: e.kind, entry_key: e.key, provider: e.provider, service: e.service,
    entry: JSON.stringify(e.entry), illustrative: e.illustrative, note: e.note, source_file: e.sourceFile, source_line: e.sourceLine,
    entered_by: e.enteredBy, entered_by_organisation: e.enteredByOrganisation, entered_at: e.enteredAt,
  }).execute();
  return previous?.id ?? null;
}

/** Where entries came from (file and line, who and when), by id. */
export async function entrySources(db: Db, ids: readonly string[]): Promise<Map<string, { sourceFile: string | null; sourceLine: number | null; enteredBy: string; enteredAt: string; current: boolean }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('economy_entries').select(['id', 'source_file', 'source_line', 'entered_by', 'entered_at', 'superseded_by'])
    .where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, { sourceFile: r.source_file, sourceLine: r.source_line, enteredBy: r.entered_by, enteredAt: r.entered_at, current: r.superseded_by === null }]));
}

// ---- scenarios

export interface ScenarioRow {
  readonly id: string;
  readonly ownerOrganisation: string;
  readonly economyId: string;
  readonly name: string;
  readonly description: string;
  readonly sharing: ScenarioSharing;
  readonly scenario: Record<string, unknown>;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

const scenarioOf = (r: {
  id: string; owner_organisation: string; economy_id: string; name: string; description: string; sharing: string; scenario: unknown;
  created_by: string; created_at: string; updated_by: string; updated_at: string;
}): ScenarioRow => ({
  id: r.id, ownerOrganisation: r.owner_organisation, economyId: r.economy_id, name: r.name, description: r.description,
  sharing: r.sharing as ScenarioSharing, scenario: r.scenario as Record<string, unknown>, createdBy: r.created_by, createdAt: r.created_at,
  updatedBy: r.updated_by, updatedAt: r.updated_at,
});

export async function findScenario(db: Db, id: string): Promise<ScenarioRow | undefined> {
  const r = await db.selectFrom('scenarios').selectAll().where('id', '=', id).executeTakeFirst();
  return r && scenarioOf(r);
}

/** Scenarios on the given economies that are the organisation's own or shared (all of them when `organisationCode` is null). */
export async function listScenarios(db: Db, economyIds: readonly string[], organisationCode: string | null): Promise<ScenarioRow[]> {
  if (economyIds.length === 0) return [];
  let q = db.selectFrom('scenarios').selectAll().where('economy_id', 'in', [...economyIds]);
  if (organisationCode !== null) q = q.where((eb) => eb.or([eb('owner_organisation', '=', organisationCode), eb('sharing', '=', 'economy')]));
  return (await q.orderBy('name').orderBy('id').execute()).map(scenarioOf);
}

export async function insertScenario(db: Db, s: ScenarioRow): Promise<void> {
  await db.insertInto('scenarios').values({
    id: s.id, owner_organisation: s.ownerOrganisation, economy_id: s.economyId, name: s.name, description: s.description, sharing: s.sharing,
    scenario: JSON.stringify(s.scenario), created_by: s.createdBy, created_at: s.createdAt, updated_by: s.updatedBy, updated_at: s.updatedAt,
  }).execute();
}

export async function updateScenario(db: Db, id: string, s: Pick<ScenarioRow, 'name' | 'description' | 'sharing' | 'scenario' | 'updatedBy' | 'updatedAt'>): Promise<void> {
  await db.updateTable('scenarios').set({
    name: s.name, description: s.description, sharing: s.sharing, scenario: JSON.stringify(s.scenario), updated_by: s.updatedBy, updated_at: s.updatedAt,
  }).where('id', '=', id).execute();
}

/** Deletes a scenario; its runs must be gone (a kept run refers to it). */
export async function deleteScenario(db: Db, id: string): Promise<void> {
  await db.deleteFrom('scenarios').where('id', '=', id).execute();
}

/** How many runs of a scenario are kept. */
export async function keptRunsOf(db: Db, scenarioId: string): Promise<number> {
  const r = await db.selectFrom('scenario_runs').select((eb) => eb.fn.countAll<string>().as('n')).where('scenario_id', '=', scenarioId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

// ---- runs

export interface RunSummaryRow {
  readonly id: string;
  readonly scenarioId: string | null;
  readonly economyId: string;
  readonly versionId: string;
  readonly trials: number;
  readonly seed: number;
  readonly decision: unknown;
  readonly contractId: string | null;
  readonly runBy: string;
  readonly runByOrganisation: string;
  readonly runAt: string;
}

export interface RunRow extends RunSummaryRow {
  readonly scenario: unknown;
  readonly result: unknown;
}

const RUN_SUMMARY = ['id', 'scenario_id', 'economy_id', 'version_id', 'trials', 'seed', 'decision', 'contract_id', 'run_by', 'run_by_organisation', 'run_at'] as const;
const runSummaryOf = (r: {
  id: string; scenario_id: string | null; economy_id: string; version_id: string; trials: number; seed: number; decision: unknown;
  contract_id: string | null; run_by: string; run_by_organisation: string; run_at: string;
}): RunSummaryRow => ({
  id: r.id, scenarioId: r.scenario_id, economyId: r.economy_id, versionId: r.version_id, trials: r.trials, seed: r.seed, decision: r.decision ?? null,
  contractId: r.contract_id, runBy: r.run_by, runByOrganisation: r.run_by_organisation, runAt: r.run_at,
});

export async function insertRun(db: Db, r: RunRow): Promise<void> {
  await db.insertInto('scenario_runs').values({
    id: r.id, scenario_id: r.scenarioId, economy_id: r.economyId, version_id: r.versionId, scenario: JSON.stringify(r.scenario), trials: r.trials,
    seed: r.seed, result: JSON.stringify(r.result), decision: r.decision === null || r.decision === undefined ? null : JSON.stringify(r.decision),
    contract_id: r.contractId, run_by: r.runBy, run_by_organisation: r.runByOrganisation, run_at: r.runAt,
  }).execute();
}

export async function findRun(db: Db, id: string): Promise<RunRow | undefined> {
  const r = await db.selectFrom('scenario_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return r && { ...runSummaryOf(r), scenario: r.scenario, result: r.result };
}

export async function runsOf(db: Db, where: { scenarioId?: string; contractId?: string }): Promise<RunSummaryRow[]> {
  let q = db.selectFrom('scenario_runs').select([...RUN_SUMMARY]);
  if (where.scenarioId !== undefined) q = q.where('scenario_id', '=', where.scenarioId);
  if (where.contractId !== undefined) q = q.where('contract_id', '=', where.contractId);
  return (await q.orderBy('run_at', 'desc').orderBy('id').limit(200).execute()).map(runSummaryOf);
}

// ---- decisions and their impact

export type DecisionKind = 'variation' | 'variation_proposal' | 'procurement_award' | 'service_move';

export async function insertDecisionImpact(db: Db, d: { decisionKind: DecisionKind; decisionId: string; runId: string; contractId: string | null; linkedBy: string; linkedAt: string }): Promise<void> {
  await db.insertInto('decision_impacts').values({
    decision_kind: d.decisionKind, decision_id: d.decisionId, run_id: d.runId, contract_id: d.contractId, linked_by: d.linkedBy, linked_at: d.linkedAt,
  }).execute();
}

export async function decisionImpactsOfRuns(db: Db, runIds: readonly string[]): Promise<{ decisionKind: string; decisionId: string; runId: string }[]> {
  if (runIds.length === 0) return [];
  const rows = await db.selectFrom('decision_impacts').select(['decision_kind', 'decision_id', 'run_id']).where('run_id', 'in', [...runIds]).execute();
  return rows.map((r) => ({ decisionKind: r.decision_kind, decisionId: r.decision_id, runId: r.run_id }));
}
