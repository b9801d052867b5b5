/**
 * Integrity: forged contracts refused, drafts until accepted, history that cannot be edited, deleted
 * or truncated, tampering found by verify (naming the contract, record and field), and concurrent
 * appends on PostgreSQL that queue into one unbroken chain.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConcordatApp, type Workspace } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { createHttpApp } from '../../src/http/app.ts';
import type { DatabaseOptions } from '../../src/storage/db.ts';
import { DIALECTS, describeOn, dropTestSchema } from '../support/databases.ts';

const M = 100_000_000;
const dir = mkdtempSync(join(tmpdir(), 'concordat-integrity-'));
const HEADER = 'provider,commissioner,period,pod,hrg,tfc,los';

for (const dialect of DIALECTS) {
  describeOn(dialect, 'integrity of contracts and ledgers', () => {
    let options: DatabaseOptions;
    let app: ConcordatApp;
    let system: Workspace;
    const as = async (username: string) => app.as((await app.signIn(username, 'concordat')).user);
    const count = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(app.storage.db)).rows[0].n);
    const counts = async () => Promise.all(['contracts', 'contract_variations', 'contract_payment_terms', 'audit_log', 'ledger_entries'].map(count));
    /** Runs `fn` with the table's user triggers off, as someone with direct database access would. */
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
      await app?.close();
      await dropTestSchema(options);
    });

    it('refuses the forged contract: a provider naming a CCG as co-ordinating commissioner gets 403 and nothing changes', async () => {
      const http = createHttpApp(app);
      const token = (await app.signIn('provider', 'concordat')).token;
      const call = (method: string, path: string, body: unknown) =>
        http.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const before = await counts();
      const forged = await call('POST', '/api/contracts', {
        reference: 'FORGED-1', title: 'Forged', model: 'standard_block', startDate: '2015-04-01', endDate: '2016-03-31', signedValuePence: 50 * M, status: 'live',
        parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC1', role: 'associate_commissioner' }, { organisationCode: 'RC1', role: 'provider' }],
      });
      expect(forged.status).toBe(400); // a live status is refused outright (a contract someone lets is a draft)
      const withoutStatus = await call('POST', '/api/contracts', {
        reference: 'FORGED-2', title: 'Forged', model: 'standard_block', startDate: '2015-04-01', endDate: '2016-03-31', signedValuePence: 50 * M,
        parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC1', role: 'associate_commissioner' }, { organisationCode: 'RC1', role: 'provider' }],
      });
      expect(withoutStatus.status).toBe(403);
      const terms = await call('PUT', '/api/contracts/BEDFORD-ACUTE-2014-15/payment-terms/2014-15', { terms: { model: 'block', annualValuePence: M } });
      expect(terms.status).toBe(403);
      const vary = await call('POST', '/api/contracts/BEDFORD-ACUTE-2014-15/variations', { effectiveDate: '2015-01-01', rationale: 'Forged', valueChangePence: M });
      expect(vary.status).toBe(403);
      expect(await counts()).toEqual(before);
      // Nor may a commissioner let a contract in another commissioner's name.
      await expect((await as('commissioner')).createContract({
        reference: 'FORGED-3', title: 'Forged', model: 'standard_block', startDate: '2015-04-01', endDate: '2016-03-31', signedValuePence: M,
        parties: [{ organisationCode: '09G', role: 'coordinating_commissioner' }, { organisationCode: '06F', role: 'associate_commissioner' }, { organisationCode: 'RYR', role: 'provider' }],
      })).rejects.toMatchObject({ kind: 'forbidden' });
      expect(await counts()).toEqual(before);
    });

    it('keeps a let contract a draft, out of the activity ledger, until the provider accepts; a decline needs a reason', async () => {
      const beds = await as('commissioner');
      const bedford = await as('provider');
      const c = await beds.createContract({
        reference: 'BEDS-AUDIOLOGY-2015', title: 'Adult hearing services', model: 'standard_activity', startDate: '2014-04-01', endDate: '2015-03-31',
        signedValuePence: 2 * M, parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC1', role: 'provider' }],
      });
      expect(c.current.status).toBe('draft');
      expect(c.youMay).toMatchObject({ vary: true, accept: false });
      const file = join(dir, `audiology-${dialect.name}.csv`);
      writeFileSync(file, `${HEADER}\nRC1,06F,2014-11,OPFA,,110,\n`);
      await expect(bedford.submitActivity('BEDS-AUDIOLOGY-2015', '2014-11', file)).rejects.toMatchObject({ kind: 'conflict', message: expect.stringMatching(/draft awaiting acceptance by RC1/) });
      await expect(bedford.decideAcceptance('BEDS-AUDIOLOGY-2015', { decision: 'declined' })).rejects.toMatchObject({ kind: 'invalid', issues: [{ path: ['note'] }] });
      expect((await bedford.getContract('BEDS-AUDIOLOGY-2015')).youMay.accept).toBe(true);
      const agreed = await bedford.decideAcceptance('BEDS-AUDIOLOGY-2015', { decision: 'accepted' });
      expect(agreed.acceptance.state).toBe('agreed');
      expect((await bedford.submitActivity('BEDS-AUDIOLOGY-2015', '2014-11', file)).rowsPriced).toBe(1);
    });

    it('lets a provider propose a variation that the co-ordinating commissioner agrees, and its proposer withdraw another', async () => {
      const bedford = await as('provider');
      const beds = await as('commissioner');
      const proposed = await bedford.proposeVariation('BEDFORD-ACUTE-2014-15', { effectiveDate: '2015-02-01', rationale: 'Extra winter beds', valueChangePence: M });
      const p = proposed.proposals.at(-1)!;
      expect(p.state).toBe('proposed');
      await expect(bedford.decideProposal('BEDFORD-ACUTE-2014-15', p.id, { decision: 'agreed' })).rejects.toMatchObject({ kind: 'forbidden' });
      const agreed = await beds.decideProposal('BEDFORD-ACUTE-2014-15', p.id, { decision: 'agreed' });
      const v = agreed.variations.at(-1)!;
      expect([v.valueChangePence, v.rationale, agreed.proposals.at(-1)!.variationSequence]).toEqual([M, 'Extra winter beds', v.sequence]);
      await expect(beds.decideProposal('BEDFORD-ACUTE-2014-15', p.id, { decision: 'rejected', note: 'late' })).rejects.toMatchObject({ kind: 'conflict' });
      const second = (await bedford.proposeVariation('BEDFORD-ACUTE-2014-15', { effectiveDate: '2015-02-01', rationale: 'Typo', valueChangePence: 5 })).proposals.at(-1)!;
      await expect(beds.decideProposal('BEDFORD-ACUTE-2014-15', second.id, { decision: 'withdrawn' })).rejects.toMatchObject({ kind: 'forbidden' });
      expect((await bedford.decideProposal('BEDFORD-ACUTE-2014-15', second.id, { decision: 'withdrawn' })).proposals.at(-1)!.state).toBe('withdrawn');
    });

    it('refuses to update, delete or truncate recorded history', async () => {
      const db = app.storage.db;
      for (const statement of [
        sql`update contracts set signed_value_pence = 1`, sql`delete from contract_variations`, sql`delete from contract_parties`,
        sql`truncate audit_log`, sql`truncate contract_variations cascade`, sql`truncate ledger_entries`, sql`update ledger_entries set content = '{}'`,
        sql`delete from activity_submissions`, sql`truncate plan_lines`,
      ]) {
        await expect(statement.execute(db)).rejects.toMatchObject({ kind: 'conflict', message: expect.stringMatching(/append-only/) });
      }
    });

    it('verifies clean, then names the contract, record and field of each alteration made behind its back', async () => {
      expect((await system.verifyEverything()).breaks).toEqual([]);
      const db = app.storage.db;
      const submission = (await system.listSubmissions('BEDS-MSK-2014')).find((s) => s.kind === 'patient_level' && s.period === '2014-07')!;
      await behindTheBack('activity_submissions', () =>
        sql`update activity_submissions set monthly = jsonb_set(monthly, '{2014-07,pricedPence}', '1') where id = ${submission.id}`.execute(db));
      const variation = (await system.getContract('BEDS-MSK-2014')).variations[0];
      await behindTheBack('contract_variations', () => sql`delete from contract_variations where id = ${variation.id}`.execute(db));
      await behindTheBack('contracts', () => sql`update contracts set signed_value_pence = signed_value_pence + 1 where reference = 'CWS-MSK-2015'`.execute(db));
      const report = await system.verifyEverything();
      expect(report.ok).toBe(false);
      const found = report.breaks.map((b) => [b.kind, b.contractReference, b.entityType, b.field]);
      expect(found).toEqual(expect.arrayContaining([
        ['altered', 'BEDS-MSK-2014', 'activity_submission', 'monthly.2014-07.pricedPence'],
        ['deleted', 'BEDS-MSK-2014', 'variation', null],
        ['altered', 'CWS-MSK-2015', 'contract', 'signedValuePence'],
      ]));
      expect(report.breaks).toHaveLength(3);
      // The contract's own check, shown on its page, sees its breaks and no one else's.
      const one = await system.verifyContractLedger('BEDS-MSK-2014');
      expect([one.ok, one.breaks.length]).toEqual([false, 2]);
      expect((await system.verifyContractLedger('DUDLEY-ACUTE-2023-24')).ok).toBe(true);
    });

    it('finds a trimmed audit log and records added outside Concordat', async () => {
      const db = app.storage.db;
      const last = Number((await sql<{ id: number }>`select max(id) as id from audit_log`.execute(db)).rows[0].id);
      await behindTheBack('audit_log', () => sql`delete from audit_log where id = ${last}`.execute(db));
      await behindTheBack('contracts', () => sql`insert into contracts (id, reference, title, model, start_date, end_date, signed_value_pence, status, created_by)
        values ('smuggled', 'SMUGGLED', 'Not through Concordat', 'standard_block', '2015-04-01', '2016-03-31', 1, 'live', 'nobody')`.execute(db));
      const kinds = (await system.verifyEverything()).breaks.map((b) => `${b.kind}:${b.entityId}`);
      expect(kinds).toContain('unsealed:smuggled');
      expect(kinds.some((k) => k.startsWith('audit_missing:'))).toBe(true);
    });
  });
}

