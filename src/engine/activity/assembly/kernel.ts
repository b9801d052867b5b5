// The pricing kernel in AssemblyScript, compiled to WebAssembly (kernel-binary.ts beside it; rebuild
// with `npm run build:kernel`, and a test checks that the committed binary is built from this source).
//
// It runs under ChunkPricer (chunk-pricer.ts): `run` for files in the v1 column order, `runAnyOrder`
// for any other (fields found by the header's positions, with the optional columns). It prices the rows
// that need nothing but the common path: every field present and well formed, every code known,
// a price and an MFF, a group already in (or with room in) the group tables. At the first line it
// cannot finish it stops, *before changing anything for that line*, and returns the line's start:
// ChunkPricer's own loop then reads that line (rejections, first sight of a commissioner or period,
// kept hint lines, trimming, BigInt sums) and calls the kernel again after it. The two therefore
// give the same result line for line, and the property test runs random files through both.
//
// Every table is in the one linear memory that ChunkPricer lays out; `cfg` points at a block of
// 32-bit words describing it (the CFG_* offsets below, mirrored in kernel-memory.ts).

// --- configuration words (byte offsets in the block at cfg)
const PROV_SLOTS: i32 = 0;
const PROV_SHIFT: i32 = 4;
const PROV_MASK: i32 = 8;
const COMM_SLOTS: i32 = 12;
const COMM_SHIFT: i32 = 16;
const COMM_MASK: i32 = 20;
const HRG_SLOTS: i32 = 24;
const HRG_SHIFT: i32 = 28;
const HRG_MASK: i32 = 32;
const TFC_SLOTS: i32 = 36;
const TFC_SHIFT: i32 = 40;
const TFC_MASK: i32 = 44;
const PROV_MFF: i32 = 48;
const FIRST_PRICE: i32 = 52;
const FOLLOW_PRICE: i32 = 56;
const DC_PRICE: i32 = 60;
const EL_PRICE: i32 = 64;
const NEL_PRICE: i32 = 68;
const EL_TRIM: i32 = 72;
const NEL_TRIM: i32 = 76;
const PER_DAY: i32 = 80;
const OP_PROC: i32 = 84;
const PERIOD_IDS: i32 = 88;
const DENSE: i32 = 92;
const DENSE_COMM_CAP: i32 = 96;
const DENSE_PER_CAP: i32 = 100;
const DENSE_ON: i32 = 104;
const G_SLOTS: i32 = 108;
const G_MASK: i32 = 112;
const G_PROV: i32 = 116;
const G_COMM: i32 = 120;
const G_PER: i32 = 124;
const G_ACC: i32 = 128;
const G_COUNT: i32 = 132;
const G_CAPACITY: i32 = 136;
const POD_ACC: i32 = 140;
const SCOPED: i32 = 144;
const SCOPE_PERIOD: i32 = 148;
const TOLERANT: i32 = 152;
const MAX_LINE: i32 = 156;
/** Bit per hint (HINT_* below) whose kept lines are not yet full: such a row is left to ChunkPricer. */
const HINT_ROOM: i32 = 160;
/** Out: lines and rows read, rows priced, by this call. */
const OUT_LINES: i32 = 164;
const OUT_ROWS: i32 = 168;
const OUT_PRICED: i32 = 172;
/** Out: f64 per hint, counted by this call (at byte offset 176, 6 x 8 bytes). */
const OUT_HINTS: i32 = 176;
// For files in any column order (runAnyOrder): the number of columns and where each used one is
// (-1: absent), room for each field's [start, end), the short stay emergency rule and the top-up.
const NCOLS: i32 = 224;
const C_PROV: i32 = 228;
const C_COMM: i32 = 232;
const C_PER: i32 = 236;
const C_POD: i32 = 240;
const C_HRG: i32 = 244;
const C_TFC: i32 = 248;
const C_LOS: i32 = 252;
const C_AGE: i32 = 256;
const C_ADM: i32 = 260;
const C_BPT: i32 = 264;
const FIELDS: i32 = 268;
const SSEM_PRICE: i32 = 272;
const SSEM_MIN_AGE: i32 = 276;
const SSEM_MAX_LOS: i32 = 280;
/** f64: the hip fracture best practice top-up, or NONE. */
const BPT_TOP_UP: i32 = 288;
/** Emergency admission methods: how many (at most 16), then [length, packed bytes] each. */
const EMERGENCY_COUNT: i32 = 296;
const EMERGENCY_CODES: i32 = 300;

