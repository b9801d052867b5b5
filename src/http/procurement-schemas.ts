/**
 * Request and response schemas for procurements, stage gates, OCDS and FHIR (issue 9). Requests are
 * checked for shape here; what the regulation requires (a notice's Schedule items, all five key
 * criteria weighted, a route the regulation permits) is checked by the domain, so its refusals name the
 * Schedule paragraph or the rule rather than a bare "Required".
 */

import { z } from '@hono/zod-openapi';
import { CONTRACT_MODELS } from '../domain/contracts/contract.ts';
import { KEY_CRITERIA } from '../domain/procurement/key-criteria.ts';
import { NOTICE_KINDS } from '../domain/procurement/notices.ts';
import { PSR_ROUTES } from '../domain/procurement/route-chooser.ts';
import { STAGE_GATES } from '../domain/procurement/stage-gates.ts';
import { IsoDate, OdsCode, Pence, Text } from './schemas.ts';

const required = (max: number) => Text(max).pipe(z.string().trim().min(1, 'is required'));
const ServiceCode = z.string().min(1).max(40).regex(/^[A-Z0-9-]+$/, 'must be a service code such as CANCER');
const Period = z.object({ startDate: IsoDate, endDate: IsoDate }).strict()
  .refine((p) => p.endDate >= p.startDate, { path: ['endDate'], message: 'must not be before startDate' });

export const ConsiderableChangeSchema = z.object({
  existingLifetimeValuePence: Pence.min(0, 'must not be negative').openapi({ description: 'Lifetime value of the existing contract when it was entered into' }),
  proposedLifetimeValuePence: Pence.min(0, 'must not be negative'),
  authorityDriven: z.boolean().openapi({ description: 'The changes are attributable to a decision of the relevant authority' }),
  materiallyDifferent: z.boolean().openapi({ description: 'The proposed arrangements are materially different in character' }),
}).strict().openapi('ConsiderableChangeQuestion');

export const RouteAnswersSchema = z.object({
  existingProvider: z.boolean(),
  onlyExistingProviderCapable: z.boolean().optional(),
  framework: z.boolean(),
  patientChoiceOffered: z.boolean().optional(),
  providersUnrestricted: z.boolean().optional(),
  offeredToAllMeetingRequirements: z.boolean().optional(),
  expressionOfInterestArrangements: z.boolean().optional(),
  expiringContract: z.boolean().optional(),
  considerableChange: ConsiderableChangeSchema.optional(),
  providerSatisfying: z.boolean().optional(),
}).strict().openapi('RouteAnswers', { description: "Reg 6's questions, answered in order; leave a question out when an earlier answer settles it" });

export const OpenProcurementSchema = z.object({
  id: z.string().max(80).regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits and . _ - only (it becomes part of the ocid)').optional()
    .openapi({ description: 'Never changes; part of the OCDS ocid. Defaults to the reference in lower case.' }),
  reference: z.string().trim().min(1, 'is required').max(60).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits and - _ . only'),
  title: required(300),
  description: Text(5000).optional(),
  route: z.enum([...PSR_ROUTES, 'legacy']).openapi({ description: "A PSR route, or 'legacy' (tender or roll over) for a procurement before 1 January 2024" }),
  answers: RouteAnswersSchema.optional(),
  routeReason: Text(2000).optional().openapi({ description: 'Why this route, where the regulation permits more than one' }),
  jointAuthorities: z.array(OdsCode).max(20).optional().openapi({ description: 'Other relevant authorities; your organisation leads' }),
  services: z.object({ description: required(1000), cpvCode: z.string().max(20), serviceCodes: z.array(ServiceCode).max(50).optional() }).strict(),
  approximateLifetimeValuePence: Pence,
  contractPeriod: Period,
  incumbent: z.object({
    organisationCode: OdsCode, address: required(500), contractReference: z.string().max(60).optional(), lifetimeValueAtEntryPence: Pence.min(0).optional(),
  }).strict().optional(),
  contractModel: z.enum(CONTRACT_MODELS).optional(),
}).strict()
  .refine((b) => b.route === 'legacy' || b.answers !== undefined, { path: ['answers'], message: "answer the route chooser's questions (reg 6)" })
  .openapi('OpenProcurement');

