/**
 * The figures entered on top of contracts and statements: service-line cost structure, workforce,
 * provider facts (cash, location) and pathways, per economy and financial year. Entered through the
 * web form (rows of template cells), or the cost and workforce template downloaded pre-filled from
 * the economy's latest version for the year, filled in and uploaded (CSV or XLSX).
 *
 * Every row is validated on its own (cost-template.ts) against the economy's providers and service
 * lines; the valid rows are stored in one transaction, each with the file and line it came from,
 * and the rejected ones reported with line and field. A row for a line that already has an entry
 * supersedes it (the earlier one stays, sealed). Nothing here changes a version: build a new one to
 * use the figures.
 */

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { invalid, invalidMany, type Issue } from '../../domain/errors.ts';
import {
  costTemplateCsv, costTemplateXlsx, parseCostCsv, parseCostWorkbook, templateContextOf, templateLinesOf, validateRows,
  type CostUpload, type Draft, type Economy, type PathwayEntry, type ProviderEntry, type RejectedRow, type ServiceLineEntry,
  type TemplateContext, type TemplateTable, type WorkforceEntry,
} from '../../domain/impact/index.ts';
import { periodsOfSchemeYear } from '../../domain/tariff/index.ts';
import { economyScope } from '../../storage/ledger/sealed.ts';
import * as repo from '../../storage/repositories/economies.ts';
import { normaliseYear } from '../payments/terms.ts';
import type { Scope } from '../scope.ts';

export interface StoredEntry {
  readonly id: string;
  readonly table: repo.EntryKind;
  readonly key: string;
  readonly line: number | null;
  /** The entry this one replaced, if the line already had one. */
  readonly supersedes: string | null;
}

export interface TableOutcome {
  readonly table: TemplateTable;
  readonly rowsRead: number;
  readonly stored: number;
  readonly rejected: readonly RejectedRow[];
  readonly blank: number;
  readonly ignoredColumns: readonly string[];
}

export interface EntryReport {
  readonly economyId: string;
  readonly year: string;
  readonly fileName: string;
  readonly tables: readonly TableOutcome[];
  readonly stored: readonly StoredEntry[];
  /** Rows refused across the tables (each with its line, sheet and fields). */
  readonly rejected: number;
}

const keyOf = (table: repo.EntryKind, e: Record<string, unknown>): string => {
  switch (table) {
    case 'service-lines': return `${e.provider} ${e.service}`;
    case 'workforce': return `${e.provider} ${e.service} ${e.staffGroup}`;
    case 'providers': return String(e.provider);
    case 'pathways': return String(e.pathway);
  }
};

/** The latest version built for the year, whose providers and lines rows are checked against. */
async function latestVersionOfYear(ctx: Scope, economyId: string, year: string): Promise<Economy | null> {
  const versions = (await repo.versionsOf(ctx.db, economyId)).filter((v) => v.year === year);
  const last = versions.at(-1);
  if (!last) return null;
  return ((await repo.findVersion(ctx.db, economyId, last.id))?.built as Economy | undefined) ?? null;
}

async function contextFor(ctx: Scope, economyId: string, year: string): Promise<TemplateContext> {
  const built = await latestVersionOfYear(ctx, economyId, year);
  return built ? templateContextOf(built) : {};
}

