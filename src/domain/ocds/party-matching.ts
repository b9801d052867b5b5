/**
 * Matching the buyers and suppliers of imported notices to the registry: first by identifier (an
 * ODS code under the GB-NHS scheme, in the identifier, an additional identifier or the party id),
 * then by normalised name. Contracts Finder parties mostly carry only a Contracts Finder id
 * (GB-CFS-...) and a legal name, so the name is what usually matches.
 */

import type { Organisation } from '../registry/organisation.ts';
import { isJsonObject, type Json } from './json.ts';

export interface PartyMatch {
  /** The party's id in the notice. */
  readonly ocdsId: string;
  readonly name: string;
  /** The registry organisation it matched, or null. */
  readonly organisationCode: string | null;
  readonly matchedBy: 'identifier' | 'name' | null;
}

/**
 * A name reduced to what identifies it: lower case, "&" as "and", "ltd" as "limited", no
 * punctuation, no leading "the", single spaces.
 *
 * @example normaliseName('The Dudley Group NHS Foundation Trust') // 'dudley group nhs foundation trust'
 * @example normaliseName('WALSALL HEALTHCARE NHS TRUST') // 'walsall healthcare nhs trust'
 */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[’'`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\bltd\b/g, 'limited')
    .replace(/\bplc\b/g, 'public limited company')
    .trim()
    .replace(/^the /, '')
    .replace(/\s+/g, ' ');
}

/** The registry, indexed once for an import. */
export interface RegistryIndex {
  readonly byCode: ReadonlyMap<string, Organisation>;
  readonly byName: ReadonlyMap<string, readonly Organisation[]>;
}

/** Indexes registry organisations by code and by normalised name. */
export function indexRegistry(organisations: readonly Organisation[]): RegistryIndex {
  const byCode = new Map<string, Organisation>();
  const byName = new Map<string, Organisation[]>();
  for (const o of organisations) {
    byCode.set(o.code, o);
    const key = normaliseName(o.name);
    byName.set(key, [...(byName.get(key) ?? []), o]);
  }
  return { byCode, byName };
}

function odsCodes(party: Record<string, Json>): string[] {
  const codes: string[] = [];
  const take = (ident: Json | undefined) => {
    if (isJsonObject(ident) && ident.scheme === 'GB-NHS' && typeof ident.id === 'string') codes.push(ident.id.toUpperCase());
  };
  take(party.identifier);
  if (Array.isArray(party.additionalIdentifiers)) party.additionalIdentifiers.forEach(take);
  if (typeof party.id === 'string' && party.id.startsWith('GB-NHS-')) codes.push(party.id.slice(7).toUpperCase());
  return codes;
}

/**
 * The registry organisation a notice's party is, if any. A name shared by several organisations
 * (e.g. a closed and a reopened body) prefers the one open at `on`, and matches nothing if that
 * still leaves more than one.
 *
 * @example matchParty({ id: 'GB-CFS-312138', name: 'Walsall Healthcare NHS Trust' }, index, '2025-03-11').organisationCode // 'RBK'
 */
export function matchParty(party: Record<string, Json>, index: RegistryIndex, on: string): PartyMatch {
  const ocdsId = String(party.id ?? '');
  const legal = isJsonObject(party.identifier) && typeof party.identifier.legalName === 'string' ? party.identifier.legalName : '';
  const name = typeof party.name === 'string' && party.name.trim() ? party.name : legal;
  for (const code of odsCodes(party)) {
    if (index.byCode.has(code)) return { ocdsId, name, organisationCode: code, matchedBy: 'identifier' };
  }
  for (const candidate of [name, legal]) {
    if (!candidate) continue;
    const found = index.byName.get(normaliseName(candidate)) ?? [];
    const open = found.length > 1 ? found.filter((o) => (!o.openDate || o.openDate <= on) && (!o.closeDate || o.closeDate >= on)) : found;
    if (open.length === 1) return { ocdsId, name, organisationCode: open[0].code, matchedBy: 'name' };
  }
  return { ocdsId, name, organisationCode: null, matchedBy: null };
}
