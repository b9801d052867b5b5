/**
 * Stored economies as use cases: an organisation's economy (private, shared across the economy,
 * or published), its versions built as at a date from the contracts, statements and plans the
 * builder may see plus the figures entered on top, and each version read back with where every
 * figure came from. A version keeps its input and the economy built from it, so a scenario run on
 * it today and in a year gives the same result; building again when nothing changed returns the
 * version already there.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { conflict, invalid, notFound } from '../../domain/errors.ts';
import { buildEconomy, type Economy } from '../../domain/impact/index.ts';
import type { Issue } from '../../domain/errors.ts';
import { schemeYearOf } from '../../domain/tariff/index.ts';
import { economyScope } from '../../storage/ledger/sealed.ts';
import * as repo from '../../storage/repositories/economies.ts';
import type { Scope } from '../scope.ts';
import { economyInputFromStore } from './economy-input.ts';

export const SHARINGS: readonly repo.EconomySharing[] = ['private', 'economy', 'published'];
const ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export interface EconomyView extends repo.EconomyRow {
  readonly versions: readonly repo.VersionSummaryRow[];
  /** What the caller may do to this economy now (the web shows only these actions). */
  readonly youMay: { readonly build: boolean; readonly enter: boolean; readonly share: boolean; readonly edit: boolean; readonly saveScenario: boolean };
}

async function viewOf(ctx: Scope, e: repo.EconomyRow): Promise<EconomyView> {
  const [versions, build, enter, share, edit, saveScenario] = await Promise.all([
    repo.versionsOf(ctx.db, e.id),
    ctx.mayOnEconomy('economy.build', e),
    ctx.mayOnEconomy('economy.enter', e),
    ctx.mayOnEconomy('economy.share', e),
    ctx.mayOnEconomy('economy.edit', e),
    ctx.mayOnEconomy('scenario.save', e),
  ]);
  return { ...e, versions, youMay: { build, enter, share, edit, saveScenario } };
}

/** Economies the caller may read, each with its versions. */
export async function listEconomies(ctx: Scope): Promise<EconomyView[]> {
  const rows = await repo.listEconomies(ctx.db, ctx.readsAcrossEconomy ? null : ctx.actor.organisationCode);
  return Promise.all(rows.map((e) => viewOf(ctx, e)));
}

export async function getEconomy(ctx: Scope, id: string): Promise<EconomyView> {
  return viewOf(ctx, await ctx.economy(id));
}

