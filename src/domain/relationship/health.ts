/**
 * A relationship's health, with its derivation as data: each factor counted over a window of years,
 * its weight and points, the thresholds, and a sentence saying how the band was reached. Not an NHS
 * rule: Concordat's own policy [C], built on the seeds ("the need for formal dispute resolution is often
 * a symptom of deeper issues with local relationships", seed 000; the "arms race", seed 003). Every
 * number is in the policy, so an economy can set its own.
 */

import type { DueStepAsAt, ContractPerformanceNotice } from '../contract-management/index.ts';
import type { ContractSettingDispute, Gc14Dispute } from '../disputes/index.ts';
import { financialYearOf, financialYearStarting, type IsoDate } from '../time/index.ts';
import { unsignedSides, type ConsentFlag, type RelationshipContract } from './contracts.ts';
import type { ArmsRace } from './money.ts';

export type HealthFactorId =
  | 'contract_arbitration'
  | 'contract_mediation'
  | 'contract_setting_dispute'
  | 'gc14_expert_determination'
  | 'gc14_mediation'
  | 'gc14_negotiation'
  | 'facilitator'
  | 'unsigned_contract'
  | 'notice'
  | 'overdue_action'
  | 'withholding_retained'
  | 'exception_report_to_regulator'
  | 'arms_race'
  | 'subcontract_without_consent';

export const HEALTH_FACTOR_LABELS: Readonly<Record<HealthFactorId, string>> = {
  contract_arbitration: 'contract-setting disputes that went to arbitration',
  contract_mediation: 'contract-setting disputes that went to mediation',
  contract_setting_dispute: 'other contract-setting disputes',
  gc14_expert_determination: 'GC14 disputes that went to expert determination',
  gc14_mediation: 'GC14 disputes that went to mediation',
  gc14_negotiation: 'GC14 disputes settled in escalated negotiation (or still there)',
  facilitator: 'facilitators appointed',
  unsigned_contract: 'contracts a party has not signed',
  notice: 'contract performance notices issued',
  overdue_action: 'actions overdue',
  withholding_retained: 'withholdings retained for good',
  exception_report_to_regulator: 'exception reports to the regulator',
  arms_race: 'sanctions and provider charges both growing year on year',
  subcontract_without_consent: 'subcontracts without the commissioner\'s consent',
};

export interface HealthPolicy {
  /** Financial years counted, ending with the one containing the as-at date. */
  readonly lookbackYears: number;
  readonly weights: Readonly<Record<HealthFactorId, number>>;
  /** A score at or above this is 'watch'. */
  readonly watchAt: number;
  /** A score at or above this is 'strained'. */
  readonly strainedAt: number;
  readonly source: string;
}

/** Concordat's default policy [C]: weights rise with how formal and how costly each step is. */
export const DEFAULT_HEALTH_POLICY: HealthPolicy = {
  lookbackYears: 3,
  weights: {
    contract_arbitration: 3,
    contract_mediation: 2,
    contract_setting_dispute: 1,
    gc14_expert_determination: 3,
    gc14_mediation: 2,
    gc14_negotiation: 1,
    facilitator: 1,
    unsigned_contract: 2,
    notice: 1,
    overdue_action: 1,
    withholding_retained: 1,
    exception_report_to_regulator: 1,
    arms_race: 2,
    subcontract_without_consent: 2,
  },
  watchAt: 2,
  strainedAt: 5,
  source: 'Concordat policy [C], not an NHS rule: weights follow how formal each step is (seed 000: formal dispute resolution is "often a symptom of deeper issues"; seed 003: the arms race). Set your own per economy.',
};

export interface HealthFactor {
  readonly id: HealthFactorId;
  readonly label: string;
  readonly count: number;
  readonly weight: number;
  readonly points: number;
  /** What was counted: dispute, notice, contract or step ids. */
  readonly evidence: readonly string[];
}

export type HealthBand = 'good' | 'watch' | 'strained';

export interface HealthIndicator {
  readonly band: HealthBand;
  readonly score: number;
  /** Every factor, in the policy's order, including those that scored nothing. */
  readonly factors: readonly HealthFactor[];
  readonly thresholds: { readonly watchAt: number; readonly strainedAt: number };
  readonly window: { readonly from: IsoDate; readonly to: IsoDate };
  /** How the band was reached, in a sentence. */
  readonly explanation: string;
  readonly source: string;
}

