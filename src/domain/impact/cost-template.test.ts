import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import {
  costTemplateCsv,
  costTemplateXlsx,
  parseCostCsv,
  parseCostWorkbook,
  TEMPLATE_COLUMNS,
  templateLinesOf,
  type TemplateContext,
  type TemplatePrefill,
} from './cost-template.ts';
import type { Draft, ServiceLineEntry, WorkforceEntry } from './entries.ts';

const context: TemplateContext = {
  providers: new Set(['RC1', 'RD8', 'ZCIRC']),
  services: new Set(['MSK-ELECTIVE', 'TRAUMA-ORTHO', 'ACUTE']),
  lines: new Set(['RC1 MSK-ELECTIVE', 'RC1 TRAUMA-ORTHO', 'RC1 ACUTE', 'RD8 TRAUMA-ORTHO', 'ZCIRC MSK-ELECTIVE']),
};

const SERVICE_HEADER = TEMPLATE_COLUMNS['service-lines'].map((c) => c.name).join(',');

function refusedFile(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ConcordatError) return e.message;
    throw e;
  }
  throw new Error('the file was accepted');
}

describe('service lines from CSV, validated row by row', () => {
  const csv = [
    'provider,service,annual_activity,variable_cost_share,semi_fixed_step_volume,semi_fixed_step_cost,fixed_cost,minimum_viable_volume,max_annual_loss,supported_by,supported_share,nearest_providers,illustrative,note',
    'rc1,TRAUMA-ORTHO,3000,25%,1100,"£500,000",£3000000,1800,"250,000",MSK-ELECTIVE,0.5,RD8,yes,"board papers, Nov 2014"',
    'RC1,MSK-ELECTIVE,4000,0.35,,,1500000.505,,,,,,no,',
    'RC1,ACUTE,,1.2,1000,,-5,,,,,,maybe,',
    'RC1,CANCER,,0.3,,,100,,,,,XYZ,,',
    'RD8,TRAUMA-ORTHO,3400,0.25,,,2000000,,,TRAUMA-ORTHO,0.2,RD8,,',
    'RC1,TRAUMA-ORTHO,3000,0.25,,,1,,,,,,,',
  ].join('\n');
  const upload = parseCostCsv(csv, context);
  const report = upload.serviceLines!;

  it('accepts a valid row, converting pounds and percentages exactly', () => {
    expect(report.accepted).toEqual([
      {
        provider: 'RC1',
        service: 'TRAUMA-ORTHO',
        annualActivity: 3_000,
        variableCostShare: 250_000,
        semiFixed: { annualVolumePerStep: 1_100, annualCostPerStep: 50_000_000 },
        fixedCost: 300_000_000,
        minimumViableVolume: 1_800,
        maxAnnualLoss: 25_000_000,
        supportedBy: { service: 'MSK-ELECTIVE', share: 500_000 },
        nearestProviders: ['RD8'],
        illustrative: true,
        note: 'board papers, Nov 2014',
        line: 2,
      },
    ]);
  });

  it('rejects every other row, naming its line, the field and why', () => {
    expect(report.rejected.map((r) => [r.line, r.row, r.issues.map((i) => `${i.field}: ${i.message}`)])).toEqual([
      [3, 'RC1 MSK-ELECTIVE', ['fixed_cost: "1500000.505" is not an amount in pounds with at most 2 decimal places']],
      [4, 'RC1 ACUTE', [
        'variable_cost_share: must be between 0 and 1 (0% and 100%)',
        'semi_fixed_step_cost: give both the step volume and the step cost, or neither',
        'fixed_cost: must not be negative',
        'illustrative: "maybe" is not yes or no',
      ]],
      [5, 'RC1 CANCER', ['service: RC1 has no CANCER service line with income in this economy', 'nearest_providers: XYZ is not a provider in this economy']],
      [6, 'RD8 TRAUMA-ORTHO', ['supported_by: must be another service line of the provider', 'nearest_providers: must not name the provider itself']],
      [7, 'RC1 TRAUMA-ORTHO', ['service: a second row for RC1 TRAUMA-ORTHO (the first is line 2)']],
    ]);
    expect(report.rowsRead).toBe(6);
  });

  it('reads a quoted field over two lines and still names the line the row starts on', () => {
    const r = parseCostCsv(`provider,service,variable_cost_share,fixed_cost,note\nRC1,ACUTE,0.3,100,"line one\nline two"\nRC1,MSK-ELECTIVE,x,100,\n`, context).serviceLines!;
    expect(r.accepted[0].note).toBe('line one\nline two');
    expect(r.rejected[0]).toMatchObject({ line: 4, issues: [{ field: 'variable_cost_share' }] });
  });

  it('rejects a row with more or fewer fields than the header rather than misread it', () => {
    const r = parseCostCsv('provider,service,variable_cost_share,fixed_cost\nRC1,ACUTE,0.3,100\nRC1,MSK-ELECTIVE,0.3,"1,000",extra\nRC1,TRAUMA-ORTHO,0.3\n', context).serviceLines!;
    expect(r.accepted.map((e) => e.service)).toEqual(['ACUTE']);
    expect(r.rejected).toEqual([
      { line: 3, row: 'RC1 MSK-ELECTIVE', issues: [{ field: 'line', message: '5 fields, expected 4 (as in the header)' }] },
      { line: 4, row: 'RC1 TRAUMA-ORTHO', issues: [{ field: 'line', message: '3 fields, expected 4 (as in the header)' }] },
    ]);
    expect(r.rowsRead).toBe(3);
  });

  it('refuses a file that is not a template, changing nothing', () => {
    expect(refusedFile(() => parseCostCsv('a,b\n1,2\n'))).toMatch(/^line 1: not a template header: expected the columns of Service lines \(provider, service, variable_cost_share, fixed_cost\)/);
    expect(refusedFile(() => parseCostCsv(''))).toBe('file: the file is empty');
  });
});

