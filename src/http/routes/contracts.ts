import { createRoute, z } from '@hono/zod-openapi';
import { CONTRACT_MODELS, CONTRACT_STATUSES } from '../../domain/contracts/contract.ts';
import { router } from '../env.ts';
import {
  ContractDetailSchema, ContractSummarySchema, ContractVersionSchema, DecisionNote, ErrorSchema, IsoDate, NewContractSchema,
  NewVariationSchema, OdsCode, Paging, VariationSchema, pageOf,
} from '../schemas.ts';

const BreakSchema = z.object({
  kind: z.string(), scope: z.string().nullable(), contractId: z.string().nullable(), contractReference: z.string().nullable(),
  entityType: z.string().nullable(), entityId: z.string().nullable(), field: z.string().nullable(), message: z.string(),
}).openapi('LedgerBreak');
export const LedgerCheckSchema = z.object({
  ok: z.boolean(), auditRecords: z.number().int(), ledgerEntries: z.number().int(), scopes: z.number().int(), sealedRecords: z.number().int(),
  heads: z.record(z.string(), z.string()), breaks: z.array(BreakSchema), checkedAt: z.string(),
}).openapi('LedgerCheck');

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const errors = {
  400: { description: 'Invalid input; `issues` names each field', content: json(ErrorSchema) },
  403: { description: 'Not permitted for your organisation or role', content: json(ErrorSchema) },
  404: { description: 'No such contract visible to you', content: json(ErrorSchema) },
};
const IdParam = z.object({ id: z.string().min(1).max(100).openapi({ description: 'Contract id or reference', example: 'BEDS-MSK-2014' }) });
const conflictResponse = { 409: { description: 'The contract is not in a state that allows it (the message names the state)', content: json(ErrorSchema) } };

