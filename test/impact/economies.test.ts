/**
 * Stored economies on both databases: who sees which economy (owned, shared across the economy,
 * published), entered figures that supersede and never overwrite, uploads that keep the valid rows
 * and report the rest, versions that are built only from what the owner may see, "show the impact
 * first" kept with the variation, and the tamper evidence of versions, entries and runs.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConcordatApp, type Workspace } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { parseCostWorkbook } from '../../src/domain/impact/index.ts';
import { shutdownSimulationWorkers } from '../../src/engine/simulation/pool.ts';
import type { DatabaseOptions } from '../../src/storage/db.ts';
import { DIALECTS, describeOn, dropTestSchema } from '../support/databases.ts';

for (const dialect of DIALECTS) {
  describeOn(dialect, 'stored economies', () => {
    let options: DatabaseOptions;
    let app: ConcordatApp;
    let system: Workspace;
    const as = async (username: string) => app.as((await app.signIn(username, 'concordat')).user);
    const behindTheBack = async (table: string, fn: () => Promise<unknown>) => {
      await sql`alter table ${sql.table(table)} disable trigger user`.execute(app.storage.db);
      try {
        await fn();
      } finally {
        await sql`alter table ${sql.table(table)} enable trigger user`.execute(app.storage.db);
      }
    };

    beforeAll(async () => {
      options = dialect.options();
      app = await ConcordatApp.open({ ...options, loadDemoIfEmpty: true, clock: fixedClock('2015-06-01T09:00:00Z') });
      system = app.system();
    });
    afterAll(async () => {
      await shutdownSimulationWorkers();
      await app?.close();
      await dropTestSchema(options);
    });

    it('builds a provider\'s economy from its own contracts only, private until it shares it across the economy', async () => {
      const bedford = await as('provider');
      await bedford.createEconomy({ id: 'bedford-hospital', name: 'Bedford Hospital' });
      await bedford.buildEconomyVersion('bedford-hospital', '2014-04-01');
      const v = await bedford.getEconomyVersion('bedford-hospital', {});
      // Bedford Hospital is party to its acute contract and to the MSK subcontract it declined (a draft,
      // earning nothing): Circle's prime contract is not in its economy.
      expect(v.data.contracts!.map((c) => c.reference)).toEqual(['BEDFORD-ACUTE-2014-15', 'BEDS-MSK-2014-SUB-BH']);
      expect(v.data.providers.map((p) => p.code)).toEqual(['RC1']);

      const beds = await as('commissioner');
      const sussex = await as('sussex-provider');
      await expect(beds.getEconomy('bedford-hospital')).rejects.toMatchObject({ kind: 'not_found' });
      expect((await beds.listEconomies()).map((e) => e.id)).toEqual(['demo']);
      await bedford.shareEconomy('bedford-hospital', 'economy');
      // Bedfordshire CCG is a party to the acute contract, so it now reads the economy; Sussex does not.
      expect((await beds.getEconomy('bedford-hospital')).youMay).toEqual({ build: false, enter: false, share: false, edit: false, saveScenario: true });
      await expect(beds.editEconomy('bedford-hospital', { name: 'Not ours' })).rejects.toMatchObject({ kind: 'forbidden' });
      await expect(sussex.getEconomy('bedford-hospital')).rejects.toMatchObject({ kind: 'not_found' });
      await expect(beds.buildEconomyVersion('bedford-hospital', '2014-04-01')).rejects.toMatchObject({ kind: 'forbidden' });
      await bedford.shareEconomy('bedford-hospital', 'published');
      expect((await sussex.getEconomy('bedford-hospital')).sharing).toBe('published');
      // The system reads every economy and changes none.
      expect((await (await as('system')).listEconomies()).map((e) => e.id).sort()).toEqual(['bedford-hospital', 'demo']);
      await expect((await as('system')).createEconomy({ name: 'x' })).rejects.toMatchObject({ kind: 'forbidden' });
      // The command line (the system) building Bedford Hospital's economy reads as Bedford Hospital does.
      await system.createEconomy({ id: 'rc1-by-cli', name: 'Bedford Hospital (command line)', ownerOrganisation: 'RC1' });
      await system.buildEconomyVersion('rc1-by-cli', '2014-04-01');
      expect((await system.getEconomyVersion('rc1-by-cli', {})).data.contracts!.map((c) => c.reference)).toEqual(['BEDFORD-ACUTE-2014-15', 'BEDS-MSK-2014-SUB-BH']);
    });

    it('lets the owner rename its economy, audited, keeping its id and versions; a blank name changes nothing', async () => {
      const bedford = await as('provider');
      const before = await bedford.getEconomy('bedford-hospital');
      expect(before.youMay.edit).toBe(true);
      await expect(bedford.editEconomy('bedford-hospital', { name: '  ' })).rejects.toMatchObject({ kind: 'invalid', issues: [{ path: ['name'] }] });
      await expect(bedford.editEconomy('bedford-hospital', {})).rejects.toMatchObject({ kind: 'invalid' });
      expect((await bedford.getEconomy('bedford-hospital')).name).toBe('Bedford Hospital');
      const renamed = await bedford.editEconomy('bedford-hospital', { name: ' Bedford Hospital, acute and MSK ', description: 'Before the merger' });
      expect(renamed).toMatchObject({ id: 'bedford-hospital', name: 'Bedford Hospital, acute and MSK', description: 'Before the merger' });
      expect(renamed.versions.map((v) => v.id)).toEqual(before.versions.map((v) => v.id));
      const audit = await bedford.listAudit({ entityType: 'economy', entityId: 'bedford-hospital', limit: 10 });
      expect(audit.items.find((a) => a.action === 'economy.edit')?.detail).toEqual({
        from: { name: 'Bedford Hospital', description: '' }, to: { name: 'Bedford Hospital, acute and MSK', description: 'Before the merger' },
      });
    });

    it('keeps every valid row of an upload and reports each rejected one by line and field; a correction supersedes', async () => {
      const beds = await as('commissioner');
      await beds.createEconomy({ id: 'beds', name: 'Bedfordshire' });
      await beds.buildEconomyVersion('beds', '2014-04-01');
      const csv = [
        'provider,service,variable_cost_share,fixed_cost,illustrative,note',
        'RC1,TRAUMA-ORTHO,0.25,"£5,900,000",yes,first figures',
        'RC1,TRAUMA-ORTHO,1.5,"£1,000",no,a share over 100%', // rejected: the share; and it would be a second row for the line
        'RX1,DERMATOLOGY,0.15,"£250,000",yes,not a line of this economy',
      ].join('\n');
      const r = await beds.uploadEconomyEntries('beds', { year: '2014-15', fileName: 'costs.csv', bytes: new TextEncoder().encode(csv) });
      expect(r.stored).toMatchObject([{ table: 'service-lines', key: 'RC1 TRAUMA-ORTHO', line: 2, supersedes: null }]);
      expect(r.tables[0].rejected.map((x) => [x.line, x.issues.map((i) => i.field)])).toEqual([[3, expect.arrayContaining(['variable_cost_share'])], [4, expect.arrayContaining(['provider'])]]);
      const corrected = await beds.enterEconomyRows('beds', { year: '2014/15', table: 'service-lines', rows: [{ provider: 'RC1', service: 'TRAUMA-ORTHO', variable_cost_share: '30%', fixed_cost: '£6,000,000' }] });
      expect(corrected.stored[0].supersedes).toBe(r.stored[0].id);
      const current = await beds.listEconomyEntries('beds', '2014-15');
      expect(current.map((e) => [e.key, (e.entry as { variableCostShare: number }).variableCostShare])).toEqual([['RC1 TRAUMA-ORTHO', 300_000]]);
      // The earlier row is still there, superseded, and neither can be changed or removed.
      const rows = await sql<{ id: string; superseded_by: string | null }>`select id, superseded_by from economy_entries where economy_id = 'beds' order by seq`.execute(app.storage.db);
      expect(rows.rows.map((x) => x.superseded_by)).toEqual([corrected.stored[0].id, null]);
      await expect(sql`update economy_entries set note = 'x'`.execute(app.storage.db)).rejects.toMatchObject({ kind: 'conflict' });
      await expect(sql`delete from economy_entries`.execute(app.storage.db)).rejects.toMatchObject({ kind: 'conflict' });
      // The workbook template carries the figure entered, ready to edit and upload again.
      const xlsx = await beds.costTemplate('beds', { year: '2014-15', format: 'xlsx' });
      const back = await parseCostWorkbook(xlsx.body as Uint8Array);
      expect(back.serviceLines!.accepted.find((e) => e.provider === 'RC1' && e.service === 'TRAUMA-ORTHO')).toMatchObject({ variableCostShare: 300_000, fixedCost: 600_000_000 });
      // A version built now uses it; the one before keeps what it had.
      const before = await beds.getEconomyVersion('beds', {});
      const rebuilt = await beds.buildEconomyVersion('beds', '2014-04-01');
      expect(rebuilt.created).toBe(true);
      const after = await beds.getEconomyVersion('beds', {});
      const trauma = (d: typeof after) => d.data.providers.find((p) => p.code === 'RC1')!.serviceLines.find((l) => l.service === 'TRAUMA-ORTHO')!;
      expect([trauma(before).fixedCost, trauma(after).fixedCost]).toEqual([0, 600_000_000]);
      expect((await beds.getEconomyVersion('beds', { version: before.version.id })).version.inputSha256).toBe(before.version.inputSha256);
    });

    it('shows a variation\'s impact first and keeps the run with the variation it is recorded with', async () => {
      const beds = await as('commissioner');
      const variation = { effectiveDate: '2014-10-01', rationale: 'Activity below plan: value reduced', valueChangePence: -2_000_000_00 };
      const shown = await beds.assessVariation('BEDFORD-ACUTE-2014-15', { variation, trials: 0, horizonMonths: 12 });
      // The CCG's own economy holding the contract comes first.
      expect(shown.run).toMatchObject({ economyId: 'beds', decision: { kind: 'contract-variation', contract: 'BEDFORD-ACUTE-2014-15', valueChangePence: -2_000_000_00 } });
      const rc1 = shown.result.projection.providers.find((p) => p.code === 'RC1')!;
      // Half a year's share of the £2m reduction leaves the trust's income in the months left of the term.
      expect(rc1.cumulative.income - rc1.baseline.income.reduce((a, b) => a + b, 0)).toBeLessThan(-1_900_000_00);
      const recorded = await beds.addVariation('BEDFORD-ACUTE-2014-15', { ...variation, impactRunId: shown.run.id });
      const v = recorded.variations.at(-1)!;
      const kept = await beds.getRun(shown.run.id);
      expect(kept.run.decisions).toEqual([{ decisionKind: 'variation', decisionId: v.id }]);
      const audit = await beds.listAudit({ entityType: 'contract', entityId: recorded.contract.id, limit: 5 });
      expect(audit.items.find((a) => a.action === 'contract.vary')!.detail).toMatchObject({ impactRunId: shown.run.id });
      // The run shows the CCG's private economy, so the trust sees it once the CCG shares the economy
      // with the organisations in it; Sussex never does.
      const bedford = await as('provider');
      expect((await bedford.contractImpactRuns('BEDFORD-ACUTE-2014-15')).map((r) => r.id)).not.toContain(shown.run.id);
      await beds.shareEconomy('beds', 'economy');
      expect((await bedford.contractImpactRuns('BEDFORD-ACUTE-2014-15')).map((r) => r.id)).toContain(shown.run.id);
      expect((await bedford.getRun(shown.run.id)).run.decisions).toHaveLength(1);
      await expect((await as('sussex-provider')).getRun(shown.run.id)).rejects.toMatchObject({ kind: 'not_found' });
      // A run kept for one contract cannot be kept with another's variation.
      const other = await beds.assessVariation('BEDS-MSK-2014', { variation: { ...variation, effectiveDate: '2014-10-01' }, economy: 'demo', trials: 0 });
      await expect(beds.addVariation('BEDFORD-ACUTE-2014-15', { ...variation, impactRunId: other.run.id })).rejects.toMatchObject({ kind: 'invalid' });
    });

    it('refuses a decision naming an organisation, service or contract the economy does not have, naming the field', async () => {
      const beds = await as('commissioner');
      await expect(beds.assessDecision('demo', { kind: 'service-move', provider: 'RC1', service: 'NOPE', to: 'RD8', share: 0.2, from: '2014-04' }, { trials: 0 }))
        .rejects.toMatchObject({ kind: 'invalid', issues: [expect.objectContaining({ path: ['levers', 0, 'service'] })] });
      await expect(beds.assessDecision('demo', { kind: 'procurement-award', contract: 'NOPE', awardedTo: 'ZCIRC', incumbents: ['RC1'], from: '2014-04' }, { trials: 0 }))
        .rejects.toMatchObject({ kind: 'not_found' });
    });

    it('seals versions, entries and runs: history cannot be rewritten, and what is altered behind its back is named', async () => {
      const db = app.storage.db;
      for (const statement of [
        sql`update economy_versions set built = '{}'`, sql`delete from scenario_runs`, sql`truncate economy_entries`, sql`truncate economy_versions cascade`,
        sql`delete from decision_impacts`,
      ]) {
        await expect(statement.execute(db)).rejects.toMatchObject({ kind: 'conflict', message: expect.stringMatching(/append-only/) });
      }
      expect((await system.verifyEverything()).breaks).toEqual([]);
      const version = (await system.getEconomy('demo')).versions[0];
      await behindTheBack('economy_versions', () => sql`update economy_versions set built = jsonb_set(built, '{name}', '"x"') where id = ${version.id}`.execute(db));
      const run = (await system.listScenarioRuns('bedford-msk'))[0] ?? (await (await as('commissioner')).runScenario('bedford-msk', { trials: 0 })).run;
      await behindTheBack('scenario_runs', () => sql`update scenario_runs set seed = seed + 1 where id = ${run.id}`.execute(db));
      const found = (await system.verifyEverything()).breaks.map((b) => [b.kind, b.scope, b.entityType, b.field]);
      expect(found).toEqual(expect.arrayContaining([
        ['altered', 'economy:demo', 'economy_version', 'builtSha256'],
        ['altered', 'economy:demo', 'scenario_run', 'seed'],
      ]));
    });
  });
}
