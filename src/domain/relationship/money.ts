/**
 * Money both ways in a commissioner-provider relationship (seed 003, the "arms race"): what the
 * commissioner deducts (sanctions, GC9 withholdings, CQUIN shortfalls) and gives back (repayments,
 * releases), what the provider charges (upheld challenges, counting and coding changes, charges outside
 * the contract), and adjustments to determinations. Each entry names its payment rule, so it becomes a
 * statement line in the month it applies and the statement still reconciles.
 */

import type { Side } from '../contract-management/index.ts';
import { invalid } from '../errors.ts';
import { isPence, type Pence } from '../money.ts';
import { PAYMENT_RULES, type AdjustmentRuleId, type PaymentRuleRef, type StatementAdjustment } from '../payments/index.ts';
import { financialYearOfPeriod, isPeriod, type Period } from '../time/index.ts';

/** What an entry is. */
export type MoneyKind =
  | 'sanction'
  | 'withhold'
  | 'withhold_repayment'
  | 'withhold_retention'
  | 'cquin_shortfall'
  | 'cquin_release'
  | 'challenge'
  | 'counting_coding_query'
  | 'charge_outside_contract'
  | 'determination_adjustment';

interface KindRule {
  readonly label: string;
  /** Whose lever it is: the commissioner's deductions and releases, the provider's charges; null for a determination. */
  readonly side: Side | null;
  /** The sign of its effect on what the commissioner pays: a deduction is negative, a release or charge positive. */
  readonly sign: 'negative' | 'positive' | 'zero' | 'any';
  readonly rules: readonly AdjustmentRuleId[];
}

/** Each kind of entry: whose it is, the sign it must have, and the payment rules it may name. */
export const MONEY_KINDS: Readonly<Record<MoneyKind, KindRule>> = {
  sanction: { label: 'Sanction', side: 'commissioner', sign: 'negative', rules: ['sanction.per_breach', 'sanction.per_patient', 'sanction.share_of_value'] },
  withhold: { label: 'Withholding (GC9)', side: 'commissioner', sign: 'negative', rules: ['gc9.withhold'] },
  withhold_repayment: { label: 'Withholding repaid (GC9)', side: 'commissioner', sign: 'positive', rules: ['gc9.withhold_repayment'] },
  withhold_retention: { label: 'Withholding retained (GC9)', side: 'commissioner', sign: 'zero', rules: ['gc9.withhold_retention'] },
  cquin_shortfall: { label: 'CQUIN shortfall', side: 'commissioner', sign: 'negative', rules: ['cquin.withheld'] },
  cquin_release: { label: 'CQUIN released', side: 'commissioner', sign: 'positive', rules: ['cquin.released'] },
  challenge: { label: 'Challenge upheld', side: 'provider', sign: 'positive', rules: ['provider_claim.challenge_upheld'] },
  counting_coding_query: { label: 'Counting and coding query', side: 'provider', sign: 'positive', rules: ['provider_claim.counting_coding'] },
  charge_outside_contract: { label: 'Charge outside the contract', side: 'provider', sign: 'positive', rules: ['provider_claim.outside_contract'] },
  determination_adjustment: { label: 'Determination adjustment', side: null, sign: 'any', rules: ['determination.pendulum', 'determination.gc14'] },
};

/** Where an entry came from. */
export interface MoneyOrigin {
  readonly noticeId?: string;
  /** A performance breach, as performance/breaches.ts keys it: 'contract indicator period'. */
  readonly breachKey?: string;
  readonly disputeId?: string;
  readonly issueId?: string;
}

/** One entry in the relationship's money ledger. */
export interface RelationshipMoneyEntry {
  readonly id: string;
  readonly commissionerCode: string;
  readonly providerCode: string;
  readonly contractReference: string;
  /** The statement month it applies in. */
  readonly period: Period;
  readonly kind: MoneyKind;
  readonly ruleId: AdjustmentRuleId;
  /** Signed effect on what the commissioner pays the provider: negative for a deduction. */
  readonly amountPence: Pence;
  readonly description: string;
  readonly origin?: MoneyOrigin;
  /** True for a figure the seeds do not give. */
  readonly illustrative?: boolean;
}

/**
 * The payment rule an entry names, with its label and RULES.md source.
 *
 * @example entryRule(entry) // { id: 'gc9.withhold', label: 'Contract management (GC9): ...', source: 'RULES.md §1.2 item 4 [M]' }
 */
export function entryRule(entry: Pick<RelationshipMoneyEntry, 'ruleId'>): PaymentRuleRef {
  const r = PAYMENT_RULES[entry.ruleId];
  return { id: entry.ruleId, label: r.label, source: r.source };
}

/**
 * Checks ledger entries, naming the field at fault: unique ids, a real month, a kind with a rule it
 * may name, and an amount of the kind's sign (a sanction cannot pay the provider).
 *
 * @example checkMoneyEntries(entries) // returns them unchanged
 */
