import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runStressTestInThread } from '../../engine/simulation/stress.ts';
import { shutdownSimulationWorkers } from '../../engine/simulation/pool.ts';
import { demoEconomy } from './fixtures/synthetic-economy.ts';
import { nearestLines, NEAREST_PROVIDER_MAX_KM } from './model.ts';
import { projectScenario } from './projection.ts';
import { validateScenario } from './scenario.ts';
import { scenarioCoverage } from './scope.ts';

// The synthetic demo economy holds four unrelated local health economies side by side, the case
// an economy built from a user's contracts can be in.
const load = (name: string) => validateScenario(JSON.parse(readFileSync(new URL(`./fixtures/scenarios/${name}.json`, import.meta.url), 'utf8')), demoEconomy);
const SEEDS = ['bedford-msk', 'western-sussex-msk', 'nottingham-dermatology', 'dudley-icp'] as const;

afterAll(async () => {
  await shutdownSimulationWorkers();
});

describe('what a scenario\'s results cover', () => {
  it('covers the Sussex providers for the Sussex scenario, and says why', () => {
    const c = scenarioCoverage(demoEconomy, load('western-sussex-msk'));
    expect(c.basis).toBe('connected');
    expect([...c.providers].sort()).toEqual(['RXH', 'RYR', 'ZBUPA']);
    expect(c.commissionersInFull).toEqual(['09D', '09G']);
    expect(c.providersLeftOut).toBe(demoEconomy.providers.length - 3);
    expect(c.description).toMatch(/connected to the levers/);
  });

  it('follows where closed services\' patients go and the commissioners who pay (Bedford)', () => {
    const c = scenarioCoverage(demoEconomy, load('bedford-msk'));
    // Circle is reached through the redirect; Milton Keynes through trauma's nearest provider.
    expect([...c.providers].sort()).toEqual(['RC1', 'RD8', 'ZCIRC']);
    // Circle's Nottingham dermatology is paid by 04K, whose other providers are not reached.
    expect(c.commissionersInPart).toEqual(['04K']);
  });

  it('covers the whole economy when no lever is pulled', () => {
    const c = scenarioCoverage(demoEconomy, validateScenario({ name: 'x', economy: 'demo', start: '2014-04', horizonMonths: 12 }, demoEconomy));
    expect(c).toMatchObject({ basis: 'whole', providersLeftOut: 0 });
  });

  it('does not call a provider 150 km away "nearest" by location', () => {
    const lines = [
      { provider: 'RD8', service: 'TRAUMA-ORTHO', location: { lat: 52.026, lon: -0.736 } },
      { provider: 'RC1', service: 'TRAUMA-ORTHO', location: { lat: 52.127, lon: -0.467 } },
      { provider: 'RXK', service: 'TRAUMA-ORTHO', location: { lat: 52.496, lon: -1.966 } },
    ];
    expect(nearestLines(lines)[0]).toEqual([1]);
    expect(NEAREST_PROVIDER_MAX_KM).toBeLessThan(100);
    // Entered nearest providers are taken at any distance.
    expect(nearestLines([{ ...lines[0], explicit: ['RXK'] }, lines[1], lines[2]])[0]).toEqual([2]);
  });

  it.each(SEEDS)('gives the same results for covered providers as the whole economy does (%s)', (name) => {
    const s = load(name);
    const part = projectScenario(demoEconomy, s);
    const whole = projectScenario(demoEconomy, s, { coverage: 'whole' });
    expect(whole.coverage.providers).toHaveLength(demoEconomy.providers.length);
    for (const p of part.providers) expect(p).toEqual(whole.providers.find((x) => x.code === p.code));
    for (const b of part.bridges) expect(b).toEqual(whole.bridges.find((x) => x.provider === b.provider));
    for (const code of part.coverage.commissionersInFull) {
      expect(part.commissioners.find((c) => c.code === code)).toEqual(whole.commissioners.find((c) => c.code === code));
    }
    expect(part.failures).toEqual(whole.failures.filter((f) => part.coverage.providers.includes(f.provider)));
    expect(part.minimumIncomeGuarantee).toEqual(whole.minimumIncomeGuarantee);
  });
});

describe('who fails first', () => {
  it('in a Sussex scenario names only Sussex services, though other economies\' services fail under the same uncertainty', () => {
    const s = load('western-sussex-msk');
    const part = runStressTestInThread(demoEconomy, s, { trials: 400, seed: 11 });
    const whole = runStressTestInThread(demoEconomy, s, { trials: 400, seed: 11, coverage: 'whole' });
    const sussex = new Set(['RYR', 'RXH', 'ZBUPA']);
    // The old behaviour, kept behind coverage: 'whole': Bedford's trauma service fails in the trials.
    expect(whole.whoFailsFirst.some((r) => !sussex.has(r.provider))).toBe(true);
    expect(whole.whoFailsFirst.map((r) => `${r.provider} ${r.service}`)).toContain('RC1 TRAUMA-ORTHO');
    expect(part.whoFailsFirst.every((r) => sussex.has(r.provider))).toBe(true);
    expect(part.providers.map((p) => p.code).sort()).toEqual(['RXH', 'RYR', 'ZBUPA']);
    expect(part.coverage.basis).toBe('connected');
  });
});
