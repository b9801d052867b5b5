/**
 * The versioned release of a record (optional in OCDS): every field's history as a list of
 * { releaseID, releaseDate, releaseTag, value }, a new entry only when the value changes. Objects in
 * identifier-merged arrays keep their `id` as a plain value; whole lists are versioned as whole
 * values; a null is kept as a version (the field was removed then); the ocid is not versioned; the
 * releases' own id, date and tag are left out, as in the compiled release.
 */

import { isJsonObject, type Json, type JsonObject } from './json.ts';
import { sortReleases, type MergeRules } from './merge.ts';

/** A path step: an object key, or an item of an array of objects (by id, or unique when it has none). */
type Step = { readonly key: string } | { readonly item: string; readonly id: Json | undefined };

interface Leaf {
  readonly steps: readonly Step[];
  readonly value: Json;
}

function flatten(obj: JsonObject, rules: MergeRules, out: Map<string, Leaf>, steps: Step[], rulePath: string[], unique: { n: number }): void {
  for (const [key, value] of Object.entries(obj)) {
    const rp = [...rulePath, key];
    const dotted = rp.join('.');
    if (rules.omitWhenMerged.has(dotted)) continue;
    const here: Step[] = [...steps, { key }];
    const whole = rules.wholeListMerge.has(dotted) || value === null || typeof value !== 'object' || (Array.isArray(value) && value.some((x) => !isJsonObject(x)));
    if (whole) {
      out.set(JSON.stringify(here), { steps: here, value });
    } else if (Array.isArray(value)) {
      for (const item of value as JsonObject[]) {
        // Identifier merge: the same id is the same object; no id is always a new object.
        const itemKey = 'id' in item ? `${typeof item.id}:${String(item.id)}` : `new:${unique.n++}`;
        flatten(item, rules, out, [...here, { item: itemKey, id: item.id }], rp, unique);
      }
    } else {
      flatten(value, rules, out, here, rp, unique);
    }
  }
}

/**
 * The versioned release of releases sharing one ocid.
 *
 * @example versionedRelease(record.releases, OCDS_MERGE_RULES).tender.title[0].value
 */
export function versionedRelease(releases: readonly JsonObject[], rules: MergeRules): JsonObject {
  const history = new Map<string, { steps: readonly Step[]; versions: JsonObject[] }>();
  const unique = { n: 0 };
  let ocid: Json = null;
  for (const r of sortReleases(releases)) {
    ocid = r.ocid ?? ocid;
    const flat = new Map<string, Leaf>();
    const { ocid: _ocid, ...rest } = r;
    flatten(rest, rules, flat, [], [], unique);
    for (const [k, leaf] of flat) {
      const h = history.get(k) ?? { steps: leaf.steps, versions: [] };
      const last = h.versions[h.versions.length - 1];
      if (last && JSON.stringify(last.value) === JSON.stringify(leaf.value)) continue;
      h.versions.push({ releaseID: r.id ?? null, releaseDate: r.date ?? null, releaseTag: r.tag ?? null, value: leaf.value });
      history.set(k, h);
    }
  }
  const out: JsonObject = { ocid };
  const items = new Map<string, JsonObject>();
  for (const { steps, versions } of history.values()) {
    let node: JsonObject | Json[] = out;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      const last = i === steps.length - 1;
      if ('item' in s) {
        const k = JSON.stringify(steps.slice(0, i + 1));
        let obj = items.get(k);
        if (!obj) {
          obj = s.id === undefined ? {} : { id: s.id };
          items.set(k, obj);
          (node as Json[]).push(obj);
        }
        node = obj;
        continue;
      }
      const o = node as JsonObject;
      // An array item's id is its identity, not a versioned field.
      if (last && s.key === 'id' && i > 0 && 'item' in steps[i - 1]) break;
      if (last) {
        o[s.key] = versions;
      } else {
        if (!(s.key in o)) o[s.key] = 'item' in steps[i + 1] ? [] : {};
        node = o[s.key] as JsonObject | Json[];
      }
    }
  }
  return out;
}
