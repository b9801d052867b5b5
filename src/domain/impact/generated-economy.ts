/**
 * Generated economies for scaling benchmarks: N providers on a grid, each with a few service lines,
 * dependencies and workforce, and a scenario pulling one lever of each kind. Deterministic for a
 * seed. Not real organisations: codes are 'G0001'...
 */

import { createRandom } from './random.ts';
import type { ScenarioInput } from './scenario.ts';
import type { Economy, Provider, ServiceLine } from './types.ts';

const SERVICES = ['MSK-ELECTIVE', 'TRAUMA-ORTHO', 'DERMATOLOGY', 'A-AND-E', 'OTHER-ACUTE'];

export function generateEconomy(providers: number, seed = 1): Economy {
  const rnd = createRandom(seed, 0);
  const commissioners = Array.from({ length: Math.max(1, Math.ceil(providers / 5)) }, (_, i) => ({
    code: `GC${String(i).padStart(3, '0')}`,
    name: `Generated commissioner ${i}`,
    kind: 'ccg' as const,
    illustrative: true,
  }));
  const list: Provider[] = [];
  const side = Math.ceil(Math.sqrt(providers));
  for (let p = 0; p < providers; p++) {
    const commissioner = commissioners[Math.floor(p / 5)].code;
    const lines: ServiceLine[] = SERVICES.map((service) => {
      const income = Math.round((2 + rnd.next() * 20) * 1_000_000) * 100;
      const activity = Math.round(2_000 + rnd.next() * 20_000);
      const variableCostShare = Math.round((0.2 + rnd.next() * 0.2) * 1_000_000);
      const semiStep = Math.round(activity / 4);
      const semiCost = Math.round(income * 0.05);
      const consultants = 4 + Math.floor(rnd.next() * 8);
      const unit = 27_130_449;
      const pay = consultants * unit;
      const fixed = Math.max(0, income - Math.round((income * variableCostShare) / 1_000_000) - 4 * semiCost - pay - Math.round(income * 0.02));
      return {
        service,
        income: [{ commissioner, annualIncome: income }],
        annualActivity: activity,
        variableCostShare,
        semiFixed: { annualVolumePerStep: semiStep, annualCostPerStep: semiCost },
        fixedCost: fixed,
        workforce: [{ staffGroup: 'consultant', headcount: consultants, annualUnitCost: unit, minimumViable: Math.max(2, Math.floor(consultants / 2)) }],
        minimumViableVolume: Math.round(activity * 0.4),
        maxAnnualLoss: service === 'TRAUMA-ORTHO' ? Math.round(income * 0.03) : undefined,
      };
    });
    list.push({
      code: `G${String(p).padStart(4, '0')}`,
      name: `Generated provider ${p}`,
      kind: 'nhs-trust',
      illustrative: true,
      cash: Math.round((1 + rnd.next() * 10) * 1_000_000) * 100,
      location: { lat: 50 + (Math.floor(p / side) * 0.2), lon: -3 + (p % side) * 0.2 },
      serviceLines: lines,
    });
  }
  return {
    id: `generated-${providers}`,
    name: `Generated economy, ${providers} providers`,
    priceBase: 'illustrative',
    providers: list,
    commissioners,
    dependencies: list.map((p) => ({ provider: p.code, service: 'TRAUMA-ORTHO', supportedBy: 'MSK-ELECTIVE', share: 300_000 })),
  };
}

/** A scenario for a generated economy: moves, referral shifts, staff losses and a price change. */
export function generateScenario(economy: Economy, horizonMonths: number, seed = 2): ScenarioInput {
  const rnd = createRandom(seed, 0);
  const n = economy.providers.length;
  const pick = () => economy.providers[Math.floor(rnd.next() * n)].code;
  const levers: ScenarioInput['levers'] = [];
  const k = Math.max(1, Math.floor(n / 10));
  for (let i = 0; i < k; i++) {
    const a = pick();
    let b = pick();
    if (b === a) b = economy.providers[(economy.providers.findIndex((p) => p.code === a) + 1) % n].code;
    levers.push({ type: 'moveService', provider: a, service: 'DERMATOLOGY', to: b, share: 0.3, from: '2025-04', phaseIn: { type: 'linear', months: 6 } });
    levers.push({ type: 'referralShift', provider: pick(), service: 'MSK-ELECTIVE', change: -0.3, from: '2025-06' });
    levers.push({ type: 'staffLeaving', provider: pick(), service: 'A-AND-E', staffGroup: 'consultant', count: 1, from: '2026-01' });
  }
  levers.push({ type: 'priceChange', change: -0.01, from: '2026-04' });
  return {
    name: `Generated scenario (${n} providers, ${horizonMonths} months)`,
    economy: economy.id,
    start: '2025-04',
    horizonMonths,
    levers,
    uncertainty: {
      demandGrowth: { distribution: 'normal', mean: 0.02, sd: 0.01, min: -0.02, max: 0.06 },
      referralShift: { distribution: 'triangular', min: -0.4, mode: -0.3, max: -0.15 },
      staffTurnover: { distribution: 'uniform', min: 0, max: 0.03 },
      priceChange: { distribution: 'triangular', min: -0.02, mode: -0.01, max: 0.005 },
    },
  };
}
