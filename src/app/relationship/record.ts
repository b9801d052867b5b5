/**
 * The relationship record, one page per commissioner-provider pair (DESIGN.md C6): its contracts over
 * time and how each was agreed, money each way by year (the arms race), notices open and closed,
 * disputes and their costs, what is overdue, flags (an unsigned contract, a subcontract without
 * consent) and a health band whose derivation is shown. And the "actions due" list of an organisation
 * across all its relationships. Built from the stored records by the domain, as at a date.
 */

import { relationshipRules, type ContractRuleOverrides, type Side } from '../../domain/contract-management/index.ts';
import { contractAsAt, type Contract } from '../../domain/contracts/contract.ts';
import { forbidden, invalid, notFound } from '../../domain/errors.ts';
import {
  actionsDue, relationshipRecord, type ActionDue, type RelationshipContract, type RelationshipRecord, type RulesFor, type SubcontractConsent,
} from '../../domain/relationship/index.ts';
import { periodEnd, isIsoDate, type IsoDate } from '../../domain/time/index.ts';
import { acceptancesOf, contractsOfPair, variationsOf, visibleContractIds } from '../../storage/repositories/contracts.ts';
import { findOrganisations } from '../../storage/repositories/organisations.ts';
import * as repo from '../../storage/repositories/relationship.ts';
import { today } from '../clock.ts';
import type { Scope } from '../scope.ts';
import { requirePairVisible, sideInPair } from './access.ts';
import { overridesOf, replayContractSetting, replayGc14, replayNotices } from './cases.ts';
import { moneyOfContracts, type SourcedEntry } from './money.ts';
import { contractPerformance } from './performance.ts';
import { termsOfContracts } from './terms.ts';
import { decide } from '../../domain/access/rights.ts';

export interface HiddenBreachView {
  readonly contractReference: string;
  readonly key: string;
  readonly indicator: string;
  readonly period: string;
  /** The figure first returned, and the one that replaced it. */
  readonly reported: string;
  readonly corrected: string;
  readonly supersededReturnId: string;
  readonly currentReturnId: string;
  readonly sanctionHiddenPence: number;
}

export interface RelationshipView {
  readonly commissioner: { readonly code: string; readonly name: string };
  readonly provider: { readonly code: string; readonly name: string };
  readonly asAt: IsoDate;
  /** How the date was chosen: asked for; today (the relationship is active); or its last activity (it has ended). */
  readonly asAtBasis: 'requested' | 'today' | 'last activity';
  readonly record: RelationshipRecord;
  /** Every entry each way up to the date: typed, sanctions computed from the returns, withholdings from the notices. */
  readonly money: readonly SourcedEntry[];
  readonly hiddenBreaches: readonly HiddenBreachView[];
  readonly youMay: { readonly openContractSetting: boolean };
}

/** A contract as the relationship sees it, as at a date. */
async function relationshipContract(ctx: Scope, c: Contract, edition: string, asAt: IsoDate, provider?: string): Promise<RelationshipContract> {
  const [variations, acceptances] = await Promise.all([variationsOf(ctx.db, c.id), acceptancesOf(ctx.db, c.id)]);
  const v = contractAsAt(c, variations, asAt);
  const commissionerCode = c.parties.find((p) => p.role === 'coordinating_commissioner')?.organisationCode ?? '';
  // A contract with several providers is in each of their relationships.
  const providerCode = provider ?? c.parties.find((p) => p.role === 'provider')?.organisationCode ?? '';
  const parent = c.parentContractId ? (await ctx.db.selectFrom('contracts').select('reference').where('id', '=', c.parentContractId).executeTakeFirst())?.reference : undefined;
  // Signatures are known for a contract let through Concordat: the letting party, then each acceptance.
  let signatures: RelationshipContract['signatures'];
  let refusal: RelationshipContract['refusal'];
  if (c.letByOrganisation !== null) {
    const signedOn = (org: string): IsoDate | null => {
      if (org === c.letByOrganisation) return c.createdAt.slice(0, 10);
      const a = acceptances.find((x) => x.organisationCode === org && x.capacity !== 'subcontract_consent' && x.decision === 'accepted');
      return a ? a.decidedAt.slice(0, 10) : null;
    };
    signatures = { commissioner: signedOn(commissionerCode), provider: signedOn(providerCode) };
    const declined = acceptances.find((x) => x.capacity !== 'subcontract_consent' && x.decision === 'declined');
    if (declined) refusal = { by: declined.organisationCode === commissionerCode ? 'commissioner' : 'provider', on: declined.decidedAt.slice(0, 10), reason: declined.note };
  }
  return {
    reference: c.reference, title: v.title, commissionerCode, providerCode, model: c.model, startDate: c.startDate, endDate: v.endDate,
    valuePence: v.valuePence, status: v.status, edition, ...(parent ? { parentReference: parent } : {}),
    ...(signatures ? { signatures } : {}), ...(refusal ? { refusal } : {}),
    ...(/illustrative/i.test(c.description) ? { illustrative: true } : {}),
  };
}

