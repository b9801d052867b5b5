/**
 * The WebAssembly kernel against ChunkPricer's own loop, on files large enough to reach what small
 * random files do not: hint counts past the kept lines, the group table and the kernel's memory
 * growing, the dense index giving way to the hash table, sums carried past 2^53, products priced in
 * BigInt. Each file is priced both ways and the results must be the same to the last line number.
 * (activity.property.test.ts holds both to the domain's pricer on random files.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../domain/impact/random.ts';
import { buildTariff, HIP_FRACTURE_CRITERIA_2010_TO_2014, type ApcPrice, type OutpatientPrice, type Tariff } from '../../domain/tariff/index.ts';
import { BINARY_MODULE, binaryModuleText, buildKernel } from './assembly/build-kernel.ts';
import { ChunkPricer, layoutFromHeader, type HeaderLayout } from './chunk-pricer.ts';
import { compilePriceTables, priceActivityFile, type PricingResult } from './index.ts';
import { REJECT_REASONS } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 'concordat-kernel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

/** The domain's seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  const r = createRandom(seed);
  return () => r.next();
}

const apc = (hrg: string, pence: number, trim: number | null, perDay: number | null): ApcPrice => ({
  hrg,
  name: null,
  outpatientProcedurePence: pence + 7,
  combinedElectivePence: null,
  dayCasePence: pence,
  ordinaryElectivePence: pence + 1,
  electiveTrimDays: trim,
  nonElectivePence: pence + 3,
  nonElectiveTrimDays: trim === null ? null : trim + 2,
  longStayPerDayPence: perDay,
  ssemApplicable: false,
  ssemPctMicros: null,
  ssemReducedPence: null,
});

function tariff(providers: readonly string[], pence = (i: number) => 1_000 + i * 7_919): Tariff {
  const hrgs = Array.from({ length: 40 }, (_, i) => `AB${String(10 + i).padStart(2, '0')}${'ABCZ'[i % 4]}`);
  const tfcs = Array.from({ length: 12 }, (_, i) => String(100 + i * 10));
  return buildTariff({
    year: '2025/26',
    source: 'kernel test',
    apc: hrgs.map((h, i) => apc(h, pence(i), i % 5 === 0 ? null : i % 9, i % 7 === 3 ? null : 1_234 + i)),
    outpatient: tfcs.map((t, i): OutpatientPrice => ({ tfc: t, name: null, firstPence: i === 3 ? null : pence(i) + 11, followUpPence: pence(i) + 13 })),
    // Factors that put many products on a half penny, and one provider without a factor.
    mff: providers.slice(1).map((p, i) => ({ provider: p, name: null, mffMicros: [1_000_000, 1_500_000, 999_999, 1_046_100, 1_250_000][i % 5] })),
  });
}

/** Prices `text` with and without the kernel and expects the same result; returns the kernel's. */
async function bothWays(text: string, t: Tariff, options: { chunkBytes?: number; tolerant?: boolean; maxLineBytes?: number; scope?: { providers: string[]; commissioners: string[]; period: string } } = {}): Promise<PricingResult> {
  const path = join(dir, `f${fileNo++}.csv`);
  writeFileSync(path, text);
  const run = (kernel: boolean) =>
    priceActivityFile({ source: { path }, tables: compilePriceTables(t), workers: 0, kernel, chunkBytes: options.chunkBytes, tolerant: options.tolerant, maxLineBytes: options.maxLineBytes, scope: options.scope });
  const [withKernel, loopOnly] = [await run(true), await run(false)];
  const comparable = ({ seconds: _s, rowsPricedByKernel: _k, ...rest }: PricingResult) => rest;
  expect(comparable(withKernel)).toEqual(comparable(loopOnly));
  expect(loopOnly.rowsPricedByKernel).toBe(0);
  return withKernel;
}

const HEADER = 'provider,commissioner,period,pod,hrg,tfc,los\n';
const PODS = ['OPFA', 'OPFU', 'OPPROC', 'DC', 'EL', 'NEL'];