const NoticeParty = z.object({ name: Text(300), address: Text(500), organisationCode: z.string().max(20).optional() }).strict();
export const NoticeContentSchema = z.object({
  statementOfIntention: Text(2000).optional(),
  title: Text(300).optional(),
  reference: Text(60).optional(),
  authorities: z.array(NoticeParty).max(20).optional(),
  provider: NoticeParty.optional(),
  services: z.object({ description: Text(1000), cpvCode: z.string().max(20) }).strict().optional(),
  approximateLifetimeValuePence: Pence.optional(),
  contractPeriod: z.object({ startDate: IsoDate, endDate: IsoDate }).strict().optional(),
  decisionMakers: z.array(Text(300)).max(50).optional(),
  reasons: z.array(z.object({ criterion: z.enum(KEY_CRITERIA), reason: Text(2000) }).strict()).max(20).optional(),
  declaredConflicts: z.array(z.object({ description: Text(1000), managedHow: Text(1000) }).strict()).max(50).optional(),
  framework: z.object({ used: z.boolean(), durationMonths: z.number().int().min(1).max(600).optional(), users: z.array(Text(300)).max(50).optional() }).strict().optional(),
  offersDueBy: IsoDate.optional(),
  awardedOn: IsoDate.optional(),
  modification: z.object({ description: Text(2000), changePence: Pence, ground: Text(1000) }).strict().optional(),
  abandonmentReasons: Text(2000).optional(),
}).strict().openapi('NoticeContent', { description: 'What the notice says; the Schedule its kind follows decides which items are required (a missing item is refused, naming its paragraph)' });

const Notice = z.object({ content: NoticeContentSchema }).strict();
const DecisionMakerSchema = z.object({ name: required(300), role: required(300), organisationCode: OdsCode }).strict();
const Reason = z.object({ criterion: z.enum(KEY_CRITERIA), reason: Text(2000) }).strict();

export const StepSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('decision_makers_named'), decisionMakers: z.array(DecisionMakerSchema).min(1, 'name at least one decision-maker').max(50) }).strict(),
  z.object({
    type: z.literal('conflict_declared'),
    conflict: z.object({ id: z.string().max(40).optional(), personName: required(300), personRole: required(300), organisationCode: OdsCode.optional(), interest: required(2000) }).strict(),
  }).strict(),
  z.object({ type: z.literal('conflict_managed'), conflictId: z.string().min(1).max(40), managedHow: required(2000) }).strict(),
  z.object({
    type: z.literal('criteria_weighted'),
    weights: z.record(z.string(), z.number().int()).openapi({ description: 'Micros per key criterion (25% = 250000), together 1000000' }),
    scale: z.object({ max: z.number().int().min(1).max(1000) }).strict(),
  }).strict(),
  z.object({ type: z.literal('contract_notice_published'), notice: Notice }).strict(),
  z.object({ type: z.literal('offer_received'), bidder: z.object({ organisationCode: OdsCode.optional(), name: Text(300).optional(), address: required(500) }).strict() }).strict(),
  z.object({ type: z.literal('offers_closed') }).strict(),
  z.object({
    type: z.literal('bidder_assessed'),
    assessment: z.object({
      bidderCode: OdsCode,
      basicSelection: z.array(z.object({ criterion: required(300), met: z.boolean(), note: Text(1000).optional() }).strict()).max(50),
      exclusions: z.array(z.object({
        ground: required(500), kind: z.enum(['mandatory', 'discretionary']), applies: z.boolean(), notExcludedBecause: Text(1000).optional(), note: Text(1000).optional(),
      }).strict()).max(50),
      debarmentListChecked: z.boolean().optional(),
    }).strict(),
  }).strict(),
  z.object({
    type: z.literal('bidder_scored'),
    scores: z.object({ bidderCode: OdsCode, scores: z.record(z.string(), z.number().int()), rationale: z.record(z.string(), Text(2000)).optional() }).strict(),
  }).strict(),
  z.object({ type: z.literal('provider_decided'), providerCode: OdsCode, reasons: z.array(Reason).max(20), summary: Text(5000).optional(), tieBreak: Text(2000).optional() }).strict(),
  z.object({ type: z.literal('intention_notice_published'), notice: Notice }).strict(),
  z.object({ type: z.literal('representation_received'), representation: z.object({ providerCode: OdsCode.optional(), grounds: required(5000) }).strict() }).strict(),
  z.object({ type: z.literal('review_decided'), outcome: z.enum(['confirm', 'return_to_step', 'abandon']), reasons: required(5000) }).strict(),
  z.object({
    type: z.literal('contract_awarded'),
    award: z.object({
      providerCode: OdsCode, valuePence: Pence, contractReference: z.string().trim().min(1, 'is required').max(60).regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, 'letters, digits and - _ . / only'),
      contractPeriod: Period,
    }).strict(),
    impactRunId: z.string().min(1).max(100).optional().openapi({ description: 'The run of "show the impact first" (POST /economies/{id}/impact with a procurement-award decision), kept with the award' }),
  }).strict(),
  z.object({ type: z.literal('award_notice_published'), notice: Notice }).strict(),
  z.object({ type: z.literal('abandoned'), reasons: required(5000) }).strict(),
  z.object({
    type: z.literal('legacy_decided'), decision: z.enum(['roll_over', 'tender']), reasons: required(5000), rollOverUntil: IsoDate.optional(), adviceConsidered: Text(2000).optional(),
  }).strict(),
]).openapi('ProcurementStep', { description: 'One step; the date is today (UK) and the actor is you, in the role your organisation holds on the procurement' });

