/**
 * The hot path: parses "Concordat activity CSV v1" bytes, checks and prices each row by the compiled
 * domain tariff ({@link PriceTables}) and totals it by provider x commissioner x period and by period
 * x point of delivery. One {@link ChunkPricer} per thread; it is fed jobs (byte ranges that end at a
 * newline, except the file's last) and keeps its own totals.
 *
 * No strings are made per row: fields are located by scanning for ',' and '\n', codes are packed
 * into numbers and looked up in {@link CodeTable}s, periods and lengths of stay are parsed from
 * digits. Strings are only made for new commissioners and for rejections.
 *
 * Rows are checked in the order documented in src/domain/pricing/reasons.ts, and priced as
 * src/domain/pricing/price.ts prices the same unit (the property test in activity.property.test.ts
 * holds the two together).
 */
import { ACTIVITY_HINT_KINDS, ACTIVITY_REJECT_REASONS, type ActivityHintKind, type ActivityRejectReason } from '../../domain/pricing/reasons.ts';
import { CodeTable, PACKED_MAX, packLo } from './code-table.ts';
import { CFG, KERNEL_HINTS, KernelMemory, MAX_EMERGENCY_CODES, pricingKernel } from './kernel-memory.ts';
import { NONE, SSEM_INCOMPLETE, type PriceTables } from './price-tables.ts';

/** The 7 required columns; further columns in the header are allowed. */
export const CORE_COLUMNS = ['provider', 'commissioner', 'period', 'pod', 'hrg', 'tfc', 'los'] as const;
export type CoreColumn = (typeof CORE_COLUMNS)[number];
/**
 * Optional columns the pricing rules use when present: the short stay emergency adjustment needs the
 * admission method and age (RULES.md §2.3), the hip fracture best practice tariff a Y/N flag that
 * every criterion of the year was met (§2.5). Without them those adjustments are not applied.
 */
export const OPTIONAL_COLUMNS = ['admission_method', 'age', 'bpt_hip_fracture'] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];

/** Points of delivery by the engine's number for them. */
export const POD_CODES = ['OPFA', 'OPFU', 'DC', 'EL', 'NEL', 'OPPROC'] as const;
const POD_OPFA = 0;
const POD_OPFU = 1;
const POD_DC = 2;
const POD_EL = 3;
const POD_NEL = 4;
const POD_OPPROC = 5;
const PODS = 6;

export interface HeaderLayout {
  readonly columns: readonly string[];
  /** Position of each core column in the file's header. */
  readonly index: Readonly<Record<CoreColumn, number>>;
  /** Position of each optional column, or -1. */
  readonly optional: Readonly<Record<OptionalColumn, number>>;
}

/**
 * The layout of a header line, or the problem in words. Names are matched ignoring case and
 * surrounding spaces.
 *
 * @example layoutFromHeader('provider,commissioner,period,pod,hrg,tfc,los') // { columns, index: { provider: 0, ... } }
 */
export function layoutFromHeader(line: string): HeaderLayout | string {
  const columns = line.replace(/\r$/, '').replace(/^\uFEFF/, '').split(',').map((c) => c.trim().toLowerCase());
  const index = {} as Record<CoreColumn, number>;
  const missing: string[] = [];
  for (const c of [...CORE_COLUMNS, ...OPTIONAL_COLUMNS]) {
    const at = columns.indexOf(c);
    if (at >= 0 && columns.indexOf(c, at + 1) >= 0) return `column "${c}" appears twice`;
  }
  for (const c of CORE_COLUMNS) {
    const at = columns.indexOf(c);
    if (at < 0) missing.push(c);
    index[c] = at;
  }
  if (missing.length) return `missing column(s) ${missing.join(', ')}`;
  const optional = Object.fromEntries(OPTIONAL_COLUMNS.map((c) => [c, columns.indexOf(c)])) as Record<OptionalColumn, number>;
  return { columns, index, optional };
}

/** One contract's month: only its parties and its period are accepted. */
export interface SubmissionScope {
  readonly providers: readonly string[];
  readonly commissioners: readonly string[];
  /** YYYY-MM */
  readonly period: string;
}

export interface ReadingRules {
  /** A longer line is rejected as one row (line_too_long). */
  readonly maxLineBytes: number;
  /**
   * Ignore spaces and tabs around fields and accept lower-case points of delivery and HRGs, as
   * spreadsheets write them. Off for the benchmark, where the bytes must mean what the peer reads.
   */
  readonly tolerant: boolean;
}

/** A rejection as it travels between threads: `line` is relative to its job (1-based). */
export interface WireRejection {
  line: number;
  field: string;
  /** Index into ACTIVITY_REJECT_REASONS. */
  reason: number;
  value: string;
  /** Index into POD_CODES, or -1 when not yet known. */
  pod: number;
}

export interface JobReport {
  readonly index: number;
  /** Lines seen in the job, blank lines included. */
  readonly lines: number;
  /** Rows read in the job (blank lines excluded). */
  readonly rows: number;
  readonly bytes: number;
  /** At most `rejectionsKept`, in order. */
  readonly rejections: WireRejection[];
  /** Per hint kind, the first `hintLinesKept` job-relative lines. */
  readonly hintLines: number[][];
}

/** One thread's totals, in arrays that post cheaply between threads and merge without strings. */
export interface ThreadTotals {
  rowsRead: number;
  rowsPriced: number;
  rowsRejected: number;
  /** Of rowsPriced, those the WebAssembly kernel priced. */
  rowsPricedByKernel: number;
  reasonCounts: number[];
  hintCounts: number[];
  /** The pricer's provider and commissioner codes; groups refer to them by index. */
  providerNames: string[];
  commissionerNames: string[];
  groupProvider: Int32Array;
  groupCommissioner: Int32Array;
  /** year x 12 + month - 1 */
  groupPeriod: Int32Array;
  groupRows: Float64Array;
  /** Pence per group: exact whole numbers below 2^53; see groupCarries for the rest. */
  groupPence: Float64Array;
  /** [group, decimal pence] for the groups whose sum went beyond a double, to add to groupPence. */
  groupCarries: [number, string][];
  /** Period x point of delivery figures. */
  podPeriod: number[];
  pod: number[];
  podRows: number[];
  podPence: string[];
}

export interface PricerLimits {
  readonly rejectionsKept: number;
  readonly hintLinesKept: number;
  /** Groups the table holds before it first grows (a power of two; default 8192). */
  readonly initialGroups?: number;
  /**
   * Price with the WebAssembly kernel (default true); false prices every line with ChunkPricer's own
   * loop. The results are the same either way.
   */
  readonly kernel?: boolean;
}

const r = (reason: ActivityRejectReason): number => ACTIVITY_REJECT_REASONS.indexOf(reason);
const R_LINE_TOO_LONG = r('line_too_long');
const R_COLUMN_COUNT = r('column_count');
const R_TRUNCATED = r('truncated_line');
const R_MISSING = r('missing_field');
const R_PERIOD = r('bad_period');
const R_POD = r('unknown_pod');
const R_NUMBER = r('bad_number');
const R_NOT_PARTY = r('not_contract_party');
const R_WRONG_PERIOD = r('wrong_period');
const R_HRG = r('unknown_hrg');
const R_TFC = r('unknown_tfc');
const R_NO_PRICE = r('no_price');
const R_INCOMPLETE = r('tariff_incomplete');
const R_NO_MFF = r('no_mff');
const R_INVALID = r('invalid_activity');

