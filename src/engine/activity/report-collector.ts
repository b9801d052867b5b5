/**
 * Gathers the report of one file as its chunks are priced, in whatever order the threads finish:
 * the first rejections and hint lines in file order, rows so far against the file's limit, and
 * progress. Lines are counted per chunk and turned into file line numbers at the end.
 */
import { ConcordatError } from '../../domain/errors.ts';
import { rejectionMessage, type RejectionContext } from '../../domain/pricing/reasons.ts';
import { POD_CODES, type JobReport, type WireRejection } from './chunk-pricer.ts';
import { HINT_KINDS, HINT_LINES_KEPT, HINT_MESSAGES, REJECTIONS_KEPT, REJECT_REASONS, type Hint, type PricingProgress, type Rejection } from './types.ts';

interface KeptRejection extends WireRejection {
  job: number;
}

const R_LINE_TOO_LONG = REJECT_REASONS.indexOf('line_too_long');

/** Sorted merge that keeps only the first `limit` items by (job, line). */
function keepFirst<T extends { job: number; line: number }>(kept: T[], incoming: T[], limit: number): T[] {
  if (incoming.length === 0) return kept;
  if (kept.length >= limit && kept[kept.length - 1].job < incoming[0].job) return kept;
  const all = kept.concat(incoming);
  all.sort((a, b) => a.job - b.job || a.line - b.line);
  return all.length > limit ? all.slice(0, limit) : all;
}

export class ReportCollector {
  private readonly jobLines: number[] = [];
  private kept: KeptRejection[] = [];
  private readonly hintKept: { job: number; line: number }[][] = HINT_KINDS.map(() => []);
  private rowsSoFar = 0;
  private bytesDone: number;
  /** Rows the reader itself rejected (lines too long to hold), which no pricer saw. */
  readonly readerRejected = { rows: 0, reasons: REJECT_REASONS.map(() => 0) };

  constructor(
    private readonly name: string,
    private readonly maxRows: number,
    headerBytes: number,
    private readonly bytesTotal: number | null,
    private readonly onProgress: ((progress: PricingProgress) => void) | undefined,
  ) {
    this.bytesDone = headerBytes;
  }

  /** Takes a priced chunk's report. Throws when the file has gone past its row limit. */
  readonly absorb = (report: JobReport): void => {
    this.jobLines[report.index] = report.lines;
    this.rowsSoFar += report.rows;
    if (this.rowsSoFar > this.maxRows) {
      throw new ConcordatError(
        'invalid',
        `activity file ${this.name} has more than ${this.maxRows.toLocaleString('en-GB')} rows, the most one file may have; nothing was recorded (split the file, or raise the limit)`,
      );
    }
    if (report.rejections.length) {
      this.kept = keepFirst(this.kept, report.rejections.map((r) => ({ ...r, job: report.index })), REJECTIONS_KEPT);
    }
    report.hintLines.forEach((lines, kind) => {
      if (lines.length) this.hintKept[kind] = keepFirst(this.hintKept[kind], lines.map((line) => ({ job: report.index, line })), HINT_LINES_KEPT);
    });
    this.bytesDone += report.bytes;
    this.onProgress?.({ bytesDone: this.bytesDone, bytesTotal: this.bytesTotal });
  };

  /** A line the reader skipped for being over the limit: one row, rejected, as chunk `index`. */
  longLine(index: number, lineBytes: number): void {
    this.readerRejected.rows++;
    this.readerRejected.reasons[R_LINE_TOO_LONG]++;
    this.absorb({
      index,
      lines: 1,
      rows: 1,
      bytes: lineBytes + 1,
      rejections: [{ line: 1, field: 'line', reason: R_LINE_TOO_LONG, value: `${lineBytes} bytes`, pod: -1 }],
      hintLines: HINT_KINDS.map(() => []),
    });
  }

  /** Line number in the file of the line before each chunk (the header is line 1). */
  private lineBefore(chunks: number): number[] {
    const before: number[] = [];
    let acc = 1;
    for (let j = 0; j < chunks; j++) {
      before[j] = acc;
      acc += this.jobLines[j] ?? 0;
    }
    return before;
  }

  /** The kept rejections with file line numbers and a sentence each, and the hints with theirs. */
  finish(chunks: number, hintCounts: readonly number[], context: Omit<RejectionContext, 'field' | 'value' | 'pod'>): { detailed: Rejection[]; hints: Hint[] } {
    const before = this.lineBefore(chunks);
    const detailed = this.kept.map((r): Rejection => {
      const reason = REJECT_REASONS[r.reason];
      return {
        line: before[r.job] + r.line,
        field: r.field,
        reason,
        message: rejectionMessage(reason, { ...context, field: r.field, value: r.value, pod: r.pod >= 0 ? POD_CODES[r.pod] : null }),
        value: r.value,
      };
    });
    const hints: Hint[] = [];
    HINT_KINDS.forEach((kind, i) => {
      if (hintCounts[i] > 0) hints.push({ kind, message: HINT_MESSAGES[kind], count: hintCounts[i], firstLines: this.hintKept[i].map((x) => before[x.job] + x.line) });
    });
    return { detailed, hints };
  }
}
