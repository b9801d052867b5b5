/**
 * Streaming reader for "Concordat activity CSV v1" (shared/bench/README.md) for one contract and
 * one period, priced row by row with the domain pricer against the tariff in force. The file is read
 * in chunks and never held whole; every byte goes through SHA-256 as it is read. Bad rows are
 * rejected and reported (line, field, reason); suspect but valid rows are priced and listed as hints.
 *
 * A file that cannot be read at all (missing, not a file, empty, wrong header) throws a
 * ConcordatError before anything is produced, so the caller writes nothing.
 *
 * The benchmark engine (src/engine/activity) totals per provider x commissioner x period only; a
 * statement needs value and volumes by point of delivery and a check of the contract's parties, so
 * this reader prices each row with pricePence (fast enough for monthly contract files: ~1M rows/s).
 */

import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { ConcordatError, invalid, notFound } from '../../domain/errors.ts';
import type { Pence } from '../../domain/money.ts';
import { pricePence, type PointOfDelivery } from '../../domain/pricing/index.ts';
import type { Tariff } from '../../domain/tariff/index.ts';

export const ACTIVITY_COLUMNS = ['provider', 'commissioner', 'period', 'pod', 'hrg', 'tfc', 'los'] as const;

/** Why a row was rejected, and the hints: one list with the engine's (src/domain/pricing/reasons.ts). */
export { ACTIVITY_HINTS, ACTIVITY_REJECT_REASONS, type ActivityHintKind, type ActivityRejectReason } from '../../domain/pricing/index.ts';
import { ACTIVITY_HINTS, type ActivityHintKind, type ActivityRejectReason } from '../../domain/pricing/index.ts';

export interface ActivityRejection {
  /** 1-based line in the file (the header is line 1). */
  readonly line: number;
  readonly field: string;
  readonly reason: ActivityRejectReason;
  readonly message: string;
  /** The offending text (at most 40 characters). */
  readonly value: string;
}

export interface ActivityHint {
  readonly kind: ActivityHintKind;
  readonly message: string;
  readonly count: number;
  readonly firstLines: readonly number[];
}

export interface RejectionSummary {
  /** The first {@link REJECTIONS_KEPT} rejections in file order. */
  readonly detailed: readonly ActivityRejection[];
  readonly byReason: Readonly<Partial<Record<ActivityRejectReason, number>>>;
  readonly truncated: boolean;
}

export interface MonthFigures {
  readonly pricedPence: Pence;
  readonly pricedByPod: Partial<Record<PointOfDelivery, Pence>>;
  readonly volumes: Partial<Record<PointOfDelivery, number>>;
}

export interface IngestReport {
  readonly rowsRead: number;
  readonly rowsPriced: number;
  readonly rowsRejected: number;
  readonly totalPence: Pence;
  readonly sha256: string;
  readonly bytes: number;
  readonly rejections: RejectionSummary;
  readonly hints: readonly ActivityHint[];
  /** The period's priced figures (one entry: the submission's period). */
  readonly monthly: Readonly<Record<string, MonthFigures>>;
}

export const REJECTIONS_KEPT = 1000;
const HINT_LINES_KEPT = 5;

export interface IngestRules {
  readonly period: string;
  readonly tariff: Tariff;
  readonly providers: ReadonlySet<string>;
  readonly commissioners: ReadonlySet<string>;
}

/** Where the bytes come from: a path on disk, or a stream (an HTTP request body). */
export type ActivitySource = { readonly path: string } | { readonly stream: Readable; readonly fileName: string };

/** Opens a path for streaming, refusing what cannot be read at all (nothing is changed). */
export async function openSource(path: string): Promise<Readable> {
  let stat;
  try {
    stat = await fsp.stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw notFound(`file ${path}`);
    throw invalid('file', `cannot be read: ${path} (${code ?? String(e)})`);
  }
  if (!stat.isFile()) throw invalid('file', `not a regular file: ${path}`);
  if (stat.size === 0) throw invalid('file', `the file is empty: ${path}`);
  return createReadStream(path, { highWaterMark: 1 << 20 });
}

/**
 * Calls `onLine(text, lineNumber, terminated)` for every line of a byte stream, hashing as it goes.
 * `terminated` is false only for a last line with no newline. Returns the hash and byte count.
 */