describe('workforce from CSV', () => {
  it('checks the minimum against the headcount and refuses a second row for one staff group', () => {
    const csv = [
      'provider,service,staff_group,headcount,annual_unit_cost,minimum_viable,illustrative',
      'RC1,TRAUMA-ORTHO,Consultant,7,"£150,000",7,yes',
      'RC1,TRAUMA-ORTHO,nurse,20,45000,21,',
      'RC1,TRAUMA-ORTHO,consultant,6,150000,5,',
      'RC1,TRAUMA-ORTHO,physio,2.5,0,1,',
    ].join('\n');
    const r = parseCostCsv(csv, context).workforce!;
    expect(r.accepted).toEqual([{ provider: 'RC1', service: 'TRAUMA-ORTHO', staffGroup: 'consultant', headcount: 7, annualUnitCost: 15_000_000, minimumViable: 7, illustrative: true, line: 2 }]);
    expect(r.rejected.map((x) => [x.line, x.issues.map((i) => `${i.field}: ${i.message}`)])).toEqual([
      [3, ['minimum_viable: must not be more than the headcount (20)']],
      [4, ['staff_group: a second row for RC1 TRAUMA-ORTHO consultant (the first is line 2)']],
      [5, ['headcount: "2.5" is not a whole number', 'annual_unit_cost: must be at least 1']],
    ]);
  });
});