const h = (kind: ActivityHintKind): number => ACTIVITY_HINT_KINDS.indexOf(kind);
const H_LOS_365 = h('los_over_365');
const H_OP_LOS = h('outpatient_with_los');
const H_OP_HRG = h('outpatient_with_hrg');
const H_ADM_TFC = h('admitted_with_tfc');
const H_DC_LOS = h('day_case_with_los');
const H_EL_ZERO = h('zero_los_elective');
const H_BLANK = h('blank_line');

/** Largest x with x + 500000 still a safe integer. */
const SAFE_PRODUCT = Number.MAX_SAFE_INTEGER - 500_000;
/** A running double sum is moved into its BigInt carry beyond this (keeps sums exact). */
const FLUSH_AT = 4e15;

/**
 * Entry of buf[s, e) in `table`, given the field's last four bytes as packed while it was scanned
 * (`lo`): the rest of the packed code is the length and at most two leading bytes.
 */
function findCode(table: CodeTable, buf: Uint8Array, s: number, e: number, lo: number): number {
  const len = e - s;
  if (len <= 4) return table.findPacked(len << 16, lo);
  if (len > PACKED_MAX) return table.findLong(buf, s, e);
  return table.findPacked(len === 5 ? (5 << 16) | buf[s] : (6 << 16) | (buf[s] << 8) | buf[s + 1], lo);
}

/** The tables ChunkPricer shares with the kernel, by field name. */
const KERNEL_ARRAYS = [
  'gSlots',
  'gProv',
  'gComm',
  'gPer',
  'gAcc',
  'periodIds',
  'podAcc',
  'dense',
  'providerMff',
  'dcPrice',
  'elPrice',
  'nelPrice',
  'elTrim',
  'nelTrim',
  'perDay',
  'opProc',
  'firstPrice',
  'followPrice',
  'ssem',
] as const;
type KernelArray = (typeof KERNEL_ARRAYS)[number];

interface KernelState {
  readonly mem: KernelMemory;
  /** Where each shared table is in the kernel's memory. */
  readonly at: Map<KernelArray, { ptr: number; length: number; f64: boolean }>;
  /** The memory's generation when the views were last made. */
  generation: number;
  /** The job's bytes in the kernel's memory, and their room. */
  job: number;
  jobBytes: number;
  /** The code tables' slots as last copied. */
  readonly codes: Map<string, { ptr: number; view: Int32Array; slots: Int32Array; size: number }>;
  /** Room for each field's [start, end) of the line being read (files in another column order). */
  readonly fields: number;
}

/** Admission method codes the kernel compares (plain upper-case letters and digits, at most 4). */
const PLAIN_CODE = /^[0-9A-Z]{1,4}$/;

/**
 * Whether the kernel can price this file's rows: any column order, as long as the year's emergency
 * admission methods are codes it can compare (else a file with an admission method column uses the loop).
 */
function kernelTakes(tables: PriceTables, layout: HeaderLayout): boolean {
  if (layout.optional.admission_method < 0) return true;
  const methods = tables.ssemRule.emergencyAdmissionMethods;
  return methods.length <= MAX_EMERGENCY_CODES && methods.every((m) => PLAIN_CODE.test(m));
}

/** The hint kinds (indexes into ACTIVITY_HINT_KINDS) of the kernel's hint bits. */
const KERNEL_HINT_KINDS = KERNEL_HINTS.map((kind) => ACTIVITY_HINT_KINDS.indexOf(kind));

