import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ConcordatError } from '../../domain/errors.ts';
import { pricePence, type PointOfDelivery } from '../../domain/pricing/index.ts';
import { MFF_2026_27, type Tariff } from '../../domain/tariff/index.ts';
import { demoTariffs } from '../demo/payments.ts';
import { priceMonthlySubmission, type IngestRules } from './engine-ingest.ts';

const HEADER = 'provider,commissioner,period,pod,hrg,tfc,los';
const dir = mkdtempSync(join(tmpdir(), 'concordat-engine-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const tariffs = new Map(demoTariffs().map((t) => [t.year, t]));
const rulesFor = (tariff: Tariff, period: string, provider: string, commissioner = 'QHG'): IngestRules => ({
  period, tariff, providers: new Set([provider]), commissioners: new Set([commissioner]),
});

/** A month's mix for a provider: outpatients by TFC, day cases, electives past the trim point, emergencies. */
function monthRows(provider: string, period: string): string[] {
  return [
    `${provider},QHG,${period},OPFA,,110,`, `${provider},QHG,${period},OPFU,,110,`, `${provider},QHG,${period},OPFA,,650,`,
    `${provider},QHG,${period},DC,HN45A,,0`, `${provider},QHG,${period},EL,HN12A,,40`, `${provider},QHG,${period},NEL,HC54A,,3`,
  ];
}

describe('a month for any trust in the market forces factor table is priced', () => {
  it('Milton Keynes (RD8): every row priced in each demo year, none rejected for want of an MFF', async () => {
    for (const [year, period] of [['2014/15', '2014-09'], ['2023/24', '2023-10'], ['2025/26', '2025-06']] as const) {
      const tariff = tariffs.get(year)!;
      const rows = monthRows('RD8', period);
      const r = await priceMonthlySubmission({ path: file(`rd8-${period}.csv`, [HEADER, ...rows].join('\n') + '\n') }, rulesFor(tariff, period, 'RD8'));
      expect(r.rejections.byReason.no_mff).toBeUndefined();
      expect([r.rowsRead, r.rowsPriced, r.rowsRejected]).toEqual([6, 6, 0]);
      // Independently: the domain pricer row by row.
      const expected: Partial<Record<PointOfDelivery, number>> = {};
      for (const row of rows) {
        const [provider, , , pod, hrg, tfc, los] = row.split(',');
        const pence = pricePence(tariff, { pod: pod as PointOfDelivery, provider, hrg: hrg || null, tfc: tfc || null, losDays: los === '' ? null : Number(los) });
        if (typeof pence !== 'number') throw new Error(pence.message);
        expected[pod as PointOfDelivery] = (expected[pod as PointOfDelivery] ?? 0) + pence;
      }
      expect(r.monthly[period].pricedByPod).toEqual(expected);
      expect(r.monthly[period].volumes).toEqual({ OPFA: 2, OPFU: 1, DC: 1, EL: 1, NEL: 1 });
      expect(r.totalPence).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    }
  });

  it('every one of the 205 trusts: an attendance priced at £168 x its own factor (2025/26)', async () => {
    const tariff = tariffs.get('2025/26')!;
    for (const { provider, mffMicros } of MFF_2026_27) {
      const r = await priceMonthlySubmission(
        { stream: Readable.from([`${HEADER}\n${provider},QHG,2025-06,OPFA,,110,\n`]), fileName: `${provider}.csv` },
        rulesFor(tariff, '2025-06', provider),
      );
      expect(r.rejections.detailed).toEqual([]);
      expect(r.totalPence).toBe(Math.floor((16_800 * mffMicros + 500_000) / 1_000_000));
    }
  });
});

describe('priceMonthlySubmission: what a submission records and refuses', () => {
  const tariff = tariffs.get('2023/24')!;
  const rules = rulesFor(tariff, '2023-10', 'RNA', 'D2P2L');

  it('reports each bad row with line, field, reason and a sentence, and hashes the bytes', async () => {
    const text = [
      HEADER,
      'RNA,D2P2L,2023-10,EL,HN12C,,4',
      'RNA,D2P2L,2023-10,EL,ZZ99Z,,4',
      'RNA,D2P2L,2023-10,EL,HN12C,,4.5',
      'RNA,D2P2L,2023-11,DC,HN45A,,',
      'RC9,D2P2L,2023-10,OPFA,,110,',
      ' rna ,D2P2L,2023-10, el ,hn12c,,0',
      'RNA,D2P2L,2023-10,NEL,HN2',
    ].join('\n');
    const r = await priceMonthlySubmission({ path: file('bad.csv', text) }, rules);
    expect([r.rowsRead, r.rowsPriced, r.rowsRejected]).toEqual([7, 1, 6]);
    expect(r.rejections.detailed.map((x) => [x.line, x.field, x.reason])).toEqual([
      [3, 'hrg', 'unknown_hrg'], [4, 'los', 'bad_number'], [5, 'period', 'wrong_period'], [6, 'provider', 'not_contract_party'],
      [7, 'provider', 'not_contract_party'], [8, 'line', 'truncated_line'],
    ]);
    expect(r.rejections.detailed[0].message).toBe('HRG ZZ99Z is not in the 2023/24 tariff');
    expect(r.rejections.byReason).toEqual({ unknown_hrg: 1, bad_number: 1, wrong_period: 1, not_contract_party: 2, truncated_line: 1 });
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.bytes).toBe(Buffer.byteLength(text));
  });

  it.each([
    ['a missing file', () => ({ path: join(dir, 'nope.csv') }), 'not_found'],
    ['an empty file', () => ({ path: file('empty.csv', '') }), 'invalid'],
    ['a wrong header', () => ({ path: file('wrong.csv', 'prov,comm,when\nRNA,D2P2L,2023-10\n') }), 'invalid'],
    ['a header and no rows', () => ({ path: file('header-only.csv', `${HEADER}\n\n`) }), 'invalid'],
    ['an empty request body', () => ({ stream: Readable.from([]), fileName: 'upload.csv' }), 'invalid'],
  ])('refuses %s', async (_what, source, kind) => {
    const err = await priceMonthlySubmission(source(), rules).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcordatError);
    expect((err as ConcordatError).kind).toBe(kind);
  });

  it('refuses a file with more rows than allowed, and rejects an over-long line as one row', async () => {
    const path = file('three.csv', [HEADER, ...Array.from({ length: 3 }, () => 'RNA,D2P2L,2023-10,OPFA,,110,')].join('\n') + '\n');
    await expect(priceMonthlySubmission({ path }, rules, { maxRows: 2 })).rejects.toThrow(/more than 2 rows/);
    const long = await priceMonthlySubmission({ path: file('long.csv', `${HEADER}\n${'x'.repeat(70_000)}\nRNA,D2P2L,2023-10,OPFA,,110,\n`) }, rules);
    expect(long.rejections.detailed).toEqual([
      { line: 2, field: 'line', reason: 'line_too_long', value: '70000 bytes', message: 'the line is 70000 bytes, over the limit of 65536 bytes: is this an activity file?' },
    ]);
    expect(long.rowsPriced).toBe(1);
  });

  it('reads a 50 MB line sent in 64 KiB pieces (an HTTP body) in linear time, as one rejected row', async () => {
    // The row-by-row reader took minutes on this (each piece re-scanned the whole line so far).
    async function* body(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${HEADER}\nRNA,D2P2L,2023-10,OPFA,,110,\n`);
      const piece = Buffer.alloc(64 << 10, 0x41);
      for (let i = 0; i < 800; i++) yield piece;
      yield Buffer.from('\nRNA,D2P2L,2023-10,OPFA,,110,\n');
    }
    const t0 = performance.now();
    const r = await priceMonthlySubmission({ stream: Readable.from(body()), fileName: 'upload.csv' }, rules);
    expect((performance.now() - t0) / 1000).toBeLessThan(10);
    expect([r.rowsRead, r.rowsPriced]).toEqual([3, 2]);
    expect(r.rejections.detailed).toMatchObject([{ line: 3, reason: 'line_too_long', value: `${800 * (64 << 10)} bytes` }]);
  });

  it('prices a large month on worker threads to the same figures as in place', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => monthRows('RNA', '2023-10')[i % 6].replace('QHG', 'D2P2L'));
    const path = file('big.csv', [HEADER, ...rows].join('\n') + '\n');
    const inPlace = await priceMonthlySubmission({ path }, rules, { inPlaceMaxBytes: 1 << 30 });
    const onWorkers = await priceMonthlySubmission({ path }, rules, { inPlaceMaxBytes: 0, workers: 2 });
    expect(onWorkers).toEqual(inPlace);
    expect(inPlace.rowsPriced).toBe(40_000);
  });
});
