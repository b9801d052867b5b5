/**
 * The relationship's seed cases (src/domain/relationship/seed-cases), loaded through the same use
 * cases a person uses, as the demo user of the organisation where there is one (Coastal West Sussex
 * CCG and Western Sussex Hospitals, Circle and Bedford Hospital) and otherwise as the system acting for
 * the party the seed names (NEW Devon, Serco in Cornwall, NHS Devon). History is replayed as it
 * happened: each step is taken with the clock set to the day the seed gives it, so every date comes
 * from the clock, as it does for a user.
 *
 * - NEW Devon CCG and Northern Devon Healthcare: the 2013-14 contract settled by pendulum arbitration,
 *   in-year mediation, the 2014-15 facilitator paid £12,007 (seed 000).
 * - Coastal West Sussex and Western Sussex Hospitals: the arms race; fines computed from the trust's
 *   A&E returns, its charges typed, both growing each year (seed 003; illustrative).
 * - Serco in Cornwall: returns falsified and restated, the breaches they hid, the notice, withholding
 *   and repayment that followed; the subcontract to Devon Doctors without consent (seed 004).
 * - Bedford Hospital and Circle: the MSK subcontract the trust refused to sign, and the dispute it
 *   started (seed 004).
 * - NHS Devon and the Royal Devon: a notice issued on Friday 19 December 2025, its meeting due on
 *   Wednesday 7 January 2026 (illustrative).
 */

import type { Kysely } from 'kysely';
import type { IssueNotice, NoticeEvent, Side } from '../../domain/contract-management/index.ts';
import type { ContractSettingEvent, Gc14Event } from '../../domain/disputes/index.ts';
import type { PerformanceIndicator, PerformanceReturn } from '../../domain/performance/index.ts';
import {
  ARMS_RACE, BEDFORD_MSK, BEDFORD_REFUSAL_REASON, NEW_DEVON, SERCO_CORNWALL, type SeedRelationship,
} from '../../domain/relationship/seed-cases/index.ts';
import { MONEY_KINDS, type RelationshipMoneyEntry } from '../../domain/relationship/index.ts';
import { periodEnd } from '../../domain/time/index.ts';
import { findContract, referenceExists } from '../../storage/repositories/contracts.ts';
import type { Database } from '../../storage/schema.ts';
import { actorForUsername } from '../auth.ts';
import { fixedClock, type Clock } from '../clock.ts';
import { createContract, decideAcceptance } from '../contracts.ts';
import { setPaymentTerms } from '../payments/terms.ts';
import { openContractSetting, takeContractSettingStep, raiseGc14Dispute, takeGc14Step, checkCasesUnder, type ContractSettingStepInput, type Gc14StepInput } from '../relationship/disputes.ts';
import { recordMoney, type TypedKind } from '../relationship/money.ts';
import { issueContractNotice, takeNoticeStep, type NoticeStepInput } from '../relationship/notices.ts';
import { submitReturns } from '../relationship/performance.ts';
import { setManagementTerms } from '../relationship/terms.ts';
import { Scope } from '../scope.ts';
import { DEMO_LET_CONTRACTS, DEMO_RELATIONSHIP_CONTRACTS } from './contracts.ts';

export const DEMO_RELATIONSHIP_KEY = 'demo_relationship_loaded_at';

type Db = Kysely<Database>;

/** A scope whose clock reads noon on the given day. */
const on = (date: string): Clock => fixedClock(`${date}T12:00:00Z`);

/** The demo user's scope on a day, or the system's where the organisation has no demo user. */
async function as(db: Db, username: string | null, date: string): Promise<Scope> {
  const actor = username ? await actorForUsername(db, username) : undefined;
  return actor ? Scope.forUser(db, actor, on(date)) : Scope.system(db, on(date));
}

/** Who records for each party of a seed: a demo user's name, or null for the system acting for it. */
interface Recorders {
  readonly commissioner: string | null;
  readonly provider: string | null;
}

const SYSTEM: Recorders = { commissioner: null, provider: null };

function without<T extends { on: string; by: string }>(e: T): Omit<T, 'on' | 'by'> {
  const { on: _on, by: _by, ...rest } = e;
  return rest;
}

/** The acting side for the system; a user acts for its own. */
const acting = <S extends string>(username: string | null, by: S) => (username ? {} : { actingAs: by });