/** Mixes a group key (murmur3-style finaliser so every input bit reaches the low bits). */
function groupHash(prov: number, comm: number, period: number): number {
  let x = Math.imul(prov, 0x9e3779b1) ^ Math.imul(comm, 0x85ebca6b) ^ Math.imul(period, 0xc2b2ae35);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

function periodCode(text: string): number {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (!m) throw new Error(`not a period YYYY-MM: "${text}"`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export class ChunkPricer {
  private readonly ncols: number;
  private readonly cProv: number;
  private readonly cComm: number;
  private readonly cPer: number;
  private readonly cPod: number;
  private readonly cHrg: number;
  private readonly cTfc: number;
  private readonly cLos: number;
  private readonly cAdm: number;
  private readonly cAge: number;
  private readonly cBpt: number;
  private readonly fieldStart: Int32Array;
  private readonly fieldEnd: Int32Array;
  /** Per field, its last four bytes packed while scanning (code fields only; see code-table.ts). */
  private readonly fieldLo: Int32Array;
  /** 1 for the code fields packed while scanning (provider, commissioner, HRG, TFC). */
  private readonly packed: Uint8Array;
  /** The header is exactly provider,commissioner,period,pod,hrg,tfc,los (fast path). */
  private readonly canonical: boolean;
  private readonly maxLine: number;
  private readonly tolerant: boolean;
  private readonly limits: PricerLimits;

  /** Providers the rows may name: the MFF table, or the contract's providers. */
  private readonly providers = new CodeTable(128);
  /** MFF micros per provider entry; 0 = none. */
  private providerMff: Float64Array;
  private readonly scoped: boolean;
  private readonly scopePeriod: number;
  private readonly commissioners = new CodeTable(256);
  private readonly hrgs = new CodeTable(4096);
  private readonly tfcs = new CodeTable(256);
  private readonly emergencyMethods: ReadonlySet<string>;
  private readonly ssemMinAge: number;
  private readonly ssemMaxLos: number;
  private readonly bptTopUp: number;
  private dcPrice: Float64Array;
  private elPrice: Float64Array;
  private nelPrice: Float64Array;
  private elTrim: Float64Array;
  private nelTrim: Float64Array;
  private perDay: Float64Array;
  private opProc: Float64Array;
  private ssem: Float64Array;
  private firstPrice: Float64Array;
  private followPrice: Float64Array;
  private scratch = new Uint8Array(64);
  // The optional fields of the row being priced (see optionalFields).
  private rowAge = -1;
  private rowEmergency = false;
  private rowBptMet = false;

  // Group table: open addressing on (provider, commissioner id, period code); per group [rows, pence].
  private gSlots: Int32Array;
  private gMask: number;
  private gProv: Int32Array;
  private gComm: Int32Array;
  private gPer: Int32Array;
  private gAcc: Float64Array;
  private gCarry: bigint[] = [];
  private gCount = 0;
  // Dense index over (provider, commissioner id, period id) -> group + 1, while it stays small;
  // the hash table above is the fallback for unusually many commissioners or periods.
  private periodIds: Int32Array;
  private periodList: number[] = [];
  private dense = new Int32Array(0);
  private dCommCap = 0;
  private dPerCap = 0;
  private denseOn = true;
  // Period id x point of delivery: [rows, pence].
  private podAcc: Float64Array;
  private podCarry: bigint[] = [];

  /** [rows read, rows priced, rows priced by the kernel] */
  private readonly counts = new Float64Array(3);
  private rowsRejected = 0;
  private readonly reasonCounts = new Array<number>(ACTIVITY_REJECT_REASONS.length).fill(0);
  private readonly hintCounts = new Array<number>(ACTIVITY_HINT_KINDS.length).fill(0);

  // per-job state
  /**
   * The current job's kept rejections and hint lines. The arrays live as long as the pricer (emptied
   * per job, copied into each report): a fresh array per job made V8 deoptimise the pricing loop at
   * the first rejection of the real run, whatever the warm-up had seen.
   */
  private readonly jobRejections: WireRejection[] = [];
  private readonly jobHints: number[][] = ACTIVITY_HINT_KINDS.map(() => []);
  private jobBuf: Buffer = Buffer.alloc(0);

  /**
   * The WebAssembly kernel (assembly/kernel.ts) (its v1-order loop, or its loop for any column order), or null. Its tables
   * are this pricer's own arrays: with a kernel they live in its memory, made by {@link array}.
   */
  private readonly kernel: KernelState | null;

  constructor(tables: PriceTables, layout: HeaderLayout, scope: SubmissionScope | null, reading: ReadingRules, limits: PricerLimits) {
    this.ncols = layout.columns.length;
    this.canonical = layout.columns.length === CORE_COLUMNS.length && CORE_COLUMNS.every((c, i) => layout.columns[i] === c);
    const module = limits.kernel !== false && kernelTakes(tables, layout) ? pricingKernel() : null;
    const mem = module ? new KernelMemory(module, 4 << 20) : null;
    this.kernel = mem ? { mem, at: new Map(), generation: 0, job: 0, jobBytes: 0, codes: new Map(), fields: mem.alloc(8 * (this.ncols + 1)) } : null;
    const groups = limits.initialGroups ?? 1 << 13;
    this.gSlots = this.array('gSlots', Int32Array, groups * 2);
    this.gMask = groups * 2 - 1;
    this.gProv = this.array('gProv', Int32Array, groups);
    this.gComm = this.array('gComm', Int32Array, groups);
    this.gPer = this.array('gPer', Int32Array, groups);
    this.gAcc = this.array('gAcc', Float64Array, groups * 2);
    this.periodIds = this.array('periodIds', Int32Array, 120_000);
    this.podAcc = this.array('podAcc', Float64Array, 16 * PODS * 2);
    this.dense = this.array('dense', Int32Array, 0);
    const ix = layout.index;
    this.cProv = ix.provider;
    this.cComm = ix.commissioner;
    this.cPer = ix.period;
    this.cPod = ix.pod;
    this.cHrg = ix.hrg;
    this.cTfc = ix.tfc;
    this.cLos = ix.los;
    this.cAdm = layout.optional.admission_method;
    this.cAge = layout.optional.age;
    this.cBpt = layout.optional.bpt_hip_fracture;
    this.fieldStart = new Int32Array(this.ncols + 1);
    this.fieldEnd = new Int32Array(this.ncols + 1);
    this.fieldLo = new Int32Array(this.ncols + 1);
    this.packed = new Uint8Array(this.ncols + 1);
    for (const c of [ix.provider, ix.commissioner, ix.hrg, ix.tfc]) this.packed[c] = 1;
    this.maxLine = reading.maxLineBytes;
    this.tolerant = reading.tolerant;
    this.limits = limits;

    // Tables are filled in table order, so an entry number means the same code in every thread.
    for (const t of tables.hrg) if (this.hrgs.addText(t) < 0) throw new Error(`duplicate HRG ${t}`);
    for (const t of tables.tfc) if (this.tfcs.addText(t) < 0) throw new Error(`duplicate TFC ${t}`);
    const mffByProvider = new Map(tables.provider.map((p, i) => [p, tables.mffMicros[i]]));
    this.scoped = scope !== null;
    const providerCodes = scope ? scope.providers : tables.provider;
    for (const p of providerCodes) if (this.providers.addText(p) < 0) throw new Error(`duplicate provider ${p}`);
    this.providerMff = this.array('providerMff', Float64Array, providerCodes.length);
    providerCodes.forEach((p, i) => (this.providerMff[i] = mffByProvider.get(p) ?? 0));
    if (scope) for (const c of scope.commissioners) if (this.commissioners.addText(c) < 0) throw new Error(`duplicate commissioner ${c}`);
    this.scopePeriod = scope ? periodCode(scope.period) : -1;
    this.emergencyMethods = new Set(tables.ssemRule.emergencyAdmissionMethods);
    this.ssemMinAge = tables.ssemRule.minAgeYears;
    this.ssemMaxLos = tables.ssemRule.maxLosDays;
    this.bptTopUp = tables.hipFractureTopUpPence;
    const prices = (name: KernelArray, from: readonly number[]): Float64Array => {
      const a = this.array(name, Float64Array, from.length);
      a.set(from);
      return a;
    };
    this.dcPrice = prices('dcPrice', tables.dcPrice);
    this.elPrice = prices('elPrice', tables.elPrice);
    this.nelPrice = prices('nelPrice', tables.nelPrice);
    this.elTrim = prices('elTrim', tables.elTrim);
    this.nelTrim = prices('nelTrim', tables.nelTrim);
    this.perDay = prices('perDay', tables.perDayPrice);
    this.opProc = prices('opProc', tables.opProcedurePrice);
    this.ssem = prices('ssem', tables.ssemPrice);
    this.firstPrice = prices('firstPrice', tables.firstPrice);
    this.followPrice = prices('followPrice', tables.followUpPrice);
    if (this.kernel) this.configureKernelOnce();
  }

  /**
   * A zeroed array for one of the tables the kernel shares: in the kernel's memory when there is a
   * kernel (where it replaces the table of that name), else an ordinary one. Making one may grow the
   * memory, which detaches every view of it: they are all made again here, so read the fields
   * (never a copy held from before) after calling this.
   */
  private array<T extends Int32Array | Float64Array>(name: KernelArray, type: { new (b: ArrayBufferLike, at: number, n: number): T; new (n: number): T; BYTES_PER_ELEMENT: number }, length: number): T {
    const k = this.kernel;
    if (!k) return new type(length);
    const ptr = k.mem.alloc(length * type.BYTES_PER_ELEMENT);
    // The field keeps the old table (viewed afresh) until the caller has copied it and replaces it.
    if (k.generation !== k.mem.generation) this.bindViews();
    k.at.set(name, { ptr, length, f64: type.BYTES_PER_ELEMENT === 8 });
    return (type.BYTES_PER_ELEMENT === 8 ? k.mem.f64(ptr, length) : k.mem.i32(ptr, length)) as T;
  }

  /** Makes every view of the kernel's memory again (after it grew). */
  private bindViews(): void {
    const k = this.kernel!;
    k.generation = k.mem.generation;
    const view = (name: KernelArray) => {
      const a = k.at.get(name);
      if (!a) return undefined;
      return a.f64 ? k.mem.f64(a.ptr, a.length) : k.mem.i32(a.ptr, a.length);
    };
    for (const name of KERNEL_ARRAYS) {
      const v = view(name);
      if (v) (this as unknown as Record<KernelArray, Int32Array | Float64Array>)[name] = v;
    }
    for (const c of k.codes.values()) c.view = k.mem.i32(c.ptr, c.view.length);
  }

  /** The code table's slots as the kernel reads them (copied when the table has changed). */
  private kernelCodes(name: string, table: CodeTable): number {
    const k = this.kernel!;
    let c = k.codes.get(name);
    if (!c || c.slots !== table.slots || c.size !== table.size) {
      if (!c || c.view.length !== table.slots.length) {
        const ptr = k.mem.alloc(table.slots.byteLength);
        if (k.generation !== k.mem.generation) this.bindViews();
        c = { ptr, view: k.mem.i32(ptr, table.slots.length), slots: table.slots, size: table.size };
        k.codes.set(name, c);
      }
      c.view.set(table.slots);
      c.slots = table.slots;
      c.size = table.size;
    }
    return c.ptr;
  }

  /**
   * Writes the part of the kernel's configuration that never changes: the prices, the scope and the
   * reading rules, and for a file in another column order its layout and the short stay emergency
   * rule (once, when the pricer is made).
   */
  private configureKernelOnce(): void {
    const k = this.kernel!;
    const cfg = k.mem.cfg;
    const ptr = (name: KernelArray) => k.at.get(name)!.ptr;
    cfg[CFG.provMff] = ptr('providerMff');
    cfg[CFG.firstPrice] = ptr('firstPrice');
    cfg[CFG.followPrice] = ptr('followPrice');
    cfg[CFG.dcPrice] = ptr('dcPrice');
    cfg[CFG.elPrice] = ptr('elPrice');
    cfg[CFG.nelPrice] = ptr('nelPrice');
    cfg[CFG.elTrim] = ptr('elTrim');
    cfg[CFG.nelTrim] = ptr('nelTrim');
    cfg[CFG.perDay] = ptr('perDay');
    cfg[CFG.opProc] = ptr('opProc');
    cfg[CFG.periodIds] = ptr('periodIds');
    cfg[CFG.scoped] = this.scoped ? 1 : 0;
    cfg[CFG.scopePeriod] = this.scopePeriod;
    cfg[CFG.tolerant] = this.tolerant ? 1 : 0;
    cfg[CFG.maxLine] = Math.min(this.maxLine, 0x7fffffff);
    if (this.canonical) return;
    cfg[CFG.ncols] = this.ncols;
    cfg[CFG.cProv] = this.cProv;
    cfg[CFG.cComm] = this.cComm;
    cfg[CFG.cPer] = this.cPer;
    cfg[CFG.cPod] = this.cPod;
    cfg[CFG.cHrg] = this.cHrg;
    cfg[CFG.cTfc] = this.cTfc;
    cfg[CFG.cLos] = this.cLos;
    cfg[CFG.cAge] = this.cAge;
    cfg[CFG.cAdm] = this.cAdm;
    cfg[CFG.cBpt] = this.cBpt;
    cfg[CFG.fields] = k.fields;
    cfg[CFG.ssemPrice] = ptr('ssem');
    cfg[CFG.ssemMinAge] = this.ssemMinAge;
    cfg[CFG.ssemMaxLos] = this.ssemMaxLos;
    k.mem.cfgF64[CFG.bptTopUpF64] = this.bptTopUp;
    const methods = [...this.emergencyMethods];
    cfg[CFG.emergencyCount] = methods.length;
    methods.forEach((m, i) => {
      cfg[CFG.emergencyCodes + 2 * i] = m.length;
      cfg[CFG.emergencyCodes + 2 * i + 1] = packLo(Buffer.from(m, 'latin1'), 0, m.length);
    });
  }

  /** Writes the configuration that changes as the pricer reads (before each call): tables that grow, counts, hint room. */
  private configureKernel(): void {
    const k = this.kernel!;
    const tables: [number, string, CodeTable][] = [
      [CFG.provSlots, 'providers', this.providers],
      [CFG.commSlots, 'commissioners', this.commissioners],
      [CFG.hrgSlots, 'hrgs', this.hrgs],
      [CFG.tfcSlots, 'tfcs', this.tfcs],
    ];
    // Copying a code table may grow the memory, so the configuration is read after.
    const slots = tables.map(([, name, table]) => this.kernelCodes(name, table));
    const cfg = k.mem.cfg;
    tables.forEach(([word, , table], i) => {
      cfg[word] = slots[i]; // then its shift and mask, in the next two words
      cfg[word + 1] = table.shift;
      cfg[word + 2] = table.mask;
    });
    const ptr = (name: KernelArray) => k.at.get(name)!.ptr;
    cfg[CFG.dense] = ptr('dense');
    cfg[CFG.denseCommCap] = this.dCommCap;
    cfg[CFG.densePerCap] = this.dPerCap;
    cfg[CFG.denseOn] = this.denseOn ? 1 : 0;
    cfg[CFG.gSlots] = ptr('gSlots');
    cfg[CFG.gMask] = this.gMask;
    cfg[CFG.gProv] = ptr('gProv');
    cfg[CFG.gComm] = ptr('gComm');
    cfg[CFG.gPer] = ptr('gPer');
    cfg[CFG.gAcc] = ptr('gAcc');
    cfg[CFG.gCount] = this.gCount;
    cfg[CFG.gCapacity] = this.gSlots.length;
    cfg[CFG.podAcc] = ptr('podAcc');
    let room = 0;
    KERNEL_HINT_KINDS.forEach((kind, bit) => {
      if (this.jobHints[kind].length < this.limits.hintLinesKept) room |= 1 << bit;
    });
    cfg[CFG.hintRoom] = room;
  }

  /**
   * Prices buf[start, end) with the kernel, and each line it leaves with {@link scan}. Returns the
   * lines seen.
   */
  private scanWithKernel(buf: Uint8Array, start: number, end: number, final: boolean): number {
    const k = this.kernel!;
    const bytes = end - start + 1; // with the '\n' at buf[end]
    if (bytes > k.jobBytes) {
      k.jobBytes = Math.max(bytes, k.jobBytes * 2);
      k.job = k.mem.alloc(k.jobBytes);
      if (k.generation !== k.mem.generation) this.bindViews();
    }
    k.mem.u8(k.job, bytes).set(buf.subarray(start, end + 1));
    const offset = k.job - start; // kernel position = position in buf + offset
    const counts = this.counts;
    let line = 0;
    let pos = start;
    while (pos < end) {
      this.configureKernel();
      const cfg = k.mem.cfg;
      pos = (this.canonical ? k.mem.run : k.mem.runAnyOrder)(k.mem.cfgPtr, pos + offset, end + offset) - offset;
      line += cfg[CFG.outLines];
      counts[0] += cfg[CFG.outRows];
      counts[1] += cfg[CFG.outPriced];
      counts[2] += cfg[CFG.outPriced];
      this.gCount = cfg[CFG.gCount];
      const hints = k.mem.cfgF64;
      for (let i = 0; i < KERNEL_HINT_KINDS.length; i++) this.hintCounts[KERNEL_HINT_KINDS[i]] += hints[CFG.outHintsF64 + i];
      if (pos >= end) break;
      // The line the kernel left: read here, then on with the kernel after it.
      let nl = buf.indexOf(10, pos);
      if (nl < 0 || nl > end) nl = end;
      line = this.scan(buf, pos, Math.min(nl + 1, end), final, line);
      pos = nl + 1;
    }
    return line;
  }

  /**
   * Prices buf[start, end). Every line in the range must end with '\n' except, when `final` is set,
   * the last one (a file without a trailing newline).
   */
  processJob(index: number, buf: Uint8Array, start: number, end: number, final: boolean): JobReport {
    this.jobRejections.length = 0;
    for (const lines of this.jobHints) lines.length = 0;
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
    const rowsBefore = this.counts[0];
    let lines: number;
    try {
      lines = this.kernel ? this.scanWithKernel(buf, start, end, final) : this.scan(buf, start, end, final, 0);
    } finally {
      if (saved >= 0) buf[end] = saved;
    }
    return {
      index,
      lines,
      rows: this.counts[0] - rowsBefore,
      bytes: end - start,
      rejections: this.jobRejections.slice(),
      hintLines: this.jobHints.map((lines) => lines.slice()),
    };
  }

  /**
   * The loop itself, kept apart from the per-job bookkeeping: V8 otherwise deoptimises the OSR'd
   * loop at the first statement after it at the end of every job. buf[end] must be '\n'.
   * Returns the lines seen.
   */
  private scan(buf: Uint8Array, start: number, end: number, final: boolean, firstLine: number): number {
    const ncols = this.ncols;
    const FS = this.fieldStart;
    const FE = this.fieldEnd;
    const FL = this.fieldLo;
    const packed = this.packed;
    const canon = this.canonical;
    const tolerant = this.tolerant;
    const scoped = this.scoped;
    const maxLine = this.maxLine;
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
    const provMff = this.providerMff;
    const counts = this.counts;
    let line = firstLine;
    let pos = start;

    while (pos < end) {
      line++;
      // --- locate the fields of one line
      let f = 0;
      let c = 0;
      const lineStart = pos;
      canonical: if (canon) {
        // Fast path for the v1 column order: straight-line, and the period is not scanned when it
        // has the usual 7 bytes. Anything unusual (short line, extra field, CR) falls through to
        // the general loop below, which re-reads the line.
        let lo = 0;
        FS[0] = pos;
        while ((c = buf[pos]) !== 44 && c !== 10) {
          lo = (lo << 8) | c;
          pos++;
        }
        FE[0] = pos;
        FL[0] = lo;
        if (c !== 44) break canonical;
        FS[1] = ++pos;
        lo = 0;
        while ((c = buf[pos]) !== 44 && c !== 10) {
          lo = (lo << 8) | c;
          pos++;
        }
        FE[1] = pos;
        FL[1] = lo;
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
        lo = 0;
        while ((c = buf[pos]) !== 44 && c !== 10) {
          lo = (lo << 8) | c;
          pos++;
        }
        FE[4] = pos;
        FL[4] = lo;
        if (c !== 44) break canonical;
        FS[5] = ++pos;
        lo = 0;
        while ((c = buf[pos]) !== 44 && c !== 10) {
          lo = (lo << 8) | c;
          pos++;
        }
        FE[5] = pos;
        FL[5] = lo;
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
          if (f < ncols && packed[f] === 1) {
            let lo = 0;
            while ((c = buf[pos]) !== 44 && c !== 10) {
              lo = (lo << 8) | c;
              pos++;
            }
            FL[f] = lo;
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
      // pos is one past the line's '\n' (or past the sentinel for a last line without one)
      const hasNewline = pos <= end;
      const lineBytes = pos - 1 - lineStart;
      const last = f - 1;
      if (last < ncols && FE[last] > FS[last] && buf[FE[last] - 1] === 13) {
        FE[last]--; // CRLF
        if (packed[last] === 1) FL[last] = packLo(buf, FS[last], FE[last]);
      }
      if (tolerant) this.trimFields(buf, f < ncols ? f : ncols);
      if (f === 1 && FE[0] === FS[0]) {
        this.hint(H_BLANK, line);
        continue;
      }
      counts[0]++;
      if (lineBytes > maxLine) {
        this.reject(line, R_LINE_TOO_LONG, 'line', `${lineBytes} bytes`, -1);
        continue;
      }
      if (f !== ncols) {
        if (f < ncols && !hasNewline && final) this.reject(line, R_TRUNCATED, 'line', this.text(lineStart, pos - 1), -1);
        else this.reject(line, R_COLUMN_COUNT, 'line', String(f), -1);
        continue;
      }

      // --- provider: a party to the contract, or (for a whole economy's file) any code; its MFF is checked last
      let s = FS[cProv];
      let e = FE[cProv];
      if (s === e) {
        this.reject(line, R_MISSING, 'provider', '', -1);
        continue;
      }
      let prov: number;
      {
        // Inline probe of providers (see CodeTable): pack the code, hash, compare [hi, lo].
        const len = e - s;
        if (len > PACKED_MAX) prov = providers.findLong(buf, s, e);
        else {
          const hi = len <= 4 ? len << 16 : len === 5 ? 0x50000 | buf[s] : 0x60000 | (buf[s] << 8) | buf[s + 1];
          const lo = FL[cProv];
          let x = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
          x ^= x >>> 15;
          const slots = providers.slots;
          const mask = providers.mask;
          let slot = Math.imul(x, 0x2c1b3c6d) >>> providers.shift;
          for (;;) {
            const at = slot << 2;
            const k = slots[at];
            if (k === hi && slots[at + 1] === lo) {
              prov = slots[at + 2];
              break;
            }
            if (k === 0) {
              prov = -1;
              break;
            }
            slot = (slot + 1) & mask;
          }
        }
      }
      if (prov < 0 && scoped) {
        this.reject(line, R_NOT_PARTY, 'provider', this.text(s, e), -1);
        continue;
      }
      // --- commissioner
      const cs = FS[cComm];
      const ce = FE[cComm];
      if (cs === ce) {
        this.reject(line, R_MISSING, 'commissioner', '', -1);
        continue;
      }
      let comm: number;
      {
        // Inline probe of commissioners (see CodeTable): pack the code, hash, compare [hi, lo].
        const len = ce - cs;
        if (len > PACKED_MAX) comm = commissioners.findLong(buf, cs, ce);
        else {
          const hi = len <= 4 ? len << 16 : len === 5 ? 0x50000 | buf[cs] : 0x60000 | (buf[cs] << 8) | buf[cs + 1];
          const lo = FL[cComm];
          let x = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
          x ^= x >>> 15;
          const slots = commissioners.slots;
          const mask = commissioners.mask;
          let slot = Math.imul(x, 0x2c1b3c6d) >>> commissioners.shift;
          for (;;) {
            const at = slot << 2;
            const k = slots[at];
            if (k === hi && slots[at + 1] === lo) {
              comm = slots[at + 2];
              break;
            }
            if (k === 0) {
              comm = -1;
              break;
            }
            slot = (slot + 1) & mask;
          }
        }
      }
      if (comm < 0) {
        if (scoped) {
          this.reject(line, R_NOT_PARTY, 'commissioner', this.text(cs, ce), -1);
          continue;
        }
        comm = commissioners.insert(buf, cs, ce);
      }
      // --- period YYYY-MM
      s = FS[cPer];
      e = FE[cPer];
      if (e - s !== 7) {
        this.reject(line, s === e ? R_MISSING : R_PERIOD, 'period', this.text(s, e), -1);
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
        this.reject(line, R_PERIOD, 'period', this.text(s, e), -1);
        continue;
      }
      const period = (y0 * 1000 + y1 * 100 + y2 * 10 + y3) * 12 + month - 1;
      if (scoped && period !== this.scopePeriod) {
        this.reject(line, R_WRONG_PERIOD, 'period', this.text(s, e), -1);
        continue;
      }
      // --- point of delivery
      s = FS[cPod];
      e = FE[cPod];
      let pod = podOf(buf, s, e);
      if (pod < 0 && tolerant && e > s) pod = podOf(this.upper(buf, s, e), 0, e - s);
      if (pod < 0) {
        this.reject(line, s === e ? R_MISSING : R_POD, 'pod', this.text(s, e), -1);
        continue;
      }
      // --- the code: TFC for outpatient attendances, HRG for the rest
      let code: number;
      const hs = FS[cHrg];
      const he = FE[cHrg];
      const ts = FS[cTfc];
      const te = FE[cTfc];
      if (pod < 2) {
        if (ts === te) {
          this.reject(line, R_MISSING, 'tfc', '', pod);
          continue;
        }
        {
          // Inline probe of tfcs (see CodeTable): pack the code, hash, compare [hi, lo].
          const len = te - ts;
          if (len > PACKED_MAX) code = tfcs.findLong(buf, ts, te);
          else {
            const hi = len <= 4 ? len << 16 : len === 5 ? 0x50000 | buf[ts] : 0x60000 | (buf[ts] << 8) | buf[ts + 1];
            const lo = FL[cTfc];
            let x = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
            x ^= x >>> 15;
            const slots = tfcs.slots;
            const mask = tfcs.mask;
            let slot = Math.imul(x, 0x2c1b3c6d) >>> tfcs.shift;
            for (;;) {
              const at = slot << 2;
              const k = slots[at];
              if (k === hi && slots[at + 1] === lo) {
                code = slots[at + 2];
                break;
              }
              if (k === 0) {
                code = -1;
                break;
              }
              slot = (slot + 1) & mask;
            }
          }
        }
        if (code < 0) {
          this.reject(line, R_TFC, 'tfc', this.text(ts, te), pod);
          continue;
        }
      } else {
        if (hs === he) {
          this.reject(line, R_MISSING, 'hrg', '', pod);
          continue;
        }
        {
          // Inline probe of hrgs (see CodeTable): pack the code, hash, compare [hi, lo].
          const len = he - hs;
          if (len > PACKED_MAX) code = hrgs.findLong(buf, hs, he);
          else {
            const hi = len <= 4 ? len << 16 : len === 5 ? 0x50000 | buf[hs] : 0x60000 | (buf[hs] << 8) | buf[hs + 1];
            const lo = FL[cHrg];
            let x = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
            x ^= x >>> 15;
            const slots = hrgs.slots;
            const mask = hrgs.mask;
            let slot = Math.imul(x, 0x2c1b3c6d) >>> hrgs.shift;
            for (;;) {
              const at = slot << 2;
              const k = slots[at];
              if (k === hi && slots[at + 1] === lo) {
                code = slots[at + 2];
                break;
              }
              if (k === 0) {
                code = -1;
                break;
              }
              slot = (slot + 1) & mask;
            }
          }
        }
        if (code < 0 && tolerant) {
          const up = this.upper(buf, hs, he);
          code = findCode(hrgs, up, 0, he - hs, packLo(up, 0, he - hs));
        }
        if (code < 0) {
          this.reject(line, R_HRG, 'hrg', this.text(hs, he), pod);
          continue;
        }
      }
      // --- length of stay: empty, or a non-negative integer that fits an INTEGER column
      s = FS[cLos];
      e = FE[cLos];
      let los = -1;
      if (s !== e) {
        los = wholeNumber(buf, s, e);
        if (los < 0) {
          this.reject(line, R_NUMBER, 'los', this.text(s, e), pod);
          continue;
        }
      } else if (pod === POD_EL || pod === POD_NEL) {
        this.reject(line, R_MISSING, 'los', '', pod);
        continue;
      }
      // --- optional columns (only in a file that has them)
      let age = -1;
      let emergency = false;
      let bptMet = false;
      if (!canon) {
        if (!this.optionalFields(buf, line, pod)) continue;
        age = this.rowAge;
        emergency = this.rowEmergency;
        bptMet = this.rowBptMet;
      }

      // --- price (src/domain/pricing/price.ts)
      let base: number;
      if (pod === POD_OPFA) base = this.firstPrice[code];
      else if (pod === POD_OPFU) base = this.followPrice[code];
      else if (pod === POD_DC) base = this.dcPrice[code];
      else if (pod === POD_OPPROC) base = this.opProc[code];
      else {
        const elective = pod === POD_EL;
        base = elective ? this.elPrice[code] : this.nelPrice[code];
        if (base !== NONE) {
          const trim = elective ? this.elTrim[code] : this.nelTrim[code];
          const over = trim === NONE ? 0 : los - trim;
          if (over > 0) {
            const perDay = this.perDay[code];
            if (perDay === NONE) {
              this.reject(line, R_INCOMPLETE, 'hrg', this.text(hs, he), pod);
              continue;
            }
            base += over * perDay;
          }
          if (!elective && emergency) {
            const reduced = this.ssem[code];
            if (reduced !== NONE && age >= this.ssemMinAge && los <= this.ssemMaxLos) {
              if (reduced === SSEM_INCOMPLETE) {
                this.reject(line, R_INCOMPLETE, 'hrg', this.text(hs, he), pod);
                continue;
              }
              base += reduced - this.nelPrice[code];
            }
          }
        }
      }
      if (base === NONE) {
        this.reject(line, R_NO_PRICE, pod < 2 ? 'tfc' : 'hrg', pod < 2 ? this.text(ts, te) : this.text(hs, he), pod);
        continue;
      }
      // The top-up is for a spell (EL or NEL), as price.ts pays it; never for a day case.
      if (bptMet && (pod === POD_EL || pod === POD_NEL) && this.bptTopUp !== NONE) base += this.bptTopUp;
      const mff = prov < 0 ? 0 : provMff[prov];
      if (mff === 0) {
        this.reject(line, R_NO_MFF, 'provider', this.text(FS[cProv], FE[cProv]), pod);
        continue;
      }

      // --- hints (valid but suspect)
      if (los >= 0) {
        if (los > 365) this.hint(H_LOS_365, line);
        if (pod < 2 || pod === POD_OPPROC) this.hint(H_OP_LOS, line);
        else if (pod === POD_DC && los > 0) this.hint(H_DC_LOS, line);
        else if (pod === POD_EL && los === 0) this.hint(H_EL_ZERO, line);
      }
      if (pod < 2) {
        if (hs !== he) this.hint(H_OP_HRG, line);
      } else if (pod !== POD_OPPROC && ts !== te) this.hint(H_ADM_TFC, line);

      // --- totals
      let pid = this.periodIds[period] - 1;
      if (pid < 0) pid = this.newPeriod(period);
      let g = -1;
      if (comm < this.dCommCap && pid < this.dPerCap) g = this.dense[(prov * this.dCommCap + comm) * this.dPerCap + pid] - 1;
      if (g < 0) g = this.groupSlow(prov, comm, pid, period);
      counts[1]++;
      let q: number;
      const x = base * mff;
      if (x <= SAFE_PRODUCT) {
        const y = x + 500000;
        q = Math.floor(y * 1e-6); // a multiply is cheaper than a divide; off by one at most, corrected below
        const rem = y - q * 1e6;
        if (rem < 0) q--;
        else if (rem >= 1e6) q++;
      } else {
        // Beyond 2^53 a double is not exact: price this line in BigInt and add it to the carries.
        this.addBig(g, pid * PODS + pod, this.bigLine(pod, code, los, mff, base, emergency, age, bptMet));
        this.gAcc[g * 2]++;
        this.podAcc[(pid * PODS + pod) * 2]++;
        continue;
      }
      const ga = this.gAcc;
      ga[g * 2]++;
      const sum = ga[g * 2 + 1] + q;
      if (sum > FLUSH_AT) this.flushGroup(g, sum);
      else ga[g * 2 + 1] = sum;
      const pa = this.podAcc;
      const pi = (pid * PODS + pod) * 2;
      pa[pi]++;
      const psum = pa[pi + 1] + q;
      if (psum > FLUSH_AT) this.flushPod(pi >> 1, psum);
      else pa[pi + 1] = psum;
    }
    return line;
  }

  /** Spaces and tabs around fields are not part of them (tolerant reading). */
  private trimFields(buf: Uint8Array, n: number): void {
    const FS = this.fieldStart;
    const FE = this.fieldEnd;
    for (let i = 0; i < n; i++) {
      let s = FS[i];
      let e = FE[i];
      while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
      while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
      if ((e !== FE[i] || s !== FS[i]) && this.packed[i] === 1) this.fieldLo[i] = packLo(buf, s, e);
      FS[i] = s;
      FE[i] = e;
    }
  }

  /** buf[s, e) upper-cased into the scratch buffer (from 0). */
  private upper(buf: Uint8Array, s: number, e: number): Uint8Array {
    if (this.scratch.length < e - s) this.scratch = new Uint8Array(e - s);
    const out = this.scratch;
    for (let i = s; i < e; i++) {
      const b = buf[i];
      out[i - s] = b >= 97 && b <= 122 ? b - 32 : b;
    }
    return out;
  }

  /**
   * Reads admission method, age and the hip fracture flag where the file has them, into rowAge,
   * rowEmergency and rowBptMet. Returns false when the row was rejected.
   */
  private optionalFields(buf: Uint8Array, line: number, pod: number): boolean {
    const FS = this.fieldStart;
    const FE = this.fieldEnd;
    this.rowAge = -1;
    this.rowEmergency = false;
    this.rowBptMet = false;
    if (this.cAge >= 0 && FE[this.cAge] > FS[this.cAge]) {
      this.rowAge = wholeNumber(buf, FS[this.cAge], FE[this.cAge]);
      if (this.rowAge < 0) {
        this.reject(line, R_NUMBER, 'age', this.text(FS[this.cAge], FE[this.cAge]), pod);
        return false;
      }
    }
    if (this.cBpt >= 0 && FE[this.cBpt] > FS[this.cBpt]) {
      const flag = this.text(FS[this.cBpt], FE[this.cBpt]).trim().toUpperCase();
      if (flag === 'Y') this.rowBptMet = true;
      else if (flag !== 'N' && flag !== '') {
        this.reject(line, R_INVALID, 'bpt_hip_fracture', this.text(FS[this.cBpt], FE[this.cBpt]), pod);
        return false;
      }
    }
    if (this.cAdm >= 0 && FE[this.cAdm] > FS[this.cAdm]) {
      this.rowEmergency = this.emergencyMethods.has(this.text(FS[this.cAdm], FE[this.cAdm]).trim().toUpperCase());
    }
    return true;
  }

  private flushGroup(g: number, sum: number): void {
    this.gCarry[g] = (this.gCarry[g] ?? 0n) + BigInt(sum);
    this.gAcc[g * 2 + 1] = 0;
  }

  private flushPod(i: number, sum: number): void {
    this.podCarry[i] = (this.podCarry[i] ?? 0n) + BigInt(sum);
    this.podAcc[i * 2 + 1] = 0;
  }

  private addBig(g: number, podIndex: number, amount: bigint): void {
    this.gCarry[g] = (this.gCarry[g] ?? 0n) + amount;
    this.podCarry[podIndex] = (this.podCarry[podIndex] ?? 0n) + amount;
  }

  /** The exact line price in BigInt, for products beyond 2^53 (the same steps as the loop). */
  private bigLine(pod: number, code: number, los: number, mff: number, base: number, emergency: boolean, age: number, bptMet: boolean): bigint {
    let exact: bigint;
    if (pod === POD_EL || pod === POD_NEL) {
      const elective = pod === POD_EL;
      let price = BigInt(elective ? this.elPrice[code] : this.nelPrice[code]);
      const trim = elective ? this.elTrim[code] : this.nelTrim[code];
      const reduced = this.ssem[code];
      if (!elective && emergency && reduced >= 0 && age >= this.ssemMinAge && los <= this.ssemMaxLos) price = BigInt(reduced);
      const over = trim === NONE ? 0n : BigInt(los) - BigInt(trim);
      exact = price + (over > 0n ? over * BigInt(this.perDay[code]) : 0n);
      if (bptMet && this.bptTopUp !== NONE) exact += BigInt(this.bptTopUp);
    } else {
      exact = BigInt(base); // a single published price (plus a top-up): exact in a double
    }
    return (exact * BigInt(mff) + 500000n) / 1000000n;
  }

  private newPeriod(period: number): number {
    const id = this.periodList.length;
    this.periodList.push(period);
    this.periodIds[period] = id + 1;
    if ((id + 1) * PODS * 2 > this.podAcc.length) {
      const bigger = this.array('podAcc', Float64Array, this.podAcc.length * 2);
      bigger.set(this.podAcc);
      this.podAcc = bigger;
    }
    return id;
  }

  /** Group of a key not (yet) in the dense index. */
  private groupSlow(prov: number, comm: number, pid: number, period: number): number {
    if (this.denseOn && (comm >= this.dCommCap || pid >= this.dPerCap)) {
      const commCap = Math.max(16, this.dCommCap, 1 << Math.ceil(Math.log2(comm + 1)));
      const perCap = Math.max(16, this.dPerCap, 1 << Math.ceil(Math.log2(pid + 1)));
      const nProv = Math.max(1, this.providers.size);
      if (nProv * commCap * perCap > 1 << 22) {
        this.denseOn = false;
        this.dCommCap = 0;
        this.dPerCap = 0;
        this.dense = this.array('dense', Int32Array, 0);
      } else {
        this.dense = this.array('dense', Int32Array, nProv * commCap * perCap);
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
    this.gAcc[g * 2] = 0;
    this.gAcc[g * 2 + 1] = 0;
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
    // Each new array is made before the old one is read: making it may move every view (see array()).
    const prov = this.array('gProv', Int32Array, half);
    prov.set(this.gProv);
    this.gProv = prov;
    const comm = this.array('gComm', Int32Array, half);
    comm.set(this.gComm);
    this.gComm = comm;
    const per = this.array('gPer', Int32Array, half);
    per.set(this.gPer);
    this.gPer = per;
    const acc = this.array('gAcc', Float64Array, half * 2);
    acc.set(this.gAcc);
    this.gAcc = acc;
    this.gSlots = this.array('gSlots', Int32Array, cap);
    this.gMask = cap - 1;
    for (let g = 0; g < this.gCount; g++) this.placeGroup(g);
  }

  private text(s: number, e: number): string {
    const t = this.jobBuf.toString('utf8', s, Math.min(e, s + 40));
    return e - s > 40 ? `${t}…` : t;
  }

  private reject(line: number, reason: number, field: string, value: string, pod: number): void {
    this.rowsRejected++;
    this.reasonCounts[reason]++;
    if (this.jobRejections.length < this.limits.rejectionsKept) this.jobRejections.push({ line, field, reason, value, pod });
  }

  private hint(kind: number, line: number): void {
    this.hintCounts[kind]++;
    const lines = this.jobHints[kind];
    if (lines.length < this.limits.hintLinesKept) lines.push(line);
  }

  totals(): ThreadTotals {
    const n = this.gCount;
    const groupRows = new Float64Array(n);
    const groupPence = new Float64Array(n);
    const groupCarries: [number, string][] = [];
    for (let g = 0; g < n; g++) {
      groupRows[g] = this.gAcc[g * 2];
      groupPence[g] = this.gAcc[g * 2 + 1];
      const carry = this.gCarry[g];
      if (carry !== undefined) groupCarries.push([g, carry.toString()]);
    }
    const podPeriod: number[] = [];
    const pod: number[] = [];
    const podRows: number[] = [];
    const podPence: string[] = [];
    this.periodList.forEach((period, pid) => {
      for (let p = 0; p < PODS; p++) {
        const i = pid * PODS + p;
        if (this.podAcc[i * 2] === 0) continue;
        podPeriod.push(period);
        pod.push(p);
        podRows.push(this.podAcc[i * 2]);
        podPence.push(((this.podCarry[i] ?? 0n) + BigInt(this.podAcc[i * 2 + 1])).toString());
      }
    });
    return {
      rowsRead: this.counts[0],
      rowsPriced: this.counts[1],
      rowsRejected: this.rowsRejected,
      rowsPricedByKernel: this.counts[2],
      reasonCounts: [...this.reasonCounts],
      hintCounts: [...this.hintCounts],
      providerNames: [...this.providers.names],
      commissionerNames: [...this.commissioners.names],
      groupProvider: this.gProv.slice(0, n),
      groupCommissioner: this.gComm.slice(0, n),
      groupPeriod: this.gPer.slice(0, n),
      groupRows,
      groupPence,
      groupCarries,
      podPeriod,
      pod,
      podRows,
      podPence,
    };
  }
}

/** The point of delivery of buf[s, e), or -1. */
function podOf(buf: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len === 4) {
    if (buf[s] === 79 && buf[s + 1] === 80 && buf[s + 2] === 70) {
      const b3 = buf[s + 3];
      return b3 === 65 ? POD_OPFA : b3 === 85 ? POD_OPFU : -1;
    }
  } else if (len === 2) {
    const a = buf[s];
    const b = buf[s + 1];
    return a === 68 && b === 67 ? POD_DC : a === 69 && b === 76 ? POD_EL : -1;
  } else if (len === 3) {
    if (buf[s] === 78 && buf[s + 1] === 69 && buf[s + 2] === 76) return POD_NEL;
  } else if (len === 6) {
    // OPPROC
    if (buf[s] === 79 && buf[s + 1] === 80 && buf[s + 2] === 80 && buf[s + 3] === 82 && buf[s + 4] === 79 && buf[s + 5] === 67) return POD_OPPROC;
  }
  return -1;
}

/** A non-negative integer of at most 10 digits that fits an INTEGER column, or -1. */
function wholeNumber(buf: Uint8Array, s: number, e: number): number {
  if (e - s > 10) return -1;
  let n = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i] - 48;
    if (d >>> 0 > 9) return -1;
    n = n * 10 + d;
  }
  return n > 2147483647 ? -1 : n;
}

/**
 * For files the kernel does not take (see below), runs a throwaway pricer over a thousand synthetic lines built from the tables (every pod, every
 * rejection and hint, CRLF, short and long lines), in the given column order. Type feedback is
 * shared by all pricers in the thread, so the real run is optimised once instead of being
 * deoptimised each time a rare path is first met (several 40 ms recompiles on a cold start).
 */
export function warmUpPricer(tables: PriceTables, layout: HeaderLayout, scope: SubmissionScope | null, reading: ReadingRules, kernel = true, lines = 1000): void {
  // Buffers travel between threads by transfer, which detaches them; the first detach in a thread
  // throws away every optimised function that reads typed arrays (V8 had assumed none would be).
  // One detach now, before anything is optimised, spares the pricing loop that recompilation.
  const probe = new ArrayBuffer(8);
  structuredClone(probe, { transfer: [probe] });
  const providerCodes = scope ? scope.providers : tables.provider;
  if (providerCodes.length === 0) return;
  // The kernel prices files in any column order: the loop then reads only the lines the kernel leaves it,
  // too few to be worth a warm-up (which costs a thread 20 to 50 ms before its first chunk).
  if (kernel && kernelTakes(tables, layout) && pricingKernel()) return;
  const pods = ['OPFA', 'OPFU', 'DC', 'EL', 'NEL'];
  const rows: string[] = [];
  const pick = <T>(a: readonly T[], i: number): T | undefined => (a.length ? a[i % a.length] : undefined);
  const periodOf = (i: number): string => scope?.period ?? `2025-${String(1 + (i % 12)).padStart(2, '0')}`;
  for (let i = 0; i < lines; i++) {
    const pod = pods[i % 5];
    const v: Record<string, string> = {
      provider: pick(providerCodes, i * 7)!,
      commissioner: scope ? (pick(scope.commissioners, i) ?? 'W1X') : `W${i % 41}X`,
      period: periodOf(i),
      pod,
      hrg: pod.startsWith('OP') ? '' : (pick(tables.hrg, i * 3) ?? 'ZZ99Z'),
      tfc: pod.startsWith('OP') ? (pick(tables.tfc, i) ?? '999') : '',
      los: pod.startsWith('OP') ? '' : String(i % 40),
      admission_method: i % 3 ? '21' : '11',
      age: String(i % 90),
      bpt_hip_fracture: i % 7 ? 'N' : 'Y',
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
      case 61: v.tfc = pick(tables.tfc, i) ?? ''; break;
      case 67: v.pod = 'el'; v.hrg = ` ${(pick(tables.hrg, i) ?? 'zz99z').toLowerCase()} `; break;
    }
    let text = layout.columns.map((c) => v[c] ?? '').join(',');
    if (i % 89 === 5) text += '\r';
    if (i % 83 === 7) text = text.slice(0, text.lastIndexOf(','));
    if (i % 79 === 3) text += ',extra';
    if (i % 101 === 9) text = '';
    rows.push(text);
  }
  const buf = new Uint8Array(Buffer.from(rows.join('\n') + '\nRA1,01A', 'utf8'));
  // A small group table, so that the warm-up grows it as a large file does.
  const pricer = new ChunkPricer(tables, layout, scope, reading, { rejectionsKept: 10, hintLinesKept: 5, initialGroups: 128 });
  const cut = buf.lastIndexOf(10) + 1;
  pricer.processJob(0, buf, 0, cut, false);
  pricer.processJob(1, buf, cut, buf.length, true);
  pricer.totals();
}