export interface NewEconomyInput {
  /** Lower-case letters, digits and hyphens; default: from the name. */
  readonly id?: string;
  readonly name: string;
  readonly description?: string;
  readonly sharing?: repo.EconomySharing;
  /** Only the system (the demo, imports) names another owner; a user's economy is its organisation's. */
  readonly ownerOrganisation?: string;
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'economy';

/** Creates an economy owned by the caller's organisation (empty until a version is built). */
export async function createEconomy(ctx: Scope, input: NewEconomyInput): Promise<EconomyView> {
  await ctx.require('economy.create');
  const issues: Issue[] = [];
  if (input.name.trim() === '') issues.push({ path: ['name'], message: 'give the economy a name' });
  if (input.id !== undefined && !ID.test(input.id)) issues.push({ path: ['id'], message: 'must be 2-63 lower-case letters, digits and hyphens, starting with a letter or digit' });
  if (input.sharing !== undefined && !SHARINGS.includes(input.sharing)) issues.push({ path: ['sharing'], message: `must be one of ${SHARINGS.join(', ')}` });
  if (input.ownerOrganisation !== undefined && !ctx.isSystem && input.ownerOrganisation !== ctx.actor.organisationCode) {
    issues.push({ path: ['ownerOrganisation'], message: 'an economy you create is owned by your own organisation' });
  }
  if (issues.length) throw invalid(issues[0].path, issues[0].message);
  const owner = input.ownerOrganisation ?? ctx.actor.organisationCode;
  const id = input.id ?? `${slug(input.name)}-${randomBytes(3).toString('hex')}`;
  const row: repo.EconomyRow = {
    id, ownerOrganisation: owner, name: input.name.trim(), description: (input.description ?? '').trim(), sharing: input.sharing ?? 'private',
    createdBy: ctx.actor.userId, createdAt: ctx.clock.now().toISOString(),
  };
  await ctx.write([economyScope(id)], async (w) => {
    if (await repo.findEconomy(w.db, id)) throw conflict(`an economy with id ${id} already exists`);
    if (!(await w.db.selectFrom('organisations').select('code').where('code', '=', owner).executeTakeFirst())) {
      throw invalid('ownerOrganisation', `unknown organisation "${owner}"`);
    }
    await repo.insertEconomy(w.db, row);
    await w.record({ action: 'economy.create', entityType: 'economy', entityId: id, detail: { name: row.name, owner, sharing: row.sharing } });
  });
  return getEconomy(ctx, id);
}

export interface EconomyDetailsInput {
  readonly name?: string;
  readonly description?: string;
}

/**
 * The owner renames its economy or corrects its description: its id, versions and scenarios stay as
 * they are. Audited with the old and new text.
 */
export async function editEconomy(ctx: Scope, id: string, input: EconomyDetailsInput): Promise<EconomyView> {
  if (input.name === undefined && input.description === undefined) throw invalid('name', 'give a new name or description');
  if (input.name !== undefined && input.name.trim() === '') throw invalid('name', 'give the economy a name');
  if (input.name !== undefined && input.name.trim().length > 120) throw invalid('name', 'must be at most 120 characters');
  if (input.description !== undefined && input.description.trim().length > 2000) throw invalid('description', 'must be at most 2,000 characters');
  await ctx.economy(id, 'economy.edit');
  await ctx.write([economyScope(id)], async (w) => {
    const e = await repo.findEconomy(w.db, id);
    if (!e) throw notFound(`economy ${id}`);
    const next = { name: input.name?.trim() ?? e.name, description: input.description?.trim() ?? e.description };
    if (next.name === e.name && next.description === e.description) return;
    await repo.setEconomyDetails(w.db, id, next);
    await w.record({ action: 'economy.edit', entityType: 'economy', entityId: id, detail: { from: { name: e.name, description: e.description }, to: next } });
  });
  return getEconomy(ctx, id);
}

/** The owner keeps its economy private, shares it across the economy or publishes it. */
export async function shareEconomy(ctx: Scope, id: string, sharing: repo.EconomySharing): Promise<EconomyView> {
  if (!SHARINGS.includes(sharing)) throw invalid('sharing', `must be one of ${SHARINGS.join(', ')}`);
  const e = await ctx.economy(id, 'economy.share');
  await ctx.write([economyScope(id)], async (w) => {
    await repo.setEconomySharing(w.db, id, sharing);
    await w.record({ action: 'economy.share', entityType: 'economy', entityId: id, detail: { from: e.sharing, to: sharing } });
  });
  return getEconomy(ctx, id);
}

export interface BuildResult {
  readonly version: repo.VersionSummaryRow;
  /** False when the data was unchanged since a version as at the same date: that version is returned. */
  readonly created: boolean;
  readonly warnings: readonly { path: string; message: string }[];
}

const issueText = (i: Issue) => ({ path: i.path.join('.'), message: i.message });

/**
 * Builds a version of the economy as at a date: reads what the builder may see (economy-input.ts),
 * builds it (the domain's builder), and stores input, economy and warnings, sealed. When the input's
 * fingerprint equals the latest version's as at the same date, nothing is stored and that version
 * is returned.
 */
export async function buildVersion(ctx: Scope, id: string, asAt: string): Promise<BuildResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asAt)) throw invalid('asAt', 'must be a date written YYYY-MM-DD');
  const e = await ctx.economy(id, 'economy.build');
  return ctx.write([economyScope(id)], async (w) => {
    // An economy draws only on what its owner may see: the system (the command line) reads as the owner does.
    const reader = w.isSystem && e.ownerOrganisation !== w.actor.organisationCode ? w.readingAs(e.ownerOrganisation) : w;
    const input = await economyInputFromStore(reader, e, asAt);
    const built = buildEconomy(input);
    const versions = await repo.versionsOf(w.db, id);
    const same = [...versions].reverse().find((v) => v.asAt === asAt);
    if (same && same.inputSha256 === built.inputDigest) return { version: same, created: false, warnings: built.warnings.map(issueText) };
    const organisations = [...new Set(input.contracts.flatMap((c) => c.parties.map((p) => p.organisationCode)))].sort();
    const row: repo.VersionRow = {
      id: randomUUID(), economyId: id, seq: (versions.at(-1)?.seq ?? 0) + 1, asAt, year: built.economy.year ?? schemeYearOf(asAt),
      inputSha256: built.inputDigest, input, built: built.economy, warnings: built.warnings.map(issueText), organisations,
      builtBy: w.actor.userId, builtByOrganisation: w.isSystem ? null : w.actor.organisationCode, builtAt: w.clock.now().toISOString(),
    };
    await repo.insertVersion(w.db, row);
    await w.record({
      action: 'economy.build', entityType: 'economy', entityId: id,
      detail: { versionId: row.id, seq: row.seq, asAt, year: row.year, inputSha256: row.inputSha256, contracts: input.contracts.length, warnings: built.warnings.length },
    }, [{ kind: 'economy_version', id: row.id }]);
    const { input: _i, built: _b, warnings: _w, organisations: _o, ...summary } = row;
    return { version: summary, created: true, warnings: row.warnings as { path: string; message: string }[] };
  });
}

