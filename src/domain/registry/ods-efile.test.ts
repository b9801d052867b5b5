import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { mapOdsRow, recogniseOdsFile, UnrecognisedOdsFile, type EFileRowResult, type OdsLayout } from './ods-efile.ts';

const fixture = (name: string): string[][] => parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as string[][];
const csv = (text: string): string[][] => parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
function read(rows: string[][], name?: string): { layout: OdsLayout; results: EFileRowResult[] } {
  const layout = recogniseOdsFile(rows, name);
  return { layout, results: rows.slice(layout.headerRows).map((r, i) => mapOdsRow(layout, layout.headerRows + i + 1, r)) };
}
const orgs = (results: EFileRowResult[]) => results.map((r) => r.organisation!).filter(Boolean);
/** shared/data/ods beside the main checkout (a worktree sits one level deeper). */
const SHARED_ODS = ['../../../../shared/data/ods', '../../../../../shared/data/ods']
  .map((p) => fileURLToPath(new URL(p, import.meta.url)))
  .find((p) => existsSync(p));

describe('older and current e-file layouts', () => {
  it('reads NHS trusts from a 24-column etr file (before 2021), every row valid', () => {
    const { layout, results } = read(fixture('etr-24-columns.csv'), 'etr.csv');
    expect([layout.kind, layout.format, layout.description]).toEqual(['etr', 'efile-24', 'NHS trusts (etr), 24-column e-file (before 2021)']);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results).toHaveLength(12);
    const byCode = new Map(orgs(results).map((o) => [o.code, o]));
    expect(byCode.get('RD8')).toMatchObject({
      name: 'Milton Keynes University Hospital NHS Foundation Trust', kind: 'foundation_trust', sector: 'nhs', parentCode: 'QHG',
      regionCode: 'Y61', postcode: 'MK6 5LD', openDate: '1992-04-01', closeDate: null,
    });
    expect(byCode.get('RC1')).toMatchObject({ name: 'Bedford Hospital NHS Trust', kind: 'nhs_trust', closeDate: '2020-03-31' });
  });

  it('reads the same trusts from the 27-column layout into the same organisations', () => {
    const old = fixture('etr-24-columns.csv');
    const current = old.map((r) => [...r, '', '', '']);
    const { layout, results } = read(current);
    expect(layout.format).toBe('efile-27');
    expect(orgs(results)).toEqual(orgs(read(old).results));
    if (SHARED_ODS) {
      const published = new Map(orgs(read(csv(readFileSync(`${SHARED_ODS}/etr.csv`, 'utf8'))).results).map((o) => [o.code, o]));
      for (const o of orgs(results)) expect(published.get(o.code)).toEqual(o);
    }
  });

  it('reads CCGs from the older eccg layout (sub-type "C") and sub-ICB locations from the current one (role RO319)', () => {
    const pad = (cols: string[], width: number) => [...cols, ...Array(width - cols.length).fill('')];
    const older = [
      pad(['06F', 'NHS BEDFORDSHIRE CCG', 'Y61', 'Q58', '', '', '', '', '', 'MK45 4HR', '20130401', '', '', 'C'], 24),
      pad(['04F', 'NHS MILTON KEYNES CCG', 'Y61', 'Q58', '', '', '', '', '', 'MK3 6RT', '20130401', '', '', 'C'], 24),
    ];
    const { layout, results } = read(older);
    expect([layout.kind, layout.format]).toEqual(['eccg', 'efile-24']);
    expect(orgs(results).map((o) => [o.code, o.kind, o.parentCode])).toEqual([['06F', 'ccg', 'Q58'], ['04F', 'ccg', 'Q58']]);
    const current = [pad(['M1J4Y', 'NHS BEDFORDSHIRE, LUTON AND MILTON KEYNES ICB - M1J4Y', 'Y61', 'QHG', '', '', '', '', '', 'SG17 5TQ', '20210401', '', '', 'RO319'], 27)];
    expect(orgs(read(current).results)[0]).toMatchObject({ kind: 'sub_icb_location', parentCode: 'QHG', name: 'NHS Bedfordshire, Luton and Milton Keynes ICB - M1J4Y' });
  });
});

