/**
 * Open-addressing hash table keyed on raw bytes. The hash only picks the bucket: a hit is confirmed
 * by comparing the stored key bytes with the candidate bytes, so two keys with equal hashes can
 * never be confused.
 */

/** FNV-1a over buf[start, end). */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h;
}

export class ByteTable {
  /** entry index + 1 per slot; 0 = empty */
  private slots: Int32Array;
  private mask: number;
  private hashes: Int32Array;
  private keyOff: Int32Array;
  private keyLen: Int32Array;
  private keys: Uint8Array;
  private keysUsed = 0;
  size = 0;
  /** The key of each entry as text (UTF-8), in insertion order. */
  readonly names: string[] = [];

  constructor(expected = 64) {
    let cap = 16;
    while (cap < expected * 2) cap <<= 1;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    this.hashes = new Int32Array(cap >> 1);
    this.keyOff = new Int32Array(cap >> 1);
    this.keyLen = new Int32Array(cap >> 1);
    this.keys = new Uint8Array(Math.max(256, expected * 8));
  }

  /** Entry index of buf[start, end) whose hash is `h` (from {@link hashBytes}), or -1. */
  find(buf: Uint8Array, start: number, end: number, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const len = end - start;
    let slot = (h ^ (h >>> 16)) & mask;
    for (;;) {
      const e = slots[slot];
      if (e === 0) return -1;
      const idx = e - 1;
      if (this.hashes[idx] === h && this.keyLen[idx] === len) {
        const keys = this.keys;
        let off = this.keyOff[idx];
        let i = start;
        while (i < end && keys[off] === buf[i]) {
          i++;
          off++;
        }
        if (i === end) return idx;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Entry index of the key, adding it when absent. */
  intern(buf: Uint8Array, start: number, end: number, h: number): number {
    const found = this.find(buf, start, end, h);
    return found >= 0 ? found : this.insertNew(buf, start, end, h);
  }

  /** Adds a key known to be absent; returns its entry index. */
  insertNew(buf: Uint8Array, start: number, end: number, h: number): number {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const len = end - start;
    if (this.keysUsed + len > this.keys.length) {
      const bigger = new Uint8Array(Math.max(this.keys.length * 2, this.keysUsed + len));
      bigger.set(this.keys.subarray(0, this.keysUsed));
      this.keys = bigger;
    }
    const idx = this.size++;
    this.keys.set(buf.subarray(start, end), this.keysUsed);
    this.keyOff[idx] = this.keysUsed;
    this.keyLen[idx] = len;
    this.hashes[idx] = h;
    this.keysUsed += len;
    this.names.push(Buffer.from(buf.buffer, buf.byteOffset + start, len).toString('utf8'));
    this.place(idx, h);
    return idx;
  }

  /** Adds a text key (used for tariff codes); returns -1 when it was already present. */
  addText(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    const h = hashBytes(bytes, 0, bytes.length);
    if (this.find(bytes, 0, bytes.length, h) >= 0) return -1;
    return this.insertNew(bytes, 0, bytes.length, h);
  }

  private place(idx: number, h: number): void {
    let slot = (h ^ (h >>> 16)) & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = idx + 1;
  }

  private grow(): void {
    const cap = this.slots.length * 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap >> 1);
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes);
    this.keyOff = grow(this.keyOff);
    this.keyLen = grow(this.keyLen);
    for (let i = 0; i < this.size; i++) this.place(i, this.hashes[i]);
  }
}