/** Mostly good rows with every hint, and now and then each thing the kernel leaves to the loop. */
function activity(rows: number, seed: number, providers: readonly string[], commissioners: number, periods: number): string {
  const next = random(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(next() * a.length)];
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const pod = pick(PODS);
    const op = pod.startsWith('OP') && pod !== 'OPPROC';
    const hrg = `AB${String(10 + Math.floor(next() * 40)).padStart(2, '0')}`;
    const fields = [
      pick(providers),
      `C${Math.floor(next() * commissioners)}`,
      `20${24 + Math.floor(next() * Math.ceil(periods / 12))}-${String(1 + Math.floor(next() * Math.min(12, periods))).padStart(2, '0')}`,
      pod,
      op ? (next() < 0.05 ? 'AB11B' : '') : hrg + 'ABCZ'[(Number(hrg.slice(2)) - 10) % 4],
      op ? String(100 + Math.floor(next() * 12) * 10) : next() < 0.05 ? '110' : '',
      op ? (next() < 0.02 ? '2' : '') : String(Math.floor(next() * next() * 30) + (next() < 0.01 ? 400 : 0)),
    ];
    const odd = next();
    if (odd < 0.002) fields[3] = 'XX';
    else if (odd < 0.004) fields[4] = 'ZZ99Z';
    else if (odd < 0.006) fields[2] = '2025-13';
    else if (odd < 0.008) fields[0] = 'LONGPROVIDER';
    else if (odd < 0.01) fields[6] = 'x';
    else if (odd < 0.012) fields[4] = ` ${fields[4].toLowerCase()}`;
    else if (odd < 0.014) fields[1] = '';
    else if (odd < 0.03 && fields[6] !== '') fields[6] = fields[6].padStart(10, '0'); // a long line, still valid
    else if (odd < 0.031) fields[6] = '2147483648';
    let line = fields.join(',');
    if (odd > 0.998) line += '\r';
    else if (odd > 0.996) line = '';
    else if (odd > 0.994) line += ',extra';
    lines.push(line);
  }
  return HEADER + lines.join('\n');
}

