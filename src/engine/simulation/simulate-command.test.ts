// Tests for src/cli/commands/simulate.ts (kept here: the CLI folder is shared). The command runs
// stored scenarios (or files) on the stored economy; here on the demo loaded into memory.
import { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConcordatApp } from '../../app/app.ts';
import { fixedClock } from '../../app/clock.ts';
import { formatSimulation, registerSimulateCommand, simulateWith } from '../../cli/commands/simulate.ts';
import { shutdownSimulationWorkers } from './pool.ts';

let app: ConcordatApp;

beforeAll(async () => {
  app = await ConcordatApp.open({ dataDir: 'memory://', clock: fixedClock('2025-06-01T09:00:00Z'), loadDemoIfEmpty: true });
});
afterAll(async () => {
  await shutdownSimulationWorkers();
  await app?.close();
});

async function runCli(args: string[]): Promise<string> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  });
  try {
    const program = new Command().exitOverride();
    registerSimulateCommand(program, (_purpose, fn) => fn(app.system()));
    await program.parseAsync(['node', 'concordat', ...args]);
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

describe('concordat simulate', () => {
  it('--json prints only one JSON document {projection, stress, economy} on stdout', async () => {
    const out = await runCli(['simulate', 'nottingham-dermatology', '--trials', '200', '--seed', '3', '--json']);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['projection', 'stress', 'economy']);
    expect(json.stress.trials).toBe(200);
    expect(json.economy).toMatchObject({ id: 'demo', asAt: '2014-04-01' });
    expect(json.projection.failures[0]).toMatchObject({ provider: 'RX1', service: 'DERMATOLOGY', period: '2015-01' });
  });

  it('prints a readable summary without --json, naming the version it ran on', async () => {
    const out = await runCli(['simulate', 'bedford-msk', '--trials', '300']);
    expect(out).toContain('economy demo as at 2014-04-01');
    expect(out).toContain('RC1 TRAUMA-ORTHO (financial)');
    expect(out).toContain('Minimum income guarantee: RC1 MSK-ELECTIVE floor £');
    expect(out).toMatch(/1\s+RC1 TRAUMA-ORTHO/);
  });

  it('runs a scenario file on the stored economy, and refuses a bad --trials, an unknown economy and an unreadable file with the field named', async () => {
    const file = fileURLToPath(new URL('../../app/demo/impact/scenarios/western-sussex-msk.json', import.meta.url));
    const out = await simulateWith(app.system(), file, { trials: 0, seed: 1 });
    expect(out.stress).toBeNull();
    expect(out.economy.asAt).toBe('2015-04-01');
    expect(formatSimulation(out)).toContain('RYR impact = income');
    await expect(runCli(['simulate', 'bedford-msk', '--trials', '-1'])).rejects.toThrow('--trials: must be a whole number of at least 0');
    await expect(simulateWith(app.system(), 'bedford-msk', { trials: 0, seed: 1, economy: 'atlantis' })).rejects.toThrow(/not found|economy atlantis/);
    await expect(simulateWith(app.system(), fileURLToPath(new URL('./stress.ts', import.meta.url)), { trials: 0, seed: 1 })).rejects.toThrow(/not found|scenario/);
    await expect(simulateWith(app.system(), 'missing.json', { trials: 0, seed: 1 })).rejects.toThrow(/^scenario: cannot read/);
  });

  it('runs on the version as at --as-at (the last before it), refuses levers the version does not have, and a date before the first version', async () => {
    const out = await runCli(['simulate', 'nottingham-dermatology', '--trials', '0', '--as-at', '2014-12-31', '--json']);
    expect(JSON.parse(out).economy.asAt).toBe('2014-04-01');
    // By 2015-04-01 the Nottingham dermatology contracts have ended: the trust is not in that version.
    await expect(runCli(['simulate', 'nottingham-dermatology', '--trials', '0', '--as-at', '2015-04-01'])).rejects.toThrow('levers.0.provider: unknown provider "RX1"');
    await expect(runCli(['simulate', 'bedford-msk', '--trials', '0', '--as-at', '2010-01-01'])).rejects.toThrow(/no version as at 2010-01-01/);
  });
});
