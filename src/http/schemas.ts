import { z } from '@hono/zod-openapi';
import { CONTRACT_MODELS, CONTRACT_STATUSES, PARTY_ROLES } from '../domain/contracts/contract.ts';
import { ODS_CODE_PATTERN, ORGANISATION_KINDS, SECTORS } from '../domain/registry/organisation.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date written YYYY-MM-DD that exists (2025-02-30 is refused). */
export const IsoDate = z
  .string()
  .regex(ISO_DATE, 'must be a date written YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date')
  .openapi({ example: '2014-04-01' });

export const OdsCode = z
  .string()
  .regex(ODS_CODE_PATTERN, 'must be an ODS code: 3-6 capital letters or digits (e.g. RC1, 06F), or a 9-character ONS local authority code')
  .openapi({ example: 'RC1' });

/** Money on the wire is integer pence: £120m is 12000000000. */
export const Pence = z.number().int('must be whole pence').openapi({ example: 12_000_000_000, description: 'Integer pence' });

export const Paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: 'Page size, 1-500' }),
  offset: z.coerce.number().int().min(0).default(0),
};

export const ErrorSchema = z
  .object({
    error: z.object({
      kind: z.enum(['invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'internal']),
      message: z.string(),
      issues: z.array(z.object({ path: z.string().openapi({ example: 'endDate' }), message: z.string() })),
    }),
  })
  .openapi('Error');

export const OrganisationSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(ORGANISATION_KINDS),
    sector: z.enum(SECTORS),
    parentCode: z.string().nullable(),
    regionCode: z.string().nullable(),
    postcode: z.string().nullable(),
    openDate: z.string().nullable(),
    closeDate: z.string().nullable(),
    source: z.string(),
    odsVerified: z.boolean(),
    note: z.string().nullable(),
  })
  .openapi('Organisation');

export const PartySchema = z.object({
  organisationCode: OdsCode,
  role: z.enum(PARTY_ROLES),
});

export const PartyViewSchema = PartySchema.extend({
  name: z.string(),
  kind: z.string().nullable(),
  sector: z.string().nullable(),
}).openapi('Party');

export const ContractSummarySchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    title: z.string(),
    model: z.enum(CONTRACT_MODELS),
    status: z.enum(CONTRACT_STATUSES),
    startDate: z.string(),
    endDate: z.string(),
    signedValuePence: z.number().int(),
    currentValuePence: z.number().int(),
    parentContractId: z.string().nullable(),
    parties: z.array(PartyViewSchema),
    serviceCodes: z.array(z.string()),
  })
  .openapi('ContractSummary');

export const VariationChangesSchema = z
  .object({
    title: z.string().min(1).max(300).optional(),
    endDate: IsoDate.optional(),
    status: z.enum(CONTRACT_STATUSES).optional(),
    addServiceCodes: z.array(z.string()).optional(),
    removeServiceCodes: z.array(z.string()).optional(),
  })
  .strict();

export const NewContractSchema = z
  .object({
    reference: z.string().trim().min(1, 'is required').max(60).regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, 'letters, digits and - _ . / only'),
    title: z.string().trim().min(1, 'is required').max(300),
    description: z.string().max(5000).optional(),
    model: z.enum(CONTRACT_MODELS),
    parentContractId: z.string().nullable().optional(),
    startDate: IsoDate,
    endDate: IsoDate,
    extensionOptions: z.array(z.object({ months: z.number().int().min(1).max(120), exercised: z.boolean().default(false) })).optional(),
    signedValuePence: Pence.min(0, 'must not be negative'),
    status: z.enum(CONTRACT_STATUSES).optional(),
    parties: z.array(PartySchema).min(1, 'name at least the co-ordinating commissioner'),
    serviceCodes: z.array(z.string()).optional(),
  })
  .strict()
  // Reported with the other field errors, so the user sees every problem at once.
  .refine((c) => !(c.startDate && c.endDate) || c.endDate >= c.startDate, { path: ['endDate'], message: 'must not be before startDate' })
  .openapi('NewContract');

export const NewVariationSchema = z
  .object({
    effectiveDate: IsoDate,
    rationale: z.string().trim().min(1, 'say why the contract is being varied').max(5000),
    valueChangePence: Pence,
    changes: VariationChangesSchema.optional(),
  })
  .strict()
  .openapi('NewVariation');

export const VariationSchema = z
  .object({
    id: z.string(),
    contractId: z.string(),
    sequence: z.number().int(),
    effectiveDate: z.string(),
    rationale: z.string(),
    valueChangePence: z.number().int(),
    valueAfterPence: z.number().int(),
    changes: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('Variation');

export const ContractVersionSchema = z
  .object({
    asAt: z.string(),
    title: z.string(),
    endDate: z.string(),
    status: z.enum(CONTRACT_STATUSES),
    valuePence: z.number().int(),
    signedValuePence: z.number().int(),
    serviceCodes: z.array(z.string()),
    appliedVariations: z.array(z.number().int()),
  })
  .openapi('ContractVersion');

export const ContractDetailSchema = z
  .object({
    contract: z.object({
      id: z.string(),
      reference: z.string(),
      title: z.string(),
      description: z.string(),
      model: z.enum(CONTRACT_MODELS),
      parentContractId: z.string().nullable(),
      startDate: z.string(),
      endDate: z.string(),
      extensionOptions: z.array(z.object({ months: z.number(), exercised: z.boolean() })),
      signedValuePence: z.number().int(),
      status: z.enum(CONTRACT_STATUSES),
      parties: z.array(PartyViewSchema),
      serviceCodes: z.array(z.string()),
      createdAt: z.string(),
      createdBy: z.string(),
    }),
    current: ContractVersionSchema,
    variations: z.array(VariationSchema),
    services: z.array(z.object({ code: z.string(), name: z.string() })),
    parent: z.object({ id: z.string(), reference: z.string(), title: z.string() }).nullable(),
    subcontracts: z.array(ContractSummarySchema),
  })
  .openapi('ContractDetail');

export const UserSchema = z
  .object({
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    organisationCode: z.string(),
    role: z.enum(['commissioner', 'provider', 'system', 'admin']),
  })
  .openapi('User');

export function pageOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }).openapi(name);
}
