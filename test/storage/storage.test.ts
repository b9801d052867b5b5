import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import { SYSTEM_ACTOR, type Actor } from '../../src/app/actor.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { ConcordatError } from '../../src/domain/errors.ts';
import type { DatabaseOptions } from '../../src/storage/db.ts';
import { DIALECTS, describeOn, dropTestSchema } from '../support/databases.ts';
import { sharedDataDir } from '../support/shared-data.ts';

const ODS_DIR = join(sharedDataDir(), 'ods');
const M = 100_000_000;

for (const dialect of DIALECTS) {
  describeOn(dialect, 'storage, registry and contracts', () => {
    let options: DatabaseOptions;
    let app: ConcordatApp;
    let admin: ReturnType<ConcordatApp['as']>;

    beforeAll(async () => {
      options = dialect.options();
      app = await ConcordatApp.open({ ...options, clock: fixedClock('2015-06-01T09:00:00Z'), loadDemoIfEmpty: true });
      admin = app.system();
    });
    afterAll(async () => {
      await app?.close();
      await dropTestSchema(options);
    });

    const count = async (table: 'contracts' | 'contract_parties' | 'contract_variations' | 'audit_log' | 'organisations') => {
      const [{ n }] = await app.storage.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).execute();
      return Number(n);
    };
    const signedIn = async (username: string) => app.as((await app.signIn(username, 'concordat')).user);

    it('loads the demo economy with the seed cases and their figures', async () => {
      const circle = await admin.getContract('BEDS-MSK-2014');
      expect(circle.contract.signedValuePence).toBe(120 * M);
      expect(circle.contract.parties.map((p) => p.organisationCode).sort()).toEqual(['06F', 'ZCIRC']);
      const bupa = await admin.getContract('CWS-MSK-2015');
      expect(bupa.contract.signedValuePence).toBe(235 * M);
      const staffs = await admin.getContract('STAFFS-CANCER-2016');
      expect(staffs.contract.parties.filter((p) => p.role !== 'provider')).toHaveLength(4);
      expect((await admin.getContract('DUDLEY-ICP-2021')).contract.signedValuePence).toBe(360 * M);
      expect((await admin.getContract('CORNWALL-OOH-2013')).subcontracts.map((s) => s.reference)).toEqual(['CORNWALL-OOH-2013-SUB-DD']);
      const frimley = await admin.getOrganisation('RDU');
      expect(frimley.predecessors.map((p) => [p.predecessorCode, p.effectiveDate, p.reason])).toEqual([['RD7', '2014-10-01', 'acquisition']]);
    });

    it('reads a contract as at a date: variations apply from their effective dates, the signed value stays', async () => {
      const before = await admin.getContractAsAt('BEDS-MSK-2014', '2015-03-31');
      const after = await admin.getContractAsAt('BEDS-MSK-2014', '2015-04-01');
      const ended = await admin.getContractAsAt('BEDS-MSK-2014', '2019-04-01');
      expect(before.valuePence).toBe(120 * M);
      expect(after.valuePence).toBe(120 * M + 360_000_00);
      expect(after.signedValuePence).toBe(120 * M);
      expect([before.status, after.status, ended.status]).toEqual(['live', 'live', 'expired']);
    });

    it('keeps variations append-only: the database refuses to edit one', async () => {
      await expect(sql`update contract_variations set rationale = 'rewritten'`.execute(app.storage.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_log`.execute(app.storage.db)).rejects.toThrow(/append-only/);
    });

    it('records a contract and a variation with an audit record each', async () => {
      const audit = await count('audit_log');
      const created = await admin.createContract({
        reference: `TEST-${dialect.name}-1`, title: 'Test dermatology', model: 'standard_activity', startDate: '2015-04-01', endDate: '2016-03-31',
        signedValuePence: 1_000_000_00, status: 'live', parties: [{ organisationCode: '04K', role: 'coordinating_commissioner' }, { organisationCode: 'RX1', role: 'provider' }],
        serviceCodes: ['DERMATOLOGY'],
      });
      const varied = await admin.addVariation(created.contract.id, { effectiveDate: '2015-10-01', rationale: 'Winter activity', valueChangePence: 50_000_00 });
      expect(varied.variations.map((v) => [v.sequence, v.valueAfterPence])).toEqual([[1, 1_050_000_00]]);
      expect(await count('audit_log')).toBe(audit + 2);
    });

    it('refuses bad contracts naming the field, and writes nothing', async () => {
      const before = [await count('contracts'), await count('contract_parties'), await count('audit_log')];
      const base = {
        reference: `TEST-${dialect.name}-BAD`, title: 'Bad', model: 'standard_block' as const, startDate: '2015-04-01', endDate: '2016-03-31',
        signedValuePence: 100, parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' as const }, { organisationCode: 'RC1', role: 'provider' as const }],
      };
      const cases: [object, string][] = [
        [{ endDate: '2015-03-31' }, 'endDate'],
        [{ signedValuePence: -1 }, 'signedValuePence'],
        [{ parties: [...base.parties, { organisationCode: 'NOPE1', role: 'associate_commissioner' }] }, 'parties.2.organisationCode'],
        [{ serviceCodes: ['NOT-A-SERVICE'] }, 'serviceCodes.0'],
      ];
      for (const [patch, field] of cases) {
        const err = await admin.createContract({ ...base, ...patch }).catch((e) => e);
        expect(err).toBeInstanceOf(ConcordatError);
        expect((err as ConcordatError).kind).toBe('invalid');
        expect((err as ConcordatError).issues.map((i) => i.path.join('.'))).toContain(field);
      }
      expect([await count('contracts'), await count('contract_parties'), await count('audit_log')]).toEqual(before);
    });

    it('refuses a variation that would make the value negative or go backwards in the lifecycle', async () => {
      await expect(admin.addVariation('NOTS-DERM-2013', { effectiveDate: '2014-01-01', rationale: 'x', valueChangePence: 1 })).rejects.toThrow(/not found/);
      const neg = await admin.addVariation('NOTTS-DERM-2013', { effectiveDate: '2014-01-01', rationale: 'x', valueChangePence: -37 * M }).catch((e) => e);
      expect(neg.issues[0].path).toEqual(['valueChangePence']);
      const back = await admin.addVariation('CORNWALL-OOH-2013', { effectiveDate: '2015-07-01', rationale: 'x', valueChangePence: 0, changes: { status: 'live' } }).catch((e) => e);
      expect(back.issues[0].path).toEqual(['changes', 'status']);
    });

    it('scopes contracts to the organisation: a provider sees only its own', async () => {
      const bedford = await signedIn('provider');
      const list = await bedford.listContracts({});
      // Its acute contract, and the MSK subcontract Circle let to it (which it refused to sign).
      expect(list.items.map((c) => c.reference)).toEqual(['BEDFORD-ACUTE-2014-15', 'BEDS-MSK-2014-SUB-BH']);
      await expect(bedford.getContract('BEDS-MSK-2014')).rejects.toMatchObject({ kind: 'not_found' });
      const circle = await signedIn('circle');
      const refs = (await circle.listContracts({})).items.map((c) => c.reference).sort();
      expect(refs).toEqual(['BEDS-MSK-2014', 'BEDS-MSK-2014-SUB-BH', 'BEDS-MSK-2014-SUB-LD', 'NOTTS-DERM-2013', 'NOTTS-DERM-2013-SUB-NUH']);
      // A commissioner sees subcontracts let under its contracts.
      const beds = await signedIn('commissioner');
      expect((await beds.listContracts({})).items.map((c) => c.reference)).toContain('BEDS-MSK-2014-SUB-LD');
      const system = await signedIn('system');
      expect((await system.listContracts({ limit: 500 })).total).toBeGreaterThanOrEqual(20);
      await expect(system.createContract({
        reference: 'SYS-1', title: 't', model: 'standard_block', startDate: '2015-01-01', endDate: '2015-12-31', signedValuePence: 1,
        parties: [{ organisationCode: 'X24', role: 'coordinating_commissioner' }],
      })).rejects.toMatchObject({ kind: 'forbidden' });
    });

    it('lets a commissioner let and vary only contracts it is party to', async () => {
      const beds = await signedIn('commissioner');
      await expect(beds.addVariation('CWS-MSK-2015', { effectiveDate: '2016-01-01', rationale: 'x', valueChangePence: 1 })).rejects.toMatchObject({ kind: 'not_found' });
      await expect(beds.createContract({
        reference: 'NOT-MINE', title: 't', model: 'standard_block', startDate: '2015-01-01', endDate: '2015-12-31', signedValuePence: 1,
        parties: [{ organisationCode: '09G', role: 'coordinating_commissioner' }, { organisationCode: 'RYR', role: 'provider' }],
      })).rejects.toMatchObject({ kind: 'forbidden' });
      const v = await beds.addVariation('BEDFORD-ACUTE-2014-15', { effectiveDate: '2015-01-01', rationale: 'Winter pressures', valueChangePence: 2 * M });
      expect(v.variations.at(-1)?.createdBy).not.toBe('system');
    });

    it('imports the real ODS files, reports counts, and updates rather than duplicates on re-import', async () => {
      const first = await admin.importOdsDirectory(ODS_DIR);
      expect(first.map((r) => r.file)).toEqual(['icb_names_codes.csv', 'eccg.csv', 'etr.csv']);
      const etr = first.find((r) => r.file === 'etr.csv')!;
      expect(etr.rowsRead).toBe(273);
      expect(etr.created + etr.updated + etr.unchanged + etr.rejected.length).toBe(273);
      expect(etr.rejected).toEqual([]);
      const orgs = await count('organisations');
      const second = await admin.importOdsDirectory(ODS_DIR);
      expect(second.every((r) => r.created === 0 && r.updated === 0)).toBe(true);
      expect(await count('organisations')).toBe(orgs);
      const bedford = await admin.getOrganisation('RC1');
      expect(bedford.organisation.closeDate).toBe('2020-03-31');
      expect(bedford.organisation.name).toBe('Bedford Hospital NHS Trust');
    });

    it('imports the valid rows of a damaged ODS file and reports each bad one; an unreadable file changes nothing', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ods-'));
      const good = '"ZZ1","TEST TRUST","Y61","QHG","","","","","","AB1 2CD","20200101","","","","","","","","","","","","","","","",""';
      const badCode = good.replace('"ZZ1"', '"zz-1"');
      const badDate = good.replace('"ZZ1"', '"ZZ2"').replace('"20200101"', '"2020-01-01"');
      const short = '"ZZ3","SHORT TRUST"';
      writeFileSync(join(dir, 'etr.csv'), [good, badCode, badDate, short].join('\r\n') + '\r\n');
      const [report] = await admin.importOdsDirectory(dir);
      expect(report.created).toBe(1);
      expect(report.rejected.map((r) => [r.line, r.field])).toEqual([[2, 'code (column 1)'], [3, 'open date (column 11)'], [4, 'row']]);
      const orgs = await count('organisations');
      writeFileSync(join(dir, 'etr.csv'), '"ZZ9","UNCLOSED QUOTE\n');
      await expect(admin.importOdsDirectory(dir)).rejects.toMatchObject({ kind: 'invalid' });
      expect(await count('organisations')).toBe(orgs);
    });

    it('keeps each of many concurrent contract writes all-or-nothing', async () => {
      const before = [await count('contracts'), await count('contract_parties')];
      const attempts = Array.from({ length: 30 }, (_, i) => {
        const fail = i % 3 === 0;
        return admin.createContract({
          reference: `PAR-${dialect.name}-${i}`, title: `Parallel ${i}`, model: 'standard_block', startDate: '2015-04-01', endDate: '2016-03-31',
          signedValuePence: 1000 + i, status: 'live',
          parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: fail ? 'GONE1' : 'RC1', role: 'provider' }],
        }).then(() => 'ok', () => 'failed');
      });
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r === 'ok')).toHaveLength(20);
      expect([await count('contracts'), await count('contract_parties')]).toEqual([before[0] + 20, before[1] + 40]);
    });

    it('resets the demo economy', async () => {
      await admin.resetDemo();
      // The 21 seed contracts (BLMK ICB's with Milton Keynes among them), the four the relationship's seed cases add, STAFFS-CANCER-2025 (which the
      // Staffordshire procurement's award created) and the impact demo's Milton Keynes contract.
      expect(await count('contracts')).toBe(27);
      expect((await admin.listEconomies()).map((e) => [e.id, e.versions.length])).toEqual([['demo', 3]]);
      const audit = await admin.listAudit({ limit: 1000 });
      expect(audit.items.at(-1)?.action).toBe('demo.reset');
    });
  });
}
