/**
 * Code lookups on raw bytes for the hot loop: provider, commissioner, HRG and TFC codes.
 *
 * Codes of up to 6 bytes (every ODS trust and commissioner code, HRG and TFC) are packed into two
 * 32-bit integers, `hi` = length << 16 | the bytes before the last four, `lo` = the last four bytes,
 * and looked up in an open-addressing table of [hi, lo, entry] slots: one probe is two integer
 * comparisons with the entry in the same cache line, and packing is shifts and ors (no floating point,
 * no division). Longer codes (9-character ONS codes, or anything odd in a file) go to a byte-compared
 * table beside it. Entry numbers are shared by both, in insertion order.
 */

/** Longest code that packs into the two integers. */
export const PACKED_MAX = 6;
const STRIDE = 4;

/** The `hi` half of the packed code buf[s, e) (e - s <= PACKED_MAX); never 0 for a non-empty code. */
export function packHi(buf: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len === 5) return (len << 16) | buf[s];
  if (len === 6) return (len << 16) | (buf[s] << 8) | buf[s + 1];
  return len << 16;
}

/** The `lo` half of the packed code buf[s, e): its last four bytes (fewer for a short code). */
export function packLo(buf: Uint8Array, s: number, e: number): number {
  let lo = 0;
  for (let i = e - s > 4 ? e - 4 : s; i < e; i++) lo = (lo << 8) | buf[i];
  return lo;
}

/** The slot a packed code hashes to is slotHash(hi, lo) >>> shift. */
export function slotHash(hi: number, lo: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d);
}

/** FNV-1a over buf[s, e), for the long-code table. */
function fnv(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h;
}

export class CodeTable {
  /**
   * [hi, lo, entry, -] per slot; hi 0 for a free slot. Read directly by the pricer's hot loop, which
   * probes inline (a call per code costs a fifth of the loop when V8 declines to inline it).
   * Replaced when the table grows.
   */
  slots: Int32Array;
  mask: number;
  shift: number;
  private packedCount = 0;
  // Long codes: byte-compared.
  private longSlots = new Int32Array(16);
  private longHash: number[] = [];
  private longBytes: Uint8Array[] = [];
  private longEntry: number[] = [];
  private longCount = 0;
  /** The code of each entry as text (UTF-8), in insertion order. */
  readonly names: string[] = [];

  constructor(expected = 64) {
    let cap = 16;
    while (cap < expected * 2) cap <<= 1;
    this.slots = new Int32Array(cap * STRIDE);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  get size(): number {
    return this.names.length;
  }

  /** Entry of a packed code (from {@link packHi} and {@link packLo}), or -1. */
  findPacked(hi: number, lo: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = slotHash(hi, lo) >>> this.shift;
    for (;;) {
      const at = slot * STRIDE;
      const h = slots[at];
      if (h === hi && slots[at + 1] === lo) return slots[at + 2];
      if (h === 0) return -1;
      slot = (slot + 1) & mask;
    }
  }

  /** Entry of buf[s, e) of any length, or -1. */
  find(buf: Uint8Array, s: number, e: number): number {
    return e - s <= PACKED_MAX ? this.findPacked(packHi(buf, s, e), packLo(buf, s, e)) : this.findLong(buf, s, e);
  }

  /** Entry of a code longer than {@link PACKED_MAX} bytes, or -1. */
  findLong(buf: Uint8Array, s: number, e: number): number {
    const h = fnv(buf, s, e);
    const mask = this.longSlots.length - 1;
    let slot = (h ^ (h >>> 16)) & mask;
    const len = e - s;
    for (;;) {
      const i = this.longSlots[slot] - 1;
      if (i < 0) return -1;
      const bytes = this.longBytes[i];
      if (this.longHash[i] === h && bytes.length === len) {
        let j = 0;
        while (j < len && bytes[j] === buf[s + j]) j++;
        if (j === len) return this.longEntry[i];
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Adds buf[s, e), known to be absent; returns its entry. */
  insert(buf: Uint8Array, s: number, e: number): number {
    const entry = this.names.length;
    this.names.push(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8'));
    if (e === s) throw new Error('an empty code cannot be added');
    if (e - s <= PACKED_MAX) {
      if ((this.packedCount + 1) * 2 > this.mask + 1) this.growPacked();
      this.placePacked(packHi(buf, s, e), packLo(buf, s, e), entry);
      this.packedCount++;
    } else {
      if ((this.longCount + 1) * 2 > this.longSlots.length) this.growLong();
      this.longHash.push(fnv(buf, s, e));
      this.longBytes.push(buf.slice(s, e));
      this.longEntry.push(entry);
      this.placeLong(this.longCount++);
    }
    return entry;
  }

  /** Entry of buf[s, e), adding it when absent. */
  intern(buf: Uint8Array, s: number, e: number): number {
    const found = this.find(buf, s, e);
    return found >= 0 ? found : this.insert(buf, s, e);
  }

  /** Adds a code given as text; returns -1 when it was already present. */
  addText(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    if (this.find(bytes, 0, bytes.length) >= 0) return -1;
    return this.insert(bytes, 0, bytes.length);
  }

  private placePacked(hi: number, lo: number, entry: number): void {
    let slot = slotHash(hi, lo) >>> this.shift;
    while (this.slots[slot * STRIDE] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot * STRIDE] = hi;
    this.slots[slot * STRIDE + 1] = lo;
    this.slots[slot * STRIDE + 2] = entry;
  }

  private growPacked(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap * STRIDE);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    for (let i = 0; i < old.length; i += STRIDE) if (old[i] !== 0) this.placePacked(old[i], old[i + 1], old[i + 2]);
  }

  private placeLong(i: number): void {
    const mask = this.longSlots.length - 1;
    const h = this.longHash[i];
    let slot = (h ^ (h >>> 16)) & mask;
    while (this.longSlots[slot] !== 0) slot = (slot + 1) & mask;
    this.longSlots[slot] = i + 1;
  }

  private growLong(): void {
    this.longSlots = new Int32Array(this.longSlots.length * 2);
    for (let i = 0; i < this.longCount; i++) this.placeLong(i);
  }
}
