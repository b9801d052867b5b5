import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { createRoute, z } from '@hono/zod-openapi';
import { statementCsv, statementXlsx } from '../../app/payments/export.ts';
import { invalid, invalidMany } from '../../domain/errors.ts';
import { router } from '../env.ts';
import { zodIssues } from '../errors.ts';
import { ErrorSchema, Pence } from '../schemas.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const errors = {
  400: { description: 'Invalid input; `issues` names each field (or line)', content: json(ErrorSchema) },
  403: { description: 'Not permitted for your organisation or role', content: json(ErrorSchema) },
  404: { description: 'No such contract (or terms, or submission) visible to you', content: json(ErrorSchema) },
};
const Id = z.string().min(1).openapi({ description: 'Contract id or reference', example: 'BEDS-MSK-2014' });
const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a period YYYY-MM').openapi({ example: '2014-09' });
const Year = z.string().regex(/^\d{4}[-/]\d{2}$/, 'must be a payment-scheme year like 2014-15').openapi({ example: '2014-15', description: 'Payment-scheme year, written 2014-15 in a path' });

const RuleSchema = z.object({ id: z.string(), label: z.string(), source: z.string() });
const LineSchema = z.object({ period: z.string(), description: z.string(), rule: RuleSchema, amountPence: Pence, reference: z.string().optional().openapi({ description: 'For a relationship line: the entry, sanction or withholding it comes from' }) });
const RejectionSchema = z.object({ line: z.number().int(), field: z.string(), reason: z.string(), message: z.string(), value: z.string() });
const HintSchema = z.object({ kind: z.string(), message: z.string(), count: z.number().int(), firstLines: z.array(z.number().int()) });

export const SubmissionSchema = z.object({
  id: z.string(), contractId: z.string(), reference: z.string(), period: Period, kind: z.enum(['patient_level', 'plan']),
  sha256: z.string().openapi({ description: 'SHA-256 of the file as received' }),
  chainSha256: z.string().openapi({ description: "SHA-256 over the previous submission's chain hash and this submission" }),
  previousId: z.string().nullable(), fileName: z.string(), bytes: z.number().int(),
  rowsRead: z.number().int(), rowsPriced: z.number().int(), rowsRejected: z.number().int(), totalPence: Pence,
  tariffYear: z.string().nullable(), submittedBy: z.string(), submittedByName: z.string().openapi({ description: 'Who submitted it: name (organisation code)' }), submittedByOrganisation: z.string().nullable(), submittedAt: z.string(),
  supersededBy: z.string().nullable(), supersedes: z.string().nullable().optional(), current: z.boolean(),
  rejections: z.object({ detailed: z.array(RejectionSchema), byReason: z.record(z.string(), z.number().int()), truncated: z.boolean() }),
  hints: z.array(HintSchema),
}).openapi('ActivitySubmission');

const StatementSchema = z.object({
  contract: z.object({ id: z.string(), reference: z.string(), title: z.string(), model: z.string() }),
  year: z.string(), period: Period, terms: z.record(z.string(), z.unknown()),
  tariff: z.object({ year: z.string(), source: z.string() }).nullable(),
  expectedAnnualValuePence: Pence, expectedAnnualValueBasis: z.string(),
  statement: z.object({
    year: z.string(), model: z.string(), throughPeriod: z.string(), lines: z.array(LineSchema), totalPence: Pence,
    planVsActual: z.array(z.object({ period: z.string(), planPence: Pence, actualPence: Pence.nullable() })), notes: z.array(z.string()),
  }),
  months: z.array(z.object({ period: z.string(), submissionId: z.string(), sha256: z.string(), rowsPriced: z.number().int(), rowsRejected: z.number().int(), pricedPence: Pence })),
  plan: z.object({ submissionId: z.string(), sha256: z.string(), totalPence: Pence }).nullable(),
  reconciliation: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'Year-end reconciliation against 1/12 of the EACV paid on account; present when the period is March' }),
}).openapi('PaymentStatement');

const TermsBody = z.object({
  terms: z.record(z.string(), z.unknown()).openapi({ description: 'Payment terms by model (block, activity, aligned_payment_incentive, marginal_rate, blended, outcomes_based, minimum_income_guarantee, low_volume)', example: { model: 'block', annualValuePence: 2_400_000_000 } }),
  expectedAnnualValuePence: Pence.nullable().optional(),
  note: z.string().max(2000).optional(),
}).openapi('PaymentTermsInput');

