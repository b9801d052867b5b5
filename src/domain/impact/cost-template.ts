/**
 * The cost and workforce template: what a provider's or commissioner's finance team fills in to
 * describe its service lines on top of the contracts (capability C8). Three tables, each a sheet of
 * the XLSX workbook or a CSV file of its own:
 *
 *   Service lines  one row per provider x service line: activity, cost structure, minimums,
 *                  dependency, nearest providers
 *   Workforce      one row per provider x service line x staff group
 *   Providers      one row per provider: opening cash, location
 *
 * Pure functions over bytes and rows (the app layer reads and stores the files). Every row is
 * validated on its own and every problem named by line (or sheet and row) and field; the caller
 * keeps the valid rows and shows the rejected ones, so an upload is never half-applied: either a
 * row's entry is stored whole, or it is reported and nothing of it is kept. A file that cannot be
 * read as a template at all (not a workbook, no known header) throws before anything is produced.
 *
 * Amounts are pounds as people write them ("£1,234.56"); shares are decimals (0.35) or percentages
 * (35%); both are converted exactly (money.ts parsePounds, parseMicros), never through a float.
 */

import ExcelJS from 'exceljs';
import { parse as parseCsvText } from 'csv-parse/sync';
import { invalid } from '../errors.ts';
import { parseMicros, parsePounds, type Micros, type Pence } from '../money.ts';
import type { Draft, ProviderEntry, ServiceLineEntry, WorkforceEntry } from './entries.ts';
import type { Economy } from './types.ts';

// ---------------------------------------------------------------------------------------------
// Column definitions

export type TemplateTable = 'service-lines' | 'workforce' | 'providers';

export interface TemplateColumn {
  /** The header, as written in the file (lower case, underscores). */
  readonly name: string;
  readonly required: boolean;
  /** Filled in by the download for reference, never read back. */
  readonly reference?: boolean;
  /** What to write, for the "Read me" sheet and the web form's help text. */
  readonly help: string;
  readonly example: string;
}

const c = (name: string, required: boolean, help: string, example: string, reference = false): TemplateColumn => ({ name, required, help, example, ...(reference ? { reference } : {}) });

const COMMON_TAIL = [
  c('illustrative', false, 'yes if the figures are illustrative rather than the provider\'s own reported figures (default no).', 'no'),
  c('note', false, 'Where the figures came from (board paper, service-line reporting).', 'SLR 2014/15, month 12'),
];

/** The columns of each table, in the order the template writes them. */
export const TEMPLATE_COLUMNS: Readonly<Record<TemplateTable, readonly TemplateColumn[]>> = {
  'service-lines': [
    c('provider', true, 'ODS code of the provider.', 'RC1'),
    c('service', true, 'Service line code from the services catalogue.', 'TRAUMA-ORTHO'),
    c('provider_name', false, 'For reference; not read.', 'Bedford Hospital NHS Trust', true),
    c('income_reference', false, 'The line\'s income for the year from contracts and statements, for reference; not read.', '£8,000,000.00', true),
    c('annual_activity', false, 'Units of activity a year (spells, attendances). Blank: taken from the contracts\' plans.', '3000'),
    c('activity_unit', false, 'What one unit is.', 'spells'),
    c('variable_cost_share', true, 'Share of income that is variable cost (consumables, drugs): 0 to 1, or a percentage.', '0.25'),
    c('semi_fixed_step_volume', false, 'Activity a year one step of semi-fixed cost (a theatre list, a clinic) covers. With semi_fixed_step_cost.', '1100'),
    c('semi_fixed_step_cost', false, 'Cost of one step a year, pounds. With semi_fixed_step_volume.', '£500,000'),
    c('fixed_cost', true, 'Cost a year that stays when activity goes (estate, equipment, overheads), pounds, excluding the workforce below.', '£3,000,000'),
    c('minimum_viable_volume', false, 'Below this activity a year the line closes (blank: no volume test).', '1800'),
    c('max_annual_loss', false, 'The line fails when its last 12 months lose more than this, pounds (blank: no financial test).', '£250,000'),
    c('supported_by', false, 'Service line of the same provider whose contribution carries part of this line\'s fixed cost (trauma by elective orthopaedics). With supported_share.', 'MSK-ELECTIVE'),
    c('supported_share', false, 'Share of this line\'s fixed cost the supporting line carries: 0 to 1, or a percentage.', '0.5'),
    c('nearest_providers', false, 'Where this line\'s patients go if it closes, nearest first: ODS codes separated by ";".', 'RD8'),
    ...COMMON_TAIL,
  ],
  workforce: [
    c('provider', true, 'ODS code of the provider.', 'RC1'),
    c('service', true, 'Service line code.', 'TRAUMA-ORTHO'),
    c('staff_group', true, 'consultant, nurse, physiotherapist...', 'consultant'),
    c('headcount', true, 'Whole-time equivalents in post (a whole number).', '7'),
    c('annual_unit_cost', true, 'Cost of one whole-time equivalent a year, pounds (pay and on-costs).', '£150,000'),
    c('minimum_viable', true, 'Below this many the line cannot run a safe rota and closes (a whole number, at most the headcount).', '7'),
    ...COMMON_TAIL,
  ],
  providers: [
    c('provider', true, 'ODS code of the provider.', 'RC1'),
    c('provider_name', false, 'For reference; not read.', 'Bedford Hospital NHS Trust', true),
    c('opening_cash', false, 'Cash at the economy date, pounds (blank: cash is not modelled).', '£4,000,000'),
    c('latitude', false, 'Where the main site is (decimal degrees), for "nearest provider" when none are entered. With longitude.', '52.127'),
    c('longitude', false, 'With latitude.', '-0.467'),
    ...COMMON_TAIL,
  ],
};

