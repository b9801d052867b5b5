/**
 * Pricing benchmark: Concordat's activity pricer against the DuckDB peer (shared/bench), in the
 * same run, on the same generated data.
 *
 *   npx tsx bench/pricing/run.ts [ROWS...]        (default 1000000 10000000)
 *   env: BENCH_REPEAT (default 3; the median run is reported), BENCH_THREADS (peer threads, 2),
 *        CONCORDAT_SHARED_BENCH (default ../shared/bench beside the repository)
 *
 * Data is generated once per row count with shared/bench/gen-activity.mjs and cached under the
 * temp dir; results are never cached. Each side runs in its own child process so that peak RSS
 * is its own (workers included). Fails loudly unless counts, total and the aggregate CSV bytes agree.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface PricingBenchRun {
  rows_read: number;
  rows_priced: number;
  rows_rejected: number;
  total_pence: string;
  /** As reported by the program itself (after its imports, up to the CSV written). */
  seconds: number;
  /** Whole child process, start to exit. */
  wallSeconds: number;
  maxRssKb: number;
}

export interface PricingBenchResult {
  rows: number;
  bytes: number;
  ours: PricingBenchRun;
  peer: PricingBenchRun;
  /** ours.seconds / peer.seconds (medians) */
  ratio: number;
  wallRatio: number;
  rowsPerSecond: number;
  mbPerSecond: number;
  runs: { ours: PricingBenchRun[]; peer: PricingBenchRun[] };
}