const PaymentTermsViewSchema = z.object({
  contractId: z.string(), reference: z.string(), year: z.string(), terms: z.record(z.string(), z.unknown()), expectedAnnualValuePence: Pence.nullable(),
  note: z.string(), setBy: z.string(), setAt: z.string(),
});
const ContractPaymentTermsSchema = z.object({
  contractId: z.string(), reference: z.string(),
  years: z.array(z.object({
    year: z.string().openapi({ example: '2014/15' }), pathYear: z.string().openapi({ example: '2014-15' }), periods: z.array(Period),
    terms: PaymentTermsViewSchema.extend({ setByName: z.string() }).nullable(),
  })),
}).openapi('ContractPaymentTerms');

const TariffSummarySchema = z.object({
  year: z.string(), source: z.string(), loadedBy: z.string(), loadedAt: z.string(),
  apcPrices: z.number().int(), outpatientPrices: z.number().int(), mffEntries: z.number().int(),
}).openapi('TariffYearSummary');

const JsonSubmission = z.object({
  period: Period,
  kind: z.enum(['patient_level', 'plan']).default('patient_level'),
  fileName: z.string().max(200).optional(),
  csv: z.string().min(1).openapi({ description: 'The CSV text' }),
});

function fileName(period: string, kind: string, given?: string): string {
  return given && given.trim() ? given.trim() : `${kind === 'plan' ? 'plan' : 'activity'}-${period}.csv`;
}