/** Sheet names in the workbook. */
export const TEMPLATE_SHEETS: Readonly<Record<TemplateTable, string>> = {
  'service-lines': 'Service lines',
  workforce: 'Workforce',
  providers: 'Providers',
};

// ---------------------------------------------------------------------------------------------
// Results

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export interface RejectedRow {
  /** 1-based line of the CSV file, or row of the sheet (the header is 1). */
  readonly line: number;
  readonly sheet?: string;
  /** What the row was about, e.g. 'RC1 TRAUMA-ORTHO consultant'. */
  readonly row: string;
  readonly issues: readonly FieldIssue[];
}

export interface TableReport<E> {
  readonly table: TemplateTable;
  readonly rowsRead: number;
  /** Valid rows, ready to store (each with its line). */
  readonly accepted: readonly E[];
  readonly rejected: readonly RejectedRow[];
  /** Pre-filled rows left blank (only the provider and service filled in): skipped, not rejected. */
  readonly blank: number;
  /** Columns in the file the template does not know (ignored). */
  readonly ignoredColumns: readonly string[];
}

export interface CostUpload {
  readonly serviceLines?: TableReport<Draft<ServiceLineEntry>>;
  readonly workforce?: TableReport<Draft<WorkforceEntry>>;
  readonly providers?: TableReport<Draft<ProviderEntry>>;
}

/**
 * What the rows are checked against, when the caller knows the economy: provider codes, service
 * codes, and the provider x service lines that have income. Omitted parts are not checked.
 */
export interface TemplateContext {
  readonly providers?: ReadonlySet<string>;
  readonly services?: ReadonlySet<string>;
  /** 'RC1 TRAUMA-ORTHO' for each line with income. */
  readonly lines?: ReadonlySet<string>;
}