describe('GP practices (epraccur)', () => {
  it('reads practices with their commissioner as parent, and skips cost centres that are not GP practices', () => {
    const { layout, results } = read(fixture('epraccur.csv'), 'epraccur.csv');
    expect([layout.kind, layout.format]).toEqual(['epraccur', 'efile-27']);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(orgs(results).map((o) => [o.code, o.kind, o.sector, o.parentCode, o.closeDate])).toEqual([
      ['A81001', 'gp_practice', 'independent', '16C', null],
      ['Z99901', 'gp_practice', 'independent', 'M1J4Y', null],
      ['Z99902', 'gp_practice', 'independent', '06F', '2019-03-31'],
      ['Z99904', 'gp_practice', 'independent', 'D2P2L', null],
    ]);
    expect(orgs(results)[0]).toMatchObject({ name: 'The Densham Surgery', regionCode: 'Y63', postcode: 'TS18 1HU', openDate: '1974-04-01' });
    expect(results.filter((r) => r.skipped)).toEqual([{ line: 4, skipped: { reason: 'prescribing setting 2 (out of hours): not a GP practice' } }]);
  });

  it('knows a file by what it holds, not what it is called', () => {
    expect(recogniseOdsFile(fixture('epraccur.csv'), 'etr.csv').kind).toBe('epraccur');
    expect(recogniseOdsFile(fixture('etr-24-columns.csv'), 'epraccur.csv').kind).toBe('etr');
    expect(recogniseOdsFile(fixture('etr-24-columns.csv'), 'trusts-2019.csv').kind).toBe('etr');
    expect(recogniseOdsFile(fixture('epraccur.csv')).kind).toBe('epraccur');
  });
});

describe('files with a heading row', () => {
  it('reads a data team export of trusts by its column names, with ISO or UK dates', () => {
    const { layout, results } = read(
      csv(
        [
          'Organisation Code,Name,National Grouping,High Level Health Geography,Postcode,Open Date,Close Date',
          'RD8,MILTON KEYNES UNIVERSITY HOSPITAL NHS FOUNDATION TRUST,Y61,QHG,MK6 5LD,1992-04-01,',
          'RC1,Bedford Hospital NHS Trust,Y61,QHG,MK42 9DJ,01/04/1992,31/03/2020',
          'RZZ,Bad Dates NHS Trust,Y61,QHG,MK1 1AA,1992-13-01,',
        ].join('\n'),
      ),
    );
    expect([layout.kind, layout.format, layout.headerRows]).toEqual(['etr', 'headed', 1]);
    expect(orgs(results).map((o) => [o.code, o.name, o.kind, o.openDate, o.closeDate])).toEqual([
      ['RD8', 'Milton Keynes University Hospital NHS Foundation Trust', 'foundation_trust', '1992-04-01', null],
      ['RC1', 'Bedford Hospital NHS Trust', 'nhs_trust', '1992-04-01', '2020-03-31'],
    ]);
    expect(results[2]).toEqual({ line: 4, error: { field: 'open date ("Open Date")', message: '"1992-13-01" is not a YYYYMMDD, YYYY-MM-DD or DD/MM/YYYY date' } });
  });

  it('reads GP practices and commissioners from exports with ODS role codes', () => {
    const gp = read(csv('ODS Code,Organisation Name,Commissioner,Postcode,Open Date,Close Date,Primary Role\nA81001,THE DENSHAM SURGERY,16C,TS18 1HU,19740401,,RO76\n'));
    expect(gp.layout.kind).toBe('epraccur');
    expect(orgs(gp.results)[0]).toMatchObject({ code: 'A81001', kind: 'gp_practice', parentCode: '16C' });
    const sub = read(csv('Org Code,Name,Parent Code,Role\n16C,NHS NORTH EAST AND NORTH CUMBRIA ICB - 16C,QHM,RO319\n06F,NHS BEDFORDSHIRE CCG,Q58,RO98\n'));
    expect(sub.layout.kind).toBe('eccg');
    expect(orgs(sub.results).map((o) => [o.code, o.kind, o.parentCode])).toEqual([['16C', 'sub_icb_location', 'QHM'], ['06F', 'ccg', 'Q58']]);
  });

  it('reads the ONS list of ICBs of any year', () => {
    const { layout, results } = read(csv('ICB23CD,ICB23CDH,ICB23NM,ObjectId\nE54000024,QHG,"NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board",10\n'));
    expect(layout.kind).toBe('icb');
    expect(orgs(results)[0]).toMatchObject({ code: 'QHG', kind: 'icb', note: 'ONS code E54000024' });
  });
});

describe('files that are not ODS files', () => {
  it.each([
    ['an empty file', [], /empty/],
    ['a market forces factor table', csv('provider_code,provider_name,mff_factor\nRCF,Airedale,1.012977\n'), /not an ODS file/],
    ['rows of the wrong width', [['RD8', 'X', 'Y']], /most rows have 3 columns/],
    ['a heading row and nothing to tell the kind by', csv('Code,Name\n'), /not whether/],
  ])('%s is refused, saying why', (_what, rows, message) => {
    expect(() => recogniseOdsFile(rows as string[][])).toThrow(UnrecognisedOdsFile);
    expect(() => recogniseOdsFile(rows as string[][])).toThrow(message);
  });
});
