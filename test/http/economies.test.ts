import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { parseCostWorkbook } from '../../src/domain/impact/index.ts';
import { shutdownSimulationWorkers } from '../../src/engine/simulation/pool.ts';
import { createHttpApp } from '../../src/http/app.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The stored-economy API in-process: an economy of one's own, the template round trip as XLSX, saved and shared scenarios and their kept runs. */
describe('HTTP API: economies, the cost template and saved scenarios', () => {
  let app: ConcordatApp;
  let http: ReturnType<typeof createHttpApp>;
  const tokens = new Map<string, string>();

  const call = async (user: string, method: string, path: string, body?: unknown, type = 'application/json') => {
    const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(user)}` };
    if (body !== undefined) headers['content-type'] = type;
    const res = await http.request(path, { method, headers, body: body === undefined ? undefined : body instanceof Uint8Array ? Buffer.from(body) : typeof body === 'string' ? body : JSON.stringify(body) });
    const ct = res.headers.get('content-type') ?? '';
    return { status: res.status, type: ct, bytes: ct.includes('json') ? null : new Uint8Array(await res.arrayBuffer()), body: ct.includes('json') ? await res.json() : null };
  };

  beforeAll(async () => {
    app = await ConcordatApp.open({ dataDir: 'memory://', loadDemoIfEmpty: true, clock: fixedClock('2015-06-01T09:00:00Z') });
    http = createHttpApp(app);
    for (const u of ['commissioner', 'provider', 'sussex-provider', 'system']) tokens.set(u, (await app.signIn(u, 'concordat')).token);
  });
  afterAll(async () => {
    await shutdownSimulationWorkers();
    await app?.close();
  });

  it('round-trips the cost template as a workbook: download pre-filled, fill in, upload, rebuild', async () => {
    const created = await call('commissioner', 'POST', '/api/economies', { id: 'beds', name: 'Bedfordshire CCG' });
    expect([created.status, created.body.ownerOrganisation, created.body.youMay.build]).toEqual([201, '06F', true]);
    expect((await call('commissioner', 'POST', '/api/economies/beds/versions', { asAt: '2014-04-01' })).status).toBe(201);
    expect((await call('commissioner', 'POST', '/api/economies/beds/versions', { asAt: '2014-04-01' })).status).toBe(200); // nothing changed

    const template = await call('commissioner', 'GET', '/api/economies/beds/template.xlsx?year=2014-15&provider=RC1');
    expect([template.status, template.type]).toEqual([200, XLSX]);
    const read = await parseCostWorkbook(template.bytes!);
    expect(read.serviceLines!.blank).toBe(4); // RC1's four lines, pre-filled and left blank
    // Fill in trauma in the workbook itself and send it back.
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(template.bytes!) as never);
    const sheet = wb.getWorksheet('Service lines')!;
    const header = (sheet.getRow(1).values as string[]);
    sheet.eachRow((row, n) => {
      if (n === 1 || row.getCell(header.indexOf('service')).value !== 'TRAUMA-ORTHO') return;
      row.getCell(header.indexOf('variable_cost_share')).value = '25%';
      row.getCell(header.indexOf('fixed_cost')).value = 5_900_000;
      row.getCell(header.indexOf('max_annual_loss')).value = 'lots'; // a mistake, on the same row
    });
    const bad = new Uint8Array(await wb.xlsx.writeBuffer());
    const refused = await call('commissioner', 'POST', '/api/economies/beds/entries/upload?year=2014-15&fileName=rc1.xlsx', bad, XLSX);
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues[0].path).toBe('rows.Service lines.5.max_annual_loss');
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(header.indexOf('service')).value === 'TRAUMA-ORTHO') row.getCell(header.indexOf('max_annual_loss')).value = '£250,000';
    });
    const good = await call('commissioner', 'POST', '/api/economies/beds/entries/upload?year=2014-15&fileName=rc1.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()), XLSX);
    expect(good.status).toBe(201);
    expect(good.body.stored).toMatchObject([{ table: 'service-lines', key: 'RC1 TRAUMA-ORTHO', line: 5 }]);
    expect((await call('commissioner', 'POST', '/api/economies/beds/versions', { asAt: '2014-04-01' })).status).toBe(201);
    const v = await call('commissioner', 'GET', '/api/economies/beds/versions/latest');
    const trauma = v.body.data.providers.find((p: { code: string }) => p.code === 'RC1').serviceLines.find((l: { service: string }) => l.service === 'TRAUMA-ORTHO');
    expect(trauma).toMatchObject({ variableCostShare: 250_000, fixedCost: 590_000_000, maxAnnualLoss: 25_000_000 });
    expect(Object.values(v.body.entries)).toContainEqual(expect.objectContaining({ sourceFile: 'rc1.xlsx', sourceLine: 5 }));
    // Another organisation's upload, or a workbook to a route that takes none, is refused before it is read.
    expect((await call('provider', 'POST', '/api/economies/beds/entries/upload?year=2014-15', bad, XLSX)).status).toBe(404);
    expect((await call('commissioner', 'POST', '/api/contracts/BEDS-MSK-2014/submissions?period=2014-05', bad, XLSX)).status).toBe(400);
  });

  it('saves a scenario of one\'s own, shares it, and keeps its runs with the version they ran on', async () => {
    const json = (await call('provider', 'GET', '/api/scenarios/bedford-msk')).body;
    const saved = await call('provider', 'POST', '/api/scenarios', { scenario: { ...json, name: 'Bedford: a 20% fall instead', levers: [{ ...json.levers[0], change: -0.2 }] } });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ yours: true, sharing: 'private', ownerOrganisation: 'RC1', economy: 'demo' });
    expect((await call('sussex-provider', 'GET', `/api/scenarios/${saved.body.id}`)).status).toBe(404);
    expect((await call('sussex-provider', 'PUT', `/api/scenarios/${saved.body.id}`, { sharing: 'economy' })).status).toBe(404);
    expect((await call('provider', 'PUT', `/api/scenarios/${saved.body.id}`, { sharing: 'economy' })).status).toBe(200);
    expect((await call('sussex-provider', 'GET', `/api/scenarios/${saved.body.id}`)).status).toBe(200);
    expect((await call('sussex-provider', 'PUT', `/api/scenarios/${saved.body.id}`, { sharing: 'private' })).status).toBe(403);

    const run = await call('provider', 'POST', `/api/scenarios/${saved.body.id}/runs`);
    expect(run.status).toBe(201);
    const demo = await call('provider', 'GET', '/api/economies/demo');
    expect(run.body.run.versionId).toBe(demo.body.versions.find((x: { asAt: string }) => x.asAt === '2014-04-01').id);
    expect(run.body.result.economy).toMatchObject({ id: 'demo', asAt: '2014-04-01' });
    const runs = await call('sussex-provider', 'GET', `/api/scenarios/${saved.body.id}/runs`);
    expect(runs.body.map((r: { id: string }) => r.id)).toEqual([run.body.run.id]);
    expect((await call('sussex-provider', 'GET', `/api/runs/${run.body.run.id}`)).body.result).toEqual(run.body.result);
    // A scenario naming what the economy does not have is not saved.
    const bad = await call('provider', 'POST', '/api/scenarios', { scenario: { ...json, levers: [{ ...json.levers[0], provider: 'NOPE' }] } });
    expect([bad.status, bad.body.error.issues[0].path]).toEqual([400, 'levers.0.provider']);
    expect((await call('system', 'POST', `/api/scenarios/${saved.body.id}/runs`, { trials: 0 })).status).toBe(403);

    // A scenario with a kept run is the record of what was looked at: it cannot be deleted.
    const kept = await call('provider', 'DELETE', `/api/scenarios/${saved.body.id}`);
    expect([kept.status, kept.body.error.message]).toEqual([409, expect.stringMatching(/has 1 kept run, the record of what was looked at before deciding: it cannot be deleted/)]);
    expect((await call('provider', 'GET', `/api/scenarios/${saved.body.id}`)).status).toBe(200);
  });

  it('deletes a scenario of one\'s own with no kept run, audited; another organisation may not', async () => {
    const json = (await call('provider', 'GET', '/api/scenarios/bedford-msk')).body;
    const saved = await call('provider', 'POST', '/api/scenarios', { scenario: { ...json, name: 'Bedford: a draft to throw away' }, sharing: 'economy' });
    expect(saved.status).toBe(201);
    expect((await call('sussex-provider', 'DELETE', `/api/scenarios/${saved.body.id}`)).status).toBe(403);
    const gone = await call('provider', 'DELETE', `/api/scenarios/${saved.body.id}`);
    expect([gone.status, gone.body]).toEqual([200, { deleted: saved.body.id }]);
    expect((await call('provider', 'GET', `/api/scenarios/${saved.body.id}`)).status).toBe(404);
    expect((await call('provider', 'GET', '/api/scenarios')).body.map((x: { id: string }) => x.id)).not.toContain(saved.body.id);
    expect((await call('provider', 'DELETE', `/api/scenarios/${saved.body.id}`)).status).toBe(404);
    const audit = await call('provider', 'GET', `/api/audit?entityType=scenario&entityId=${saved.body.id}&limit=5`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['scenario.save', 'scenario.delete']));
  });
});
