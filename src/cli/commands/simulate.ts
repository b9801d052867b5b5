/**
 * `concordat simulate <scenario>`: a stored scenario (by id) or a scenario JSON file, run on a
 * version of a stored economy (the scenario's own, or --economy; the version as at --as-at, else
 * as at the scenario's first month): the deterministic projection (baseline, bridge, failures,
 * contagion, minimum income guarantee) and, with --trials > 0, the Monte Carlo stress test ("who
 * fails first"). --json prints one JSON document {projection, stress, economy} on stdout and
 * nothing else; otherwise a readable summary. A progress bar goes to stderr only on a TTY.
 */

import { existsSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Workspace } from '../../app/app.ts';
import { readScenarioFile, simulateJson, type SimulateOutput } from '../../app/impact/simulate.ts';
import { invalid } from '../../domain/errors.ts';
import { formatPounds } from '../../domain/money.ts';
import { shutdownSimulationWorkers } from '../../engine/simulation/pool.ts';
import { withWorkspace } from '../app-session.ts';

interface SimulateOptions {
  trials: string;
  seed: string;
  workers?: string;
  economy?: string;
  asAt?: string;
  json?: boolean;
}

export type { SimulateOutput };

export interface SimulateRun extends SimulateOutput {
  /** The stored economy and version it ran on. */
  readonly economy: { readonly id: string; readonly versionId: string; readonly asAt: string; readonly year: string; readonly inputSha256: string };
}

/**
 * Runs a stored scenario (by id) or a scenario file on its stored economy, as the workspace's caller.
 *
 * @example await simulateWith(ws, 'bedford-msk', { trials: 1000, seed: 1 })
 */
export async function simulateWith(
  ws: Workspace,
  target: string,
  options: { trials: number; seed: number; workers?: number; economy?: string; asAt?: string; onProgress?: (done: number, total: number) => void },
): Promise<SimulateRun> {
  const fromFile = target.endsWith('.json') || existsSync(target);
  const json = { ...((fromFile ? await readScenarioFile(target) : await ws.getScenario(target)) as Record<string, unknown>) };
  if (options.economy) json.economy = options.economy;
  if (typeof json.economy !== 'string') throw invalid('economy', 'the scenario names no stored economy; give --economy <id>');
  const choice = options.asAt ? { asAt: options.asAt } : { asAt: typeof json.start === 'string' ? json.start : undefined };
  const { economy, version } = await ws.economyForRun(json.economy, choice);
  const out = await simulateJson(json, economy, { trials: options.trials, seed: options.seed, workers: options.workers, onProgress: options.onProgress });
  return { ...out, economy: { id: version.economyId, versionId: version.id, asAt: version.asAt, year: version.year, inputSha256: version.inputSha256 } };
}

const wholeNumber = (text: string, flag: string, min: number): number => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw invalid(flag, `must be a whole number of at least ${min}`);
  return n;
};

const pounds = (pence: number) => formatPounds(Math.round(pence / 100) * 100).replace(/\.00$/, '');
const pct = (micros: number) => `${(micros / 10_000).toFixed(1)}%`;

