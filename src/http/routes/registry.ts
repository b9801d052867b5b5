import { createRoute, z } from '@hono/zod-openapi';
import { router } from '../env.ts';
import { ErrorSchema, IsoDate, OdsCode, OrganisationSchema, Paging, pageOf } from '../schemas.ts';
import { ORGANISATION_KINDS, SECTORS } from '../../domain/registry/organisation.ts';

const LinkSchema = z.object({
  predecessorCode: z.string(), successorCode: z.string(), effectiveDate: z.string(), reason: z.string(), name: z.string(),
});

export function registryRoutes() {
  const r = router();
  r.openapi(
    createRoute({
      method: 'get', path: '/organisations', tags: ['Registry'], summary: 'List organisations',
      request: {
        query: z.object({
          kind: z.enum(ORGANISATION_KINDS).optional(),
          sector: z.enum(SECTORS).optional(),
          search: z.string().max(100).optional().openapi({ description: 'Part of a name or code' }),
          openOn: IsoDate.optional().openapi({ description: 'Only organisations open on this date' }),
          parent: OdsCode.optional(),
          side: z.enum(['commissioner', 'provider']).optional().openapi({ description: 'Only commissioning organisations (ICBs, CCGs, NHS England, local authorities...), or only providing ones' }),
          ...Paging,
        }),
      },
      responses: {
        200: {
          description: 'A page of organisations; `parentName` is the parent\'s name, or null when the parent code is not in the registry',
          content: { 'application/json': { schema: pageOf(OrganisationSchema.extend({ parentName: z.string().nullable() }), 'OrganisationPage') } },
        },
      },
    }),
    async (c) => c.json((await c.get('workspace').listOrganisations(c.req.valid('query'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/organisations/{code}', tags: ['Registry'], summary: 'One organisation with its parent, children and successor links',
      request: { params: z.object({ code: OdsCode }) },
      responses: {
        200: {
          description: 'The organisation',
          content: {
            'application/json': {
              schema: z.object({
                organisation: OrganisationSchema,
                parent: OrganisationSchema.nullable().openapi({ description: 'Null when there is no parent code, or the code is not in the registry' }),
                region: OrganisationSchema.nullable().openapi({ description: 'The region, when its code is in the registry' }),
                children: z.array(OrganisationSchema),
                predecessors: z.array(LinkSchema), successors: z.array(LinkSchema),
              }).openapi('OrganisationDetail'),
            },
          },
        },
        404: { description: 'No such organisation', content: { 'application/json': { schema: ErrorSchema } } },
      },
    }),
    async (c) => c.json((await c.get('workspace').getOrganisation(c.req.valid('param').code)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/services', tags: ['Registry'], summary: 'The services catalogue with who commissions each',
      responses: {
        200: {
          description: 'Services',
          content: { 'application/json': { schema: z.array(z.object({ code: z.string(), name: z.string(), commissionedBy: z.string(), description: z.string() }).openapi('Service')) } },
        },
      },
    }),
    async (c) => c.json((await c.get('workspace').listServices()) as never, 200),
  );
  return r;
}
