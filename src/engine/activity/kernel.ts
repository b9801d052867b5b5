/**
 * The hot path: parses "Concordat activity CSV v1" bytes, prices each row and aggregates by
 * provider × commissioner × period. One {@link ActivityKernel} per thread; it is fed jobs (byte
 * ranges that end at a newline, except the file's last) and keeps its own totals.
 *
 * No strings are made per row: fields are located by scanning for ',' and '\n', codes are looked
 * up in {@link ByteTable}s on the raw bytes (hash, then byte comparison), periods and lengths of
 * stay are parsed from digits. Strings are only made for new commissioners and for rejections.
 */
import { ByteTable } from './byte-table.ts';
import type { TariffData } from './tariff.ts';
import { HINT_KINDS, HINT_LINES_KEPT, REJECTIONS_KEPT, REJECT_REASONS } from './types.ts';

/** The 7 required columns; any further columns in the header are allowed and ignored. */
export const CORE_COLUMNS = ['provider', 'commissioner', 'period', 'pod', 'hrg', 'tfc', 'los'] as const;
export type CoreColumn = (typeof CORE_COLUMNS)[number];

export interface HeaderLayout {
  readonly columns: readonly string[];
  /** Position of each core column in the file's header. */
  readonly index: Readonly<Record<CoreColumn, number>>;
}

/** Header check result: the layout, or the problem in words. */
export function layoutFromHeader(line: string): HeaderLayout | string {
  const columns = line.replace(/\r$/, '').replace(/^\uFEFF/, '').split(',').map((c) => c.trim());
  const index = {} as Record<CoreColumn, number>;
  const missing: string[] = [];
  for (const c of CORE_COLUMNS) {
    const at = columns.indexOf(c);
    if (at < 0) missing.push(c);
    else if (columns.indexOf(c, at + 1) >= 0) return `column "${c}" appears twice`;
    index[c] = at;
  }
  if (missing.length) return `missing column(s) ${missing.join(', ')}`;
  return { columns, index };
}

/** A rejection as it travels between threads: `line` is relative to its job (1-based). */
export interface WireRejection {
  line: number;
  field: string;
  reason: number;
  value: string;
}

export interface JobReport {
  readonly index: number;
  /** Lines seen in the job, blank lines included. */
  readonly lines: number;
  readonly bytes: number;
  /** At most {@link REJECTIONS_KEPT}, in order. */
  readonly rejections: WireRejection[];
  /** Per hint kind, the first {@link HINT_LINES_KEPT} job-relative lines. */
  readonly hintLines: number[][];
}

export interface ThreadTotals {
  rowsRead: number;
  rowsPriced: number;
  rowsRejected: number;
  reasonCounts: number[];
  hintCounts: number[];
  /** Groups: provider is an index into the tariff's providers, commissioner a name. */
  groupProvider: number[];
  groupCommissioner: string[];
  /** year × 12 + month − 1 */
  groupPeriod: number[];
  groupRows: number[];
  /** Exact sum per group as a decimal string. */
  groupPence: string[];
}

const R_COLUMN_COUNT = 0;
const R_MISSING = 1;
const R_PROVIDER = 2;
const R_PERIOD = 3;
const R_POD = 4;
const R_HRG = 5;
const R_TFC = 6;
const R_NUMBER = 7;
const R_TRUNCATED = 8;

const H_LOS_365 = 0;
const H_OP_LOS = 1;
const H_OP_HRG = 2;
const H_ADM_TFC = 3;
const H_DC_LOS = 4;
const H_BLANK = 5;

/** Largest x with x + 500000 still a safe integer. */
const SAFE_PRODUCT = Number.MAX_SAFE_INTEGER - 500_000;
/** A group's running double sum is moved into its BigInt carry beyond this (keeps sums exact). */
const FLUSH_AT = 4e15;

function hashRange(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h;
}