function table(headers: string[], rows: string[][], right: number[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((v, i) => (right.includes(i) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [fmt(headers), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
}

/** The readable summary printed without --json. */
export function formatSimulation(out: SimulateOutput | SimulateRun): string {
  const p = out.projection;
  const lines: string[] = [];
  const v = 'economy' in out ? out.economy : null;
  lines.push(`${p.scenario.name}`);
  lines.push(
    `economy ${p.scenario.economy}${v ? ` as at ${v.asAt} (version ${v.versionId.slice(0, 8)}, input ${v.inputSha256.slice(0, 12)})` : ''}, ` +
      `${p.periods[0]} to ${p.periods.at(-1)} (${p.scenario.horizonMonths} months), ${p.scenario.levers.length} lever(s)`,
  );
  lines.push('');
  const touched = p.providers.filter((x) => x.cumulative.impact !== 0 || x.serviceLines.some((l) => l.failed));
  lines.push('Providers affected (cumulative over the horizon)');
  lines.push(
    table(
      ['provider', 'surplus', 'baseline', 'impact', 'first deficit year', 'cash runs out'],
      touched.map((x) => [
        `${x.code} ${x.name.length > 40 ? `${x.name.slice(0, 39)}…` : x.name}`,
        pounds(x.cumulative.surplus),
        pounds(x.cumulative.baselineSurplus),
        pounds(x.cumulative.impact),
        x.firstDeficitYear ?? '-',
        x.cashExhausted ?? '-',
      ]),
      [1, 2, 3],
    ),
  );
  for (const x of touched) {
    const b = x.impactBreakdown;
    lines.push(
      `  ${x.code} impact = income ${pounds(b.income)} - variable ${pounds(b.variableCost)} - semi-fixed ${pounds(b.semiFixedCost)} - fixed ${pounds(b.fixedCost)} - pay ${pounds(b.payCost)} = ${pounds(b.surplus)}`,
    );
  }
  const affectedLines = touched.flatMap((x) =>
    x.serviceLines.filter((l) => l.cumulative.impact !== 0 || l.failed).map((l) => ({ provider: x.code, l })),
  );
  if (affectedLines.length > 0) {
    lines.push('');
    lines.push('Service lines affected (cumulative result after dependencies)');
    lines.push(
      table(
        ['line', 'result', 'baseline', 'impact', 'status'],
        affectedLines.map(({ provider, l }) => [
          `${provider} ${l.service}${l.created ? ' (new)' : ''}`,
          pounds(l.cumulative.result),
          pounds(l.cumulative.baselineResult),
          pounds(l.cumulative.impact),
          l.failed ? `closed ${l.failed.period} (${l.failed.reason})` : 'viable',
        ]),
        [1, 2, 3],
      ),
    );
  }
  lines.push('');
  lines.push(p.failures.length === 0 ? 'No service line fails.' : 'Failures (in order)');
  for (const f of p.failures) lines.push(`  ${f.period}  ${f.provider} ${f.service} (${f.reason})`);
  for (const c of p.contagion) lines.push(`  ${c.fromProvider} ${c.service} patients to ${c.toProvider} from ${c.firstPeriod}: ${c.activity.toLocaleString('en-GB')} units`);
  if (p.minimumIncomeGuarantee) {
    const m = p.minimumIncomeGuarantee;
    lines.push('');
    lines.push(
      m.annualFloor === null
        ? `No income floor on ${m.provider} ${m.service} keeps ${m.target.provider} ${m.target.service} viable.`
        : `Minimum income guarantee: ${m.provider} ${m.service} floor ${formatPounds(m.annualFloor)} a year (${m.from} to ${m.until}) keeps ${m.target.provider} ${m.target.service} viable; top-up paid ${formatPounds(m.topUpPaid ?? 0)}.` +
            (m.failsWithoutGuaranteeIn ? ` Without it the line fails in ${m.failsWithoutGuaranteeIn}.` : ''),
    );
  }
  for (const f of p.fragmentation) {
    lines.push(`Fragmentation, ${f.name}: ${f.commissioners} commissioners, ${f.contracts} contracts, ${f.providers} providers, ${f.handoffs} handoffs`);
  }
  if (out.stress) {
    const s = out.stress;
    lines.push('');
    lines.push(`Stress test: ${s.trials.toLocaleString('en-GB')} trials, seed ${s.seed}`);
    lines.push(
      table(
        ['rank', 'what fails', 'probability', 'first in', 'median month'],
        s.whoFailsFirst.slice(0, 10).map((r) => [String(r.rank), `${r.provider} ${r.service ?? '(cash)'}`, pct(r.failureProbability), pct(r.shareFirst), r.medianFailurePeriod]),
        [2, 3],
      ),
    );
    lines.push('');
    const interesting = s.providers.filter((x) => x.cumulativeSurplus.p5 !== x.cumulativeSurplus.p95 || x.cashFailureProbability > 0);
    lines.push(
      table(
        ['provider', 'p5', 'p50', 'p95', 'P(deficit)', 'P(cash out)'],
        interesting.map((x) => [
          x.code,
          pounds(x.cumulativeSurplus.p5),
          pounds(x.cumulativeSurplus.p50),
          pounds(x.cumulativeSurplus.p95),
          pct(x.probabilityCumulativeDeficit),
          pct(x.cashFailureProbability),
        ]),
        [1, 2, 3, 4, 5],
      ),
    );
  }
  return lines.join('\n') + '\n';
}

type Open = <T>(purpose: string, fn: (ws: Workspace) => Promise<T>) => Promise<T>;

/** Registers `simulate`; `open` gives the workspace (the stored database, as the system) for the run. */
export function registerSimulateCommand(program: Command, open: Open = (purpose, fn) => withWorkspace(purpose, (ws) => fn(ws))): void {
  program
    .command('simulate <scenario>')
    .description(
      'Run a stored scenario (by id, e.g. bedford-msk) or a scenario JSON file on its stored economy, month by month: income, costs and surplus per provider, service-line failures and where their patients go, a bridge per lever; then stress-test it (Monte Carlo, "who fails first").',
    )
    .option('--economy <id>', 'the stored economy to run on (default: the one the scenario names)')
    .option('--as-at <date>', 'the economy\'s version as at this date (default: as at the scenario\'s first month)')
    .option('--trials <n>', 'Monte Carlo trials (0 = projection only)', '10000')
    .option('--seed <s>', 'random seed (same seed, same result)', '1')
    .option('--workers <n>', 'worker threads (default: one per core for 2,000 trials or more)')
    .option('--json', 'print {projection, stress, economy} as JSON on stdout (nothing else on stdout)')
    .action(async (target: string, opts: SimulateOptions) => {
      const trials = wholeNumber(opts.trials, '--trials', 0);
      const seed = wholeNumber(opts.seed, '--seed', 0);
      const workers = opts.workers === undefined ? undefined : wholeNumber(opts.workers, '--workers', 1);
      if (opts.asAt !== undefined && !/^\d{4}-\d{2}(-\d{2})?$/.test(opts.asAt)) throw invalid('--as-at', 'must be a date written YYYY-MM-DD');
      const bar =
        process.stderr.isTTY && trials > 0
          ? new cliProgress.SingleBar(
              { stream: process.stderr, format: 'simulating [{bar}] {percentage}% | {value}/{total} trials | {eta}s', hideCursor: true },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
      let started = false;
      try {
        const out = await open('simulate', (ws) => simulateWith(ws, target, {
          trials,
          seed,
          workers,
          economy: opts.economy,
          asAt: opts.asAt,
          onProgress: bar
            ? (done: number, total: number) => {
                if (!started) {
                  bar.start(total, 0);
                  started = true;
                }
                bar.update(done);
              }
            : undefined,
        }));
        if (started) bar!.stop();
        process.stdout.write(opts.json ? `${JSON.stringify(out)}\n` : formatSimulation(out));
      } finally {
        if (started) bar!.stop();
        await shutdownSimulationWorkers();
      }
    });
}