export function checkMoneyEntries(entries: readonly RelationshipMoneyEntry[]): readonly RelationshipMoneyEntry[] {
  const ids = new Set<string>();
  entries.forEach((e, i) => {
    const at = (...p: string[]) => ['money', i, ...p];
    if (typeof e.id !== 'string' || e.id === '') throw invalid(at('id'), 'give the entry an id');
    if (ids.has(e.id)) throw invalid(at('id'), `'${e.id}' appears twice`);
    ids.add(e.id);
    if (!isPeriod(e.period)) throw invalid(at('period'), `must be a month YYYY-MM, got '${String(e.period)}'`);
    const k = MONEY_KINDS[e.kind];
    if (!k) throw invalid(at('kind'), `unknown kind '${String(e.kind)}'; known: ${Object.keys(MONEY_KINDS).join(', ')}`);
    if (!k.rules.includes(e.ruleId)) throw invalid(at('ruleId'), `a ${k.label.toLowerCase()} names ${k.rules.join(' or ')}, not '${String(e.ruleId)}'`);
    if (!isPence(e.amountPence)) throw invalid(at('amountPence'), 'must be a whole number of pence');
    const wrongSign = (k.sign === 'negative' && e.amountPence > 0) || (k.sign === 'positive' && e.amountPence < 0) || (k.sign === 'zero' && e.amountPence !== 0);
    if (wrongSign) {
      const want = k.sign === 'negative' ? 'a deduction (0 or less)' : k.sign === 'positive' ? 'a payment to the provider (0 or more)' : 'zero: retention moves no money, the withholding already did';
      throw invalid(at('amountPence'), `a ${k.label.toLowerCase()} is ${want}`);
    }
    if (typeof e.description !== 'string' || e.description.trim() === '') throw invalid(at('description'), 'say what the entry is');
  });
  return entries;
}

/**
 * A contract's ledger entries for one payment-scheme year, as statement adjustments: each a line in its
 * month naming its rule, referring back to the entry.
 *
 * @example computeStatement({ ...input, adjustments: statementAdjustments(entries, 'NDEVON-ACUTE-2013-14', '2013/14') })
 */
export function statementAdjustments(entries: readonly RelationshipMoneyEntry[], contractReference: string, year: string): StatementAdjustment[] {
  checkMoneyEntries(entries);
  return entries
    .filter((e) => e.contractReference === contractReference && financialYearOfPeriod(e.period).label === year)
    .map((e) => ({ period: e.period, ruleId: e.ruleId, description: e.description, amountPence: e.amountPence, reference: e.id }));
}

/** One side's money in a year. */
export interface SideMoney {
  /** By kind, as the money moved (signed as on the statement). */
  readonly byKind: Readonly<Partial<Record<MoneyKind, Pence>>>;
  /**
   * Commissioner: what its deductions took from the provider, net of repayments and releases (positive).
   * Provider: what its charges and claims added (positive).
   */
  readonly netPence: Pence;
}

/** A year of the arms race: each side's money, and determinations. */
export interface YearMoney {
  readonly year: string;
  readonly commissioner: SideMoney;
  readonly provider: SideMoney;
  /** Net determination adjustments, signed as on the statement. */
  readonly determinationsPence: Pence;
}

/**
 * Money each way by financial year, oldest first: the data behind the arms-race chart.
 *
 * @example moneyByYear(entries).map((y) => [y.year, y.commissioner.netPence, y.provider.netPence])
 */
export function moneyByYear(entries: readonly RelationshipMoneyEntry[]): YearMoney[] {
  checkMoneyEntries(entries);
  const years = new Map<string, { c: Partial<Record<MoneyKind, Pence>>; p: Partial<Record<MoneyKind, Pence>>; d: Pence }>();
  for (const e of entries) {
    const y = financialYearOfPeriod(e.period).label;
    const row = years.get(y) ?? { c: {}, p: {}, d: 0 };
    const side = MONEY_KINDS[e.kind].side;
    if (side === null) row.d += e.amountPence;
    else {
      const bucket = side === 'commissioner' ? row.c : row.p;
      bucket[e.kind] = (bucket[e.kind] ?? 0) + e.amountPence;
    }
    years.set(y, row);
  }
  const total = (b: Partial<Record<MoneyKind, Pence>>) => Object.values(b).reduce((s, v) => s + (v ?? 0), 0);
  return [...years.keys()].sort().map((year) => {
    const r = years.get(year)!;
    return { year, commissioner: { byKind: r.c, netPence: 0 - total(r.c) }, provider: { byKind: r.p, netPence: total(r.p) }, determinationsPence: r.d };
  });
}

/** Whether both sides' money grew in each step between consecutive years. */
export interface ArmsRace {
  readonly steps: readonly { readonly from: string; readonly to: string; readonly commissionerGrew: boolean; readonly providerGrew: boolean }[];
  /** True when both grew in each of the last `years` steps. */
  readonly escalating: boolean;
  readonly years: number;
}

function nextYearLabel(year: string): string {
  const start = Number(year.slice(0, 4)) + 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * Sanctions and provider charges both growing year on year: Bob Alexander's "arms race" (seed 003).
 * Years with no entries count as zero, so a quiet year breaks the run.
 *
 * @example armsRace(moneyByYear(entries)).escalating // true when both sides grew in each of the last 2 steps
 */
export function armsRace(years: readonly YearMoney[], steps = 2): ArmsRace {
  if (years.length === 0) return { steps: [], escalating: false, years: steps };
  const byYear = new Map(years.map((y) => [y.year, y]));
  const labels: string[] = [];
  for (let y = years[0].year; y <= years[years.length - 1].year; y = nextYearLabel(y)) labels.push(y);
  const c = (y: string) => byYear.get(y)?.commissioner.netPence ?? 0;
  const p = (y: string) => byYear.get(y)?.provider.netPence ?? 0;
  const out = labels.slice(1).map((to, i) => ({ from: labels[i], to, commissionerGrew: c(to) > c(labels[i]), providerGrew: p(to) > p(labels[i]) }));
  const last = out.slice(-steps);
  return { steps: out, escalating: last.length === steps && last.every((s) => s.commissionerGrew && s.providerGrew), years: steps };
}
