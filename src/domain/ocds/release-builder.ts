/**
 * OCDS 1.1.5 releases of a procurement, one per published stage: planning when it opens, tender when
 * offers are invited, award when the notice of intention starts standstill (with the UK extension's
 * `awards[].standstillPeriod`), award updates after a review or an award notice, contract when the
 * award creates the contract, cancellation when it is abandoned. Built by replaying the procurement's
 * events, so each release shows what was public at that step and the same log always gives the same
 * releases with the same ids. What is not public (scores, representations, conflicts' details) is
 * never published; the notices themselves are referenced as documents.
 */

import { KEY_CRITERIA, KEY_CRITERIA_LABELS } from '../procurement/key-criteria.ts';
import { NOTICE_SCHEDULES, type Notice, type NoticeKind } from '../procurement/notices.ts';
import { ROUTE_LABELS } from '../procurement/route-chooser.ts';
import { applyProcurementEvent, openProcurement } from '../procurement/routes/index.ts';
import { procurementContext } from '../procurement/routes/shared.ts';
import type { ProcurementContext, ProcurementEvent, ProcurementRecord } from '../procurement/types.ts';
import { invalid } from '../errors.ts';
import { dateTime, endOfDay, ocidFor, partyId, schemeOf, valueFromPence, DEFAULT_OCID_PREFIX } from './identifiers.ts';
import type { Json, JsonObject } from './json.ts';

export interface ReleaseOptions {
  readonly ocidPrefix?: string;
  readonly context?: ProcurementContext;
  /** The public address of a notice (the public notices page), if it has one. */
  readonly noticeUrl?: (notice: Notice) => string | undefined;
}

const DOCUMENT_TYPES: Readonly<Record<NoticeKind, string>> = {
  contract_notice: 'tenderNotice',
  intention_da_c: 'awardNotice',
  intention_msp: 'awardNotice',
  intention_competitive: 'awardNotice',
  award_direct: 'contractNotice',
  award_confirmation: 'contractNotice',
  modification: 'contractNotice',
  abandonment: 'tenderNotice',
};

const PROCUREMENT_METHOD: Readonly<Record<ProcurementRecord['route'], string>> = {
  direct_award_a: 'direct',
  direct_award_b: 'open',
  direct_award_c: 'direct',
  most_suitable_provider: 'limited',
  competitive: 'open',
  legacy: 'open',
};

const STANDSTILL_ROUTES = new Set(['direct_award_c', 'most_suitable_provider', 'competitive']);

function document(n: Notice, options: ReleaseOptions): JsonObject {
  const url = options.noticeUrl?.(n);
  return {
    id: n.id,
    documentType: DOCUMENT_TYPES[n.kind],
    title: NOTICE_SCHEDULES[n.kind].label,
    datePublished: dateTime(n.publishedOn),
    // UK extension: the notice type, more specific than the document type.
    noticeType: n.kind,
    ...(url ? { url } : {}),
  };
}

function identifier(code: string, legalName: string): JsonObject {
  const scheme = schemeOf(code);
  return scheme ? { scheme, id: code, legalName } : { legalName };
}

function parties(r: ProcurementRecord): JsonObject[] {
  const byCode = new Map<string, { name: string; address?: string; roles: Set<string> }>();
  const add = (code: string, name: string, role: string, address?: string) => {
    const p = byCode.get(code) ?? { name, address, roles: new Set<string>() };
    p.roles.add(role);
    if (!p.address && address) p.address = address;
    byCode.set(code, p);
  };
  for (const a of r.authorities) {
    add(a.organisationCode, a.name, 'buyer', a.address);
    if (a.lead) add(a.organisationCode, a.name, 'procuringEntity', a.address);
  }
  // Suppliers are public once awarded; bidders who were not are not named.
  for (const aw of r.awards) {
    const b = r.bidders.find((x) => x.organisationCode === aw.providerCode) ?? (r.incumbent?.organisationCode === aw.providerCode ? r.incumbent : undefined);
    add(aw.providerCode, b?.name ?? aw.providerCode, 'supplier', b?.address);
  }
  const pending = pendingProvider(r);
  if (pending) add(pending.organisationCode, pending.name, 'supplier', pending.address);
  return [...byCode.entries()].map(([code, p]) => ({
    id: partyId(code),
    name: p.name,
    identifier: identifier(code, p.name),
    ...(p.address ? { address: { streetAddress: p.address } } : {}),
    roles: [...p.roles],
  }));
}

