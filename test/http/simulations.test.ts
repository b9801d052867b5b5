import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { shutdownSimulationWorkers } from '../../src/engine/simulation/pool.ts';
import { createHttpApp } from '../../src/http/app.ts';

/** The impact API in-process (`http.request`, no port): stored scenarios, simulations on the stored demo economy, and the report. */
describe('HTTP API: scenarios and simulations', () => {
  let app: ConcordatApp;
  let http: ReturnType<typeof createHttpApp>;
  let token = '';
  const POUNDS = 100;

  const call = async (method: string, path: string, body?: unknown, auth = true) => {
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await http.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, text, type: res.headers.get('content-type') ?? '', body: res.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : null };
  };
  const file = (id: string) => {
    const { $schema: _s, ...json } = JSON.parse(readFileSync(new URL(`../../src/app/demo/impact/scenarios/${id}.json`, import.meta.url), 'utf8'));
    return json;
  };
  const simulate = (id: string, trials = 200, seed = 7) => call('POST', '/api/simulations', { scenario: file(id), trials, seed });
  type P = { code: string; cumulative: { impact: number; baselineSurplus: number }; firstDeficitYear: string | null; baselineFirstDeficitYear: string | null; years: { income: number }[]; serviceLines: { service: string; failed: unknown }[]; impactBreakdown: Record<string, number> };
  const provider = (body: { projection: { providers: P[] } }, code: string) => body.projection.providers.find((p) => p.code === code)!;

  beforeAll(async () => {
    app = await ConcordatApp.open({ dataDir: 'memory://', loadDemoIfEmpty: true, clock: fixedClock('2015-06-01T09:00:00Z') });
    http = createHttpApp(app);
    const r = await call('POST', '/api/session', { username: 'provider', password: 'concordat' }, false);
    expect(r.status).toBe(200);
    token = r.body.token;
  });
  afterAll(async () => {
    await shutdownSimulationWorkers();
    await app?.close();
  });

  it('needs a signed-in user', async () => {
    expect((await call('GET', '/api/scenarios', undefined, false)).status).toBe(401);
    expect((await call('POST', '/api/simulations', { scenario: file('bedford-msk') }, false)).status).toBe(401);
  });

  it('lists the four seed scenarios stored on the demo economy, with their levers in words, and serves each, the schema and the economy', async () => {
    const list = await call('GET', '/api/scenarios');
    expect(list.status).toBe(200);
    expect(list.body.map((s: { id: string }) => s.id).sort()).toEqual(['bedford-msk', 'dudley-icp', 'nottingham-dermatology', 'western-sussex-msk']);
    const notts = list.body.find((s: { id: string }) => s.id === 'nottingham-dermatology');
    expect(notts).toMatchObject({ economy: 'demo', ownerOrganisation: 'X24', sharing: 'economy', yours: false });
    expect(notts.levers.map((l: { type: string }) => l.type)).toEqual(['staffLeaving']);
    expect(notts.levers[0].summary).toContain('6 consultant');
    const one = await call('GET', '/api/scenarios/dudley-icp');
    expect(one.body).toEqual(file('dudley-icp'));
    expect((await call('GET', '/api/scenarios/no-such-thing')).status).toBe(404);
    const schema = await call('GET', '/api/scenarios/schema');
    expect(schema.body.properties.levers).toBeDefined();
    const economy = await call('GET', '/api/economies/demo/versions/2014-04-01');
    expect(economy.status).toBe(200);
    expect(economy.body.data.providers.find((p: { code: string }) => p.code === 'RX1').serviceLines.map((l: { service: string }) => l.service)).toContain('DERMATOLOGY');
  });

  it('Bedford MSK: trauma fails on the financial test, its patients go to Milton Keynes, and the guarantee is priced', async () => {
    const r = await simulate('bedford-msk');
    expect(r.status).toBe(200);
    const trauma = provider(r.body, 'RC1').serviceLines.find((l) => l.service === 'TRAUMA-ORTHO')!;
    expect(trauma.failed).toMatchObject({ reason: 'financial' });
    expect(r.body.projection.contagion).toContainEqual(expect.objectContaining({ fromProvider: 'RC1', service: 'TRAUMA-ORTHO', toProvider: 'RD8' }));
    const mig = r.body.projection.minimumIncomeGuarantee;
    expect(mig.annualFloor).toBeGreaterThan(7_000_000 * POUNDS);
    expect(mig.annualFloor).toBeLessThan(10_000_000 * POUNDS);
    expect(r.body.stress.trials).toBe(200);
    expect(r.body.stress.whoFailsFirst[0]).toMatchObject({ provider: 'RC1', service: 'TRAUMA-ORTHO' });
    expect(r.body.outcomes.join('\n')).toMatch(/TRAUMA-ORTHO closes/);
  });

  it('Western Sussex MSK: about £13m impact, derived as income less costs shed, from surplus into deficit', async () => {
    const r = await simulate('western-sussex-msk');
    const ryr = provider(r.body, 'RYR');
    expect(-ryr.cumulative.impact).toBeGreaterThan(8_000_000 * POUNDS);
    expect(-ryr.cumulative.impact).toBeLessThan(20_000_000 * POUNDS);
    const b = ryr.impactBreakdown;
    expect(b.income - b.variableCost - b.semiFixedCost - b.fixedCost - b.payCost).toBe(ryr.cumulative.impact);
    expect(ryr.baselineFirstDeficitYear).toBeNull();
    expect(ryr.firstDeficitYear).not.toBeNull();
    const bridge = r.body.projection.bridges.find((x: { provider: string }) => x.provider === 'RYR');
    expect(bridge.steps[0].amount).toBe(ryr.cumulative.impact);
  });

  it('Nottingham dermatology: the service closes in 2015-01 below its minimum workforce; patients go back to Circle', async () => {
    const r = await simulate('nottingham-dermatology');
    expect(r.body.economy).toMatchObject({ id: 'demo', asAt: '2014-04-01' });
    expect(r.body.projection.failures[0]).toMatchObject({ provider: 'RX1', service: 'DERMATOLOGY', period: '2015-01', reason: 'workforce' });
    expect(r.body.projection.contagion).toContainEqual(expect.objectContaining({ fromProvider: 'RX1', service: 'DERMATOLOGY', toProvider: 'ZCIRC', firstPeriod: '2015-01' }));
    expect(r.body.outcomes[0]).toContain('DERMATOLOGY closes in 2015-01');
  });

  it('Dudley ICP: on the 2023/24 statements the ICP takes about 40% of the trust\'s income and the trust falls into deficit', async () => {
    const r = await simulate('dudley-icp');
    expect(r.body.economy.asAt).toBe('2023-04-01');
    const rna = provider(r.body, 'RNA');
    expect(rna.years[2].income / rna.years[0].income).toBeLessThan(0.7);
    expect(rna.baselineFirstDeficitYear).toBeNull();
    expect(rna.firstDeficitYear).not.toBeNull();
  });

  it('refuses a scenario with an unknown provider, a negative share and a lever after the horizon, naming each field', async () => {
    const s = file('nottingham-dermatology');
    s.levers[0].provider = 'NOPE';
    s.levers[0].count = -1;
    s.levers.push({ ...s.levers[0], provider: 'RX1', count: 1, from: '2030-01' });
    const r = await call('POST', '/api/simulations', { scenario: s, trials: 10 });
    expect(r.status).toBe(400);
    expect(r.body.error.kind).toBe('invalid');
    const paths = r.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['levers.0.provider', 'levers.0.count', 'levers.1.from']));
    expect(r.body.error.issues.find((i: { path: string }) => i.path === 'levers.0.provider').message).toContain('NOPE');
  });

  it('bounds the work: trials above 20,000 or negative are refused, and the body must hold a scenario object', async () => {
    const big = await call('POST', '/api/simulations', { scenario: file('bedford-msk'), trials: 20_001 });
    expect(big.status).toBe(400);
    expect(big.body.error.issues[0].path).toBe('trials');
    expect((await call('POST', '/api/simulations', { scenario: file('bedford-msk'), trials: -1 })).status).toBe(400);
    const none = await call('POST', '/api/simulations', { trials: 10 });
    expect(none.status).toBe(400);
    expect(none.body.error.issues[0].path).toBe('scenario');
    const economy = await call('POST', '/api/simulations', { scenario: { ...file('bedford-msk'), economy: 'atlantis' }, trials: 0 });
    expect(economy.status).toBe(400);
    expect(economy.body.error.issues[0].path).toBe('economy');
  });

  it('gives the identical JSON for the same seed, and a different stress result for another seed', async () => {
    const a = await simulate('bedford-msk', 300, 42);
    const b = await simulate('bedford-msk', 300, 42);
    expect(a.status).toBe(200);
    expect(a.text).toBe(b.text);
    const c = await simulate('bedford-msk', 300, 43);
    expect(JSON.stringify(JSON.parse(c.text).stress.providers)).not.toBe(JSON.stringify(JSON.parse(a.text).stress.providers));
    expect(JSON.parse(c.text).projection).toEqual(JSON.parse(a.text).projection);
  });

  it('serves a printable HTML report naming the scenario, with its charts, the derivation and no scripts', async () => {
    const r = await call('GET', '/api/simulations/report?scenario=nottingham-dermatology&trials=100&seed=3');
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/html');
    expect(r.text).toContain('Nottingham dermatology: six of eight consultants leave rather than transfer');
    expect(r.text).toContain('<svg');
    expect(r.text).toContain('impact = change in income');
    expect(r.text).toContain('@media print');
    expect(r.text).toContain('100 Monte Carlo trials, seed 3');
    expect(r.text).not.toMatch(/<script/i);
    expect((await call('GET', '/api/simulations/report?scenario=nope')).status).toBe(404);
    expect((await call('GET', '/api/simulations/report?scenario=bedford-msk&trials=99999')).status).toBe(400);
  });
});
