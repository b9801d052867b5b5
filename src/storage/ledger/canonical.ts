import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so the same content always hashes the same however
 * the database (jsonb reorders keys) or the code built it. `undefined` members are dropped, as
 * JSON.stringify does.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 of a value's canonical JSON. */
export function contentSha256(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * Where two contents differ, as dotted paths (`monthly.2014-09.pricedPence`), so a break names the
 * field that was altered.
 */
export function differingFields(stored: unknown, sealed: unknown, path = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(stored) && isObject(sealed)) {
    const keys = [...new Set([...Object.keys(stored), ...Object.keys(sealed)])].sort();
    return keys.flatMap((k) => differingFields(stored[k], sealed[k], path ? `${path}.${k}` : k));
  }
  return canonicalJson(stored) === canonicalJson(sealed) ? [] : [path || '(whole record)'];
}