/** The provider named in a published notice of intention but not yet awarded. */
function pendingProvider(r: ProcurementRecord): { organisationCode: string; name: string; address?: string } | null {
  if (!r.decision || !r.standstill) return null;
  if (r.awards.some((a) => a.providerCode === r.decision!.providerCode)) return null;
  const n = [...r.notices].reverse().find((x) => x.kind.startsWith('intention_'));
  const p = n?.content.provider;
  return p ? { organisationCode: r.decision.providerCode, name: p.name, address: p.address } : null;
}

function tenderStatus(r: ProcurementRecord): string {
  switch (r.state) {
    case 'planning':
    case 'considering':
      return 'planning';
    case 'abandoned':
      return 'cancelled';
    case 'rolled_over':
      return 'withdrawn';
    case 'inviting_offers':
    case 'tendering':
    case 'accepting':
    case 'identifying':
    case 'deciding':
      return 'active';
    default:
      return 'complete';
  }
}

function tender(r: ProcurementRecord, options: ReleaseOptions): JsonObject {
  const contractNotice = r.notices.find((n) => n.kind === 'contract_notice');
  const tenderDocs = r.notices.filter((n) => n.kind === 'contract_notice' || n.kind === 'abandonment').map((n) => document(n, options));
  const rationale = r.legacyDecision ? `${r.legacyDecision.decision === 'roll_over' ? 'Rolled over' : 'Tendered'}: ${r.legacyDecision.reasons}` : r.routeDecision?.reason;
  const t: JsonObject = {
    id: r.reference,
    title: r.title,
    ...(r.description ? { description: r.description } : {}),
    status: tenderStatus(r),
    value: valueFromPence(r.approximateLifetimeValuePence),
    procurementMethod: PROCUREMENT_METHOD[r.route],
    procurementMethodDetails: ROUTE_LABELS[r.route],
    ...(rationale ? { procurementMethodRationale: rationale } : {}),
    mainProcurementCategory: 'services',
    items: [{ id: '1', description: r.services.description, classification: { scheme: 'CPV', id: r.services.cpvCode } }],
    contractPeriod: { startDate: dateTime(r.contractPeriod.startDate), endDate: endOfDay(r.contractPeriod.endDate) },
  };
  if (r.weights) {
    t.awardCriteria = 'ratedCriteria';
    t.awardCriteriaDetails = KEY_CRITERIA.map((c) => `${KEY_CRITERIA_LABELS[c]} ${r.weights![c] / 10_000}%`).join('; ') + ' (PSR reg 5 key criteria)';
  }
  if (contractNotice?.content.offersDueBy) t.tenderPeriod = { startDate: dateTime(contractNotice.publishedOn), endDate: endOfDay(contractNotice.content.offersDueBy) };
  if (r.offersClosedOn) t.numberOfTenderers = r.bidders.length;
  if (tenderDocs.length) t.documents = tenderDocs;
  return t;
}

function awards(r: ProcurementRecord, ocid: string, options: ReleaseOptions): JsonObject[] {
  const out: JsonObject[] = [];
  const docsFor = (code: string) => r.notices
    .filter((n) => n.kind !== 'contract_notice' && n.kind !== 'abandonment' && n.content.provider?.organisationCode === code)
    .map((n) => document(n, options));
  const standstill = (): JsonObject | null => {
    if (!r.standstill) return null;
    // After a review that keeps the decision the standstill closes when the five working days end.
    const end = r.reviewWait ? r.reviewWait.waitEndsOn : r.standstill.representationsDeadline;
    return { startDate: dateTime(r.standstill.beginsOn), endDate: endOfDay(end) };
  };
  for (const a of r.awards) {
    const s = STANDSTILL_ROUTES.has(r.route) ? standstill() : null;
    out.push({
      id: `${ocid}-award-${a.providerCode}`,
      status: 'active',
      date: dateTime(r.decision?.providerCode === a.providerCode ? r.decision.decidedOn : a.awardedOn),
      value: valueFromPence(a.valuePence),
      suppliers: [{ id: partyId(a.providerCode), name: nameOf(r, a.providerCode) }],
      contractPeriod: { startDate: dateTime(a.contractPeriod.startDate), endDate: endOfDay(a.contractPeriod.endDate) },
      ...(s ? { standstillPeriod: s } : {}),
      documents: docsFor(a.providerCode),
    });
  }
  const pending = pendingProvider(r);
  if (pending && r.decision) {
    out.push({
      id: `${ocid}-award-${pending.organisationCode}`,
      status: r.state === 'abandoned' ? 'cancelled' : 'pending',
      date: dateTime(r.decision.decidedOn),
      value: valueFromPence(r.approximateLifetimeValuePence),
      suppliers: [{ id: partyId(pending.organisationCode), name: pending.name }],
      contractPeriod: { startDate: dateTime(r.contractPeriod.startDate), endDate: endOfDay(r.contractPeriod.endDate) },
      standstillPeriod: standstill()!,
      documents: docsFor(pending.organisationCode),
    });
  }
  return out;
}

