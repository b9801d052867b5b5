/**
 * Demo payment data, loaded through the same use cases a person would use: tariff years, payment
 * terms, a year of generated patient-level activity and a plan for two seed contracts.
 *
 * Real and illustrative, plainly:
 * - 2025/26 prices: DEMO_TARIFF_2025_26 (real 2025/26 Annex A MSK elective prices; the rest
 *   illustrative; see src/domain/tariff/demo.ts).
 * - 2014/15 and 2023/24 prices: ILLUSTRATIVE. The demo has no real Annex A for those years, so each is
 *   the 2025/26 demo tariff deflated by the real GDP deflator (ONS, shared/data/costs/
 *   uk_cost_indices_gdp_deflator_ncl.csv: 2014-15 74.0662, 2023-24 96.1117, 2025-26 103.2388; the
 *   2025-26 figure is an OBR forecast). Real tariffs did not move with the deflator.
 * - MFF: DEMO_MFF (src/domain/tariff/demo.ts): REAL values for every NHS trust in the 2026/27 Annex A
 *   (shared/data/tariff/mff_2026-27.csv), used for every demo year, so any trust in the registry can be
 *   priced. ZCIRC (Circle; an illustrative code) and RC1 (Bedford Hospital, now part of RC9) take RC9's
 *   value: ILLUSTRATIVE.
 * - Terms: BLMK-MKUH-2025-26 is aligned payment and incentive like Dudley's (below), £330m a year, with
 *   six months of activity (April to September 2025) submitted: ILLUSTRATIVE.
 * - Terms: BEDS-MSK-2014 2014/15 is outcomes-based: £24m a year (the £120m over five years) with 4% a
 *   year at risk on outcomes (£0.96m a year, £4.8m over the term: the middle of the seeds' "about
 *   £4m-£6m depends on outcome improvements"); 75% outcome achievement at year end is ILLUSTRATIVE.
 *   DUDLEY-ACUTE-2023-24 is aligned payment and incentive: the variable element pays elective day
 *   case and ordinary elective spells at 100% of unit prices (the 2023/24 rule, RULES.md §2.7); the
 *   fixed element is the £410m contract value less the planned elective value (ILLUSTRATIVE split).
 * - Activity and plans: generated (deterministic), ILLUSTRATIVE volumes. One month (Bedfordshire,
 *   2014-09) carries deliberately bad rows to show the rejection report, and 2014-06 is submitted
 *   twice: a short first file, then a corrected one that supersedes it.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { divideRounded, type Pence } from '../../domain/money.ts';
import { pricePence, type PointOfDelivery } from '../../domain/pricing/index.ts';
import {
  DEMO_MFF, DEMO_TARIFF_2025_26, periodsOfSchemeYear, withMff, type ApcPrice, type OutpatientPrice, type Tariff,
} from '../../domain/tariff/index.ts';
import type { Database } from '../../storage/schema.ts';
import { actorForUsername } from '../auth.ts';
import type { Clock } from '../clock.ts';
import { Scope } from '../scope.ts';
import { submitActivity, submitPlan } from '../payments/submissions.ts';
import { registerTariff } from '../payments/tariffs.ts';
import { setPaymentTerms } from '../payments/terms.ts';

export const DEMO_PAYMENTS_KEY = 'demo_payments_loaded_at';

const MFF_SOURCE = 'NHS Payment Scheme 2026/27 Annex A (shared/data/tariff/mff_2026-27.csv)';
export { DEMO_MFF };

/** GDP deflator x 10,000 by fiscal year start (ONS; 2025-26 an OBR forecast). */
const GDP_DEFLATOR: Readonly<Record<number, number>> = { 2014: 740_662, 2023: 961_117, 2025: 1_032_388 };