/** How to pick a version: by id; else the latest built as at a date (exactly, else the last before it); else the latest. */
export interface VersionChoice {
  readonly version?: string;
  readonly asAt?: string;
}

/**
 * The version a choice names. A date picks the latest version built as at that date, else the one
 * with the latest as-at date before it; a scenario's start month picks as at its first day.
 */
export async function resolveVersion(ctx: Scope, economy: repo.EconomyRow, choice: VersionChoice): Promise<repo.VersionRow> {
  const row = await repo.findVersion(ctx.db, economy.id, (await chooseVersion(ctx, economy, choice)).id);
  if (!row) throw notFound(`version of economy ${economy.id}`);
  return row;
}


async function chooseVersion(ctx: Scope, economy: repo.EconomyRow, choice: VersionChoice): Promise<repo.VersionSummaryRow> {
  const versions = await repo.versionsOf(ctx.db, economy.id);
  let chosen: repo.VersionSummaryRow | undefined;
  if (choice.version !== undefined) {
    chosen = versions.find((v) => v.id === choice.version || String(v.seq) === choice.version);
    if (!chosen) throw notFound(`version ${choice.version} of economy ${economy.id}`);
  } else if (choice.asAt !== undefined) {
    const date = choice.asAt.length === 7 ? `${choice.asAt}-01` : choice.asAt;
    const exact = versions.filter((v) => v.asAt === date);
    const before = versions.filter((v) => v.asAt <= date).sort((a, b) => (a.asAt === b.asAt ? a.seq - b.seq : a.asAt < b.asAt ? -1 : 1));
    chosen = exact.at(-1) ?? before.at(-1);
    if (!chosen) {
      throw invalid('economy', `economy ${economy.id} has no version as at ${date} or before${versions.length ? ` (its first is as at ${versions.map((v) => v.asAt).sort()[0]})` : '; build one first'}`);
    }
  } else {
    chosen = versions.at(-1);
    if (!chosen) throw invalid('economy', `economy ${economy.id} has no version yet; build one as at a date first`);
  }
  return chosen;
}

export interface VersionView {
  readonly economy: Omit<EconomyView, 'versions'>;
  readonly version: repo.VersionSummaryRow & { readonly warnings: readonly { path: string; message: string }[] };
  /** The economy as built: providers, service lines, income with the contracts it came from, provenance of every figure. */
  readonly data: Economy;
  /** Where each entry behind a figure came from: the file and line it was uploaded from, who entered it and when. */
  readonly entries: Readonly<Record<string, { sourceFile: string | null; sourceLine: number | null; enteredBy: string; enteredAt: string; current: boolean }>>;
}

/** A version as built, with where each entered figure came from. */
export async function getVersion(ctx: Scope, id: string, choice: VersionChoice): Promise<VersionView> {
  const e = await ctx.economy(id);
  const v = await resolveVersion(ctx, e, choice);
  const data = v.built as Economy;
  const ids = new Set<string>();
  const add = (p: unknown) => {
    const x = p as { kind?: string; entryId?: string } | undefined;
    if (x?.kind === 'entry' && x.entryId) ids.add(x.entryId);
  };
  for (const p of data.providers) {
    add(p.provenance);
    for (const l of p.serviceLines) {
      add(l.provenance?.costs);
      add(l.provenance?.activity);
      for (const g of l.workforce) add(g.provenance);
    }
  }
  for (const pw of data.pathways ?? []) add(pw.provenance);
  const sources = await repo.entrySources(ctx.db, [...ids]);
  const { versions: _v, ...economy } = await viewOf(ctx, e);
  const { input: _i, built: _b, organisations: _o, warnings, ...summary } = v;
  return { economy, version: { ...summary, warnings: warnings as { path: string; message: string }[] }, data, entries: Object.fromEntries(sources) };
}

/** The built economy of a version (for running scenarios), and which version it is. */
export async function economyForRun(ctx: Scope, e: repo.EconomyRow, choice: VersionChoice): Promise<{ economy: Economy; version: repo.VersionSummaryRow }> {
  const chosen = await chooseVersion(ctx, e, choice);
  const v = await repo.findBuilt(ctx.db, e.id, chosen.id);
  if (!v) throw notFound(`version ${chosen.id} of economy ${e.id}`);
  return { economy: v.built as Economy, version: v.summary };
}