/** Mixes a group key (murmur3-style finaliser so every input bit reaches the low bits). */
function groupHash(prov: number, comm: number, period: number): number {
  let h = Math.imul(prov, 0x9e3779b1) ^ Math.imul(comm, 0x85ebca6b) ^ Math.imul(period, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class ActivityKernel {
  private readonly ncols: number;
  private readonly cProv: number;
  private readonly cComm: number;
  private readonly cPer: number;
  private readonly cPod: number;
  private readonly cHrg: number;
  private readonly cTfc: number;
  private readonly cLos: number;
  private readonly fieldStart: Int32Array;
  private readonly fieldEnd: Int32Array;
  private readonly fieldHash: Int32Array;
  /** 1 for the columns whose bytes are hashed while scanning (the looked-up codes) */
  private readonly hashed: Uint8Array;
  /** The header is exactly provider,commissioner,period,pod,hrg,tfc,los (fast path). */
  private readonly canonical: boolean;

  private readonly providers = new ByteTable(128);
  private readonly hrgs = new ByteTable(4096);
  private readonly tfcs = new ByteTable(256);
  private readonly commissioners = new ByteTable(256);
  private readonly mff: Float64Array;
  private readonly elPrice: Float64Array;
  private readonly dcPrice: Float64Array;
  private readonly nelPrice: Float64Array;
  private readonly elTrim: Float64Array;
  private readonly nelTrim: Float64Array;
  private readonly xbd: Float64Array;
  private readonly firstPrice: Float64Array;
  private readonly followPrice: Float64Array;

  // group table: open addressing on (provider, commissioner id, period code)
  private gSlots: Int32Array = new Int32Array(1 << 14);
  private gMask = (1 << 14) - 1;
  private gProv: Int32Array = new Int32Array(1 << 13);
  private gComm: Int32Array = new Int32Array(1 << 13);
  private gPer: Int32Array = new Int32Array(1 << 13);
  private gRows: Float64Array = new Float64Array(1 << 13);
  private gSum: Float64Array = new Float64Array(1 << 13);
  private gCarry: bigint[] = [];
  private gCount = 0;
  // Dense index over (provider, commissioner id, period id) → group + 1, while it stays small;
  // the hash table above is the fallback for unusually many commissioners or periods.
  private readonly periodIds = new Int32Array(120_000);
  private periodCount = 0;
  private dense = new Int32Array(0);
  private dCommCap = 0;
  private dPerCap = 0;
  private denseOn = true;

  /** [rows read, rows priced] */
  private readonly counts = new Float64Array(2);
  private rowsRejected = 0;
  private readonly reasonCounts = new Array<number>(REJECT_REASONS.length).fill(0);
  private readonly hintCounts = new Array<number>(HINT_KINDS.length).fill(0);

  // per-job state
  private jobRejections: WireRejection[] = [];
  private jobHints: number[][] = [];
  private jobBuf: Buffer = Buffer.alloc(0);

  constructor(tariff: TariffData, layout: HeaderLayout) {
    this.ncols = layout.columns.length;
    const ix = layout.index;
    this.cProv = ix.provider;
    this.cComm = ix.commissioner;
    this.cPer = ix.period;
    this.cPod = ix.pod;
    this.cHrg = ix.hrg;
    this.cTfc = ix.tfc;
    this.cLos = ix.los;
    this.fieldStart = new Int32Array(this.ncols + 1);
    this.fieldEnd = new Int32Array(this.ncols + 1);
    this.fieldHash = new Int32Array(this.ncols + 1);
    this.hashed = new Uint8Array(this.ncols + 1);
    for (const c of [ix.provider, ix.commissioner, ix.hrg, ix.tfc]) this.hashed[c] = 1;
    this.canonical = layout.columns.length === CORE_COLUMNS.length && CORE_COLUMNS.every((c, i) => layout.columns[i] === c);
    // Tables are filled in tariff order, so entry index = tariff row index in every thread.
    for (const p of tariff.provider) if (this.providers.addText(p) < 0) throw new Error(`duplicate provider ${p}`);
    for (const h of tariff.hrg) if (this.hrgs.addText(h) < 0) throw new Error(`duplicate HRG ${h}`);
    for (const t of tariff.tfc) if (this.tfcs.addText(t) < 0) throw new Error(`duplicate TFC ${t}`);
    this.mff = Float64Array.from(tariff.mffMicro);
    this.elPrice = Float64Array.from(tariff.elPrice);
    this.dcPrice = Float64Array.from(tariff.dcPrice);
    this.nelPrice = Float64Array.from(tariff.nelPrice);
    this.elTrim = Float64Array.from(tariff.elTrim);
    this.nelTrim = Float64Array.from(tariff.nelTrim);
    this.xbd = Float64Array.from(tariff.xbdPrice);
    this.firstPrice = Float64Array.from(tariff.firstPrice);
    this.followPrice = Float64Array.from(tariff.followupPrice);
  }

  /**
   * Prices buf[start, end). Every line in the range must end with '\n' except, when `final` is set,
   * the last one (a file without a trailing newline).
   */
  processJob(index: number, buf: Uint8Array, start: number, end: number, final: boolean): JobReport {
    this.jobRejections = [];
    this.jobHints = HINT_KINDS.map(() => []);
    if (end > start && buf[end - 1] !== 10) {
      if (!final) throw new Error('a job that is not the last must end with a newline');
      // The scan needs a '\n' sentinel after the last byte.
      if (end >= buf.length) {
        const copy = new Uint8Array(end - start + 1);
        copy.set(buf.subarray(start, end));
        end -= start;
        start = 0;
        buf = copy;
      }
    }
    const saved = end < buf.length ? buf[end] : -1;
    if (saved >= 0) buf[end] = 10;
    this.jobBuf = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    let lines: number;
    try {
      lines = this.scan(buf, start, end, final);
    } finally {
      if (saved >= 0) buf[end] = saved;
    }
    return { index, lines, bytes: end - start, rejections: this.jobRejections, hintLines: this.jobHints };
  }

  /**
   * The loop itself, kept apart from the per-job bookkeeping: V8 otherwise deoptimises the OSR'd
   * loop at the first statement after it at the end of every job. buf[end] must be '\n'.
   * Returns the lines seen.
   */
  private scan(buf: Uint8Array, start: number, end: number, final: boolean): number {
    const ncols = this.ncols;
    const FS = this.fieldStart;
    const FE = this.fieldEnd;
    const FH = this.fieldHash;
    const hashed = this.hashed;
    const canon = this.canonical;
    const cProv = this.cProv;
    const cComm = this.cComm;
    const cPer = this.cPer;
    const cPod = this.cPod;
    const cHrg = this.cHrg;
    const cTfc = this.cTfc;
    const cLos = this.cLos;
    const providers = this.providers;
    const hrgs = this.hrgs;
    const tfcs = this.tfcs;
    const commissioners = this.commissioners;
    const mffs = this.mff;
    const counts = this.counts;
    let line = 0;
    let pos = start;

    while (pos < end) {
      line++;
      // --- locate the fields of one line, hashing the code fields as they are scanned
      let f = 0;
      let c = 0;
      const lineStart = pos;
      canonical: if (canon) {
        // Fast path for the v1 column order: straight-line, and the period is not scanned when it
        // has the usual 7 bytes. Anything unusual (short line, extra field, CR) falls through to
        // the general loop below, which re-reads the line.
        let h = 0x811c9dc5 | 0;
        FS[0] = pos;
        while ((c = buf[pos]) !== 44 && c !== 10) {
          h = Math.imul(h ^ c, 0x01000193);
          pos++;
        }
        FE[0] = pos;
        FH[0] = h;
        if (c !== 44) break canonical;
        FS[1] = ++pos;
        h = 0x811c9dc5 | 0;
        while ((c = buf[pos]) !== 44 && c !== 10) {
          h = Math.imul(h ^ c, 0x01000193);
          pos++;
        }
        FE[1] = pos;
        FH[1] = h;
        if (c !== 44) break canonical;
        FS[2] = ++pos;
        if (
          buf[pos + 7] === 44 &&
          buf[pos + 4] === 45 &&
          (buf[pos] - 48) >>> 0 <= 9 &&
          (buf[pos + 1] - 48) >>> 0 <= 9 &&
          (buf[pos + 2] - 48) >>> 0 <= 9 &&
          (buf[pos + 3] - 48) >>> 0 <= 9 &&
          (buf[pos + 5] - 48) >>> 0 <= 9 &&
          (buf[pos + 6] - 48) >>> 0 <= 9
        ) {
          pos += 7; // YYYY-MM followed by ',': no newline can hide in it
        } else while ((c = buf[pos]) !== 44 && c !== 10) pos++;
        FE[2] = pos;
        if (buf[pos] !== 44) break canonical;
        FS[3] = ++pos;
        while ((c = buf[pos]) !== 44 && c !== 10) pos++;
        FE[3] = pos;
        if (c !== 44) break canonical;
        FS[4] = ++pos;
        h = 0x811c9dc5 | 0;
        while ((c = buf[pos]) !== 44 && c !== 10) {
          h = Math.imul(h ^ c, 0x01000193);
          pos++;
        }
        FE[4] = pos;
        FH[4] = h;
        if (c !== 44) break canonical;
        FS[5] = ++pos;
        h = 0x811c9dc5 | 0;
        while ((c = buf[pos]) !== 44 && c !== 10) {
          h = Math.imul(h ^ c, 0x01000193);
          pos++;
        }
        FE[5] = pos;
        FH[5] = h;
        if (c !== 44) break canonical;
        FS[6] = ++pos;
        while ((c = buf[pos]) !== 44 && c !== 10) pos++;
        FE[6] = pos;
        if (c !== 10 || (pos > FS[6] && buf[pos - 1] === 13)) break canonical;
        pos++;
        f = 7;
      }
      if (f === 0) {
        pos = lineStart;
        for (;;) {
          const fs = pos;
          if (f < ncols && hashed[f] === 1) {
            let h = 0x811c9dc5 | 0;
            while ((c = buf[pos]) !== 44 && c !== 10) {
              h = Math.imul(h ^ c, 0x01000193);
              pos++;
            }
            FH[f] = h;
          } else {
            while ((c = buf[pos]) !== 44 && c !== 10) pos++;
          }
          if (f < ncols) {
            FS[f] = fs;
            FE[f] = pos;
          }
          f++;
          pos++;
          if (c === 10) break;
        }
      }
      const hasNewline = pos <= end;
      const last = f - 1;
      if (last < ncols && FE[last] > FS[last] && buf[FE[last] - 1] === 13) {
        // CRLF: drop the CR from the last field
        FE[last]--;
        if (hashed[last] === 1) FH[last] = hashRange(buf, FS[last], FE[last]);
      }
      if (f === 1 && FE[0] === FS[0]) {
        this.hint(H_BLANK, line);
        continue;
      }
      counts[0]++;
      if (f !== ncols) {
        this.reject(
          line,
          f < ncols && !hasNewline && final ? R_TRUNCATED : R_COLUMN_COUNT,
          'row',
          `${f} fields, expected ${ncols}`,
        );
        continue;
      }

      // --- provider (must have an MFF)
      let s = FS[cProv];
      let e = FE[cProv];
      if (s === e) {
        this.reject(line, R_MISSING, 'provider', '');
        continue;
      }
      const prov = providers.find(buf, s, e, FH[cProv]);
      if (prov < 0) {
        this.reject(line, R_PROVIDER, 'provider', this.text(s, e));
        continue;
      }
      // --- commissioner (any non-empty code)
      const cs = FS[cComm];
      const ce = FE[cComm];
      if (cs === ce) {
        this.reject(line, R_MISSING, 'commissioner', '');
        continue;
      }
      // --- period YYYY-MM
      s = FS[cPer];
      e = FE[cPer];
      if (e - s !== 7) {
        this.reject(line, s === e ? R_MISSING : R_PERIOD, 'period', this.text(s, e));
        continue;
      }
      const y0 = buf[s] - 48;
      const y1 = buf[s + 1] - 48;
      const y2 = buf[s + 2] - 48;
      const y3 = buf[s + 3] - 48;
      const m0 = buf[s + 5] - 48;
      const m1 = buf[s + 6] - 48;
      const month = m0 * 10 + m1;
      if (
        buf[s + 4] !== 45 ||
        y0 >>> 0 > 9 ||
        y1 >>> 0 > 9 ||
        y2 >>> 0 > 9 ||
        y3 >>> 0 > 9 ||
        m0 >>> 0 > 9 ||
        m1 >>> 0 > 9 ||
        month < 1 ||
        month > 12
      ) {
        this.reject(line, R_PERIOD, 'period', this.text(s, e));
        continue;
      }
      const period = (y0 * 1000 + y1 * 100 + y2 * 10 + y3) * 12 + month - 1;
      // --- pod
      s = FS[cPod];
      e = FE[cPod];
      let pod = -1; // 0 OPFA, 1 OPFU, 2 DC, 3 EL, 4 NEL
      const podLen = e - s;
      if (podLen === 4) {
        if (buf[s] === 79 && buf[s + 1] === 80 && buf[s + 2] === 70) {
          const b3 = buf[s + 3];
          pod = b3 === 65 ? 0 : b3 === 85 ? 1 : -1;
        }
      } else if (podLen === 2) {
        const a = buf[s];
        const b = buf[s + 1];
        pod = a === 68 && b === 67 ? 2 : a === 69 && b === 76 ? 3 : -1;
      } else if (podLen === 3) {
        if (buf[s] === 78 && buf[s + 1] === 69 && buf[s + 2] === 76) pod = 4;
      }
      if (pod < 0) {
        this.reject(line, podLen === 0 ? R_MISSING : R_POD, 'pod', this.text(s, e));
        continue;
      }
      // --- code: TFC for outpatients, HRG for admitted care
      let code: number;
      const hs = FS[cHrg];
      const he = FE[cHrg];
      const ts = FS[cTfc];
      const te = FE[cTfc];
      if (pod < 2) {
        if (ts === te) {
          this.reject(line, R_MISSING, 'tfc', '');
          continue;
        }
        code = tfcs.find(buf, ts, te, FH[cTfc]);
        if (code < 0) {
          this.reject(line, R_TFC, 'tfc', this.text(ts, te));
          continue;
        }
      } else {
        if (hs === he) {
          this.reject(line, R_MISSING, 'hrg', '');
          continue;
        }
        code = hrgs.find(buf, hs, he, FH[cHrg]);
        if (code < 0) {
          this.reject(line, R_HRG, 'hrg', this.text(hs, he));
          continue;
        }
      }
      // --- los: empty, or a non-negative integer that fits an INTEGER column
      s = FS[cLos];
      e = FE[cLos];
      let los = -1;
      if (s !== e) {
        if (e - s > 10) {
          this.reject(line, R_NUMBER, 'los', this.text(s, e));
          continue;
        }
        los = 0;
        let i = s;
        for (; i < e; i++) {
          const d = buf[i] - 48;
          if (d >>> 0 > 9) break;
          los = los * 10 + d;
        }
        if (i !== e || los > 2147483647) {
          this.reject(line, R_NUMBER, 'los', this.text(s, e));
          continue;
        }
      } else if (pod > 2) {
        this.reject(line, R_MISSING, 'los', '');
        continue;
      }

      // --- price
      let base: number;
      if (pod === 0) base = this.firstPrice[code];
      else if (pod === 1) base = this.followPrice[code];
      else if (pod === 2) base = this.dcPrice[code];
      else if (pod === 3) {
        const over = los - this.elTrim[code];
        base = this.elPrice[code] + (over > 0 ? over * this.xbd[code] : 0);
      } else {
        const over = los - this.nelTrim[code];
        base = this.nelPrice[code] + (over > 0 ? over * this.xbd[code] : 0);
      }
      const mff = mffs[prov];

      // --- hints (valid but suspect)
      if (los >= 0) {
        if (los > 365) this.hint(H_LOS_365, line);
        if (pod < 2) this.hint(H_OP_LOS, line);
        else if (pod === 2 && los > 0) this.hint(H_DC_LOS, line);
      }
      if (pod < 2) {
        if (hs !== he) this.hint(H_OP_HRG, line);
      } else if (ts !== te) this.hint(H_ADM_TFC, line);

      // --- aggregate
      let comm = commissioners.find(buf, cs, ce, FH[cComm]);
      if (comm < 0) comm = commissioners.insertNew(buf, cs, ce, FH[cComm]);
      let pid = this.periodIds[period] - 1;
      if (pid < 0) pid = this.newPeriod(period);
      let g = -1;
      if (comm < this.dCommCap && pid < this.dPerCap) g = this.dense[(prov * this.dCommCap + comm) * this.dPerCap + pid] - 1;
      if (g < 0) g = this.groupSlow(prov, comm, pid, period);
      this.gRows[g]++;
      counts[1]++;
      const x = base * mff;
      if (x <= SAFE_PRODUCT) {
        const y = x + 500000;
        let q = Math.floor(y / 1e6);
        const r = y - q * 1e6;
        if (r < 0) q--;
        else if (r >= 1e6) q++;
        const sum = this.gSum[g] + q;
        if (sum > FLUSH_AT) this.flush(g, sum);
        else this.gSum[g] = sum;
      } else {
        this.addBig(g, this.bigLine(pod, code, los, mff));
      }
    }
    return line;
  }

  private flush(g: number, sum: number): void {
    this.gCarry[g] = (this.gCarry[g] ?? 0n) + BigInt(sum);
    this.gSum[g] = 0;
  }

  private addBig(g: number, amount: bigint): void {
    this.gCarry[g] = (this.gCarry[g] ?? 0n) + amount;
  }

  /** The exact line price in BigInt, for products beyond 2^53. */
  private bigLine(pod: number, code: number, los: number, mff: number): bigint {
    let base: bigint;
    if (pod === 0) base = BigInt(this.firstPrice[code]);
    else if (pod === 1) base = BigInt(this.followPrice[code]);
    else if (pod === 2) base = BigInt(this.dcPrice[code]);
    else {
      const price = pod === 3 ? this.elPrice[code] : this.nelPrice[code];
      const trim = pod === 3 ? this.elTrim[code] : this.nelTrim[code];
      const over = BigInt(los) - BigInt(trim);
      base = BigInt(price) + (over > 0n ? over * BigInt(this.xbd[code]) : 0n);
    }
    return (base * BigInt(mff) + 500000n) / 1000000n;
  }

  private newPeriod(period: number): number {
    const id = this.periodCount++;
    this.periodIds[period] = id + 1;
    return id;
  }

  /** Group of a key not (yet) in the dense index. */
  private groupSlow(prov: number, comm: number, pid: number, period: number): number {
    if (this.denseOn && (comm >= this.dCommCap || pid >= this.dPerCap)) {
      const commCap = Math.max(16, this.dCommCap, 1 << Math.ceil(Math.log2(comm + 1)));
      const perCap = Math.max(16, this.dPerCap, 1 << Math.ceil(Math.log2(pid + 1)));
      const nProv = this.providers.size;
      if (nProv * commCap * perCap > 1 << 22) {
        this.denseOn = false;
        this.dCommCap = 0;
        this.dPerCap = 0;
        this.dense = new Int32Array(0);
      } else {
        this.dense = new Int32Array(nProv * commCap * perCap);
        this.dCommCap = commCap;
        this.dPerCap = perCap;
        for (let g = 0; g < this.gCount; g++) {
          const gp = this.periodIds[this.gPer[g]] - 1;
          this.dense[(this.gProv[g] * commCap + this.gComm[g]) * perCap + gp] = g + 1;
        }
      }
    }
    const g = this.group(prov, comm, period);
    if (this.denseOn) this.dense[(prov * this.dCommCap + comm) * this.dPerCap + pid] = g + 1;
    return g;
  }

  private group(prov: number, comm: number, period: number): number {
    const slots = this.gSlots;
    const mask = this.gMask;
    let slot = groupHash(prov, comm, period) & mask;
    for (;;) {
      const e = slots[slot];
      if (e === 0) break;
      const g = e - 1;
      if (this.gProv[g] === prov && this.gComm[g] === comm && this.gPer[g] === period) return g;
      slot = (slot + 1) & mask;
    }
    return this.addGroup(prov, comm, period);
  }

  private addGroup(prov: number, comm: number, period: number): number {
    if ((this.gCount + 1) * 2 > this.gSlots.length) this.growGroups();
    const g = this.gCount++;
    this.gProv[g] = prov;
    this.gComm[g] = comm;
    this.gPer[g] = period;
    this.gRows[g] = 0;
    this.gSum[g] = 0;
    this.placeGroup(g);
    return g;
  }

  private placeGroup(g: number): void {
    let slot = groupHash(this.gProv[g], this.gComm[g], this.gPer[g]) & this.gMask;
    while (this.gSlots[slot] !== 0) slot = (slot + 1) & this.gMask;
    this.gSlots[slot] = g + 1;
  }

  private growGroups(): void {
    const cap = this.gSlots.length * 2;
    const half = cap >> 1;
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(half);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(half);
      b.set(a);
      return b;
    };
    this.gProv = i32(this.gProv);
    this.gComm = i32(this.gComm);
    this.gPer = i32(this.gPer);
    this.gRows = f64(this.gRows);
    this.gSum = f64(this.gSum);
    this.gSlots = new Int32Array(cap);
    this.gMask = cap - 1;
    for (let g = 0; g < this.gCount; g++) this.placeGroup(g);
  }

  private text(s: number, e: number): string {
    const t = this.jobBuf.toString('utf8', s, Math.min(e, s + 40));
    return e - s > 40 ? `${t}…` : t;
  }

  private reject(line: number, reason: number, field: string, value: string): void {
    this.rowsRejected++;
    this.reasonCounts[reason]++;
    if (this.jobRejections.length < REJECTIONS_KEPT) this.jobRejections.push({ line, field, reason, value });
  }

  private hint(kind: number, line: number): void {
    this.hintCounts[kind]++;
    const lines = this.jobHints[kind];
    if (lines.length < HINT_LINES_KEPT) lines.push(line);
  }

  totals(): ThreadTotals {
    const n = this.gCount;
    const groupPence: string[] = [];
    for (let g = 0; g < n; g++) groupPence.push(((this.gCarry[g] ?? 0n) + BigInt(this.gSum[g])).toString());
    return {
      rowsRead: this.counts[0],
      rowsPriced: this.counts[1],
      rowsRejected: this.rowsRejected,
      reasonCounts: [...this.reasonCounts],
      hintCounts: [...this.hintCounts],
      groupProvider: Array.from(this.gProv.subarray(0, n)),
      groupCommissioner: Array.from(this.gComm.subarray(0, n), (c) => this.commissioners.names[c]),
      groupPeriod: Array.from(this.gPer.subarray(0, n)),
      groupRows: Array.from(this.gRows.subarray(0, n)),
      groupPence,
    };
  }
}

/**
 * Runs a throwaway kernel over a thousand synthetic lines built from the tariff (every pod,
 * every rejection and hint, CRLF, short and long lines), in the given column order. Type feedback
 * is shared by all kernels in the thread, so the real run is optimised once instead of being
 * deoptimised each time a rare path is first met (several 40 ms recompiles on a cold start).
 */
export function warmUpKernel(tariff: TariffData, layout: HeaderLayout, lines = 1000): void {
  if (tariff.provider.length === 0) return;
  const pods = ['OPFA', 'OPFU', 'DC', 'EL', 'NEL'];
  const rows: string[] = [];
  const pick = <T>(a: readonly T[], i: number): T | undefined => (a.length ? a[i % a.length] : undefined);
  for (let i = 0; i < lines; i++) {
    const pod = pods[i % 5];
    const v: Record<CoreColumn, string> = {
      provider: pick(tariff.provider, i * 7)!,
      commissioner: `W${i % 13}X`,
      period: `2025-${String(1 + (i % 12)).padStart(2, '0')}`,
      pod,
      hrg: pod.startsWith('OP') ? '' : (pick(tariff.hrg, i * 3) ?? 'ZZ99Z'),
      tfc: pod.startsWith('OP') ? (pick(tariff.tfc, i) ?? '999') : '',
      los: pod.startsWith('OP') ? '' : String(i % 40),
    };
    switch (i % 97) {
      case 11: v.hrg = 'ZZ99Z'; v.pod = 'DC'; break;
      case 23: v.tfc = '999'; v.pod = 'OPFA'; v.hrg = ''; break;
      case 31: v.period = '2025-13'; break;
      case 37: v.pod = 'XX'; break;
      case 41: v.los = 'x1'; v.pod = 'EL'; break;
      case 43: v.provider = 'NOMFF'; break;
      case 47: v.commissioner = ''; break;
      case 53: v.los = '400'; break;
      case 59: v.los = '3'; v.pod = 'OPFU'; break;
      case 61: v.tfc = pick(tariff.tfc, i) ?? ''; break;
    }
    let text = layout.columns.map((c) => ((CORE_COLUMNS as readonly string[]).includes(c) ? v[c as CoreColumn] : '')).join(',');
    if (i % 89 === 5) text += '\r';
    if (i % 83 === 7) text = text.slice(0, text.lastIndexOf(','));
    if (i % 79 === 3) text += ',extra';
    if (i % 101 === 9) text = '';
    rows.push(text);
  }
  const buf = new Uint8Array(Buffer.from(rows.join('\n') + '\nRA1,01A', 'utf8'));
  const kernel = new ActivityKernel(tariff, layout);
  const cut = buf.lastIndexOf(10) + 1;
  kernel.processJob(0, buf, 0, cut, false);
  kernel.processJob(1, buf, cut, buf.length, true);
  kernel.totals();
}
