/** JSON values as OCDS documents are made of, and the small helpers the OCDS modules share. */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A deep copy of a JSON value (so merging never shares structure with its inputs). */
export function cloneJson<T extends Json>(v: T): T {
  return (v === null || typeof v !== 'object' ? v : JSON.parse(JSON.stringify(v))) as T;
}

/**
 * JSON with object keys sorted at every level: two documents with the same content give the same
 * text, whatever order their keys came in (used to tell an unchanged release from a corrected one).
 *
 * @example canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}