/** The context of an economy: its providers, services and lines. */
export function templateContextOf(economy: Economy): TemplateContext {
  return {
    providers: new Set(economy.providers.map((p) => p.code)),
    services: new Set(economy.providers.flatMap((p) => p.serviceLines.map((l) => l.service))),
    lines: new Set(economy.providers.flatMap((p) => p.serviceLines.map((l) => `${p.code} ${l.service}`))),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading rows

/** One row of text cells by column name, and where it came from. */
export interface RawRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

const headerName = (h: string) => h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');

/** Which table a header row belongs to: the one all of whose required columns it has. */
function tableOfHeader(header: readonly string[]): TemplateTable | null {
  const names = new Set(header.map(headerName));
  const fits = (Object.keys(TEMPLATE_COLUMNS) as TemplateTable[]).filter((t) => TEMPLATE_COLUMNS[t].every((col) => !col.required || names.has(col.name)));
  // Workforce and service lines both need provider and service; the more specific wins.
  for (const t of ['workforce', 'service-lines', 'providers'] as const) if (fits.includes(t)) return t;
  return null;
}

class Row {
  readonly issues: FieldIssue[] = [];
  constructor(readonly raw: RawRow) {}

  text(field: string): string {
    return (this.raw.cells[field] ?? '').trim();
  }
  fail(field: string, message: string): undefined {
    this.issues.push({ field, message });
    return undefined;
  }
  required(field: string): string | undefined {
    const v = this.text(field);
    return v === '' ? this.fail(field, 'is required') : v;
  }
  code(field: string, required: boolean): string | undefined {
    const v = required ? this.required(field) : this.text(field) || undefined;
    if (v === undefined) return undefined;
    const up = v.toUpperCase();
    return /^[A-Z0-9][A-Z0-9-]{1,29}$/.test(up) ? up : this.fail(field, `"${v}" is not a code (letters, digits and hyphens)`);
  }
  pounds(field: string, { required = false, min = -Infinity }: { required?: boolean; min?: number } = {}): Pence | undefined {
    const v = required ? this.required(field) : this.text(field) || undefined;
    if (v === undefined) return undefined;
    let p: Pence;
    try {
      p = parsePounds(v);
    } catch {
      return this.fail(field, `"${v}" is not an amount in pounds with at most 2 decimal places`);
    }
    return p < min ? this.fail(field, min === 0 ? 'must not be negative' : `must be at least ${min}`) : p;
  }
  share(field: string, required: boolean): Micros | undefined {
    const v = required ? this.required(field) : this.text(field) || undefined;
    if (v === undefined) return undefined;
    let m: Micros;
    try {
      if (v.endsWith('%')) {
        const scaled = parseMicros(v.slice(0, -1).trim());
        if (scaled % 100 !== 0) return this.fail(field, `"${v}" has more than 4 decimal places of a percent`);
        m = scaled / 100;
      } else m = parseMicros(v);
    } catch {
      return this.fail(field, `"${v}" is not a share: a decimal from 0 to 1 (at most 6 places) or a percentage`);
    }
    return m < 0 || m > 1_000_000 ? this.fail(field, 'must be between 0 and 1 (0% and 100%)') : m;
  }
  whole(field: string, { required = false, min = 0 }: { required?: boolean; min?: number } = {}): number | undefined {
    const v = required ? this.required(field) : this.text(field) || undefined;
    if (v === undefined) return undefined;
    const cleaned = v.replace(/,/g, '');
    if (!/^-?\d{1,12}$/.test(cleaned)) return this.fail(field, `"${v}" is not a whole number`);
    const n = Number(cleaned);
    return n < min ? this.fail(field, `must be at least ${min}`) : n;
  }
  decimal(field: string, lo: number, hi: number): number | undefined {
    const v = this.text(field);
    if (v === '') return undefined;
    const n = Number(v);
    return /^-?\d+(\.\d+)?$/.test(v) && n >= lo && n <= hi ? n : this.fail(field, `"${v}" is not a number from ${lo} to ${hi}`);
  }
  /** Two fields that go together: one filled in and the other blank names the blank one. */
  pair(a: string, b: string, message: string): void {
    const hasA = this.text(a) !== '';
    const hasB = this.text(b) !== '';
    if (hasA !== hasB) this.fail(hasA ? b : a, message);
  }
  yesNo(field: string): boolean {
    const v = this.text(field).toLowerCase();
    if (v === '' || ['no', 'n', 'false', '0'].includes(v)) return false;
    if (['yes', 'y', 'true', '1'].includes(v)) return true;
    this.fail(field, `"${this.text(field)}" is not yes or no`);
    return false;
  }
  common(): { illustrative: boolean; note?: string; line: number } {
    const note = this.text('note');
    return { illustrative: this.yesNo('illustrative'), ...(note ? { note } : {}), line: this.raw.line };
  }
}

/** Checks a provider x service pair against the context, naming the field at fault. */
function checkLine(r: Row, provider: string | undefined, service: string | undefined, ctx: TemplateContext): void {
  if (provider && ctx.providers && !ctx.providers.has(provider)) r.fail('provider', `${provider} is not a provider in this economy`);
  else if (service && ctx.services && !ctx.services.has(service) && !ctx.lines) r.fail('service', `${service} is not a service in this economy`);
  else if (provider && service && ctx.lines && !ctx.lines.has(`${provider} ${service}`)) {
    r.fail('service', `${provider} has no ${service} service line with income in this economy`);
  }
}

function serviceLineRow(r: Row, ctx: TemplateContext): Draft<ServiceLineEntry> | undefined {
  const provider = r.code('provider', true);
  const service = r.code('service', true);
  checkLine(r, provider, service, ctx);
  const annualActivity = r.whole('annual_activity', { min: 1 });
  const variableCostShare = r.share('variable_cost_share', true);
  const stepVolume = r.whole('semi_fixed_step_volume', { min: 1 });
  const stepCost = r.pounds('semi_fixed_step_cost', { min: 0 });
  r.pair('semi_fixed_step_volume', 'semi_fixed_step_cost', 'give both the step volume and the step cost, or neither');
  const fixedCost = r.pounds('fixed_cost', { required: true, min: 0 });
  const minimumViableVolume = r.whole('minimum_viable_volume', { min: 0 });
  const maxAnnualLoss = r.pounds('max_annual_loss', { min: 0 });
  const supportedBy = r.code('supported_by', false);
  const supportedShare = r.share('supported_share', false);
  r.pair('supported_by', 'supported_share', 'give both the supporting service line and the share it carries, or neither');
  if (supportedBy && supportedBy === service) r.fail('supported_by', 'must be another service line of the provider');
  else if (supportedBy && provider && ctx.lines && !ctx.lines.has(`${provider} ${supportedBy}`)) {
    r.fail('supported_by', `${provider} has no ${supportedBy} service line with income in this economy`);
  }
  const nearest = r.text('nearest_providers').split(/[;\s]+/).filter(Boolean).map((x) => x.toUpperCase());
  nearest.forEach((n) => {
    if (!/^[A-Z0-9]{3,9}$/.test(n)) r.fail('nearest_providers', `"${n}" is not an ODS code`);
    else if (n === provider) r.fail('nearest_providers', 'must not name the provider itself');
    else if (ctx.providers && !ctx.providers.has(n)) r.fail('nearest_providers', `${n} is not a provider in this economy`);
  });
  const activityUnit = r.text('activity_unit');
  const common = r.common();
  if (r.issues.length > 0) return undefined;
  return {
    provider: provider!,
    service: service!,
    ...(annualActivity !== undefined ? { annualActivity } : {}),
    ...(activityUnit ? { activityUnit } : {}),
    variableCostShare: variableCostShare!,
    ...(stepVolume !== undefined && stepCost !== undefined ? { semiFixed: { annualVolumePerStep: stepVolume, annualCostPerStep: stepCost } } : {}),
    fixedCost: fixedCost!,
    ...(minimumViableVolume !== undefined ? { minimumViableVolume } : {}),
    ...(maxAnnualLoss !== undefined ? { maxAnnualLoss } : {}),
    ...(supportedBy !== undefined && supportedShare !== undefined ? { supportedBy: { service: supportedBy, share: supportedShare } } : {}),
    ...(nearest.length > 0 ? { nearestProviders: nearest } : {}),
    ...common,
  };
}

function workforceRow(r: Row, ctx: TemplateContext): Draft<WorkforceEntry> | undefined {
  const provider = r.code('provider', true);
  const service = r.code('service', true);
  checkLine(r, provider, service, ctx);
  const staffGroup = r.required('staff_group')?.toLowerCase();
  const headcount = r.whole('headcount', { required: true, min: 0 });
  const annualUnitCost = r.pounds('annual_unit_cost', { required: true, min: 1 });
  const minimumViable = r.whole('minimum_viable', { required: true, min: 0 });
  if (headcount !== undefined && minimumViable !== undefined && minimumViable > headcount) {
    r.fail('minimum_viable', `must not be more than the headcount (${headcount})`);
  }
  const common = r.common();
  if (r.issues.length > 0) return undefined;
  return { provider: provider!, service: service!, staffGroup: staffGroup!, headcount: headcount!, annualUnitCost: annualUnitCost!, minimumViable: minimumViable!, ...common };
}

function providerRow(r: Row, ctx: TemplateContext): Draft<ProviderEntry> | undefined {
  const provider = r.code('provider', true);
  if (provider && ctx.providers && !ctx.providers.has(provider)) r.fail('provider', `${provider} is not a provider in this economy`);
  const openingCash = r.pounds('opening_cash');
  const lat = r.decimal('latitude', -90, 90);
  const lon = r.decimal('longitude', -180, 180);
  r.pair('latitude', 'longitude', 'give both latitude and longitude, or neither');
  const common = r.common();
  if (r.issues.length > 0) return undefined;
  return {
    provider: provider!,
    ...(openingCash !== undefined ? { openingCash } : {}),
    ...(lat !== undefined && lon !== undefined ? { location: { lat, lon } } : {}),
    ...common,
  };
}

const KEY_COLUMNS: Readonly<Record<TemplateTable, readonly string[]>> = {
  'service-lines': ['provider', 'service'],
  workforce: ['provider', 'service', 'staff_group'],
  providers: ['provider'],
};

/**
 * Validates one table's rows: each row on its own, then a second row for the same key is rejected
 * naming the first. Rows with nothing but the pre-filled columns are skipped as blank.
 *
 * @example validateRows('workforce', [{ line: 2, cells: { provider: 'RC1', service: 'TRAUMA-ORTHO', staff_group: 'consultant', headcount: '7', annual_unit_cost: '£150,000', minimum_viable: '7' } }]).accepted[0].headcount // 7
 */
export function validateRows(table: 'service-lines', rows: readonly RawRow[], ctx?: TemplateContext, sheet?: string): TableReport<Draft<ServiceLineEntry>>;
export function validateRows(table: 'workforce', rows: readonly RawRow[], ctx?: TemplateContext, sheet?: string): TableReport<Draft<WorkforceEntry>>;
export function validateRows(table: 'providers', rows: readonly RawRow[], ctx?: TemplateContext, sheet?: string): TableReport<Draft<ProviderEntry>>;
export function validateRows(table: TemplateTable, rows: readonly RawRow[], ctx: TemplateContext = {}, sheet?: string): TableReport<unknown> {
  const columns = TEMPLATE_COLUMNS[table];
  const prefilled = new Set([...KEY_COLUMNS[table].filter((k) => k !== 'staff_group'), ...columns.filter((col) => col.reference).map((col) => col.name)]);
  const accepted: unknown[] = [];
  const rejected: RejectedRow[] = [];
  const firstLine = new Map<string, number>();
  let blank = 0;
  let read = 0;
  for (const raw of rows) {
    const filled = Object.entries(raw.cells).filter(([, v]) => v.trim() !== '');
    if (filled.length === 0) continue;
    read++;
    if (filled.every(([k]) => prefilled.has(k))) {
      blank++;
      continue;
    }
    const r = new Row(raw);
    const entry = table === 'service-lines' ? serviceLineRow(r, ctx) : table === 'workforce' ? workforceRow(r, ctx) : providerRow(r, ctx);
    const label = KEY_COLUMNS[table].map((k) => (k === 'staff_group' ? r.text(k).toLowerCase() : r.text(k).toUpperCase())).filter(Boolean).join(' ');
    if (entry) {
      const key = label;
      const first = firstLine.get(key);
      if (first !== undefined) {
        rejected.push({ line: raw.line, ...(sheet ? { sheet } : {}), row: label, issues: [{ field: KEY_COLUMNS[table].at(-1)!, message: `a second row for ${label} (the first is ${sheet ? 'row' : 'line'} ${first})` }] });
        continue;
      }
      firstLine.set(key, raw.line);
      accepted.push(entry);
    } else rejected.push({ line: raw.line, ...(sheet ? { sheet } : {}), row: label, issues: r.issues });
  }
  return { table, rowsRead: read, accepted, rejected, blank, ignoredColumns: [] };
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * Reads one table from a CSV file (which table is told by its header). Throws
 * ConcordatError('invalid') when the file has no header the template knows.
 *
 * @example parseCostCsv('provider,service,variable_cost_share,fixed_cost\nRC1,TRAUMA-ORTHO,0.25,"£3,000,000"\n').serviceLines!.accepted[0].fixedCost // 300_000_000
 */
export function parseCostCsv(bytes: Uint8Array | string, ctx: TemplateContext = {}): CostUpload {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8').decode(bytes);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsvText(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as unknown as typeof records;
  } catch (e) {
    throw invalid('file', `cannot be read as CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) throw invalid('file', 'the file is empty');
  const header = records[0].record.map(headerName);
  const table = tableOfHeader(header);
  if (!table) throw invalid('line 1', `not a template header: expected the columns of ${templateHeaders()}`);
  const rows: RawRow[] = [];
  const misaligned: RejectedRow[] = [];
  for (const { record, info } of records.slice(1)) {
    // info.lines is where the record ends; a quoted field may span lines, so count back to its start.
    const inner = record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - inner;
    // A row with more or fewer fields than the header would put values under the wrong columns.
    if (record.length !== header.length && record.some((f) => f.trim() !== '')) {
      misaligned.push({ line, row: record.slice(0, 2).join(' ').toUpperCase(), issues: [{ field: 'line', message: `${record.length} fields, expected ${header.length} (as in the header)` }] });
      continue;
    }
    rows.push({ line, cells: Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])) });
  }
  const report = validateWithIgnored(table, header, rows, ctx);
  const rejected = [...report.rejected, ...misaligned].sort((a, b) => a.line - b.line);
  return reportFor(table, { ...report, rowsRead: report.rowsRead + misaligned.length, rejected });
}

function templateHeaders(): string {
  return (Object.keys(TEMPLATE_COLUMNS) as TemplateTable[])
    .map((t) => `${TEMPLATE_SHEETS[t]} (${TEMPLATE_COLUMNS[t].filter((col) => col.required).map((col) => col.name).join(', ')})`)
    .join(', or ');
}

function validateWithIgnored(table: TemplateTable, header: readonly string[], rows: RawRow[], ctx: TemplateContext, sheet?: string): TableReport<unknown> {
  const known = new Set(TEMPLATE_COLUMNS[table].map((col) => col.name));
  const report = validateRows(table as 'service-lines', rows, ctx, sheet) as TableReport<unknown>;
  return { ...report, ignoredColumns: header.filter((h) => h !== '' && !known.has(h)) };
}

function reportFor(table: TemplateTable, report: TableReport<unknown>): CostUpload {
  if (table === 'service-lines') return { serviceLines: report as TableReport<Draft<ServiceLineEntry>> };
  if (table === 'workforce') return { workforce: report as TableReport<Draft<WorkforceEntry>> };
  return { providers: report as TableReport<Draft<ProviderEntry>> };
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** A cell as the text a person sees; numbers to 15 significant digits (so 0.1+0.2 reads 0.3). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return '';
  }
  return String(value);
}

/**
 * Reads every template sheet of an XLSX workbook (sheets are found by name, else by header).
 * Throws ConcordatError('invalid') when the bytes are not a workbook or no sheet is a template.
 */
export async function parseCostWorkbook(bytes: Uint8Array, ctx: TemplateContext = {}): Promise<CostUpload> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw invalid('file', `cannot be read as an XLSX workbook: ${(e as Error).message}`);
  }
  const out: { serviceLines?: TableReport<unknown>; workforce?: TableReport<unknown>; providers?: TableReport<unknown> } = {};
  for (const ws of wb.worksheets) {
    const header: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (header[col - 1] = headerName(cellText(cell.value))));
    const byName = (Object.keys(TEMPLATE_SHEETS) as TemplateTable[]).find((t) => TEMPLATE_SHEETS[t].toLowerCase() === ws.name.trim().toLowerCase());
    const table = byName && tableOfHeader(header) === byName ? byName : tableOfHeader(header);
    if (!table) continue; // the "Read me" sheet, or a sheet of the user's own
    const rows: RawRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      if (n === 1) return;
      const cells: Record<string, string> = {};
      header.forEach((h, i) => {
        if (h) cells[h] = cellText(row.getCell(i + 1).value);
      });
      rows.push({ line: n, cells });
    });
    const report = validateWithIgnored(table, header.filter(Boolean), rows, ctx, ws.name);
    const key = table === 'service-lines' ? 'serviceLines' : table;
    if (out[key]) throw invalid(['sheet', ws.name], `a second ${TEMPLATE_SHEETS[table]} sheet; put the rows in one`);
    out[key] = report;
  }
  if (!out.serviceLines && !out.workforce && !out.providers) throw invalid('file', `no sheet is a template: expected a sheet with the columns of ${templateHeaders()}`);
  return out as CostUpload;
}

// ---------------------------------------------------------------------------------------------
// The blank template

/** A service line to pre-fill. */
export interface TemplateLine {
  readonly provider: string;
  readonly providerName: string;
  readonly service: string;
  /** The line's income for the year (shown for reference). */
  readonly annualIncome?: Pence;
}

export interface TemplatePrefill {
  readonly lines: readonly TemplateLine[];
  /** Entries already stored, to fill in the values (a download of what is there). */
  readonly serviceLines?: readonly Draft<ServiceLineEntry>[];
  readonly workforce?: readonly Draft<WorkforceEntry>[];
  readonly providers?: readonly Draft<ProviderEntry>[];
}

/** The lines of an economy (optionally one provider's) to pre-fill a template with. */
export function templateLinesOf(economy: Economy, provider?: string): TemplateLine[] {
  return economy.providers
    .filter((p) => provider === undefined || p.code === provider)
    .flatMap((p) => p.serviceLines.map((l) => ({ provider: p.code, providerName: p.name, service: l.service, annualIncome: l.income.reduce((s, i) => s + i.annualIncome, 0) })));
}

const poundsText = (p: Pence) => {
  const neg = p < 0;
  const abs = Math.abs(p);
  return `${neg ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};
const shareText = (m: Micros) => {
  const whole = Math.floor(m / 1_000_000);
  const frac = String(m % 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
};

function serviceLineCells(line: TemplateLine, e: Draft<ServiceLineEntry> | undefined): Record<string, string> {
  return {
    provider: line.provider,
    service: line.service,
    provider_name: line.providerName,
    income_reference: line.annualIncome !== undefined ? poundsText(line.annualIncome) : '',
    annual_activity: e?.annualActivity !== undefined ? String(e.annualActivity) : '',
    activity_unit: e?.activityUnit ?? '',
    variable_cost_share: e ? shareText(e.variableCostShare) : '',
    semi_fixed_step_volume: e?.semiFixed ? String(e.semiFixed.annualVolumePerStep) : '',
    semi_fixed_step_cost: e?.semiFixed ? poundsText(e.semiFixed.annualCostPerStep) : '',
    fixed_cost: e ? poundsText(e.fixedCost) : '',
    minimum_viable_volume: e?.minimumViableVolume !== undefined ? String(e.minimumViableVolume) : '',
    max_annual_loss: e?.maxAnnualLoss !== undefined ? poundsText(e.maxAnnualLoss) : '',
    supported_by: e?.supportedBy?.service ?? '',
    supported_share: e?.supportedBy ? shareText(e.supportedBy.share) : '',
    nearest_providers: (e?.nearestProviders ?? []).join(';'),
    illustrative: e ? (e.illustrative ? 'yes' : 'no') : '',
    note: e?.note ?? '',
  };
}

function workforceCells(e: Draft<WorkforceEntry> | { provider: string; service: string }): Record<string, string> {
  const w = 'staffGroup' in e ? e : undefined;
  return {
    provider: e.provider,
    service: e.service,
    staff_group: w?.staffGroup ?? '',
    headcount: w ? String(w.headcount) : '',
    annual_unit_cost: w ? poundsText(w.annualUnitCost) : '',
    minimum_viable: w ? String(w.minimumViable) : '',
    illustrative: w ? (w.illustrative ? 'yes' : 'no') : '',
    note: w?.note ?? '',
  };
}

function providerCells(code: string, name: string, e: Draft<ProviderEntry> | undefined): Record<string, string> {
  return {
    provider: code,
    provider_name: name,
    opening_cash: e?.openingCash !== undefined ? poundsText(e.openingCash) : '',
    latitude: e?.location ? String(e.location.lat) : '',
    longitude: e?.location ? String(e.location.lon) : '',
    illustrative: e ? (e.illustrative ? 'yes' : 'no') : '',
    note: e?.note ?? '',
  };
}

/** The rows of each table for a pre-fill: one per line (per staff group entered, else one blank per line). */
export function templateRows(prefill: TemplatePrefill): Record<TemplateTable, Record<string, string>[]> {
  const key = (p: string, s: string) => `${p} ${s}`;
  const lineEntries = new Map((prefill.serviceLines ?? []).map((e) => [key(e.provider, e.service), e]));
  const serviceLines = prefill.lines.map((l) => serviceLineCells(l, lineEntries.get(key(l.provider, l.service))));
  const workforce = prefill.lines.flatMap((l) => {
    const groups = (prefill.workforce ?? []).filter((w) => w.provider === l.provider && w.service === l.service);
    return groups.length > 0 ? groups.map(workforceCells) : [workforceCells({ provider: l.provider, service: l.service })];
  });
  const names = new Map<string, string>();
  for (const l of prefill.lines) names.set(l.provider, l.providerName);
  const providerEntries = new Map((prefill.providers ?? []).map((e) => [e.provider, e]));
  const providers = [...names.entries()].map(([code, name]) => providerCells(code, name, providerEntries.get(code)));
  return { 'service-lines': serviceLines, workforce, providers };
}

const csvField = (v: string) => (/[",\n\r]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * One table of the template as CSV, pre-filled with the lines (and any entries given).
 *
 * @example costTemplateCsv('service-lines', { lines: [{ provider: 'RC1', providerName: 'Bedford Hospital NHS Trust', service: 'TRAUMA-ORTHO' }] })
 */
export function costTemplateCsv(table: TemplateTable, prefill: TemplatePrefill): string {
  const columns = TEMPLATE_COLUMNS[table].map((col) => col.name);
  const rows = templateRows(prefill)[table];
  return `${[columns.join(','), ...rows.map((r) => columns.map((col) => csvField(r[col] ?? '')).join(','))].join('\r\n')}\r\n`;
}

/**
 * The template as an XLSX workbook: a "Read me" sheet with every column's meaning, then one sheet
 * per table, pre-filled with the lines (and any entries given). Reference columns are grey.
 */
export async function costTemplateXlsx(prefill: TemplatePrefill): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Concordat';
  const readMe = wb.addWorksheet('Read me');
  readMe.columns = [{ width: 16 }, { width: 26 }, { width: 10 }, { width: 90 }, { width: 24 }];
  readMe.addRow(['Concordat cost and workforce template']).font = { bold: true, size: 14 };
  readMe.addRow(['Fill in one row per service line (and per staff group). Amounts in pounds; shares as 0.35 or 35%. Grey columns are for reference and are not read. Rows with only the provider and service filled in are skipped.']);
  readMe.addRow([]);
  readMe.addRow(['Sheet', 'Column', 'Required', 'What to write', 'Example']).font = { bold: true };
  for (const t of Object.keys(TEMPLATE_COLUMNS) as TemplateTable[]) {
    for (const col of TEMPLATE_COLUMNS[t]) readMe.addRow([TEMPLATE_SHEETS[t], col.name, col.reference ? 'reference' : col.required ? 'yes' : 'no', col.help, col.example]);
  }
  const rows = templateRows(prefill);
  for (const t of Object.keys(TEMPLATE_COLUMNS) as TemplateTable[]) {
    const ws = wb.addWorksheet(TEMPLATE_SHEETS[t], { views: [{ state: 'frozen', ySplit: 1 }] });
    const columns = TEMPLATE_COLUMNS[t];
    ws.columns = columns.map((col) => ({ header: col.name, key: col.name, width: Math.max(12, col.name.length + 2) }));
    ws.getRow(1).font = { bold: true };
    for (const r of rows[t]) ws.addRow(columns.map((col) => r[col.name] ?? ''));
    columns.forEach((col, i) => {
      if (!col.reference) return;
      ws.getColumn(i + 1).eachCell((cell) => {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDEE' } };
      });
    });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
