import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildTariff,
  createTariffRegistry,
  DEMO_TARIFF_2025_26,
  hipFractureBptFor,
  parseBenchmarkApcCsv,
  parseBenchmarkOpCsv,
  parseMffCsv,
  type ApcPrice,
  type Tariff,
  withMff,
} from '../tariff/index.ts';
import { priceUnit, priceUnitOn, pricePence, type ActivityUnit, type PricedUnit, type PriceResult } from './index.ts';

function apc(hrg: string, p: Partial<ApcPrice>): ApcPrice {
  return {
    hrg, name: null, outpatientProcedurePence: null, combinedElectivePence: null, dayCasePence: null,
    ordinaryElectivePence: null, electiveTrimDays: null, nonElectivePence: null, nonElectiveTrimDays: null,
    longStayPerDayPence: null, ssemApplicable: false, ssemPctMicros: null, ssemReducedPence: null, ...p,
  };
}

const NATIONAL = { mffMicros: 1_000_000 };

function priced(r: PriceResult): PricedUnit {
  if (!r.ok) throw new Error(`rejected: ${r.reason} ${r.message}`);
  return r;
}

// RULES.md §7 example 7: £2,000 price, trim point 10, £250/day.
const EXAMPLE_7 = buildTariff({
  year: '2025/26',
  source: 'RULES.md §7 example 7 [C]',
  apc: [
    apc('AA10A', { ordinaryElectivePence: 200_000, electiveTrimDays: 10, nonElectivePence: 200_000, nonElectiveTrimDays: 10, longStayPerDayPence: 25_000, dayCasePence: 150_000 }),
    apc('AA11A', { nonElectivePence: 200_000, nonElectiveTrimDays: 5, longStayPerDayPence: 25_000, ssemApplicable: true, ssemPctMicros: 450_000 }),
    apc('AA12A', { nonElectivePence: 200_000, ssemApplicable: true, ssemPctMicros: 450_000, ssemReducedPence: 70_000 }),
    apc('AA13A', { nonElectivePence: 200_000, nonElectiveTrimDays: 2 }),
  ],
  mff: [{ provider: 'RA1', name: null, mffMicros: 1_046_100 }],
});

describe('outpatient attendances', () => {
  it('prices a first attendance £168 x MFF 1.0461 as £175.74 (RULES.md §7 example 1)', () => {
    const t = withMff(DEMO_TARIFF_2025_26, [{ provider: 'RXX', name: null, mffMicros: 1_046_100 }]);
    const r = priced(priceUnit(t, { pod: 'OPFA', provider: 'RXX', tfc: '110' }));
    expect(r.basePence).toBe(16_800);
    expect(r.pence).toBe(17_574);
    expect(r.rule).toBe('op.first_attendance+mff');
    expect(r.components.map((c) => [c.rule, c.pence])).toEqual([['op.first_attendance', 16_800], ['mff', 774]]);
  });

  it('prices a follow-up by treatment function code', () => {
    const r = priced(priceUnit(DEMO_TARIFF_2025_26, { pod: 'OPFU', provider: 'X', tfc: '110' }, NATIONAL));
    expect(r.pence).toBe(8_100);
    expect(r.rule).toBe('op.follow_up_attendance+mff');
  });

  it('rejects an unknown TFC and a provider with no MFF', () => {
    expect(priceUnit(DEMO_TARIFF_2025_26, { pod: 'OPFA', provider: 'X', tfc: '999' }, NATIONAL)).toMatchObject({ ok: false, reason: 'unknown_tfc' });
    expect(priceUnit(DEMO_TARIFF_2025_26, { pod: 'OPFA', provider: 'X', tfc: '110' })).toMatchObject({ ok: false, reason: 'no_mff' });
    expect(priceUnit(DEMO_TARIFF_2025_26, { pod: 'OPFA', provider: 'X', tfc: '110' }, { mffWhenMissing: 1_000_000 })).toMatchObject({ ok: true, pence: 16_800 });
  });
});

