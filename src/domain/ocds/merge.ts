/**
 * Compiling OCDS releases into a record's compiled release, by the merge rules of the standard
 * (OCDS 1.1 "Merging"): releases are applied oldest first; objects merge field by field; an array
 * of objects with `id` merges by identifier (objects with the same id merge, new ids are appended);
 * an array marked `wholeListMerge` in the schema, or holding anything other than objects, is replaced
 * whole; an object in an array without an `id` is always appended; a field set to null is removed
 * with everything below it; fields marked `omitWhenMerged` (ocid, id, date, tag) are left out and
 * the compiled release takes `tag: ['compiled']`, the latest date, and `id` = ocid-date. An empty
 * object or an empty identifier-merged array in a release changes nothing (as the reference
 * implementation, ocds-merge, does); an empty whole-list array empties the list.
 *
 * Written for Concordat after reading the standard and ocds-merge; one deliberate difference: ocds-
 * merge keeps the earlier children of an object a later release sets to null, this removes them,
 * because null means "remove this field" and the field is the whole object.
 */

import { invalid } from '../errors.ts';
import { cloneJson, isJsonObject, type Json, type JsonObject } from './json.ts';

/** Merge rules by field path (property names joined by '.', array levels not counted). */
export interface MergeRules {
  readonly omitWhenMerged: ReadonlySet<string>;
  readonly wholeListMerge: ReadonlySet<string>;
}

type Schema = { [k: string]: unknown };

function resolve(node: Schema, root: Schema): Schema {
  let n = node;
  for (let guard = 0; typeof n.$ref === 'string' && guard < 32; guard++) {
    const ref = n.$ref as string;
    const m = /^(?:[^#]*)#\/definitions\/(.+)$/.exec(ref);
    if (!m) throw invalid('$ref', `only local definitions are followed, got ${ref}`);
    const target = (root.definitions as Record<string, Schema> | undefined)?.[m[1]];
    if (!target) throw invalid('$ref', `no definition ${m[1]}`);
    n = { ...target, ...Object.fromEntries(Object.entries(n).filter(([k]) => k !== '$ref')) };
  }
  return n;
}

function types(s: Schema): string[] {
  const t = s.type;
  return t === undefined ? [] : Array.isArray(t) ? (t as string[]) : [t as string];
}

/**
 * The merge rules a release schema declares, found as ocds-merge finds them: `omitWhenMerged`
 * fields; `wholeListMerge` arrays; arrays of non-objects, or of objects without an `id` property.
 *
 * @example deriveMergeRules(releaseSchema).omitWhenMerged.has('tag') // true
 */
export function deriveMergeRules(schema: Schema): MergeRules {
  const omit = new Set<string>();
  const whole = new Set<string>();
  const walk = (properties: Record<string, Schema>, path: string[], depth: number) => {
    if (depth > 12) return; // recursive definitions (none in OCDS 1.1 core) end here
    for (const [key, raw] of Object.entries(properties)) {
      const s = resolve(raw, schema);
      const p = [...path, key];
      const t = types(s);
      if (s.omitWhenMerged || s.mergeStrategy === 'ocdsOmit') omit.add(p.join('.'));
      else if (t.includes('array') && (s.wholeListMerge || s.mergeStrategy === 'ocdsVersion')) whole.add(p.join('.'));
      else if (t.includes('object') && isJsonObject(s.properties as Json)) walk(s.properties as Record<string, Schema>, p, depth + 1);
      else if (t.includes('array') && s.items) {
        const items = resolve(s.items as Schema, schema);
        const it = types(items);
        if (it.some((x) => x !== 'object')) whole.add(p.join('.'));
        else if (it.includes('object') && items.properties) {
          if (!('id' in (items.properties as object))) whole.add(p.join('.'));
          else walk(items.properties as Record<string, Schema>, p, depth + 1);
        }
      }
    }
  };
  walk(schema.properties as Record<string, Schema>, [], 0);
  return { omitWhenMerged: omit, wholeListMerge: whole };
}

function sameId(a: Json | undefined, b: Json | undefined): boolean {
  // "1" and 1 are different identifiers (ocds-merge does not merge them either).
  return a !== undefined && typeof a === typeof b && a === b;
}

function mergeObject(target: JsonObject, source: JsonObject, path: readonly string[], rules: MergeRules): void {
  for (const [key, value] of Object.entries(source)) {
    const p = [...path, key];
    const dotted = p.join('.');
    if (rules.omitWhenMerged.has(dotted)) continue;
    if (value === null) {
      delete target[key];
      continue;
    }
    if (rules.wholeListMerge.has(dotted) || typeof value !== 'object' || (Array.isArray(value) && value.some((x) => !isJsonObject(x)))) {
      target[key] = cloneJson(value);
    } else if (Array.isArray(value)) {
      if (value.length === 0) continue;
      const current = Array.isArray(target[key]) && (target[key] as Json[]).every(isJsonObject) ? (target[key] as JsonObject[]) : [];
      target[key] = mergeArray(current, value as JsonObject[], p, rules);
    } else {
      if (Object.keys(value).length === 0) continue;
      const current = isJsonObject(target[key]) ? (target[key] as JsonObject) : {};
      mergeObject(current, value, p, rules);
      target[key] = current;
    }
  }
}

function mergeArray(current: JsonObject[], incoming: readonly JsonObject[], path: readonly string[], rules: MergeRules): JsonObject[] {
  const out = [...current];
  for (const item of incoming) {
    const at = 'id' in item ? out.findIndex((x) => sameId(x.id, item.id)) : -1;
    if (at >= 0) {
      mergeObject(out[at], item, path, rules);
    } else {
      const fresh: JsonObject = {};
      mergeObject(fresh, item, path, rules);
      out.push(fresh);
    }
  }
  return out;
}

/** Releases sorted oldest first; releases with the same date keep their given order. */
export function sortReleases<T extends { readonly date?: unknown }>(releases: readonly T[]): T[] {
  return releases
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      // Compare instants: date-times may carry different UTC offsets.
      const da = Date.parse(String(a.r.date ?? ''));
      const db = Date.parse(String(b.r.date ?? ''));
      return (Number.isNaN(da) || Number.isNaN(db) ? 0 : da - db) || a.i - b.i;
    })
    .map((x) => x.r);
}

/**
 * The compiled release of releases sharing one ocid.
 *
 * @example compileReleases([planning, tender], OCDS_MERGE_RULES).tag // ['compiled']
 */
export function compileReleases(releases: readonly JsonObject[], rules: MergeRules): JsonObject {
  if (releases.length === 0) throw invalid('releases', 'at least one release is needed to compile');
  const sorted = sortReleases(releases);
  const ocid = sorted[0].ocid;
  sorted.forEach((r, i) => {
    if (r.ocid !== ocid) throw invalid(['releases', i, 'ocid'], `all releases of a record share one ocid (${String(ocid)}), got ${String(r.ocid)}`);
    if (typeof r.date !== 'string') throw invalid(['releases', i, 'date'], 'is required to order the releases');
  });
  const merged: JsonObject = {};
  for (const r of sorted) mergeObject(merged, r, [], rules);
  const date = sorted[sorted.length - 1].date as string;
  // The compiled release's id and date come from the latest release (ocds-merge does the same).
  return { ocid: ocid as Json, id: `${String(ocid)}-${date}`, date, tag: ['compiled'], ...merged };
}
