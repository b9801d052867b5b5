import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isConcordatError } from '../errors.ts';
import {
  ANNEX_A_APC_HEADINGS,
  buildTariff,
  createTariffRegistry,
  csvToRows,
  DEMO_TARIFF_2025_26,
  HIP_FRACTURE_BPT_DIFFERENTIAL,
  hipFractureBptFor,
  monthIndexInSchemeYear,
  parseAnnexAApc,
  parseBenchmarkApcCsv,
  parseBenchmarkOpCsv,
  parseMffCsv,
  periodsOfSchemeYear,
  readXlsxRows,
  schemeYearOf,
  tariffInForce,
  withMff,
} from './index.ts';

const H = ANNEX_A_APC_HEADINGS;
const HEADER = [
  H.hrg, H.name, H.outpatientProcedurePence, H.combinedElectivePence, H.dayCasePence, H.ordinaryElectivePence,
  H.electiveTrimDays, H.nonElectivePence, H.nonElectiveTrimDays, H.longStayPerDayPence, H.ssemApplicable,
  H.ssemPctMicros, H.ssemReducedPence,
];

const SHEET: string[][] = [
  ['NHS Payment Scheme 2025/26 Annex A: APC & OPROC'],
  [],
  HEADER,
  ['HN12A', 'Very Major Hip Procedures', '-', '13,900', '-', '-', '31', '16,400', '45', '330', 'No', '-', '-'],
  ['HN45A', 'Minor Hand Procedures', '212.50', '1,304', '-', '-', '3', '1,900', '6', '260', 'Yes', '-', '620'],
  ['WA14Z', 'Some medical HRG', '-', '-', '450', '1,200.00', '5', '2,000', '12', '£250.55', 'Yes', '45%', '-'],
  ['XX1', 'bad code', '-', '1', '-', '-', '-', '-', '-', '-', '-', '-', '-'],
  ['HN22A', 'bad price', '-', '10.826.00', '-', '-', '-', '-', '-', '-', '-', '-', '-'],
  ['HN22B', 'bad flag', '-', '10,149', '-', '-', '-', '-', '-', '-', 'Maybe', '-', '-'],
  ['HN22C', 'no price', '-', '-', '-', '-', '-', '-', '-', '-', 'No', '-', '-'],
  ['HN22D', 'ssem without value', '-', '-', '-', '-', '-', '7,578', '-', '-', 'Yes', '-', '-'],
  ['HN12A', 'duplicate', '-', '13,900', '-', '-', '-', '-', '-', '-', '-', '-', '-'],
  ['', '', ''],
];

