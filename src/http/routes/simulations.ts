import { createRoute, z } from '@hono/zod-openapi';
import { DEFAULT_TRIALS, MAX_TRIALS } from '../../app/impact/scenarios.ts';
import { router } from '../env.ts';
import { ErrorSchema, IsoDate } from '../schemas.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const errors = {
  400: { description: 'Invalid input; `issues` names each field (e.g. `levers.0.provider`)', content: json(ErrorSchema) },
  403: { description: 'Your organisation or role may not do this (the message names the rule)', content: json(ErrorSchema) },
  404: { description: 'No such scenario or run, or not one you may read', content: json(ErrorSchema) },
  409: { description: 'A scenario with that id already exists', content: json(ErrorSchema) },
};
const ScenarioId = z.string().regex(/^[a-z0-9-]+$/, 'must be a scenario id such as bedford-msk').openapi({ example: 'bedford-msk' });
export const Trials = z.coerce
  .number()
  .int('must be a whole number')
  .min(0, `must be from 0 to ${MAX_TRIALS}`)
  .max(MAX_TRIALS, `must be from 0 to ${MAX_TRIALS}`)
  .openapi({ description: `Monte Carlo trials (0 = projection only; at most ${MAX_TRIALS}; default ${DEFAULT_TRIALS})` });
export const Seed = z.coerce.number().int('must be a whole number').min(0, 'must be at least 0').openapi({ description: 'Random seed: the same seed gives the same result (default 1)' });
/** Which version of the economy: by id (or its number), else as at a date; default as at the scenario's first month. */
export const VersionChoice = {
  version: z.string().min(1).max(100).optional().openapi({ description: 'Version id (or its number) of the stored economy' }),
  asAt: IsoDate.optional().openapi({ description: 'The version as at this date (the latest built as at it, else the last before it)' }),
};

const LeverSummarySchema = z.object({ index: z.number().int(), type: z.string(), label: z.string(), from: z.string(), summary: z.string() }).openapi('LeverSummary');
const SavedScenarioSchema = z
  .object({
    id: z.string(), name: z.string(), description: z.string(), economy: z.string(), ownerOrganisation: z.string(), sharing: z.enum(['private', 'economy']),
    updatedAt: z.string(), yours: z.boolean(), start: z.string(), horizonMonths: z.number().int(),
    levers: z.array(LeverSummarySchema), hasUncertainty: z.boolean(), solves: z.boolean(),
  })
  .openapi('SavedScenario');
const Anything = z.record(z.string(), z.unknown());
const StoredRunSchema = z.object({ run: Anything, result: Anything }).openapi('StoredRun');