export interface HealthInput {
  readonly asAt: IsoDate;
  readonly contracts: readonly RelationshipContract[];
  readonly notices: readonly ContractPerformanceNotice[];
  readonly gc14Disputes: readonly Gc14Dispute[];
  readonly contractSettingDisputes: readonly ContractSettingDispute[];
  readonly overdue: readonly DueStepAsAt[];
  readonly armsRace: ArmsRace;
  readonly consentFlags: readonly ConsentFlag[];
}

/**
 * The relationship's health band and how it was derived.
 *
 * @example relationshipHealth(input).band // 'strained' for NEW Devon and Northern Devon, 2014-15
 */
export function relationshipHealth(input: HealthInput, policy: HealthPolicy = DEFAULT_HEALTH_POLICY): HealthIndicator {
  const from = financialYearStarting(financialYearOf(input.asAt).startYear - (policy.lookbackYears - 1)).start;
  const inWindow = (d: IsoDate | null | undefined): boolean => d !== null && d !== undefined && d >= from && d <= input.asAt;
  const evidence = new Map<HealthFactorId, string[]>(Object.keys(policy.weights).map((k) => [k as HealthFactorId, []]));
  const count = (id: HealthFactorId, what: string) => evidence.get(id)!.push(what);

  for (const d of input.contractSettingDisputes) {
    if (!inWindow(d.openedOn)) continue;
    if (d.referredToArbitrationOn !== null && d.referredToArbitrationOn <= input.asAt) count('contract_arbitration', d.id);
    else if (d.referredToMediationOn !== null && d.referredToMediationOn <= input.asAt) count('contract_mediation', d.id);
    else count('contract_setting_dispute', d.id);
  }
  for (const d of input.gc14Disputes) {
    if (!inWindow(d.raisedOn)) continue;
    const reached = d.stages.filter((s) => s.startedOn <= input.asAt).map((s) => s.stage);
    count(reached.includes('expert_determination') ? 'gc14_expert_determination' : reached.includes('mediation') ? 'gc14_mediation' : 'gc14_negotiation', d.id);
  }
  for (const a of [...input.contractSettingDisputes, ...input.gc14Disputes].flatMap((d) => d.appointees.map((x) => ({ d, x })))) {
    if (a.x.role === 'facilitator' && inWindow(a.x.appointedOn)) count('facilitator', `${a.d.id}: ${a.x.name}`);
  }
  for (const c of input.contracts) {
    if (unsignedSides(c).length > 0 && c.startDate <= input.asAt) count('unsigned_contract', c.reference);
  }
  for (const n of input.notices) {
    if (inWindow(n.issuedOn)) count('notice', n.id);
    for (const w of n.withholdings) if (w.status === 'retained' && inWindow(w.settledOn)) count('withholding_retained', `${n.id} ${w.period}`);
    for (const r of n.exceptionReports) if (r.to === 'regulator' && inWindow(r.on)) count('exception_report_to_regulator', n.id);
  }
  for (const s of input.overdue) count('overdue_action', `${s.subject.id}: ${s.label}`);
  if (input.armsRace.escalating) count('arms_race', input.armsRace.steps.slice(-input.armsRace.years).map((s) => `${s.from} to ${s.to}`).join(', '));
  for (const f of input.consentFlags) count('subcontract_without_consent', f.subcontract.reference);

  const factors: HealthFactor[] = (Object.keys(policy.weights) as HealthFactorId[]).map((id) => {
    const ev = evidence.get(id)!;
    return { id, label: HEALTH_FACTOR_LABELS[id], count: ev.length, weight: policy.weights[id], points: ev.length * policy.weights[id], evidence: ev };
  });
  const score = factors.reduce((s, f) => s + f.points, 0);
  const band: HealthBand = score >= policy.strainedAt ? 'strained' : score >= policy.watchAt ? 'watch' : 'good';
  const scored = factors.filter((f) => f.points > 0).map((f) => `${f.label} ${f.count} x ${f.weight} = ${f.points}`);
  const explanation = `${band[0].toUpperCase()}${band.slice(1)}: ${score} point${score === 1 ? '' : 's'} from ${from} to ${input.asAt}${scored.length ? `: ${scored.join('; ')}` : ''}. Watch at ${policy.watchAt} or more, strained at ${policy.strainedAt} or more.`;
  return { band, score, factors, thresholds: { watchAt: policy.watchAt, strainedAt: policy.strainedAt }, window: { from, to: input.asAt }, explanation, source: policy.source };
}