export const NoticeCheckSchema = z.object({ kind: z.enum(NOTICE_KINDS), content: NoticeContentSchema }).strict().openapi('NoticeCheckRequest');

const Deadline = z.object({ key: z.string(), label: z.string(), kind: z.string(), due: z.string(), met: z.boolean(), cite: z.string() });
const Actor = z.object({ organisationCode: z.string(), role: z.string(), name: z.string().optional() });

export const ProcurementListItemSchema = z.object({
  id: z.string(), reference: z.string(), ocid: z.string(), title: z.string(), route: z.string(), routeLabel: z.string(), state: z.string(), stateLabel: z.string(),
  leadOrganisationCode: z.string(), leadName: z.string(), openedOn: z.string(), lastStepOn: z.string(), noticesPublished: z.number().int(), named: z.boolean(),
}).openapi('ProcurementSummary');

export const ProcurementViewSchema = z.object({
  id: z.string(), reference: z.string(), ocid: z.string(), title: z.string(), description: z.string().nullable(), route: z.string(), routeLabel: z.string(),
  state: z.string(), stateLabel: z.string(), terminal: z.boolean(),
  view: z.enum(['full', 'public']).openapi({ description: 'full: the authorities, system and administrator users; public: what is published, and your own offers and representations' }),
  yourRole: z.enum(['lead_commissioner', 'joint_commissioner', 'provider']),
  authorities: z.array(z.object({ organisationCode: z.string(), name: z.string(), lead: z.boolean() })),
  services: z.object({ description: z.string(), cpvCode: z.string(), serviceCodes: z.array(z.string()) }),
  approximateLifetimeValuePence: z.number().int(),
  contractPeriod: z.object({ startDate: z.string(), endDate: z.string() }),
  incumbent: z.object({ organisationCode: z.string(), name: z.string(), contractReference: z.string().nullable() }).nullable(),
  framework: z.boolean(),
  routeDecision: z.record(z.string(), z.unknown()).nullable().openapi({ description: "The route chooser's questions, answers, permitted routes and the reason for the choice" }),
  decisionMakers: z.array(z.object({ name: z.string(), role: z.string(), organisationCode: z.string() })),
  conflicts: z.array(z.record(z.string(), z.unknown())),
  keyCriteria: z.object({ weights: z.array(z.object({ criterion: z.string(), label: z.string(), weight: z.number().int() })), scaleMax: z.number().int() }).nullable(),
  bidders: z.array(z.object({
    organisationCode: z.string(), name: z.string(), address: z.string(), eligible: z.boolean().nullable(), selectionReasons: z.array(z.string()),
    scores: z.record(z.string(), z.number()).nullable(), rationale: z.record(z.string(), z.string()).nullable(),
    weightedScore: z.number().int().nullable().openapi({ description: 'Micros of full marks: 785000 is 78.5%' }), rank: z.number().int().nullable(), tiedWith: z.array(z.string()),
  })),
  offersClosedOn: z.string().nullable(),
  decision: z.record(z.string(), z.unknown()).nullable(),
  notices: z.array(z.object({ id: z.string(), kind: z.enum(NOTICE_KINDS), label: z.string(), schedule: z.string().nullable(), publishedOn: z.string(), content: z.record(z.string(), z.unknown()) })),
  standstill: z.object({ publishedOn: z.string(), beginsOn: z.string(), representationsDeadline: z.string(), earliestAwardOn: z.string() }).passthrough().nullable(),
  reviewWait: z.object({ decidedOn: z.string(), waitEndsOn: z.string(), earliestAwardOn: z.string(), workingDays: z.number().int() }).nullable(),
  representations: z.array(z.record(z.string(), z.unknown())),
  reviews: z.array(z.record(z.string(), z.unknown())),
  awards: z.array(z.object({
    providerCode: z.string(), awardedOn: z.string(), valuePence: z.number().int(), contractReference: z.string(),
    contractPeriod: z.object({ startDate: z.string(), endDate: z.string() }), contract: z.object({ id: z.string(), reference: z.string() }).nullable(),
    modifications: z.array(z.object({
      sequence: z.number().int(), effectiveDate: z.string(), rationale: z.string(), changePence: z.number().int(), cumulativeChangePence: z.number().int(),
      cumulativeShare: z.number().int().nullable(), permitted: z.boolean(), transparencyNoticeRequired: z.boolean(), reasons: z.array(z.string()),
    })).openapi({ description: 'Each variation of the contract read as a reg 13 modification (taken as not materially different in character)' }),
  })),
  abandonment: z.object({ on: z.string(), reasons: z.string() }).nullable(),
  legacyDecision: z.record(z.string(), z.unknown()).nullable(),
  deadlines: z.array(Deadline),
  history: z.array(z.object({ sequence: z.number().int(), type: z.string(), label: z.string(), on: z.string(), by: Actor, from: z.string(), to: z.string() })),
  nextSteps: z.array(z.object({ event: z.string(), label: z.string(), cite: z.string().optional() })),
  youMay: z.object({ step: z.boolean(), respond: z.boolean(), decisionRecord: z.boolean() }),
  releases: z.array(z.object({ id: z.string(), date: z.string(), tags: z.array(z.string()) })),
  doubts: z.array(z.string()),
}).openapi('Procurement');

