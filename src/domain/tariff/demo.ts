/**
 * Demo tariff for 2025/26, complete enough that any provider in the registry, and every row the demo
 * activity and the benchmark generator produce, can be priced. Which values are real and which are
 * illustrative is marked on every row.
 *
 * REAL (shared/data/README.md: NHS Payment Scheme 2025/26 Annex A, elective spell prices before MFF):
 *   the combined day case / ordinary elective prices of HN12A-F, HN22A-E, HN24A-C, HC54A-C, HN45A;
 *   the first outpatient attendance price £168 for TFC 110 trauma and orthopaedics (the NHS Payment
 *   Scheme MFF worked example, RULES.md §2.4; the example does not name the TFC or year, so treat the
 *   TFC/year pairing as the worked example rather than an Annex A lookup);
 *   the market forces factor of every NHS trust in the NHS Payment Scheme 2026/27 Annex A (205;
 *   mff-2026-27.ts), used for every demo year since no other year's table is in shared/data.
 * ILLUSTRATIVE (invented, plausible, for demos only): every trim point, every non-elective price,
 *   every per day long stay payment, every short stay emergency value, every other outpatient price,
 *   the HRG names of HN24 and HC54 (left null: not given in the source); every HRG and TFC added for
 *   the benchmark generator's codes (named "Illustrative ..."); the MFF of ZCIRC (Circle, an
 *   illustrative code) and RC1 (Bedford Hospital, closed 2020 and not in the 2026/27 table), which
 *   take RC9's factor for the Bedfordshire area.
 */

import type { Pence } from '../money.ts';
import { MFF_2026_27, MFF_2026_27_SOURCE } from './mff-2026-27.ts';
import { DEFAULT_TARIFF_RULES } from './rules.ts';
import { buildTariff } from './tariff.ts';
import type { ApcPrice, MffEntry, OutpatientPrice, Tariff } from './types.ts';

const pounds = (value: number): Pence => value * 100;

interface DemoApc {
  hrg: string;
  name: string | null;
  /** REAL 2025/26 combined DC/EL spell price in pounds. */
  elective: number;
  /** ILLUSTRATIVE. */
  elTrim: number;
  /** ILLUSTRATIVE. */
  nel: number | null;
  /** ILLUSTRATIVE. */
  nelTrim: number | null;
  /** ILLUSTRATIVE. */
  perDay: number;
}

const DEMO_APC: readonly DemoApc[] = [
  // Very major hip procedures (REAL elective prices; rest ILLUSTRATIVE)
  { hrg: 'HN12A', name: 'Very major hip procedures', elective: 13_900, elTrim: 31, nel: 16_400, nelTrim: 45, perDay: 330 },
  { hrg: 'HN12B', name: 'Very major hip procedures', elective: 11_644, elTrim: 24, nel: 13_800, nelTrim: 38, perDay: 320 },
  { hrg: 'HN12C', name: 'Very major hip procedures', elective: 9_839, elTrim: 17, nel: 11_900, nelTrim: 32, perDay: 310 },
  { hrg: 'HN12D', name: 'Very major hip procedures', elective: 8_260, elTrim: 12, nel: 10_300, nelTrim: 27, perDay: 300 },
  { hrg: 'HN12E', name: 'Very major hip procedures', elective: 7_489, elTrim: 9, nel: 9_400, nelTrim: 22, perDay: 290 },
  { hrg: 'HN12F', name: 'Very major hip procedures', elective: 7_251, elTrim: 8, nel: 8_900, nelTrim: 19, perDay: 280 },
  // Very major knee procedures (REAL elective prices; rest ILLUSTRATIVE)
  { hrg: 'HN22A', name: 'Very major knee procedures', elective: 10_826, elTrim: 22, nel: 12_700, nelTrim: 36, perDay: 320 },
  { hrg: 'HN22B', name: 'Very major knee procedures', elective: 10_149, elTrim: 17, nel: 11_800, nelTrim: 30, perDay: 310 },
  { hrg: 'HN22C', name: 'Very major knee procedures', elective: 8_054, elTrim: 11, nel: 9_700, nelTrim: 24, perDay: 300 },
  { hrg: 'HN22D', name: 'Very major knee procedures', elective: 7_578, elTrim: 8, nel: 8_900, nelTrim: 19, perDay: 290 },
  { hrg: 'HN22E', name: 'Very major knee procedures', elective: 7_222, elTrim: 7, nel: 8_400, nelTrim: 16, perDay: 280 },
  // HN24A-C (REAL elective prices; name not in source; rest ILLUSTRATIVE)
  { hrg: 'HN24A', name: null, elective: 3_271, elTrim: 9, nel: 4_600, nelTrim: 20, perDay: 290 },
  { hrg: 'HN24B', name: null, elective: 2_369, elTrim: 5, nel: 3_400, nelTrim: 14, perDay: 280 },
  { hrg: 'HN24C', name: null, elective: 2_143, elTrim: 4, nel: 2_900, nelTrim: 10, perDay: 270 },
  // HC54A-C (REAL elective prices; name not in source; rest ILLUSTRATIVE)
  { hrg: 'HC54A', name: null, elective: 14_556, elTrim: 30, nel: 17_200, nelTrim: 44, perDay: 340 },
  { hrg: 'HC54B', name: null, elective: 10_550, elTrim: 19, nel: 12_900, nelTrim: 33, perDay: 330 },
  { hrg: 'HC54C', name: null, elective: 9_616, elTrim: 14, nel: 11_300, nelTrim: 27, perDay: 320 },
  // Minor hand procedures (REAL elective price; rest ILLUSTRATIVE)
  { hrg: 'HN45A', name: 'Minor hand procedures', elective: 1_304, elTrim: 3, nel: 1_900, nelTrim: 6, perDay: 260 },
];

