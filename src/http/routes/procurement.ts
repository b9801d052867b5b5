import { createRoute, z } from '@hono/zod-openapi';
import { NOTICE_KINDS } from '../../domain/procurement/notices.ts';
import { router } from '../env.ts';
import {
  ImportedProcurementSchema, NoticeCheckResultSchema, NoticeCheckSchema, NoticeDraftSchema, OcdsImportResultSchema, OcdsImportRowSchema,
  OpenProcurementSchema, OpenSchemeSchema, ProcurementListItemSchema, ProcurementViewSchema, QueryBoolean, RouteAnswersSchema,
  RouteAssessmentSchema, SchemeStepSchema, SchemeViewSchema, StepSchema, FhirResourceSchema,
} from '../procurement-schemas.ts';
import { ErrorSchema, IsoDate, OdsCode, Paging, pageOf } from '../schemas.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const errors = {
  400: { description: 'Invalid input; `issues` names each field (for a notice, each missing Schedule item)', content: json(ErrorSchema) },
  403: { description: 'Not permitted for your organisation or role (the message names the rule)', content: json(ErrorSchema) },
  404: { description: 'No such procurement visible to you', content: json(ErrorSchema) },
};
const conflict = { 409: { description: 'Not a step possible now (the message names the state and the steps possible), or a date rule (standstill) not yet met', content: json(ErrorSchema) } };
const IdParam = z.object({ id: z.string().min(1).max(100).openapi({ description: 'Procurement id, reference or ocid', example: 'STAFFS-CANCER-2025' }) });

