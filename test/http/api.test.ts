import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { createHttpApp } from '../../src/http/app.ts';

/** The API driven in-process with `http.request`, no port, on the real app and the demo economy. */
describe('HTTP API', () => {
  let app: ConcordatApp;
  let http: ReturnType<typeof createHttpApp>;
  const tokens: Record<string, string> = {};

  const call = async (method: string, path: string, user: string | null, body?: unknown, raw?: string) => {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${tokens[user]}`;
    if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
    const res = await http.request(path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const contractCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from contracts`.execute(app.storage.db)).rows[0].n);

  beforeAll(async () => {
    app = await ConcordatApp.open({ dataDir: 'memory://', loadDemoIfEmpty: true, clock: fixedClock('2015-06-01T09:00:00Z') });
    http = createHttpApp(app);
    for (const u of ['commissioner', 'provider', 'circle', 'system']) {
      const r = await call('POST', '/api/session', null, { username: u, password: 'concordat' });
      expect(r.status).toBe(200);
      tokens[u] = r.body.token;
    }
  });
  afterAll(async () => app?.close());

  const validContract = {
    reference: 'BEDS-DERM-2015', title: 'Bedfordshire community dermatology', model: 'standard_activity',
    startDate: '2015-04-01', endDate: '2016-03-31', signedValuePence: 250_000_000,
    parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC1', role: 'provider' }],
    serviceCodes: ['DERMATOLOGY'],
  };

  it('requires a signed-in user for every API read', async () => {
    const r = await call('GET', '/api/contracts', null);
    expect(r.status).toBe(401);
    expect(r.body.error.kind).toBe('unauthenticated');
    expect((await call('POST', '/api/session', null, { username: 'provider', password: 'wrong' })).status).toBe(401);
  });

  it('lists contracts paginated and filtered by commissioner, provider, status and model', async () => {
    const page = await call('GET', '/api/contracts?limit=5&offset=0', 'system');
    expect(page.body.items).toHaveLength(5);
    // The 21 seed contracts (BLMK ICB's with Milton Keynes among them), the four the relationship's seed cases add, STAFFS-CANCER-2025 (which the
    // Staffordshire procurement's award created) and the impact demo's Milton Keynes contract.
    expect(page.body.total).toBe(27);
    const byCommissioner = await call('GET', '/api/contracts?commissioner=06F&limit=50', 'system');
    expect(byCommissioner.body.items.map((c: { reference: string }) => c.reference).sort()).toEqual(['BEDFORD-ACUTE-2014-15', 'BEDS-MSK-2014', 'MKUH-BEDS-2014-15']);
    const byProvider = await call('GET', '/api/contracts?provider=ZCIRC', 'system');
    expect(byProvider.body.total).toBe(2);
    const drafts = await call('GET', '/api/contracts?status=draft', 'system');
    expect(drafts.body.items.every((c: { status: string }) => c.status === 'draft')).toBe(true);
    const pooled = await call('GET', '/api/contracts?model=pooled_budget', 'system');
    expect(pooled.body.items.map((c: { reference: string }) => c.reference)).toEqual(['BCF-2015-16']);
  });

  it("hides another provider's contract: 404, and absent from lists", async () => {
    const r = await call('GET', '/api/contracts/BEDS-MSK-2014', 'provider');
    expect(r.status).toBe(404);
    expect(r.body.error.kind).toBe('not_found');
    const list = await call('GET', '/api/contracts?limit=500', 'provider');
    expect(list.body.items.map((c: { reference: string }) => c.reference)).not.toContain('BEDS-MSK-2014');
    expect((await call('GET', '/api/contracts/BEDS-MSK-2014/as-at/2015-01-01', 'provider')).status).toBe(404);
    expect((await call('GET', '/api/contracts/BEDS-MSK-2014', 'circle')).status).toBe(200);
  });

  it('serves a contract as at a date and its variation history', async () => {
    const r = await call('GET', '/api/contracts/BEDS-MSK-2014/as-at/2016-01-01', 'commissioner');
    expect(r.body).toMatchObject({ reference: 'BEDS-MSK-2014', valuePence: 12_036_000_000, signedValuePence: 12_000_000_000, appliedVariations: [1] });
    const v = await call('GET', '/api/contracts/BEDS-MSK-2014/variations', 'commissioner');
    expect(v.body.map((x: { sequence: number }) => x.sequence)).toEqual([1, 2]);
  });

  it.each([
    ['a bad ODS code', { parties: [{ organisationCode: 'bad code!', role: 'coordinating_commissioner' }] }, 'parties.0.organisationCode'],
    ['an end before the start', { endDate: '2015-03-01' }, 'endDate'],
    ['a negative value', { signedValuePence: -5 }, 'signedValuePence'],
    ['an unknown organisation', { parties: [...validContract.parties, { organisationCode: 'ZZZ99', role: 'associate_commissioner' }] }, 'parties.2.organisationCode'],
    ['a date that does not exist', { startDate: '2015-02-30' }, 'startDate'],
    ['money in pounds with pence', { signedValuePence: 12.5 }, 'signedValuePence'],
  ])('refuses %s with a 400 naming the field, and writes nothing', async (_what, patch, field) => {
    const before = await contractCount();
    const r = await call('POST', '/api/contracts', 'commissioner', { ...validContract, ...patch });
    expect(r.status).toBe(400);
    expect(r.body.error.kind).toBe('invalid');
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(field);
    expect(await contractCount()).toBe(before);
  });

  it('returns 400 for malformed JSON before any route code runs', async () => {
    const r = await call('POST', '/api/contracts', 'commissioner', undefined, '{"reference": ');
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe('body');
  });

  it('lets a contract as a draft that the provider accepts; appends a variation; each audited', async () => {
    const created = await call('POST', '/api/contracts', 'commissioner', validContract);
    expect(created.status).toBe(201);
    expect(created.body.current.status).toBe('draft');
    expect(created.body.acceptance).toMatchObject({ state: 'awaiting', letBy: '06F' });
    expect(created.body.acceptance.parties.map((p: { organisationCode: string; decision: string }) => [p.organisationCode, p.decision])).toEqual([['06F', 'let'], ['RC1', 'pending']]);
    expect((await call('POST', '/api/contracts', 'commissioner', validContract)).status).toBe(409);
    const varied = await call('POST', `/api/contracts/${created.body.contract.id}/variations`, 'commissioner', {
      effectiveDate: '2015-10-01', rationale: 'Additional clinics', valueChangePence: 10_000_000,
    });
    expect(varied.status).toBe(201);
    // Today (the fixed clock) is before the variation takes effect: the current value is unchanged until then.
    expect(varied.body.current.valuePence).toBe(250_000_000);
    expect(varied.body.variations[0].valueAfterPence).toBe(260_000_000);
    const audit = await call('GET', `/api/audit?entityId=${created.body.contract.id}`, 'commissioner');
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['contract.vary', 'contract.create']);
    expect((await call('POST', `/api/contracts/${created.body.contract.id}/acceptance`, 'commissioner', { decision: 'accepted' })).status).toBe(403);
    const accepted = await call('POST', `/api/contracts/${created.body.contract.id}/acceptance`, 'provider', { decision: 'accepted' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.acceptance.state).toBe('agreed');
    expect(accepted.body.variations.at(-1)).toMatchObject({ changes: { status: 'agreed' }, effectiveDate: '2015-04-01', rationale: 'Agreed by every party (06F, RC1) on 2015-06-01' });
    expect(accepted.body.current.status).toBe('live');
    expect((await call('POST', `/api/contracts/${created.body.contract.id}/acceptance`, 'provider', { decision: 'accepted' })).status).toBe(409);
    const denied = await call('POST', `/api/contracts/${created.body.contract.id}/variations`, 'provider', {
      effectiveDate: '2015-10-01', rationale: 'Provider tries to vary', valueChangePence: 1,
    });
    expect(denied.status).toBe(403);
  });

  it('gives the economy overview with totals that reconcile to the contracts', async () => {
    const o = await call('GET', '/api/economy?asAt=2015-06-01', 'system');
    const all = await call('GET', '/api/contracts?asAt=2015-06-01&limit=500', 'system');
    const sum = all.body.items.reduce((s: number, c: { currentValuePence: number }) => s + c.currentValuePence, 0);
    expect(o.body.valuePence).toBe(sum);
    expect(o.body.byStatus.reduce((s: number, g: { valuePence: number }) => s + g.valuePence, 0)).toBe(sum);
    const circle = o.body.relationships.find((r: { commissionerCode: string; providerCode: string }) => r.commissionerCode === '06F' && r.providerCode === 'ZCIRC');
    expect(circle.valuePence).toBe(12_036_000_000);
  });

  it('reads a contract as not started before its start date, and counts associate commissioners in the relationships', async () => {
    const dudley = await call('GET', '/api/contracts/DUDLEY-ACUTE-2023-24/as-at/2015-06-01', 'system');
    expect(dudley.body.status).toBe('not_started');
    expect((await call('GET', '/api/contracts/DUDLEY-ACUTE-2023-24/as-at/2023-06-01', 'system')).body.status).toBe('live');
    const o = await call('GET', '/api/economy?asAt=2015-06-01', 'system');
    const frimley = o.body.relationships.filter((r: { providerCode: string }) => r.providerCode === 'RDU');
    expect(frimley.map((r: { commissionerCode: string; commissionerRole: string }) => `${r.commissionerCode}:${r.commissionerRole}`).sort())
      .toEqual(['10C:associate', '10T:associate', '99M:coordinating']);
  });

  it('publishes an OpenAPI document and a readable docs page', async () => {
    const doc = await http.request('/openapi.json');
    const json = await doc.json();
    expect(json.openapi).toBe('3.0.0');
    expect(Object.keys(json.paths)).toEqual(expect.arrayContaining(['/contracts', '/contracts/{id}/as-at/{date}', '/organisations', '/economy']));
    const page = await http.request('/api/docs');
    expect(await page.text()).toContain('/api/contracts/{id}/variations');
  });

  it('finds organisations and their successor links', async () => {
    const r = await call('GET', '/api/organisations/RD7', 'provider');
    expect(r.body.successors[0]).toMatchObject({ successorCode: 'RDU', effectiveDate: '2014-10-01' });
    const bad = await call('GET', '/api/organisations/not-a-code', 'provider');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('code');
    const search = await call('GET', '/api/organisations?search=dudley', 'provider');
    expect(search.body.items.map((o: { code: string }) => o.code)).toEqual(expect.arrayContaining(['RNA', '05C']));
  });
});
