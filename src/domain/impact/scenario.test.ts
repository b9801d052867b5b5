import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { demoEconomy } from './fixtures/synthetic-economy.ts';
import { buildEconomy } from './build-economy.ts';
import { projectScenario } from './projection.ts';
import { MAX_LEVERS, scenarioJsonSchema, validateScenario } from './scenario.ts';

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
      const json = JSON.parse(readFileSync(new URL(`./fixtures/scenarios/${f}.json`, import.meta.url), 'utf8'));
      expect(validate(json), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(() => validateScenario(json, demoEconomy)).not.toThrow();
    }
    // The seed scenarios the demo stores (src/app/demo/impact/scenarios) are the same schema.
    for (const f of ['bedford-msk', 'western-sussex-msk', 'nottingham-dermatology', 'dudley-icp']) {
      const json = JSON.parse(readFileSync(new URL(`../../app/demo/impact/scenarios/${f}.json`, import.meta.url), 'utf8'));
      expect(validate(json), `demo ${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
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

describe('scenario validation against an economy built from contracts', () => {
  const { economy } = buildEconomy({
    id: 'beds',
    name: 'Bedfordshire',
    asAt: '2019-04-01',
    organisations: [
      { code: '06F', name: 'NHS Bedfordshire CCG', kind: 'ccg', openDate: '2013-04-01', closeDate: '2021-03-31' },
      { code: 'RC1', name: 'Bedford Hospital NHS Trust', kind: 'nhs_trust', openDate: '1992-04-01', closeDate: '2020-03-31' },
      { code: 'RC9', name: 'Luton and Dunstable University Hospital NHS Foundation Trust', kind: 'foundation_trust', openDate: '1992-04-01', closeDate: null },
      { code: 'ZNEW', name: 'A new provider', kind: 'independent_provider', openDate: '2019-10-01', closeDate: null },
    ],
    successors: [{ predecessorCode: 'RC1', successorCode: 'RC9', effectiveDate: '2020-04-01' }],
    contracts: [
      { id: 'c1', reference: 'BEDFORD-ACUTE', title: 't', model: 'standard_activity', status: 'live', startDate: '2019-04-01', endDate: '2020-03-31', valuePence: 100_000_000_00, parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC1', role: 'provider' }], serviceCodes: ['TRAUMA-ORTHO'] },
      { id: 'c2', reference: 'LD-ACUTE', title: 't', model: 'standard_activity', status: 'live', startDate: '2019-04-01', endDate: '2020-03-31', valuePence: 200_000_000_00, parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC9', role: 'provider' }], serviceCodes: ['TRAUMA-ORTHO'] },
      { id: 'c3', reference: 'NEW-DRAFT', title: 't', model: 'standard_activity', status: 'draft', startDate: '2019-10-01', endDate: '2022-03-31', valuePence: 1, parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'ZNEW', role: 'provider' }], serviceCodes: ['TRAUMA-ORTHO'] },
    ],
  });
  const move = (over: Record<string, unknown>) => ({ type: 'moveService', provider: 'RC1', service: 'TRAUMA-ORTHO', to: 'RC9', share: 0.2, from: '2019-04', ...over });
  const scenario = (levers: unknown[], extra: Record<string, unknown> = {}) => ({ name: 'x', economy: 'beds', start: '2019-04', horizonMonths: 24, levers, ...extra });
  const messages = (input: unknown) => {
    try {
      validateScenario(input, economy);
    } catch (e) {
      if (e instanceof ConcordatError) return e.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      throw e;
    }
    throw new Error('scenario was accepted');
  };

  it('refuses a lever naming a provider after its close date, with the date and its successor', () => {
    expect(messages(scenario([move({ from: '2020-05' })]))).toEqual([
      'levers.0.provider: Bedford Hospital NHS Trust (RC1) closed on 2020-03-31; this lever starts 2020-05; its services passed to RC9 from 2020-04-01',
    ]);
  });

  it('refuses a lever naming a provider before it opens, and a commissioner as a provider', () => {
    expect(messages(scenario([move({ to: 'ZNEW', from: '2019-05' }), move({ to: '06F' })]))).toEqual([
      'levers.0.to: A new provider (ZNEW) opens on 2019-10-01, after this lever starts (2019-05)',
      'levers.1.to: "06F" is a commissioner in this economy, not a provider',
    ]);
  });

  it('accepts a lever before the close date and says the provider closes within the horizon', () => {
    const s = validateScenario(scenario([move({ to: 'ZNEW', from: '2019-10' })]), economy);
    expect(s.notices).toEqual(['Bedford Hospital NHS Trust (RC1) closes on 2020-03-31, within the horizon (to 2021-03); the projection keeps it open']);
    // The projection passes the notice on.
    expect(projectScenario(economy, s).notices).toEqual(s.notices);
  });

  it('checks a lever\'s contract is in the economy and has the organisations named as parties', () => {
    expect(messages(scenario([move({ contract: 'NOPE' }), move({ contract: 'NEW-DRAFT' })]))).toEqual([
      'levers.0.contract: no contract "NOPE" in this economy',
      'levers.1.contract: NEW-DRAFT has none of RC1, RC9 as a party',
    ]);
    expect(validateScenario(scenario([move({ contract: 'LD-ACUTE' })]), economy).levers[0].contract).toBe('LD-ACUTE');
    // A synthetic economy has no contracts to name.
    expect(refused({ ...base, levers: [{ type: 'priceChange', change: -0.01, from: '2014-04', contract: 'X' }] }).message).toBe(
      'levers.0.contract: this economy was not built from contracts, so a lever cannot name one',
    );
  });

  it('refuses more levers than the limit with one message, and the limit can be set', () => {
    const many = Array.from({ length: MAX_LEVERS + 1 }, () => move({}));
    expect(messages(scenario(many))).toEqual([`levers: at most ${MAX_LEVERS} levers in one scenario (this one has ${MAX_LEVERS + 1})`]);
    expect(() => validateScenario(scenario(many.slice(0, 3)), economy, { maxLevers: 2 })).toThrow('levers: at most 2 levers in one scenario (this one has 3)');
    expect(validateScenario(scenario(many.slice(0, MAX_LEVERS)), economy).levers).toHaveLength(MAX_LEVERS);
  });
});
