/**
 * One pricing path: on random activity files (valid and invalid rows, random tariffs, both column
 * layouts, strict and tolerant reading, one contract's month or a whole economy's file), the engine's
 * totals, per-period point-of-delivery figures, groups, reject counts and hints equal what the domain
 * pricer gives row by row (pricePence), summed here independently with BigInt. The file-format
 * checks below are a plain string reading of the order documented in src/domain/pricing/reasons.ts.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ACTIVITY_HINT_KINDS,
  ACTIVITY_REJECT_REASONS,
  pricePence,
  priceUnit,
  type ActivityRejectReason,
  type ActivityUnit,
  type PointOfDelivery,
} from '../../domain/pricing/index.ts';
import { buildTariff, HIP_FRACTURE_CRITERIA_2010_TO_2014, type ApcPrice, type OutpatientPrice, type Tariff } from '../../domain/tariff/index.ts';
import { compilePriceTables, priceActivityFile, type PricingResult } from './index.ts';

const CORE = ['provider', 'commissioner', 'period', 'pod', 'hrg', 'tfc', 'los'] as const;
const OPTIONAL = ['admission_method', 'age', 'bpt_hip_fracture'] as const;
type Column = (typeof CORE)[number] | (typeof OPTIONAL)[number] | 'note';

const HRGS = ['AA10A', 'AA11B', 'HN12A', 'HT12A', 'WX99Z'];
const TFCS = ['100', '110', '320', '650'];
const PROVIDERS = ['RA1', 'RB2', 'RC3', 'RX9'];
const COMMISSIONERS = ['01A', '06F', 'QHG'];
const PERIOD = '2025-06';

// --- temporary files ----------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'concordat-activity-property-'));
let fileNo = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function tempFile(bytes: Buffer): string {
  const path = join(dir, `f${fileNo++}.csv`);
  writeFileSync(path, bytes);
  return path;
}

// --- random tariffs ---------------------------------------------------------------------------

// Mostly prices, sometimes "no price"; odd amounts and factors that land on half pennies test rounding.
const pence = fc.option(fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.constantFrom(1, 3, 16_801, 250_001)), { nil: null, freq: 8 });
const days = fc.option(fc.integer({ min: 0, max: 6 }), { nil: null, freq: 5 });
const apcRow = (hrg: string): fc.Arbitrary<ApcPrice> =>
  fc.record({
    hrg: fc.constant(hrg),
    name: fc.constant(null),
    outpatientProcedurePence: pence,
    combinedElectivePence: pence,
    dayCasePence: pence,
    ordinaryElectivePence: pence,
    electiveTrimDays: days,
    nonElectivePence: pence,
    nonElectiveTrimDays: days,
    longStayPerDayPence: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null, freq: 8 }),
    ssemApplicable: fc.oneof(fc.constant(true), fc.boolean()),
    ssemPctMicros: fc.option(fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constant(500_000)), { nil: null }),
    ssemReducedPence: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: null, freq: 2 }),
  });
const opRow = (tfc: string): fc.Arbitrary<OutpatientPrice> =>
  fc.record({ tfc: fc.constant(tfc), name: fc.constant(null), firstPence: pence, followUpPence: pence });

const tariffArb: fc.Arbitrary<Tariff> = fc
  .record({
    apc: fc.subarray(HRGS, { minLength: HRGS.length - 1 }).chain((hs) => fc.tuple(...hs.map(apcRow))),
    op: fc.subarray(TFCS, { minLength: TFCS.length - 1 }).chain((ts) => fc.tuple(...ts.map(opRow))),
    mff: fc.subarray(PROVIDERS, { minLength: PROVIDERS.length - 1 }).chain((ps) =>
      fc.tuple(...ps.map((p) => fc.oneof(fc.integer({ min: 500_000, max: 2_000_000 }), fc.constantFrom(500_000, 1_500_000)).map((m) => ({ provider: p, name: null, mffMicros: m }))))),
    bpt: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
    minAge: fc.integer({ min: 16, max: 19 }),
    maxLos: fc.integer({ min: 0, max: 2 }),
  })
  .map((t) =>
    buildTariff({
      year: '2025/26',
      source: 'property test',
      apc: t.apc,
      outpatient: t.op,
      mff: t.mff,
      hipFractureBpt: t.bpt === null ? null : { topUpPence: t.bpt, criteria: HIP_FRACTURE_CRITERIA_2010_TO_2014, source: 'test' },
      rules: { shortStayEmergency: { minAgeYears: t.minAge, maxLosDays: t.maxLos, emergencyAdmissionMethods: ['21', '2A'] } },
    }),
  );

// --- random files -----------------------------------------------------------------------------

const spaced = (a: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(fc.oneof({ weight: 24, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(' ', '\t') }), a, fc.oneof({ weight: 24, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constant(' ') }))
    .map(([l, v, r]) => l + v + r);
/** Each field: a valid value most of the time, else something a real file gets wrong. */
const field = (valid: fc.Arbitrary<string>, invalid: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  spaced(fc.oneof({ weight: 15, arbitrary: valid }, { weight: 1, arbitrary: invalid }));
const fieldArbs: Record<Column, fc.Arbitrary<string>> = {
  provider: field(fc.constantFrom(...PROVIDERS), fc.constantFrom('ZZ1', '', 'ra1', 'LONGCODE9')),
  commissioner: field(fc.constantFrom(...COMMISSIONERS), fc.constantFrom('99Z', '', 'E54000008')),
  period: field(fc.constant(PERIOD), fc.constantFrom('2025-07', '2025-13', '2025-6', '', '20a5-06')),
  pod: field(fc.constantFrom('OPFA', 'OPFU', 'OPPROC', 'DC', 'EL', 'NEL', 'NEL', 'NEL'), fc.constantFrom('el', 'nel', 'Op', 'XX', '')),
  hrg: field(fc.constantFrom(...HRGS), fc.constantFrom('aa10a', 'ZZ99Z', '')),
  tfc: field(fc.constantFrom(...TFCS, ''), fc.constantFrom('999')),
  los: field(
    fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 2 }).map(String) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 40 }).map(String) }),
    fc.constantFrom('', '400', 'x', '-1', '99999999999', '00000000005', '2147483648', '99999'),
  ),
  admission_method: field(fc.constantFrom('21', '21', '2A', '2a', '11', ''), fc.constantFrom('X')),
  age: field(
    fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 15, max: 90 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('', '0') }),
    fc.constantFrom('old', '1.5'),
  ),
  bpt_hip_fracture: field(fc.constantFrom('Y', 'N', '', 'y'), fc.constantFrom('maybe')),
  note: fc.constantFrom('', 'x', 'a note'),
};