/** Procurements step by step, stage gates, OCDS imports and the FHIR Contract (signed in). */
export function procurementRoutes() {
  const r = router();
  r.openapi(
    createRoute({
      method: 'get', path: '/procurements', tags: ['Procurement'], summary: 'Procurements you may see',
      description: 'Those your organisation is named on, and every one that has published a notice.',
      responses: { 200: { description: 'Procurements, newest first', content: json(z.array(ProcurementListItemSchema)) } },
    }),
    async (c) => c.json((await c.get('workspace').listProcurements()) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/procurements', tags: ['Procurement'], summary: 'Open a procurement (your organisation leads it)',
      description: "The route chooser's answers are asked again (reg 6): the route must be one the regulation permits, with a reason where it permits several. Opened today (UK date).",
      request: { body: { content: json(OpenProcurementSchema), required: true } },
      responses: { 201: { description: 'Opened', content: json(ProcurementViewSchema) }, 400: errors[400], 403: errors[403], 409: { description: 'A procurement with this id or reference already exists', content: json(ErrorSchema) } },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const id = body.id ?? body.reference.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
      return c.json((await c.get('workspace').openProcurement({ ...body, id })) as never, 201);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/procurements/{id}', tags: ['Procurement'], summary: 'A procurement: its state, bidders and scores, notices, standstill, awards and the steps you may take now',
      request: { params: IdParam },
      responses: { 200: { description: 'The procurement', content: json(ProcurementViewSchema) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').getProcurement(c.req.valid('param').id)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/procurements/{id}/steps', tags: ['Procurement'], summary: 'Take the next step',
      description: "Dated today (UK) and taken by your organisation in its role on the procurement: the lead authority runs it; a joint authority declares conflicts; a provider makes its own offer or representations. The route's state machine refuses a step not possible now. A notice missing a Schedule item is refused, naming it. The award creates the contract, linked back.",
      request: { params: IdParam, body: { content: json(StepSchema), required: true } },
      responses: { 200: { description: 'The procurement after the step', content: json(ProcurementViewSchema) }, ...errors, ...conflict },
    }),
    async (c) => c.json((await c.get('workspace').takeProcurementStep(c.req.valid('param').id, c.req.valid('json'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/procurements/{id}/decision-record', tags: ['Procurement'], summary: 'The reg 24 decision record',
      description: 'Every recorded fact of how the decision was reached: route answers, decision-makers, conflicts and their management, weights, each provider\'s selection outcome and scores, notices, standstill, representations, reviews, awards and the timeline. `download=true` sends it as a file.',
      request: { params: IdParam, query: z.object({ download: QueryBoolean.optional() }) },
      responses: { 200: { description: 'The decision record', content: json(z.record(z.string(), z.unknown()).openapi('DecisionRecord')) }, 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      const record = await c.get('workspace').procurementDecisionRecord(c.req.valid('param').id);
      if (c.req.valid('query').download) c.header('content-disposition', `attachment; filename="${record.reference}-decision-record.json"`);
      return c.json(record as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/procurements/{id}/notice-draft', tags: ['Procurement'], summary: 'A draft notice from the record, with the Schedule checklist',
      description: 'Nothing is published. Without `kind`, the next notice the route publishes.',
      request: { params: IdParam, query: z.object({ kind: z.enum(NOTICE_KINDS).optional() }) },
      responses: { 200: { description: 'The draft and what it still lacks', content: json(NoticeDraftSchema) }, 403: errors[403], 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').draftProcurementNotice(c.req.valid('param').id, c.req.valid('query').kind)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/procurements/{id}/notice-check', tags: ['Procurement'], summary: "Check a notice against its Schedule's items",
      description: 'Names every missing item and its paragraph; nothing is published.',
      request: { params: IdParam, body: { content: json(NoticeCheckSchema), required: true } },
      responses: { 200: { description: 'The checklist', content: json(NoticeCheckResultSchema) }, 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const ws = c.get('workspace');
      await ws.getProcurement(c.req.valid('param').id);
      const body = c.req.valid('json');
      return c.json(ws.checkProcurementNotice(body.kind, body.content) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/psr/route-assessment', tags: ['Procurement'], summary: "The route chooser: reg 6's questions asked of your answers",
      description: 'Which routes the regulation permits (Direct Award A or B mandatory when they apply; C optional; otherwise Most Suitable Provider or Competitive), or which question must be answered next (a 400 naming it). Records nothing.',
      request: { query: z.object({ on: IsoDate.optional().openapi({ description: 'The regulation as in force on this date (default today)' }) }), body: { content: json(RouteAnswersSchema), required: true } },
      responses: { 200: { description: 'The assessment', content: json(RouteAssessmentSchema) }, 400: errors[400] },
    }),
    async (c) => c.json(c.get('workspace').assessProcurementRoute(c.req.valid('json'), c.req.valid('query').on) as never, 200),
  );

  // ---- stage gates ----
  const SchemeId = z.object({ id: z.string().min(1).max(100).openapi({ example: 'dudley-icp' }) });
  r.openapi(
    createRoute({
      method: 'get', path: '/schemes', tags: ['Stage gates'], summary: 'Schemes you lead or sign for (all, for system and administrator users)',
      responses: { 200: { description: 'Schemes', content: json(z.array(z.object({ id: z.string(), title: z.string(), leadCode: z.string(), leadName: z.string(), state: z.string(), stateLabel: z.string() }))) } },
    }),
    async (c) => c.json((await c.get('workspace').listSchemes()) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/schemes', tags: ['Stage gates'], summary: "Open a scheme's stage gates (your organisation leads it)",
      request: { body: { content: json(OpenSchemeSchema), required: true } },
      responses: { 201: { description: 'Opened', content: json(SchemeViewSchema) }, 400: errors[400], 403: errors[403], 409: { description: 'A scheme with this id already exists', content: json(ErrorSchema) } },
    }),
    async (c) => c.json((await c.get('workspace').openScheme(c.req.valid('json'))) as never, 201),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/schemes/{id}', tags: ['Stage gates'], summary: 'A scheme: each gate, who signed and who refused',
      request: { params: SchemeId },
      responses: { 200: { description: 'The scheme', content: json(SchemeViewSchema) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').getScheme(c.req.valid('param').id)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/schemes/{id}/steps', tags: ['Stage gates'], summary: 'Submit, sign, refuse, reschedule or close a gate',
      description: 'The lead submits, reschedules and closes; each named signatory signs or refuses for its own organisation. Dated today (UK).',
      request: { params: SchemeId, body: { content: json(SchemeStepSchema), required: true } },
      responses: { 200: { description: 'The scheme after the step', content: json(SchemeViewSchema) }, ...errors, ...conflict },
    }),
    async (c) => c.json((await c.get('workspace').takeSchemeStep(c.req.valid('param').id, c.req.valid('json'))) as never, 200),
  );

  // ---- OCDS imports ----
  r.openapi(
    createRoute({
      method: 'post', path: '/imports/ocds', tags: ['OCDS'], summary: 'Import a Contracts Finder / Find a Tender release package',
      description: 'The body is the release package (JSON, at most 1 MB here; the command line `concordat import ocds` has no limit). Each release is checked against the official schema and reported: imported, updated, unchanged or rejected with the reason; the valid ones are stored together. Buyers and suppliers are matched to the registry by GB-NHS identifier or name. Re-importing the same file changes nothing.',
      request: {
        query: z.object({ fileName: z.string().max(200).optional() }),
        body: { content: json(z.record(z.string(), z.unknown()).openapi('OcdsReleasePackage')), required: true },
      },
      responses: { 200: { description: 'The per-release report', content: json(OcdsImportResultSchema) }, 400: errors[400], 403: errors[403] },
    }),
    async (c) => {
      const text = await c.req.text();
      return c.json((await c.get('workspace').importOcds({ fileName: c.req.valid('query').fileName ?? 'upload.json', text })) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/imports/ocds', tags: ['OCDS'], summary: 'OCDS imports, newest first',
      responses: { 200: { description: 'Imports with their counts', content: json(z.array(OcdsImportRowSchema)) } },
    }),
    async (c) => c.json((await c.get('workspace').listOcdsImports()) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/imports/ocds/{id}', tags: ['OCDS'], summary: 'One import with its per-release report',
      request: { params: z.object({ id: z.string().min(1).max(100) }) },
      responses: { 200: { description: 'The import', content: json(OcdsImportRowSchema.extend({ report: z.array(z.record(z.string(), z.unknown())) })) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').getOcdsImport(c.req.valid('param').id)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/imported-procurements', tags: ['OCDS'], summary: 'Procurements known from imported notices',
      request: { query: z.object({ buyer: OdsCode.optional(), search: z.string().max(100).optional(), ...Paging }) },
      responses: { 200: { description: 'A page of imported procurements', content: json(pageOf(ImportedProcurementSchema, 'ImportedProcurementPage')) } },
    }),
    async (c) => c.json((await c.get('workspace').listImportedProcurements(c.req.valid('query'))) as never, 200),
  );

  // ---- FHIR Contract ----
  r.openapi(
    createRoute({
      method: 'get', path: '/fhir/Contract/{id}', tags: ['FHIR'], summary: 'A contract you may read, as a FHIR R4 Contract',
      description: 'Identifier, status, period, the commissioners as authority, each party and the value today; a contract an award created carries its procurement\'s ocid.',
      request: { params: z.object({ id: z.string().min(1).max(100).openapi({ example: 'BEDS-MSK-2014' }) }) },
      responses: { 200: { description: 'The Contract', content: { 'application/fhir+json': { schema: FhirResourceSchema } } }, 404: errors[404] },
    }),
    async (c) => {
      const resource = await c.get('workspace').fhirContract(c.req.valid('param').id);
      return c.body(JSON.stringify(resource), 200, { 'content-type': 'application/fhir+json; charset=utf-8' }) as never;
    },
  );
  return r;
}