describe('the WebAssembly kernel prices as ChunkPricer does', () => {
  const providers = ['RNOMFF', 'RA1', 'RB2', 'RC3', 'RD8', 'RX9'];

  it('on a mixed file, whole and in small chunks, strict and tolerant, with and without a final newline', async () => {
    const t = tariff(providers);
    const text = activity(60_000, 1, providers, 30, 12);
    for (const chunkBytes of [4 << 20, 4096]) {
      for (const tolerant of [false, true]) {
        const r = await bothWays(text, t, { chunkBytes, tolerant });
        // Hints were counted well past the lines kept for each, and the kernel priced most rows.
        expect(r.hints.length).toBeGreaterThanOrEqual(5);
        for (const h of r.hints) expect(h.count).toBeGreaterThan(5);
        expect(r.rejections.byReason.no_mff).toBeGreaterThan(0);
        expect(r.rowsPricedByKernel).toBeGreaterThan(r.rowsPriced * 0.9);
      }
    }
    await bothWays(`${text}\n`, t);
  });

  it('with a line limit shorter than some good lines', () => {
    // Below the header's own length, so the pricer is driven directly, as a thread drives it.
    const t = compilePriceTables(tariff(providers));
    const layout = layoutFromHeader(HEADER.trim()) as HeaderLayout;
    const body = new Uint8Array(Buffer.from(activity(20_000, 5, providers, 30, 12).slice(HEADER.length)));
    const price = (kernel: boolean) => {
      const pricer = new ChunkPricer(t, layout, null, { maxLineBytes: 30, tolerant: false }, { rejectionsKept: 100, hintLinesKept: 5, kernel });
      const report = pricer.processJob(0, body, 0, body.length, true);
      const { rowsPricedByKernel, ...totals } = pricer.totals();
      return { report, totals, rowsPricedByKernel };
    };
    const [withKernel, loopOnly] = [price(true), price(false)];
    expect(withKernel.report).toEqual(loopOnly.report);
    expect(withKernel.totals).toEqual(loopOnly.totals);
    expect(withKernel.totals.reasonCounts[REJECT_REASONS.indexOf('line_too_long')]).toBeGreaterThan(100);
    expect(withKernel.rowsPricedByKernel).toBeGreaterThan(0);
  });

  it('on a file in another column order with the optional columns: short stay emergency and hip fracture top-up', async () => {
    const base = tariff(providers);
    // Every third HRG flagged for the short stay emergency adjustment (one in nine with neither a
    // reduced price nor a %: the tariff is incomplete for it); a hip fracture top-up.
    const apc = Object.fromEntries(Object.entries(base.apc).map(([k, a], i) => [k, i % 3 ? a : {
      ...a, ssemApplicable: true, ssemReducedPence: i % 9 === 0 ? null : i % 2 ? 777 : null, ssemPctMicros: i % 9 === 0 ? null : i % 2 ? null : 450_000,
    }]));
    const t: Tariff = { ...base, apc, bestPractice: { hipFracture: { topUpPence: 123_456, criteria: HIP_FRACTURE_CRITERIA_2010_TO_2014, source: 'kernel test' } } };
    const next = random(6);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(next() * a.length)];
    const lines = activity(40_000, 7, providers, 20, 12).split('\n');
    const out = ['note,los,age,admission_method,pod,provider,hrg,bpt_hip_fracture,commissioner,tfc,period'];
    for (const line of lines.slice(1)) {
      const f = line.split(',');
      if (f.length !== 7) {
        out.push(line); // blank, short or long lines as they are
        continue;
      }
      const [provider, commissioner, period, pod, hrg, tfc, los] = f;
      const age = next() < 0.02 ? pick(['x', ' 40', '']) : String(Math.floor(next() * 95));
      const method = pick(['21', '2A', '11', '12', '', '2a', ' 21', '28']);
      const bpt = pick(['Y', 'N', '', 'N', 'y', ' Y']);
      out.push([pick(['', 'a note']), los, age, method, pod, provider, hrg, bpt, commissioner, tfc, period].join(','));
    }
    for (const tolerant of [false, true]) {
      const r = await bothWays(out.join('\n'), t, { tolerant });
      // A third of these rows have a flag or method in lower case or padded, which the loop reads.
      expect(r.rowsPricedByKernel).toBeGreaterThan(r.rowsPriced * 0.4);
      expect(r.aggregate.length).toBeGreaterThan(1000);
      expect(r.rejections.byReason.tariff_incomplete).toBeGreaterThan(0);
    }
  });

  it('on one contract\'s month', async () => {
    const t = tariff(providers);
    const text = activity(20_000, 2, providers, 4, 2).replaceAll('2024-01', '2025-06');
    const r = await bothWays(text, t, { tolerant: true, scope: { providers: ['RA1', 'RB2', 'RNOMFF'], commissioners: ['C0', 'C1', 'C2'], period: '2025-06' } });
    expect(r.rejections.byReason.not_contract_party).toBeGreaterThan(0);
    expect(r.rejections.byReason.wrong_period).toBeGreaterThan(0);
    expect(r.rejections.byReason.no_mff).toBeGreaterThan(0);
    expect(r.rowsPricedByKernel).toBeGreaterThan(0);
  });

  it('when the group table and the kernel\'s memory grow, and when the dense index gives way', async () => {
    // 2,000 commissioners x 24 periods x 130 providers is beyond the dense index: the hash table alone.
    const many = ['RNOMFF', ...Array.from({ length: 130 }, (_, i) => `R${i}`)];
    const t = tariff(many);
    const r = await bothWays(activity(150_000, 3, many, 2_000, 24), t);
    expect(r.aggregate.length).toBeGreaterThan(50_000);
    expect(r.rowsPricedByKernel).toBeGreaterThan(r.rowsPriced * 0.5);
    // Fewer providers: the dense index grows as commissioners and periods appear.
    const few = await bothWays(activity(100_000, 4, providers, 600, 24), tariff(providers));
    expect(few.aggregate.length).toBeGreaterThan(20_000);
  });

  it('when sums pass 2^53 and products are priced in BigInt', async () => {
    // £89.9 million a day case: 1,010,000 of them in one group pass 2^53 pence (and are carried in
    // BigInt from 4e15 on); the last line's product is beyond 2^53 by itself.
    const big = tariff(providers, (i) => (i === 0 ? 8_990_000_000 : i === 1 ? 9_007_500_001 : 1_000 + i));
    const line = 'RA1,C0,2025-06,DC,AB10A,,0\n';
    const r = await bothWays(HEADER + line.repeat(1_010_000) + 'RB2,C0,2025-06,NEL,AB10A,,9\nRC3,C0,2025-06,DC,AB11B,,0\n', big);
    expect(r.totalPence).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(r.rowsPriced).toBe(1_010_002);
    expect(r.aggregate.find((g) => g.provider === 'RB2')?.totalPence).toBe(13_485_000_005n); // 8,990,000,003 x 1.5, rounded
    // 9,007,500,001 x 0.999999 = 9,007,490,993.499999: a double would round it up.
    expect(r.aggregate.find((g) => g.provider === 'RC3')?.totalPence).toBe(9_007_490_993n);
  });
});

describe('the committed kernel', () => {
  it('is what kernel.ts builds to (`npm run build:kernel` after changing it)', async () => {
    expect(readFileSync(BINARY_MODULE, 'utf8')).toBe(binaryModuleText(await buildKernel()));
  }, 120_000);
});
