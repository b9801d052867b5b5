/**
 * Pricing benchmark: Concordat's activity pricer against the DuckDB peer (shared/bench), in the
 * same run, on the same generated data; and beside it the product's submission path (what
 * `concordat submit` and the API run for one contract's month) on a 10M-row single-contract file.
 *
 *   npx tsx bench/pricing/run.ts [ROWS...]        (default 1000000 10000000)
 *   env: BENCH_REPEAT (default 3; the median run is reported), BENCH_THREADS (peer threads, 2),
 *        CONCORDAT_SHARED_BENCH (default ../shared/bench beside the repository, or beside the main
 *        checkout for a git worktree), BENCH_SUBMISSION_ROWS (default 10000000; 0 skips it),
 *
 * Data is generated once per row count with shared/bench/gen-activity.mjs and cached under the
 * temp dir; results are never cached. Each side runs in its own child process so that peak RSS
 * is its own (workers included). Fails loudly unless counts, total and the aggregate CSV bytes agree.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEMO_TARIFF_2025_26 } from '../../src/domain/tariff/index.ts';

export interface PricingBenchRun {
  rows_read: number;
  rows_priced: number;
  rows_rejected: number;
  total_pence: string;
  /** Ours only: rows the WebAssembly kernel priced (the rest by ChunkPricer's loop). */
  rows_priced_by_kernel?: number;
  /** As reported by the program itself (after its imports, up to the CSV written). */
  seconds: number;
  /** Whole child process, start to exit. */
  wallSeconds: number;
  maxRssKb: number;
  /** CPU time of the whole process (user + system, every thread): the work, whatever else runs. */
  cpuSeconds: number;
}

export interface PricingBenchResult {
  rows: number;
  bytes: number;
  ours: PricingBenchRun;
  peer: PricingBenchRun;
  /** ours.seconds / peer.seconds (medians) */
  ratio: number;
  wallRatio: number;
  /** Median CPU time (all threads, whole process) of ours over the peer's. */
  cpuRatio: number;
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
/** ../shared/bench beside the repository; a git worktree under wt/ finds it one level further up. */
const SHARED =
  process.env.CONCORDAT_SHARED_BENCH ??
  [join(REPO, '..', 'shared', 'bench'), join(REPO, '..', '..', 'shared', 'bench')].find((p) => existsSync(join(p, 'gen-activity.mjs'))) ??
  join(REPO, '..', 'shared', 'bench');
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
  const cpu = /@@cpu_us=(\d+)/.exec(r.stderr);
  if (!json || !rss || !cpu) throw new Error(`${label}: unexpected output:\n${r.stdout}\n${r.stderr}`);
  return {
    ...(JSON.parse(json) as Omit<PricingBenchRun, 'wallSeconds' | 'maxRssKb' | 'cpuSeconds'>),
    wallSeconds,
    maxRssKb: Number(rss[1]),
    cpuSeconds: Number(cpu[1]) / 1e6,
  };
}

function medianOf(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
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
        `  ${rows} rows run ${i + 1}/${repeat}: ours ${o.seconds.toFixed(3)} s (wall ${o.wallSeconds.toFixed(2)} s, CPU ${o.cpuSeconds.toFixed(2)} s, ` +
          `${Math.round(o.maxRssKb / 1024)} MB, ${(((o.rows_priced_by_kernel ?? 0) / o.rows_priced) * 100).toFixed(2)}% of rows by the kernel) | DuckDB ${p.seconds.toFixed(3)} s (wall ${p.wallSeconds.toFixed(2)} s, CPU ${p.cpuSeconds.toFixed(2)} s, ` +
          `${Math.round(p.maxRssKb / 1024)} MB) | identical counts, total and CSV | load ${loadavg()[0].toFixed(1)}`,
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
      cpuRatio: medianOf(oursRuns.map((x) => x.cpuSeconds)) / medianOf(peerRuns.map((x) => x.cpuSeconds)),
      rowsPerSecond: rows / o.seconds,
      mbPerSecond: bytes / 1e6 / o.seconds,
      runs: { ours: oursRuns, peer: peerRuns },
    });
  }
  return results;
}

