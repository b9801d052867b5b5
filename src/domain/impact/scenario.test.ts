import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { demoEconomy } from './demo-economy.ts';
import { scenarioJsonSchema, validateScenario } from './scenario.ts';

const base = { name: 'Test', economy: 'demo', start: '2014-04', horizonMonths: 24 };

function refused(input: unknown): ConcordatError {
  try {
    validateScenario(input, demoEconomy);
  } catch (e) {
    if (e instanceof ConcordatError) return e;
    throw e;
  }
  throw new Error('scenario was accepted');
}

describe('scenario validation', () => {
  it('refuses a scenario with an unknown provider, a negative share and a lever after the horizon, naming each field', () => {
    const e = refused({
      ...base,
      levers: [
        { type: 'moveService', provider: 'XYZ', service: 'MSK-ELECTIVE', to: 'ZCIRC', share: 0.3, from: '2014-04' },
        { type: 'referralShift', provider: 'RC1', service: 'MSK-ELECTIVE', change: -0.3, from: '2016-06' },
        { type: 'moveService', provider: 'RC1', service: 'MSK-ELECTIVE', to: 'ZCIRC', share: -0.2, from: '2014-05' },
      ],
    });
    expect(e.kind).toBe('invalid');
    const messages = e.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual([
      'levers.0.provider: unknown provider "XYZ"',
      'levers.1.from: after the horizon',
      'levers.2.share: must be between 0 and 1',
    ]);
    expect(e.message).toBe('levers.0.provider: unknown provider "XYZ" (and 2 more)');
  });

  it('names the exact path of a bad share', () => {
    const e = refused({ ...base, levers: [{}, {}, { type: 'moveService', provider: 'RC1', service: 'MSK-ELECTIVE', to: 'ZCIRC', share: 1.5, from: '2014-04' }].slice(2) });
    expect(e.message).toBe('levers.0.share: must be between 0 and 1');
  });

  it('refuses a horizon over 120 months, a missing service line and too many leavers', () => {
    expect(refused({ ...base, horizonMonths: 121 }).message).toBe('horizonMonths: must be between 1 and 120');
    const e = refused({
      ...base,
      levers: [
        { type: 'staffLeaving', provider: 'RX1', service: 'DERMATOLOGY', staffGroup: 'consultant', count: 9, from: '2014-05' },
        { type: 'minimumIncomeGuarantee', provider: 'ZBUPA', service: 'TRAUMA-ORTHO', annualFloorPence: 100, from: '2014-05' },
        { type: 'merger', provider: 'RC1', acquirer: 'RC1', from: '2013-05' },
      ],
    });
    const messages = e.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual([
      'levers.0.count: must not exceed the 8 in post',
      'levers.1.service: provider "ZBUPA" has no TRAUMA-ORTHO service line',
      'levers.2.from: before the start period 2014-04',
      'levers.2.acquirer: must differ from provider',
    ]);
  });

  it('fills defaults and converts shares to micros and dates to month indices', () => {
    const s = validateScenario(
      { name: 'x', economy: 'demo', start: '2014-04', levers: [{ type: 'moveService', provider: 'RC1', service: 'MSK-ELECTIVE', to: 'ZCIRC', share: 0.3, from: '2015-01', phaseIn: { type: 'linear', months: 4 } }] },
      demoEconomy,
    );
    expect(s.horizonMonths).toBe(60);
    const lever = s.levers[0];
    expect(lever.type === 'moveService' && lever.share).toBe(300_000);
    expect(lever.fromMonth).toBe(9);
    expect(lever.phase).toEqual([250_000, 500_000, 750_000, 1_000_000]);
  });

  it('exports a JSON Schema that accepts every saved seed scenario', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(scenarioJsonSchema());
    for (const f of ['bedford-msk', 'western-sussex-msk', 'nottingham-dermatology', 'dudley-icp']) {
      const json = JSON.parse(readFileSync(new URL(`../../../scenarios/${f}.json`, import.meta.url), 'utf8'));
      expect(validate(json), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(() => validateScenario(json, demoEconomy)).not.toThrow();
    }
    expect(validate({ name: 'x', economy: 'demo', start: '2014-04', levers: [{ type: 'moveService', share: 2 }] })).toBe(false);
  });

  it('keeps scenarios/scenario.schema.json up to date with the zod schema', () => {
    const saved = JSON.parse(readFileSync(new URL('../../../scenarios/scenario.schema.json', import.meta.url), 'utf8'));
    expect(saved).toEqual(scenarioJsonSchema());
  });
});

describe('scenario validation of a lever that fails the schema', () => {
  it('still names its unknown provider and out-of-horizon date', () => {
    const e = refused({ ...base, levers: [{ type: 'moveService', provider: 'XYZ', service: 'MSK-ELECTIVE', to: 'ZCIRC', share: -0.1, from: '2030-01' }] });
    expect(e.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'levers.0.share: must be between 0 and 1',
      'levers.0.provider: unknown provider "XYZ"',
      'levers.0.from: after the horizon',
    ]);
  });
});
