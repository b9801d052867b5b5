import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Organisation } from '../registry/organisation.ts';
import { mapIcbRow, mapOdsRow, recogniseOdsFile } from '../registry/ods-efile.ts';
import { byOcid, importReleasePackage } from './importer.ts';
import type { JsonObject } from './json.ts';
import { normaliseName } from './party-matching.ts';
import { readSharedJson, schemaErrors, sharedDataDir } from './schemas.testing.ts';

/** The real registry: NHS trusts from ODS etr.csv, the ICBs, and NHS England. */
function registry(): Organisation[] {
  const etr = parse(readFileSync(join(sharedDataDir(), 'ods/etr.csv'), 'utf8'), { relax_column_count: true }) as string[][];
  const icbs = parse(readFileSync(join(sharedDataDir(), 'ods/icb_names_codes.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  const layout = recogniseOdsFile(etr, 'etr.csv');
  const orgs = [
    ...etr.map((cols, i) => mapOdsRow(layout, i + 1, cols).organisation),
    ...icbs.map((row, i) => mapIcbRow(i + 2, row).organisation),
  ].filter((o): o is Organisation => o !== undefined);
  orgs.push({ code: 'X24', name: 'NHS England', kind: 'nhs_england', sector: 'nhs', parentCode: null, regionCode: null, postcode: null, openDate: '2013-04-01', closeDate: null, source: 'demo', odsVerified: false, note: null });
  return orgs;
}

const SAMPLE = readSharedJson('ocds', 'contracts-finder-nhs-2025.json') as JsonObject;

describe('importing the Contracts Finder sample', () => {
  const orgs = registry();
  const first = importReleasePackage(SAMPLE, orgs);

  it('imports all 17 releases as 17 procurements, with a report line for each', () => {
    expect(first.counts).toEqual({ imported: 17, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.report).toHaveLength(17);
    expect(first.changed).toHaveLength(17);
    expect(first.report[0]).toMatchObject({ index: 0, releaseId: 'dd210342-fab3-456e-af30-5a1b73e9aa4e-819905', ocid: 'ocds-b5fd17-a7df6c40-57c8-4489-9834-38af043708cc', outcome: 'imported' });
  });

  it('matches buyers to the registry by name where the name is an NHS body in it', () => {
    const matched = Object.fromEntries(first.report.filter((r) => r.buyer?.organisationCode).map((r) => [r.buyer!.name, r.buyer!.organisationCode]));
    // Expected codes looked up by hand in ODS etr.csv and icb_names_codes.csv.
    expect(matched).toEqual({
      'Kettering General Hospital NHS Foundation Trust': 'RNQ',
      'Somerset NHS Foundation Trust': 'RH5',
      'Walsall Healthcare NHS Trust': 'RBK',
      'NHS North West London Integrated Care Board': 'QRV',
      'NHS England': 'X24',
      'Northumbria Healthcare NHS Foundation Trust': 'RTF',
      'West Suffolk NHS Foundation Trust': 'RGR',
      'East Suffolk and North Essex NHS Foundation Trust': 'RDE',
      'Nottingham University Hospitals NHS Trust': 'RX1',
    });
    const unmatched = first.report.filter((r) => r.buyer && !r.buyer.organisationCode).map((r) => r.buyer!.name);
    expect(new Set(unmatched)).toEqual(new Set(['Partners Procurement Service (PPS)', 'NHS Supply Chain', 'South of England Procurement Centre', 'NHS PROPERTY SERVICES LIMITED', 'NHS Resolution']));
  });

  it('keeps values in pence, the CPV code, suppliers and the notice links', () => {
    const p = first.changed.find((x) => x.ocid === 'ocds-b5fd17-a7df6c40-57c8-4489-9834-38af043708cc')!;
    expect(p).toMatchObject({ title: 'CA15205 - RFL - MAINT6934 - Siemens Sensis Vibe Hemo maintenance contract - 9 years', tenderValuePence: 10_479_600, awardedValuePence: 10_476_900, cpvCode: '50421000', tenderStatus: 'complete' });
    expect(p.suppliers).toEqual([{ ocdsId: 'GB-CFS-218516', name: 'Siemens Healthineers', organisationCode: null, matchedBy: null }]);
    expect(p.noticeUrls).toEqual(['https://www.contractsfinder.service.gov.uk/Notice/dd210342-fab3-456e-af30-5a1b73e9aa4e']);
  });

  it('re-importing the same file changes nothing: every release unchanged, no procurement to store', () => {
    const again = importReleasePackage(SAMPLE, orgs, { existing: byOcid(first.changed) });
    expect(again.counts).toEqual({ imported: 0, updated: 0, unchanged: 17, rejected: 0 });
    expect(again.changed).toEqual([]);
  });

  it('a corrected release updates its procurement; a new release of a known ocid updates it too', () => {
    const releases = SAMPLE.releases as JsonObject[];
    const corrected = { ...releases[1], tender: { ...(releases[1].tender as JsonObject), title: 'Corrected title' } };
    const next = { ...releases[1], id: `${releases[1].id}-2`, date: '2025-03-12T10:00:00Z', tag: ['tenderUpdate'], tender: { id: (releases[1].tender as JsonObject).id, status: 'complete' } };
    const r = importReleasePackage({ ...SAMPLE, releases: [corrected, next] }, orgs, { existing: byOcid(first.changed) });
    expect(r.report.map((x) => [x.outcome, x.reason])).toEqual([
      ['updated', `release ${releases[1].id} corrected`],
      ['updated', `new release ${releases[1].id}-2 (tenderUpdate)`],
    ]);
    expect(r.changed).toHaveLength(1);
    expect(r.changed[0]).toMatchObject({ title: 'Corrected title', tenderStatus: 'complete' });
    expect(r.changed[0].releases).toHaveLength(2);
  });

  it('rejects a bad release with the reason, naming the field, and imports the rest', () => {
    const releases = SAMPLE.releases as JsonObject[];
    const { ocid: _omit, ...noOcid } = releases[0];
    const r = importReleasePackage({ ...SAMPLE, releases: [noOcid, { ...releases[1], date: '11/03/2025' }, releases[2], 'text'] }, orgs);
    expect(r.report.map((x) => [x.outcome, x.reason])).toEqual([
      ['rejected', 'ocid: is missing'],
      ['rejected', 'date: must be a date-time, got "11/03/2025"'],
      ['imported', null],
      ['rejected', 'is not an object'],
    ]);
  });

  it('can reject releases that break the official schema, with ajv\'s reasons', () => {
    const releases = SAMPLE.releases as JsonObject[];
    const broken = { ...releases[0], awards: [{ ...(releases[0].awards as JsonObject[])[0], status: 'won' }] };
    const r = importReleasePackage({ ...SAMPLE, releases: [broken] }, orgs, { validateRelease: (rel) => schemaErrors('release', rel) });
    expect(r.report[0].outcome).toBe('rejected');
    expect(r.report[0].reason).toMatch(/\/awards\/0\/status must be equal to one of the allowed values/);
  });

  it('matches by a GB-NHS identifier before the name', () => {
    const releases = SAMPLE.releases as JsonObject[];
    const withCode = { ...releases[8], parties: [{ ...(releases[8].parties as JsonObject[])[0], name: 'A renamed trust', identifier: { scheme: 'GB-NHS', id: 'RBK', legalName: 'A renamed trust' } }] };
    const r = importReleasePackage({ ...SAMPLE, releases: [withCode] }, orgs);
    expect(r.report[0].buyer).toMatchObject({ organisationCode: 'RBK', matchedBy: 'identifier' });
  });

  it('normalises names for matching', () => {
    expect(normaliseName('The Dudley Group NHS Foundation Trust')).toBe('dudley group nhs foundation trust');
    expect(normaliseName('BLUE PRISM LTD.')).toBe('blue prism limited');
    expect(normaliseName("Guy's & St Thomas'")).toBe('guys and st thomas');
  });
});
