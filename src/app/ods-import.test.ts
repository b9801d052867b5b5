import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcordatApp } from './app.ts';
import { fixedClock } from './clock.ts';

const FIXTURES = fileURLToPath(new URL('../domain/registry/fixtures/', import.meta.url));

describe('importing older and other ODS files into the registry', () => {
  let app: ConcordatApp;
  let admin: ReturnType<ConcordatApp['as']>;
  const dir = mkdtempSync(join(tmpdir(), 'concordat-ods-'));

  beforeAll(async () => {
    app = await ConcordatApp.open({ dataDir: 'memory://', clock: fixedClock('2026-01-05T09:00:00Z') });
    admin = app.system();
    // Names that say nothing: the files are known by what they hold.
    copyFileSync(join(FIXTURES, 'etr-24-columns.csv'), join(dir, 'trusts-2019.csv'));
    copyFileSync(join(FIXTURES, 'epraccur.csv'), join(dir, 'gp-practices.csv'));
    writeFileSync(join(dir, 'notes.csv'), 'what,why\nnothing,an ordinary CSV that is not an ODS file\n');
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates every valid row of a 24-column etr and an epraccur file, trusts first, none rejected', async () => {
    const reports = await admin.importOdsDirectory(dir);
    expect(reports.map((r) => [r.file, r.layout, r.rowsRead, r.created, r.updated, r.unchanged, r.rejected.length, r.skipped.length])).toEqual([
      ['trusts-2019.csv', 'NHS trusts (etr), 24-column e-file (before 2021)', 12, 12, 0, 0, 0, 0],
      ['gp-practices.csv', 'GP practices (epraccur), 27-column e-file', 5, 4, 0, 0, 0, 1],
    ]);
    expect(reports[1].skipped).toEqual([{ line: 4, reason: 'prescribing setting 2 (out of hours): not a GP practice' }]);
    const practice = await admin.getOrganisation('A81001');
    expect(practice.organisation).toMatchObject({ name: 'The Densham Surgery', kind: 'gp_practice', parentCode: '16C', source: 'ods' });
    expect((await admin.getOrganisation('RD8')).organisation).toMatchObject({ kind: 'foundation_trust', parentCode: 'QHG' });
  });

  it('leaves every organisation unchanged when the same files are imported again', async () => {
    const again = await admin.importOdsDirectory(dir);
    expect(again.map((r) => [r.created, r.updated, r.unchanged, r.rejected.length])).toEqual([[0, 0, 12, 0], [0, 0, 4, 0]]);
  });

  it('imports one file by content whatever its name, and refuses a CSV that is not an ODS file', async () => {
    const r = await admin.importOdsFile(join(dir, 'gp-practices.csv'));
    expect([r.layout, r.unchanged]).toEqual(['GP practices (epraccur), 27-column e-file', 4]);
    await expect(admin.importOdsFile(join(dir, 'notes.csv'))).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/notes\.csv: not an ODS file/) });
  });
});