const HINT_LOS_365: i32 = 0;
const HINT_OP_LOS: i32 = 1;
const HINT_DC_LOS: i32 = 2;
const HINT_EL_ZERO: i32 = 3;
const HINT_OP_HRG: i32 = 4;
const HINT_ADM_TFC: i32 = 5;

const POD_OPFA: i32 = 0;
const POD_OPFU: i32 = 1;
const POD_DC: i32 = 2;
const POD_EL: i32 = 3;
const POD_NEL: i32 = 4;
const POD_OPPROC: i32 = 5;
const PODS: i32 = 6;

const NONE: f64 = -1;
const SSEM_INCOMPLETE: f64 = -2;
const SAFE_PRODUCT: f64 = 9007199254240991; // Number.MAX_SAFE_INTEGER - 500000
const FLUSH_AT: f64 = 4e15;

@inline function cfgI(cfg: i32, at: i32): i32 {
  return load<i32>(cfg + at);
}

/** The packed `hi` of buf[s, e) (see code-table.ts); 0 when the code is too long to pack. */
@inline function packHi(s: i32, e: i32): i32 {
  const len = e - s;
  if (len <= 4) return len << 16;
  if (len == 5) return 0x50000 | <i32>load<u8>(s);
  if (len == 6) return 0x60000 | (<i32>load<u8>(s) << 8) | <i32>load<u8>(s + 1);
  return 0;
}

/** Entry of the packed code [hi, lo] in the table at cfg[slotsAt], or -1 (code-table.ts findPacked). */
@inline function find(cfg: i32, slotsAt: i32, hi: i32, lo: i32): i32 {
  const slots = cfgI(cfg, slotsAt);
  const shift = cfgI(cfg, slotsAt + 4);
  const mask = cfgI(cfg, slotsAt + 8);
  let x = (lo ^ (hi * <i32>0x85ebca6b)) * <i32>0x9e3779b1;
  x ^= <i32>(<u32>x >> 15);
  let slot = <i32>(<u32>(x * 0x2c1b3c6d) >> <u32>shift);
  while (true) {
    const at = slots + (slot << 4);
    const k = load<i32>(at);
    if (k == hi && load<i32>(at, 4) == lo) return load<i32>(at, 8);
    if (k == 0) return -1;
    slot = (slot + 1) & mask;
  }
  return -1;
}

@inline function groupHash(prov: i32, comm: i32, period: i32): i32 {
  let x = (prov * <i32>0x9e3779b1) ^ (comm * <i32>0x85ebca6b) ^ (period * <i32>0xc2b2ae35);
  x ^= <i32>(<u32>x >> 16);
  x = x * <i32>0x85ebca6b;
  x ^= <i32>(<u32>x >> 13);
  x = x * <i32>0xc2b2ae35;
  return x ^ <i32>(<u32>x >> 16);
}

/** The group of (prov, comm, period) in the hash table, added when absent; -1 when the table is full. */
function group(cfg: i32, prov: i32, comm: i32, period: i32): i32 {
  const slots = cfgI(cfg, G_SLOTS);
  const mask = cfgI(cfg, G_MASK);
  const gProv = cfgI(cfg, G_PROV);
  const gComm = cfgI(cfg, G_COMM);
  const gPer = cfgI(cfg, G_PER);
  let slot = groupHash(prov, comm, period) & mask;
  while (true) {
    const e = load<i32>(slots + (slot << 2));
    if (e == 0) break;
    const g = e - 1;
    if (load<i32>(gProv + (g << 2)) == prov && load<i32>(gComm + (g << 2)) == comm && load<i32>(gPer + (g << 2)) == period) return g;
    slot = (slot + 1) & mask;
  }
  const count = cfgI(cfg, G_COUNT);
  if ((count + 1) * 2 > cfgI(cfg, G_CAPACITY)) return -1; // ChunkPricer grows the table
  store<i32>(gProv + (count << 2), prov);
  store<i32>(gComm + (count << 2), comm);
  store<i32>(gPer + (count << 2), period);
  const acc = cfgI(cfg, G_ACC) + (count << 4);
  store<f64>(acc, 0);
  store<f64>(acc, 0, 8);
  store<i32>(slots + (slot << 2), count + 1);
  store<i32>(cfg + G_COUNT, count + 1);
  return count;
}

