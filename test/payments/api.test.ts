import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { createHttpApp } from '../../src/http/app.ts';

/** The payments API in-process (http.request, no port) on the demo economy. */
describe('payments HTTP API', () => {
  let app: ConcordatApp;
  let http: ReturnType<typeof createHttpApp>;
  const tokens: Record<string, string> = {};

  const call = async (method: string, path: string, user: string | null, init: { json?: unknown; csv?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${tokens[user]}`;
    let body: string | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.csv !== undefined) {
      headers['content-type'] = 'text/csv';
      body = init.csv;
    }
    return http.request(path, { method, headers, body });
  };
  const jsonOf = async (res: Response) => ({ status: res.status, body: await res.json() });
  const submissions = async () => Number((await sql<{ n: number }>`select count(*)::int as n from activity_submissions`.execute(app.storage.db)).rows[0].n);

  beforeAll(async () => {
    app = await ConcordatApp.open({ dataDir: 'memory://', loadDemoIfEmpty: true, clock: fixedClock('2015-06-01T09:00:00Z') });
    http = createHttpApp(app);
    for (const u of ['commissioner', 'provider', 'circle', 'admin']) {
      const r = await jsonOf(await call('POST', '/api/session', null, { json: { username: u, password: 'concordat' } }));
      tokens[u] = r.body.token;
    }
  });
  afterAll(async () => app?.close());

  it('serves a statement as JSON, CSV and XLSX, with the same total', async () => {
    const r = await jsonOf(await call('GET', '/api/contracts/BEDS-MSK-2014/statements/2015-03', 'circle'));
    expect(r.status).toBe(200);
    const total = r.body.statement.totalPence;
    expect(r.body.statement.lines.reduce((s: number, l: { amountPence: number }) => s + l.amountPence, 0)).toBe(total);
    expect(r.body.reconciliation.balancePence).toBe(total - 24_000_000_00);
    const csv = await call('GET', '/api/contracts/BEDS-MSK-2014/statements/2015-03.csv', 'circle');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(Number((await csv.text()).trimEnd().split('\n').at(-1)!.split(',').at(-1))).toBe(total);
    const xlsx = await call('GET', '/api/contracts/BEDS-MSK-2014/statements/2015-03.xlsx', 'commissioner');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Statement', 'Plan vs actual', 'Year-end reconciliation']);
  });

  it("hides another provider's statement and ledger: 404", async () => {
    for (const path of ['/api/contracts/BEDS-MSK-2014/statements/2014-09', '/api/contracts/BEDS-MSK-2014/statements/2014-09.csv', '/api/contracts/BEDS-MSK-2014/submissions']) {
      const r = await jsonOf(await call('GET', path, 'provider'));
      expect(r.status).toBe(404);
      expect(r.body.error.kind).toBe('not_found');
    }
    expect((await call('GET', '/api/contracts/BEDS-MSK-2014/statements/2014-09', null)).status).toBe(401);
  });

  it('accepts a CSV body (streamed) and a JSON body; reports rejected rows; refuses a wrong header changing nothing', async () => {
    const csv = 'provider,commissioner,period,pod,hrg,tfc,los\nZCIRC,06F,2014-10,OPFA,,110,\nZCIRC,06F,2014-10,EL,NOPE1,,2\n';
    const a = await jsonOf(await call('POST', '/api/contracts/BEDS-MSK-2014/submissions?period=2014-10&fileName=oct.csv', 'circle', { csv }));
    expect(a.status).toBe(201);
    expect([a.body.rowsRead, a.body.rowsPriced, a.body.rowsRejected, a.body.fileName]).toEqual([2, 1, 1, 'oct.csv']);
    expect(a.body.rejections.detailed[0]).toMatchObject({ line: 3, field: 'hrg', reason: 'unknown_hrg' });
    expect(a.body.supersedes).toBeTruthy();
    const b = await jsonOf(await call('POST', '/api/contracts/BEDS-MSK-2014/submissions', 'circle', { json: { period: '2014-10', csv } }));
    expect(b.status).toBe(201);
    expect(b.body.supersedes).toBe(a.body.id);
    const before = await submissions();
    const bad = await jsonOf(await call('POST', '/api/contracts/BEDS-MSK-2014/submissions?period=2014-10', 'circle', { csv: 'a,b,c\n1,2,3\n' }));
    expect(bad.status).toBe(400);
    expect(await submissions()).toBe(before);
    const plan = await jsonOf(await call('POST', '/api/contracts/BEDS-MSK-2014/submissions?period=2014-04&kind=plan', 'commissioner', {
      csv: 'service,pod,hrg,period,activity,planned_pence\nMSK-ELECTIVE,OPFA,,2014-04,10,120000\nMSK-ELECTIVE,OPFA,,2016-04,10,120000\n',
    }));
    expect(plan.status).toBe(201);
    expect([plan.body.kind, plan.body.rowsPriced, plan.body.rowsRejected]).toEqual(['plan', 1, 1]);
    const list = await jsonOf(await call('GET', '/api/contracts/BEDS-MSK-2014/submissions', 'commissioner'));
    expect(list.body.filter((s: { period: string; kind: string }) => s.period === '2014-10' && s.kind === 'patient_level')).toHaveLength(3);
  });

  it('reads and sets payment terms; lists tariffs; documents the endpoints', async () => {
    const t = await jsonOf(await call('GET', '/api/contracts/DUDLEY-ACUTE-2023-24/payment-terms/2023-24', 'admin'));
    expect(t.body.terms.model).toBe('aligned_payment_incentive');
    const bad = await jsonOf(await call('PUT', '/api/contracts/BEDS-MSK-2014/payment-terms/2016-17', 'commissioner', { json: { terms: { model: 'nope' } } }));
    expect(bad.status).toBe(400);
    const ok = await jsonOf(await call('PUT', '/api/contracts/BEDS-MSK-2014/payment-terms/2016-17', 'commissioner', { json: { terms: { model: 'block', annualValuePence: 24_090_000_00 } } }));
    expect(ok.status).toBe(200);
    expect((await call('PUT', '/api/contracts/BEDS-MSK-2014/payment-terms/2016-17', 'circle', { json: { terms: { model: 'block', annualValuePence: 1 } } })).status).toBe(403);
    const tariffs = await jsonOf(await call('GET', '/api/tariffs', 'provider'));
    expect(tariffs.body.map((x: { year: string }) => x.year)).toEqual(['2014/15', '2023/24', '2025/26']);
    const doc = await jsonOf(await http.request('/openapi.json'));
    for (const p of ['/contracts/{id}/submissions', '/contracts/{id}/statements/{period}', '/contracts/{id}/statements/{period}.csv', '/contracts/{id}/statements/{period}.xlsx', '/contracts/{id}/payment-terms/{year}', '/tariffs']) {
      expect(Object.keys(doc.body.paths)).toContain(p);
    }
  });
});