function nameOf(r: ProcurementRecord, code: string): string {
  return r.bidders.find((b) => b.organisationCode === code)?.name ?? (r.incumbent?.organisationCode === code ? r.incumbent.name : code);
}

function contracts(r: ProcurementRecord, ocid: string): JsonObject[] {
  return r.awards.map((a) => ({
    id: a.contractReference,
    awardID: `${ocid}-award-${a.providerCode}`,
    title: r.title,
    // Entered into but not yet started is "pending"; from its start date it is in force.
    status: a.awardedOn < a.contractPeriod.startDate ? 'pending' : 'active',
    dateSigned: dateTime(a.awardedOn),
    value: valueFromPence(a.valuePence),
    period: { startDate: dateTime(a.contractPeriod.startDate), endDate: endOfDay(a.contractPeriod.endDate) },
  }));
}

function tagFor(e: ProcurementEvent, before: ProcurementRecord, after: ProcurementRecord): string[] | null {
  switch (e.type) {
    case 'contract_notice_published':
      return ['tender'];
    case 'offers_closed':
      return after.route === 'direct_award_b' ? null : ['tenderUpdate'];
    case 'intention_notice_published':
      return ['award'];
    case 'review_decided':
      return e.outcome === 'abandon' ? ['tenderCancellation', 'awardCancellation'] : ['awardUpdate'];
    case 'contract_awarded':
      return before.decision && before.standstill ? ['awardUpdate', 'contract'] : ['award', 'contract'];
    case 'award_notice_published':
      return ['awardUpdate'];
    case 'abandoned':
      return ['tenderCancellation'];
    case 'legacy_decided':
      return e.decision === 'roll_over' ? ['planningUpdate'] : ['tender'];
    default:
      return null;
  }
}

function release(r: ProcurementRecord, ocid: string, sequence: number, on: string, tag: string[], options: ReleaseOptions): JsonObject {
  const lead = r.authorities.find((a) => a.lead)!;
  const rel: JsonObject = {
    ocid,
    id: `${ocid}-${String(sequence).padStart(3, '0')}-${tag[0]}`,
    date: dateTime(on),
    tag,
    initiationType: 'tender',
    language: 'en',
    parties: parties(r),
    buyer: { id: partyId(lead.organisationCode), name: lead.name },
    tender: tender(r, options),
  };
  if (r.routeDecision || r.legacyDecision) {
    rel.planning = { rationale: r.legacyDecision ? `${r.legacyDecision.decision === 'roll_over' ? 'Roll over' : 'Tender'} decided ${r.legacyDecision.decidedOn}: ${r.legacyDecision.reasons}` : r.routeDecision!.explanation };
  }
  const aw = awards(r, ocid, options);
  if (aw.length) rel.awards = aw as Json[];
  const c = contracts(r, ocid);
  if (c.length) rel.contracts = c as Json[];
  return rel;
}

/**
 * The OCDS releases of a procurement's event log, in order.
 *
 * @example procurementReleases(STAFFORDSHIRE_CANCER_EVENTS).map((r) => r.tag) // [['planning'], ['tender'], ...]
 */
export function procurementReleases(events: readonly ProcurementEvent[], options: ReleaseOptions = {}): JsonObject[] {
  const context = options.context ?? procurementContext();
  const [first, ...rest] = events;
  if (!first || first.type !== 'opened') throw invalid('events.0.type', 'the first event of a procurement is "opened"');
  let record = openProcurement(first);
  const ocid = ocidFor(record.id, options.ocidPrefix ?? DEFAULT_OCID_PREFIX);
  const out: JsonObject[] = [release(record, ocid, 1, first.on, ['planning'], options)];
  for (const e of rest) {
    const before = record;
    record = applyProcurementEvent(record, e, context);
    const tag = tagFor(e, before, record);
    if (tag) out.push(release(record, ocid, record.history.length, e.on, tag, options));
  }
  return out;
}