// Hint counts of the current call (stored to OUT_HINTS at its end).
let hint0: f64 = 0;
let hint1: f64 = 0;
let hint2: f64 = 0;
let hint3: f64 = 0;
let hint4: f64 = 0;
let hint5: f64 = 0;

function resetHints(): void {
  hint0 = 0;
  hint1 = 0;
  hint2 = 0;
  hint3 = 0;
  hint4 = 0;
  hint5 = 0;
}

function storeHints(cfg: i32): void {
  store<f64>(cfg + OUT_HINTS, hint0);
  store<f64>(cfg + OUT_HINTS, hint1, 8);
  store<f64>(cfg + OUT_HINTS, hint2, 16);
  store<f64>(cfg + OUT_HINTS, hint3, 24);
  store<f64>(cfg + OUT_HINTS, hint4, 32);
  store<f64>(cfg + OUT_HINTS, hint5, 40);
}

/**
 * Prices a located, checked row and adds it to the totals; false (and nothing changed) when the row
 * needs ChunkPricer. Shared by both loops.
 */
@inline function record(
  cfg: i32, prov: i32, comm: i32, period: i32, pod: i32, code: i32, los: i32, hasHrg: bool, hasTfc: bool,
  age: i32, emergency: bool, bptMet: bool, hintRoom: i32, provMff: i32, periodIds: i32, podAcc: i32,
): bool {
  // price (src/domain/pricing/price.ts)
  const c8 = code << 3;
  let base: f64;
  if (pod == POD_OPFA) base = load<f64>(cfgI(cfg, FIRST_PRICE) + c8);
  else if (pod == POD_OPFU) base = load<f64>(cfgI(cfg, FOLLOW_PRICE) + c8);
  else if (pod == POD_DC) base = load<f64>(cfgI(cfg, DC_PRICE) + c8);
  else if (pod == POD_OPPROC) base = load<f64>(cfgI(cfg, OP_PROC) + c8);
  else {
    const elective = pod == POD_EL;
    base = load<f64>(cfgI(cfg, elective ? EL_PRICE : NEL_PRICE) + c8);
    if (base != NONE) {
      const trim = load<f64>(cfgI(cfg, elective ? EL_TRIM : NEL_TRIM) + c8);
      const over: f64 = trim == NONE ? 0 : <f64>los - trim;
      if (over > 0) {
        const perDay = load<f64>(cfgI(cfg, PER_DAY) + c8);
        if (perDay == NONE) return false;
        base += over * perDay;
      }
      if (!elective && emergency) {
        // Short stay emergency adjustment (RULES.md §2.3), as price.ts applies it.
        const reduced = load<f64>(cfgI(cfg, SSEM_PRICE) + c8);
        if (reduced != NONE && age >= cfgI(cfg, SSEM_MIN_AGE) && los <= cfgI(cfg, SSEM_MAX_LOS)) {
          if (reduced == SSEM_INCOMPLETE) return false;
          base += reduced - load<f64>(cfgI(cfg, NEL_PRICE) + c8);
        }
      }
    }
  }
  if (base == NONE) return false;
  // The hip fracture top-up is for a spell (EL or NEL), never a day case (RULES.md §2.5).
  if (bptMet && (pod == POD_EL || pod == POD_NEL)) {
    const topUp = load<f64>(cfg + BPT_TOP_UP);
    if (topUp != NONE) base += topUp;
  }
  const mff = load<f64>(provMff + (prov << 3));
  if (mff == 0) return false;

  // hints: counted here once ChunkPricer has kept the lines it shows
  let hints: i32 = 0;
  if (los >= 0) {
    if (los > 365) hints |= 1 << HINT_LOS_365;
    if (pod < 2 || pod == POD_OPPROC) hints |= 1 << HINT_OP_LOS;
    else if (pod == POD_DC && los > 0) hints |= 1 << HINT_DC_LOS;
    else if (pod == POD_EL && los == 0) hints |= 1 << HINT_EL_ZERO;
  }
  if (pod < 2) {
    if (hasHrg) hints |= 1 << HINT_OP_HRG;
  } else if (pod != POD_OPPROC && hasTfc) hints |= 1 << HINT_ADM_TFC;
  if (hints & hintRoom) return false;

  // the group and the period
  const pid = load<i32>(periodIds + (period << 2)) - 1;
  if (pid < 0) return false;
  const dCommCap = cfgI(cfg, DENSE_COMM_CAP);
  const dPerCap = cfgI(cfg, DENSE_PER_CAP);
  const denseOn = cfgI(cfg, DENSE_ON);
  let denseAt: i32 = -1;
  let g: i32 = -1;
  if (comm < dCommCap && pid < dPerCap) {
    denseAt = cfgI(cfg, DENSE) + ((((prov * dCommCap + comm) * dPerCap) + pid) << 2);
    g = load<i32>(denseAt) - 1;
  } else if (denseOn) return false; // ChunkPricer widens the dense index
  const x = base * mff;
  if (x > SAFE_PRODUCT) return false;
  const y = x + 500000;
  let q = floor(y * 1e-6);
  const rem = y - q * 1e6;
  if (rem < 0) q -= 1;
  else if (rem >= 1e6) q += 1;
  if (g < 0) {
    g = group(cfg, prov, comm, period);
    if (g < 0) return false;
    if (denseAt >= 0) store<i32>(denseAt, g + 1);
  }
  const ga = cfgI(cfg, G_ACC) + (g << 4);
  const sum = load<f64>(ga, 8) + q;
  const pa = podAcc + ((pid * PODS + pod) << 4);
  const psum = load<f64>(pa, 8) + q;
  if (sum > FLUSH_AT || psum > FLUSH_AT) return false;

  // --- the line is priced: record it
  store<f64>(ga, load<f64>(ga) + 1);
  store<f64>(ga, sum, 8);
  store<f64>(pa, load<f64>(pa) + 1);
  store<f64>(pa, psum, 8);
  if (hints) {
    if (hints & (1 << HINT_LOS_365)) hint0++;
    if (hints & (1 << HINT_OP_LOS)) hint1++;
    if (hints & (1 << HINT_DC_LOS)) hint2++;
    if (hints & (1 << HINT_EL_ZERO)) hint3++;
    if (hints & (1 << HINT_OP_HRG)) hint4++;
    if (hints & (1 << HINT_ADM_TFC)) hint5++;
  }
  return true;
}

