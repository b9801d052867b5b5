import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ConcordatError } from '../../domain/errors.ts';
import type { ThreadTotals } from './chunk-pricer.ts';
import { mergeTotals } from './price-activity-file.ts';
import { HINT_KINDS, REJECT_REASONS } from './types.ts';
import { buildTariff, type ApcPrice } from '../../domain/tariff/index.ts';
import {
  compilePriceTables,
  formatAggregateCsv,
  priceActivityFile,
  readBenchmarkTariff,
  type BenchmarkTariffPaths,
  type PriceActivityFileOptions,
  type PriceTables,
  type PricingResult,
} from './index.ts';

const HEADER = 'provider,commissioner,period,pod,hrg,tfc,los';
let dir: string;
let tariff: BenchmarkTariffPaths;
let tables: PriceTables;

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Prices a file against the hand-made benchmark tariff (or other tables). */
function price(path: string, options: Partial<PriceActivityFileOptions> = {}): Promise<PricingResult> {
  return priceActivityFile({ source: { path }, tables, ...options });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'concordat-activity-'));
  tariff = {
    apc: write(
      'apc.csv',
      'hrg,el_price_pence,dc_price_pence,nel_price_pence,el_trim_days,nel_trim_days,xbd_price_pence\n' +
        'AA10A,100000,50000,120000,3,10,20000\n' +
        'BB20B,3,3,3,0,0,0\n' +
        'HU99E,9000000000000,1,1,0,0,0\n',
    ),
    op: write('op.csv', 'tfc,first_price_pence,followup_price_pence\n100,10000,6000\n101,3,1\n'),
    mff: write('mff.csv', 'provider,mff\nRA1,1.000000\nRB1,1.050000\nRC1,1.071509\nRD1,0.500000\nRE1,1.5\n'),
  };
  tables = compilePriceTables(await readBenchmarkTariff(tariff));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('priceActivityFile: hand-priced file', () => {
  const rows = [
    'RA1,01A,2025-04,OPFA,,100,', // 10000 × 1.0 = 10000
    'RB1,01A,2025-04,OPFU,,100,', // 6000 × 1.05 = 6300
    'RC1,02B,2025-05,DC,AA10A,,0', // 50000 × 1.071509 = 53575.45 → 53575
    'RA1,01A,2025-04,EL,AA10A,,5', // 100000 + (5−3) × 20000 = 140000
    'RA1,01A,2025-05,NEL,AA10A,,4', // 120000, los within trim
    'RA1,01A,2025-05,NEL,AA10A,,12', // 120000 + (12−10) × 20000 = 160000
    'RD1,01A,2025-04,DC,BB20B,,0', // 3 × 0.5 = 1.5 → rounds half up → 2
    'RD1,01A,2025-04,OPFU,,101,', // 1 × 0.5 = 0.5 → 1
    'RE1,03C,2026-03,EL,HU99E,,0', // 9e12 × 1.5 = 1.35e13 (product 1.35e19 > 2^53)
  ];
  let result: PricingResult;
  beforeAll(async () => {
    result = await price(write('hand.csv', [HEADER, ...rows].join('\n') + '\n'));
  });

  it('counts and totals every row exactly', () => {
    expect(result.rowsRead).toBe(9);
    expect(result.rowsPriced).toBe(9);
    expect(result.rowsRejected).toBe(0);
    const expected = 10000n + 6300n + 53575n + 140000n + 120000n + 160000n + 2n + 1n + 13_500_000_000_000n;
    expect(result.totalPence).toBe(expected);
  });

  it('aggregates by provider, commissioner and period in byte order', () => {
    expect(formatAggregateCsv(result.aggregate)).toBe(
      [
        'provider,commissioner,period,rows,total_pence',
        'RA1,01A,2025-04,2,150000',
        'RA1,01A,2025-05,2,280000',
        'RB1,01A,2025-04,1,6300',
        'RC1,02B,2025-05,1,53575',
        'RD1,01A,2025-04,2,3',
        'RE1,03C,2026-03,1,13500000000000',
        '',
      ].join('\n'),
    );
  });

  it('totals each period by point of delivery, the big line included', () => {
    expect(result.byPeriodPod.map((p) => [p.period, p.pod, p.rows, p.pence])).toEqual([
      ['2025-04', 'OPFA', 1, 10000n],
      ['2025-04', 'OPFU', 2, 6301n],
      ['2025-04', 'DC', 1, 2n],
      ['2025-04', 'EL', 1, 140000n],
      ['2025-05', 'DC', 1, 53575n],
      ['2025-05', 'NEL', 2, 280000n],
      ['2026-03', 'EL', 1, 13_500_000_000_000n],
    ]);
  });

  it('hashes the file bytes and reports progress to the end', async () => {
    const path = join(dir, 'hand.csv');
    expect(result.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    const seen: number[] = [];
    await price(path, { onProgress: (p) => seen.push(p.bytesDone / (p.bytesTotal ?? Number.NaN)) });
    expect(seen.at(-1)).toBe(1);
  });

  it('reads CRLF files, reordered columns and extra columns the same way', async () => {
    const crlf = await price(write('hand-crlf.csv', [HEADER, ...rows].join('\r\n') + '\r\n'));
    expect(crlf.totalPence).toBe(result.totalPence);
    expect(crlf.aggregate).toEqual(result.aggregate);
    const reordered = [
      'los,note,hrg,tfc,pod,period,commissioner,provider',
      ...rows.map((r) => {
        const [p, c, per, pod, hrg, tfc, los] = r.split(',');
        return [los, 'x', hrg, tfc, pod, per, c, p].join(',');
      }),
    ];
    const re = await price(write('hand-reordered.csv', reordered.join('\n') + '\n'));
    expect(re.totalPence).toBe(result.totalPence);
    expect(re.aggregate).toEqual(result.aggregate);
  });

  it('reads a stream (an HTTP body) the same as the file, in any chunking', async () => {
    const bytes = readFileSync(join(dir, 'hand.csv'));
    const pieces = [bytes.subarray(0, 5), bytes.subarray(5, 61), bytes.subarray(61)];
    const streamed = await priceActivityFile({ source: { stream: Readable.from(pieces), name: 'upload.csv' }, tables });
    expect(streamed.totalPence).toBe(result.totalPence);
    expect(streamed.aggregate).toEqual(result.aggregate);
    expect(streamed.sha256).toBe(result.sha256);
    expect(streamed.bytes).toBe(bytes.length);
  });
});

describe('priceActivityFile: corrupt rows are rejected with line, field and reason', () => {
  it('prices the valid rows and reports each bad one', async () => {
    const lines = [
      HEADER, // 1
      'RA1,01A,2025-04,OPFA,,100,', // 2 valid 10000
      'RA1,01A,2025-04,EL,AA10A,,x3', // 3 bad number
      'RA1,01A,2025-04,DC,ZZ99Z,,0', // 4 unknown HRG
      'RA1,01A,2025-13,DC,AA10A,,0', // 5 bad period
      'RA1,01A,2025-04,OPFU,,999,', // 6 unknown TFC
      'RZ9,01A,2025-04,DC,AA10A,,0', // 7 provider with no MFF
      'RA1,01A,2025-04,XX,AA10A,,0', // 8 unknown pod
      'RA1,,2025-04,DC,AA10A,,0', // 9 missing commissioner
      'RA1,01A,2025-04,DC,AA10A,0', // 10 wrong column count
      'RA1,01A,2025-04,EL,AA10A,,-1', // 11 negative los
      'RA1,01A,2025-04,DC,AA10A,,400', // 12 valid 50000; hints: los > 365, day case with los
      'RA1,01A,2025-04,OPFA,,100,3', // 13 valid 10000; hint: outpatient with los
      '', // 14 blank: hint, not a row
      'RA1,01A,2025-04,EL,AA10A,,', // 15 EL without los
      'RA1,01A,2025-04,el,AA10A,,2', // 16 lower-case pod: not read as EL without tolerant reading
      'RA1,01A,2025-04,DC', // 17 truncated last line (no newline)
    ];
    const r = await price(write('corrupt.csv', lines.join('\n')));
    expect(r.rowsRead).toBe(15);
    expect(r.rowsPriced).toBe(3);
    expect(r.rowsRejected).toBe(12);
    expect(r.totalPence).toBe(70000n);
    expect(r.rejections.truncated).toBe(false);
    expect(r.rejections.detailed.map((x) => [x.line, x.field, x.reason])).toEqual([
      [3, 'los', 'bad_number'],
      [4, 'hrg', 'unknown_hrg'],
      [5, 'period', 'bad_period'],
      [6, 'tfc', 'unknown_tfc'],
      [7, 'provider', 'no_mff'],
      [8, 'pod', 'unknown_pod'],
      [9, 'commissioner', 'missing_field'],
      [10, 'line', 'column_count'],
      [11, 'los', 'bad_number'],
      [15, 'los', 'missing_field'],
      [16, 'pod', 'unknown_pod'],
      [17, 'line', 'truncated_line'],
    ]);
    expect(r.rejections.detailed[1]).toMatchObject({ value: 'ZZ99Z', message: 'HRG ZZ99Z is not in the 2025/26 tariff' });
    expect(r.rejections.detailed[4].message).toBe('provider RZ9 has no market forces factor in the 2025/26 tariff');
    expect(r.rejections.detailed[7]).toMatchObject({ value: '6', message: '6 fields, expected 7' });
    expect(r.rejections.byReason.bad_number).toBe(2);
    expect(r.rejections.byReason.truncated_line).toBe(1);
    const hints = Object.fromEntries(r.hints.map((h) => [h.kind, [h.count, ...h.firstLines]]));
    expect(hints).toEqual({
      los_over_365: [1, 12],
      day_case_with_los: [1, 12],
      outpatient_with_los: [1, 13],
      blank_line: [1, 14],
    });
  });

  it('never runs a short line into the next one', async () => {
    const r = await price(write('short.csv', `${HEADER}\nRA1,01A,2025\nRA1,01A,2025-04,OPFA,,100,\nRA1,01A,2025-0\n4,OPFA,,100,\n`));
    expect([r.rowsRead, r.rowsPriced, r.totalPence]).toEqual([4, 1, 10000n]);
    expect(r.rejections.detailed.map((x) => [x.line, x.reason])).toEqual([
      [2, 'column_count'],
      [4, 'column_count'],
      [5, 'column_count'],
    ]);
  });

  it('accepts a complete last line without a trailing newline', async () => {
    const r = await price(write('no-eol.csv', `${HEADER}\nRA1,01A,2025-04,OPFA,,100,`));
    expect([r.rowsRead, r.rowsPriced, r.totalPence]).toEqual([1, 1, 10000n]);
  });

  it('keeps at most 1000 rejections in detail but counts them all', async () => {
    const bad = Array.from({ length: 1500 }, () => 'RA1,01A,2025-04,DC,ZZ99Z,,0');
    const r = await price(write('many.csv', [HEADER, ...bad].join('\n') + '\n'));
    expect(r.rowsRejected).toBe(1500);
    expect(r.rejections.detailed).toHaveLength(1000);
    expect(r.rejections.detailed.at(-1)!.line).toBe(1001);
    expect(r.rejections.truncated).toBe(true);
    expect(r.rejections.byReason.unknown_hrg).toBe(1500);
  });
});

describe('priceActivityFile: line and row limits', () => {
  const ok = 'RA1,01A,2025-04,OPFA,,100,';

  it('rejects a line over the limit as one row, whether it fits a buffer or not, and goes on', async () => {
    const long = 'RA1,01A,2025-04,OPFA,,100,' + 'x'.repeat(5000);
    const huge = 'y'.repeat(300_000); // longer than the (smallest) buffer: skipped by the reader
    const text = [HEADER, ok, long, ok, huge, ok, huge].join('\n');
    for (const chunkBytes of [1 << 16, 1 << 20]) {
      const r = await price(write('long.csv', text), { maxLineBytes: 1000, chunkBytes });
      expect([r.rowsRead, r.rowsPriced, r.rowsRejected]).toEqual([6, 3, 3]);
      expect(r.totalPence).toBe(30000n);
      expect(r.rejections.detailed.map((x) => [x.line, x.field, x.reason, x.value])).toEqual([
        [3, 'line', 'line_too_long', '5026 bytes'],
        [5, 'line', 'line_too_long', '300000 bytes'],
        [7, 'line', 'line_too_long', '300000 bytes'],
      ]);
      expect(r.rejections.detailed[0].message).toMatch(/over the limit of 1000 bytes/);
      expect(r.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });

  it('reads a 50 MB line in linear time without holding it', async () => {
    const path = join(dir, 'one-line.bin');
    const line = Buffer.alloc(50 << 20, 0x41);
    writeFileSync(path, Buffer.concat([Buffer.from(`${HEADER}\n${ok}\n`), line, Buffer.from(`\n${ok}\n`)]));
    const t0 = performance.now();
    const r = await price(path, { workers: 0 });
    const seconds = (performance.now() - t0) / 1000;
    expect([r.rowsRead, r.rowsPriced]).toEqual([3, 2]);
    expect(r.rejections.detailed[0]).toMatchObject({ line: 3, reason: 'line_too_long', value: `${50 << 20} bytes` });
    // Linear: a read and a hash of 50 MB (well under a second); the old quadratic reader took minutes.
    expect(seconds).toBeLessThan(10);
  });

  it('stops with a clear error, producing nothing, when a file has more rows than allowed', async () => {
    const path = write('rows.csv', [HEADER, ...Array.from({ length: 11 }, () => ok)].join('\n') + '\n');
    await expect(price(path, { maxRows: 11 })).resolves.toMatchObject({ rowsRead: 11 });
    const err = await price(path, { maxRows: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcordatError);
    expect((err as ConcordatError).message).toMatch(/more than 10 rows/);
  });
});

describe('priceActivityFile: one contract month', () => {
  const scope = { providers: ['RA1', 'RX9'], commissioners: ['01A'], period: '2025-04' };

  it('rejects rows of other parties and months, and a party without a market forces factor', async () => {
    const r = await price(
      write(
        'scoped.csv',
        [
          HEADER,
          'RA1,01A,2025-04,OPFA,,100,', // 2 priced
          'RB1,01A,2025-04,OPFA,,100,', // 3 provider not a party
          'RA1,02B,2025-04,OPFA,,100,', // 4 commissioner not a party
          'RA1,01A,2025-05,OPFA,,100,', // 5 another month
          'RX9,01A,2025-04,OPFA,,100,', // 6 a party with no MFF
        ].join('\n') + '\n',
      ),
      { scope },
    );
    expect(r.rejections.detailed.map((x) => [x.line, x.field, x.reason, x.message])).toEqual([
      [3, 'provider', 'not_contract_party', 'provider RB1 is not a provider party to this contract'],
      [4, 'commissioner', 'not_contract_party', 'commissioner 02B is not a commissioner party to this contract'],
      [5, 'period', 'wrong_period', "period 2025-05 is not this submission's period 2025-04"],
      [6, 'provider', 'no_mff', 'provider RX9 has no market forces factor in the 2025/26 tariff'],
    ]);
    expect(r.totalPence).toBe(10000n);
  });

  it('reads spaces around fields and lower-case codes when reading tolerantly', async () => {
    const r = await price(write('tolerant.csv', `${HEADER}\n RA1 , 01A ,2025-04, el ,aa10a ,, 5 \r\n`), { scope, tolerant: true });
    expect([r.rowsPriced, r.totalPence]).toEqual([1, 140000n]);
  });

  it('prices on worker threads only when the calling thread must stay free', async () => {
    const path = write('feed.csv', [HEADER, ...Array.from({ length: 20000 }, () => 'RA1,01A,2025-04,OPFA,,100,')].join('\n') + '\n');
    const r = await price(path, { scope, workers: 2, chunkBytes: 1 << 16, callingThreadPrices: false, waitForWorkers: true });
    expect([r.rowsPriced, r.totalPence, r.threads]).toEqual([20000, 200_000_000n, 2]);
  });
});

describe('priceActivityFile: the rules of the domain tariff', () => {
  const row = (p: Partial<ApcPrice> & { hrg: string }): ApcPrice => ({
    name: null, outpatientProcedurePence: null, combinedElectivePence: null, dayCasePence: null, ordinaryElectivePence: null,
    electiveTrimDays: null, nonElectivePence: null, nonElectiveTrimDays: null, longStayPerDayPence: null,
    ssemApplicable: false, ssemPctMicros: null, ssemReducedPence: null, ...p,
  });
  const domain = buildTariff({
    year: '2012/13',
    source: 'test',
    apc: [
      row({ hrg: 'AA11A', nonElectivePence: 200_000, nonElectiveTrimDays: 5, longStayPerDayPence: 25_000, ssemApplicable: true, ssemPctMicros: 450_000 }),
      row({ hrg: 'AA12A', combinedElectivePence: 150_000, outpatientProcedurePence: 9_000, electiveTrimDays: 2 }),
      row({ hrg: 'HT12A', nonElectivePence: 600_000, nonElectiveTrimDays: 30, longStayPerDayPence: 20_000 }),
    ],
    mff: [{ provider: 'RA1', name: null, mffMicros: 1_000_000 }],
    hipFractureBpt: { topUpPence: 133_500, criteria: ['surgery_within_36h'], source: 'test' },
  });

  it('applies the short stay emergency adjustment, OPPROC, the combined price, trim points and the hip fracture top-up', async () => {
    const r = await priceActivityFile({
      source: {
        path: write(
          'rules.csv',
          [
            'provider,commissioner,period,pod,hrg,tfc,los,admission_method,age,bpt_hip_fracture',
            'RA1,01A,2012-04,NEL,AA11A,,1,21,40,', // 2 short stay emergency: 45% of £2,000 = £900
            'RA1,01A,2012-04,NEL,AA11A,,1,11,40,', // 3 elective admission method: £2,000
            'RA1,01A,2012-04,OPPROC,AA12A,,,,,', // 4 outpatient procedure £90
            'RA1,01A,2012-04,DC,AA12A,,,,,', // 5 day case from the combined price £1,500
            'RA1,01A,2012-04,EL,AA12A,,4,,,', // 6 trim point 2 without a per day payment: tariff incomplete
            'RA1,01A,2012-04,NEL,HT12A,,12,21,80,Y', // 7 £6,000 + £1,335 top-up
            'RA1,01A,2012-04,NEL,HT12A,,12,21,80,maybe', // 8 not Y or N
            'RA1,01A,2012-04,NEL,HT12A,,12,21,old,N', // 9 age not a number
          ].join('\n') + '\n',
        ),
      },
      tables: compilePriceTables(domain),
    });
    expect(r.rejections.detailed.map((x) => [x.line, x.field, x.reason])).toEqual([
      [6, 'hrg', 'tariff_incomplete'],
      [8, 'bpt_hip_fracture', 'invalid_activity'],
      [9, 'age', 'bad_number'],
    ]);
    expect(r.byPeriodPod.map((p) => [p.pod, p.rows, p.pence])).toEqual([
      ['DC', 1, 150_000n],
      ['NEL', 3, 90_000n + 200_000n + 733_500n],
      ['OPPROC', 1, 9_000n],
    ]);
  });
});

describe('priceActivityFile: unreadable sources throw and produce nothing', () => {
  it.each([
    ['missing', () => join(dir, 'nope.csv'), /not found/],
    ['empty', () => write('empty.csv', ''), /empty/],
    ['wrong header', () => write('bad-header.csv', 'provider,commissioner,period,pod,hrg\nRA1,01A,2025-04,DC,AA10A\n'), /wrong header.*tfc, los/],
    ['a directory', () => dir, /not a regular file/],
  ])('%s file', async (_name, path, message) => {
    const run = price(path());
    await expect(run).rejects.toBeInstanceOf(ConcordatError);
    await expect(price(path())).rejects.toThrow(message);
  });

  it('an empty stream is refused', async () => {
    await expect(priceActivityFile({ source: { stream: Readable.from([]) }, tables })).rejects.toThrow(/empty/);
  });

  it('a missing or incomplete tariff file throws, naming the line', async () => {
    await expect(readBenchmarkTariff({ ...tariff, mff: join(dir, 'no-mff.csv') })).rejects.toBeInstanceOf(ConcordatError);
    const bad = write('bad-op.csv', 'tfc,first_price_pence,followup_price_pence\n100,10000,6000\n101,x,1\n');
    await expect(readBenchmarkTariff({ ...tariff, op: bad })).rejects.toThrow(/op tariff \/ line 3/);
  });
});

// --- agreement with an obviously-correct reference on generated data --------------------------

/** shared/bench beside the main checkout (a worktree sits one level deeper), or CONCORDAT_SHARED_BENCH. */
const GEN = [
  process.env.CONCORDAT_SHARED_BENCH && join(process.env.CONCORDAT_SHARED_BENCH, 'gen-activity.mjs'),
  fileURLToPath(new URL('../../../../shared/bench/gen-activity.mjs', import.meta.url)),
  fileURLToPath(new URL('../../../../../shared/bench/gen-activity.mjs', import.meta.url)),
].find((p): p is string => !!p && existsSync(p));

interface Reference {
  rowsRead: number;
  rowsPriced: number;
  total: bigint;
  csv: string;
  rejectedLines: number[];
}

/** Slow and simple: strings, Maps and BigInt throughout, straight from the benchmark's rules. */
function referencePrice(dir: string): Reference {
  const table = (name: string) =>
    readFileSync(join(dir, name), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const apc = new Map(table('apc_tariff.csv').map(([h, ...v]) => [h, v.map(BigInt)]));
  const op = new Map(table('op_tariff.csv').map(([t, ...v]) => [t, v.map(BigInt)]));
  const mff = new Map(
    table('mff.csv').map(([p, m]) => {
      const [whole, frac = ''] = m.split('.');
      return [p, BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'))];
    }),
  );
  const lines = readFileSync(join(dir, 'activity.csv'), 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const groups = new Map<string, { rows: number; total: bigint }>();
  const out: Reference = { rowsRead: 0, rowsPriced: 0, total: 0n, csv: '', rejectedLines: [] };
  lines.slice(1).forEach((line, i) => {
    out.rowsRead++;
    const [provider, commissioner, period, pod, hrg, tfc, los] = line.split(',');
    const a = apc.get(hrg);
    const o = op.get(tfc);
    const m = mff.get(provider);
    let base: bigint | undefined;
    const excess = (trim: bigint) => (BigInt(los) > trim ? BigInt(los) - trim : 0n);
    if (pod === 'OPFA' && o) base = o[0];
    if (pod === 'OPFU' && o) base = o[1];
    if (pod === 'DC' && a) base = a[1];
    if (pod === 'EL' && a) base = a[0] + excess(a[3]) * a[5];
    if (pod === 'NEL' && a) base = a[2] + excess(a[4]) * a[5];
    if (base === undefined || m === undefined) {
      out.rejectedLines.push(i + 2);
      return;
    }
    const pence = (base * m + 500_000n) / 1_000_000n;
    out.rowsPriced++;
    out.total += pence;
    const key = `${provider},${commissioner},${period}`;
    const g = groups.get(key) ?? { rows: 0, total: 0n };
    g.rows++;
    g.total += pence;
    groups.set(key, g);
  });
  const keys = [...groups.keys()].sort();
  out.csv =
    ['provider,commissioner,period,rows,total_pence', ...keys.map((k) => `${k},${groups.get(k)!.rows},${groups.get(k)!.total}`)].join(
      '\n',
    ) + '\n';
  return out;
}

describe.skipIf(!GEN)('priceActivityFile agrees with a simple reference on generated data', () => {
  let gen: string;
  let ref: Reference;
  let genTables: PriceTables;
  beforeAll(async () => {
    gen = join(dir, 'gen');
    execFileSync(process.execPath, [GEN!, gen, '20000', '7', '0.01'], { stdio: 'ignore' });
    ref = referencePrice(gen);
    genTables = compilePriceTables(
      await readBenchmarkTariff({ apc: join(gen, 'apc_tariff.csv'), op: join(gen, 'op_tariff.csv'), mff: join(gen, 'mff.csv') }),
    );
  });

  it.each([
    ['calling thread only', { workers: 0 }],
    ['two workers, small chunks', { workers: 2, chunkBytes: 1 << 16, waitForWorkers: true }],
  ])('%s', async (_name, opts) => {
    const r = await priceActivityFile({ source: { path: join(gen, 'activity.csv') }, tables: genTables, ...opts });
    expect(ref.rowsRead).toBe(20000);
    expect(ref.rejectedLines.length).toBeGreaterThan(50);
    expect(r.rowsRead).toBe(ref.rowsRead);
    expect(r.rowsPriced).toBe(ref.rowsPriced);
    expect(r.rowsRejected).toBe(ref.rejectedLines.length);
    expect(r.totalPence).toBe(ref.total);
    expect(formatAggregateCsv(r.aggregate)).toBe(ref.csv);
    expect(r.rejections.detailed.map((x) => x.line)).toEqual(ref.rejectedLines.slice(0, 1000));
    expect(r.byPeriodPod.reduce((s, p) => s + p.pence, 0n)).toBe(ref.total);
    if (opts.workers) expect(r.threads).toBeGreaterThan(1);
  });
});

describe('merging the threads\' totals', () => {
  const none = { rows: 0, reasons: REJECT_REASONS.map(() => 0) };
  const thread = (providers: string[], commissioners: string[], groups: [number, number, number, number, number][], carries: [number, string][] = []): ThreadTotals => ({
    rowsRead: groups.reduce((n, g) => n + g[3], 0),
    rowsPriced: groups.reduce((n, g) => n + g[3], 0),
    rowsRejected: 0,
    rowsPricedByKernel: 0,
    reasonCounts: REJECT_REASONS.map(() => 0),
    hintCounts: HINT_KINDS.map(() => 0),
    providerNames: providers,
    commissionerNames: commissioners,
    groupProvider: Int32Array.from(groups.map((g) => g[0])),
    groupCommissioner: Int32Array.from(groups.map((g) => g[1])),
    groupPeriod: Int32Array.from(groups.map((g) => g[2])),
    groupRows: Float64Array.from(groups.map((g) => g[3])),
    groupPence: Float64Array.from(groups.map((g) => g[4])),
    groupCarries: carries,
    podPeriod: [],
    pod: [],
    podRows: [],
    podPence: [],
  });
  const may = 2025 * 12 + 4;
  const apr = 2025 * 12 + 3;

  it('adds the same group from each thread, whatever each thread numbered its codes, in byte order of codes then period', () => {
    const a = thread(['RX1', 'RA1'], ['01A', '00L'], [[0, 0, may, 2, 500], [1, 1, apr, 1, 7], [1, 0, may, 3, 30]]);
    const b = thread(['RA1', 'RX1'], ['00L', '01A'], [[1, 1, may, 5, 100], [0, 0, apr, 4, 3], [0, 1, may, 1, 1]]);
    const merged = mergeTotals([a, b], none);
    expect(merged.aggregate.map((r) => [r.provider, r.commissioner, r.period, r.rows, r.totalPence])).toEqual([
      ['RA1', '00L', '2025-04', 5, 10n],
      ['RA1', '01A', '2025-05', 4, 31n],
      ['RX1', '01A', '2025-05', 7, 600n],
    ]);
    expect(merged.totalPence).toBe(641n);
    expect(merged.rowsRead).toBe(16);
  });

  it('stays exact past 2^53 pence, with each thread\'s carried remainder', () => {
    const max = Number.MAX_SAFE_INTEGER; // 9007199254740991
    const a = thread(['RA1'], ['00L'], [[0, 0, may, 1, max]], [[0, '1000']]);
    const b = thread(['RA1'], ['00L'], [[0, 0, may, 1, max]]);
    const merged = mergeTotals([a, b], none);
    expect(merged.aggregate).toHaveLength(1);
    expect(merged.aggregate[0].totalPence).toBe(2n * BigInt(max) + 1000n);
    expect(merged.totalPence).toBe(2n * BigInt(max) + 1000n);
  });
});
