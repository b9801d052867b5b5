import { createRoute, z } from '@hono/zod-openapi';
import type { ConcordatApp } from '../../app/app.ts';
import { ORGANISATION_KINDS } from '../../domain/registry/organisation.ts';
import { notFound } from '../../domain/errors.ts';
import { router } from '../env.ts';
import {
  ConsiderableChangeResultSchema, FhirResourceSchema, OcdsPackageSchema, PublicNoticeSchema, QueryBoolean, StandstillSchema,
} from '../procurement-schemas.ts';
import { ErrorSchema, IsoDate, OdsCode, Pence } from '../schemas.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const fhir = <T>(schema: T) => ({ 'application/fhir+json': { schema } });
const invalid = { 400: { description: 'Invalid query; `issues` names the parameter', content: json(ErrorSchema) } };
const missing = { 404: { description: 'Not published', content: json(ErrorSchema) } };
const PUBLIC = { security: [] as Record<string, string[]>[] };

/**
 * Open to anyone without signing in (the guard's allow-list: GET /api/public/...): published notices,
 * the OCDS feed, release and record packages, the registry as FHIR R4 Organizations, and the PSR
 * calculators. Only published data.
 */
export function publicRoutes(app: ConcordatApp) {
  const r = router();
  const published = () => app.published();

  r.openapi(
    createRoute({
      method: 'get', path: '/public/notices', tags: ['Public'], summary: 'Published procurement notices (no sign-in)', ...PUBLIC,
      description: 'Every published notice, newest first, each item in its Schedule\'s order; a notice of intention says until when representations may be made.',
      request: { query: z.object({ procurement: z.string().max(100).optional().openapi({ description: 'Only this procurement (id, reference or ocid)' }) }) },
      responses: { 200: { description: 'Notices', content: json(z.array(PublicNoticeSchema)) } },
    }),
    async (c) => c.json((await published().notices(c.req.valid('query'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/public/ocds/releases', tags: ['Public'], summary: 'The OCDS 1.1.5 release feed (no sign-in)', ...PUBLIC,
      description: 'A release package of the releases dated from `updatedFrom` to `updatedTo` (dates or date-times, both optional), ordered by date and id, paged by cursor: follow `links.next` until there is none. A release published while you page never shifts a page.',
      request: {
        query: z.object({
          updatedFrom: z.string().max(40).optional(), updatedTo: z.string().max(40).optional(), cursor: z.string().max(500).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      responses: { 200: { description: 'A release package', content: json(OcdsPackageSchema) }, ...invalid },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const self = new URL(c.req.url);
      const next = (cursor: string) => {
        const u = new URL(self);
        u.searchParams.set('cursor', cursor);
        return u.toString();
      };
      return c.json((await published().releaseFeed(q, { self: self.toString(), next })) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/public/ocds/releases/{id}', tags: ['Public'], summary: 'One release, as a release package (no sign-in)', ...PUBLIC,
      request: { params: z.object({ id: z.string().min(1).max(300) }) },
      responses: { 200: { description: 'A release package of one release', content: json(OcdsPackageSchema) }, ...missing },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const pkg = await published().release(id, c.req.url);
      if (!pkg) throw notFound(`release ${id}`);
      return c.json(pkg as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/public/ocds/records/{ocid}', tags: ['Public'], summary: 'The record of one contracting process (no sign-in)', ...PUBLIC,
      description: 'A record package: every release of the ocid and the compiled release merged by the standard\'s rules; `versioned=true` adds the versioned release.',
      request: { params: z.object({ ocid: z.string().min(1).max(200).openapi({ example: 'ocds-cncdat-staffs-cancer-2025' }) }), query: z.object({ versioned: QueryBoolean.optional() }) },
      responses: { 200: { description: 'A record package', content: json(OcdsPackageSchema) }, ...missing },
    }),
    async (c) => {
      const pkg = await published().record(c.req.valid('param').ocid, { versioned: c.req.valid('query').versioned, uri: c.req.url });
      if (!pkg) throw notFound(`record ${c.req.valid('param').ocid}`);
      return c.json(pkg as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/public/fhir/Organization', tags: ['Public'], summary: 'The registry as a FHIR R4 Bundle of Organizations (no sign-in)', ...PUBLIC,
      description: 'ODS codes under https://fhir.nhs.uk/Id/ods-organization-code; `active` as at `asAt` (default today); `partOf` the parent.',
      request: { query: z.object({ asAt: IsoDate.optional(), kind: z.enum(ORGANISATION_KINDS).optional(), search: z.string().max(100).optional() }) },
      responses: { 200: { description: 'A collection Bundle', content: fhir(FhirResourceSchema) }, ...invalid },
    }),
    async (c) => {
      const base = new URL(c.req.url);
      const bundle = await published().fhirOrganisations({ ...c.req.valid('query'), baseUrl: `${base.origin}/api/public/fhir` });
      return c.body(JSON.stringify(bundle), 200, { 'content-type': 'application/fhir+json; charset=utf-8' }) as never;
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/public/fhir/Organization/{code}', tags: ['Public'], summary: 'One organisation as a FHIR R4 Organization (no sign-in)', ...PUBLIC,
      request: { params: z.object({ code: OdsCode }), query: z.object({ asAt: IsoDate.optional() }) },
      responses: { 200: { description: 'The Organization', content: fhir(FhirResourceSchema) }, ...missing, ...invalid },
    }),
    async (c) => {
      const resource = await published().fhirOrganisation(c.req.valid('param').code, c.req.valid('query').asAt);
      return c.body(JSON.stringify(resource), 200, { 'content-type': 'application/fhir+json; charset=utf-8' }) as never;
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/public/psr/standstill', tags: ['Public'], summary: 'Standstill dates after a notice of intention (reg 12; no sign-in)', ...PUBLIC,
      description: 'The standstill begins the day after publication; representations until midnight at the end of the 8th working day after that (England and Wales bank holidays, Christmas Day and Good Friday excluded).',
      request: { query: z.object({ publishedOn: IsoDate.openapi({ example: '2025-01-06' }) }) },
      responses: { 200: { description: 'The dates', content: json(StandstillSchema) }, ...invalid },
    }),
    async (c) => c.json(published().standstill(c.req.valid('query').publishedOn) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/public/psr/considerable-change', tags: ['Public'], summary: 'The considerable change threshold of reg 6 (no sign-in)', ...PUBLIC,
      description: 'Met when materially different in character, or when authority-driven and the lifetime value rises by at least £500,000 and at least 25% (the 25% is unverified [M]).',
      request: {
        query: z.object({
          existing: z.coerce.number().pipe(Pence.min(0, 'must not be negative')).openapi({ description: 'Existing lifetime value when entered into, pence' }),
          proposed: z.coerce.number().pipe(Pence.min(0, 'must not be negative')).openapi({ description: 'Proposed lifetime value, pence' }),
          authorityDriven: QueryBoolean.default(false),
          materiallyDifferent: QueryBoolean.default(false),
        }),
      },
      responses: { 200: { description: 'The test, limb by limb', content: json(ConsiderableChangeResultSchema) }, ...invalid },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(published().considerableChange({
        existingLifetimeValuePence: q.existing, proposedLifetimeValuePence: q.proposed, authorityDriven: q.authorityDriven, materiallyDifferent: q.materiallyDifferent,
      }) as never, 200);
    },
  );
  return r;
}