/** The period code (year x 12 + month - 1) of YYYY-MM at memory[s, s + 7), or -1. */
@inline function periodAt(s: i32): i32 {
  if (load<u8>(s + 4) != 45) return -1;
  const y0 = <i32>load<u8>(s) - 48;
  const y1 = <i32>load<u8>(s + 1) - 48;
  const y2 = <i32>load<u8>(s + 2) - 48;
  const y3 = <i32>load<u8>(s + 3) - 48;
  const m0 = <i32>load<u8>(s + 5) - 48;
  const m1 = <i32>load<u8>(s + 6) - 48;
  if (<u32>y0 > 9 || <u32>y1 > 9 || <u32>y2 > 9 || <u32>y3 > 9 || <u32>m0 > 9 || <u32>m1 > 9) return -1;
  const month = m0 * 10 + m1;
  if (month < 1 || month > 12) return -1;
  return (y0 * 1000 + y1 * 100 + y2 * 10 + y3) * 12 + month - 1;
}

/** The code's entry: the TFC for outpatient attendances, the HRG for the rest; -1 when absent or unknown. */
@inline function codeOf(cfg: i32, pod: i32, hs: i32, he: i32, hrgLo: i32, ts: i32, te: i32, tfcLo: i32): i32 {
  if (pod < 2) {
    if (te == ts || te - ts > 6) return -1;
    return find(cfg, TFC_SLOTS, packHi(ts, te), tfcLo);
  }
  if (he == hs || he - hs > 6) return -1;
  return find(cfg, HRG_SLOTS, packHi(hs, he), hrgLo);
}

