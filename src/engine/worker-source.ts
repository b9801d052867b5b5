/**
 * Worker threads that run our TypeScript. Node 20 does not apply `--import tsx` loader hooks inside
 * worker threads, so a worker's entry file and what it imports are bundled once per process into
 * plain CommonJS with esbuild (the bundler tsx itself depends on, resolved through tsx) and started
 * with `eval: true`: a worker is then ready in tens of milliseconds instead of hundreds. The bundle is
 * kept on disk for the next process.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface EsbuildLike {
  buildSync(options: Record<string, unknown>): { outputFiles: { text: string }[]; metafile?: { inputs: Record<string, unknown> } };
}

/** A bundle kept on disk with the files it was built from, so a later process skips esbuild (tens of ms). */
interface CachedBundle {
  /** [path relative to the project, mtime in ms, size] of every input */
  inputs: [string, number, number][];
  source: string;
}

const bundles = new Map<string, string | null>();
/** The project's root and the cache folder, found on first use: this module is also bundled into workers, where import.meta is not available. */
let where: { root: string; cacheDir: string } | undefined;
function paths(): { root: string; cacheDir: string } {
  if (!where) {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    where = { root, cacheDir: join(root, 'node_modules', '.cache', 'concordat-workers') };
  }
  return where;
}

function stamp(path: string): [number, number] | null {
  try {
    const st = statSync(join(paths().root, path));
    return [st.mtimeMs, st.size];
  } catch {
    return null;
  }
}

function fromDisk(file: string): string | null {
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as CachedBundle;
    for (const [path, mtime, size] of cached.inputs) {
      const now = stamp(path);
      if (!now || now[0] !== mtime || now[1] !== size) return null;
    }
    return cached.source;
  } catch {
    return null;
  }
}

function toDisk(file: string, inputs: string[], source: string): void {
  try {
    const stamped: [string, number, number][] = [];
    for (const path of inputs) {
      const now = stamp(path);
      if (!now) return;
      stamped.push([path, now[0], now[1]]);
    }
    mkdirSync(paths().cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ inputs: stamped, source } satisfies CachedBundle));
    renameSync(tmp, file);
  } catch {
    // a read-only install bundles each time instead
  }
}

/**
 * The entry bundled to CommonJS source, or null when esbuild is unavailable (callers then fall back).
 * Kept in memory for the process and on disk (node_modules/.cache) for later processes, checked
 * against the size and modification time of every file it was built from.
 */
export function bundledWorkerSource(entry: URL): string | null {
  const key = entry.href;
  const cached = bundles.get(key);
  if (cached !== undefined) return cached;
  const entryPath = fileURLToPath(entry);
  const file = join(paths().cacheDir, `${createHash('sha256').update(entryPath).digest('hex').slice(0, 16)}.json`);
  let source = fromDisk(file);
  if (source === null) {
    try {
      const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
      const esbuild = fromTsx('esbuild') as EsbuildLike;
      const out = esbuild.buildSync({
        entryPoints: [entryPath],
        absWorkingDir: paths().root,
        bundle: true,
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      source = out.outputFiles[0].text;
      toDisk(file, Object.keys(out.metafile?.inputs ?? {}), source);
    } catch {
      source = null;
    }
  }
  bundles.set(key, source);
  return source;
}
