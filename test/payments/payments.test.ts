import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import { SYSTEM_ACTOR } from '../../src/app/actor.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { statementCsv, statementXlsx } from '../../src/app/payments/export.ts';
import { ConcordatError } from '../../src/domain/errors.ts';
import type { DatabaseOptions } from '../../src/storage/db.ts';
import { DIALECTS, describeOn, dropTestSchema } from '../support/databases.ts';

const HEADER = 'provider,commissioner,period,pod,hrg,tfc,los';

for (const dialect of DIALECTS) {
  describeOn(dialect, 'activity submissions, statements and exports', () => {
    let options: DatabaseOptions;
    let app: ConcordatApp;
    let admin: ReturnType<ConcordatApp['as']>;
    const dir = mkdtempSync(join(tmpdir(), 'concordat-pay-test-'));
    const file = (name: string, text: string) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    };
    const count = async (table: 'activity_submissions' | 'plan_lines' | 'audit_log' | 'tariff_years' | 'contract_payment_terms') =>
      Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(app.storage.db)).rows[0].n);
    const counts = async () => [await count('activity_submissions'), await count('plan_lines'), await count('audit_log')];
    const signedIn = async (username: string) => app.as((await app.signIn(username, 'concordat')).user);

    beforeAll(async () => {
      options = dialect.options();
      app = await ConcordatApp.open({ ...options, clock: fixedClock('2015-06-01T09:00:00Z'), loadDemoIfEmpty: true });
      admin = app.system();
    });
    afterAll(async () => {
      await app?.close();
      await dropTestSchema(options);
    });

    it('loads the demo ledger: hashes, counts, one superseded resubmission, the bad month reported', async () => {
      const subs = await admin.listSubmissions('BEDS-MSK-2014');
      expect(subs.filter((s) => s.kind === 'patient_level' && s.current)).toHaveLength(12);
      const june = subs.filter((s) => s.period === '2014-06');
      expect(june).toHaveLength(2);
      expect(june[0].supersededBy).toBe(june[1].id);
      expect(june[1].current).toBe(true);
      const sept = subs.find((s) => s.period === '2014-09')!;
      expect(sept.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(sept.rowsRejected).toBe(7);
      expect(sept.rowsRead).toBe(sept.rowsPriced + sept.rowsRejected);
      expect(sept.rejections.detailed.map((r) => [r.field, r.reason])).toEqual([
        ['hrg', 'unknown_hrg'], ['los', 'bad_number'], ['period', 'bad_period'], ['provider', 'missing_field'],
        ['commissioner', 'not_contract_party'], ['tfc', 'unknown_tfc'], ['line', 'truncated_line'],
      ]);
      expect(sept.hints.map((h) => h.kind).sort()).toEqual(['day_case_with_los', 'los_over_365']);
      // Each submission is chained to the one recorded before it for the contract.
      const ordered = await app.storage.db.selectFrom('activity_submissions').select(['id', 'previous_id']).where('contract_id', '=', sept.contractId).orderBy('seq').execute();
      ordered.forEach((r, i) => expect(r.previous_id).toBe(i === 0 ? null : ordered[i - 1].id));
    });

    it('imports the valid rows of a corrupt file and reports each bad one with line and field', async () => {
      const path = file('corrupt.csv', [
        HEADER,
        'RNA,D2P2L,2023-10,EL,HN12C,,4',
        'RNA,D2P2L,2023-10,EL,ZZ99Z,,4', // line 3 unknown HRG
        'RNA,D2P2L,2023-10,EL,HN12C,,4.5', // line 4 malformed number
        'RNA,D2P2L,2023-13,DC,HN45A,,', // line 5 bad period
        ',D2P2L,2023-10,OPFA,,110,', // line 6 missing provider
        'RNA,D2P2L,2023-10,OPFA,,110,',
        'RNA,D2P2L,2023-10,NEL,HN2', // line 8 truncated last line (no newline)
      ].join('\n'));
      const s = await admin.submitActivity('DUDLEY-ACUTE-2023-24', '2023-10', path);
      expect([s.rowsRead, s.rowsPriced, s.rowsRejected]).toEqual([7, 2, 5]);
      expect(s.rejections.detailed.map((r) => [r.line, r.field, r.reason])).toEqual([
        [3, 'hrg', 'unknown_hrg'], [4, 'los', 'bad_number'], [5, 'period', 'bad_period'], [6, 'provider', 'missing_field'], [8, 'line', 'truncated_line'],
      ]);
      expect(s.supersedes).toBeTruthy();
      expect(s.totalPence).toBeGreaterThan(0);
      const stored = await admin.getSubmission('DUDLEY-ACUTE-2023-24', s.id);
      expect(stored.rejections.detailed).toHaveLength(5);
    });

    it.each([
      ['a missing file', () => join(dir, 'nope.csv'), 'not_found'],
      ['an empty file', () => file('empty.csv', ''), 'invalid'],
      ['a wrong header', () => file('wrong.csv', 'prov,comm,when\nRNA,D2P2L,2023-10\n'), 'invalid'],
      ['a header and no rows', () => file('header-only.csv', `${HEADER}\n`), 'invalid'],
      ['only bad rows', () => file('all-bad.csv', `${HEADER}\nRNA,D2P2L,2023-10,EL,ZZ99Z,,4\n`), 'invalid'],
    ])('changes nothing for %s', async (_what, path, kind) => {
      const before = await counts();
      const err = await admin.submitActivity('DUDLEY-ACUTE-2023-24', '2023-11', path()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConcordatError);
      expect((err as ConcordatError).kind).toBe(kind);
      expect(await counts()).toEqual(before);
    });

    it('supersedes on resubmission; the old one stays readable; the ledger refuses edits', async () => {
      const rows = [HEADER, 'RNA,D2P2L,2023-12,OPFA,,110,', 'RNA,D2P2L,2023-12,DC,HN45A,,'].join('\n') + '\n';
      const first = await admin.submitActivity('DUDLEY-ACUTE-2023-24', '2023-12', file('dec-1.csv', rows));
      const second = await admin.submitActivity('DUDLEY-ACUTE-2023-24', '2023-12', file('dec-2.csv', `${rows}RNA,D2P2L,2023-12,DC,HN45A,,\n`));
      expect(second.supersedes).toBe(first.id);
      const old = await admin.getSubmission('DUDLEY-ACUTE-2023-24', first.id);
      expect(old.supersededBy).toBe(second.id);
      expect(old.rowsPriced).toBe(2);
      const statement = await admin.getStatement('DUDLEY-ACUTE-2023-24', '2023-12');
      expect(statement.months.find((m) => m.period === '2023-12')!.submissionId).toBe(second.id);
      await expect(sql`update activity_submissions set total_pence = 0 where id = ${second.id}`.execute(app.storage.db)).rejects.toThrow(/append-only/);
      await expect(sql`update activity_submissions set superseded_by = ${second.id} where id = ${first.id}`.execute(app.storage.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from activity_submissions where id = ${first.id}`.execute(app.storage.db)).rejects.toThrow(/append-only/);
      await expect(sql`update plan_lines set planned_pence = 0`.execute(app.storage.db)).rejects.toThrow(/append-only/);
    });

    it.each([
      ['BEDS-MSK-2014', '2014-09'], ['BEDS-MSK-2014', '2015-03'], ['DUDLEY-ACUTE-2023-24', '2023-09'], ['DUDLEY-ACUTE-2023-24', '2024-03'],
    ])('statement %s %s: lines add up to the total to the penny, each names its rule', async (ref, period) => {
      const v = await admin.getStatement(ref, period);
      expect(v.statement.lines.reduce((s, l) => s + l.amountPence, 0)).toBe(v.statement.totalPence);
      expect(v.statement.lines.every((l) => l.rule.id && l.rule.label && Number.isSafeInteger(l.amountPence))).toBe(true);
      expect(v.statement.planVsActual.at(-1)!.period).toBe(period);
      expect(v.reconciliation !== null).toBe(period.endsWith('-03'));
      if (v.reconciliation) expect(v.reconciliation.earnedPence - v.reconciliation.paidPence).toBe(v.reconciliation.balancePence);
    });

    it('Bedfordshire: outcomes-based, 4% at risk released at year end by achievement; Dudley: fixed + variable elective', async () => {
      const beds = await admin.getStatement('BEDS-MSK-2014', '2015-03');
      expect(beds.statement.totalPence).toBe(24_000_000_00 - 960_000_00 + 720_000_00);
      expect(beds.statement.lines.filter((l) => l.rule.id === 'outcome.release').map((l) => l.amountPence)).toEqual([720_000_00]);
      const dudley = await admin.getStatement('DUDLEY-ACUTE-2023-24', '2023-06');
      expect(new Set(dudley.statement.lines.map((l) => l.rule.id))).toEqual(new Set(['api.fixed', 'api.variable']));
      const june = dudley.months.find((m) => m.period === '2023-06')!;
      const variableJune = dudley.statement.lines.find((l) => l.period === '2023-06' && l.rule.id === 'api.variable')!.amountPence;
      expect(variableJune).toBe((june.pricedByPod.DC ?? 0) + (june.pricedByPod.EL ?? 0));
    });

    it("hides a statement from a provider that is not party to the contract (not found)", async () => {
      const bedford = await signedIn('provider');
      await expect(bedford.getStatement('BEDS-MSK-2014', '2014-09')).rejects.toMatchObject({ kind: 'not_found' });
      await expect(bedford.listSubmissions('BEDS-MSK-2014')).rejects.toMatchObject({ kind: 'not_found' });
      const circle = await signedIn('circle');
      expect((await circle.getStatement('BEDS-MSK-2014', '2014-09')).statement.totalPence).toBeGreaterThan(0);
      await expect(circle.setPaymentTerms('BEDS-MSK-2014', '2014/15', { terms: { model: 'block', annualValuePence: 1 } })).rejects.toMatchObject({ kind: 'forbidden' });
      const system = await signedIn('system');
      await expect(system.submitActivity('BEDS-MSK-2014', '2014-09', join(dir, 'x.csv'))).rejects.toMatchObject({ kind: 'forbidden' });
    });

    it('refuses bad payment terms naming the field, and replaces good ones with an audit record', async () => {
      const commissioner = await signedIn('commissioner');
      await expect(commissioner.setPaymentTerms('BEDS-MSK-2014', '2015/16', { terms: { model: 'block', annualValuePence: -5 } }))
        .rejects.toMatchObject({ kind: 'invalid', issues: [{ path: ['terms', 'annualValuePence'] }] });
      await expect(commissioner.setPaymentTerms('BEDS-MSK-2014', '2025/26', { terms: { model: 'block', annualValuePence: 5 } })).rejects.toMatchObject({ kind: 'invalid' });
      const audit = await count('audit_log');
      const t = await commissioner.setPaymentTerms('BEDS-MSK-2014', '2015-16', { terms: { model: 'block', annualValuePence: 24_090_000_00 } });
      expect(t.year).toBe('2015/16');
      expect(await count('audit_log')).toBe(audit + 1);
      expect((await commissioner.getPaymentTerms('BEDS-MSK-2014', '2015/16')).terms).toEqual({ model: 'block', annualValuePence: 24_090_000_00 });
    });

    it('exports CSV whose total row equals the statement total, and XLSX with the lines', async () => {
      const v = await admin.getStatement('DUDLEY-ACUTE-2023-24', '2024-03');
      const rows = statementCsv(v).trimEnd().split('\n');
      expect(rows[0]).toBe('period,description,rule_id,rule_label,rule_source,amount_pounds,amount_pence');
      const total = rows.at(-1)!.split(',');
      expect(total[0]).toBe('TOTAL');
      expect(Number(total.at(-1))).toBe(v.statement.totalPence);
      expect(rows.length).toBe(v.statement.lines.length + 2);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await statementXlsx(v)) as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('Statement')!;
      const pence: number[] = [];
      let totalPence = 0;
      sheet.eachRow((row) => {
        const rule = row.getCell(3).value;
        if (typeof rule === 'string' && rule.includes('.')) pence.push(Number(row.getCell(7).value));
        if (row.getCell(1).value === 'TOTAL') totalPence = Number(row.getCell(7).value);
      });
      expect(pence).toHaveLength(v.statement.lines.length);
      expect(pence.reduce((a, b) => a + b, 0)).toBe(v.statement.totalPence);
      expect(totalPence).toBe(v.statement.totalPence);
      expect(wb.getWorksheet('Plan vs actual')!.rowCount).toBe(13);
      expect(wb.getWorksheet('Year-end reconciliation')).toBeDefined();
    });

    it('loads a tariff year from files (Annex A CSV + MFF) only when every row is valid, or with --allow-rejected; a re-load replaces it with an audit record', async () => {
      const apc = file('annexA.csv', [
        'NHS Payment Scheme Annex A,,',
        'HRG code,HRG name,Combined day case / ordinary elective spell tariff (£),Non-elective spell tariff (£)',
        'HN12A,Very Major Hip Procedures,"13,900","16,400"',
        'BAD,nope,1,2',
      ].join('\n'));
      const mff = file('mff.csv', 'provider_code,provider_name,mff_factor\nRNA,The Dudley Group,1.020962\n');
      const before = await count('audit_log');
      await expect(admin.loadTariff({ year: '2030/31', apc, mff })).rejects.toMatchObject({
        kind: 'invalid', issues: [{ path: ['annexA.csv', 'line 4', 'HRG code'], message: 'not an HRG code: "BAD"' }],
      });
      expect((await admin.listTariffs()).map((t) => t.year)).not.toContain('2030/31');
      expect(await count('audit_log')).toBe(before);
      const r = await admin.loadTariff({ year: '2030/31', apc, mff, allowRejected: true });
      expect([r.replaced, r.apcPrices, r.mffEntries]).toEqual([false, 1, 1]);
      expect(r.files[0].rejected).toEqual([{ line: 4, column: 'HRG code', reason: 'not an HRG code: "BAD"' }]);
      const again = await admin.loadTariff({ year: '2030/31', mff });
      expect([again.replaced, again.apcPrices]).toEqual([true, 1]);
      expect(await count('audit_log')).toBe(before + 2);
      await expect(admin.loadTariff({ year: '2030/31', apc: file('empty-apc.csv', '') })).rejects.toMatchObject({ kind: 'invalid' });
      await expect((await signedIn('commissioner')).loadTariff({ year: '2030/31', mff })).rejects.toMatchObject({ kind: 'forbidden' });
      expect((await admin.listTariffs()).map((t) => t.year)).toEqual(['2014/15', '2023/24', '2025/26', '2030/31']);
    });
  });
}