export function formatPricingBench(results: readonly PricingBenchResult[]): string {
  const head = ['rows', 'MB', 'ours s', 'DuckDB s', 'ratio', 'wall ratio', 'CPU ratio', 'rows/s', 'MB/s', 'our peak RSS', 'DuckDB RSS'];
  const rows = results.map((r) => [
    r.rows.toLocaleString('en-GB'),
    (r.bytes / 1e6).toFixed(0),
    r.ours.seconds.toFixed(3),
    r.peer.seconds.toFixed(3),
    r.ratio.toFixed(2),
    r.wallRatio.toFixed(2),
    r.cpuRatio.toFixed(2),
    Math.round(r.rowsPerSecond).toLocaleString('en-GB'),
    r.mbPerSecond.toFixed(0),
    `${Math.round(r.ours.maxRssKb / 1024)} MB`,
    `${Math.round(r.peer.maxRssKb / 1024)} MB`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

// --- the product's submission path ---------------------------------------------------------------

/** The contract the single-contract file is for: Milton Keynes University Hospital, BLMK sub-ICB, June 2025. */
export const SUBMISSION_CONTRACT = { provider: 'RD8', commissioner: 'M1J4Y', period: '2025-06' } as const;

export interface SubmissionBenchResult {
  rows: number;
  bytes: number;
  /** The product's submission path (priceMonthlySubmission), medians. */
  ours: PricingBenchRun;
  /** DuckDB on the same file, with the demo tariff written out as the benchmark's CSVs. */
  peer: PricingBenchRun;
  ratio: number;
}

/**
 * One contract's month: the generated rows with provider, commissioner and period set to the
 * contract's (every HRG and TFC the generator writes is in the demo tariff; its deliberately bad
 * codes are still rejected). Written once, streaming, beside the generated data.
 */
function ensureContractMonth(rows: number, log: (l: string) => void): string {
  const source = ensureData(rows, log);
  const dir = join(WORK, `contract-${rows}-seed1`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`writing a ${rows}-row month for ${SUBMISSION_CONTRACT.provider} into ${dir} …`);
  const { provider, commissioner, period } = SUBMISSION_CONTRACT;
  const prefix = Buffer.from(`${provider},${commissioner},${period},`);
  const fd = openSync(join(dir, 'activity.csv'), 'w');
  const bytes = readFileSync(join(source, 'activity.csv'));
  let pos = bytes.indexOf(10) + 1;
  writeSync(fd, bytes.subarray(0, pos));
  const out = Buffer.alloc(8 << 20);
  let used = 0;
  while (pos < bytes.length) {
    let nl = bytes.indexOf(10, pos);
    if (nl < 0) nl = bytes.length - 1;
    // Skip the first three fields (provider, commissioner, period) of the generated row.
    let at = pos;
    for (let commas = 0; commas < 3; at++) if (bytes[at] === 44) commas++;
    const need = prefix.length + (nl + 1 - at);
    if (used + need > out.length) {
      writeSync(fd, out, 0, used);
      used = 0;
    }
    used += prefix.copy(out, used);
    used += bytes.copy(out, used, at, nl + 1);
    pos = nl + 1;
  }
  writeSync(fd, out, 0, used);
  closeSync(fd);
  // The demo tariff in the benchmark's CSV layout, so the peer prices the same file by the same prices.
  const t = DEMO_TARIFF_2025_26;
  const apc = ['hrg,el_price_pence,dc_price_pence,nel_price_pence,el_trim_days,nel_trim_days,xbd_price_pence'];
  for (const a of Object.values(t.apc)) {
    apc.push([a.hrg, a.ordinaryElectivePence ?? a.combinedElectivePence, a.dayCasePence ?? a.combinedElectivePence, a.nonElectivePence, a.electiveTrimDays, a.nonElectiveTrimDays, a.longStayPerDayPence].map((v) => v ?? '').join(','));
  }
  const op = ['tfc,first_price_pence,followup_price_pence', ...Object.values(t.outpatient).map((o) => [o.tfc, o.firstPence ?? '', o.followUpPence ?? ''].join(','))];
  const mff = ['provider,mff', ...Object.values(t.mff).map((m) => `${m.provider},${Math.floor(m.mffMicros / 1e6)}.${String(m.mffMicros % 1e6).padStart(6, '0')}`)];
  writeFileSync(join(dir, 'apc_tariff.csv'), apc.join('\n') + '\n');
  writeFileSync(join(dir, 'op_tariff.csv'), op.join('\n') + '\n');
  writeFileSync(join(dir, 'mff.csv'), mff.join('\n') + '\n');
  writeFileSync(join(dir, '.complete'), '');
  return dir;
}

/**
 * Times the product's submission path on one contract's month and checks it against the peer on
 * the same file: identical rows read, priced, rejected and total pence, or it throws.
 */
export async function runSubmissionBench(options: { rows?: number; repeat?: number; peerThreads?: number; log?: (line: string) => void } = {}): Promise<SubmissionBenchResult> {
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const rows = options.rows ?? 10_000_000;
  const repeat = Math.max(1, options.repeat ?? 3);
  mkdirSync(WORK, { recursive: true });
  const peer = ensurePeer(log);
  const dir = ensureContractMonth(rows, log);
  const activity = join(dir, 'activity.csv');
  const { provider, commissioner, period } = SUBMISSION_CONTRACT;
  const cli = join(REPO, 'bench', 'pricing', 'submission-cli.ts');
  const oursRuns: PricingBenchRun[] = [];
  const peerRuns: PricingBenchRun[] = [];
  for (let i = 0; i < repeat; i++) {
    const p = runChild([peer, dir, join(WORK, `peer-contract-${rows}.csv`), String(options.peerThreads ?? 2)], 'DuckDB peer (contract month)');
    const o = runChild(['--import', 'tsx', cli, activity, provider, commissioner, period], 'Concordat submission path');
    for (const k of ['rows_read', 'rows_priced', 'rows_rejected', 'total_pence'] as const) {
      if (String(o[k]) !== String(p[k])) throw new Error(`MISMATCH on the contract month: ${k} submission path ${o[k]} vs DuckDB ${p[k]}`);
    }
    log(
      `  submission path, ${rows} rows run ${i + 1}/${repeat}: ${o.seconds.toFixed(3)} s (CPU ${o.cpuSeconds.toFixed(2)} s, ${Math.round(o.maxRssKb / 1024)} MB) | ` +
        `DuckDB ${p.seconds.toFixed(3)} s (CPU ${p.cpuSeconds.toFixed(2)} s) | identical counts and total | load ${loadavg()[0].toFixed(1)}`,
    );
    oursRuns.push(o);
    peerRuns.push(p);
  }
  const o = median(oursRuns);
  const p = median(peerRuns);
  return { rows, bytes: statSync(activity).size, ours: o, peer: p, ratio: o.seconds / p.seconds };
}

export function formatSubmissionBench(r: SubmissionBenchResult): string {
  const head = ['rows', 'MB', 'submission s', 'DuckDB s', 'ratio', 'rows/s', 'peak RSS'];
  const cells = [
    r.rows.toLocaleString('en-GB'),
    (r.bytes / 1e6).toFixed(0),
    r.ours.seconds.toFixed(3),
    r.peer.seconds.toFixed(3),
    r.ratio.toFixed(2),
    Math.round(r.rows / r.ours.seconds).toLocaleString('en-GB'),
    `${Math.round(r.ours.maxRssKb / 1024)} MB`,
  ];
  const widths = head.map((h, i) => Math.max(h.length, cells[i].length));
  const line = (c: string[]) => c.map((x, i) => x.padStart(widths[i])).join('  ');
  return [`product submission path: one contract's month (${SUBMISSION_CONTRACT.provider}, ${SUBMISSION_CONTRACT.period}), checked against DuckDB on the same file`, line(head), line(cells)].join('\n');
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
  process.stdout.write(
    'ratio = our seconds / DuckDB seconds as each program reports them (medians); wall ratio = whole processes incl. start-up;\n' +
      'CPU ratio = CPU time of the whole processes, every thread (the work done, less sensitive to other load on the machine)\n',
  );
  const submissionRows = Number(process.env.BENCH_SUBMISSION_ROWS ?? 10_000_000);
  if (submissionRows > 0) {
    const sub = await runSubmissionBench({
      rows: submissionRows,
      repeat: process.env.BENCH_REPEAT ? Number(process.env.BENCH_REPEAT) : undefined,
    });
    process.stdout.write(`\n${formatSubmissionBench(sub)}\n`);
  }
}