describe('admitted patient care', () => {
  it('pays excess bed days beyond the trim point (RULES.md §7 example 7)', () => {
    const long = priced(priceUnit(EXAMPLE_7, { pod: 'EL', provider: 'X', hrg: 'AA10A', losDays: 14 }, NATIONAL));
    expect(long.pence).toBe(300_000);
    expect(long.rule).toBe('apc.ordinary_elective+apc.excess_bed_days+mff');
    expect(long.components.find((c) => c.kind === 'excess_bed_days')).toMatchObject({ pence: 100_000, description: '4 excess bed days x £250.00 beyond trim point 10' });
    const atTrim = priced(priceUnit(EXAMPLE_7, { pod: 'EL', provider: 'X', hrg: 'AA10A', losDays: 10 }, NATIONAL));
    expect(atTrim.pence).toBe(200_000);
    expect(atTrim.rule).toBe('apc.ordinary_elective+mff');
  });

  it('applies the MFF to the whole spell including excess bed days', () => {
    const r = priced(priceUnit(EXAMPLE_7, { pod: 'NEL', provider: 'RA1', hrg: 'AA10A', losDays: 14 }));
    expect(r.basePence).toBe(300_000);
    expect(r.pence).toBe(313_830); // 300,000 x 1.0461
  });

  it('prices a day case without excess bed days, falling back to the combined price', () => {
    expect(priced(priceUnit(EXAMPLE_7, { pod: 'DC', provider: 'X', hrg: 'AA10A', losDays: 30 }, NATIONAL)).pence).toBe(150_000);
    const hip = priced(priceUnit(DEMO_TARIFF_2025_26, { pod: 'DC', provider: 'X', hrg: 'HN45A' }, NATIONAL));
    expect(hip.pence).toBe(130_400);
    const el = priced(priceUnit(DEMO_TARIFF_2025_26, { pod: 'EL', provider: 'X', hrg: 'HN12A', losDays: 5 }, NATIONAL));
    expect(el.pence).toBe(1_390_000);
  });

  it('rejects unknown HRGs, missing prices and missing lengths of stay', () => {
    expect(priceUnit(EXAMPLE_7, { pod: 'EL', provider: 'X', hrg: 'ZZ99Z', losDays: 1 }, NATIONAL)).toMatchObject({ ok: false, reason: 'unknown_hrg' });
    expect(priceUnit(EXAMPLE_7, { pod: 'EL', provider: 'X', hrg: 'AA11A', losDays: 1 }, NATIONAL)).toMatchObject({ ok: false, reason: 'no_price' });
    expect(priceUnit(EXAMPLE_7, { pod: 'NEL', provider: 'X', hrg: 'AA10A' }, NATIONAL)).toMatchObject({ ok: false, reason: 'invalid_activity' });
    expect(priceUnit(EXAMPLE_7, { pod: 'NEL', provider: 'X', hrg: 'AA13A', losDays: 5 }, NATIONAL)).toMatchObject({ ok: false, reason: 'tariff_incomplete' });
    expect(priceUnit(EXAMPLE_7, { pod: 'OPPROC', provider: 'X', hrg: 'AA10A' }, NATIONAL)).toMatchObject({ ok: false, reason: 'no_price' });
  });
});

describe('short stay emergency adjustment (RULES.md §2.3)', () => {
  const emergency: ActivityUnit = { pod: 'NEL', provider: 'X', hrg: 'AA11A', losDays: 1, admissionMethod: '21', ageYears: 19 };

  it('uses pct x NEL price when no reduced price is published', () => {
    const r = priced(priceUnit(EXAMPLE_7, emergency, NATIONAL));
    expect(r.pence).toBe(90_000);
    expect(r.rule).toBe('apc.non_elective+apc.short_stay_emergency+mff');
    expect(r.components.find((c) => c.kind === 'short_stay_emergency')?.pence).toBe(-110_000);
  });

  it('prefers the published reduced price', () => {
    expect(priced(priceUnit(EXAMPLE_7, { ...emergency, hrg: 'AA12A', losDays: 0 }, NATIONAL)).pence).toBe(70_000);
  });

  it('does not apply under 19, at LoS 2, for a non-emergency admission, without an admission method or for an unflagged HRG', () => {
    for (const u of [
      { ...emergency, ageYears: 18 },
      { ...emergency, losDays: 2 },
      { ...emergency, admissionMethod: '31' },
      { ...emergency, admissionMethod: undefined },
      { ...emergency, ageYears: undefined },
      { ...emergency, hrg: 'AA10A' },
    ]) {
      const r = priced(priceUnit(EXAMPLE_7, u, NATIONAL));
      expect(r.pence).toBe(200_000);
      expect(r.rule).not.toContain('short_stay');
    }
  });

  it('takes its thresholds from the tariff year, not from constants', () => {
    const t: Tariff = { ...EXAMPLE_7, rules: { shortStayEmergency: { minAgeYears: 16, maxLosDays: 2, emergencyAdmissionMethods: ['21'] } } };
    expect(priced(priceUnit(t, { ...emergency, ageYears: 17, losDays: 2 }, NATIONAL)).pence).toBe(90_000);
  });
});