export const NoticeCheckResultSchema = z.object({
  kind: z.enum(NOTICE_KINDS), label: z.string(), schedule: z.string().nullable(), publishable: z.boolean(),
  items: z.array(z.object({ field: z.string(), paragraph: z.string(), item: z.string(), tag: z.string(), problem: z.string().nullable() })),
}).openapi('NoticeCheck');

export const NoticeDraftSchema = NoticeCheckResultSchema.extend({ content: z.record(z.string(), z.unknown()), kinds: z.array(z.enum(NOTICE_KINDS)) }).openapi('NoticeDraft');

export const RouteAssessmentSchema = z.object({
  assessedOn: z.string(), permitted: z.array(z.enum(PSR_ROUTES)), mandatory: z.boolean(),
  answers: z.array(z.object({ question: z.string(), regulation: z.string(), answer: z.boolean().nullable(), notAsked: z.string().optional() })),
  considerableChange: z.record(z.string(), z.unknown()).nullable(), explanation: z.string(),
}).openapi('RouteAssessment');

// ---- stage gates --------------------------------------------------------------------------------------

export const OpenSchemeSchema = z.object({
  id: z.string().min(1).max(80).regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits and . _ - only'),
  title: required(300),
  gates: z.array(z.object({ gate: z.enum(STAGE_GATES), signatories: z.array(OdsCode).min(1, 'name who must sign').max(30), dueOn: IsoDate.optional() }).strict()).min(1).max(4),
}).strict().openapi('OpenScheme');

export const SchemeStepSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('gate_submitted'), gate: z.enum(STAGE_GATES) }).strict(),
  z.object({ type: z.literal('gate_signed'), gate: z.enum(STAGE_GATES), signedBy: Text(300).optional() }).strict(),
  z.object({ type: z.literal('gate_refused'), gate: z.enum(STAGE_GATES), reason: required(5000) }).strict(),
  z.object({ type: z.literal('gate_rescheduled'), gate: z.enum(STAGE_GATES), dueOn: IsoDate, reason: required(2000) }).strict(),
  z.object({ type: z.literal('gate_closed'), gate: z.enum(STAGE_GATES), outcome: z.enum(['passed', 'proceeded_without_all_signatures', 'halted']), reason: Text(5000).optional() }).strict(),
]).openapi('SchemeStep');