export async function forEachLine(
  stream: Readable,
  onLine: (text: string, line: number, terminated: boolean) => void,
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let line = 0;
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      hash.update(buf);
      bytes += buf.length;
      const text = carry + decoder.write(buf);
      let start = 0;
      for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        onLine(text.slice(start, end), ++line, true);
        start = nl + 1;
      }
      carry = text.slice(start);
    }
  } catch (e) {
    if (e instanceof ConcordatError) throw e;
    throw invalid('file', `cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  carry += decoder.end();
  if (carry !== '') onLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry, ++line, false);
  return { sha256: hash.digest('hex'), bytes };
}

const PODS: ReadonlySet<string> = new Set(['OPFA', 'OPFU', 'DC', 'EL', 'NEL']);
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const WHOLE = /^\d{1,9}$/;

class Collector {
  readonly detailed: ActivityRejection[] = [];
  readonly byReason: Partial<Record<ActivityRejectReason, number>> = {};
  readonly hints = new Map<ActivityHintKind, { count: number; firstLines: number[] }>();
  rejected = 0;
  reject(line: number, field: string, reason: ActivityRejectReason, message: string, value: string): void {
    this.rejected++;
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
    if (this.detailed.length < REJECTIONS_KEPT) this.detailed.push({ line, field, reason, message, value: value.slice(0, 40) });
  }
  hint(kind: ActivityHintKind, line: number): void {
    const h = this.hints.get(kind) ?? { count: 0, firstLines: [] };
    h.count++;
    if (h.firstLines.length < HINT_LINES_KEPT) h.firstLines.push(line);
    this.hints.set(kind, h);
  }
}

/**
 * Streams patient-level activity for one contract and period and prices it. Throws ConcordatError
 * (invalid or not_found) for a source that cannot be read at all; never throws for a bad row.
 */
export async function ingestActivity(source: ActivitySource, rules: IngestRules): Promise<IngestReport> {
  const stream = 'path' in source ? await openSource(source.path) : source.stream;
  const c = new Collector();
  type Columns = Record<(typeof ACTIVITY_COLUMNS)[number], number>;
  let columns = null as Columns | null;
  let width = 0;
  let rowsRead = 0;
  let total = 0;
  const byPod: Partial<Record<PointOfDelivery, Pence>> = {};
  const volumes: Partial<Record<PointOfDelivery, number>> = {};

  const { sha256, bytes } = await forEachLine(stream, (text, line, terminated) => {
    if (columns === null) {
      const header = text.replace(/^\uFEFF/, '').split(',').map((h) => h.trim().toLowerCase());
      if (header.length === 1 && header[0] === '') throw invalid('line 1', 'the file has no header line');
      const missing = ACTIVITY_COLUMNS.filter((col) => !header.includes(col));
      if (missing.length) {
        throw new ConcordatError('invalid', `wrong header: missing ${missing.join(', ')} (expected ${ACTIVITY_COLUMNS.join(',')})`,
          [{ path: ['line 1'], message: `missing column(s) ${missing.join(', ')}` }]);
      }
      columns = Object.fromEntries(ACTIVITY_COLUMNS.map((col) => [col, header.indexOf(col)])) as Columns;
      width = header.length;
      return;
    }
    if (text.trim() === '') {
      c.hint('blank_line', line);
      return;
    }
    rowsRead++;
    const f = text.split(',');
    if (f.length !== width) {
      if (!terminated && f.length < width) {
        c.reject(line, 'line', 'truncated_line', `the last line has no newline and ${f.length} of ${width} fields: the file was cut short`, text);
      } else {
        c.reject(line, 'line', 'column_count', `${f.length} fields, expected ${width}`, String(f.length));
      }
      return;
    }
    const col = columns;
    const provider = f[col.provider].trim();
    const commissioner = f[col.commissioner].trim();
    const period = f[col.period].trim();
    const pod = f[col.pod].trim().toUpperCase();
    const hrg = f[col.hrg].trim().toUpperCase();
    const tfc = f[col.tfc].trim();
    const losText = f[col.los].trim();
    if (provider === '') return c.reject(line, 'provider', 'missing_field', 'missing provider', '');
    if (!rules.providers.has(provider)) {
      return c.reject(line, 'provider', 'not_contract_party', `provider ${provider} is not a provider party to this contract`, provider);
    }
    if (commissioner === '') return c.reject(line, 'commissioner', 'missing_field', 'missing commissioner', '');
    if (!rules.commissioners.has(commissioner)) {
      return c.reject(line, 'commissioner', 'not_contract_party', `commissioner ${commissioner} is not a commissioner party to this contract`, commissioner);
    }
    if (!PERIOD.test(period)) return c.reject(line, 'period', 'bad_period', 'period must be YYYY-MM with a month 01-12', period);
    if (period !== rules.period) {
      return c.reject(line, 'period', 'wrong_period', `period ${period} is not this submission's period ${rules.period}`, period);
    }
    if (!PODS.has(pod)) return c.reject(line, 'pod', pod === '' ? 'missing_field' : 'unknown_pod', 'point of delivery must be OPFA, OPFU, DC, EL or NEL', pod);
    const outpatient = pod === 'OPFA' || pod === 'OPFU';
    let los: number | null = null;
    if (losText !== '') {
      if (!WHOLE.test(losText)) return c.reject(line, 'los', 'bad_number', 'length of stay must be a whole number of days', losText);
      los = Number(losText);
    }
    if (outpatient) {
      if (tfc === '') return c.reject(line, 'tfc', 'missing_field', 'missing treatment function code for an outpatient row', '');
      if (!Object.hasOwn(rules.tariff.outpatient, tfc)) {
        return c.reject(line, 'tfc', 'unknown_tfc', `treatment function code ${tfc} is not in the ${rules.tariff.year} tariff`, tfc);
      }
    } else {
      if (hrg === '') return c.reject(line, 'hrg', 'missing_field', 'missing HRG for an admitted row', '');
      if (!Object.hasOwn(rules.tariff.apc, hrg)) return c.reject(line, 'hrg', 'unknown_hrg', `HRG ${hrg} is not in the ${rules.tariff.year} tariff`, hrg);
      if (pod !== 'DC' && los === null) return c.reject(line, 'los', 'missing_field', 'missing length of stay for an elective or non-elective spell', '');
    }
    const priced = pricePence(rules.tariff, { pod: pod as PointOfDelivery, provider, hrg, tfc, losDays: los });
    if (typeof priced !== 'number') {
      if (priced.reason === 'no_mff') return c.reject(line, 'provider', 'no_mff', priced.message, provider);
      return c.reject(line, outpatient ? 'tfc' : 'hrg', 'no_price', priced.message, outpatient ? tfc : hrg);
    }
    if (los !== null && los > 365) c.hint('los_over_365', line);
    if (outpatient && los !== null) c.hint('outpatient_with_los', line);
    if (outpatient && hrg !== '') c.hint('outpatient_with_hrg', line);
    if (!outpatient && tfc !== '') c.hint('admitted_with_tfc', line);
    if (pod === 'DC' && los !== null && los > 0) c.hint('day_case_with_los', line);
    if (pod === 'EL' && los === 0) c.hint('zero_los_elective', line);
    const p = pod as PointOfDelivery;
    total += priced;
    byPod[p] = (byPod[p] ?? 0) + priced;
    volumes[p] = (volumes[p] ?? 0) + 1;
  });
  if (columns === null) throw invalid('file', 'the file is empty');
  if (rowsRead === 0) throw invalid('file', 'the file has a header but no rows');
  const hints: ActivityHint[] = [...c.hints.entries()].map(([kind, h]) => ({ kind, message: ACTIVITY_HINTS[kind], count: h.count, firstLines: h.firstLines }));
  return {
    rowsRead,
    rowsPriced: rowsRead - c.rejected,
    rowsRejected: c.rejected,
    totalPence: total,
    sha256,
    bytes,
    rejections: { detailed: c.detailed, byReason: c.byReason, truncated: c.rejected > c.detailed.length },
    hints,
    monthly: rowsRead - c.rejected > 0 ? { [rules.period]: { pricedPence: total, pricedByPod: byPod, volumes } } : {},
  };
}