/** The 2025/26 demo tariff deflated to another year's price base (ILLUSTRATIVE). */
export function deflatedTariff(base: Tariff, startYear: number): Tariff {
  const num = GDP_DEFLATOR[startYear];
  const den = GDP_DEFLATOR[2025];
  const d = (p: Pence | null): Pence | null => (p === null ? null : divideRounded(p * num, den));
  const apc: Record<string, ApcPrice> = {};
  for (const [k, a] of Object.entries(base.apc)) {
    apc[k] = {
      ...a, outpatientProcedurePence: d(a.outpatientProcedurePence), combinedElectivePence: d(a.combinedElectivePence),
      dayCasePence: d(a.dayCasePence), ordinaryElectivePence: d(a.ordinaryElectivePence), nonElectivePence: d(a.nonElectivePence),
      longStayPerDayPence: d(a.longStayPerDayPence), ssemReducedPence: d(a.ssemReducedPence),
    };
  }
  const outpatient: Record<string, OutpatientPrice> = {};
  for (const [k, o] of Object.entries(base.outpatient)) outpatient[k] = { ...o, firstPence: d(o.firstPence), followUpPence: d(o.followUpPence) };
  const year = `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
  return {
    ...base, year, apc, outpatient,
    source: `ILLUSTRATIVE ${year} demo tariff: the 2025/26 demo prices x GDP deflator ${startYear}-${String((startYear + 1) % 100).padStart(2, '0')} ${num / 10_000} / 2025-26 ${den / 10_000} (ONS; 2025-26 forecast). MFF: ${MFF_SOURCE} (real for every NHS trust in it; illustrative for ZCIRC, RC1)`,
  };
}

export function demoTariffs(): Tariff[] {
  const t2025 = withMff(DEMO_TARIFF_2025_26, DEMO_MFF);
  return [deflatedTariff(t2025, 2014), deflatedTariff(t2025, 2023), { ...t2025, source: `${t2025.source}; MFF: ${MFF_SOURCE}` }];
}

/** Mulberry32: a small deterministic generator (demo data only). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Line { readonly pod: PointOfDelivery; readonly code: string; readonly perMonth: number; readonly los: readonly [number, number] }

interface DemoActivityPlan {
  readonly reference: string;
  readonly provider: string;
  readonly commissioner: string;
  readonly service: string;
  readonly year: string;
  readonly seed: number;
  readonly mix: readonly Line[];
  /** Months of activity submitted, from April (default: the whole year). */
  readonly monthsSubmitted?: number;
}

const BEDS: DemoActivityPlan = {
  reference: 'BEDS-MSK-2014', provider: 'ZCIRC', commissioner: '06F', service: 'MSK-ELECTIVE', year: '2014/15', seed: 2014,
  mix: [
    { pod: 'OPFA', code: '110', perMonth: 620, los: [0, 0] }, { pod: 'OPFU', code: '110', perMonth: 880, los: [0, 0] },
    { pod: 'OPFA', code: '650', perMonth: 420, los: [0, 0] }, { pod: 'OPFU', code: '650', perMonth: 760, los: [0, 0] },
    { pod: 'DC', code: 'HN45A', perMonth: 70, los: [0, 0] }, { pod: 'DC', code: 'HN24C', perMonth: 40, los: [0, 0] },
    { pod: 'EL', code: 'HN24B', perMonth: 18, los: [1, 3] }, { pod: 'EL', code: 'HN12D', perMonth: 22, los: [2, 7] },
    { pod: 'EL', code: 'HN22D', perMonth: 24, los: [2, 6] },
  ],
};

const DUDLEY: DemoActivityPlan = {
  reference: 'DUDLEY-ACUTE-2023-24', provider: 'RNA', commissioner: 'D2P2L', service: 'ACUTE', year: '2023/24', seed: 2023,
  mix: [
    { pod: 'OPFA', code: '100', perMonth: 260, los: [0, 0] }, { pod: 'OPFU', code: '100', perMonth: 380, los: [0, 0] },
    { pod: 'OPFA', code: '110', perMonth: 240, los: [0, 0] }, { pod: 'OPFU', code: '110', perMonth: 360, los: [0, 0] },
    { pod: 'OPFA', code: '130', perMonth: 180, los: [0, 0] }, { pod: 'OPFU', code: '130', perMonth: 320, los: [0, 0] },
    { pod: 'OPFA', code: '300', perMonth: 200, los: [0, 0] }, { pod: 'OPFA', code: '320', perMonth: 150, los: [0, 0] },
    { pod: 'OPFU', code: '320', perMonth: 260, los: [0, 0] },
    { pod: 'DC', code: 'HN45A', perMonth: 150, los: [0, 0] }, { pod: 'DC', code: 'HN24C', perMonth: 90, los: [0, 0] },
    { pod: 'DC', code: 'HN24B', perMonth: 60, los: [0, 0] },
    { pod: 'EL', code: 'HN12C', perMonth: 35, los: [2, 9] }, { pod: 'EL', code: 'HN22C', perMonth: 40, los: [2, 8] },
    { pod: 'EL', code: 'HC54B', perMonth: 25, los: [3, 12] },
    { pod: 'NEL', code: 'HN12A', perMonth: 45, los: [3, 40] }, { pod: 'NEL', code: 'HN24A', perMonth: 80, los: [1, 15] },
    { pod: 'NEL', code: 'HC54A', perMonth: 30, los: [4, 50] },
  ],
};

/** Milton Keynes, 2025/26: the first half of the year submitted, as in-year monitoring at month 6. */
const MKUH: DemoActivityPlan = {
  reference: 'BLMK-MKUH-2025-26', provider: 'RD8', commissioner: 'QHG', service: 'ACUTE', year: '2025/26', seed: 2025, monthsSubmitted: 6,
  mix: DUDLEY.mix.map((l) => ({ ...l, perMonth: Math.round(l.perMonth * 0.8) })),
};

function rowOf(p: DemoActivityPlan, period: string, l: Line, los: number): string {
  const op = l.pod === 'OPFA' || l.pod === 'OPFU';
  return `${p.provider},${p.commissioner},${period},${l.pod},${op ? '' : l.code},${op ? l.code : ''},${op ? '' : los}`;
}

/** One month's rows (deterministic), April = month 0. Volumes vary ±8% and dip in August and December. */
function monthRows(p: DemoActivityPlan, period: string, month: number): string[] {
  const r = rng(p.seed * 100 + month);
  const season = period.endsWith('-08') || period.endsWith('-12') ? 0.9 : 1;
  const rows: string[] = [];
  for (const l of p.mix) {
    const n = Math.round(l.perMonth * season * (0.92 + 0.16 * r()));
    for (let i = 0; i < n; i++) rows.push(rowOf(p, period, l, l.los[0] + Math.floor(r() * (l.los[1] - l.los[0] + 1))));
  }
  // A deterministic shuffle so files look like a feed, not a sorted extract.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

/** Plan lines: the mix's volumes priced at the year's tariff (length of stay at the range's middle). */
function planCsv(p: DemoActivityPlan, tariff: Tariff): { csv: string; variablePence: Pence } {
  const out = ['service,pod,hrg,period,activity,planned_pence'];
  let variable = 0;
  for (const period of periodsOfSchemeYear(p.year)) {
    const season = period.endsWith('-08') || period.endsWith('-12') ? 0.9 : 1;
    for (const l of p.mix) {
      const n = Math.round(l.perMonth * season);
      const op = l.pod === 'OPFA' || l.pod === 'OPFU';
      const unit = pricePence(tariff, { pod: l.pod, provider: p.provider, hrg: op ? null : l.code, tfc: op ? l.code : null, losDays: Math.round((l.los[0] + l.los[1]) / 2) });
      if (typeof unit !== 'number') throw new Error(`demo plan: ${unit.message}`);
      out.push(`${p.service},${l.pod},${op ? `TFC${l.code}` : l.code},${period},${n},${n * unit}`);
      if (l.pod === 'DC' || l.pod === 'EL') variable += n * unit;
    }
  }
  return { csv: `${out.join('\n')}\n`, variablePence: variable };
}

/** The demo user's own scope, so the demo enters data as a person would; the system where there is none. */
async function scopeOf(db: Kysely<Database>, clock: Clock, username: string): Promise<Scope> {
  const actor = await actorForUsername(db, username);
  return actor ? Scope.forUser(db, actor, clock) : Scope.system(db, clock);
}

export interface DemoPaymentsSummary {
  readonly tariffYears: readonly string[];
  readonly submissions: number;
}

/**
 * Loads the demo payment data. Tariffs are loaded by the system (as an administrator would); the
 * Bedfordshire terms, plan and activity are entered by the demo's Bedfordshire CCG and Circle users;
 * Milton Keynes' terms and plan by BLMK ICB's user; Dudley's, and the activity of providers without a
 * demo user (Dudley Group, Milton Keynes), by the system. Activity files are written to a temporary directory and
 * streamed in.
 */
export async function loadDemoPayments(db: Kysely<Database>, clock: Clock): Promise<DemoPaymentsSummary> {
  const system = Scope.system(db, clock);
  const ctx = (s: Scope) => s;
  const admin = system;
  const tariffs = demoTariffs();
  for (const t of tariffs) await registerTariff(system, t);
  const byYear = new Map(tariffs.map((t) => [t.year, t]));
  const circle = await scopeOf(db, clock, 'circle');
  const beds06F = await scopeOf(db, clock, 'commissioner');
  const dir = mkdtempSync(join(tmpdir(), 'concordat-demo-'));
  let submissions = 0;
  try {
    // Bedfordshire MSK prime contract, 2014/15: outcomes-based.
    await setPaymentTerms(ctx(beds06F), BEDS.reference, BEDS.year, {
      terms: { model: 'outcomes_based', annualValuePence: 24_000_000_00, contractYear: 1, atRiskShareByContractYear: [40_000, 40_000, 40_000, 40_000, 40_000], outcomeAchievementMicros: 750_000 },
      expectedAnnualValuePence: 24_000_000_00,
      note: '£120m over five years = £24m a year; 4% a year at risk on outcomes (£4.8m over the term, within the seeds\' £4m-£6m); 75% achievement ILLUSTRATIVE.',
    });
    // Dudley Group acute 2023/24: aligned payment and incentive.
    const dudleyPlan = planCsv(DUDLEY, byYear.get(DUDLEY.year)!);
    await setPaymentTerms(ctx(admin), DUDLEY.reference, DUDLEY.year, {
      terms: { model: 'aligned_payment_incentive', fixedAnnualPence: 410_000_000_00 - dudleyPlan.variablePence },
      expectedAnnualValuePence: 410_000_000_00,
      note: 'Fixed element = £410m less the planned elective (DC+EL) value; variable at 100% of unit prices (2023/24). Split ILLUSTRATIVE.',
    });

    // Milton Keynes acute 2025/26: aligned payment and incentive, terms and plan entered by BLMK ICB.
    const icb = await scopeOf(db, clock, 'icb');
    const mkuhPlan = planCsv(MKUH, byYear.get(MKUH.year)!);
    await setPaymentTerms(ctx(icb), MKUH.reference, MKUH.year, {
      terms: { model: 'aligned_payment_incentive', fixedAnnualPence: 330_000_000_00 - mkuhPlan.variablePence },
      expectedAnnualValuePence: 330_000_000_00,
      note: 'Fixed element = £330m less the planned elective (DC+EL) value; variable at 100% of unit prices. Split ILLUSTRATIVE.',
    });

    const write = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const bedsPlan = planCsv(BEDS, byYear.get(BEDS.year)!);
    await submitPlan(ctx(beds06F), BEDS.reference, '2014-04', { path: write('beds-msk-plan-2014-15.csv', bedsPlan.csv) });
    await submitPlan(ctx(admin), DUDLEY.reference, '2023-04', { path: write('dudley-acute-plan-2023-24.csv', dudleyPlan.csv) });
    await submitPlan(ctx(icb), MKUH.reference, '2025-04', { path: write('blmk-mkuh-plan-2025-26.csv', mkuhPlan.csv) });
    submissions += 3;

    const header = 'provider,commissioner,period,pod,hrg,tfc,los';
    for (const [plan, submitter] of [[BEDS, circle], [DUDLEY, admin], [MKUH, admin]] as const) {
      const slug = plan.reference.toLowerCase();
      for (const [month, period] of periodsOfSchemeYear(plan.year).slice(0, plan.monthsSubmitted ?? 12).entries()) {
        const rows = monthRows(plan, period, month);
        if (period === '2014-06') {
          // First a short file (a feed cut off early), then the complete one that supersedes it.
          const short = rows.slice(0, Math.floor(rows.length * 0.8));
          await submitActivity(ctx(submitter), plan.reference, period, { path: write(`${slug}-${period}.csv`, `${header}\n${short.join('\n')}\n`) });
          await submitActivity(ctx(submitter), plan.reference, period, { path: write(`${slug}-${period}-corrected.csv`, `${header}\n${rows.join('\n')}\n`) });
          submissions += 2;
          continue;
        }
        let text = `${header}\n${rows.join('\n')}\n`;
        if (period === '2014-09') {
          // Deliberately bad rows, each rejected with its line, field and reason; two suspect ones as hints.
          const bad = [
            'ZCIRC,06F,2014-09,EL,ZZ99Z,,3', // unknown HRG
            'ZCIRC,06F,2014-09,EL,HN12D,,3x', // malformed number
            'ZCIRC,06F,2014-13,DC,HN45A,,', // bad period
            ',06F,2014-09,OPFA,,110,', // missing provider
            'ZCIRC,M1J4Y,2014-09,OPFA,,110,', // commissioner not a party to the contract
            'ZCIRC,06F,2014-09,OPFU,,999,', // unknown treatment function
          ];
          const suspect = ['ZCIRC,06F,2014-09,EL,HN12D,,400', 'ZCIRC,06F,2014-09,DC,HN45A,,2'];
          text = `${header}\n${rows.slice(0, 500).join('\n')}\n${bad.join('\n')}\n${suspect.join('\n')}\n${rows.slice(500).join('\n')}\nZCIRC,06F,2014-09,EL`;
        }
        await submitActivity(ctx(submitter), plan.reference, period, { path: write(`${slug}-${period}.csv`, text) });
        submissions++;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await db.insertInto('app_meta').values({ key: DEMO_PAYMENTS_KEY, value: clock.now().toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: clock.now().toISOString() })).execute();
  return { tariffYears: tariffs.map((t) => t.year), submissions };
}

export async function isDemoPaymentsLoaded(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('app_meta').select('value').where('key', '=', DEMO_PAYMENTS_KEY).executeTakeFirst()) !== undefined;
}
