/**
 * What anyone may read without signing in (issue 9): the published notices, the OCDS feed and records,
 * the registry as FHIR Organizations, and the PSR calculators (standstill dates, considerable change).
 * Only published data is reachable from here: nothing here takes a user, and nothing writes.
 */

import type { Kysely } from 'kysely';
import { considerableChange, type ConsiderableChangeQuestion } from '../../domain/procurement/considerable-change.ts';
import { psrParametersOn } from '../../domain/procurement/parameters.ts';
import { standstillPeriod } from '../../domain/procurement/standstill.ts';
import type { Database } from '../../storage/schema.ts';
import type { Clock } from '../clock.ts';
import { fhirOrganisation, fhirOrganisations } from '../fhir.ts';
import { listPublicNotices, recordPackageOf, releaseFeedPage, releasePackageOf, type FeedQuery } from './publication.ts';
import { ukToday } from './uk-date.ts';

/**
 * The standstill after a notice of intention published on a date (reg 12): when it begins, the last
 * day for representations (until midnight at its end), and the first day the contract may be entered into.
 *
 * @example standstillFor('2025-01-06') // { beginsOn: '2025-01-07', representationsDeadline: '2025-01-17', ... }
 */
export function standstillFor(publishedOn: string) {
  const p = psrParametersOn(publishedOn < '2024-01-01' ? '2024-01-01' : publishedOn);
  const s = standstillPeriod(publishedOn, p.standstill);
  return { publishedOn: s.publishedOn, beginsOn: s.beginsOn, representationsDeadline: s.representationsDeadline, earliestAwardOn: s.earliestAwardOn, workingDays: s.rule.workingDays, rule: s.rule.name, source: s.rule.source };
}

/** Whether the considerable change threshold of reg 6 is met, with each test and its source. */
export function considerableChangeFor(q: ConsiderableChangeQuestion, on?: string) {
  return considerableChange(q, psrParametersOn(on && on >= '2024-01-01' ? on : '2024-01-01').considerableChange);
}

export function publishedWorkspace(db: Kysely<Database>, clock: Clock) {
  return {
    notices: (f: { procurement?: string } = {}) => listPublicNotices(db, f),
    releaseFeed: (q: FeedQuery, urls: { self: string; next: (cursor: string) => string }) => releaseFeedPage(db, q, urls, clock.now().toISOString()),
    release: (id: string, uri: string) => releasePackageOf(db, id, uri),
    record: (ocid: string, options: { versioned?: boolean; uri: string }) => recordPackageOf(db, ocid, options),
    fhirOrganisations: (f: { asAt?: string; kind?: string; search?: string; baseUrl?: string }) => fhirOrganisations(db, clock, f),
    fhirOrganisation: (code: string, asAt?: string) => fhirOrganisation(db, clock, code, asAt),
    standstill: (publishedOn: string) => standstillFor(publishedOn),
    considerableChange: (q: ConsiderableChangeQuestion) => considerableChangeFor(q, ukToday(clock)),
  };
}

export type PublishedWorkspace = ReturnType<typeof publishedWorkspace>;