export interface PricingBenchOptions {
  rows?: readonly number[];
  repeat?: number;
  peerThreads?: number;
  log?: (line: string) => void;
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = process.env.CONCORDAT_SHARED_BENCH ?? join(REPO, '..', 'shared', 'bench');
const WORK = join(tmpdir(), 'concordat-pricing-bench');
const RSS_PRELOAD = pathToFileURL(fileURLToPath(new URL('./report-rss.mjs', import.meta.url))).href;

function ensureData(rows: number, log: (l: string) => void): string {
  const dir = join(WORK, `data-${rows}-seed1`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  log(`generating ${rows} rows into ${dir} …`);
  execFileSync(process.execPath, [join(SHARED, 'gen-activity.mjs'), dir, String(rows), '1'], { stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(join(dir, '.complete'), '');
  return dir;
}

/**
 * Where peer-duckdb.mjs can run with @duckdb/node-api resolvable; installs it if needed.
 * shared/bench is never written to: it is read-only by policy (mode r-x), and a root user would
 * pass an access(W_OK) check anyway. If shared/bench already has node_modules it is used as is;
 * otherwise the peer's package.json and lock file are copied to a temp dir of ours, installed
 * there, and a fresh copy of peer-duckdb.mjs is run from there (so its bare import resolves).
 */
function ensurePeer(log: (l: string) => void): string {
  if (existsSync(join(SHARED, 'node_modules', '@duckdb', 'node-api'))) return join(SHARED, 'peer-duckdb.mjs');
  const dir = join(WORK, 'peer');
  mkdirSync(dir, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) {
    const target = join(dir, f);
    if (existsSync(target)) rmSync(target);
    copyFileSync(join(SHARED, f), target);
    chmodSync(target, 0o644);
  }
  if (!existsSync(join(dir, 'node_modules', '@duckdb', 'node-api'))) {
    log(`installing @duckdb/node-api for the peer into ${dir} …`);
    // `npm ci` refuses the shipped lock file (it reports it out of sync); `npm install` accepts it.
    execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const script = join(dir, 'peer-duckdb.mjs');
  if (existsSync(script)) rmSync(script, { force: true });
  copyFileSync(join(SHARED, 'peer-duckdb.mjs'), script);
  return script;
}

function runChild(args: string[], label: string): PricingBenchRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', RSS_PRELOAD, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stderr}`);
  const json = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  const rss = /@@max_rss_kb=(\d+)/.exec(r.stderr);
  if (!json || !rss) throw new Error(`${label}: unexpected output:\n${r.stdout}\n${r.stderr}`);
  return { ...(JSON.parse(json) as Omit<PricingBenchRun, 'wallSeconds' | 'maxRssKb'>), wallSeconds, maxRssKb: Number(rss[1]) };
}

function median(runs: PricingBenchRun[]): PricingBenchRun {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
}

export async function runPricingBench(options: PricingBenchOptions = {}): Promise<PricingBenchResult[]> {
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const rowsList = options.rows ?? [1_000_000, 10_000_000];
  const repeat = Math.max(1, options.repeat ?? 3);
  const peerThreads = options.peerThreads ?? 2;
  mkdirSync(WORK, { recursive: true });
  const peer = ensurePeer(log);
  const results: PricingBenchResult[] = [];
  for (const rows of rowsList) {
    const dir = ensureData(rows, log);
    const activity = join(dir, 'activity.csv');
    const bytes = statSync(activity).size;
    const oursRuns: PricingBenchRun[] = [];
    const peerRuns: PricingBenchRun[] = [];
    for (let i = 0; i < repeat; i++) {
      const peerOut = join(WORK, `peer-${rows}.csv`);
      const oursOut = join(WORK, `ours-${rows}.csv`);
      rmSync(peerOut, { force: true });
      rmSync(oursOut, { force: true });
      const p = runChild([peer, dir, peerOut, String(peerThreads)], 'DuckDB peer');
      const o = runChild(
        [
          '--import',
          'tsx',
          join(REPO, 'bench', 'pricing', 'price-cli.ts'),
          'price',
          activity,
          '--apc',
          join(dir, 'apc_tariff.csv'),
          '--op',
          join(dir, 'op_tariff.csv'),
          '--mff',
          join(dir, 'mff.csv'),
          '--out',
          oursOut,
        ],
        'Concordat price',
      );
      for (const k of ['rows_read', 'rows_priced', 'rows_rejected', 'total_pence'] as const) {
        if (String(o[k]) !== String(p[k])) {
          throw new Error(`MISMATCH at ${rows} rows: ${k} ours ${o[k]} vs DuckDB ${p[k]}`);
        }
      }
      if (!readFileSync(oursOut).equals(readFileSync(peerOut))) {
        throw new Error(`MISMATCH at ${rows} rows: aggregate CSV differs (${oursOut} vs ${peerOut})`);
      }
      log(
        `  ${rows} rows run ${i + 1}/${repeat}: ours ${o.seconds.toFixed(3)} s (wall ${o.wallSeconds.toFixed(2)} s, ` +
          `${Math.round(o.maxRssKb / 1024)} MB) | DuckDB ${p.seconds.toFixed(3)} s (wall ${p.wallSeconds.toFixed(2)} s, ` +
          `${Math.round(p.maxRssKb / 1024)} MB) | identical counts, total and CSV`,
      );
      oursRuns.push(o);
      peerRuns.push(p);
    }
    const o = median(oursRuns);
    const p = median(peerRuns);
    const wall = (runs: PricingBenchRun[]) => [...runs].sort((a, b) => a.wallSeconds - b.wallSeconds)[Math.floor(runs.length / 2)].wallSeconds;
    results.push({
      rows,
      bytes,
      ours: o,
      peer: p,
      ratio: o.seconds / p.seconds,
      wallRatio: wall(oursRuns) / wall(peerRuns),
      rowsPerSecond: rows / o.seconds,
      mbPerSecond: bytes / 1e6 / o.seconds,
      runs: { ours: oursRuns, peer: peerRuns },
    });
  }
  return results;
}

export function formatPricingBench(results: readonly PricingBenchResult[]): string {
  const head = ['rows', 'MB', 'ours s', 'DuckDB s', 'ratio', 'wall ratio', 'rows/s', 'MB/s', 'our peak RSS', 'DuckDB RSS'];
  const rows = results.map((r) => [
    r.rows.toLocaleString('en-GB'),
    (r.bytes / 1e6).toFixed(0),
    r.ours.seconds.toFixed(3),
    r.peer.seconds.toFixed(3),
    r.ratio.toFixed(2),
    r.wallRatio.toFixed(2),
    Math.round(r.rowsPerSecond).toLocaleString('en-GB'),
    r.mbPerSecond.toFixed(0),
    `${Math.round(r.ours.maxRssKb / 1024)} MB`,
    `${Math.round(r.peer.maxRssKb / 1024)} MB`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = process.argv.slice(2).map(Number);
  if (rows.some((n) => !Number.isInteger(n) || n <= 0)) {
    process.stderr.write('usage: npx tsx bench/pricing/run.ts [ROWS...]\n');
    process.exit(2);
  }
  const results = await runPricingBench({
    rows: rows.length ? rows : undefined,
    repeat: process.env.BENCH_REPEAT ? Number(process.env.BENCH_REPEAT) : undefined,
    peerThreads: process.env.BENCH_THREADS ? Number(process.env.BENCH_THREADS) : undefined,
  });
  process.stdout.write(`${formatPricingBench(results)}\n`);
  process.stdout.write('ratio = our seconds / DuckDB seconds as each program reports them (medians); wall ratio = whole processes incl. start-up\n');
}
