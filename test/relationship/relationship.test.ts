/**
 * The relationship through the product, on PGlite and PostgreSQL: the seed cases as the demo loads
 * them (through the use cases), and issue 8's "must show" items through the HTTP API with the clock
 * fixed: a notice's meeting deadline in operational days and its overdue listing, the pendulum rule,
 * a withholding and its repayment on the statement, illegal steps and wrong sides refused, corrected
 * returns kept as superseded, money each way, the ledger verified and an altered return named.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConcordatApp, type Workspace } from '../../src/app/app.ts';
import type { Clock } from '../../src/app/clock.ts';
import { createHttpApp } from '../../src/http/app.ts';
import type { DatabaseOptions } from '../../src/storage/db.ts';
import { schemaErrors } from '../../src/domain/ocds/schemas.testing.ts';
import { DIALECTS, describeOn, dropTestSchema } from '../support/databases.ts';

const M = 100_000_000;

interface Body { [k: string]: any }

for (const dialect of DIALECTS) {
  describeOn(dialect, 'the commissioner-provider relationship', () => {
    let options: DatabaseOptions;
    let app: ConcordatApp;
    let http: ReturnType<typeof createHttpApp>;
    let system: Workspace;
    let now = new Date('2015-06-01T09:00:00Z');
    const clock: Clock = { now: () => now };
    // Sessions expire by the clock: moving it signs everyone in again when next they call.
    let epoch = 0;
    const at = (iso: string) => { now = new Date(iso); epoch++; };
    const tokens: Record<string, { token: string; epoch: number }> = {};
    const passwords: Record<string, string> = {};

    const request = async (method: string, path: string, token: string | null, json?: unknown): Promise<{ status: number; body: Body }> => {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (json !== undefined) headers['content-type'] = 'application/json';
      const res = await http.request(path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
      return { status: res.status, body: await res.json() as Body };
    };
    const signIn = async (username: string, password = 'concordat') => {
      passwords[username] = password;
      tokens[username] = { token: (await request('POST', '/api/session', null, { username, password })).body.token, epoch };
    };
    const call = async (method: string, path: string, user: string | null, json?: unknown) => {
      if (user && tokens[user]?.epoch !== epoch) await signIn(user, passwords[user]);
      return request(method, path, user ? tokens[user].token : null, json);
    };

    beforeAll(async () => {
      options = dialect.options();
      app = await ConcordatApp.open({ ...options, loadDemoIfEmpty: true, clock, throttle: { failuresPerUser: 100, attemptsPerAddress: 1000, windowMs: 60_000 } });
      http = createHttpApp(app);
      system = app.system();
      for (const u of ['commissioner', 'provider', 'circle', 'sussex-commissioner', 'sussex-provider', 'system', 'admin']) await signIn(u);
      // NHS Devon and the Royal Devon have no demo users: the administrator creates one each.
      for (const [username, organisationCode, role] of [['devon-commissioner', '15N', 'commissioner'], ['devon-provider', 'RH8', 'provider']]) {
        const r = await call('POST', '/api/users', 'admin', { username, displayName: `${organisationCode} contracts`, organisationCode, role, password: 'a long password' });
        expect(r.status).toBe(201);
        await signIn(username, 'a long password');
      }
    });
    afterAll(async () => {
      await app?.close();
      await dropTestSchema(options);
    });

    // --- the seed cases, as the demo loaded them ----------------------------------------------------

    it('NEW Devon and Northern Devon: strained, the 2013-14 contract settled by arbitration, in-year mediation, the facilitator paid £12,007', async () => {
      const r = await call('GET', '/api/relationships/99P/RBZ', 'system');
      expect(r.status).toBe(200);
      const { record } = r.body;
      // Ended in 2015: read as it stood at its last activity.
      expect([r.body.asAt, r.body.asAtBasis]).toEqual(['2015-03-31', 'last activity']);
      expect(record.health.band).toBe('strained');
      expect(record.health.factors.filter((f: Body) => f.points > 0).map((f: Body) => [f.id, f.evidence])).toEqual([
        ['contract_arbitration', ['NDEVON-CS-2013-14']], ['contract_setting_dispute', ['NDEVON-CS-2014-15']],
        ['gc14_mediation', ['NDEVON-GC14-2013-01']], ['facilitator', ['NDEVON-CS-2014-15: Ian Tipney']],
      ]);
      expect(record.contracts.map((c: Body) => [c.reference, c.agreedBy])).toEqual([['NDEVON-ACUTE-2013-14', 'arbitration'], ['NDEVON-ACUTE-2014-15', 'facilitated negotiation']]);
      expect(record.disputeCosts).toEqual({ totalPence: 1_200_700, commissionerPence: 0, providerPence: 1_200_700, regulatorPence: 0 });
      const fee = record.timeline.find((e: Body) => e.title.startsWith('Fee:'));
      expect(fee).toMatchObject({ date: '2014-04-30', amountPence: 1_200_700, title: 'Fee: Ian Tipney (facilitator), £12,007.00' });
      expect(record.timeline.map((e: Body) => e.title)).toEqual(expect.arrayContaining(['Mediator appointed', 'Facilitator appointed', 'Pendulum determination: Contract value for 2013/14 (activity plan and prices)']));
      // The £1.2m mediation outcome is the contract's variation, not money counted again.
      expect(record.moneyByYear).toEqual([]);
      // Neither party's users may see it; the system user and the administrator may.
      expect((await call('GET', '/api/relationships/99P/RBZ', 'commissioner')).status).toBe(404);
      expect((await call('GET', '/api/relationships/99P/RBZ', 'admin')).status).toBe(200);
      // And a date before the arbitration reads otherwise: the band follows the record.
      expect((await call('GET', '/api/relationships/99P/RBZ?asAt=2013-03-31', 'system')).body.record.health.band).toBe('good');
    });

    it('the arms race: sanctions computed from the trust\'s returns and the trust\'s charges both grow year on year, each year\'s on its statement', async () => {
      const r = (await call('GET', '/api/relationships/09G/RYR?asAt=2016-03-31', 'sussex-provider')).body;
      const years = r.record.moneyByYear.map((y: Body) => [y.year, y.commissioner.netPence, y.provider.netPence]);
      // Worked out here from the seed's own figures: fines 2, 3 and 4 months at £200k, £300k, £400k; CQUIN and the trust's charges as typed.
      expect(years).toEqual([
        ['2013/14', 2 * 20_000_000 + 60_000_000, 30_000_000 + 50_000_000],
        ['2014/15', 3 * 30_000_000 + 110_000_000, 40_000_000 + 100_000_000 + 60_000_000],
        ['2015/16', 4 * 40_000_000 + 150_000_000, 70_000_000 + 180_000_000 + 100_000_000],
      ]);
      expect(r.record.armsRace.escalating).toBe(true);
      expect(r.money.filter((m: Body) => m.kind === 'sanction').every((m: Body) => m.source === 'sanction')).toBe(true);
      expect(r.record.health.band).toBe('watch');
      for (const [ref, period] of [['WSHFT-ACUTE-2013-14', '2014-03'], ['WSHFT-ACUTE-2014-15', '2015-03'], ['WSHFT-ACUTE-2015-16', '2016-03']]) {
        const s = (await call('GET', `/api/contracts/${ref}/statements/${period}`, 'sussex-commissioner')).body.statement;
        const lines = s.lines.filter((l: Body) => l.reference);
        const mine = r.money.filter((m: Body) => m.contractReference === ref);
        expect(lines.map((l: Body) => l.reference).sort()).toEqual(mine.map((m: Body) => m.id).sort());
        expect(s.lines.reduce((t: number, l: Body) => t + l.amountPence, 0)).toBe(s.totalPence);
        const value = (await system.getContract(ref)).contract.signedValuePence;
        expect(s.totalPence).toBe(value + mine.reduce((t: number, m: Body) => t + m.amountPence, 0));
      }
    });

    it('Serco in Cornwall: the falsified returns stay visible as superseded, the breaches they hid, the notice and its money, the subcontract flagged', async () => {
      const perf = (await call('GET', '/api/contracts/CORNWALL-OOH-2013/performance', 'system')).body;
      const superseded = perf.returns.filter((x: Body) => x.status === 'superseded');
      expect(superseded.map((x: Body) => [x.period, x.indicatorId, x.numerator, x.denominator])).toEqual([
        ['2013-04', 'OOH-URGENT-20', 1_212, 1_260], ['2013-05', 'OOH-URGENT-20', 1_190, 1_245], ['2013-06', 'OOH-URGENT-20', 1_150, 1_205],
      ]);
      expect(perf.returns.find((x: Body) => x.id === superseded[0].supersededBy).note).toMatch(/altered to appear to meet the standard/);
      expect(perf.hiddenBreaches.map((h: Body) => [h.key, h.superseded.valueText, h.current.valueText])).toEqual([
        ['CORNWALL-OOH-2013 OOH-URGENT-20 2013-04', '96.2% (1212 of 1260 urgent cases)', '87.1% (1098 of 1260 urgent cases)'],
        ['CORNWALL-OOH-2013 OOH-URGENT-20 2013-05', '95.6% (1190 of 1245 urgent cases)', '86.0% (1071 of 1245 urgent cases)'],
        ['CORNWALL-OOH-2013 OOH-URGENT-20 2013-06', '95.4% (1150 of 1205 urgent cases)', '91.5% (1102 of 1205 urgent cases)'],
      ]);
      const rel = (await call('GET', '/api/relationships/11N/ZSERC', 'system')).body;
      expect(rel.hiddenBreaches).toHaveLength(3);
      const notice = (await call('GET', '/api/notices/CPN-KERNOW-2013-01', 'system')).body;
      expect(notice.notice.breachKeys).toEqual(perf.hiddenBreaches.map((h: Body) => h.key));
      expect(notice.notice.state).toBe('closed');
      expect(notice.money.map((m: Body) => [m.kind, m.period, m.amountPence])).toEqual([
        ['withhold', '2013-12', -1_166_667], ['withhold_repayment', '2014-02', 1_166_667], ['withhold', '2014-01', -1_166_667], ['withhold_repayment', '2014-02', 1_166_667],
      ]);
      expect(rel.record.flags.subcontractsWithoutConsent.map((f: Body) => [f.subcontract.reference, f.subcontract.providerCode, f.commissionerCode])).toEqual([['CORNWALL-OOH-2013-SUB-DD', 'ZDEVD', '11N']]);
      expect(rel.record.health.factors.find((f: Body) => f.id === 'subcontract_without_consent').evidence).toEqual(['CORNWALL-OOH-2013-SUB-DD']);
      // On the statement: sanctions from the corrected returns, the withholdings and their repayment; £7m less £35,000.
      const s = (await call('GET', '/api/contracts/CORNWALL-OOH-2013/statements/2014-03', 'system')).body.statement;
      expect(s.lines.filter((l: Body) => l.reference).map((l: Body) => [l.period, l.rule.id, l.amountPence])).toEqual([
        ['2013-04', 'sanction.per_breach', -1_000_000], ['2013-05', 'sanction.per_breach', -1_000_000], ['2013-06', 'sanction.per_breach', -500_000],
        ['2013-06', 'sanction.per_breach', -1_000_000], ['2013-12', 'gc9.withhold', -1_166_667], ['2014-01', 'gc9.withhold', -1_166_667],
        ['2014-02', 'gc9.withhold_repayment', 1_166_667], ['2014-02', 'gc9.withhold_repayment', 1_166_667],
      ]);
      expect(s.totalPence).toBe(700_000_000 - 3_500_000);
    });

    it('Bedford Hospital: the MSK subcontract unsigned by the trust, its reason, and the dispute it started', async () => {
      const rel = (await call('GET', '/api/relationships/ZCIRC/RC1', 'provider')).body;
      expect(rel.record.flags.unsignedContracts.map((c: Body) => [c.reference, c.unsignedBy, c.agreedBy])).toEqual([['BEDS-MSK-2014-SUB-BH', ['provider'], 'not agreed']]);
      expect(rel.record.timeline.find((e: Body) => e.title.includes('refuses to sign'))).toMatchObject({ date: '2014-11-07', title: 'The provider refuses to sign BEDS-MSK-2014-SUB-BH' });
      expect(rel.record.disputes.map((d: Body) => [d.id, d.kind, d.state, d.contractReference])).toEqual([['BEDS-MSK-SUB-2014-15', 'contract_setting', 'negotiation', 'BEDS-MSK-2014-SUB-BH']]);
      // The refusal is the trust's decline of the contract Circle let it, on the contract page too.
      const detail = (await call('GET', '/api/contracts/BEDS-MSK-2014-SUB-BH', 'circle')).body;
      expect(detail.acceptance.parties.find((p: Body) => p.organisationCode === 'RC1')).toMatchObject({ decision: 'declined', note: expect.stringMatching(/best interests to sign a contract without any mitigation/) });
      // Agreeing the subcontract is due from both, with no national date recorded for 2014/15.
      for (const u of ['provider', 'circle']) {
        const due = (await call('GET', '/api/actions-due', u)).body.items;
        expect(due.map((d: Body) => [d.subject.id, d.step, d.status])).toContainEqual(['BEDS-MSK-SUB-2014-15', 'agree', 'no_deadline']);
      }
      expect(rel.record.health.band).toBe('watch');
    });

    it('verifies clean after the demo, and names an altered return figure', async () => {
      const clean = (await call('GET', '/api/ledger/verify', 'system')).body;
      expect([clean.ok, clean.breaks]).toEqual([true, []]);
      const db = app.storage.db;
      const r = await sql<{ id: string }>`select id from performance_returns where period = '2013-05' and indicator_id = 'OOH-URGENT-20' and superseded_by is null`.execute(db);
      const id = r.rows[0].id;
      await sql`alter table performance_returns disable trigger user`.execute(db);
      try {
        await sql`update performance_returns set numerator = numerator + 60 where id = ${id}`.execute(db);
        const broken = (await call('GET', '/api/ledger/verify', 'system')).body;
        expect(broken.ok).toBe(false);
        expect(broken.breaks).toEqual([expect.objectContaining({ kind: 'altered', entityType: 'performance_return', entityId: id, field: 'numerator', contractReference: 'CORNWALL-OOH-2013' })]);
        const mark = (await call('GET', '/api/contracts/CORNWALL-OOH-2013/ledger', 'system')).body;
        expect(mark.breaks.map((b: Body) => b.field)).toEqual(['numerator']);
        await sql`update performance_returns set numerator = numerator - 60 where id = ${id}`.execute(db);
      } finally {
        await sql`alter table performance_returns enable trigger user`.execute(db);
      }
      expect((await call('GET', '/api/ledger/verify', 'system')).body.ok).toBe(true);
      // And through the database nobody rewrites history: a return, an event or an entry refuses change.
      await expect(sql`update performance_returns set numerator = 0 where id = ${id}`.execute(db)).rejects.toMatchObject({ kind: 'conflict' });
      await expect(sql`delete from notice_events`.execute(db)).rejects.toMatchObject({ kind: 'conflict' });
      await expect(sql`truncate contract_setting_events`.execute(db)).rejects.toMatchObject({ kind: 'conflict' });
    });

    // --- must show, through the API with the clock fixed ------------------------------------------------

    it('a notice issued on Friday 19 December 2025 has its meeting due on Wednesday 7 January 2026, and is listed overdue from the 8th', async () => {
      at('2025-12-19T10:00:00Z');
      const issued = await call('POST', '/api/contracts/DEVON-ACUTE-2025-26/notices', 'devon-commissioner', { subject: 'Diagnostic waits above the trajectory for three months' });
      expect(issued.status).toBe(201);
      const id = issued.body.notice.id;
      expect(issued.body.notice).toMatchObject({ issuedOn: '2025-12-19', issuedBy: 'commissioner', state: 'issued' });
      const meeting = issued.body.due.find((d: Body) => d.step === 'hold_meeting');
      expect(meeting).toMatchObject({ dueDate: '2026-01-07', status: 'due', operationalDaysLeft: 10, basis: '10 operational days after the notice of 2025-12-19' });
      expect(meeting.source).toMatch(/RULES\.md §1\.2 item 2 \[M\]/);
      // Who may do what now: the recipient accepts or disputes; either holds the meeting.
      expect(issued.body.steps.map((s: Body) => [s.step, s.by, s.youMay])).toEqual([
        ['accept', 'provider', false], ['dispute', 'provider', false], ['withdraw', 'commissioner', true], ['hold_meeting', 'either', true],
      ]);
      at('2026-01-07T16:00:00Z');
      expect((await call('GET', `/api/notices/${id}`, 'devon-provider')).body.due.find((d: Body) => d.step === 'hold_meeting').status).toBe('due');
      expect((await call('GET', '/api/notices?overdue=true', 'devon-provider')).body.map((n: Body) => n.id)).not.toContain(id);
      at('2026-01-08T09:00:00Z');
      const overdue = (await call('GET', '/api/notices?overdue=true', 'devon-provider')).body;
      expect(overdue.map((n: Body) => n.id)).toContain(id);
      const due = (await call('GET', '/api/actions-due', 'devon-commissioner')).body.items;
      expect(due[0]).toMatchObject({ step: 'hold_meeting', status: 'overdue', dueDate: '2026-01-07', operationalDaysOverdue: 1, ourSide: 'commissioner', counterpartyCode: 'RH8' });
      // Another economy sees neither the notice nor its list entry.
      expect((await call('GET', `/api/notices/${id}`, 'sussex-commissioner')).status).toBe(404);
      expect((await call('GET', '/api/notices', 'sussex-commissioner')).body.map((n: Body) => n.id)).not.toContain(id);
    });

    it('refuses an illegal step naming the state (409) and a step the other side takes (403), changing nothing', async () => {
      at('2026-01-09T10:00:00Z');
      const id = (await call('POST', '/api/contracts/DEVON-ACUTE-2025-26/notices', 'devon-commissioner', { subject: 'Stroke thrombolysis times' })).body.notice.id;
      const wrongSide = await call('POST', `/api/notices/${id}/steps`, 'devon-commissioner', { type: 'accept' });
      expect(wrongSide.status).toBe(403);
      expect(wrongSide.body.error.message).toMatch(/only the provider may accept the contract performance notice/);
      expect((await call('POST', `/api/notices/${id}/steps`, 'devon-provider', { type: 'accept' })).status).toBe(200);
      const again = await call('POST', `/api/notices/${id}/steps`, 'devon-provider', { type: 'accept' });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(`cannot accept the contract performance notice: notice ${id} is awaiting the contract management meeting (state 'meeting_pending')`);
      const withhold = await call('POST', `/api/notices/${id}/steps`, 'devon-commissioner', { type: 'withhold', period: '2026-01' });
      expect(withhold.status).toBe(409);
      expect(withhold.body.error.message).toMatch(/state 'meeting_pending'/);
      // A step dated in the future, or a date given for a step taken in Concordat, is refused naming the field.
      const future = await call('POST', `/api/notices/${id}/steps`, 'devon-commissioner', { type: 'hold_meeting', outcome: 'remedial_action_plan', on: '2026-02-01' });
      expect([future.status, future.body.error.issues[0].path]).toEqual([400, 'on']);
      expect((await call('POST', `/api/notices/${id}/steps`, 'devon-commissioner', { type: 'withdraw', reason: 'x', on: '2026-01-05' })).status).toBe(400);
      // The meeting held two days ago is recorded with its own date.
      const met = await call('POST', `/api/notices/${id}/steps`, 'devon-provider', { type: 'hold_meeting', outcome: 'remedial_action_plan', on: '2026-01-09' });
      expect(met.body.notice.meeting).toEqual({ heldOn: '2026-01-09', outcome: 'remedial_action_plan' });
      expect(met.body.events.map((e: Body) => [e.type, e.by])).toEqual([['issue', 'commissioner'], ['accept', 'provider'], ['hold_meeting', 'provider']]);
      // A provider under a 2025/26 contract may issue a notice to the commissioner (the edition allows it).
      const theirs = await call('POST', '/api/contracts/DEVON-ACUTE-2025-26/notices', 'devon-provider', { subject: 'Commissioner has not paid the agreed tariff uplift' });
      expect([theirs.status, theirs.body.notice.issuedBy]).toEqual([201, 'provider']);
    });

    it('refuses a pendulum determination that is not exactly one party\'s final offer, naming the issue (400)', async () => {
      at('2016-02-01T10:00:00Z');
      const open = await call('POST', '/api/relationships/09G/RYR/contract-setting-disputes', 'sussex-commissioner', {
        contractYear: '2016/17', issues: [{ id: 'value', title: 'Contract value for 2016/17', measure: 'amount' }],
      });
      expect(open.status).toBe(201);
      const id = open.body.summary.id;
      expect(id).toBe('CS-09G-RYR-2016-17');
      const step = (user: string, body: unknown) => call('POST', `/api/contract-setting-disputes/${id}/steps`, user, body);
      expect((await step('sussex-provider', { type: 'refer_to_arbitration' })).status).toBe(200);
      expect((await step('sussex-commissioner', { type: 'submit_final_offer', issueId: 'value', offer: { amountPence: 270 * M } })).status).toBe(200);
      expect((await step('sussex-provider', { type: 'submit_final_offer', issueId: 'value', offer: { amountPence: 276 * M } })).status).toBe(200);
      const halfway = await step('sussex-commissioner', { type: 'determine', issueId: 'value', offer: { amountPence: 273 * M }, reasons: 'Split the difference' });
      expect(halfway.status).toBe(400);
      expect(halfway.body.error.issues[0].path).toBe('determinations.value');
      expect(halfway.body.error.message).toMatch(/^determinations\.value: issue 'value' \(Contract value for 2016\/17\): the determination £273,000,000\.00 is neither the commissioner's final offer £270,000,000\.00 nor the provider's £276,000,000\.00; pendulum arbitration awards one party's offer exactly on each issue, no 50:50s/);
      const determined = await step('sussex-provider', { type: 'determine', issueId: 'value', offer: { amountPence: 276 * M }, reasons: 'The trust\'s activity plan is the more reasonable' });
      expect(determined.status).toBe(200);
      expect(determined.body.contractSetting.determinations[0]).toMatchObject({ issueId: 'value', awardedTo: 'provider' });
      expect(determined.body.summary.state).toBe('determined');
      // Determined: nothing more may be offered, naming the state.
      const late = await step('sussex-commissioner', { type: 'submit_final_offer', issueId: 'value', offer: { amountPence: 271 * M } });
      expect(late.status).toBe(409);
      expect(late.body.error.message).toMatch(/is determined by arbitration \(state 'determined'\)/);
      // Another economy's users do not see it.
      expect((await call('GET', `/api/disputes/${id}`, 'commissioner')).status).toBe(404);
    });

    it('puts a withholding on the statement in its month and the repayment after the remedy in a later month; the statement still adds up to the penny', async () => {
      at('2014-09-01T10:00:00Z');
      const before = (await call('GET', '/api/contracts/BEDS-MSK-2014/statements/2015-03', 'commissioner')).body.statement;
      const id = (await call('POST', '/api/contracts/BEDS-MSK-2014/notices', 'commissioner', { subject: 'Referral-to-treatment waits above the agreed trajectory' })).body.notice.id;
      const step = async (user: string, body: Body, when: string) => {
        at(`${when}T10:00:00Z`);
        const r = await call('POST', `/api/notices/${id}/steps`, user, body);
        expect([r.status, r.body.error?.message]).toEqual([200, undefined]);
        return r.body;
      };
      await step('circle', { type: 'accept' }, '2014-09-02');
      await step('commissioner', { type: 'hold_meeting', outcome: 'remedial_action_plan' }, '2014-09-10');
      await step('circle', { type: 'agree_rap', milestones: [{ id: 'M1', description: 'Validated waiting list', dueDate: '2014-09-30' }] }, '2014-09-12');
      await step('commissioner', { type: 'miss_milestone', milestoneId: 'M1' }, '2014-10-01');
      // The Actual Monthly Value comes from the contract's payment terms: £24m a year, 4% at risk, so £1.92m a month; 2% of it is £38,400.
      const withheld = await step('commissioner', { type: 'withhold', period: '2014-10' }, '2014-10-02');
      expect(withheld.notice.withholdings[0]).toMatchObject({ period: '2014-10', actualMonthlyValuePence: 192_000_000, capPence: 3_840_000, amountPence: 3_840_000, status: 'held' });
      const nov = (await call('GET', '/api/contracts/BEDS-MSK-2014/statements/2014-11', 'circle')).body.statement;
      expect(nov.lines.filter((l: Body) => l.reference).map((l: Body) => [l.period, l.rule.id, l.amountPence])).toEqual([['2014-10', 'gc9.withhold', -3_840_000]]);
      await step('commissioner', { type: 'remedy' }, '2014-12-05');
      const march = (await call('GET', '/api/contracts/BEDS-MSK-2014/statements/2015-03', 'commissioner')).body.statement;
      const lines = march.lines.filter((l: Body) => l.reference);
      expect(lines.map((l: Body) => [l.period, l.rule.id, l.amountPence, l.reference])).toEqual([
        ['2014-10', 'gc9.withhold', -3_840_000, `${id} withhold 2014-10`],
        ['2014-12', 'gc9.withhold_repayment', 3_840_000, `${id} repay 2014-10`],
      ]);
      expect(lines[0].rule.source).toBe('RULES.md §1.2 item 4 [M]');
      // Adds up to the penny, and the year's total is what it was before: withheld, then repaid.
      expect(march.lines.reduce((t: number, l: Body) => t + l.amountPence, 0)).toBe(march.totalPence);
      expect(march.totalPence).toBe(before.totalPence);
      expect(march.lines.filter((l: Body) => !l.reference)).toEqual(before.lines);
      const csv = await (await http.request('/api/contracts/BEDS-MSK-2014/statements/2015-03.csv', { headers: { authorization: `Bearer ${tokens.commissioner.token}` } })).text();
      expect(csv).toMatch(/gc9\.withhold_repayment/);
    });

    it('keeps a corrected return as superseded, and the breach the correction reveals reaches the statement as a sanction', async () => {
      at('2016-04-20T10:00:00Z');
      const refused = await call('POST', '/api/contracts/WSHFT-ACUTE-2015-16/performance-returns', 'sussex-provider', { returns: [{ period: '2016-02', indicatorId: 'WSX-AE-4HR', numerator: 10_900, denominator: 12_200 }] });
      expect([refused.status, refused.body.error.issues.map((i: Body) => i.path)]).toEqual([400, ['returns.0.note']]);
      expect((await call('POST', '/api/contracts/WSHFT-ACUTE-2015-16/performance-returns', 'sussex-commissioner', { returns: [{ period: '2016-03', indicatorId: 'WSX-AE-4HR', numerator: 1, denominator: 2 }] })).status).toBe(403);
      const before = (await call('GET', '/api/contracts/WSHFT-ACUTE-2015-16/statements/2016-03', 'sussex-commissioner')).body.statement.totalPence;
      const ok = await call('POST', '/api/contracts/WSHFT-ACUTE-2015-16/performance-returns', 'sussex-provider', {
        returns: [{ period: '2016-02', indicatorId: 'WSX-AE-4HR', numerator: 10_900, denominator: 12_200, note: 'Restated: breaches of the four hours were left out of the February extract' }],
      });
      expect(ok.status).toBe(201);
      const perf = (await call('GET', '/api/contracts/WSHFT-ACUTE-2015-16/performance', 'sussex-commissioner')).body;
      const feb = perf.returns.filter((r: Body) => r.period === '2016-02');
      expect(feb.map((r: Body) => [r.status, r.supersededBy])).toEqual([['superseded', ok.body[0].id], ['current', null]]);
      expect(perf.hiddenBreaches.map((h: Body) => h.key)).toEqual(['WSHFT-ACUTE-2015-16 WSX-AE-4HR 2016-02']);
      const after = (await call('GET', '/api/contracts/WSHFT-ACUTE-2015-16/statements/2016-03', 'sussex-commissioner')).body.statement;
      expect(after.lines.find((l: Body) => l.reference === 'sanction WSHFT-ACUTE-2015-16 WSX-AE-4HR 2016-02')).toMatchObject({ period: '2016-02', amountPence: -40_000_000, rule: { id: 'sanction.per_breach' } });
      expect(after.totalPence).toBe(before - 40_000_000);
    });

    it('records money on its own side only; sanctions are computed, never typed', async () => {
      at('2016-04-20T10:00:00Z');
      const challenge = { kind: 'challenge', period: '2016-03', amountPence: 25_000_000, description: 'Emergency readmissions deduction challenged and upheld' };
      expect((await call('POST', '/api/contracts/WSHFT-ACUTE-2015-16/money-entries', 'sussex-commissioner', challenge)).status).toBe(403);
      const typedFine = await call('POST', '/api/contracts/WSHFT-ACUTE-2015-16/money-entries', 'sussex-commissioner', { ...challenge, kind: 'sanction', amountPence: -1 });
      expect([typedFine.status, typedFine.body.error.issues[0].path]).toEqual([400, 'kind']);
      const wrongSign = await call('POST', '/api/contracts/WSHFT-ACUTE-2015-16/money-entries', 'sussex-provider', { ...challenge, amountPence: -25_000_000 });
      expect([wrongSign.status, wrongSign.body.error.issues[0].path]).toEqual([400, 'money.0.amountPence']);
      const r = await call('POST', '/api/contracts/WSHFT-ACUTE-2015-16/money-entries', 'sussex-provider', challenge);
      expect(r.status).toBe(201);
      const s = (await call('GET', '/api/contracts/WSHFT-ACUTE-2015-16/statements/2016-03', 'sussex-provider')).body.statement;
      expect(s.lines.find((l: Body) => l.reference === r.body.id)).toMatchObject({ period: '2016-03', amountPence: 25_000_000, rule: { id: 'provider_claim.challenge_upheld' } });
      // A correction supersedes the entry under the same reference.
      const fixed = await call('POST', '/api/contracts/WSHFT-ACUTE-2015-16/money-entries', 'sussex-provider', { ...challenge, amountPence: 20_000_000, corrects: r.body.id, note: 'Agreed at £200,000 after review' });
      expect([fixed.status, fixed.body.supersedes !== null, fixed.body.id]).toEqual([201, true, r.body.id]);
      const s2 = (await call('GET', '/api/contracts/WSHFT-ACUTE-2015-16/statements/2016-03', 'sussex-provider')).body.statement;
      expect(s2.lines.filter((l: Body) => l.reference === r.body.id).map((l: Body) => l.amountPence)).toEqual([20_000_000]);
    });

    it('gives the contract\'s breaches as OCDS implementation data that fits a release', async () => {
      const r = await call('GET', '/api/contracts/CORNWALL-OOH-2013/ocds-implementation', 'system');
      const failures = r.body.implementation.performanceFailures;
      expect(failures.map((f: Body) => f.id)).toEqual([
        'CORNWALL-OOH-2013/OOH-CALLS-60S/2013-06', 'CORNWALL-OOH-2013/OOH-URGENT-20/2013-04', 'CORNWALL-OOH-2013/OOH-URGENT-20/2013-05', 'CORNWALL-OOH-2013/OOH-URGENT-20/2013-06',
      ]);
      expect(failures[1]).toMatchObject({ events: 99, penaltyImposed: '£10,000.00: £10,000.00 for the month in breach', penaltyPaid: true, period: { startDate: '2013-04-01T00:00:00Z', endDate: '2013-04-30T23:59:59Z' } });
      const release = {
        ocid: 'ocds-test-cornwall', id: 'cornwall-implementation-1', date: '2014-03-31T00:00:00Z', tag: ['implementation'], initiationType: 'tender',
        contracts: [{ id: 'CORNWALL-OOH-2013', awardID: 'CORNWALL-OOH-2013', implementation: r.body.implementation }],
      };
      expect(schemaErrors('release', release)).toEqual([]);
    });

    it('sets a contract\'s indicators and overrides by the co-ordinating commissioner, each override with its reason', async () => {
      at('2025-12-22T10:00:00Z');
      const terms = { edition: '2025/26', overrides: { gc9: { meetingOperationalDays: { value: 5, reason: 'Local variation agreed for this contract' } } }, reason: 'Shorter meeting deadline agreed locally' };
      expect((await call('PUT', '/api/contracts/DEVON-ACUTE-2025-26/management-terms', 'devon-provider', terms)).status).toBe(403);
      const noReason = await call('PUT', '/api/contracts/DEVON-ACUTE-2025-26/management-terms', 'devon-commissioner', { ...terms, overrides: { gc9: { meetingOperationalDays: { value: 5, reason: '' } } } });
      expect(noReason.status).toBe(400);
      const set = await call('PUT', '/api/contracts/DEVON-ACUTE-2025-26/management-terms', 'devon-commissioner', terms);
      expect(set.status).toBe(200);
      expect(set.body.rules.gc9.meetingOperationalDays).toMatchObject({ value: 5, confidence: 'contract' });
      expect(set.body.rules.gc9.meetingOperationalDays.source).toMatch(/^Contract override: Local variation agreed for this contract/);
      const issued = (await call('POST', '/api/contracts/DEVON-ACUTE-2025-26/notices', 'devon-commissioner', { subject: 'Cancer 31-day standard' })).body;
      expect(issued.due.find((d: Body) => d.step === 'hold_meeting').dueDate).toBe('2025-12-31'); // 23, 24, 29, 30, 31 December
    });
  });
}
