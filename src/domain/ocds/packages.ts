/**
 * Release packages and record packages, and the public feed's pages. The package metadata (uri,
 * publisher, the publication date) is passed in: the domain has no clock and no host name.
 */

import { invalid } from '../errors.ts';
import type { Json, JsonObject } from './json.ts';
import { compileReleases, sortReleases, type MergeRules } from './merge.ts';
import { OCDS_MERGE_RULES } from './merge-rules.ts';
import { versionedRelease } from './versioned.ts';

/** The UK extension, for awards[].standstillPeriod and amendments[].standstill (Find a Tender's profile). */
export const UK_EXTENSION_URL = 'https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json';

/** Open Government Licence v3.0, as Contracts Finder publishes under. */
export const OGL_V3 = 'http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

export interface PackageMetadata {
  /** The package's own address (format uri). */
  readonly uri: string;
  /** The date-time the package was published (or, generated on demand, of its latest change). */
  readonly publishedDate: string;
  readonly publisherName: string;
  readonly license?: string;
}

/**
 * An OCDS 1.1 release package declaring the UK extension.
 *
 * @example releasePackage(releases, { uri, publishedDate: '2025-02-10T00:00:00Z', publisherName: 'Concordat' }).version // '1.1'
 */
export function releasePackage(releases: readonly JsonObject[], meta: PackageMetadata): JsonObject {
  return {
    uri: meta.uri,
    version: '1.1',
    extensions: [UK_EXTENSION_URL],
    publishedDate: meta.publishedDate,
    publisher: { name: meta.publisherName },
    license: meta.license ?? OGL_V3,
    releases: releases as Json[],
  };
}

/**
 * The record of one contracting process: its releases (embedded, oldest first), the compiled
 * release merged from them and, if asked, the versioned release.
 *
 * @example recordOf(releases).compiledRelease.tag // ['compiled']
 */
export function recordOf(releases: readonly JsonObject[], options: { rules?: MergeRules; versioned?: boolean } = {}): JsonObject {
  const rules = options.rules ?? OCDS_MERGE_RULES;
  const compiledRelease = compileReleases(releases, rules);
  return {
    ocid: compiledRelease.ocid,
    releases: sortReleases(releases) as Json[],
    compiledRelease,
    ...(options.versioned ? { versionedRelease: versionedRelease(releases, rules) } : {}),
  };
}

/** An OCDS 1.1 record package. */
export function recordPackage(records: readonly JsonObject[], meta: PackageMetadata): JsonObject {
  return {
    uri: meta.uri,
    version: '1.1',
    extensions: [UK_EXTENSION_URL],
    publishedDate: meta.publishedDate,
    publisher: { name: meta.publisherName },
    license: meta.license ?? OGL_V3,
    records: records as Json[],
  };
}

/** What a feed page holds: releases published in a window, in a stable order, after a cursor. */
export interface FeedPage {
  readonly releases: readonly JsonObject[];
  /** Pass back to get the next page; null on the last page. */
  readonly nextCursor: string | null;
}

function cursorOf(r: JsonObject): string {
  return Buffer.from(JSON.stringify([r.date, r.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through to the error below
  }
  throw invalid('cursor', 'is not a cursor this feed gave out');
}

/**
 * One page of the public feed, ordered by (date, id): releases with updatedFrom <= date <= updatedTo
 * (either optional), after the cursor. Keyset pagination, so a release published while a reader
 * pages through never shifts the pages (the storage layer runs the same query in SQL).
 *
 * @example feedPage(all, { limit: 2 }).nextCursor
 */
export function feedPage(releases: readonly JsonObject[], q: { readonly updatedFrom?: string; readonly updatedTo?: string; readonly cursor?: string; readonly limit: number }): FeedPage {
  if (!Number.isSafeInteger(q.limit) || q.limit < 1 || q.limit > 1000) throw invalid('limit', 'must be a whole number from 1 to 1000');
  const bound = (v: string | undefined, field: string): number | null => {
    if (v === undefined) return null;
    const t = Date.parse(v);
    if (Number.isNaN(t)) throw invalid(field, `must be a date or date-time, got '${v}'`);
    return t;
  };
  const from = bound(q.updatedFrom, 'updatedFrom');
  const to = bound(q.updatedTo, 'updatedTo');
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const afterTime = after ? Date.parse(after[0]) : null;
  // Compare instants, not text: '2025-05-01T00:00:00+01:00' is before '2025-04-30T23:30:00Z'.
  const keyed = releases.map((r) => ({ r, t: Date.parse(String(r.date)), id: String(r.id) }));
  const sorted = keyed
    .filter((x) => !Number.isNaN(x.t) && (from === null || x.t >= from) && (to === null || x.t <= to))
    .sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((x) => afterTime === null || x.t > afterTime || (x.t === afterTime && x.id > after![1]));
  const page = sorted.slice(0, q.limit).map((x) => x.r);
  return { releases: page, nextCursor: sorted.length > q.limit ? cursorOf(page[page.length - 1]) : null };
}
