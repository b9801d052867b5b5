import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '../../domain/access/rights.ts';
import { router } from '../env.ts';
import { ErrorSchema, OdsCode, Text, UserSchema } from '../schemas.ts';
import { LedgerCheckSchema } from './contracts.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const denied = { 403: { description: 'Not permitted for your role', content: json(ErrorSchema) } };

const NewUserSchema = z.object({
  username: z.string().min(3).max(60).regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits and . _ - only'),
  displayName: Text(200).pipe(z.string().trim().min(1, 'is required')),
  organisationCode: OdsCode,
  role: z.enum(ROLES),
  password: z.string().min(10, 'must be at least 10 characters').max(200),
  managesUsers: z.boolean().optional().openapi({ description: "Make the user a user administrator of its organisation (creates and lists that organisation's users)" }),
}).strict().openapi('NewUser');

/**
 * Administration: the whole ledger's verification (system and administrators) and users (the
 * administrator, every organisation's; an organisation's user administrator, its own).
 */
export function adminRoutes() {
  const r = router();
  r.openapi(
    createRoute({
      method: 'get', path: '/ledger/verify', tags: ['Audit'], summary: 'Verify every ledger and the audit chain',
      description: 'What `npx concordat verify` does: recomputes the audit log\'s hash chain and every contract\'s and tariff year\'s ledger, and compares every sealed record as stored now with its seal. Each break names the contract, record and field.',
      responses: { 200: { description: 'The check', content: json(LedgerCheckSchema) }, ...denied },
    }),
    async (c) => c.json((await c.get('workspace').verifyEverything()) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/users', tags: ['Users'], summary: 'Users you manage',
      description: "The administrator sees every user; an organisation's user administrator the users of its own organisation.",
      responses: { 200: { description: 'The users', content: json(z.array(UserSchema.omit({ side: true }))) }, ...denied },
    }),
    async (c) => c.json((await c.get('workspace').listUsers()) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/users', tags: ['Users'], summary: 'Create a user',
      description: 'A user of one organisation, in a role its side allows: a provider\'s users are providers; a commissioner\'s may be commissioners, system or administrators. An organisation\'s user administrator creates users of its own organisation only, as commissioners or providers (its side\'s), never system or administrators.',
      request: { body: { content: json(NewUserSchema), required: true } },
      responses: { 201: { description: 'Created', content: json(UserSchema) }, 400: { description: 'Invalid', content: json(ErrorSchema) }, ...denied, 409: { description: 'User name taken', content: json(ErrorSchema) } },
    }),
    async (c) => c.json((await c.get('workspace').createUser(c.req.valid('json'))) as never, 201),
  );
  return r;
}
