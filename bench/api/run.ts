/**
 * API throughput: requests per second and p99 latency for three endpoints, on the embedded database
 * and on PostgreSQL, measured with autocannon over loopback against a real server process.
 * Bounded: each endpoint runs for a fixed number of seconds with a fixed number of connections.
 *
 * The server runs as users run it, with the read cache on (the bench asks the same addresses again
 * and again as one user, so nearly every request is a hit); then again on the same database with
 * CONCORDAT_READ_CACHE=0, for the contract list and detail, so the cold path is measured too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { REPO_ROOT } from '../../src/cli/config.ts';

export interface ApiBenchRow {
  /** postgres-socket: the same server reached over its Unix socket rather than TCP on loopback. */
  readonly database: 'pglite' | 'postgres' | 'postgres-socket';
  /** Whether the server's read cache was on (as users run it) or off (CONCORDAT_READ_CACHE=0: every request computed). */
  readonly readCache: boolean;
  readonly endpoint: string;
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  /** For the row measured while 10,000-trial simulations ran back to back: how many finished. */
  readonly simulationsDuring?: number;
  /** For the rows at a fixed offered rate: the rate asked for, and the CPU (cores) the server and the load generator used. */
  readonly offeredRate?: number;
  readonly serverCores?: number;
  readonly loadGeneratorCores?: number;
}

/** A process's user + system CPU seconds so far (Linux /proc). */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const SOCKET_DIR = '/var/run/postgresql';
const DURING_SIMULATION_RATE = 100;

/** Rate the list and detail should sustain with p99 under 50 ms on PostgreSQL. */
const OFFERED_RATE = 1000;

const ENDPOINTS = ['/api/contracts?limit=50', '/api/contracts/BEDS-MSK-2014', '/api/economy'];

async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), 'serve', '--port', String(port)], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], cwd: REPO_ROOT,
  });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      if (r.ok) return child;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`server did not start: ${log}`);
}

async function measure(
  database: ApiBenchRow['database'], port: number, seconds: number, serverPid: number, readCache: boolean,
): Promise<ApiBenchRow[]> {
  const session = await fetch(`http://127.0.0.1:${port}/api/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'system', password: 'concordat' }),
  });
  const { token } = (await session.json()) as { token: string };
  const rows: ApiBenchRow[] = [];
  // With the cache off only the list and detail are measured again (the two endpoints).
  for (const endpoint of readCache ? ENDPOINTS : ENDPOINTS.slice(0, 2)) {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}${endpoint}`, connections: 10, duration: seconds,
      headers: { authorization: `Bearer ${token}` },
    });
    rows.push({ database, readCache, endpoint, requestsPerSecond: Math.round(result.requests.average), p99Ms: result.latency.p99, non2xx: result.non2xx });
  }
  // At a fixed offered rate, with the CPU each side used (the load generator is this process; the server its own).
  for (const endpoint of ENDPOINTS.slice(0, 2)) {
    const server0 = cpuSecondsOf(serverPid);
    const own0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await autocannon({
      url: `http://127.0.0.1:${port}${endpoint}`, connections: 50, overallRate: OFFERED_RATE, duration: seconds,
      headers: { authorization: `Bearer ${token}` },
    });
    const elapsed = (performance.now() - t0) / 1000;
    const own = process.cpuUsage(own0);
    rows.push({
      database, readCache, endpoint: `${endpoint} @ ${OFFERED_RATE}/s`, requestsPerSecond: Math.round(result.requests.average), p99Ms: result.latency.p99, non2xx: result.non2xx,
      offeredRate: OFFERED_RATE, serverCores: (cpuSecondsOf(serverPid) - server0) / elapsed, loadGeneratorCores: (own.user + own.system) / 1e6 / elapsed,
    });
  }
  if (readCache) rows.push(await duringSimulations(database, port, token, seconds));
  return rows;
}

/**
 * The API's latency while 10,000-trial simulations run back to back through the same server (the
 * simulations run in worker threads; the event loop must stay free for everyone else).
 */
