/**
 * Ledger entries that follow from other records rather than being typed: sanctions from computed
 * breaches, withholdings and their repayment or retention from a contract performance notice, and
 * adjustments from a pendulum determination or a GC14 outcome.
 */

import type { ContractPerformanceNotice } from '../contract-management/index.ts';
import { determinedAmount, type ContractSettingDispute, type Gc14Dispute } from '../disputes/index.ts';
import { invalid } from '../errors.ts';
import { formatPounds, isPence, type Pence } from '../money.ts';
import type { AdjustmentRuleId } from '../payments/index.ts';
import type { Breach } from '../performance/index.ts';
import { isPeriod, type Period } from '../time/index.ts';
import type { RelationshipMoneyEntry } from './money.ts';

/** The parties to a contract, for entries derived from its records. */
export interface ContractParties {
  readonly contractReference: string;
  readonly commissionerCode: string;
  readonly providerCode: string;
}

const SANCTION_RULE: Readonly<Record<'per_breach' | 'per_patient' | 'share_of_value', AdjustmentRuleId>> = {
  per_breach: 'sanction.per_breach',
  per_patient: 'sanction.per_patient',
  share_of_value: 'sanction.share_of_value',
};

/**
 * A sanction entry for each priced breach, in the breach's month (the month it applies is taken to be
 * the month measured [M]: RULES.md does not say when a sanction is deducted). Breaches with no sanction
 * (none configured, or suspended) make no entry.
 *
 * @example sanctionEntries(computeBreaches(indicators, returns), parties)[0].ruleId // 'sanction.per_patient'
 */
export function sanctionEntries(breaches: readonly Breach[], parties: ContractParties): RelationshipMoneyEntry[] {
  const out: RelationshipMoneyEntry[] = [];
  for (const b of breaches) {
    if (b.return.contractReference !== parties.contractReference) continue;
    if (b.sanctionPence <= 0) continue;
    const c = b.terms.consequence.kind;
    if (c === 'none') continue;
    out.push({
      id: `sanction ${b.key}`,
      ...parties,
      period: b.return.period,
      kind: 'sanction',
      ruleId: SANCTION_RULE[c === 'share_of_monthly_value' ? 'share_of_value' : c],
      amountPence: -b.sanctionPence,
      description: `${b.indicator.name}, ${b.return.period}: ${b.valueText}; ${b.sanctionBasis}`,
      origin: { breachKey: b.key },
    });
  }
  return out;
}

/**
 * The money a contract performance notice moved: each withholding in its month, and its repayment or
 * retention in the month that happened.
 *
 * @example noticeMoneyEntries(notice).map((e) => [e.kind, e.period, e.amountPence])
 * // [['withhold', '2026-02', -26_833_333], ['withhold_repayment', '2026-04', 26_833_333]]
 */
export function noticeMoneyEntries(notice: ContractPerformanceNotice): RelationshipMoneyEntry[] {
  const parties = { contractReference: notice.contractReference, commissionerCode: notice.commissionerCode, providerCode: notice.providerCode };
  const out: RelationshipMoneyEntry[] = [];
  for (const w of notice.withholdings) {
    out.push({
      id: `${notice.id} withhold ${w.period}`, ...parties, period: w.period, kind: 'withhold', ruleId: 'gc9.withhold', amountPence: -w.amountPence,
      description: `Withheld under ${notice.id}: ${formatPounds(w.amountPence)} of ${formatPounds(w.actualMonthlyValuePence)} (cap ${formatPounds(w.capPence)})`,
      origin: { noticeId: notice.id },
    });
    if (w.status === 'repaid') {
      out.push({
        id: `${notice.id} repay ${w.period}`, ...parties, period: w.settledPeriod!, kind: 'withhold_repayment', ruleId: 'gc9.withhold_repayment', amountPence: w.amountPence,
        description: `Repaid under ${notice.id}: ${formatPounds(w.amountPence)} withheld for ${w.period}, ${notice.closure === 'withdrawn' ? 'notice withdrawn' : 'failure remedied'} on ${w.settledOn}`,
        origin: { noticeId: notice.id },
      });
    } else if (w.status === 'retained') {
      out.push({
        id: `${notice.id} retain ${w.period}`, ...parties, period: w.settledPeriod!, kind: 'withhold_retention', ruleId: 'gc9.withhold_retention', amountPence: 0,
        description: `Retained under ${notice.id}: ${formatPounds(w.amountPence)} withheld for ${w.period} kept permanently on ${w.settledOn}`,
        origin: { noticeId: notice.id },
      });
    }
  }
  return out;
}