export const PLAN_COLUMNS = ['service', 'pod', 'hrg', 'period', 'activity', 'planned_pence'] as const;

export interface PlanLine {
  readonly line: number;
  readonly service: string;
  readonly pod: string;
  readonly hrg: string;
  readonly period: string;
  readonly activity: number;
  readonly plannedPence: Pence;
}

export interface PlanReport extends Omit<IngestReport, 'monthly'> {
  readonly lines: readonly PlanLine[];
  readonly monthly: Readonly<Record<string, { readonly planPence: Pence; readonly activity: number }>>;
}

const PLAN_PODS: ReadonlySet<string> = new Set(['OPFA', 'OPFU', 'OPPROC', 'DC', 'EL', 'NEL', 'OTHER']);
const SIGNED_PENCE = /^-?\d{1,15}$/;

/**
 * Streams aggregated plan lines (service,pod,hrg,period,activity,planned_pence) whose periods must
 * fall in `periods` (the scheme year). Plan lines are few, so the valid ones are kept in memory.
 */
export async function ingestPlan(source: ActivitySource, periods: readonly string[]): Promise<PlanReport> {
  const stream = 'path' in source ? await openSource(source.path) : source.stream;
  const c = new Collector();
  type Columns = Record<(typeof PLAN_COLUMNS)[number], number>;
  let columns = null as Columns | null;
  let width = 0;
  let rowsRead = 0;
  const lines: PlanLine[] = [];
  const inYear = new Set(periods);
  const { sha256, bytes } = await forEachLine(stream, (text, line, terminated) => {
    if (columns === null) {
      const header = text.replace(/^\uFEFF/, '').split(',').map((h) => h.trim().toLowerCase());
      const missing = PLAN_COLUMNS.filter((col) => !header.includes(col));
      if (missing.length) throw invalid('line 1', `wrong header: missing ${missing.join(', ')} (expected ${PLAN_COLUMNS.join(',')})`);
      columns = Object.fromEntries(PLAN_COLUMNS.map((col) => [col, header.indexOf(col)])) as Columns;
      width = header.length;
      return;
    }
    if (text.trim() === '') return c.hint('blank_line', line);
    rowsRead++;
    const f = text.split(',');
    if (f.length !== width) {
      return !terminated && f.length < width
        ? c.reject(line, 'line', 'truncated_line', `the last line has no newline and ${f.length} of ${width} fields`, text)
        : c.reject(line, 'line', 'column_count', `${f.length} fields, expected ${width}`, String(f.length));
    }
    const col = columns;
    const service = f[col.service].trim();
    const pod = f[col.pod].trim().toUpperCase();
    const period = f[col.period].trim();
    const activity = f[col.activity].trim();
    const planned = f[col.planned_pence].trim();
    if (service === '') return c.reject(line, 'service', 'missing_field', 'missing service', '');
    if (!PLAN_PODS.has(pod)) return c.reject(line, 'pod', 'unknown_pod', 'point of delivery must be OPFA, OPFU, OPPROC, DC, EL, NEL or OTHER', pod);
    if (!PERIOD.test(period)) return c.reject(line, 'period', 'bad_period', 'period must be YYYY-MM with a month 01-12', period);
    if (!inYear.has(period)) return c.reject(line, 'period', 'wrong_period', `period ${period} is not in the plan's scheme year`, period);
    if (!WHOLE.test(activity)) return c.reject(line, 'activity', 'bad_number', 'activity must be a whole number', activity);
    if (!SIGNED_PENCE.test(planned)) return c.reject(line, 'planned_pence', 'bad_number', 'planned_pence must be whole pence', planned);
    lines.push({ line, service, pod, hrg: f[col.hrg].trim().toUpperCase(), period, activity: Number(activity), plannedPence: Number(planned) });
  });
  if (columns === null) throw invalid('file', 'the file is empty');
  if (rowsRead === 0) throw invalid('file', 'the file has a header but no rows');
  const monthly: Record<string, { planPence: Pence; activity: number }> = {};
  for (const l of lines) {
    const m = (monthly[l.period] ??= { planPence: 0, activity: 0 });
    m.planPence += l.plannedPence;
    m.activity += l.activity;
  }
  return {
    rowsRead,
    rowsPriced: lines.length,
    rowsRejected: c.rejected,
    totalPence: lines.reduce((s, l) => s + l.plannedPence, 0),
    sha256,
    bytes,
    rejections: { detailed: c.detailed, byReason: c.byReason, truncated: c.rejected > c.detailed.length },
    hints: [...c.hints.entries()].map(([kind, h]) => ({ kind, message: ACTIVITY_HINTS[kind], count: h.count, firstLines: h.firstLines })),
    lines,
    monthly,
  };
}