describe('Annex A APC parser', () => {
  it('reads the official headings below title rows, "-" as no price and thousands separators', () => {
    const report = parseAnnexAApc(SHEET);
    expect(report.rows.map((r) => r.hrg)).toEqual(['HN12A', 'HN45A', 'WA14Z']);
    const [hip, hand, med] = report.rows;
    expect(hip.combinedElectivePence).toBe(1_390_000);
    expect(hip.dayCasePence).toBeNull();
    expect(hip.electiveTrimDays).toBe(31);
    expect(hip.longStayPerDayPence).toBe(33_000);
    expect(hip.ssemApplicable).toBe(false);
    expect(hand.outpatientProcedurePence).toBe(21_250);
    expect(hand.ssemReducedPence).toBe(62_000);
    expect(med.dayCasePence).toBe(45_000);
    expect(med.ordinaryElectivePence).toBe(120_000);
    expect(med.longStayPerDayPence).toBe(25_055);
    expect(med.ssemPctMicros).toBe(450_000);
  });

  it('reports every rejected row with its sheet line, column heading and reason', () => {
    const report = parseAnnexAApc(SHEET);
    expect(report.rowsRead).toBe(9);
    expect(report.rejected).toEqual([
      { line: 7, column: H.hrg, reason: 'not an HRG code: "XX1"' },
      { line: 8, column: H.combinedElectivePence, reason: 'not an amount in pounds: "10.826.00"' },
      { line: 9, column: H.ssemApplicable, reason: 'expected Yes or No, got "Maybe"' },
      { line: 10, column: null, reason: 'no price in any column' },
      { line: 11, column: H.ssemApplicable, reason: expect.stringContaining('neither a reduced price nor a %') },
      { line: 12, column: H.hrg, reason: 'duplicate HRG HN12A' },
    ]);
  });

  it('matches headings regardless of case and spacing, and CSV text shares the same path', () => {
    const csv = 'hrg  CODE,Non-Elective Spell Tariff (£)\nHN12A,"16,400"\n';
    const report = parseAnnexAApc(csvToRows(csv));
    expect(report.rows[0].nonElectivePence).toBe(1_640_000);
  });

  it('is an error when no row is valid or there is no heading row', () => {
    expect(() => parseAnnexAApc([HEADER, ['XX', '']])).toThrowError(/no valid APC tariff rows/);
    expect(() => parseAnnexAApc([['a', 'b']])).toThrowError(/HRG code/);
    try {
      parseAnnexAApc([HEADER, ['XX']]);
    } catch (e) {
      expect(isConcordatError(e) && e.kind).toBe('invalid');
    }
  });

  it('reads an XLSX workbook into the same rows', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Contents').addRow(['Annex A']);
    const ws = wb.addWorksheet('APC & OPROC');
    ws.addRow(['NHS Payment Scheme 2025/26']);
    ws.addRow([]);
    ws.addRow(HEADER);
    ws.addRow(['HN12A', 'Very Major Hip Procedures', '-', 13900, '-', '-', 31, 16400, 45, 330, 'No', '-', '-']);
    ws.addRow(['HN45A', 'Minor Hand Procedures', 212.5, 1304, '-', '-', 3, 1900, 6, 260.55, 'Yes', 0.45, '-']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const rows = await readXlsxRows(buffer);
    const report = parseAnnexAApc(rows);
    expect(report.rejected).toEqual([]);
    expect(report.rows[0].combinedElectivePence).toBe(1_390_000);
    expect(report.rows[1].outpatientProcedurePence).toBe(21_250);
    expect(report.rows[1].longStayPerDayPence).toBe(26_055);
    expect(report.rows[1].ssemPctMicros).toBe(450_000);
    await expect(readXlsxRows(Buffer.from('not a zip'))).rejects.toThrow(/XLSX/);
  });
});

describe('benchmark CSV parsers', () => {
  it('reads apc_tariff.csv and reports bad rows', () => {
    const text = [
      'hrg,el_price_pence,dc_price_pence,nel_price_pence,el_trim_days,nel_trim_days,xbd_price_pence',
      'AB10A,200000,150000,250000,10,20,25000',
      'AB11A,2000.5,150000,250000,10,20,25000',
      'zz,1,1,1,1,1,1',
      '',
    ].join('\n');
    const report = parseBenchmarkApcCsv(text);
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({ hrg: 'AB10A', ordinaryElectivePence: 200_000, dayCasePence: 150_000, nonElectivePence: 250_000, electiveTrimDays: 10, nonElectiveTrimDays: 20, longStayPerDayPence: 25_000 });
    expect(report.rejected).toEqual([
      { line: 3, column: 'el_price_pence', reason: 'not a whole number of pence: "2000.5"' },
      { line: 4, column: 'hrg', reason: 'not an HRG code: "ZZ"' },
    ]);
  });

  it('reads op_tariff.csv', () => {
    const report = parseBenchmarkOpCsv('tfc,first_price_pence,followup_price_pence\n110,16800,8100\n999x,1,1\n');
    expect(report.rows).toEqual([{ tfc: '110', name: null, firstPence: 16_800, followUpPence: 8_100 }]);
    expect(report.rejected[0]).toMatchObject({ line: 3, column: 'tfc' });
  });

  it('is an error when a required column is missing', () => {
    expect(() => parseBenchmarkOpCsv('tfc,first_price_pence\n110,1\n')).toThrowError(/followup_price_pence/);
  });
});