/**
 * The adjustment that makes the statement follow a pendulum determination on a money issue: the
 * determined amount less what the statement already pays for that issue (the basis), in a given month.
 *
 * @example determinationEntry(dispute, 'value', { id: 'det-1', period: '2013-07', basisPence: 15_600_000_000, contractReference: 'NDEVON-ACUTE-2013-14' }).amountPence // 200_000_000
 */
export function determinationEntry(
  dispute: ContractSettingDispute,
  issueId: string,
  options: { readonly id: string; readonly period: Period; readonly basisPence: Pence; readonly contractReference: string; readonly illustrative?: boolean },
): RelationshipMoneyEntry {
  const issue = dispute.issues.find((i) => i.id === issueId);
  if (!issue) throw invalid('issueId', `no issue '${issueId}' in dispute ${dispute.id}`);
  const amount = determinedAmount(dispute, issueId);
  if (amount === null) throw invalid('issueId', `issue '${issueId}' (${issue.title}) has no determination on an amount`);
  if (!isPence(options.basisPence)) throw invalid('basisPence', 'must be a whole number of pence');
  if (!isPeriod(options.period)) throw invalid('period', 'must be a month YYYY-MM');
  const det = dispute.determinations.find((d) => d.issueId === issueId)!;
  return {
    id: options.id, contractReference: options.contractReference, commissionerCode: dispute.commissionerCode, providerCode: dispute.providerCode,
    period: options.period, kind: 'determination_adjustment', ruleId: 'determination.pendulum', amountPence: amount - options.basisPence,
    description: `${issue.title}: determined at ${formatPounds(amount)} (the ${det.awardedTo === 'both' ? "parties' common" : `${det.awardedTo}'s`} final offer) against ${formatPounds(options.basisPence)} paid`,
    origin: { disputeId: dispute.id, issueId },
    ...(options.illustrative ? { illustrative: true } : {}),
  };
}

/**
 * The adjustment a GC14 outcome with a sum makes: paid to the provider if in its favour, refunded to the
 * commissioner if in the commissioner's. Null for an outcome with no sum.
 *
 * @example gc14OutcomeEntry(dispute, { id: 'gc14-1', period: '2013-10' })?.amountPence
 */
export function gc14OutcomeEntry(dispute: Gc14Dispute, options: { readonly id: string; readonly period: Period; readonly illustrative?: boolean }): RelationshipMoneyEntry | null {
  const o = dispute.outcome;
  if (!o || o.amountPence === null || o.inFavourOf === null) return null;
  if (!isPeriod(options.period)) throw invalid('period', 'must be a month YYYY-MM');
  return {
    id: options.id, contractReference: dispute.contractReference, commissionerCode: dispute.commissionerCode, providerCode: dispute.providerCode,
    period: options.period, kind: 'determination_adjustment', ruleId: 'determination.gc14',
    amountPence: o.inFavourOf === 'provider' ? o.amountPence : -o.amountPence,
    description: `${dispute.subject}: ${o.how === 'determination' ? 'expert determination' : `settled in ${o.atStage.replace('_', ' ')}`} in the ${o.inFavourOf}'s favour, ${formatPounds(o.amountPence)}`,
    origin: { disputeId: dispute.id },
    ...(options.illustrative ? { illustrative: true } : {}),
  };
}