/** Stores accepted drafts in one transaction: each entry sealed, one audit record for the lot. */
async function storeDrafts(
  ctx: Scope,
  economyId: string,
  year: string,
  fileName: string,
  drafts: readonly { table: repo.EntryKind; entry: Draft<ServiceLineEntry> | Draft<WorkforceEntry> | Draft<ProviderEntry> | Draft<PathwayEntry> }[],
  action: string,
): Promise<StoredEntry[]> {
  if (drafts.length === 0) return [];
  return ctx.write([economyScope(economyId)], async (w) => {
    const now = w.clock.now().toISOString();
    const stored: StoredEntry[] = [];
    for (const d of drafts) {
      const e = d.entry as unknown as Record<string, unknown>;
      const id = randomUUID();
      const key = keyOf(d.table, e);
      const supersedes = await repo.insertEntry(w.db, {
        id, economyId, year, kind: d.table, key,
        provider: typeof e.provider === 'string' ? e.provider : null,
        service: typeof e.service === 'string' ? e.service : null,
        entry: e, illustrative: Boolean(e.illustrative), note: typeof e.note === 'string' ? e.note : '',
        sourceFile: fileName, sourceLine: typeof e.line === 'number' ? e.line : null,
        enteredBy: w.actor.userId, enteredByOrganisation: w.isSystem ? null : w.actor.organisationCode, enteredAt: now,
      });
      stored.push({ id, table: d.table, key, line: typeof e.line === 'number' ? e.line : null, supersedes });
    }
    const counts: Record<string, number> = {};
    for (const s of stored) counts[s.table] = (counts[s.table] ?? 0) + 1;
    await w.record(
      { action, entityType: 'economy', entityId: economyId, detail: { year, fileName, entries: counts, superseded: stored.filter((s) => s.supersedes).length } },
      stored.map((s) => ({ kind: 'economy_entry' as const, id: s.id })),
    );
    return stored;
  });
}

function outcomes(upload: CostUpload): TableOutcome[] {
  const out: TableOutcome[] = [];
  for (const r of [upload.serviceLines, upload.workforce, upload.providers]) {
    if (!r) continue;
    out.push({ table: r.table, rowsRead: r.rowsRead, stored: r.accepted.length, rejected: r.rejected, blank: r.blank, ignoredColumns: r.ignoredColumns });
  }
  return out;
}

function draftsOf(upload: CostUpload) {
  return [
    ...(upload.serviceLines?.accepted ?? []).map((entry) => ({ table: 'service-lines' as const, entry })),
    ...(upload.workforce?.accepted ?? []).map((entry) => ({ table: 'workforce' as const, entry })),
    ...(upload.providers?.accepted ?? []).map((entry) => ({ table: 'providers' as const, entry })),
  ];
}

export interface UploadInput {
  readonly year: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  /** Default: from the file name (.xlsx is a workbook, anything else CSV). */
  readonly format?: 'csv' | 'xlsx';
}

/**
 * Uploads a filled-in template: every valid row of every table stored (one transaction), every
 * rejected row reported with its line and field. A file that is not a template changes nothing.
 */
