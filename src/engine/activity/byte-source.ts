/**
 * Where activity bytes come from: a file on disk or a Node Readable (an HTTP request body). Both are
 * read the same way, into the caller's buffers, without blocking the event loop.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { ConcordatError } from '../../domain/errors.ts';

export type ActivityByteSource = { readonly path: string } | { readonly stream: Readable; readonly name?: string };

export interface ByteReader {
  /** The file's path or the stream's name, for messages. */
  readonly name: string;
  /** Bytes in a file; null for a stream. */
  readonly size: number | null;
  /** Reads into into[offset, offset + length); returns the bytes read, 0 at the end. */
  read(into: Uint8Array, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
}

class FileReader implements ByteReader {
  private position = 0;
  constructor(
    readonly name: string,
    readonly size: number,
    private readonly handle: FileHandle,
  ) {}

  async read(into: Uint8Array, offset: number, length: number): Promise<number> {
    const { bytesRead } = await this.handle.read(into, offset, length, this.position);
    this.position += bytesRead;
    return bytesRead;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

class StreamReader implements ByteReader {
  readonly size = null;
  private readonly chunks: AsyncIterator<unknown>;
  private pending: Uint8Array | null = null;
  private pendingAt = 0;
  private done = false;
  constructor(
    readonly name: string,
    private readonly stream: Readable,
  ) {
    this.chunks = stream[Symbol.asyncIterator]();
  }

  async read(into: Uint8Array, offset: number, length: number): Promise<number> {
    while (!this.pending || this.pendingAt >= this.pending.length) {
      if (this.done) return 0;
      let next: IteratorResult<unknown>;
      try {
        next = await this.chunks.next();
      } catch (e) {
        // An outcome the stream itself raised (a request body over its size limit) stays as it is.
        if (e instanceof ConcordatError) throw e;
        throw new ConcordatError('invalid', `${this.name} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (next.done) {
        this.done = true;
        return 0;
      }
      const v = next.value;
      this.pending = typeof v === 'string' ? Buffer.from(v, 'utf8') : (v as Uint8Array);
      this.pendingAt = 0;
    }
    const n = Math.min(length, this.pending.length - this.pendingAt);
    into.set(this.pending.subarray(this.pendingAt, this.pendingAt + n), offset);
    this.pendingAt += n;
    return n;
  }

  async close(): Promise<void> {
    // Stop a request body we did not read to the end (a refused file), so its socket is released.
    if (!this.done) this.stream.destroy();
  }
}

/**
 * Opens a source for reading. A path that is missing is not_found; one that is not a regular file,
 * or is empty, is invalid. Nothing is read yet.
 *
 * @example const reader = await openByteReader({ path: 'activity.csv' });
 */
export async function openByteReader(source: ActivityByteSource): Promise<ByteReader> {
  if ('stream' in source) return new StreamReader(source.name ?? 'the uploaded file', source.stream);
  let handle: FileHandle;
  try {
    handle = await open(source.path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConcordatError('not_found', `activity file not found: ${source.path}`);
    throw new ConcordatError('invalid', `activity file cannot be read: ${source.path} (${code ?? String(e)})`);
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw new ConcordatError('invalid', `activity file is not a regular file: ${source.path}`);
  }
  if (stat.size === 0) {
    await handle.close();
    throw new ConcordatError('invalid', `activity file is empty: ${source.path}`);
  }
  return new FileReader(source.path, stat.size, handle);
}