export const SchemeViewSchema = z.object({
  id: z.string(), title: z.string(), leadCode: z.string(), leadName: z.string(), state: z.string(), stateLabel: z.string(),
  gates: z.array(z.object({
    gate: z.enum(STAGE_GATES), label: z.string(), dueOn: z.string().nullable(), submittedOn: z.string().nullable(),
    outcome: z.string().nullable(), outcomeOn: z.string().nullable(), outcomeReason: z.string().nullable(),
    signatories: z.array(z.object({
      organisationCode: z.string(), name: z.string(), answer: z.enum(['signed', 'refused', 'awaiting']), on: z.string().nullable(), by: z.string().nullable(), reason: z.string().nullable(),
    })),
  }).passthrough()),
  deadlines: z.array(Deadline),
  history: z.array(z.object({ sequence: z.number().int(), type: z.string(), label: z.string(), on: z.string(), by: Actor })),
  nextSteps: z.array(z.object({ event: z.string(), label: z.string(), role: z.string() })),
  youMay: z.object({ lead: z.boolean(), sign: z.boolean() }),
}).openapi('Scheme');

// ---- OCDS import ------------------------------------------------------------------------------------------

const PartyMatchSchema = z.object({ ocdsId: z.string(), name: z.string(), organisationCode: z.string().nullable(), matchedBy: z.enum(['identifier', 'name']).nullable() });
export const OcdsImportResultSchema = z.object({
  importId: z.string(), fileName: z.string(), fileSha256: z.string(), importedAt: z.string(),
  counts: z.object({ imported: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), rejected: z.number().int() }),
  report: z.array(z.object({
    index: z.number().int(), releaseId: z.string().nullable(), ocid: z.string().nullable(), outcome: z.enum(['imported', 'updated', 'unchanged', 'rejected']),
    reason: z.string().nullable(), buyer: PartyMatchSchema.nullable(),
  })),
  changed: z.array(z.object({ ocid: z.string(), title: z.string().nullable(), buyerName: z.string().nullable(), buyerCode: z.string().nullable() })),
}).openapi('OcdsImportResult');

export const OcdsImportRowSchema = z.object({
  id: z.string(), fileName: z.string(), fileSha256: z.string(), importedBy: z.string(), importedByOrganisation: z.string(), importedAt: z.string(),
  counts: z.record(z.string(), z.number().int()),
}).openapi('OcdsImport');

export const ImportedProcurementSchema = z.object({
  ocid: z.string(), title: z.string().nullable(), buyerCode: z.string().nullable(), buyerName: z.string().nullable(), tenderStatus: z.string().nullable(),
  tenderValuePence: z.number().int().nullable(), awardedValuePence: z.number().int().nullable(), latestReleaseDate: z.string(),
  description: z.string().nullable(), procurementMethod: z.string().nullable(), cpvCode: z.string().nullable(), buyer: PartyMatchSchema.nullable(),
  suppliers: z.array(PartyMatchSchema), contractPeriod: z.object({ startDate: z.string().nullable(), endDate: z.string().nullable() }).nullable(), noticeUrls: z.array(z.string()),
}).openapi('ImportedProcurement');

// ---- public ----------------------------------------------------------------------------------------------

export const PublicNoticeSchema = z.object({
  noticeId: z.string(), procurementId: z.string(), procurementReference: z.string(), procurementTitle: z.string(), ocid: z.string(), route: z.string(),
  kind: z.enum(NOTICE_KINDS), label: z.string(), schedule: z.string().nullable(), publishedOn: z.string(),
  items: z.array(z.object({ paragraph: z.string(), label: z.string(), text: z.string() })),
  representationsBy: z.string().nullable().openapi({ description: 'For a notice of intention: representations until midnight at the end of this day (reg 12(3))' }),
}).openapi('PublicNotice');

export const OcdsPackageSchema = z.record(z.string(), z.unknown()).openapi('OcdsPackage', { description: 'An OCDS 1.1 release or record package (see the official schemas); `links.next` pages the feed' });
export const FhirResourceSchema = z.record(z.string(), z.unknown()).openapi('FhirResource', { description: 'An HL7 FHIR R4 resource (Organization, Bundle or Contract)' });

export const StandstillSchema = z.object({
  publishedOn: z.string(), beginsOn: z.string(), representationsDeadline: z.string().openapi({ description: 'Representations until midnight at the end of this day' }),
  earliestAwardOn: z.string(), workingDays: z.number().int(), rule: z.string(), source: z.string(),
}).openapi('Standstill');

export const ConsiderableChangeResultSchema = z.object({
  met: z.boolean(), limb: z.enum(['materially_different', 'authority_driven_value_increase']).nullable(), increasePence: z.number().int(),
  increaseShare: z.number().int().nullable().openapi({ description: 'Micros: 375000 is 37.5%' }),
  tests: z.array(z.object({ name: z.string(), passed: z.boolean(), detail: z.string(), source: z.string() })),
}).openapi('ConsiderableChange');

/** `true`/`false` in a query string. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
