// Tests for src/cli/commands/simulate.ts (kept here: the CLI folder is shared).
import { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { formatSimulation, registerSimulateCommand, simulateFile } from '../../cli/commands/simulate.ts';
import { shutdownSimulationWorkers } from './pool.ts';

const scenarioPath = (name: string) => fileURLToPath(new URL(`../../../scenarios/${name}.json`, import.meta.url));

afterAll(async () => {
  await shutdownSimulationWorkers();
});

async function runCli(args: string[]): Promise<string> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  });
  try {
    const program = new Command().exitOverride();
    registerSimulateCommand(program);
    await program.parseAsync(['node', 'concordat', ...args]);
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

describe('concordat simulate', () => {
  it('--json prints only one JSON document {projection, stress} on stdout', async () => {
    const out = await runCli(['simulate', scenarioPath('nottingham-dermatology'), '--trials', '200', '--seed', '3', '--json']);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['projection', 'stress']);
    expect(json.stress.trials).toBe(200);
    expect(json.projection.failures[0]).toMatchObject({ provider: 'RX1', service: 'DERMATOLOGY', period: '2015-01' });
  });

  it('prints a readable summary without --json', async () => {
    const out = await runCli(['simulate', scenarioPath('bedford-msk'), '--trials', '300']);
    expect(out).toContain('RC1 TRAUMA-ORTHO (financial)');
    expect(out).toContain('Minimum income guarantee: RC1 MSK-ELECTIVE floor £');
    expect(out).toMatch(/1\s+RC1 TRAUMA-ORTHO/);
  });

  it('refuses a bad --trials and an unknown economy with the field named', async () => {
    await expect(runCli(['simulate', scenarioPath('bedford-msk'), '--trials', '-1'])).rejects.toThrow('--trials: must be a whole number of at least 0');
    await expect(simulateFile(fileURLToPath(new URL('./stress.ts', import.meta.url)), { trials: 0, seed: 1 })).rejects.toThrow(/^scenario: cannot read/);
  });

  it('with --trials 0 runs the projection only', async () => {
    const out = await simulateFile(scenarioPath('western-sussex-msk'), { trials: 0, seed: 1 });
    expect(out.stress).toBeNull();
    expect(formatSimulation(out)).toContain('RYR impact = income');
  });
});
