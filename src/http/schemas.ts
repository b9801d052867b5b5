import { z } from '@hono/zod-openapi';
import { CONTRACT_MODELS, CONTRACT_STATUSES, PARTY_ROLES, RECORDED_STATUSES } from '../domain/contracts/contract.ts';
import { ODS_CODE_PATTERN, ORGANISATION_KINDS, SECTORS } from '../domain/registry/organisation.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date written YYYY-MM-DD that exists (2025-02-30 is refused), from 1900 to 2199. */
export const IsoDate = z
  .string()
  // One message for a blank or malformed date, not three: the later checks need a date to check.
  .regex(ISO_DATE, { message: 'must be a date written YYYY-MM-DD', abort: true })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date')
  .refine((s) => s >= '1900-01-01' && s <= '2199-12-31', 'must be between 1900-01-01 and 2199-12-31')
  .openapi({ example: '2014-04-01' });

/** Free text: no NUL or other control characters but tab and newlines (the database cannot keep NUL). */
export const Text = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s), 'must not contain control characters');

export const OdsCode = z
  .string()
  .regex(ODS_CODE_PATTERN, 'must be an ODS code: 3-6 capital letters or digits (e.g. RC1, 06F), or a 9-character ONS local authority code')
  .openapi({ example: 'RC1' });

/** Money on the wire is integer pence: £120m is 12000000000. Bounded to what adds up exactly (2^53). */
export const Pence = z.number().int('must be whole pence')
  .refine((n) => Number.isSafeInteger(n), `must be between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER} pence`)
  .openapi({ example: 12_000_000_000, description: 'Integer pence' });

export const Paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: 'Page size, 1-500' }),
  offset: z.coerce.number().int().min(0).default(0),
};

export const ErrorSchema = z
  .object({
    error: z.object({
      kind: z.enum(['invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'too_large', 'too_many_requests', 'internal']),
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

const ServiceCode = z.string().min(1).max(40).regex(/^[A-Z0-9-]+$/, 'must be a service code such as MSK-ELECTIVE');

export const VariationChangesSchema = z
  .object({
    title: Text(300).pipe(z.string().min(1)).optional(),
    endDate: IsoDate.optional(),
    status: z.enum(RECORDED_STATUSES).optional(),
    addServiceCodes: z.array(ServiceCode).max(200).optional(),
    removeServiceCodes: z.array(ServiceCode).max(200).optional(),
  })
  .strict();

export const NewContractSchema = z
  .object({
    reference: z.string().trim().min(1, { message: 'is required', abort: true }).max(60).regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, 'letters, digits and - _ . / only'),
    title: Text(300).pipe(z.string().trim().min(1, 'is required')),
    description: Text(5000).optional(),
    model: z.enum(CONTRACT_MODELS),
    parentContractId: z.string().max(100).nullable().optional(),
    startDate: IsoDate,
    endDate: IsoDate,
    extensionOptions: z.array(z.object({ months: z.number().int().min(1).max(120), exercised: z.boolean().default(false) })).max(10).optional(),
    signedValuePence: Pence.min(0, 'must not be negative'),
    status: z.enum(RECORDED_STATUSES).optional().openapi({ description: 'Leave out: a contract you let is a draft until every other party accepts it, and then agreed' }),
    parties: z.array(PartySchema).min(1, 'name at least the co-ordinating commissioner').max(50),
    serviceCodes: z.array(ServiceCode).max(200).optional(),
  })
  .strict()
  // Reported with the other field errors, so the user sees every problem at once.
  .refine((c) => !(c.startDate && c.endDate) || c.endDate >= c.startDate, { path: ['endDate'], message: 'must not be before startDate' })
  .openapi('NewContract');

export const NewVariationSchema = z
  .object({
    effectiveDate: IsoDate,
    rationale: Text(5000).pipe(z.string().trim().min(1, 'say why the contract is being varied')),
    valueChangePence: Pence,
    changes: VariationChangesSchema.optional(),
    impactRunId: z.string().uuid('must be the id of an impact run').optional().openapi({ description: 'The run "show the impact first" kept (POST /contracts/{id}/impact): kept with this decision' }),
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
    createdByName: z.string(),
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

export const AcceptanceSchema = z.object({
  state: z.enum(['recorded', 'awaiting', 'agreed', 'declined']).openapi({ description: 'recorded: by an import or the demo, as agreed; awaiting: some parties have not yet decided' }),
  letBy: z.string().nullable(),
  parties: z.array(z.object({
    organisationCode: z.string(), name: z.string(), role: z.string(),
    decision: z.enum(['let', 'accepted', 'declined', 'pending', 'recorded']), decidedAt: z.string().nullable(), note: z.string(),
  })),
  subcontractConsent: z.object({ state: z.enum(['given', 'refused', 'not_given']), by: z.string().nullable(), at: z.string().nullable(), note: z.string() }).nullable(),
}).openapi('ContractAcceptance');

export const ProposalSchema = z.object({
  id: z.string(), effectiveDate: z.string(), rationale: z.string(), valueChangePence: z.number().int(), changes: z.record(z.string(), z.unknown()),
  proposedBy: z.string(), proposedByOrganisation: z.string(), proposedAt: z.string(),
  state: z.enum(['proposed', 'agreed', 'rejected', 'withdrawn']), decidedByOrganisation: z.string().nullable(), decidedAt: z.string().nullable(),
  note: z.string(), variationSequence: z.number().int().nullable(),
}).openapi('VariationProposal');

export const DecisionNote = Text(2000).optional();

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
      createdByName: z.string(),
      letByOrganisation: z.string().nullable(),
    }),
    current: ContractVersionSchema,
    variations: z.array(VariationSchema),
    services: z.array(z.object({ code: z.string(), name: z.string() })),
    parent: z.object({ id: z.string(), reference: z.string(), title: z.string() }).nullable(),
    subcontracts: z.array(ContractSummarySchema),
    acceptance: AcceptanceSchema,
    proposals: z.array(ProposalSchema),
    youMay: z.object({
      accept: z.boolean(), consent: z.boolean(), vary: z.boolean(), propose: z.boolean(), decide: z.boolean(),
      setPaymentTerms: z.boolean(), submitActivity: z.boolean(), submitPlan: z.boolean(),
    }).openapi({ description: 'What the signed-in user may do to this contract now' }),
    procurement: z.object({ id: z.string(), reference: z.string(), ocid: z.string(), awardedOn: z.string() }).nullable()
      .openapi({ description: 'The procurement whose award created this contract, if one did' }),
  })
  .openapi('ContractDetail');

export const UserSchema = z
  .object({
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    organisationCode: z.string(),
    role: z.enum(['commissioner', 'provider', 'system', 'admin']),
    side: z.enum(['commissioner', 'provider']),
    managesUsers: z.boolean().openapi({ description: "An organisation user administrator: creates and lists its own organisation's users" }),
  })
  .openapi('User');

/** The signed-in user with what the web app offers it (each action is decided again when taken). */
export const AccountSchema = UserSchema.extend({
  youMay: z.object({
    letContracts: z.boolean(), letSubcontracts: z.boolean(), manageUsers: z.boolean(), manageEveryOrganisationsUsers: z.boolean(),
  }),
}).openapi('Account');

export function pageOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }).openapi(name);
}
