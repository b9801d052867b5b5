/**
 * The relationship from the command line, as a user runs it: `npx concordat notices list`,
 * `relationship`, `disputes list` and `verify`, each a separate process on one embedded database (the
 * first loads the demo economy).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/concordat.mjs');
const run = promisify(execFile);

// Each command is a process opening the database: slow on a busy machine, so generous timeouts.
describe('the relationship on the command line', { timeout: 240_000 }, () => {
  let dir: string;
  const concordat = async (...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, CONCORDAT_DATA_DIR: join(dir, 'db'), DATABASE_URL: '' }, maxBuffer: 1 << 24 });
      return { code: 0, stdout };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
  let firstList: { id: string; due: { step: string; dueDate: string | null; status: string }[] }[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-cli-rel-'));
    // The first command loads the demo economy into the empty database.
    firstList = JSON.parse((await concordat('notices', 'list', '--as-at', '2025-12-19', '--json')).stdout);
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the notice issued on Friday 19 December 2025 with its meeting due on Wednesday 7 January 2026, and overdue from the 8th', async () => {
    const devon = firstList.find((n) => n.id === 'CPN-DEVON-2025-01')!;
    expect(devon.due.find((d) => d.step === 'hold_meeting')).toMatchObject({ dueDate: '2026-01-07', status: 'due' });
    const onTheDay = (await concordat('notices', 'list', '--as-at', '2026-01-07')).stdout;
    expect(onTheDay).toMatch(/CPN-DEVON-2025-01 .* hold the contract management meeting +2026-01-07 +due in 0 operational days/);
    expect((await concordat('notices', 'list', '--overdue', '--as-at', '2026-01-07')).stdout).toBe('No contract performance notices match.\n');
    const after = (await concordat('notices', 'list', '--overdue', '--as-at', '2026-01-08')).stdout;
    expect(after).toMatch(/CPN-DEVON-2025-01 .* 2026-01-07 +OVERDUE by 1 operational day\n/);
    expect(after).not.toContain('CPN-KERNOW-2013-01');
  });

  it('prints the NEW Devon relationship: strained, how it was derived, the disputes and the facilitator\'s £12,007', async () => {
    const text = (await concordat('relationship', '99P', 'RBZ')).stdout;
    expect(text).toContain('as at 2015-03-31 (last activity)');
    expect(text).toContain('Health: STRAINED (7 points; watch at 2, strained at 5)');
    expect(text).toMatch(/contract-setting disputes that went to arbitration +1 +3 +3 +NDEVON-CS-2013-14/);
    expect(text).toMatch(/NDEVON-ACUTE-2013-14 .* arbitration/);
    expect(text).toMatch(/Ian Tipney \(facilitator, appointed by provider\) +£12,007\.00 +paid by the provider/);
    expect(text).toContain('Pendulum determination: Contract value for 2013/14');
    const json = JSON.parse((await concordat('relationship', '99P', 'RBZ', '--json')).stdout);
    expect(json.record.health.band).toBe('strained');
    expect(json.record.disputeCosts.totalPence).toBe(1_200_700);
  });

  it('lists disputes with their stage and fees, and verifies every ledger clean', async () => {
    const list = JSON.parse((await concordat('disputes', 'list', '--json')).stdout) as { summary: { id: string }; costs: { totalPence: number } }[];
    expect(list.map((d) => d.summary.id)).toEqual(expect.arrayContaining(['NDEVON-CS-2013-14', 'NDEVON-GC14-2013-01', 'NDEVON-CS-2014-15', 'WSX-GC14-2016-01', 'BEDS-MSK-SUB-2014-15']));
    expect(list.find((d) => d.summary.id === 'NDEVON-CS-2014-15')!.costs.totalPence).toBe(1_200_700);
    const text = (await concordat('disputes', 'list', '--open')).stdout;
    expect(text).toMatch(/WSX-GC14-2016-01 .* settle, or escalate to mediation by 2016-03-22 \(OVERDUE\)/);
    expect(text).not.toContain('NDEVON');
    const verify = await concordat('verify');
    expect([verify.code, verify.stdout]).toEqual([0, expect.stringMatching(/^verified: .* 0 break\(s\)/)]);
    const bad = await concordat('relationship', '99p', 'RBZ');
    expect(bad.code).toBe(1);
  });
});