async function duringSimulations(database: ApiBenchRow['database'], port: number, token: string, seconds: number): Promise<ApiBenchRow> {
  const auth = { authorization: `Bearer ${token}` };
  const scenario = await (await fetch(`http://127.0.0.1:${port}/api/scenarios/western-sussex-msk`, { headers: auth })).json();
  let running = true;
  let finished = 0;
  const simulate = async () => {
    while (running) {
      const r = await fetch(`http://127.0.0.1:${port}/api/simulations`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ scenario, trials: 10_000 }),
      });
      await r.arrayBuffer();
      if (r.ok) finished++;
    }
  };
  const loop = simulate();
  await new Promise((r) => setTimeout(r, 200));
  const endpoint = '/api/contracts/BEDS-MSK-2014';
  // A steady load (100 requests a second, a busy office's worth) rather than as fast as the server can
  // answer: what is measured is whether a simulation holds other requests up, not throughput.
  const result = await autocannon({ url: `http://127.0.0.1:${port}${endpoint}`, connections: 10, overallRate: DURING_SIMULATION_RATE, duration: Math.max(seconds, 5), headers: auth });
  running = false;
  await loop;
  return {
    database, readCache: true, endpoint: `${endpoint} @ ${DURING_SIMULATION_RATE}/s during simulations`, requestsPerSecond: Math.round(result.requests.average), p99Ms: result.latency.p99,
    non2xx: result.non2xx, simulationsDuring: finished,
  };
}

export async function runApiBench(options: { seconds?: number; postgresUrl?: string } = {}): Promise<ApiBenchRow[]> {
  const seconds = options.seconds ?? 5;
  const rows: ApiBenchRow[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'concordat-bench-'));
  try {
    // The cache on, then off on the same data directory (the first server has stopped and let it go).
    for (const readCache of [true, false]) {
      const lite = await startServer({ CONCORDAT_DATA_DIR: join(dataDir, 'db'), DATABASE_URL: '', CONCORDAT_READ_CACHE: readCache ? '1' : '0' }, 3901);
      try {
        rows.push(...(await measure('pglite', 3901, seconds, lite.pid!, readCache)));
      } finally {
        lite.kill('SIGTERM');
        await new Promise((r) => lite.once('exit', r));
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const base = options.postgresUrl ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: base });
  try {
    await admin.connect();
  } catch (e) {
    console.error(`PostgreSQL at ${base} is not reachable (${(e as Error).message}): PostgreSQL figures NOT measured.`);
    return rows;
  }
  await admin.query('drop database if exists concordat_bench');
  await admin.query('create database concordat_bench');
  const url = new URL(base);
  url.pathname = '/concordat_bench';
  // Over TCP on loopback, and (where the server is on this machine) over its Unix socket, which spares
  // each query the loopback network stack.
  const targets: [ApiBenchRow['database'], string][] = [['postgres', url.toString()]];
  if (existsSync(`${SOCKET_DIR}/.s.PGSQL.${url.port || 5432}`)) {
    targets.push(['postgres-socket', `postgres://${url.username || 'postgres'}@localhost/concordat_bench?host=${SOCKET_DIR}&port=${url.port || 5432}`]);
  }
  try {
    for (const [database, databaseUrl] of targets) {
      for (const readCache of [true, false]) {
        const server = await startServer({ DATABASE_URL: databaseUrl, CONCORDAT_READ_CACHE: readCache ? '1' : '0' }, 3902);
        try {
          rows.push(...(await measure(database, 3902, seconds, server.pid!, readCache)));
        } finally {
          server.kill('SIGTERM');
          await new Promise((r) => server.once('exit', r));
        }
      }
    }
  } finally {
    await admin.query('drop database if exists concordat_bench with (force)');
    await admin.end();
  }
  return rows;
}

export function formatApiBench(rows: readonly ApiBenchRow[]): string {
  const lines = [
    'API (autocannon, 10 connections, loopback; at a fixed rate, 50; read cache on as users run it, off = CONCORDAT_READ_CACHE=0, every request computed):',
    `${'database'.padEnd(15)}  cache  ${'endpoint'.padEnd(50)}  req/s    p99 ms  non-2xx`,
  ];
  for (const r of rows) {
    const note = r.simulationsDuring !== undefined
      ? `  (${r.simulationsDuring} x 10,000-trial simulations finished meanwhile; goal p99 < 100 ms)`
      : r.offeredRate !== undefined
        ? `  (server ${r.serverCores!.toFixed(2)} cores, load generator ${r.loadGeneratorCores!.toFixed(2)} cores${r.database !== 'pglite' ? '; goal p99 < 50 ms' : ''})`
        : '';
    lines.push(`${r.database.padEnd(15)}  ${(r.readCache ? 'on' : 'off').padEnd(5)}  ${r.endpoint.padEnd(50)}  ${String(r.requestsPerSecond).padStart(6)}  ${String(r.p99Ms).padStart(8)}  ${String(r.non2xx).padStart(7)}${note}`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatApiBench(await runApiBench({ seconds: Number(process.env.BENCH_SECONDS ?? 5) })));
}