describe('hip fracture best practice tariff (RULES.md §2.5)', () => {
  const t = buildTariff({
    year: '2012/13',
    source: 'test',
    apc: [apc('HT12A', { nonElectivePence: 600_000, nonElectiveTrimDays: 30, longStayPerDayPence: 20_000 })],
    hipFractureBpt: hipFractureBptFor('2012/13'),
  });
  const all = Object.fromEntries(t.bestPractice.hipFracture!.criteria.map((c) => [c, true]));

  it('adds the £1,335 top-up in 2012/13 only when every criterion is met', () => {
    const met = priced(priceUnit(t, { pod: 'NEL', provider: 'X', hrg: 'HT12A', losDays: 12, hipFractureCriteria: all }, NATIONAL));
    expect(met.pence).toBe(733_500);
    expect(met.rule).toBe('apc.non_elective+bpt.hip_fracture+mff');
    const missed = priced(priceUnit(t, { pod: 'NEL', provider: 'X', hrg: 'HT12A', losDays: 12, hipFractureCriteria: { ...all, surgery_within_36h: false } }, NATIONAL));
    expect(missed.pence).toBe(600_000);
  });
});

describe('registry and the benchmark path', () => {
  it('prices with the tariff in force on the activity date', () => {
    const registry = createTariffRegistry([DEMO_TARIFF_2025_26]);
    expect(priceUnitOn(registry, '2025-06-01', { pod: 'OPFA', provider: 'X', tfc: '110' }, NATIONAL)).toMatchObject({ ok: true, pence: 16_800 });
    expect(priceUnitOn(registry, '2025-03-31', { pod: 'OPFA', provider: 'X', tfc: '110' }, NATIONAL)).toMatchObject({ ok: false, reason: 'no_tariff' });
  });

  it('matches the benchmark rule floor((base x mff_micro + 500000) / 1e6) on random rows', () => {
    const apcText = 'hrg,el_price_pence,dc_price_pence,nel_price_pence,el_trim_days,nel_trim_days,xbd_price_pence\nAB10A,812345,501234,934567,7,21,31234\n';
    const opText = 'tfc,first_price_pence,followup_price_pence\n110,16800,8123\n';
    const t = buildTariff({
      year: '2025/26',
      source: 'bench',
      apc: parseBenchmarkApcCsv(apcText).rows,
      outpatient: parseBenchmarkOpCsv(opText).rows,
      mff: parseMffCsv('provider,mff\nRA1,0.957311\nRB1,1.234567\n').rows,
    });
    const mff: Record<string, bigint> = { RA1: 957_311n, RB1: 1_234_567n };
    fc.assert(
      fc.property(fc.constantFrom('OPFA', 'OPFU', 'DC', 'EL', 'NEL'), fc.constantFrom('RA1', 'RB1'), fc.integer({ min: 0, max: 60 }), (pod, provider, los) => {
        const unit: ActivityUnit = pod.startsWith('OP') ? { pod, provider, tfc: '110' } : { pod, provider, hrg: 'AB10A', losDays: los };
        const base =
          pod === 'OPFA' ? 16_800 : pod === 'OPFU' ? 8_123 : pod === 'DC' ? 501_234
          : pod === 'EL' ? 812_345 + Math.max(0, los - 7) * 31_234 : 934_567 + Math.max(0, los - 21) * 31_234;
        const expected = Number((BigInt(base) * mff[provider] + 500_000n) / 1_000_000n);
        const full = priced(priceUnit(t, unit));
        expect(full.pence).toBe(expected);
        expect(pricePence(t, unit)).toBe(expected);
        expect(full.components.reduce((s, c) => s + c.pence, 0)).toBe(full.pence);
      }),
    );
  });
});

describe('components always add up to the price', () => {
  it('holds for random spells', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('DC', 'EL', 'NEL') as fc.Arbitrary<'DC' | 'EL' | 'NEL'>,
        fc.constantFrom('AA10A', 'AA11A', 'AA12A'),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom('11', '21', '2A', '31'),
        fc.integer({ min: 500_000, max: 1_500_000 }),
        (pod, hrg, losDays, ageYears, admissionMethod, mffMicros) => {
          const r = priceUnit(EXAMPLE_7, { pod, provider: 'X', hrg, losDays, ageYears, admissionMethod }, { mffMicros });
          if (!r.ok) return;
          expect(r.components.reduce((s, c) => s + c.pence, 0)).toBe(r.pence);
          expect(r.components.filter((c) => c.kind !== 'market_forces').reduce((s, c) => s + c.pence, 0)).toBe(r.basePence);
          expect(pricePence(EXAMPLE_7, { pod, provider: 'X', hrg, losDays, ageYears, admissionMethod }, { mffMicros })).toBe(r.pence);
        },
      ),
    );
  });
});