/** The rules a case runs by: its edition with its contract's overrides (by reference). */
function rulesByReference(contracts: readonly Contract[], overrides: Map<string, ContractRuleOverrides>): RulesFor {
  const byRef = new Map(contracts.map((c) => [c.reference, overrides.get(c.id) ?? {}]));
  return (edition, ref) => relationshipRules(edition, (ref && byRef.get(ref)) || {});
}

/**
 * The record of one commissioner-provider pair as at a date. With no date: today while the
 * relationship is active (a contract in its term, or a notice or dispute open); once it has ended,
 * the day of its last activity, so a relationship of 2013-2015 reads as it stood then.
 */
export async function getRelationship(ctx: Scope, commissionerCode: string, providerCode: string, asAtText?: string): Promise<RelationshipView> {
  const pair = { commissionerCode, providerCode };
  requirePairVisible(ctx, pair);
  if (asAtText !== undefined && !isIsoDate(asAtText)) throw invalid('asAt', 'must be a date YYYY-MM-DD');
  const { contracts, subcontracts } = await contractsOfPair(ctx.db, commissionerCode, providerCode);
  const ids = contracts.map((c) => c.id);
  const [noticeRows, gc14Rows, csRows, terms, overrides, orgs] = await Promise.all([
    repo.noticeEvents(ctx.db, { contractIds: ids }),
    repo.gc14Events(ctx.db, { contractIds: ids }),
    repo.contractSettingEvents(ctx.db, { pair }),
    termsOfContracts(ctx.db, contracts),
    overridesOf(ctx.db, ids),
    findOrganisations(ctx.db, [commissionerCode, providerCode]),
  ]);
  if (contracts.length === 0 && csRows.length === 0) throw notFound(`relationship ${commissionerCode} and ${providerCode}: no contract or dispute between them`);

  // The date it is read as at.
  const now = today(ctx.clock);
  let asAt = asAtText ?? now;
  let asAtBasis: RelationshipView['asAtBasis'] = asAtText ? 'requested' : 'today';
  if (!asAtText) {
    const [notices, gc14, cs] = await Promise.all([replayNotices(ctx.db, noticeRows), replayGc14(ctx.db, gc14Rows), replayContractSetting(ctx.db, csRows)]);
    const open = notices.some((n) => n.value.closedOn === null && n.value.state !== 'withdrawn') || gc14.some((g) => g.value.outcome === null)
      || cs.some((s) => s.value.closedOn === null);
    const ends: string[] = [];
    let inTerm = false;
    for (const c of contracts) {
      const v = contractAsAt(c, await variationsOf(ctx.db, c.id), now);
      if (v.status === 'draft') continue;
      ends.push(v.endDate);
      if (c.startDate <= now && now <= v.endDate) inTerm = true;
    }
    const events = [...noticeRows, ...gc14Rows, ...csRows].map((e) => e.on);
    const returns = (await repo.returnsOf(ctx.db, ids)).map((r) => r.submittedOn);
    const money = (await repo.moneyEntriesOf(ctx.db, ids)).map((m) => periodEnd(m.period));
    const last = [...ends, ...events, ...returns, ...money].sort().at(-1);
    if (!open && !inTerm && last && last < now) {
      asAt = last;
      asAtBasis = 'last activity';
    }
  }

  const upTo = <R extends repo.EventRow>(rows: readonly R[]) => rows.filter((r) => r.on <= asAt);
  // A contract with several providers (a pooled budget) carries cases and money for each; keep this pair's.
  const ours = <T extends { commissionerCode: string; providerCode: string }>(xs: readonly T[]) => xs.filter((x) => x.commissionerCode === commissionerCode && x.providerCode === providerCode);
  const [allNotices, allGc14, cs, allMoney] = await Promise.all([
    replayNotices(ctx.db, upTo(noticeRows)), replayGc14(ctx.db, upTo(gc14Rows)), replayContractSetting(ctx.db, upTo(csRows)), moneyOfContracts(ctx.db, contracts, asAt),
  ]);
  const notices = allNotices.filter((n) => ours([n.value]).length > 0);
  const gc14 = allGc14.filter((g) => ours([g.value]).length > 0);
  const money = ours(allMoney);
  const asOf = contracts.filter((c) => c.startDate <= asAt || c.letByOrganisation !== null);
  const recordContracts = await Promise.all(asOf.map((c) => relationshipContract(ctx, c, terms.get(c.id)!.edition, asAt, providerCode)));
  const subs = await Promise.all(subcontracts.map((c) => relationshipContract(ctx, c, terms.get(c.id)?.edition ?? c.startDate.slice(0, 4), asAt)));
  const consents: SubcontractConsent[] = [];
  for (const s of subcontracts) {
    for (const a of await acceptancesOf(ctx.db, s.id)) {
      if (a.capacity === 'subcontract_consent' && a.decision === 'accepted') consents.push({ subcontractReference: s.reference, consentedBy: a.organisationCode, on: a.decidedAt.slice(0, 10) });
    }
  }
  const record = relationshipRecord({
    commissionerCode, providerCode, asAt, contracts: recordContracts, subcontracts: subs, consents,
    money: money.filter((m) => m.period <= asAt.slice(0, 7)),
    notices: notices.map((n) => n.value), gc14Disputes: gc14.map((g) => g.value), contractSettingDisputes: cs.map((s) => s.value),
    rulesFor: rulesByReference(contracts, overrides),
  });
  const hiddenBreaches: HiddenBreachView[] = [];
  for (const c of contracts) {
    for (const h of (await contractPerformance(ctx.db, c, asAt)).hidden) {
      hiddenBreaches.push({
        contractReference: c.reference, key: h.key, indicator: h.current.indicator.name, period: h.current.return.period,
        reported: h.superseded.valueText, corrected: h.current.valueText, supersededReturnId: h.superseded.return.id, currentReturnId: h.current.return.id,
        sanctionHiddenPence: h.sanctionHiddenPence,
      });
    }
  }
  const side = sideInPair(ctx, pair);
  return {
    commissioner: { code: commissionerCode, name: orgs.get(commissionerCode)?.name ?? commissionerCode },
    provider: { code: providerCode, name: orgs.get(providerCode)?.name ?? providerCode },
    asAt, asAtBasis, record,
    money: money.filter((m) => m.period <= asAt.slice(0, 7)),
    hiddenBreaches,
    youMay: { openContractSetting: !ctx.isSystem && side !== null && decide('contract_setting.open', { role: ctx.actor.role, side: ctx.actor.side }, new Set(['relationship_party'])).allowed },
  };
}

