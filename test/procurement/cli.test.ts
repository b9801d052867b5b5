/**
 * The procurement commands: `concordat procurement standstill`, `procurement considerable-change`
 * (pure, no database) and `concordat import ocds` (on a throwaway embedded database with the demo,
 * which has already imported the Contracts Finder sample).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerProcurementCommands } from '../../src/cli/commands/procurement.ts';
import { DEMO_OCDS_SAMPLE } from '../../src/app/demo/procurement.ts';

async function runCli(args: string[]): Promise<string> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  });
  try {
    const program = new Command().exitOverride();
    program.command('import');
    registerProcurementCommands(program);
    await program.parseAsync(['node', 'concordat', ...args]);
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

describe('concordat procurement standstill', () => {
  it('a notice published on Monday 6 January 2025: standstill from Tuesday 7 January, representations until the end of Friday 17 January', async () => {
    const out = await runCli(['procurement', 'standstill', '2025-01-06']);
    expect(out).toMatch(/Standstill begins\s+Tue, 7 Jan 2025/);
    expect(out).toMatch(/Representations until\s+midnight at the end of Fri, 17 Jan 2025/);
    expect(JSON.parse(await runCli(['procurement', 'standstill', '2025-01-06', '--json']))).toMatchObject({ beginsOn: '2025-01-07', representationsDeadline: '2025-01-17' });
  });

  it('a notice published on Thursday 17 April 2025 runs over Easter: Good Friday and Easter Monday are not working days', async () => {
    expect(JSON.parse(await runCli(['procurement', 'standstill', '2025-04-17', '--json']))).toMatchObject({ beginsOn: '2025-04-18', representationsDeadline: '2025-05-01', earliestAwardOn: '2025-05-02' });
  });

  it('refuses a date that does not exist, naming it', async () => {
    await expect(runCli(['procurement', 'standstill', '2025-02-30'])).rejects.toThrow(/publishedOn: is not a real calendar date/);
  });
});

describe('concordat procurement considerable-change', () => {
  const cc = async (...args: string[]) => JSON.parse(await runCli(['procurement', 'considerable-change', ...args, '--json']));

  it('£1.6m -> £2.2m authority-driven is a considerable change (+£600,000, +37.5%)', async () => {
    expect(await cc('--existing', '160000000', '--proposed', '220000000', '--authority-driven')).toMatchObject({ met: true, limb: 'authority_driven_value_increase', increasePence: 60_000_000 });
    expect(await runCli(['procurement', 'considerable-change', '--existing', '160000000', '--proposed', '220000000', '--authority-driven'])).toMatch(/threshold is MET/);
  });

  it('£1.6m -> £2.05m is not (+£450,000 is under £500,000); nor is £4m -> £4.6m (+15% is under 25%)', async () => {
    expect(await cc('--existing', '160000000', '--proposed', '205000000', '--authority-driven')).toMatchObject({ met: false, limb: null });
    expect(await cc('--existing', '400000000', '--proposed', '460000000', '--authority-driven')).toMatchObject({ met: false, increaseShare: 150_000 });
    expect(await runCli(['procurement', 'considerable-change', '--existing', '400000000', '--proposed', '460000000', '--authority-driven'])).toMatch(/threshold is NOT MET/);
  });

  it('a materially different arrangement is a considerable change whatever its value; bad pence are refused', async () => {
    expect(await cc('--existing', '160000000', '--proposed', '160000000', '--materially-different')).toMatchObject({ met: true, limb: 'materially_different' });
    await expect(runCli(['procurement', 'considerable-change', '--existing', '1.6m', '--proposed', '2'])).rejects.toThrow(/--existing: must be a whole, non-negative number of pence/);
  });
});

describe('concordat import ocds', () => {
  let dir: string;
  const saved = process.env.CONCORDAT_DATA_DIR;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-cli-'));
    process.env.CONCORDAT_DATA_DIR = join(dir, 'pglite');
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.CONCORDAT_DATA_DIR;
    else process.env.CONCORDAT_DATA_DIR = saved;
    if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-importing the Contracts Finder sample changes nothing; a file with a new and a corrected release imports them, with a report line each', async () => {
    // The demo imported the sample when the database was created: the same file again is unchanged.
    const again = JSON.parse(await runCli(['import', 'ocds', DEMO_OCDS_SAMPLE.pathname, '--json']));
    expect(again.counts).toEqual({ imported: 0, updated: 0, unchanged: 17, rejected: 0 });
    expect(again.report).toHaveLength(17);

    const pkg = JSON.parse(readFileSync(DEMO_OCDS_SAMPLE, 'utf8'));
    pkg.releases[0] = { ...pkg.releases[0], ocid: 'ocds-b5fd17-concordat-test', id: 'concordat-test-1' };
    pkg.releases[1] = { ...pkg.releases[1], tender: { ...pkg.releases[1].tender, title: 'Corrected title' } };
    pkg.releases[2] = { ...pkg.releases[2], date: '11/03/2025' };
    const file = join(dir, 'changes.json');
    writeFileSync(file, JSON.stringify(pkg));
    const out = await runCli(['import', 'ocds', file]);
    expect(out).toMatch(/changes\.json \(sha256 [0-9a-f]{12}…\): 1 imported, 1 updated, 14 unchanged, 1 rejected/);
    expect(out).toMatch(/date: must be a date-time, got "11\/03\/2025"/);
    const twice = JSON.parse(await runCli(['import', 'ocds', file, '--json']));
    expect(twice.counts).toEqual({ imported: 0, updated: 0, unchanged: 16, rejected: 1 });
  });
});