export function paymentRoutes() {
  const r = router();
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}/submissions', tags: ['Activity and payments'], summary: 'Activity and plan submissions, superseded ones included',
      request: { params: z.object({ id: Id }) },
      responses: { 200: { description: 'Submissions by period and order of recording', content: json(z.array(SubmissionSchema)) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').listSubmissions(c.req.valid('param').id)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}/submissions/{submissionId}', tags: ['Activity and payments'], summary: 'One submission with its rejection report (and plan lines for a plan)',
      request: { params: z.object({ id: Id, submissionId: z.string().min(1) }) },
      responses: { 200: { description: 'The submission', content: json(SubmissionSchema) }, 404: errors[404] },
    }),
    async (c) => {
      const { id, submissionId } = c.req.valid('param');
      return c.json((await c.get('workspace').getSubmission(id, submissionId)) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contracts/{id}/submissions', tags: ['Activity and payments'], summary: 'Submit a month of activity, or the year\'s plan',
      description: [
        'Two ways to send the file:',
        '- `Content-Type: text/csv` with the CSV as the body and `?period=YYYY-MM&kind=patient_level|plan` (optionally `&fileName=`). The body is streamed, never held whole.',
        '- `Content-Type: application/json` with `{period, kind, csv, fileName?}`.',
        'Patient-level files are "Concordat activity CSV v1" (provider,commissioner,period,pod,hrg,tfc,los), priced against the tariff in force for the period; every rejected row is reported with its line, field and reason. Plans are aggregated lines (service,pod,hrg,period,activity,planned_pence) for the scheme year containing the period.',
        'Valid rows commit with the report; a file that cannot be read, has the wrong header or no valid row changes nothing (400). A resubmission for the same contract, period and kind supersedes the earlier one, which stays readable.',
      ].join('\n'),
      request: {
        params: z.object({ id: Id }),
        query: z.object({ period: Period.optional(), kind: z.enum(['patient_level', 'plan']).optional(), fileName: z.string().max(200).optional() }),
        body: { content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: JsonSubmission } }, required: false },
      },
      responses: { 201: { description: 'Recorded, with the report', content: json(SubmissionSchema) }, ...errors },
    }),
    async (c) => {
      const ws = c.get('workspace');
      const id = c.req.valid('param').id;
      const type = c.req.header('content-type') ?? '';
      let period: string;
      let kind: string;
      let name: string;
      let stream: Readable;
      if (type.includes('application/json')) {
        const parsed = JsonSubmission.safeParse(await c.req.json());
        if (!parsed.success) throw invalidMany(zodIssues('json', parsed.error.issues));
        ({ period, kind } = parsed.data);
        name = fileName(period, kind, parsed.data.fileName);
        stream = Readable.from([Buffer.from(parsed.data.csv, 'utf8')]);
      } else if (type.includes('text/csv') || type.includes('text/plain')) {
        const q = c.req.valid('query');
        if (!q.period) throw invalid('period', 'give the period as ?period=YYYY-MM');
        period = q.period;
        kind = q.kind ?? 'patient_level';
        name = fileName(period, kind, q.fileName);
        const body = c.req.raw.body;
        if (!body) throw invalid('body', 'the request has no CSV body');
        stream = Readable.fromWeb(body as unknown as NodeWebStream<Uint8Array>);
      } else {
        throw invalid('content-type', 'send text/csv (with ?period=&kind=) or application/json {period, kind, csv}');
      }
      const source = { stream, fileName: name };
      const result = kind === 'plan' ? await ws.submitPlan(id, period, source) : await ws.submitActivity(id, period, source);
      return c.json(result as never, 201);
    },
  );

  // Downloads first: their paths are matched by a pattern the JSON route's period cannot match.
  const download = (ext: 'csv' | 'xlsx') => {
    r.openAPIRegistry.registerPath({
      method: 'get', path: `/contracts/{id}/statements/{period}.${ext}`, tags: ['Activity and payments'],
      summary: ext === 'csv' ? 'The statement as CSV: its lines and a total row' : 'The statement as an XLSX workbook: lines and total, plan vs actual, year-end reconciliation in March',
      request: { params: z.object({ id: Id, period: Period }) },
      responses: {
        200: { description: 'The file', content: { [ext === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']: { schema: z.string().openapi({ format: 'binary' }) } } },
        404: errors[404],
      },
    });
    r.get(`/contracts/:id/statements/:file{[0-9]{4}-[0-9]{2}\\.${ext}}`, async (c) => {
      const period = c.req.param('file').slice(0, 7);
      const v = await c.get('workspace').getStatement(c.req.param('id'), period);
      const name = `statement-${v.contract.reference}-${period}.${ext}`;
      if (ext === 'csv') {
        return c.body(statementCsv(v), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
      }
      return c.body(new Uint8Array(await statementXlsx(v)), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': `attachment; filename="${name}"`,
      });
    });
  };
  download('csv');
  download('xlsx');
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}/statements/{period}', tags: ['Activity and payments'], summary: 'The payment statement for the scheme year up to a period',
      description: 'Every line names the rule that made it; the lines add up to the total to the penny. Plan vs actual per month; the year-end reconciliation when the period is March. Downloads: append .csv or .xlsx to the path.',
      request: { params: z.object({ id: Id, period: Period }) },
      responses: { 200: { description: 'The statement', content: json(StatementSchema) }, 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const { id, period } = c.req.valid('param');
      return c.json((await c.get('workspace').getStatement(id, period)) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}/payment-terms/{year}', tags: ['Activity and payments'], summary: "A contract's payment terms for a scheme year",
      request: { params: z.object({ id: Id, year: Year }) },
      responses: { 200: { description: 'The terms', content: json(z.record(z.string(), z.unknown())) }, 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const { id, year } = c.req.valid('param');
      return c.json((await c.get('workspace').getPaymentTerms(id, year)) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}/payment-terms', tags: ['Activity and payments'], summary: "The scheme years of a contract's term, each with its payment terms or null",
      description: 'Every payment-scheme year the term touches (as varied), oldest first; `terms` is null for a year without terms, so a client never asks for terms that are not there.',
      request: { params: z.object({ id: Id }) },
      responses: { 200: { description: 'The years and their terms', content: json(ContractPaymentTermsSchema) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').listPaymentTerms(c.req.valid('param').id)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'put', path: '/contracts/{id}/payment-terms/{year}', tags: ['Activity and payments'], summary: "Set a contract's payment terms for a scheme year",
      description: 'A commissioner party to the contract, or an administrator. Terms are validated against the payment engine\'s schema; a replacement is audited with the terms it replaced.',
      request: { params: z.object({ id: Id, year: Year }), body: { content: json(TermsBody), required: true } },
      responses: { 200: { description: 'The terms as stored', content: json(z.record(z.string(), z.unknown())) }, ...errors },
    }),
    async (c) => {
      const { id, year } = c.req.valid('param');
      return c.json((await c.get('workspace').setPaymentTerms(id, year, c.req.valid('json'))) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/tariffs', tags: ['Activity and payments'], summary: 'Tariff years loaded (payment-scheme years as data)',
      responses: { 200: { description: 'Tariff years, oldest first', content: json(z.array(TariffSummarySchema)) } },
    }),
    async (c) => c.json((await c.get('workspace').listTariffs()) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/tariffs/{year}', tags: ['Activity and payments'], summary: "One tariff year's prices (APC by HRG, outpatient by TFC, MFF by provider)",
      request: { params: z.object({ year: Year }) },
      responses: { 200: { description: 'The tariff document', content: json(z.record(z.string(), z.unknown())) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').getTariff(c.req.valid('param').year)) as never, 200),
  );
  return r;
}
