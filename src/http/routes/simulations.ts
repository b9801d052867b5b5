import { createRoute, z } from '@hono/zod-openapi';
import { DEFAULT_TRIALS, MAX_TRIALS } from '../../app/impact/scenarios.ts';
import { router } from '../env.ts';
import { ErrorSchema } from '../schemas.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const errors = {
  400: { description: 'Invalid input; `issues` names each field (e.g. `levers.0.provider`)', content: json(ErrorSchema) },
  404: { description: 'No such scenario', content: json(ErrorSchema) },
};
const ScenarioId = z.string().regex(/^[a-z0-9-]+$/, 'must be a scenario id such as bedford-msk').openapi({ example: 'bedford-msk' });
const Trials = z.coerce
  .number()
  .int('must be a whole number')
  .min(0, `must be from 0 to ${MAX_TRIALS}`)
  .max(MAX_TRIALS, `must be from 0 to ${MAX_TRIALS}`)
  .openapi({ description: `Monte Carlo trials (0 = projection only; at most ${MAX_TRIALS}; default ${DEFAULT_TRIALS})` });
const Seed = z.coerce.number().int('must be a whole number').min(0, 'must be at least 0').openapi({ description: 'Random seed: the same seed gives the same result (default 1)' });

const LeverSummarySchema = z.object({ index: z.number().int(), type: z.string(), label: z.string(), from: z.string(), summary: z.string() }).openapi('LeverSummary');
const SavedScenarioSchema = z
  .object({
    id: z.string(), name: z.string(), description: z.string(), economy: z.string(), start: z.string(), horizonMonths: z.number().int(),
    levers: z.array(LeverSummarySchema), hasUncertainty: z.boolean(), solves: z.boolean(),
  })
  .openapi('SavedScenario');
const Anything = z.record(z.string(), z.unknown());

export function simulationRoutes() {
  const r = router();
  r.openapi(
    createRoute({
      method: 'get', path: '/scenarios', tags: ['Impact'], summary: 'The saved scenarios (the seed cases)',
      description: 'Each saved scenario with its levers in words. The demo economy is synthetic reference data: any signed-in user may read and run it.',
      responses: { 200: { description: 'Saved scenarios', content: json(z.array(SavedScenarioSchema)) } },
    }),
    (c) => c.json(c.get('workspace').listScenarios() as never, 200),
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
      method: 'get', path: '/scenarios/economy', tags: ['Impact'], summary: 'The economy scenarios run against: providers and their service lines',
      request: { query: z.object({ id: z.string().optional().openapi({ description: 'Economy id (default "demo")' }) }) },
      responses: { 200: { description: 'Providers, service lines, commissioners and pathways', content: json(Anything) }, 404: errors[404] },
    }),
    (c) => c.json(c.get('workspace').scenarioEconomy(c.req.valid('query').id) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/scenarios/{id}', tags: ['Impact'], summary: 'A saved scenario as JSON',
      request: { params: z.object({ id: ScenarioId }) },
      responses: { 200: { description: 'The scenario JSON, as in scenarios/<id>.json', content: json(Anything) }, 404: errors[404] },
    }),
    (c) => c.json(c.get('workspace').getScenario(c.req.valid('param').id) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/simulations', tags: ['Impact'], summary: 'Run a scenario: projection and stress test',
      description:
        'Validates the scenario against its schema and the economy (every problem named by field path, e.g. `levers.0.provider`), then runs the deterministic projection (income, costs and surplus per provider per month, service-line viability and failures, the bridge, the minimum income guarantee when `solve` asks, fragmentation) and, with trials > 0, the Monte Carlo stress test (fan per provider, who fails first). The same seed gives the same result.',
      request: {
        body: {
          required: true,
          content: json(
            z
              .object({ scenario: Anything.openapi({ description: 'A scenario as in scenarios/*.json (see GET /scenarios/schema)' }), trials: Trials.optional(), seed: Seed.optional() })
              .strict()
              .openapi('SimulationRequest'),
          ),
        },
      },
      responses: {
        200: { description: '{projection, stress, trials, seed, outcomes, levers}', content: json(Anything.openapi('SimulationResult')) },
        400: errors[400],
      },
    }),
    async (c) => {
      const { scenario, trials, seed } = c.req.valid('json');
      return c.json((await c.get('workspace').simulate(scenario, { trials, seed })) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/simulations/report', tags: ['Impact'], summary: 'A printable HTML report of a saved scenario',
      description: 'Self-contained HTML (inline SVG charts, print CSS, no scripts): levers, income and surplus over time, the bridge and how the impact was derived, the failure timeline and the stress-test percentiles.',
      request: { query: z.object({ scenario: ScenarioId, trials: Trials.optional(), seed: Seed.optional() }) },
      responses: { 200: { description: 'The report', content: { 'text/html': { schema: z.string() } } }, 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const { scenario, trials, seed } = c.req.valid('query');
      return c.html(await c.get('workspace').simulationReport(scenario, { trials, seed }), 200);
    },
  );
  return r;
}