/** The point of delivery of memory[s, e), or -1. */
@inline function podOf(s: i32, e: i32): i32 {
  const len = e - s;
  if (len == 4) {
    if (load<u8>(s) == 79 && load<u8>(s + 1) == 80 && load<u8>(s + 2) == 70) {
      const b3 = load<u8>(s + 3);
      return b3 == 65 ? POD_OPFA : b3 == 85 ? POD_OPFU : -1;
    }
  } else if (len == 2) {
    const a = load<u8>(s);
    const b = load<u8>(s + 1);
    return a == 68 && b == 67 ? POD_DC : a == 69 && b == 76 ? POD_EL : -1;
  } else if (len == 3) {
    if (load<u8>(s) == 78 && load<u8>(s + 1) == 69 && load<u8>(s + 2) == 76) return POD_NEL;
  } else if (len == 6) {
    if (load<u8>(s) == 79 && load<u8>(s + 1) == 80 && load<u8>(s + 2) == 80 && load<u8>(s + 3) == 82 && load<u8>(s + 4) == 79 && load<u8>(s + 5) == 67) return POD_OPPROC;
  }
  return -1;
}

/** A space or tab at either end of buf[s, e): tolerant reading trims it, so the line is ChunkPricer's. */
@inline function padded(s: i32, e: i32): bool {
  if (s == e) return false;
  const a = <i32>load<u8>(s);
  const b = <i32>load<u8>(e - 1);
  return a == 32 || a == 9 || b == 32 || b == 9;
}

/**
 * Prices the lines of memory[pos, end) until one needs ChunkPricer; memory[end] must be '\n'.
 * Returns the start of that line, or `end` when every line was priced. Counts go to the OUT_* words.
 */
export function run(cfg: i32, pos: i32, end: i32): i32 {
  const scoped = cfgI(cfg, SCOPED);
  const scopePeriod = cfgI(cfg, SCOPE_PERIOD);
  const tolerant = cfgI(cfg, TOLERANT);
  const maxLine = cfgI(cfg, MAX_LINE);
  const hintRoom = cfgI(cfg, HINT_ROOM);
  const provMff = cfgI(cfg, PROV_MFF);
  const periodIds = cfgI(cfg, PERIOD_IDS);
  const podAcc = cfgI(cfg, POD_ACC);
  let lines: i32 = 0;
  let priced: i32 = 0;
  resetHints();

  let stop = end;
  while (pos < end) {
    const lineStart = pos;
    stop = pos;
    let c: i32 = 0;
    // provider
    let lo: i32 = 0;
    while ((c = <i32>load<u8>(pos)) != 44 && c != 10) {
      lo = (lo << 8) | c;
      pos++;
    }
    if (c != 44) break;
    const ps = lineStart;
    const pe = pos;
    const provLo = lo;
    // commissioner
    const cs = ++pos;
    lo = 0;
    while ((c = <i32>load<u8>(pos)) != 44 && c != 10) {
      lo = (lo << 8) | c;
      pos++;
    }
    if (c != 44) break;
    const ce = pos;
    const commLo = lo;
    // period: exactly YYYY-MM, then a comma
    const s = ++pos;
    if (load<u8>(s + 7) != 44) break;
    const period = periodAt(s);
    if (period < 0) break;
    pos = s + 8;
    // point of delivery
    const ds = pos;
    while ((c = <i32>load<u8>(pos)) != 44 && c != 10) pos++;
    if (c != 44) break;
    const de = pos;
    // hrg
    const hs = ++pos;
    lo = 0;
    while ((c = <i32>load<u8>(pos)) != 44 && c != 10) {
      lo = (lo << 8) | c;
      pos++;
    }
    if (c != 44) break;
    const he = pos;
    const hrgLo = lo;
    // tfc
    const ts = ++pos;
    lo = 0;
    while ((c = <i32>load<u8>(pos)) != 44 && c != 10) {
      lo = (lo << 8) | c;
      pos++;
    }
    if (c != 44) break;
    const te = pos;
    const tfcLo = lo;
    // length of stay, then the end of the line
    const ls = ++pos;
    let los: i32 = -1;
    if (load<u8>(pos) != 10) {
      let n: i64 = 0;
      while ((c = <i32>load<u8>(pos)) != 10) {
        const d = c - 48;
        if (<u32>d > 9 || pos - ls >= 10) break;
        n = n * 10 + d;
        pos++;
      }
      if (c != 10 || n > 2147483647) break;
      los = <i32>n;
    }
    if (pos >= end) break; // the last line of a file without a final newline
    if (pos - lineStart > maxLine) break;
    if (tolerant && (padded(ps, pe) || padded(cs, ce) || padded(ds, de) || padded(hs, he) || padded(ts, te))) break;

    // provider and commissioner: known codes
    if (pe == ps || pe - ps > 6 || ce == cs || ce - cs > 6) break;
    const prov = find(cfg, PROV_SLOTS, packHi(ps, pe), provLo);
    if (prov < 0) break;
    const comm = find(cfg, COMM_SLOTS, packHi(cs, ce), commLo);
    if (comm < 0) break;
    if (scoped && period != scopePeriod) break;
    const pod = podOf(ds, de);
    if (pod < 0) break;
    // the code: TFC for outpatient attendances, HRG for the rest
    const code = codeOf(cfg, pod, hs, he, hrgLo, ts, te, tfcLo);
    if (code < 0) break;
    if (los < 0 && (pod == POD_EL || pod == POD_NEL)) break;

    if (!record(cfg, prov, comm, period, pod, code, los, hs != he, ts != te, -1, false, false, hintRoom, provMff, periodIds, podAcc)) break;
    lines++;
    priced++;
    pos++;
    stop = end;
  }
  store<i32>(cfg + OUT_LINES, lines);
  store<i32>(cfg + OUT_ROWS, lines);
  store<i32>(cfg + OUT_PRICED, priced);
  storeHints(cfg);
  return stop;
}