export function contractRoutes() {
  const r = router();
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts', tags: ['Contracts'], summary: 'List the contracts you may see',
      description: 'Status, end date and value are read as at `asAt` (default today), with every variation effective by then applied.',
      request: {
        query: z.object({
          commissioner: OdsCode.optional(), provider: OdsCode.optional(), organisation: OdsCode.optional(),
          status: z.enum(CONTRACT_STATUSES).optional(), model: z.enum(CONTRACT_MODELS).optional(),
          search: z.string().max(100).optional(), asAt: IsoDate.optional(), ...Paging,
        }),
      },
      responses: { 200: { description: 'A page of contracts', content: json(pageOf(ContractSummarySchema, 'ContractPage')) }, 400: errors[400] },
    }),
    async (c) => c.json((await c.get('workspace').listContracts(c.req.valid('query'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contracts', tags: ['Contracts'], summary: 'Record a new contract',
      request: { body: { content: json(NewContractSchema), required: true } },
      responses: { 201: { description: 'Created', content: json(ContractDetailSchema) }, ...errors, 409: { description: 'Reference already used', content: json(ErrorSchema) } },
    }),
    async (c) => c.json((await c.get('workspace').createContract(c.req.valid('json'))) as never, 201),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}', tags: ['Contracts'], summary: 'A contract with its variation history',
      request: { params: IdParam, query: z.object({ asAt: IsoDate.optional() }) },
      responses: { 200: { description: 'The contract', content: json(ContractDetailSchema) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').getContract(c.req.valid('param').id, c.req.valid('query').asAt)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}/as-at/{date}', tags: ['Contracts'], summary: 'The contract as at a date',
      description: 'The signed terms with every variation effective on or before the date applied; the signed value is kept alongside.',
      request: { params: IdParam.extend({ date: IsoDate }) },
      responses: { 200: { description: 'The version in force', content: json(ContractVersionSchema.extend({ id: z.string(), reference: z.string() })) }, 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const { id, date } = c.req.valid('param');
      return c.json((await c.get('workspace').getContractAsAt(id, date)) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}/variations', tags: ['Contracts'], summary: 'The variation history, oldest first',
      request: { params: IdParam },
      responses: { 200: { description: 'Variations', content: json(z.array(VariationSchema)) }, 404: errors[404] },
    }),
    async (c) => c.json(((await c.get('workspace').getContract(c.req.valid('param').id)).variations) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contracts/{id}/variations', tags: ['Contracts'], summary: 'Append a variation',
      description: 'Variations are append-only: a correction is a further variation.',
      request: { params: IdParam, body: { content: json(NewVariationSchema), required: true } },
      responses: { 201: { description: 'The contract after the variation', content: json(ContractDetailSchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').addVariation(c.req.valid('param').id, c.req.valid('json'))) as never, 201),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contracts/{id}/acceptance', tags: ['Contracts'], summary: 'Accept or decline a contract let to your organisation',
      description: 'A party named on a draft contract (other than the organisation that let it) accepts or declines it. When every party has accepted, the contract is agreed and reads as live within its term. Declining needs a note.',
      request: { params: IdParam, body: { content: json(z.object({ decision: z.enum(['accepted', 'declined']), note: DecisionNote }).strict().openapi('AcceptanceDecision')), required: true } },
      responses: { 200: { description: 'The contract after the decision', content: json(ContractDetailSchema) }, ...errors, ...conflictResponse },
    }),
    async (c) => c.json((await c.get('workspace').decideAcceptance(c.req.valid('param').id, c.req.valid('json'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contracts/{id}/subcontract-consent', tags: ['Contracts'], summary: 'Consent to a subcontract, or refuse',
      description: 'The commissioner of the contract a subcontract sits under gives or refuses consent to it. Refusing needs a note.',
      request: { params: IdParam, body: { content: json(z.object({ decision: z.enum(['accepted', 'declined']), note: DecisionNote }).strict().openapi('ConsentDecision')), required: true } },
      responses: { 200: { description: 'The subcontract after the decision', content: json(ContractDetailSchema) }, ...errors, ...conflictResponse },
    }),
    async (c) => c.json((await c.get('workspace').decideSubcontractConsent(c.req.valid('param').id, c.req.valid('json'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contracts/{id}/variation-proposals', tags: ['Contracts'], summary: 'Propose a variation',
      description: 'A provider or associate commissioner proposes a variation; the co-ordinating commissioner agrees it (it is then recorded as the next variation) or rejects it.',
      request: { params: IdParam, body: { content: json(NewVariationSchema), required: true } },
      responses: { 201: { description: 'The contract with the proposal', content: json(ContractDetailSchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').proposeVariation(c.req.valid('param').id, c.req.valid('json'))) as never, 201),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contracts/{id}/variation-proposals/{proposalId}/decision', tags: ['Contracts'], summary: 'Agree, reject or withdraw a proposed variation',
      description: 'The co-ordinating commissioner agrees or rejects (with a note); the proposing organisation may withdraw its proposal while it is undecided.',
      request: {
        params: IdParam.extend({ proposalId: z.string().min(1).max(100) }),
        body: { content: json(z.object({ decision: z.enum(['agreed', 'rejected', 'withdrawn']), note: DecisionNote }).strict().openapi('ProposalDecision')), required: true },
      },
      responses: { 200: { description: 'The contract after the decision', content: json(ContractDetailSchema) }, ...errors, ...conflictResponse },
    }),
    async (c) => {
      const { id, proposalId } = c.req.valid('param');
      return c.json((await c.get('workspace').decideProposal(id, proposalId, c.req.valid('json'))) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}/ledger', tags: ['Contracts'], summary: "Verify the contract's ledger",
      description: 'Recomputes the hash chain of everything recorded for the contract (the contract, acceptances, variations, proposals, payment terms, submissions) and compares each stored record with its seal. `ok` is the "ledger verified" mark; each break names the record and field.',
      request: { params: IdParam },
      responses: { 200: { description: 'The check', content: json(LedgerCheckSchema) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').verifyContractLedger(c.req.valid('param').id)) as never, 200),
  );
  return r;
}