function demoApcRow(d: DemoApc): ApcPrice {
  return {
    hrg: d.hrg,
    name: d.name,
    outpatientProcedurePence: null,
    combinedElectivePence: pounds(d.elective),
    dayCasePence: null,
    ordinaryElectivePence: null,
    electiveTrimDays: d.elTrim,
    nonElectivePence: d.nel === null ? null : pounds(d.nel),
    nonElectiveTrimDays: d.nelTrim,
    longStayPerDayPence: pounds(d.perDay),
    ssemApplicable: false,
    ssemPctMicros: null,
    ssemReducedPence: null,
  };
}

/**
 * ILLUSTRATIVE short stay emergency rows so demos can show RULES.md §2.3: HN45A with a published
 * reduced price, HN24C with a percentage only. Neither flag nor value is from a real workbook.
 */
const DEMO_SSEM: Readonly<Record<string, Pick<ApcPrice, 'ssemApplicable' | 'ssemPctMicros' | 'ssemReducedPence'>>> = {
  HN45A: { ssemApplicable: true, ssemPctMicros: null, ssemReducedPence: pounds(620) },
  HN24C: { ssemApplicable: true, ssemPctMicros: 450_000, ssemReducedPence: null },
};

const DEMO_OP: readonly OutpatientPrice[] = [
  // REAL first attendance price (NHS Payment Scheme MFF worked example: £168); follow-up ILLUSTRATIVE.
  { tfc: '110', name: 'Trauma and orthopaedics', firstPence: pounds(168), followUpPence: pounds(81) },
  // ILLUSTRATIVE
  { tfc: '100', name: 'General surgery', firstPence: pounds(183), followUpPence: pounds(95) },
  { tfc: '130', name: 'Ophthalmology', firstPence: pounds(139), followUpPence: pounds(76) },
  { tfc: '300', name: 'General internal medicine', firstPence: pounds(241), followUpPence: pounds(117) },
  { tfc: '320', name: 'Cardiology', firstPence: pounds(200), followUpPence: pounds(98) },
  { tfc: '650', name: 'Physiotherapy', firstPence: pounds(62), followUpPence: pounds(45) },
];

/**
 * The HRG codes shared/bench/gen-activity.mjs writes into apc_tariff.csv for a seed: its xorshift64*
 * generator and code pattern, step for step (two letters from its chapter list, 10-99, A-H). Seed 1
 * is the benchmark's default; the deliberately bad code ZZ99Z it writes into some rows is not one.
 *
 * @example benchmarkGeneratorHrgs(1).length // 1795
 */
