import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcordatError } from '../../domain/errors.ts';
import { sharedDataDir } from '../../domain/ocds/schemas.testing.ts';
import { formatAggregateCsv, priceActivity, type PricingResult, type TariffPaths } from './index.ts';

const HEADER = 'provider,commissioner,period,pod,hrg,tfc,los';
let dir: string;
let tariff: TariffPaths;

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'concordat-activity-'));
  tariff = {
    apc: write(
      'apc.csv',
      'hrg,el_price_pence,dc_price_pence,nel_price_pence,el_trim_days,nel_trim_days,xbd_price_pence\n' +
        'AA10A,100000,50000,120000,3,10,20000\n' +
        'BB20B,3,3,3,0,0,0\n' +
        'HUGE1,9000000000000,1,1,0,0,0\n',
    ),
    op: write('op.csv', 'tfc,first_price_pence,followup_price_pence\n100,10000,6000\n101,3,1\n'),
    mff: write('mff.csv', 'provider,mff\nRA1,1.000000\nRB1,1.050000\nRC1,1.071509\nRD1,0.500000\nRE1,1.5\n'),
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('priceActivity: hand-priced file', () => {
  const rows = [
    'RA1,01A,2025-04,OPFA,,100,', // 10000 × 1.0 = 10000
    'RB1,01A,2025-04,OPFU,,100,', // 6000 × 1.05 = 6300
    'RC1,02B,2025-05,DC,AA10A,,0', // 50000 × 1.071509 = 53575.45 → 53575
    'RA1,01A,2025-04,EL,AA10A,,5', // 100000 + (5−3) × 20000 = 140000
    'RA1,01A,2025-05,NEL,AA10A,,4', // 120000, los within trim
    'RA1,01A,2025-05,NEL,AA10A,,12', // 120000 + (12−10) × 20000 = 160000
    'RD1,01A,2025-04,DC,BB20B,,0', // 3 × 0.5 = 1.5 → rounds half up → 2
    'RD1,01A,2025-04,OPFU,,101,', // 1 × 0.5 = 0.5 → 1
    'RE1,03C,2026-03,EL,HUGE1,,0', // 9e12 × 1.5 = 1.35e13 (product 1.35e19 > 2^53)
  ];
  let result: PricingResult;
  beforeAll(async () => {
    result = await priceActivity({ activity: write('hand.csv', [HEADER, ...rows].join('\n') + '\n'), tariff });
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

  it('hashes the file bytes and reports progress to the end', async () => {
    const path = join(dir, 'hand.csv');
    expect(result.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    const seen: number[] = [];
    await priceActivity({ activity: path, tariff, onProgress: (p) => seen.push(p.bytesDone / p.bytesTotal) });
    expect(seen.at(-1)).toBe(1);
  });

  it('reads CRLF files, reordered columns and extra columns the same way', async () => {
    const crlf = await priceActivity({
      activity: write('hand-crlf.csv', [HEADER, ...rows].join('\r\n') + '\r\n'),
      tariff,
    });
    expect(crlf.totalPence).toBe(result.totalPence);
    expect(crlf.aggregate).toEqual(result.aggregate);
    const reordered = [
      'los,age,hrg,tfc,pod,period,commissioner,provider',
      ...rows.map((r) => {
        const [p, c, per, pod, hrg, tfc, los] = r.split(',');
        return [los, '42', hrg, tfc, pod, per, c, p].join(',');
      }),
    ];
    const re = await priceActivity({ activity: write('hand-reordered.csv', reordered.join('\n') + '\n'), tariff });
    expect(re.totalPence).toBe(result.totalPence);
    expect(re.aggregate).toEqual(result.aggregate);
  });
});

describe('priceActivity: corrupt rows are rejected with line, field and reason', () => {
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
      'RA1,01A,2025-04,DC', // 16 truncated last line (no newline)
    ];
    const r = await priceActivity({ activity: write('corrupt.csv', lines.join('\n')), tariff });
    expect(r.rowsRead).toBe(14);
    expect(r.rowsPriced).toBe(3);
    expect(r.rowsRejected).toBe(11);
    expect(r.totalPence).toBe(70000n);
    expect(r.rejections.truncated).toBe(false);
    expect(r.rejections.detailed.map((x) => [x.line, x.field, x.reason])).toEqual([
      [3, 'los', 'bad_number'],
      [4, 'hrg', 'unknown_hrg'],
      [5, 'period', 'bad_period'],
      [6, 'tfc', 'unknown_tfc'],
      [7, 'provider', 'unknown_provider'],
      [8, 'pod', 'unknown_pod'],
      [9, 'commissioner', 'missing_field'],
      [10, 'row', 'column_count'],
      [11, 'los', 'bad_number'],
      [15, 'los', 'missing_field'],
      [16, 'row', 'truncated_line'],
    ]);
    expect(r.rejections.detailed[1].value).toBe('ZZ99Z');
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
    const r = await priceActivity({
      activity: write('short.csv', `${HEADER}\nRA1,01A,2025\nRA1,01A,2025-04,OPFA,,100,\nRA1,01A,2025-0\n4,OPFA,,100,\n`),
      tariff,
    });
    expect([r.rowsRead, r.rowsPriced, r.totalPence]).toEqual([4, 1, 10000n]);
    expect(r.rejections.detailed.map((x) => [x.line, x.reason])).toEqual([
      [2, 'column_count'],
      [4, 'column_count'],
      [5, 'column_count'],
    ]);
  });

  it('accepts a complete last line without a trailing newline', async () => {
    const r = await priceActivity({
      activity: write('no-eol.csv', `${HEADER}\nRA1,01A,2025-04,OPFA,,100,`),
      tariff,
    });
    expect([r.rowsRead, r.rowsPriced, r.totalPence]).toEqual([1, 1, 10000n]);
  });

  it('keeps at most 1000 rejections in detail but counts them all', async () => {
    const bad = Array.from({ length: 1500 }, () => 'RA1,01A,2025-04,DC,ZZ99Z,,0');
    const r = await priceActivity({ activity: write('many.csv', [HEADER, ...bad].join('\n') + '\n'), tariff });
    expect(r.rowsRejected).toBe(1500);
    expect(r.rejections.detailed).toHaveLength(1000);
    expect(r.rejections.detailed.at(-1)!.line).toBe(1001);
    expect(r.rejections.truncated).toBe(true);
    expect(r.rejections.byReason.unknown_hrg).toBe(1500);
  });
});

describe('priceActivity: unreadable files throw and produce nothing', () => {
  it.each([
    ['missing', () => join(dir, 'nope.csv'), /not found/],
    ['empty', () => write('empty.csv', ''), /empty/],
    ['wrong header', () => write('bad-header.csv', 'provider,commissioner,period,pod,hrg\nRA1,01A,2025-04,DC,AA10A\n'), /wrong header.*tfc, los/],
  ])('%s file', async (_name, path, message) => {
    const run = priceActivity({ activity: path(), tariff });
    await expect(run).rejects.toBeInstanceOf(ConcordatError);
    await expect(priceActivity({ activity: path(), tariff })).rejects.toThrow(message);
  });

  it('a missing tariff file throws', async () => {
    await expect(
      priceActivity({ activity: join(dir, 'hand.csv'), tariff: { ...tariff, mff: join(dir, 'no-mff.csv') } }),
    ).rejects.toBeInstanceOf(ConcordatError);
  });
});

// --- agreement with an obviously-correct reference on generated data --------------------------

// ../shared beside the repository (a worktree elsewhere finds it through sharedDataDir's fallback).
const GEN = join(sharedDataDir(), '../bench/gen-activity.mjs');

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

describe.skipIf(!existsSync(GEN))('priceActivity agrees with a simple reference on generated data', () => {
  let gen: string;
  let ref: Reference;
  let genTariff: TariffPaths;
  beforeAll(() => {
    gen = join(dir, 'gen');
    execFileSync(process.execPath, [GEN, gen, '20000', '7', '0.01'], { stdio: 'ignore' });
    ref = referencePrice(gen);
    genTariff = { apc: join(gen, 'apc_tariff.csv'), op: join(gen, 'op_tariff.csv'), mff: join(gen, 'mff.csv') };
  });

  it.each([
    ['main thread only', { workers: 0 }],
    ['two workers, small chunks', { workers: 2, chunkBytes: 1 << 16, waitForWorkers: true }],
  ])('%s', async (_name, opts) => {
    const r = await priceActivity({ activity: join(gen, 'activity.csv'), tariff: genTariff, ...opts });
    expect(ref.rowsRead).toBe(20000);
    expect(ref.rejectedLines.length).toBeGreaterThan(50);
    expect(r.rowsRead).toBe(ref.rowsRead);
    expect(r.rowsPriced).toBe(ref.rowsPriced);
    expect(r.rowsRejected).toBe(ref.rejectedLines.length);
    expect(r.totalPence).toBe(ref.total);
    expect(formatAggregateCsv(r.aggregate)).toBe(ref.csv);
    expect(r.rejections.detailed.map((x) => x.line)).toEqual(ref.rejectedLines.slice(0, 1000));
    if (opts.workers) expect(r.threads).toBeGreaterThan(1);
  });
});