describe('market forces factor', () => {
  it('parses the real 2026/27 Annex A table into exact micros', () => {
    const text = readFileSync(new URL('./fixtures/mff_2026-27.csv', import.meta.url), 'utf8');
    const report = parseMffCsv(text);
    expect(report.rejected).toEqual([]);
    expect(report.rows).toHaveLength(205);
    expect(report.rows.find((r) => r.provider === 'RCF')).toEqual({ provider: 'RCF', name: 'Airedale NHS Foundation Trust', mffMicros: 1_012_977 });
    // Quoted names with commas survive.
    expect(report.rows.find((r) => r.provider === 'RF4')?.mffMicros).toBe(1_138_332);
    expect(report.rows.some((r) => r.mffMicros === 1_000_000)).toBe(true);
  });

  it('accepts the benchmark layout and rejects bad factors', () => {
    const report = parseMffCsv('provider,mff\nRA1,1.046100\nRB1,1.1234567\nRC1,0\n');
    expect(report.rows).toEqual([{ provider: 'RA1', name: null, mffMicros: 1_046_100 }]);
    expect(report.rejected.map((r) => [r.line, r.column])).toEqual([[3, 'mff_factor'], [4, 'mff_factor']]);
  });
});

describe('scheme years and the registry', () => {
  it('runs April to March', () => {
    expect(schemeYearOf('2025-04-01')).toBe('2025/26');
    expect(schemeYearOf('2026-03-31')).toBe('2025/26');
    expect(schemeYearOf('2026-04')).toBe('2026/27');
    expect(schemeYearOf('1999-12')).toBe('1999/00');
    expect(periodsOfSchemeYear('2025/26')).toEqual([
      '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09',
      '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03',
    ]);
    expect(monthIndexInSchemeYear('2025-04')).toBe(0);
    expect(monthIndexInSchemeYear('2026-03')).toBe(11);
    expect(() => schemeYearOf('2025-13-01')).toThrow();
  });

  it('picks the tariff in force for an activity date', () => {
    const older = buildTariff({ year: '2024/25', source: 'test', outpatient: [{ tfc: '110', name: null, firstPence: 1, followUpPence: 1 }] });
    const registry = createTariffRegistry([older, DEMO_TARIFF_2025_26]);
    expect(tariffInForce(registry, '2025-03-31')?.year).toBe('2024/25');
    expect(tariffInForce(registry, '2025-04-01')?.year).toBe('2025/26');
    expect(tariffInForce(registry, '2026-04-01')).toBeUndefined();
    expect(() => createTariffRegistry([older, older])).toThrowError(/two tariffs/);
  });
});

describe('demo tariff and best practice tariff data', () => {
  it('carries the real 2025/26 MSK elective prices and the £168 first attendance', () => {
    const t = DEMO_TARIFF_2025_26;
    expect(t.year).toBe('2025/26');
    expect(t.apc.HN12A.combinedElectivePence).toBe(1_390_000);
    expect(t.apc.HN12F.combinedElectivePence).toBe(725_100);
    expect(t.apc.HN22E.combinedElectivePence).toBe(722_200);
    expect(t.apc.HC54A.combinedElectivePence).toBe(1_455_600);
    expect(t.apc.HN45A.combinedElectivePence).toBe(130_400);
    expect(t.outpatient['110'].firstPence).toBe(16_800);
    expect(withMff(t, [{ provider: 'RCF', name: null, mffMicros: 1_012_977 }]).mff.RCF.mffMicros).toBe(1_012_977);
  });

  it('holds the hip fracture BPT differential by year (RULES.md §7 example 2)', () => {
    expect(HIP_FRACTURE_BPT_DIFFERENTIAL).toEqual({ '2010/11': 44_500, '2011/12': 89_000, '2012/13': 133_500, '2013/14': 133_500 });
    expect(hipFractureBptFor('2013/14')?.topUpPence).toBe(133_500);
    expect(hipFractureBptFor('2025/26')).toBeNull();
  });
});
