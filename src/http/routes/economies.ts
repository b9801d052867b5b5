import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { invalidMany, type Issue } from '../../domain/errors.ts';
import type { EntryReport } from '../../app/impact/entries.ts';
import { router } from '../env.ts';
import { XLSX_TYPE } from '../guard.ts';
import { ErrorSchema, IsoDate, NewVariationSchema, OdsCode } from '../schemas.ts';
import { Seed, Trials, VersionChoice } from './simulations.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const errors = {
  400: { description: 'Invalid input; `issues` names each field (a rejected template row as `rows.<line>.<field>`)', content: json(ErrorSchema) },
  403: { description: 'Your organisation or role may not do this (the message names the rule)', content: json(ErrorSchema) },
  404: { description: 'No such economy, version, contract or run, or not one you may read', content: json(ErrorSchema) },
  409: { description: 'Already exists', content: json(ErrorSchema) },
};
const Anything = z.record(z.string(), z.unknown());
const EconomyId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be an economy id such as demo').openapi({ example: 'demo' });
const Year = z.string().regex(/^\d{4}[-/]\d{2}$/, 'must be a financial year such as 2014-15').openapi({ example: '2014-15' });
const Sharing = z.enum(['private', 'economy', 'published']).openapi({ description: 'private: your organisation; economy: also every organisation party to its contracts; published: every signed-in user' });
const Table = z.enum(['service-lines', 'workforce', 'providers']);
const EconomySchema = Anything.openapi('Economy');
const StoredRunSchema = z.object({ run: Anything, result: Anything }).openapi('StoredRun');
const EntryReportSchema = Anything.openapi('EntryReport');
const Share = z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1');
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');

export const DecisionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('service-move'), provider: OdsCode, service: z.string().min(1).max(50), to: OdsCode, share: Share, from: Month,
    costTransfer: Share.optional(), contract: z.string().max(100).optional(),
  }).strict(),
  z.object({
    kind: z.literal('procurement-award'), contract: z.string().min(1).max(100), awardedTo: OdsCode, incumbents: z.array(OdsCode).max(50),
    services: z.array(z.string().min(1).max(50)).max(50).optional(), share: Share.optional(), from: Month, phaseInMonths: z.number().int().min(1).max(120).optional(),
  }).strict(),
  z.object({
    kind: z.literal('contract-variation'), contract: z.string().min(1).max(100), effectiveDate: IsoDate,
    valueChangePence: z.number().int().refine((n) => Number.isSafeInteger(n), 'must be whole pence'), removeServices: z.array(z.string().min(1).max(50)).max(50).optional(),
  }).strict(),
]).openapi('Decision');
const AssessOptions = { trials: Trials.optional(), seed: Seed.optional(), horizonMonths: z.number().int().min(1).max(120).optional(), ...VersionChoice };

/** An upload or form whose every row was rejected changes nothing: 400, each row's problems by line and field. */
function okOrRefused(report: EntryReport): EntryReport {
  if (report.stored.length > 0 || report.rejected === 0) return report;
  const issues: Issue[] = report.tables.flatMap((t) => t.rejected.flatMap((r) => r.issues.map((i) => ({
    path: ['rows', ...(r.sheet ? [r.sheet] : []), r.line, i.field], message: `${r.row}: ${i.message}`,
  }))));
  throw invalidMany(issues);
}