interface FileCase {
  columns: Column[];
  lines: string[];
  finalNewline: boolean;
  crlf: boolean;
}

const MAX_LINE = 120;

const fileArb: fc.Arbitrary<FileCase> = fc
  .record({
    layout: fc.oneof(
      fc.constant([...CORE] as Column[]),
      fc.shuffledSubarray([...CORE, ...OPTIONAL] as Column[], { minLength: CORE.length + OPTIONAL.length }),
      fc.shuffledSubarray([...OPTIONAL, 'note'] as Column[]).chain((extra) => fc.shuffledSubarray([...CORE, ...extra] as Column[], { minLength: CORE.length + extra.length })),
    ),
    crlf: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .chain(({ layout, crlf, finalNewline }) =>
    fc.record({
      columns: fc.constant(layout),
      crlf: fc.constant(crlf),
      finalNewline: fc.constant(finalNewline),
      lines: fc.array(
        fc.oneof(
          { weight: 12, arbitrary: fc.tuple(...layout.map((c) => fieldArbs[c])).map((fs) => fs.join(',')) },
          { weight: 1, arbitrary: fc.tuple(...layout.map((c) => fieldArbs[c])).map((fs) => fs.slice(0, -1).join(',')) },
          { weight: 1, arbitrary: fc.tuple(...layout.map((c) => fieldArbs[c])).map((fs) => `${fs.join(',')},extra`) },
          { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t') },
          { weight: 1, arbitrary: fc.integer({ min: MAX_LINE + 1, max: MAX_LINE + 400 }).map((n) => `RA1,${'x'.repeat(n - 4)}`) },
        ),
        { maxLength: 120, size: 'medium' },
      ),
    }),
  );

function fileText(f: FileCase): string {
  const eol = f.crlf ? '\r\n' : '\n';
  const body = [f.columns.join(','), ...f.lines].join(eol);
  return f.finalNewline ? body + eol : body;
}

// --- the reference: strings, the documented order, and pricePence ---------------------------------

interface Expected {
  rowsRead: number;
  rowsPriced: number;
  byReason: Record<ActivityRejectReason, number>;
  rejected: { line: number; field: string; reason: ActivityRejectReason }[];
  total: bigint;
  pods: Map<string, { rows: number; pence: bigint }>;
  groups: Map<string, { rows: number; pence: bigint }>;
  hints: Record<string, number>;
}

/** Rules and reasons the random files reached, across all runs (so a weak generator shows up). */
const seen = new Set<string>();

interface Scope {
  providers: string[];
  commissioners: string[];
  period: string;
}

function expected(tariff: Tariff, f: FileCase, scope: Scope | null, tolerant: boolean): Expected {
  const text = fileText(f);
  const physical = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) physical.pop();
  const out: Expected = {
    rowsRead: 0,
    rowsPriced: 0,
    byReason: Object.fromEntries(ACTIVITY_REJECT_REASONS.map((r) => [r, 0])) as Record<ActivityRejectReason, number>,
    rejected: [],
    total: 0n,
    pods: new Map(),
    groups: new Map(),
    hints: {},
  };
  const col = (name: Column) => f.columns.indexOf(name);
  const ncols = f.columns.length;
  const trim = (s: string) => (tolerant ? s.replace(/^[ \t]+|[ \t]+$/g, '') : s);
  const hint = (kind: string) => (out.hints[kind] = (out.hints[kind] ?? 0) + 1);
  physical.slice(1).forEach((raw, i) => {
    const line = i + 2;
    const isLast = i === physical.length - 2;
    const fields = raw.split(',');
    const last = fields.length - 1;
    if (fields[last].endsWith('\r')) fields[last] = fields[last].slice(0, -1);
    const v = fields.map(trim);
    if (v.length === 1 && v[0] === '') return void hint('blank_line');
    out.rowsRead++;
    const reject = (field: string, reason: ActivityRejectReason): void => {
      seen.add(reason);
      out.byReason[reason]++;
      out.rejected.push({ line, field, reason });
    };
    if (raw.length > MAX_LINE) return reject('line', 'line_too_long');
    if (v.length !== ncols) return reject('line', v.length < ncols && isLast && !endsWithNewline ? 'truncated_line' : 'column_count');
    const get = (c: Column) => (col(c) >= 0 ? v[col(c)] : '');
    const provider = get('provider');
    const commissioner = get('commissioner');
    const period = get('period');
    if (provider === '') return reject('provider', 'missing_field');
    if (scope && !scope.providers.includes(provider)) return reject('provider', 'not_contract_party');
    if (commissioner === '') return reject('commissioner', 'missing_field');
    if (scope && !scope.commissioners.includes(commissioner)) return reject('commissioner', 'not_contract_party');
    if (period === '') return reject('period', 'missing_field');
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return reject('period', 'bad_period');
    if (scope && period !== scope.period) return reject('period', 'wrong_period');
    const podText = tolerant ? get('pod').toUpperCase() : get('pod');
    if (podText === '') return reject('pod', 'missing_field');
    if (!['OPFA', 'OPFU', 'OPPROC', 'DC', 'EL', 'NEL'].includes(podText)) return reject('pod', 'unknown_pod');
    const pod = podText as PointOfDelivery;
    const attendance = pod === 'OPFA' || pod === 'OPFU';
    const tfc = get('tfc');
    const hrg = tolerant ? get('hrg').toUpperCase() : get('hrg');
    if (attendance) {
      if (tfc === '') return reject('tfc', 'missing_field');
      if (!Object.hasOwn(tariff.outpatient, tfc)) return reject('tfc', 'unknown_tfc');
    } else {
      if (hrg === '') return reject('hrg', 'missing_field');
      if (!Object.hasOwn(tariff.apc, hrg)) return reject('hrg', 'unknown_hrg');
    }
    const whole = (s: string) => (/^\d{1,10}$/.test(s) && Number(s) <= 2147483647 ? Number(s) : -1);
    const losText = get('los');
    const los = losText === '' ? null : whole(losText);
    if (los === -1) return reject('los', 'bad_number');
    if (los === null && (pod === 'EL' || pod === 'NEL')) return reject('los', 'missing_field');
    const ageText = get('age');
    const age = ageText === '' ? null : whole(ageText);
    if (age === -1) return reject('age', 'bad_number');
    const flag = get('bpt_hip_fracture').trim().toUpperCase();
    if (flag !== '' && flag !== 'Y' && flag !== 'N') return reject('bpt_hip_fracture', 'invalid_activity');
    const admission = get('admission_method');
    const unit: ActivityUnit = {
      pod,
      provider,
      hrg: attendance ? null : hrg,
      tfc: attendance ? tfc : null,
      losDays: los,
      admissionMethod: admission === '' ? null : admission,
      ageYears: age,
      hipFractureCriteria: flag === 'Y' ? Object.fromEntries(HIP_FRACTURE_CRITERIA_2010_TO_2014.map((c) => [c, true])) : null,
    };
    const priced = pricePence(tariff, unit);
    if (typeof priced !== 'number') return reject(priced.reason === 'no_mff' ? 'provider' : attendance ? 'tfc' : 'hrg', priced.reason);
    const full = priceUnit(tariff, unit);
    if (full.ok) for (const rule of full.rule.split('+')) seen.add(rule);
    out.rowsPriced++;
    out.total += BigInt(priced);
    const add = (m: Map<string, { rows: number; pence: bigint }>, key: string) => {
      const g = m.get(key) ?? { rows: 0, pence: 0n };
      g.rows++;
      g.pence += BigInt(priced);
      m.set(key, g);
    };
    add(out.pods, `${period} ${pod}`);
    add(out.groups, `${provider} ${commissioner} ${period}`);
    if (los !== null) {
      if (los > 365) hint('los_over_365');
      if (attendance || pod === 'OPPROC') hint('outpatient_with_los');
      else if (pod === 'DC' && los > 0) hint('day_case_with_los');
      else if (pod === 'EL' && los === 0) hint('zero_los_elective');
    }
    if (attendance && get('hrg') !== '') hint('outpatient_with_hrg');
    if (!attendance && pod !== 'OPPROC' && tfc !== '') hint('admitted_with_tfc');
  });
  return out;
}

function check(r: PricingResult, e: Expected): void {
  expect([r.rowsRead, r.rowsPriced, r.rowsRejected]).toEqual([e.rowsRead, e.rowsPriced, e.rowsRead - e.rowsPriced]);
  expect(r.rejections.byReason).toEqual(e.byReason);
  expect(r.rejections.detailed.map((x) => ({ line: x.line, field: x.field, reason: x.reason }))).toEqual(e.rejected);
  expect(r.totalPence).toBe(e.total);
  expect(new Map(r.byPeriodPod.map((p) => [`${p.period} ${p.pod}`, { rows: p.rows, pence: p.pence }]))).toEqual(e.pods);
  expect(new Map(r.aggregate.map((g) => [`${g.provider} ${g.commissioner} ${g.period}`, { rows: g.rows, pence: g.totalPence }]))).toEqual(e.groups);
  const hints = Object.fromEntries(r.hints.map((h) => [h.kind, h.count]));
  expect(hints).toEqual(e.hints);
  expect(r.hints.every((h) => ACTIVITY_HINT_KINDS.includes(h.kind))).toBe(true);
}

const scopeArb: fc.Arbitrary<Scope | null> = fc.option(
  fc.record({
    providers: fc.subarray(PROVIDERS, { minLength: PROVIDERS.length - 1 }),
    commissioners: fc.subarray(COMMISSIONERS, { minLength: COMMISSIONERS.length - 1 }),
    period: fc.constant(PERIOD),
  }),
);

describe('the engine prices every row as the domain does', () => {
  it('on random files, in place, whole or in small chunks, from a file or a stream', async () => {
    await fc.assert(
      fc.asyncProperty(tariffArb, fileArb, scopeArb, fc.boolean(), fc.constantFrom(256, 4 << 20), fc.boolean(), fc.boolean(), async (tariff, f, scope, tolerant, chunkBytes, asStream, kernel) => {
        const text = fileText(f);
        const bytes = Buffer.from(text, 'utf8');
        const source = asStream
          ? { stream: Readable.from([bytes.subarray(0, 7), bytes.subarray(7, 100), bytes.subarray(100)]) }
          : { path: tempFile(bytes) };
        const r = await priceActivityFile({ source, tables: compilePriceTables(tariff), scope, tolerant, maxLineBytes: MAX_LINE, chunkBytes, workers: 0, kernel });
        check(r, expected(tariff, f, scope, tolerant));
        if (!kernel) expect(r.rowsPricedByKernel).toBe(0);
        const order = f.columns.join(',') === CORE.join(',') ? 'v1 order' : 'other order';
        if (r.rowsPricedByKernel > 0) seen.add(`kernel, ${order}`);
        if (r.rowsPriced > r.rowsPricedByKernel) seen.add(`loop, ${order}`);
      }),
      { numRuns: 300 },
    );
    // Every pricing rule and every row-level reason was exercised, not just the easy ones.
    const reasons = ACTIVITY_REJECT_REASONS.filter((r) => r !== 'no_tariff');
    // Both ways of pricing a row: the WebAssembly kernel, and ChunkPricer's loop (which prices files
    // in other column orders, and the lines the kernel leaves to it).
    const rules = ['kernel, v1 order', 'kernel, other order', 'loop, v1 order', 'loop, other order', 'op.first_attendance', 'op.follow_up_attendance', 'op.procedure', 'apc.day_case', 'apc.ordinary_elective', 'apc.non_elective', 'apc.excess_bed_days', 'apc.short_stay_emergency', 'bpt.hip_fracture'];
    expect([...reasons, ...rules].filter((x) => !seen.has(x))).toEqual([]);
  });

  it('on random files priced by a worker thread in small chunks', async () => {
    await fc.assert(
      fc.asyncProperty(tariffArb, fileArb, scopeArb, fc.boolean(), async (tariff, f, scope, tolerant) => {
        const r = await priceActivityFile({
          source: { path: tempFile(Buffer.from(fileText(f), 'utf8')) },
          tables: compilePriceTables(tariff),
          scope,
          tolerant,
          maxLineBytes: MAX_LINE,
          chunkBytes: 256,
          workers: 1,
          callingThreadPrices: false,
          waitForWorkers: true,
        });
        check(r, expected(tariff, f, scope, tolerant));
      }),
      { numRuns: 12 },
    );
  });
});