export interface ActionDueView extends ActionDue {
  readonly counterpartyName: string;
}

/**
 * What the organisation must do (alone or with the other party) across all its relationships as at a
 * date, overdue first. Users see their own organisation's; system and administrator users may ask
 * for any organisation's.
 */
export async function listActionsDue(ctx: Scope, f: { readonly asAt?: string; readonly organisation?: string } = {}): Promise<{ organisationCode: string; asAt: IsoDate; items: ActionDueView[] }> {
  const asAt = f.asAt ?? today(ctx.clock);
  if (!isIsoDate(asAt)) throw invalid('asAt', 'must be a date YYYY-MM-DD');
  const org = f.organisation ?? ctx.actor.organisationCode;
  if (org !== ctx.actor.organisationCode && !ctx.readsAcrossEconomy) throw forbidden('you see your own organisation\'s actions due; system and administrator users see any organisation\'s');
  const ids = [...(await visibleContractIds(ctx.db, { organisationCode: org }))];
  const [noticeRows, gc14Rows, csRows] = await Promise.all([
    repo.noticeEvents(ctx.db, { contractIds: ids }), repo.gc14Events(ctx.db, { contractIds: ids }), repo.contractSettingEvents(ctx.db, { organisationCode: org }),
  ]);
  const upTo = <R extends repo.EventRow>(rows: readonly R[]) => rows.filter((r) => r.on <= asAt);
  const [notices, gc14, cs] = await Promise.all([replayNotices(ctx.db, upTo(noticeRows)), replayGc14(ctx.db, upTo(gc14Rows)), replayContractSetting(ctx.db, upTo(csRows))]);
  const contractIds = [...new Set([...notices, ...gc14, ...cs].flatMap((s) => (s.contractId ? [s.contractId] : [])))];
  const overrides = await overridesOf(ctx.db, contractIds);
  const refs = contractIds.length ? await ctx.db.selectFrom('contracts').select(['id', 'reference']).where('id', 'in', contractIds).execute() : [];
  const byRef = new Map(refs.map((r) => [r.reference, overrides.get(r.id) ?? {}]));
  const rulesFor: RulesFor = (edition, ref) => relationshipRules(edition, (ref && byRef.get(ref)) || {});
  const items = actionsDue(org, { notices: notices.map((n) => n.value), gc14Disputes: gc14.map((g) => g.value), contractSettingDisputes: cs.map((s) => s.value) }, asAt, rulesFor);
  const names = await findOrganisations(ctx.db, items.map((i) => i.counterpartyCode));
  return { organisationCode: org, asAt, items: items.map((i) => ({ ...i, counterpartyName: names.get(i.counterpartyCode)?.name ?? i.counterpartyCode })) };
}

export type { Side };