export function economyRoutes() {
  const r = router();
  r.openapi(
    createRoute({
      method: 'get', path: '/economies', tags: ['Economies'], summary: 'Economies you may read, each with its versions',
      description: 'Your organisation\'s economies, those shared across the economy with it (it is a party to one of their contracts), and published ones (the demo economy); system and administrator users read all.',
      responses: { 200: { description: 'Economies', content: json(z.array(EconomySchema)) } },
    }),
    async (c) => c.json((await c.get('workspace').listEconomies()) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/economies', tags: ['Economies'], summary: 'Create an economy owned by your organisation',
      description: 'Empty until a version is built (POST /economies/{id}/versions). It is built only from the contracts your organisation may see.',
      request: {
        body: {
          required: true,
          content: json(z.object({
            id: EconomyId.optional(), name: z.string().min(1, 'give the economy a name').max(200), description: z.string().max(2000).optional(), sharing: Sharing.optional(),
          }).strict().openapi('NewEconomy')),
        },
      },
      responses: { 201: { description: 'Created', content: json(EconomySchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').createEconomy(c.req.valid('json'))) as never, 201),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/economies/{id}', tags: ['Economies'], summary: 'An economy with its versions and what you may do to it',
      request: { params: z.object({ id: EconomyId }) },
      responses: { 200: { description: 'The economy', content: json(EconomySchema) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').getEconomy(c.req.valid('param').id)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'put', path: '/economies/{id}', tags: ['Economies'], summary: 'Rename your organisation\'s economy or correct its description',
      request: {
        params: z.object({ id: EconomyId }),
        body: {
          required: true,
          content: json(z.object({
            name: z.string().trim().min(1, 'give the economy a name').max(120).optional(),
            description: z.string().max(2000).optional(),
          }).strict().openapi('EconomyDetails')),
        },
      },
      responses: { 200: { description: 'The economy', content: json(EconomySchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').editEconomy(c.req.valid('param').id, c.req.valid('json'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'put', path: '/economies/{id}/sharing', tags: ['Economies'], summary: 'Keep private, share across the economy, or publish',
      request: { params: z.object({ id: EconomyId }), body: { required: true, content: json(z.object({ sharing: Sharing }).strict()) } },
      responses: { 200: { description: 'The economy', content: json(EconomySchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').shareEconomy(c.req.valid('param').id, c.req.valid('json').sharing)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/economies/{id}/versions', tags: ['Economies'], summary: 'Build a version as at a date',
      description: 'Reads the contracts as at the date, their parties in the registry, each contract\'s payment statement months for the financial year (as reported when the version is built), its plan by service and the entered figures, and builds the economy. Answers 200 with the existing version when nothing changed since the last one as at that date.',
      request: { params: z.object({ id: EconomyId }), body: { required: true, content: json(z.object({ asAt: IsoDate }).strict().openapi('BuildVersion')) } },
      responses: {
        201: { description: 'Built: {version, created: true, warnings}', content: json(Anything) },
        200: { description: 'Unchanged: the existing version', content: json(Anything) },
        ...errors,
      },
    }),
    async (c) => {
      const out = await c.get('workspace').buildEconomyVersion(c.req.valid('param').id, c.req.valid('json').asAt);
      return c.json(out as never, out.created ? 201 : 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/economies/{id}/versions/{version}', tags: ['Economies'], summary: 'A version as built, with where every figure came from',
      description: '`version` is a version id or number, `latest`, or a date (the version as at it). The providers, their service lines and income by commissioner with the contracts and statement months it came from, activity, cost and workforce with the entry (file and line) behind each figure.',
      request: { params: z.object({ id: EconomyId, version: z.string().min(1).max(100) }) },
      responses: { 200: { description: '{economy, version, data, entries}', content: json(Anything) }, 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const { id, version } = c.req.valid('param');
      const choice = version === 'latest' ? {} : /^\d{4}-\d{2}-\d{2}$/.test(version) ? { asAt: version } : { version };
      return c.json((await c.get('workspace').getEconomyVersion(id, choice)) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/economies/{id}/entries', tags: ['Economies'], summary: 'The figures entered for a year (current ones)',
      request: { params: z.object({ id: EconomyId }), query: z.object({ year: Year }) },
      responses: { 200: { description: 'Entries, in order of recording', content: json(z.array(Anything)) }, 400: errors[400], 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').listEconomyEntries(c.req.valid('param').id, c.req.valid('query').year)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/economies/{id}/entries', tags: ['Economies'], summary: 'Enter figures in a form: rows of the template, or pathways',
      description: 'Rows as the template\'s cells by column name (what a person types: "£1,500,000", "40%"), validated row by row like an upload: valid rows are stored in one transaction, rejected ones reported with line and field. A row for a line that already has an entry supersedes it.',
      request: {
        params: z.object({ id: EconomyId }),
        body: {
          required: true,
          content: json(z.object({
            year: Year,
            table: Table.optional(),
            rows: z.array(z.record(z.string(), z.string().max(2000))).max(5000).optional(),
            pathways: z.array(Anything).max(200).optional(),
          }).strict().openapi('EntryForm')),
        },
      },
      responses: { 201: { description: 'The report', content: json(EntryReportSchema) }, ...errors },
    }),
    async (c) => {
      const ws = c.get('workspace');
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      if (body.pathways) return c.json((await ws.enterPathways(id, body.year, body.pathways)) as never, 201);
      if (!body.table || !body.rows) throw invalidMany([{ path: ['table'], message: 'give the table and its rows (or pathways)' }]);
      return c.json(okOrRefused(await ws.enterEconomyRows(id, { year: body.year, table: body.table, rows: body.rows })) as never, 201);
    },
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/economies/{id}/entries/upload', tags: ['Economies'], summary: 'Upload a filled-in cost and workforce template (CSV or XLSX)',
      description: `The body is the file: \`text/csv\` (one table, found by its header) or \`${XLSX_TYPE}\` (every template sheet). Every row is validated on its own against the economy's providers and service lines for the year; the valid rows of every table are stored in one transaction, the rejected ones reported with line (or sheet and row) and field. A file with no valid row changes nothing (400).`,
      request: {
        params: z.object({ id: EconomyId }),
        query: z.object({ year: Year, fileName: z.string().max(200).optional() }),
        body: { required: true, content: { 'text/csv': { schema: z.string() }, [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } } },
      },
      responses: { 201: { description: 'The report: per table, rows read, stored and rejected (line, field, message)', content: json(EntryReportSchema) }, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { year, fileName } = c.req.valid('query');
      const type = (c.req.header('content-type') ?? '').toLowerCase();
      const xlsx = type.startsWith(XLSX_TYPE);
      const body = c.req.raw.body;
      const chunks: Buffer[] = [];
      if (body) for await (const chunk of Readable.fromWeb(body as never)) chunks.push(Buffer.from(chunk as Uint8Array));
      const bytes = new Uint8Array(Buffer.concat(chunks));
      if (bytes.length === 0) throw invalidMany([{ path: ['body'], message: 'the request has no file' }]);
      const name = fileName ?? (xlsx ? 'upload.xlsx' : 'upload.csv');
      const report = await c.get('workspace').uploadEconomyEntries(id, { year, fileName: name, bytes, format: xlsx ? 'xlsx' : 'csv' });
      return c.json(okOrRefused(report) as never, 201);
    },
  );
  for (const format of ['csv', 'xlsx'] as const) {
    r.openapi(
      createRoute({
        method: 'get', path: `/economies/{id}/template.${format}`, tags: ['Economies'], summary: `The cost and workforce template (${format.toUpperCase()}), pre-filled`,
        description: format === 'csv'
          ? 'One table (`table`, default service-lines) pre-filled with the service lines of the latest version built for the year (optionally one provider\'s) and the figures already entered.'
          : 'A "Read me" sheet with every column\'s meaning, then one sheet per table, pre-filled with the service lines of the latest version built for the year (optionally one provider\'s) and the figures already entered.',
        request: {
          params: z.object({ id: EconomyId }),
          query: z.object({ year: Year, provider: OdsCode.optional(), ...(format === 'csv' ? { table: Table.optional() } : {}) }),
        },
        responses: { 200: { description: 'The template', content: { [format === 'csv' ? 'text/csv' : XLSX_TYPE]: { schema: z.string() } } }, 400: errors[400], 404: errors[404] },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const q = c.req.valid('query') as { year: string; provider?: string; table?: z.infer<typeof Table> };
        const file = await c.get('workspace').costTemplate(id, { year: q.year, provider: q.provider, table: q.table, format });
        return c.body(file.body as never, 200, { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.fileName}"` });
      },
    );
  }
  r.openapi(
    createRoute({
      method: 'post', path: '/economies/{id}/impact', tags: ['Economies'], summary: 'Show the impact first: a decision run on the economy, kept',
      description: 'The scenario a drafted decision amounts to (a service move; a procurement award, whose incumbents\' lines of its services move to the winner; a contract variation) runs on a version of the economy (default: as at the decision\'s first month) and the run is kept, sealed, with the decision. Keep the returned run id with the decision when it is recorded (a variation takes it as `impactRunId`).',
      request: {
        params: z.object({ id: EconomyId }),
        body: { required: true, content: json(z.object({ decision: DecisionSchema, ...AssessOptions }).strict().openapi('DecisionImpactRequest')) },
      },
      responses: { 201: { description: '{run, result}', content: json(StoredRunSchema) }, ...errors },
    }),
    async (c) => {
      const { decision, ...options } = c.req.valid('json');
      return c.json((await c.get('workspace').assessDecision(c.req.valid('param').id, decision, options)) as never, 201);
    },
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contracts/{id}/impact', tags: ['Contracts'], summary: 'Show the impact first: a drafted variation run on a stored economy, kept',
      description: 'The variation\'s value change (a price change on the lines the contract pays for, for the rest of its term) and any service removed, run on `economy` (default: your organisation\'s economy holding the contract, else another you may read). Record or propose the variation with the returned `run.id` as `impactRunId` to keep the impact with the decision.',
      request: {
        params: z.object({ id: z.string().min(1).max(100).openapi({ description: 'Contract id or reference' }) }),
        body: {
          required: true,
          content: json(z.object({
            variation: NewVariationSchema.omit({ impactRunId: true }), economy: EconomyId.optional(), ...AssessOptions,
          }).strict().openapi('VariationImpactRequest')),
        },
      },
      responses: { 201: { description: '{run, result}', content: json(StoredRunSchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').assessVariation(c.req.valid('param').id, c.req.valid('json'))) as never, 201),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}/impact', tags: ['Contracts'], summary: 'Impact runs kept with this contract\'s decisions',
      request: { params: z.object({ id: z.string().min(1).max(100) }) },
      responses: { 200: { description: 'Runs (newest first) with the decisions they are kept with', content: json(z.array(Anything)) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').contractImpactRuns(c.req.valid('param').id)) as never, 200),
  );
  return r;
}