describe('the blank template', () => {
  const economy = {
    id: 'x',
    name: 'x',
    priceBase: 'x',
    commissioners: [],
    dependencies: [],
    providers: [
      {
        code: 'RC1',
        name: 'Bedford Hospital NHS Trust',
        kind: 'nhs-trust' as const,
        serviceLines: ['MSK-ELECTIVE', 'TRAUMA-ORTHO'].map((service, i) => ({
          service,
          income: [{ commissioner: '06F', annualIncome: (i + 1) * 1_000_000_00 }],
          annualActivity: 100,
          variableCostShare: 0,
          fixedCost: 0,
          workforce: [],
          minimumViableVolume: 0,
        })),
      },
    ],
  };
  const prefill: TemplatePrefill = { lines: templateLinesOf(economy) };

  it('is pre-filled with the provider\'s service lines and their income, and uploads as blank rows', () => {
    const csv = costTemplateCsv('service-lines', prefill);
    expect(csv.split('\r\n').slice(0, 3)).toEqual([
      SERVICE_HEADER,
      'RC1,MSK-ELECTIVE,Bedford Hospital NHS Trust,1000000.00,,,,,,,,,,,,,',
      'RC1,TRAUMA-ORTHO,Bedford Hospital NHS Trust,2000000.00,,,,,,,,,,,,,',
    ]);
    const back = parseCostCsv(csv, context).serviceLines!;
    expect(back).toMatchObject({ rowsRead: 2, blank: 2, accepted: [], rejected: [] });
  });

  it('round-trips entered figures through CSV and XLSX unchanged', async () => {
    const serviceLines: Draft<ServiceLineEntry>[] = [
      {
        provider: 'RC1',
        service: 'TRAUMA-ORTHO',
        annualActivity: 3_000,
        activityUnit: 'spells',
        variableCostShare: 333_333,
        semiFixed: { annualVolumePerStep: 1_100, annualCostPerStep: 50_000_001 },
        fixedCost: 123_456_789,
        minimumViableVolume: 1_800,
        maxAnnualLoss: 25_000_000,
        supportedBy: { service: 'MSK-ELECTIVE', share: 500_000 },
        nearestProviders: ['RD8', 'ZCIRC'],
        illustrative: true,
        note: 'a "quoted", note',
        line: 3,
      },
    ];
    const workforce: Draft<WorkforceEntry>[] = [
      { provider: 'RC1', service: 'TRAUMA-ORTHO', staffGroup: 'consultant', headcount: 7, annualUnitCost: 15_000_037, minimumViable: 7, illustrative: false, line: 3 },
      { provider: 'RC1', service: 'TRAUMA-ORTHO', staffGroup: 'nurse', headcount: 20, annualUnitCost: 4_500_000, minimumViable: 14, illustrative: false, line: 4 },
    ];
    const full = { ...prefill, serviceLines, workforce, providers: [{ provider: 'RC1', openingCash: -12_345, location: { lat: 52.127, lon: -0.467 }, illustrative: true, line: 2 }] };
    const csvBack = parseCostCsv(costTemplateCsv('service-lines', full), context).serviceLines!;
    expect(csvBack.accepted).toEqual(serviceLines);
    expect(parseCostCsv(costTemplateCsv('workforce', full), context).workforce!.accepted).toEqual(workforce);

    const xlsx = await costTemplateXlsx(full);
    const wb = await parseCostWorkbook(xlsx, context);
    expect(wb.serviceLines!.accepted).toEqual(serviceLines);
    expect(wb.serviceLines!.blank).toBe(1); // MSK-ELECTIVE was not filled in
    expect(wb.workforce!.accepted).toEqual(workforce);
    expect(wb.providers!.accepted).toEqual(full.providers);
  });

  it('reads a workbook a person edited: numbers typed as numbers, a formula, a percentage, an error by sheet and row', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Read me').addRow(['notes of our own']);
    const ws = wb.addWorksheet('Service lines');
    ws.addRow(['provider', 'service', 'variable_cost_share', 'fixed_cost', 'annual_activity', 'our comments']);
    ws.addRow(['RC1', 'TRAUMA-ORTHO', { formula: '0.1+0.2', result: 0.30000000000000004 }, 3_000_000, 3000, 'checked']);
    ws.addRow(['RC1', 'ACUTE', 0.3, 1234.567, 2.5, '']);
    const r = (await parseCostWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()), context)).serviceLines!;
    expect(r.accepted).toEqual([{ provider: 'RC1', service: 'TRAUMA-ORTHO', variableCostShare: 300_000, fixedCost: 300_000_000, annualActivity: 3_000, illustrative: false, line: 2 }]);
    expect(r.rejected).toEqual([
      {
        line: 3,
        sheet: 'Service lines',
        row: 'RC1 ACUTE',
        issues: [
          { field: 'annual_activity', message: '"2.5" is not a whole number' },
          { field: 'fixed_cost', message: '"1234.567" is not an amount in pounds with at most 2 decimal places' },
        ],
      },
    ]);
    expect(r.ignoredColumns).toEqual(['our_comments']);
  });

  it('refuses bytes that are not a workbook', async () => {
    await expect(parseCostWorkbook(new TextEncoder().encode('provider,service\n'))).rejects.toThrow(/^file: cannot be read as an XLSX workbook/);
  });
});