async function loadContractSetting(db: Db, seed: SeedRelationship, log: readonly ContractSettingEvent[], who: Recorders): Promise<void> {
  const [open, ...steps] = log;
  if (open.type !== 'open') throw new Error('a contract-setting log starts with open');
  const user = (by: string) => (by === 'regulator' ? null : who[by as Side]);
  await openContractSetting(await as(db, user(open.by), open.on), seed.commissionerCode, seed.providerCode, {
    contractYear: open.contractYear, contractReference: open.contractReference, issues: open.issues, disputeId: open.disputeId,
  }, acting(user(open.by), open.by));
  for (const e of steps) {
    await takeContractSettingStep(await as(db, user(e.by), e.on), open.disputeId, without(e) as ContractSettingStepInput, acting(user(e.by), e.by));
  }
}

async function loadGc14(db: Db, log: readonly Gc14Event[], who: Recorders): Promise<void> {
  const [raise, ...steps] = log;
  if (raise.type !== 'raise') throw new Error('a GC14 log starts with raise');
  await raiseGc14Dispute(await as(db, who[raise.by], raise.on), raise.contractReference, {
    subject: raise.subject, disputeId: raise.disputeId, ...(raise.amountInDisputePence !== undefined ? { amountInDisputePence: raise.amountInDisputePence } : {}),
  }, acting(who[raise.by], raise.by));
  for (const e of steps) await takeGc14Step(await as(db, who[e.by], e.on), raise.disputeId, without(e) as Gc14StepInput, acting(who[e.by], e.by));
}

async function loadNotice(db: Db, log: readonly NoticeEvent[], who: Recorders): Promise<void> {
  const [issue, ...steps] = log as [IssueNotice, ...NoticeEvent[]];
  await issueContractNotice(await as(db, who[issue.by], issue.on), issue.contractReference, {
    subject: issue.subject, noticeId: issue.noticeId, ...(issue.breachKeys ? { breachKeys: issue.breachKeys } : {}),
  }, acting(who[issue.by], issue.by));
  for (const e of steps) await takeNoticeStep(await as(db, who[e.by], e.on), issue.noticeId, without(e) as NoticeStepInput, acting(who[e.by], e.by));
}

/** Returns, one submission per day they were submitted. */
async function loadReturns(db: Db, returns: readonly PerformanceReturn[], provider: string | null): Promise<number> {
  const byDay = new Map<string, PerformanceReturn[]>();
  for (const r of returns) byDay.set(`${r.submittedOn} ${r.contractReference}`, [...(byDay.get(`${r.submittedOn} ${r.contractReference}`) ?? []), r]);
  for (const [key, rs] of [...byDay.entries()].sort()) {
    const [day, ref] = key.split(' ');
    await submitReturns(await as(db, provider, day), ref, {
      returns: rs.map((r) => ({ period: r.period, indicatorId: r.indicatorId, numerator: r.numerator, ...(r.denominator !== undefined ? { denominator: r.denominator } : {}), ...(r.note ? { note: r.note } : {}) })),
    });
  }
  return returns.length;
}

/** A contract's indicators (and its edition), set by the co-ordinating commissioner when the contract starts. */
async function loadIndicators(db: Db, references: readonly string[], indicators: readonly PerformanceIndicator[], commissioner: string | null, seed: SeedRelationship): Promise<void> {
  for (const ref of references) {
    const c = seed.contracts.find((x) => x.reference === ref)!;
    await setManagementTerms(await as(db, commissioner, c.startDate), ref, {
      ...(c.edition ? { edition: c.edition } : {}), indicators,
      reason: `Quality requirements of the ${c.edition ?? ''} contract (illustrative thresholds and consequences: ${seed.seed})`,
    }, checkCasesUnder);
  }
}

/** Typed money, recorded by the side whose lever each kind is, at the end of its month. */
async function loadMoney(db: Db, entries: readonly RelationshipMoneyEntry[], who: Recorders): Promise<number> {
  for (const e of entries) {
    const side = MONEY_KINDS[e.kind].side ?? 'commissioner';
    await recordMoney(await as(db, who[side], periodEnd(e.period)), e.contractReference, {
      kind: e.kind as TypedKind, period: e.period, amountPence: e.amountPence, description: e.description, ruleId: e.ruleId, reference: e.id,
      ...(e.origin ? { origin: e.origin } : {}),
    }, { ...acting(who[side], side), illustrative: e.illustrative ?? false });
  }
  return entries.length;
}

/** Block payment terms for a contract year, so its statement shows the relationship's lines. */
async function loadBlockTerms(db: Db, seed: SeedRelationship, commissioner: string | null, years: Readonly<Record<string, { year: string; annualPence: number }>>): Promise<void> {
  for (const [ref, { year, annualPence }] of Object.entries(years)) {
    const c = seed.contracts.find((x) => x.reference === ref)!;
    await setPaymentTerms(await as(db, commissioner, c.startDate), ref, year, {
      terms: { model: 'block', annualValuePence: annualPence }, expectedAnnualValuePence: annualPence,
      note: `A block of the year's contract value (illustrative), so the statement shows the relationship's money: ${seed.name}`,
    });
  }
}

