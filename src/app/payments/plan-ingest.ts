/**
 * Activity plans (aggregated lines: service,pod,hrg,period,activity,planned_pence) for a scheme year,
 * streamed and checked line by line: valid lines are kept with a report of every rejected one (line,
 * field, reason). A file that cannot be read at all (missing, not a file, empty, wrong header) throws a
 * ConcordatError before anything is produced, so the caller writes nothing.
 *
 * Patient-level activity is priced by the engine (engine-ingest.ts); this file also holds the line
 * reader and the limits both kinds of upload share.
 */

import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ConcordatError, invalid, notFound, tooLarge } from '../../domain/errors.ts';
import type { Pence } from '../../domain/money.ts';

import type { ActivityHint, ActivityRejection, ActivitySource, IngestReport, RejectionSummary } from './engine-ingest.ts';
import { REJECTIONS_KEPT } from './engine-ingest.ts';
import { ACTIVITY_HINTS, type ActivityHintKind, type ActivityRejectReason } from '../../domain/pricing/index.ts';

const HINT_LINES_KEPT = 5;

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
  // 256 KB at a time: each chunk is priced before the next is read, and the event loop gets a turn between.
  return createReadStream(path, { highWaterMark: 1 << 18 });
}

/** Limits on one file (README "Configuration"): beyond them the file is refused, or the line rejected. */
export interface FileLimits {
  /** Longest line, bytes; a longer one is one rejected row (`line_too_long`), read past in linear time. */
  readonly maxLineBytes: number;
  /** Most data rows in one file; more and the file is refused and nothing recorded. */
  readonly maxRows: number;
}

const envNumber = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isSafeInteger(v) && v > 0 ? v : fallback;
};

/** Limits on a month of patient-level activity (the engine applies them: engine-ingest.ts). */
export const ACTIVITY_LIMITS: FileLimits = {
  maxLineBytes: envNumber('CONCORDAT_MAX_LINE_BYTES', 64 * 1024),
  maxRows: envNumber('CONCORDAT_MAX_ACTIVITY_ROWS', 25_000_000),
};
export const PLAN_LIMITS: FileLimits = { maxLineBytes: ACTIVITY_LIMITS.maxLineBytes, maxRows: envNumber('CONCORDAT_MAX_PLAN_ROWS', 200_000) };

/**
 * Calls `onLine(text, lineNumber, terminated)` for every line of a byte stream, hashing as it goes.
 * `terminated` is false only for a last line with no newline. A line longer than `maxLineBytes` is
 * passed as `text === null` (its first bytes are not kept): the reader stays linear however long a
 * line is. Returns the hash and byte count. Between chunks it yields to the event loop, so a large
 * file never holds up other requests for long.
 */
export async function forEachLine(
  stream: Readable,
  onLine: (text: string | null, line: number, terminated: boolean) => void,
  limits: Pick<FileLimits, 'maxLineBytes'> = ACTIVITY_LIMITS,
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  // The unfinished line so far, in pieces (never re-joined while it grows), and its length.
  let pieces: string[] = [];
  let pending = 0;
  let tooLong = false;
  let line = 0;
  let bytes = 0;
  const finish = (tail: string, terminated: boolean) => {
    line++;
    if (tooLong || pending + tail.length > limits.maxLineBytes) {
      onLine(null, line, terminated);
    } else {
      const text = pieces.length ? pieces.join('') + tail : tail;
      onLine(text.endsWith('\r') ? text.slice(0, -1) : text, line, terminated);
    }
    pieces = [];
    pending = 0;
    tooLong = false;
  };
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      hash.update(buf);
      bytes += buf.length;
      const text = decoder.write(buf);
      let start = 0;
      for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
        finish(text.slice(start, nl), true);
        start = nl + 1;
      }
      const rest = text.length - start;
      if (rest > 0) {
        if (tooLong || pending + rest > limits.maxLineBytes) {
          tooLong = true;
          pieces = [];
        } else pieces.push(text.slice(start));
        pending += rest;
      }
      await yieldToEventLoop();
    }
  } catch (e) {
    if (e instanceof ConcordatError) throw e;
    throw invalid('file', `cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const tail = decoder.end();
  if (pending > 0 || tail !== '') finish(tail, false);
  return { sha256: hash.digest('hex'), bytes };
}

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
// Whole, non-negative pence below 10^15 (£10 trillion): a plan is never negative, and a year's lines
// stay far inside the 2^53 that adds up exactly (checked again on the total).
const PLAN_PENCE = /^\d{1,15}$/;

/**
 * Streams aggregated plan lines (service,pod,hrg,period,activity,planned_pence) whose periods must
 * fall in `periods` (the scheme year). Plan lines are few, so the valid ones are kept in memory.
 */
export async function ingestPlan(source: ActivitySource, periods: readonly string[], limits: FileLimits = PLAN_LIMITS): Promise<PlanReport> {
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
      if (text === null) throw invalid('line 1', `the header line is longer than ${limits.maxLineBytes} bytes: this is not a plan file`);
      const header = text.replace(/^\uFEFF/, '').split(',').map((h) => h.trim().toLowerCase());
      const missing = PLAN_COLUMNS.filter((col) => !header.includes(col));
      if (missing.length) throw invalid('line 1', `wrong header: missing ${missing.join(', ')} (expected ${PLAN_COLUMNS.join(',')})`);
      columns = Object.fromEntries(PLAN_COLUMNS.map((col) => [col, header.indexOf(col)])) as Columns;
      width = header.length;
      return;
    }
    if (text !== null && text.trim() === '') return c.hint('blank_line', line);
    if (++rowsRead > limits.maxRows) throw tooLarge(`the plan has more than ${limits.maxRows.toLocaleString('en-GB')} lines, the most one plan may carry; nothing was recorded`);
    if (text === null) return c.reject(line, 'line', 'line_too_long', `the line is longer than ${limits.maxLineBytes} bytes`, '');
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
    if (!PLAN_PENCE.test(planned)) {
      return c.reject(line, 'planned_pence', 'bad_number', planned.startsWith('-') ? 'planned_pence must not be negative' : 'planned_pence must be whole pence (at most 15 digits)', planned);
    }
    lines.push({ line, service, pod, hrg: f[col.hrg].trim().toUpperCase(), period, activity: Number(activity), plannedPence: Number(planned) });
  });
  if (columns === null) throw invalid('file', 'the file is empty');
  if (rowsRead === 0) throw invalid('file', 'the file has a header but no rows');
  const monthly: Record<string, { planPence: Pence; activity: number }> = {};
  let total = 0;
  for (const l of lines) {
    const m = (monthly[l.period] ??= { planPence: 0, activity: 0 });
    m.planPence += l.plannedPence;
    m.activity += l.activity;
    total += l.plannedPence;
  }
  if (!Number.isSafeInteger(total)) {
    throw invalid('planned_pence', `the plan's total is more than ${Number.MAX_SAFE_INTEGER} pence and cannot be added exactly; nothing was recorded`);
  }
  return {
    rowsRead,
    rowsPriced: lines.length,
    rowsRejected: c.rejected,
    totalPence: total,
    sha256,
    bytes,
    rejections: { detailed: c.detailed, byReason: c.byReason, truncated: c.rejected > c.detailed.length },
    hints: [...c.hints.entries()].map(([kind, h]) => ({ kind, message: ACTIVITY_HINTS[kind], count: h.count, firstLines: h.firstLines })),
    lines,
    monthly,
  };
}