export function simulationRoutes() {
  const r = router();
  r.openapi(
    createRoute({
      method: 'get', path: '/scenarios', tags: ['Impact'], summary: 'Stored scenarios you may read',
      description: 'Your organisation\'s scenarios and those shared on economies you may read (the demo\'s seed scenarios are NHS England\'s, shared), each with its levers in words.',
      request: { query: z.object({ economy: z.string().max(63).optional().openapi({ description: 'Only scenarios on this economy' }) }) },
      responses: { 200: { description: 'Scenarios', content: json(z.array(SavedScenarioSchema)) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').listScenarios(c.req.valid('query'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/scenarios', tags: ['Impact'], summary: 'Save a scenario on an economy you may read',
      description: 'Owned by your organisation; `sharing: economy` shares it with everyone who may read its economy. The scenario is checked against the version it would run on (its economy as at its first month): every lever must name real organisations, contracts and services.',
      request: {
        body: {
          required: true,
          content: json(z.object({
            id: ScenarioId.optional(), sharing: z.enum(['private', 'economy']).optional(),
            scenario: Anything.openapi({ description: 'A scenario (see GET /scenarios/schema); `economy` names the stored economy' }),
          }).strict().openapi('NewScenario')),
        },
      },
      responses: { 201: { description: 'Saved', content: json(SavedScenarioSchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').createScenario(c.req.valid('json'))) as never, 201),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/scenarios/schema', tags: ['Impact'], summary: 'The JSON Schema of a scenario',
      responses: { 200: { description: 'JSON Schema (draft 2020-12)', content: json(Anything) } },
    }),
    (c) => c.json(c.get('workspace').scenarioSchema() as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/scenarios/{id}', tags: ['Impact'], summary: 'A stored scenario as JSON',
      request: { params: z.object({ id: ScenarioId }) },
      responses: { 200: { description: 'The scenario JSON, as it would be written to a file', content: json(Anything) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').getScenario(c.req.valid('param').id)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'put', path: '/scenarios/{id}', tags: ['Impact'], summary: 'Edit or share your organisation\'s scenario',
      request: {
        params: z.object({ id: ScenarioId }),
        body: { required: true, content: json(z.object({ scenario: Anything.optional(), sharing: z.enum(['private', 'economy']).optional() }).strict().openapi('ScenarioUpdate')) },
      },
      responses: { 200: { description: 'Saved', content: json(SavedScenarioSchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').updateScenario(c.req.valid('param').id, c.req.valid('json'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'delete', path: '/scenarios/{id}', tags: ['Impact'], summary: 'Delete your organisation\'s scenario (not one with a kept run)',
      request: { params: z.object({ id: ScenarioId }) },
      responses: { 200: { description: 'Deleted', content: json(z.object({ deleted: z.string() }).openapi('ScenarioDeleted')) }, ...errors },
    }),
    async (c) => c.json(await c.get('workspace').deleteScenario(c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/scenarios/{id}/runs', tags: ['Impact'], summary: 'The runs kept of a scenario, newest first',
      request: { params: z.object({ id: ScenarioId }) },
      responses: { 200: { description: 'Runs (without their results: GET /runs/{id})', content: json(z.array(Anything)) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').listScenarioRuns(c.req.valid('param').id)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/scenarios/{id}/runs', tags: ['Impact'], summary: 'Run a stored scenario and keep the run',
      description: 'Runs on a version of the scenario\'s economy (default: as at its first month) and keeps the run, sealed, with the version it ran on.',
      request: {
        params: z.object({ id: ScenarioId }),
        body: { required: false, content: json(z.object({ trials: Trials.optional(), seed: Seed.optional(), ...VersionChoice }).strict().openapi('RunRequest')) },
      },
      responses: { 201: { description: '{run, result}', content: json(StoredRunSchema) }, ...errors },
    }),
    async (c) => {
      const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
      return c.json((await c.get('workspace').runScenario(c.req.valid('param').id, body)) as never, 201);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/runs/{id}', tags: ['Impact'], summary: 'A kept run with its result',
      description: 'Readable by the organisation that ran it, anyone who may read its scenario, and, for a decision\'s impact, anyone who may read the contract and the economy.',
      request: { params: z.object({ id: z.string().uuid('must be a run id') }) },
      responses: { 200: { description: '{run, result}', content: json(StoredRunSchema) }, 400: errors[400], 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').getRun(c.req.valid('param').id)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/simulations', tags: ['Impact'], summary: 'Run a scenario: projection and stress test (nothing kept)',
      description:
        'Validates the scenario against its schema and a version of its stored economy (every problem named by field path, e.g. `levers.0.provider`; a lever naming an organisation after it closed is refused with the date), then runs the deterministic projection (income, costs and surplus per provider per month, service-line viability and failures, the bridge, the minimum income guarantee when `solve` asks, fragmentation) and, with trials > 0, the Monte Carlo stress test (fan per provider, who fails first). The same seed gives the same result. Runs in a worker thread.',
      request: {
        body: {
          required: true,
          content: json(
            z
              .object({ scenario: Anything.openapi({ description: 'A scenario (see GET /scenarios/schema); `economy` names the stored economy' }), trials: Trials.optional(), seed: Seed.optional(), ...VersionChoice })
              .strict()
              .openapi('SimulationRequest'),
          ),
        },
      },
      responses: {
        200: { description: '{projection, stress, economy, trials, seed, outcomes, levers}', content: json(Anything.openapi('SimulationResult')) },
        400: errors[400],
        404: errors[404],
      },
    }),
    async (c) => {
      const { scenario, ...options } = c.req.valid('json');
      return c.json((await c.get('workspace').simulate(scenario, options)) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/simulations/report', tags: ['Impact'], summary: 'A printable HTML report of a stored scenario',
      description: 'Self-contained HTML (inline SVG charts, print CSS, no scripts): levers, income and surplus over time, the bridge and how the impact was derived, the failure timeline and the stress-test percentiles.',
      request: { query: z.object({ scenario: ScenarioId, trials: Trials.optional(), seed: Seed.optional(), ...VersionChoice }) },
      responses: { 200: { description: 'The report', content: { 'text/html': { schema: z.string() } } }, 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const { scenario, ...options } = c.req.valid('query');
      return c.html(await c.get('workspace').simulationReport(scenario, options), 200);
    },
  );
  return r;
}