export function benchmarkGeneratorHrgs(seed = 1): string[] {
  const MASK = 0xffffffffffffffffn;
  let state = (BigInt(seed) * 0x9e3779b97f4a7c15n) & MASK;
  const rnd = (): number => {
    state ^= state >> 12n;
    state ^= (state << 25n) & MASK;
    state ^= state >> 27n;
    return Number(((state * 0x2545f4914f6cdd1dn) & MASK) >> 11n) / 2 ** 53;
  };
  const chapters = 'ABCDEFGHJKLMNPQRSUVWY';
  const pick = (): string => chapters[Math.floor(rnd() * chapters.length)];
  const codes: string[] = [];
  for (let i = 0; i < 1800; i++) {
    const a = pick();
    const b = pick();
    codes.push(a + b + String(10 + (i % 90)) + String.fromCharCode(65 + (i % 8)));
  }
  return [...new Set(codes)];
}

/** The treatment function codes gen-activity.mjs writes into op_tariff.csv: 100, 103, ..., 337. */
export const BENCHMARK_GENERATOR_TFCS: readonly string[] = Array.from({ length: 80 }, (_, i) => String(100 + i * 3));

/** A stable number from a code, so an illustrative price never changes between runs (FNV-1a). */
function codeHash(code: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < code.length; i++) h = Math.imul(h ^ code.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const ILLUSTRATIVE_NAME = 'Illustrative price (a benchmark generator code, not a real HRG)';

/** ILLUSTRATIVE prices for a code the benchmark generator makes up: elective £800-£9,799, the rest in proportion. */
function illustrativeApc(hrg: string): ApcPrice {
  const h = codeHash(hrg);
  const elective = 800 + (h % 9000);
  return {
    hrg,
    name: ILLUSTRATIVE_NAME,
    outpatientProcedurePence: null,
    combinedElectivePence: pounds(elective),
    dayCasePence: pounds(Math.round(elective * (0.6 + ((h >>> 4) % 30) / 100))),
    ordinaryElectivePence: null,
    electiveTrimDays: 2 + ((h >>> 8) % 15),
    nonElectivePence: pounds(Math.round(elective * (0.9 + ((h >>> 12) % 50) / 100))),
    nonElectiveTrimDays: 3 + ((h >>> 16) % 30),
    longStayPerDayPence: pounds(200 + ((h >>> 20) % 300)),
    ssemApplicable: false,
    ssemPctMicros: null,
    ssemReducedPence: null,
  };
}

/** ILLUSTRATIVE attendance prices for a treatment function code the demo has no price for. */
function illustrativeOp(tfc: string): OutpatientPrice {
  const h = codeHash(tfc);
  const first = 90 + (h % 220);
  return { tfc, name: 'Illustrative price (a benchmark generator code)', firstPence: pounds(first), followUpPence: pounds(Math.round(first * (0.45 + ((h >>> 8) % 25) / 100))) };
}

/**
 * Market forces factors of the demo: every NHS trust in the 2026/27 Annex A table (REAL), plus the
 * two demo providers the table does not have (ILLUSTRATIVE: RC9's factor for the Bedfordshire area).
 */
export const DEMO_MFF: readonly MffEntry[] = [
  ...MFF_2026_27,
  { provider: 'ZCIRC', name: "Circle (ILLUSTRATIVE: RC9's factor for the Bedfordshire area)", mffMicros: 1_060_677 },
  { provider: 'RC1', name: "Bedford Hospital (ILLUSTRATIVE: RC9's factor; RC1 merged into RC9 in 2020)", mffMicros: 1_060_677 },
];

const demoHrgs = new Set(DEMO_APC.map((d) => d.hrg));
const demoTfcs = new Set(DEMO_OP.map((o) => o.tfc));

/** The demo 2025/26 tariff (see the file comment for which values are real). */
export const DEMO_TARIFF_2025_26: Tariff = buildTariff({
  year: '2025/26',
  source: `Demo: real 2025/26 Annex A MSK elective prices, real MFF for every NHS trust (${MFF_2026_27_SOURCE}); other values illustrative, including a price for every benchmark generator code (src/domain/tariff/demo.ts)`,
  apc: [
    ...DEMO_APC.map((d) => ({ ...demoApcRow(d), ...(DEMO_SSEM[d.hrg] ?? {}) })),
    ...benchmarkGeneratorHrgs(1).filter((h) => !demoHrgs.has(h)).map(illustrativeApc),
  ],
  outpatient: [...DEMO_OP, ...BENCHMARK_GENERATOR_TFCS.filter((t) => !demoTfcs.has(t)).map(illustrativeOp)],
  mff: DEMO_MFF,
  hipFractureBpt: null,
  rules: DEFAULT_TARIFF_RULES,
});
