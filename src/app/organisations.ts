import { notFound } from '../domain/errors.ts';
import type { Organisation, SuccessorLink } from '../domain/registry/organisation.ts';
import * as repo from '../storage/repositories/organisations.ts';
import { listServices, type Service } from '../storage/repositories/services.ts';
import type { Page, UseCaseContext } from './context.ts';

/** The registry is reference data (published by NHS Digital): every signed-in user may read it. */
export async function listOrganisations(
  ctx: UseCaseContext,
  f: Omit<repo.OrganisationFilter, 'limit' | 'offset'> & { limit?: number; offset?: number },
): Promise<Page<Organisation & { readonly parentName: string | null }>> {
  const limit = f.limit ?? 50;
  const offset = f.offset ?? 0;
  const { items, total } = await repo.listOrganisations(ctx.db, { ...f, limit, offset });
  // A parent code the registry does not hold (an ODS parent such as QKK never imported) has no name:
  // the web shows the code without a link rather than a link to nothing.
  const parents = await repo.findOrganisations(ctx.db, items.flatMap((o) => (o.parentCode ? [o.parentCode] : [])));
  return { items: items.map((o) => ({ ...o, parentName: o.parentCode ? parents.get(o.parentCode)?.name ?? null : null })), total, limit, offset };
}

export interface OrganisationDetail {
  readonly organisation: Organisation;
  /** Null when there is no parent code, or the code is not in the registry. */
  readonly parent: Organisation | null;
  /** The region, when its code is in the registry. */
  readonly region: Organisation | null;
  readonly children: readonly Organisation[];
  readonly predecessors: readonly (SuccessorLink & { readonly name: string })[];
  readonly successors: readonly (SuccessorLink & { readonly name: string })[];
}

export async function getOrganisation(ctx: UseCaseContext, code: string): Promise<OrganisationDetail> {
  const organisation = await repo.findOrganisation(ctx.db, code);
  if (!organisation) throw notFound(`organisation ${code}`);
  const [links, children] = await Promise.all([repo.successorLinks(ctx.db, code), repo.childOrganisations(ctx.db, code)]);
  const names = await repo.findOrganisations(ctx.db, [
    ...(organisation.parentCode ? [organisation.parentCode] : []),
    ...(organisation.regionCode ? [organisation.regionCode] : []),
    ...links.predecessors.map((l) => l.predecessorCode),
    ...links.successors.map((l) => l.successorCode),
  ]);
  const nameOf = (c: string) => names.get(c)?.name ?? c;
  return {
    organisation,
    parent: organisation.parentCode ? names.get(organisation.parentCode) ?? null : null,
    region: organisation.regionCode ? names.get(organisation.regionCode) ?? null : null,
    children,
    predecessors: links.predecessors.map((l) => ({ ...l, name: nameOf(l.predecessorCode) })),
    successors: links.successors.map((l) => ({ ...l, name: nameOf(l.successorCode) })),
  };
}

export async function getServices(ctx: UseCaseContext): Promise<Service[]> {
  return listServices(ctx.db);
}