export async function uploadEntries(ctx: Scope, economyId: string, input: UploadInput): Promise<EntryReport> {
  const year = normaliseYear(input.year);
  await ctx.economy(economyId, 'economy.enter');
  const context = await contextFor(ctx, economyId, year);
  const xlsx = (input.format ?? (input.fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv')) === 'xlsx';
  const upload = xlsx ? await parseCostWorkbook(input.bytes, context) : parseCostCsv(input.bytes, context);
  const tables = outcomes(upload);
  const stored = await storeDrafts(ctx, economyId, year, input.fileName, draftsOf(upload), 'economy.enter');
  return { economyId, year, fileName: input.fileName, tables, stored, rejected: tables.reduce((s, t) => s + t.rejected.length, 0) };
}

export interface FormRowsInput {
  readonly year: string;
  readonly table: TemplateTable;
  /** Rows as the template's cells by column name (what a person types: "£1,500,000", "40%"). */
  readonly rows: readonly Readonly<Record<string, string>>[];
}

/** Rows entered in the web form: the template's validation, row by row, and the same storing. */
export async function enterRows(ctx: Scope, economyId: string, input: FormRowsInput): Promise<EntryReport> {
  const year = normaliseYear(input.year);
  if (!['service-lines', 'workforce', 'providers'].includes(input.table)) throw invalid('table', 'must be service-lines, workforce or providers');
  await ctx.economy(economyId, 'economy.enter');
  const context = await contextFor(ctx, economyId, year);
  const rows = input.rows.map((cells, i) => ({ line: i + 1, cells }));
  const upload: CostUpload = input.table === 'service-lines' ? { serviceLines: validateRows('service-lines', rows, context) } : input.table === 'workforce'
    ? { workforce: validateRows('workforce', rows, context) } : { providers: validateRows('providers', rows, context) };
  const tables = outcomes(upload);
  const stored = await storeDrafts(ctx, economyId, year, 'web form', draftsOf(upload), 'economy.enter');
  return { economyId, year, fileName: 'web form', tables, stored, rejected: tables.reduce((s, t) => s + t.rejected.length, 0) };
}

const PathwaySchema = z.object({
  pathway: z.string().min(1).max(100),
  name: z.string().min(1).max(500),
  commissioners: z.array(z.string().min(1).max(20)).min(1).max(50),
  steps: z.array(z.string().min(1).max(50)).min(1).max(50),
  illustrative: z.boolean().default(false),
  note: z.string().max(2000).optional(),
}).strict();

/** Patient pathways for the fragmentation index (each checked whole; any problem refuses them all). */
export async function enterPathways(ctx: Scope, economyId: string, yearText: string, pathways: readonly unknown[], fileName = 'web form'): Promise<EntryReport> {
  const year = normaliseYear(yearText);
  await ctx.economy(economyId, 'economy.enter');
  const issues: Issue[] = [];
  const parsed = pathways.map((p, i) => {
    const r = PathwaySchema.safeParse(p);
    if (!r.success) for (const x of r.error.issues) issues.push({ path: ['pathways', i, ...x.path.map((k) => (typeof k === 'symbol' ? String(k) : k))], message: x.message });
    return r.success ? r.data : null;
  });
  if (issues.length) throw invalidMany(issues);
  const drafts = parsed.map((p) => ({ table: 'pathways' as const, entry: p as Draft<PathwayEntry> }));
  const stored = await storeDrafts(ctx, economyId, year, fileName, drafts, 'economy.enter');
  return { economyId, year, fileName, tables: [], stored, rejected: 0 };
}

export interface EntryView extends Omit<repo.EntryRow, 'supersededBy' | 'economyId'> {}

/** The economy's current entries for a year, in order of recording. */
export async function listEntries(ctx: Scope, economyId: string, yearText: string): Promise<EntryView[]> {
  const year = normaliseYear(yearText);
  await ctx.economy(economyId);
  return (await repo.currentEntries(ctx.db, economyId, year)).map(({ supersededBy: _s, economyId: _e, ...r }) => r);
}

export interface TemplateFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

/**
 * The cost and workforce template for a year, pre-filled with the service lines of the latest
 * version built for that year (optionally one provider's) and the figures already entered.
 */
export async function costTemplate(ctx: Scope, economyId: string, options: { year: string; format: 'csv' | 'xlsx'; table?: TemplateTable; provider?: string }): Promise<TemplateFile> {
  const year = normaliseYear(options.year);
  await ctx.economy(economyId);
  periodsOfSchemeYear(year);
  const built = await latestVersionOfYear(ctx, economyId, year);
  const lines = built ? templateLinesOf(built, options.provider) : [];
  const current = await repo.currentEntries(ctx.db, economyId, year);
  const drafts = <E>(kind: repo.EntryKind) => current.filter((r) => r.kind === kind && (!options.provider || r.provider === options.provider)).map((r) => r.entry as E);
  const prefill = {
    lines,
    serviceLines: drafts<Draft<ServiceLineEntry>>('service-lines'),
    workforce: drafts<Draft<WorkforceEntry>>('workforce'),
    providers: drafts<Draft<ProviderEntry>>('providers'),
  };
  const base = `${economyId}-${year.replace('/', '-')}${options.provider ? `-${options.provider}` : ''}`;
  if (options.format === 'xlsx') {
    return { fileName: `${base}-costs.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await costTemplateXlsx(prefill) };
  }
  const table = options.table ?? 'service-lines';
  return { fileName: `${base}-${table}.csv`, contentType: 'text/csv; charset=utf-8', body: costTemplateCsv(table, prefill) };
}