export interface ContractForAmendment {
  readonly reference: string;
  readonly title: string;
  readonly awardID: string;
  readonly signedValuePence: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly buyer: { readonly organisationCode: string; readonly name: string };
  readonly supplier: { readonly organisationCode: string; readonly name: string };
}

export interface AmendmentInput {
  readonly sequence: number;
  readonly effectiveDate: string;
  readonly rationale: string;
  readonly valueChangePence: number;
  readonly newEndDate?: string;
  /** UK extension: whether a formal standstill preceded the amendment (PSR reg 13 modifications have none). */
  readonly standstill?: boolean;
}

/**
 * One 'contractAmendment' release per variation of an awarded contract, each carrying the amendment
 * and the contract's value and period after it (the signed value stays in the earlier releases).
 *
 * @example contractAmendmentReleases(ocid, contract, variations)[0].tag // ['contractAmendment']
 */
export function contractAmendmentReleases(ocid: string, contract: ContractForAmendment, variations: readonly AmendmentInput[]): JsonObject[] {
  let value = contract.signedValuePence;
  let endDate = contract.endDate;
  const amendments: JsonObject[] = [];
  return [...variations].sort((a, b) => a.sequence - b.sequence).map((v) => {
    value += v.valueChangePence;
    if (v.newEndDate) endDate = v.newEndDate;
    amendments.push({
      id: `${contract.reference}-v${v.sequence}`,
      date: dateTime(v.effectiveDate),
      rationale: v.rationale,
      description: `Value ${v.valueChangePence >= 0 ? 'up' : 'down'} £${(Math.abs(v.valueChangePence) / 100).toLocaleString('en-GB')}${v.newEndDate ? `; end date now ${v.newEndDate}` : ''}`,
      standstill: v.standstill ?? false,
    });
    return {
      ocid,
      id: `${ocid}-${contract.reference}-v${v.sequence}`,
      date: dateTime(v.effectiveDate),
      tag: ['contractAmendment'],
      initiationType: 'tender',
      language: 'en',
      parties: [
        { id: partyId(contract.buyer.organisationCode), name: contract.buyer.name, identifier: identifier(contract.buyer.organisationCode, contract.buyer.name), roles: ['buyer'] },
        { id: partyId(contract.supplier.organisationCode), name: contract.supplier.name, identifier: identifier(contract.supplier.organisationCode, contract.supplier.name), roles: ['supplier'] },
      ],
      buyer: { id: partyId(contract.buyer.organisationCode), name: contract.buyer.name },
      contracts: [{
        id: contract.reference,
        awardID: contract.awardID,
        title: contract.title,
        value: valueFromPence(value),
        period: { startDate: dateTime(contract.startDate), endDate: endOfDay(endDate) },
        amendments: [...amendments],
      }],
    };
  });
}

export interface TransactionInput {
  readonly id: string;
  readonly date: string;
  readonly valuePence: number;
  readonly payer: { readonly organisationCode: string; readonly name: string };
  readonly payee: { readonly organisationCode: string; readonly name: string };
}

/**
 * An 'implementation' release of payments made under a contract (from its payment statements).
 *
 * @example implementationRelease(ocid, contract, '2025-05-31', payments).contracts[0].implementation
 */
export function implementationRelease(ocid: string, contract: Pick<ContractForAmendment, 'reference' | 'awardID'>, on: string, transactions: readonly TransactionInput[]): JsonObject {
  const people = new Map<string, { name: string; roles: Set<string> }>();
  const role = (p: { organisationCode: string; name: string }, r: string) => {
    const x = people.get(p.organisationCode) ?? { name: p.name, roles: new Set<string>() };
    x.roles.add(r);
    people.set(p.organisationCode, x);
  };
  transactions.forEach((t) => {
    role(t.payer, 'payer');
    role(t.payee, 'payee');
  });
  return {
    ocid,
    id: `${ocid}-${contract.reference}-implementation-${on}`,
    date: dateTime(on),
    tag: ['implementation'],
    initiationType: 'tender',
    language: 'en',
    parties: [...people.entries()].map(([code, p]) => ({ id: partyId(code), name: p.name, identifier: identifier(code, p.name), roles: [...p.roles] })),
    contracts: [{
      id: contract.reference,
      awardID: contract.awardID,
      implementation: {
        transactions: transactions.map((t) => ({
          id: t.id,
          date: dateTime(t.date),
          value: valueFromPence(t.valuePence),
          payer: { id: partyId(t.payer.organisationCode), name: t.payer.name },
          payee: { id: partyId(t.payee.organisationCode), name: t.payee.name },
        })),
      },
    }],
  };
}