// Concurrency needs a server with real parallel connections: PostgreSQL.
for (const dialect of DIALECTS.filter((d) => d.name === 'postgres')) {
  describeOn(dialect, 'concurrent appends queue into one chain', () => {
    let options: DatabaseOptions;
    let app: ConcordatApp;

    beforeAll(async () => {
      options = dialect.options();
      app = await ConcordatApp.open({ ...options, loadDemoIfEmpty: true, clock: fixedClock('2015-06-01T09:00:00Z') });
    });
    afterAll(async () => {
      await app?.close();
      await dropTestSchema(options);
    });

    it('20 concurrent submissions and 20 concurrent variations: each 201 or 409, one unbroken chain, consecutive numbers, verify clean', async () => {
      const http = createHttpApp(app);
      const token = async (u: string) => (await app.signIn(u, 'concordat')).token;
      const [provider, commissioner] = [await token('provider'), await token('commissioner')];
      // BEDFORD-ACUTE-2014-15 has only its plan by service (the demo's impact data): the first activity
      // submissions race to follow it.
      const submit = (i: number) => http.request('/api/contracts/BEDFORD-ACUTE-2014-15/submissions?period=2014-10', {
        method: 'POST', headers: { authorization: `Bearer ${provider}`, 'content-type': 'text/csv' },
        body: `${HEADER}\n${Array.from({ length: i + 1 }, () => 'RC1,06F,2014-10,OPFA,,110,').join('\n')}\n`,
      });
      const vary = (i: number) => http.request('/api/contracts/BEDFORD-ACUTE-2014-15/variations', {
        method: 'POST', headers: { authorization: `Bearer ${commissioner}`, 'content-type': 'application/json' },
        body: JSON.stringify({ effectiveDate: '2015-01-01', rationale: `Concurrent ${i}`, valueChangePence: i }),
      });
      const statuses = await Promise.all([...Array.from({ length: 20 }, (_, i) => submit(i)), ...Array.from({ length: 20 }, (_, i) => vary(i))].map(async (r) => (await r).status));
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      // The contract's lock queues them, so none even has to be retried (the database's unique
      // constraints would turn a race into a 409, never a fork).
      const created = statuses.filter((s) => s === 201).length;
      expect(created).toBe(40);
      const system = app.system();
      const subs = await system.listSubmissions('BEDFORD-ACUTE-2014-15');
      const roots = subs.filter((s) => s.previousId === null);
      expect(roots).toHaveLength(1);
      // Following previousId from the newest reaches the root through every submission exactly once.
      const byPrevious = new Map(subs.map((s) => [s.previousId, s]));
      let walked = 0;
      for (let s = roots[0]; s; s = byPrevious.get(s.id)!) walked++;
      expect(walked).toBe(subs.length);
      expect(subs.filter((s) => s.current && s.kind === 'patient_level')).toHaveLength(1);
      const sequences = (await system.getContract('BEDFORD-ACUTE-2014-15')).variations.map((v) => v.sequence);
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
      expect(subs.length + sequences.length).toBe(created + 2); // + the demo's variation and plan
      const report = await system.verifyEverything();
      expect(report.breaks).toEqual([]);
    });
  });
}
