import { createRoute, z } from '@hono/zod-openapi';
import { router } from '../env.ts';
import { IsoDate, Paging } from '../schemas.ts';

const Group = (key: string) => z.object({ [key]: z.string(), contracts: z.number().int(), valuePence: z.number().int() });

export function economyRoutes() {
  const r = router();
  r.openapi(
    createRoute({
      method: 'get', path: '/economy', tags: ['Economy'], summary: 'Who commissions what from whom, with totals',
      description: 'Without `asAt`, as at the date on which most of your contracts are live (of their start dates up to today, the latest on a tie; today when none is live on any): `asAtChosen` says which.',
      request: { query: z.object({ asAt: IsoDate.optional() }) },
      responses: {
        200: {
          description: 'The overview over the contracts you may see',
          content: {
            'application/json': {
              schema: z.object({
                asAt: z.string(), asAtChosen: z.enum(['requested', 'most_live', 'today']), contracts: z.number().int(), valuePence: z.number().int(), organisations: z.number().int(),
                byStatus: z.array(Group('status')), byModel: z.array(Group('model')), byProviderSector: z.array(Group('sector')),
                relationships: z.array(z.object({
                  commissionerRole: z.enum(['coordinating', 'associate']), commissionerCode: z.string(), commissionerName: z.string(), providerCode: z.string(), providerName: z.string(),
                  providerSector: z.string().nullable(), contracts: z.number().int(), valuePence: z.number().int(), contractIds: z.array(z.string()),
                })),
              }).openapi('EconomyOverview'),
            },
          },
        },
      },
    }),
    async (c) => c.json((await c.get('workspace').economyOverview(c.req.valid('query').asAt)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/audit', tags: ['Audit'], summary: 'The audit trail (append-only)',
      description: 'Commissioners and providers see their own organisation\'s actions; the system role sees all.',
      request: { query: z.object({ entityType: z.string().optional(), entityId: z.string().optional(), ...Paging }) },
      responses: {
        200: {
          description: 'Newest first',
          content: {
            'application/json': {
              schema: z.object({
                items: z.array(z.object({
                  id: z.number().int(), at: z.string(), userId: z.string(), organisationCode: z.string().nullable(), action: z.string(),
                  entityType: z.string(), entityId: z.string(), detail: z.unknown(),
                })),
                total: z.number().int(), limit: z.number().int(), offset: z.number().int(),
              }).openapi('AuditPage'),
            },
          },
        },
      },
    }),
    async (c) => c.json(await c.get('workspace').listAudit(c.req.valid('query')), 200),
  );
  return r;
}
