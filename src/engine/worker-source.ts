/**
 * Worker threads that run our TypeScript. Node 20 does not apply `--import tsx` loader hooks inside
 * worker threads, so a worker's entry file and what it imports are bundled once per process into
 * plain CommonJS with esbuild (the bundler tsx itself depends on, resolved through tsx) and started
 * with `eval: true`: a worker is then ready in tens of milliseconds instead of hundreds.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

interface EsbuildLike {
  buildSync(options: Record<string, unknown>): { outputFiles: { text: string }[] };
}

const bundles = new Map<string, string | null>();

/** The entry bundled to CommonJS source, or null when esbuild is unavailable (callers then fall back). */
export function bundledWorkerSource(entry: URL): string | null {
  const key = entry.href;
  const cached = bundles.get(key);
  if (cached !== undefined) return cached;
  let source: string | null;
  try {
    const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
    const esbuild = fromTsx('esbuild') as EsbuildLike;
    const out = esbuild.buildSync({
      entryPoints: [fileURLToPath(entry)],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    source = out.outputFiles[0].text;
  } catch {
    source = null;
  }
  bundles.set(key, source);
  return source;
}