export interface DemoRelationshipSummary {
  readonly contracts: number;
  readonly cases: number;
  readonly returns: number;
  readonly moneyEntries: number;
}

/**
 * Loads the relationship seed cases once (the contracts they need first, if an older demo lacks them).
 */
export async function loadDemoRelationships(db: Db, clock: Clock): Promise<DemoRelationshipSummary> {
  const system = Scope.system(db, clock);
  let contracts = 0;
  for (const c of DEMO_RELATIONSHIP_CONTRACTS) {
    if (await referenceExists(db, c.reference)) continue;
    const { parentReference: _p, variations: _v, ...terms } = c;
    await createContract(system, { ...terms, parentContractId: null });
    contracts++;
  }
  for (const c of DEMO_LET_CONTRACTS) {
    if (await referenceExists(db, c.reference)) continue;
    const { parentReference, variations: _v, letBy, letOn, ...terms } = c;
    const parent = parentReference ? await findContract(db, null, parentReference) : undefined;
    await createContract(await as(db, letBy, letOn), { ...terms, parentContractId: parent?.id ?? null });
    contracts++;
  }
  let cases = 0;

  // NEW Devon CCG and Northern Devon Healthcare (seed 000): neither has a demo user.
  for (const log of NEW_DEVON.contractSettingLogs ?? []) await loadContractSetting(db, NEW_DEVON, log, SYSTEM), cases++;
  for (const log of NEW_DEVON.gc14Logs ?? []) await loadGc14(db, log, SYSTEM), cases++;

  // The arms race (seed 003): the Sussex demo users record their own sides.
  const sussex: Recorders = { commissioner: 'sussex-commissioner', provider: 'sussex-provider' };
  await loadIndicators(db, ARMS_RACE.contracts.map((c) => c.reference), ARMS_RACE.indicators ?? [], sussex.commissioner, ARMS_RACE);
  await loadBlockTerms(db, ARMS_RACE, sussex.commissioner, Object.fromEntries(ARMS_RACE.contracts.map((c) => [c.reference, { year: `${c.startDate.slice(0, 4)}/${c.endDate.slice(2, 4)}`, annualPence: c.valuePence }])));
  let returns = await loadReturns(db, ARMS_RACE.returns ?? [], sussex.provider);
  const moneyEntries = await loadMoney(db, ARMS_RACE.money ?? [], sussex);
  for (const log of ARMS_RACE.gc14Logs ?? []) await loadGc14(db, log, sussex), cases++;

  // Serco in Cornwall (seed 004): NHS Kernow and Serco have no demo users.
  await loadIndicators(db, ['CORNWALL-OOH-2013'], SERCO_CORNWALL.indicators ?? [], null, SERCO_CORNWALL);
  // £28m over four years: £7m a year.
  await loadBlockTerms(db, SERCO_CORNWALL, null, { 'CORNWALL-OOH-2013': { year: '2013/14', annualPence: 700_000_000 } });
  returns += await loadReturns(db, SERCO_CORNWALL.returns ?? [], null);
  for (const log of SERCO_CORNWALL.noticeLogs ?? []) await loadNotice(db, log, SYSTEM), cases++;

  // Bedford Hospital and Circle (seed 004): the trust declines the subcontract Circle let, then opens the dispute.
  const refusal = BEDFORD_MSK.contracts[0].refusal!;
  await decideAcceptance(await as(db, 'provider', refusal.on), BEDFORD_MSK.contracts[0].reference, { decision: 'declined', note: BEDFORD_REFUSAL_REASON });
  for (const log of BEDFORD_MSK.contractSettingLogs ?? []) await loadContractSetting(db, BEDFORD_MSK, log, { commissioner: 'circle', provider: 'provider' }), cases++;

  // NHS Devon and the Royal Devon: the notice of Friday 19 December 2025, its meeting not yet held.
  await issueContractNotice(await as(db, null, '2025-12-19'), 'DEVON-ACUTE-2025-26', {
    noticeId: 'CPN-DEVON-2025-01', subject: 'Cancer 62-day standard missed three months running (illustrative)',
  }, { actingAs: 'commissioner' });
  cases++;

  await db.insertInto('app_meta').values({ key: DEMO_RELATIONSHIP_KEY, value: clock.now().toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: clock.now().toISOString() })).execute();
  return { contracts, cases, returns, moneyEntries };
}

export async function isDemoRelationshipsLoaded(db: Db): Promise<boolean> {
  return (await db.selectFrom('app_meta').select('value').where('key', '=', DEMO_RELATIONSHIP_KEY).executeTakeFirst()) !== undefined;
}