/** Whole number of at most 10 digits that fits an INTEGER column in memory[s, e), or -1 (as wholeNumber in chunk-pricer.ts). */
@inline function wholeNumber(s: i32, e: i32): i32 {
  if (e - s > 10) return -1;
  let n: i64 = 0;
  for (let i = s; i < e; i++) {
    const d = <i32>load<u8>(i) - 48;
    if (<u32>d > 9) return -1;
    n = n * 10 + d;
  }
  return n > 2147483647 ? -1 : <i32>n;
}

/**
 * As {@link run}, for a file whose columns are in another order or include the optional ones
 * (admission method, age, hip fracture flag) or others: fields are located by the header's
 * positions. An optional field that is not plainly valid (a clean number, Y, N or an upper-case
 * code) leaves the line to ChunkPricer, which reads it with trimming and case folding.
 */
export function runAnyOrder(cfg: i32, pos: i32, end: i32): i32 {
  const scoped = cfgI(cfg, SCOPED);
  const scopePeriod = cfgI(cfg, SCOPE_PERIOD);
  const tolerant = cfgI(cfg, TOLERANT);
  const maxLine = cfgI(cfg, MAX_LINE);
  const hintRoom = cfgI(cfg, HINT_ROOM);
  const provMff = cfgI(cfg, PROV_MFF);
  const periodIds = cfgI(cfg, PERIOD_IDS);
  const podAcc = cfgI(cfg, POD_ACC);
  const ncols = cfgI(cfg, NCOLS);
  const cProv = cfgI(cfg, C_PROV);
  const cComm = cfgI(cfg, C_COMM);
  const cPer = cfgI(cfg, C_PER);
  const cPod = cfgI(cfg, C_POD);
  const cHrg = cfgI(cfg, C_HRG);
  const cTfc = cfgI(cfg, C_TFC);
  const cLos = cfgI(cfg, C_LOS);
  const cAge = cfgI(cfg, C_AGE);
  const cAdm = cfgI(cfg, C_ADM);
  const cBpt = cfgI(cfg, C_BPT);
  const fields = cfgI(cfg, FIELDS);
  const emergencyCount = cfgI(cfg, EMERGENCY_COUNT);
  let lines: i32 = 0;
  let priced: i32 = 0;
  resetHints();
  let stop = end;
  while (pos < end) {
    const lineStart = pos;
    stop = pos;
    // --- locate every field: [start, end) pairs at `fields`
    let f: i32 = 0;
    let c: i32 = 0;
    let provLo: i32 = 0, commLo: i32 = 0, hrgLo: i32 = 0, tfcLo: i32 = 0;
    while (true) {
      if (f >= ncols) break;
      const fs = pos;
      let lo: i32 = 0;
      while ((c = <i32>load<u8>(pos)) != 44 && c != 10) {
        lo = (lo << 8) | c;
        pos++;
      }
      store<i32>(fields + (f << 3), fs);
      store<i32>(fields + (f << 3), pos, 4);
      if (f == cProv) provLo = lo;
      else if (f == cComm) commLo = lo;
      else if (f == cHrg) hrgLo = lo;
      else if (f == cTfc) tfcLo = lo;
      f++;
      if (c == 10) break;
      pos++;
    }
    if (c != 10 || f != ncols) break; // more fields than the header, or fewer
    if (pos >= end) break; // the last line of a file without a final newline
    if (pos - lineStart > maxLine) break;
    if (pos > lineStart && load<u8>(pos - 1) == 13) break; // CRLF
    const ps = load<i32>(fields + (cProv << 3));
    const pe = load<i32>(fields + (cProv << 3), 4);
    const cs = load<i32>(fields + (cComm << 3));
    const ce = load<i32>(fields + (cComm << 3), 4);
    const s = load<i32>(fields + (cPer << 3));
    const se = load<i32>(fields + (cPer << 3), 4);
    const ds = load<i32>(fields + (cPod << 3));
    const de = load<i32>(fields + (cPod << 3), 4);
    const hs = load<i32>(fields + (cHrg << 3));
    const he = load<i32>(fields + (cHrg << 3), 4);
    const ts = load<i32>(fields + (cTfc << 3));
    const te = load<i32>(fields + (cTfc << 3), 4);
    const ls = load<i32>(fields + (cLos << 3));
    const le = load<i32>(fields + (cLos << 3), 4);
    if (tolerant && (padded(ps, pe) || padded(cs, ce) || padded(ds, de) || padded(hs, he) || padded(ts, te) || padded(ls, le))) break;
    // provider and commissioner: known codes
    if (pe == ps || pe - ps > 6 || ce == cs || ce - cs > 6) break;
    const prov = find(cfg, PROV_SLOTS, packHi(ps, pe), provLo);
    if (prov < 0) break;
    const comm = find(cfg, COMM_SLOTS, packHi(cs, ce), commLo);
    if (comm < 0) break;
    // period: exactly YYYY-MM
    if (se - s != 7) break;
    const period = periodAt(s);
    if (period < 0) break;
    if (scoped && period != scopePeriod) break;
    const pod = podOf(ds, de);
    if (pod < 0) break;
    const code = codeOf(cfg, pod, hs, he, hrgLo, ts, te, tfcLo);
    if (code < 0) break;
    let los: i32 = -1;
    if (le != ls) {
      los = wholeNumber(ls, le);
      if (los < 0) break;
    } else if (pod == POD_EL || pod == POD_NEL) break;
    // --- the optional columns, where the file has them
    let age: i32 = -1;
    if (cAge >= 0) {
      const as = load<i32>(fields + (cAge << 3));
      const ae = load<i32>(fields + (cAge << 3), 4);
      if (ae != as) {
        age = wholeNumber(as, ae);
        if (age < 0) break;
      }
    }
    let bptMet = false;
    if (cBpt >= 0) {
      const bs = load<i32>(fields + (cBpt << 3));
      const be = load<i32>(fields + (cBpt << 3), 4);
      if (be != bs) {
        if (be - bs != 1) break;
        const flag = load<u8>(bs);
        if (flag == 89) bptMet = true; // Y
        else if (flag != 78) break; // not N
      }
    }
    let emergency = false;
    if (cAdm >= 0) {
      const ms = load<i32>(fields + (cAdm << 3));
      const me = load<i32>(fields + (cAdm << 3), 4);
      if (me != ms) {
        if (me - ms > 4) break;
        let packed: i32 = 0;
        let plain = true;
        for (let i = ms; i < me; i++) {
          const b = <i32>load<u8>(i);
          if (!((b >= 48 && b <= 57) || (b >= 65 && b <= 90))) plain = false;
          packed = (packed << 8) | b;
        }
        if (!plain) break;
        for (let k = 0; k < emergencyCount; k++) {
          const at = cfg + EMERGENCY_CODES + (k << 3);
          if (load<i32>(at) == me - ms && load<i32>(at, 4) == packed) emergency = true;
        }
      }
    }
    if (!record(cfg, prov, comm, period, pod, code, los, hs != he, ts != te, age, emergency, bptMet, hintRoom, provMff, periodIds, podAcc)) break;
    lines++;
    priced++;
    pos++;
    stop = end;
  }
  store<i32>(cfg + OUT_LINES, lines);
  store<i32>(cfg + OUT_ROWS, lines);
  store<i32>(cfg + OUT_PRICED, priced);
  storeHints(cfg);
  return stop;
}
