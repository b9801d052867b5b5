/**
 * Reads an activity source in order into large buffers that end at a newline: the unit of work
 * handed to a pricer. Every byte goes through SHA-256 as it is read (when asked). The partial line at
 * the end of a buffer is carried to the front of the next one. A line that does not fit in a buffer
 * is longer than the limit (buffers hold two of the longest allowed lines); it is read on to its end
 * without being held, so time stays linear and memory bounded however long the line.
 */
import { createHash, type Hash } from 'node:crypto';
import { ConcordatError } from '../../domain/errors.ts';
import type { ByteReader } from './byte-source.ts';
import { layoutFromHeader, type HeaderLayout } from './chunk-pricer.ts';

/** A buffer's worth of whole lines: buffer[start, end). */
export interface Chunk {
  readonly buffer: ArrayBuffer;
  readonly start: number;
  readonly end: number;
  /** The source's last chunk (its last line may have no newline). */
  readonly final: boolean;
}

/** What the reader met instead of a chunk: a line too long to hold, with its length in bytes. */
export interface LongLine {
  readonly longLineBytes: number;
}

export class ChunkReader {
  private readonly hash: Hash | null;
  private buffer: ArrayBuffer;
  private view: Uint8Array;
  private filled = 0;
  private start = 0;
  private eof = false;
  private done = false;
  /** The buffer was handed out with the previous chunk; fill the next one on the next call. */
  private pending = false;
  /** Bytes read from the source so far. */
  bytesRead = 0;

  /**
   * @param takeBuffer gives an empty buffer of chunkBytes + 1 bytes (the pricer's '\n' sentinel goes in the spare byte)
   */
  constructor(
    private readonly reader: ByteReader,
    private readonly chunkBytes: number,
    private readonly takeBuffer: () => Promise<ArrayBuffer>,
    hash: boolean,
  ) {
    this.hash = hash ? createHash('sha256') : null;
    this.buffer = new ArrayBuffer(chunkBytes + 1);
    this.view = new Uint8Array(this.buffer);
  }

  /** Hex SHA-256 of every byte read ('' when not asked for). Call once, at the end. */
  digest(): string {
    return this.hash ? this.hash.digest('hex') : '';
  }

  private async fill(): Promise<void> {
    const view = this.view;
    while (this.filled < view.length - 1 && !this.eof) {
      const n = await this.reader.read(view, this.filled, view.length - 1 - this.filled);
      if (n === 0) {
        this.eof = true;
        break;
      }
      this.hash?.update(view.subarray(this.filled, this.filled + n));
      this.filled += n;
      this.bytesRead += n;
    }
  }

  /**
   * Reads the header line and checks it. Throws a ConcordatError for an empty source, a header line
   * over the limit, or a header without the v1 columns.
   */
  async readHeader(maxLineBytes: number): Promise<{ layout: HeaderLayout; headerBytes: number; endsInFirstBuffer: boolean }> {
    const name = this.reader.name;
    await this.fill();
    if (this.bytesRead === 0) throw new ConcordatError('invalid', `activity file is empty: ${name}`);
    let headerEnd = this.view.subarray(0, this.filled).indexOf(10);
    if ((headerEnd < 0 && !this.eof) || headerEnd > maxLineBytes) {
      throw new ConcordatError('invalid', `activity file ${name}: the header line is too long; expected provider,commissioner,period,pod,hrg,tfc,los`);
    }
    if (headerEnd < 0) headerEnd = this.filled;
    const layout = layoutFromHeader(Buffer.from(this.buffer, 0, headerEnd).toString('utf8'));
    if (typeof layout === 'string') {
      throw new ConcordatError(
        'invalid',
        `activity file ${name} has the wrong header (${layout}); expected provider,commissioner,period,pod,hrg,tfc,los`,
        [{ path: ['line 1'], message: layout }],
      );
    }
    this.start = Math.min(this.filled, headerEnd + 1);
    return { layout, headerBytes: this.start, endsInFirstBuffer: this.eof };
  }

  /**
   * The next chunk of whole lines, a line too long to hold (already read past), or null at the end.
   * A chunk's buffer is the caller's until it gives it back through takeBuffer.
   */
  async next(): Promise<Chunk | LongLine | null> {
    if (this.done) return null;
    // Filled here rather than before handing out the previous chunk, so a worker gets it sooner.
    if (this.pending) {
      this.pending = false;
      await this.fill();
    }
    if (this.eof) {
      this.done = true;
      return this.filled > this.start ? { buffer: this.buffer, start: this.start, end: this.filled, final: true } : null;
    }
    const cut = this.view.subarray(0, this.filled).lastIndexOf(10) + 1;
    if (cut <= this.start) {
      // No newline since `start` in a full buffer: a line over the limit.
      const longLineBytes = await this.skipLongLine(this.start);
      this.start = 0;
      await this.fill();
      return { longLineBytes };
    }
    const chunk: Chunk = { buffer: this.buffer, start: this.start, end: cut, final: false };
    const next = await this.takeBuffer();
    const nextView = new Uint8Array(next);
    nextView.set(this.view.subarray(cut, this.filled), 0);
    this.filled -= cut;
    this.buffer = next;
    this.view = nextView;
    this.start = 0;
    this.pending = true;
    return chunk;
  }

  /** Reads on from view[from] to the end of the line, holding nothing; leaves what follows at the front. */
  private async skipLongLine(from: number): Promise<number> {
    let length = this.filled - from;
    this.filled = 0;
    for (;;) {
      await this.fill();
      const nl = this.view.subarray(0, this.filled).indexOf(10);
      if (nl >= 0) {
        length += nl;
        this.view.copyWithin(0, nl + 1, this.filled);
        this.filled -= nl + 1;
        return length;
      }
      length += this.filled;
      this.filled = 0;
      if (this.eof) return length;
    }
  }

}
