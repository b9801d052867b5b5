/**
 * `npx concordat verify` as a person runs it: on a real data directory, exit 0 when nothing was
 * touched; after a figure is altered directly in the database, exit 1 naming the contract, record
 * and field, in the readable table and in --json.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import { REPO_ROOT } from '../../src/cli/config.ts';

const run = promisify(execFile);

async function verify(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), 'verify', ...args], {
      cwd: REPO_ROOT, env: { ...process.env, CONCORDAT_DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

describe('concordat verify', () => {
  it('exits 0 on an untouched database and 1 naming the altered field after a change behind its back', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'concordat-verify-')), 'db');
    const app = await ConcordatApp.open({ dataDir, loadDemoIfEmpty: true });
    await app.close();

    const clean = await verify(dataDir);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^verified: .* 0 break\(s\)/);

    const tamper = await ConcordatApp.open({ dataDir });
    const db = tamper.storage.db;
    await sql`alter table activity_submissions disable trigger user`.execute(db);
    await sql`update activity_submissions set total_pence = total_pence + 1 where id = (select id from activity_submissions where kind = 'patient_level' order by seq limit 1)`.execute(db);
    await sql`alter table activity_submissions enable trigger user`.execute(db);
    await tamper.close();

    const broken = await verify(dataDir);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^BROKEN: .* 1 break\(s\)/);
    expect(broken.stdout).toMatch(/BEDS-MSK-2014 +activity_submission \S+ +totalPence/);
    const json = JSON.parse((await verify(dataDir, '--json')).stdout);
    expect(json.breaks).toEqual([expect.objectContaining({ kind: 'altered', contractReference: 'BEDS-MSK-2014', entityType: 'activity_submission', field: 'totalPence' })]);
  }, 240_000);
});
