/**
 * The relationship rules of each NHS Standard Contract edition: GC9 contract management, GC14 dispute
 * resolution and the annual contract-setting dispute process. Every number carries its source and its
 * RULES.md confidence tag, because almost all of them are [M] (the clause text was never retrieved,
 * RULES.md §8 and verification passes 2-3). A contract may override any value with a reason; the
 * resolved value then says so, so no deadline is ever computed from a hidden constant.
 */

import { invalid } from '../errors.ts';
import { MICROS_PER_UNIT, type Micros } from '../money.ts';
import { isIsoDate, type IsoDate } from '../time/index.ts';

/**
 * RULES.md confidence tags: [S] seen in the source, [S2] reliable secondary source, [M] not verified
 * against the primary text, [C] constructed; 'contract' means set by this contract (an override).
 */
export type Confidence = 'S' | 'S2' | 'M' | 'C' | 'contract';

/** A rule value with where it comes from. */
export interface Sourced<T> {
  readonly value: T;
  readonly source: string;
  readonly confidence: Confidence;
}

/** Who may issue a contract performance notice. */
export type CpnIssuers = 'commissioner' | 'either';

/** GC9 contract management (RULES.md §1.2). */
export interface Gc9Rules {
  readonly cpnIssuers: Sourced<CpnIssuers>;
  /** Operational days for the recipient to accept or dispute a CPN; null when the edition sets none. */
  readonly responseOperationalDays: Sourced<number | null>;
  /** The contract management meeting is held within this many operational days of the CPN. */
  readonly meetingOperationalDays: Sourced<number>;
  /** A remedial action plan is agreed within this many operational days of the meeting or report. */
  readonly rapAgreementOperationalDays: Sourced<number>;
  /** Most that may be withheld in a month, as a share of the Actual Monthly Value. */
  readonly withholdingCapMicros: Sourced<Micros>;
  /** Withheld sums may be retained for good once the failure has persisted this many months. */
  readonly retentionAfterMonths: Sourced<number>;
  /** Months after the remedy in which withheld sums are repaid (0: the month of the remedy). */
  readonly repaymentLagMonths: Sourced<number>;
  /** Whether failing to agree a remedial action plan is itself grounds to withhold. */
  readonly withholdOnFailureToAgreeRap: Sourced<boolean>;
}

/** Who appoints a mediator or an expert under GC14 (RULES.md §1.3, verification pass 2 §3 [S2]). */
export type Appointer = 'parties' | 'regulator';

/** GC14 dispute resolution (RULES.md §1.3). */
export interface Gc14Rules {
  /** Escalated negotiation between senior directors lasts this many operational days. */
  readonly negotiationOperationalDays: Sourced<number>;
  /** Mediation runs this many operational days before referral to an expert; null when not set. */
  readonly mediationOperationalDays: Sourced<number | null>;
  /** The expert determines within this many operational days of appointment; null when not set. */
  readonly expertDeterminationOperationalDays: Sourced<number | null>;
  readonly appointers: Sourced<readonly Appointer[]>;
}

/** The annual contract-setting dispute process for the contract year (RULES.md §1.3, outside GC14). */
export interface ContractSettingRules {
  /**
   * 'MM-DD' in the calendar year the contract year starts: contracts not agreed by then may go to the
   * national process (2019/20: 1 March, [S2]). Null when the year's timetable is not known.
   */
  readonly agreementDeadline: Sourced<string | null>;
  /** Calendar days of the mediation window before arbitration; null when not known. */
  readonly mediationWindowDays: Sourced<number | null>;
  /** How the arbitrator decides: one party's final offer per issue. */
  readonly determination: Sourced<'pendulum_per_issue'>;
}

/** One edition of the Standard Contract and its relationship rules. */
export interface StandardContractEdition {
  /** The edition's label, e.g. '2019/20'. */
  readonly edition: string;
  /** First day contracts on this edition run from. */
  readonly effectiveFrom: IsoDate;
  readonly gc9: Gc9Rules;
  readonly gc14: Gc14Rules;
  readonly contractSetting: ContractSettingRules;
}

/** An edition's rules after a contract's overrides: what a notice or dispute is actually run by. */
export interface RelationshipRules extends StandardContractEdition {
  /**
   * The edition in STANDARD_CONTRACT_EDITIONS whose values these are: the same as `edition`, or an
   * earlier one carried forward because Concordat holds no separate values for this edition.
   */
  readonly rulesFrom: string;
  /** Keys overridden by the contract, e.g. 'gc9.withholdingCapMicros'. */
  readonly overridden: readonly string[];
}

const GC9_NOT_FOUND = 'GC9 clause text not retrieved (RULES.md §8; verification pass 2 §2)';

function m<T>(value: T, source: string): Sourced<T> {
  return { value, source, confidence: 'M' };
}
function s2<T>(value: T, source: string): Sourced<T> {
  return { value, source, confidence: 'S2' };
}

const GC9_COMMON = {
  responseOperationalDays: m<number | null>(null, `RULES.md §1.2 item 1 [M]: the recipient accepts or disputes the CPN; no time limit is recorded. ${GC9_NOT_FOUND}`),
  meetingOperationalDays: m(10, `RULES.md §1.2 item 2 [M]: contract management meeting within 10 Operational Days of the CPN. ${GC9_NOT_FOUND}`),
  rapAgreementOperationalDays: m(5, `RULES.md §1.2 item 3 [M]: remedial action plan agreed within 5 Operational Days of the meeting or the joint investigation report. ${GC9_NOT_FOUND}`),
  withholdingCapMicros: m(20_000, `RULES.md §1.2 item 4 [M]: withhold up to 2% of the Actual Monthly Value per month. ${GC9_NOT_FOUND}`),
  retentionAfterMonths: m(3, `RULES.md §1.2 item 5 [M]: withheld sums retained permanently if the failure persists; "I recall the limit as 3 months". ${GC9_NOT_FOUND}`),
  repaymentLagMonths: m(0, `RULES.md §1.2 item 5 [M]: withheld sums are repaid once the failure is remedied; the timing is not recorded, so repaid in the month of the remedy. ${GC9_NOT_FOUND}`),
} as const;

const GC14_COMMON: Gc14Rules = {
  negotiationOperationalDays: s2(15, 'RULES.md §1.3 [S2] (Bailey & Moore): escalated negotiation for 15 working days between senior directors; confirmed in verification pass 2 §3'),
  mediationOperationalDays: m<number | null>(20, 'RULES.md §1.3 [M]: about 20 Operational Days of mediation before referral to an expert (not verified, verification pass 2 §3)'),
  expertDeterminationOperationalDays: m<number | null>(null, 'RULES.md §1.3 [M]: no time limit for the expert determination is recorded'),
  appointers: s2<readonly Appointer[]>(['parties', 'regulator'], 'RULES.md §1.3, verification pass 2 §3 [S2] (Bailey & Moore): the mediator or expert is provided by the regulatory bodies or appointed by the parties'),
};

const PENDULUM = s2<'pendulum_per_issue'>('pendulum_per_issue', 'RULES.md §1.3 [S2] (Bailey & Moore): a pendulum decision on each issue ("no 50:50s"); the most reasonable offer wins');

/**
 * The editions Concordat knows, oldest first. Values repeat across editions where RULES.md gives no
 * change; each edition is a full set so that an old contract is run by its own edition's rules.
 */
export const STANDARD_CONTRACT_EDITIONS: readonly StandardContractEdition[] = [
  {
    edition: '2013/14',
    effectiveFrom: '2013-04-01',
    gc9: {
      ...GC9_COMMON,
      cpnIssuers: m<CpnIssuers>('commissioner', 'RULES.md §1.2 item 1 [M]: the Co-ordinating Commissioner issues a CPN (the provider only "in later editions")'),
      withholdOnFailureToAgreeRap: m(true, 'RULES.md §1.2 item 4 [M]: if the provider fails to agree or implement the RAP, the commissioners may withhold'),
    },
    gc14: GC14_COMMON,
    contractSetting: {
      agreementDeadline: m<string | null>(null, 'RULES.md §1.3 [M]: the 2013/14 contract-setting timetable is not recorded; set it per contract'),
      mediationWindowDays: m<number | null>(null, 'RULES.md §1.3 [M]: the 2013/14 mediation window is not recorded; set it per contract'),
      determination: PENDULUM,
    },
  },
  {
    edition: '2019/20',
    effectiveFrom: '2019-04-01',
    gc9: {
      ...GC9_COMMON,
      cpnIssuers: m<CpnIssuers>('either', 'RULES.md §1.2 item 1 [M]: "in later editions the provider may also issue one"; the first such edition is not known, taken here from 2019/20'),
      withholdOnFailureToAgreeRap: s2(true, 'RULES.md §1.2 [S2] (Anthony Collins, Mar 2019): from 2019/20 CCGs may withhold funding until the impasse is overcome where the remedial process stalls through the provider\'s unreasonableness or failure to engage'),
    },
    gc14: GC14_COMMON,
    contractSetting: {
      agreementDeadline: s2<string | null>('03-01', 'RULES.md §1.3 [S2] (Enterprise Law): for 2019/20, contracts not agreed by 1 March could go to mediation, then arbitration (Annex J1 Joint Contract Dispute Resolution Process)'),
      mediationWindowDays: s2<number | null>(14, 'RULES.md §1.3 [S2] (Enterprise Law): mediation within a two-week window, then arbitration (2019/20)'),
      determination: PENDULUM,
    },
  },
  {
    edition: '2025/26',
    effectiveFrom: '2025-04-01',
    gc9: {
      ...GC9_COMMON,
      cpnIssuers: m<CpnIssuers>('either', 'RULES.md §1.2 item 1 [M]: "in later editions the provider may also issue one"'),
      withholdOnFailureToAgreeRap: m(true, 'RULES.md §1.2 [S2 for 2019/20] carried forward [M]: withholding where the remedial process stalls'),
    },
    gc14: GC14_COMMON,
    contractSetting: {
      agreementDeadline: m<string | null>(null, 'RULES.md §1.3 [M]: the 2025/26 national dispute resolution timetable is not recorded; set it per contract'),
      mediationWindowDays: m<number | null>(null, 'RULES.md §1.3 [M]: the 2025/26 mediation window is not recorded; set it per contract'),
      determination: PENDULUM,
    },
  },
];

/**
 * The edition whose rules apply to a contract starting on `date`: the latest edition effective on or
 * before it. Throws invalid for a date before the first edition Concordat knows.
 *
 * @example editionInForce('2014-04-01').edition // '2013/14'
 * @example editionInForce('2025-12-19').edition // '2025/26'
 */
export function editionInForce(date: IsoDate, table: readonly StandardContractEdition[] = STANDARD_CONTRACT_EDITIONS): StandardContractEdition {
  if (!isIsoDate(date)) throw invalid('date', `must be a date YYYY-MM-DD, got '${String(date)}'`);
  let found: StandardContractEdition | undefined;
  for (const e of table) if (e.effectiveFrom <= date && (!found || e.effectiveFrom > found.effectiveFrom)) found = e;
  if (!found) throw invalid('date', `no Standard Contract edition is known for ${date}; the earliest is ${table.map((e) => e.effectiveFrom).sort()[0] ?? 'none'}`);
  return found;
}

/**
 * The edition whose values apply to a contract on edition `edition` ('2014/15'): that edition if
 * Concordat holds values for it, otherwise the latest earlier one, carried forward (RULES.md gives no
 * change between them). Throws invalid for a malformed label or one before the first edition.
 *
 * @example standardContractEdition('2019/20').gc9.meetingOperationalDays.value // 10
 * @example standardContractEdition('2014/15').edition // '2013/14' (carried forward)
 */
export function standardContractEdition(edition: string, table: readonly StandardContractEdition[] = STANDARD_CONTRACT_EDITIONS): StandardContractEdition {
  const exact = table.find((x) => x.edition === edition);
  if (exact) return exact;
  const m = /^(\d{4})\/(\d{2})$/.exec(String(edition));
  if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2])) throw invalid('edition', `must be a Standard Contract edition like '2025/26', got '${String(edition)}'`);
  return editionInForce(`${m[1]}-04-01`, table);
}

/** A contract's own value for a rule, with its reason (shown as the rule's source). */
export interface RuleOverride<T> {
  readonly value: T;
  readonly reason: string;
}

type OverridesOf<R> = { readonly [K in keyof R]?: R[K] extends Sourced<infer T> ? RuleOverride<T> : never };

/** Per-contract overrides of an edition's rules, each with its reason. */
export interface ContractRuleOverrides {
  readonly gc9?: OverridesOf<Gc9Rules>;
  readonly gc14?: OverridesOf<Gc14Rules>;
  readonly contractSetting?: OverridesOf<ContractSettingRules>;
}

type Group = 'gc9' | 'gc14' | 'contractSetting';

function checkOverrideValue(group: Group, key: string, value: unknown, fallback: unknown): void {
  const path = ['overrides', group, key, 'value'];
  if (Array.isArray(fallback)) {
    if (!Array.isArray(value) || value.some((v) => v !== 'parties' && v !== 'regulator')) throw invalid(path, "must be a list of 'parties' and/or 'regulator'");
    return;
  }
  if (typeof fallback === 'boolean') {
    if (typeof value !== 'boolean') throw invalid(path, 'must be true or false');
    return;
  }
  if (key === 'cpnIssuers') {
    if (value !== 'commissioner' && value !== 'either') throw invalid(path, "must be 'commissioner' or 'either'");
    return;
  }
  if (key === 'determination') {
    if (value !== 'pendulum_per_issue') throw invalid(path, "must be 'pendulum_per_issue'");
    return;
  }
  if (key === 'agreementDeadline') {
    if (value !== null && (typeof value !== 'string' || !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value))) throw invalid(path, "must be a month and day 'MM-DD' or null");
    return;
  }
  // Every other rule is a count of days or months, or a rate in micros.
  const nullable = key === 'responseOperationalDays' || key === 'mediationOperationalDays' || key === 'expertDeterminationOperationalDays' || key === 'mediationWindowDays';
  if (value === null && nullable) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalid(path, `must be a whole number 0 or more${nullable ? ', or null' : ''}`);
  if (key === 'withholdingCapMicros' && value > MICROS_PER_UNIT) throw invalid(path, 'must be a share in micros, at most 1,000,000 (100%)');
}

function applyOverrides<R extends object>(group: Group, base: R, overrides: OverridesOf<R> | undefined, edition: string, overridden: string[]): R {
  if (!overrides) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, o] of Object.entries(overrides) as [string, RuleOverride<unknown> | undefined][]) {
    if (o === undefined) continue;
    if (!Object.hasOwn(base, key)) throw invalid(['overrides', group, key], `is not a ${group} rule; known: ${Object.keys(base).join(', ')}`);
    if (typeof o.reason !== 'string' || o.reason.trim() === '') throw invalid(['overrides', group, key, 'reason'], 'say why this contract departs from the edition');
    const was = (base as Record<string, Sourced<unknown>>)[key];
    checkOverrideValue(group, key, o.value, was.value);
    out[key] = {
      value: o.value,
      source: `Contract override: ${o.reason} (edition ${edition}: ${JSON.stringify(was.value)}, ${was.source})`,
      confidence: 'contract',
    } satisfies Sourced<unknown>;
    overridden.push(`${group}.${key}`);
  }
  return out as R;
}

/**
 * The rules a contract runs by: its edition's, with the contract's overrides (each naming its reason).
 *
 * @example
 * const rules = relationshipRules('2025/26', { gc9: { withholdingCapMicros: { value: 10_000, reason: 'Local variation: 1%' } } });
 * rules.gc9.withholdingCapMicros.confidence // 'contract'
 */
export function relationshipRules(
  edition: string,
  overrides: ContractRuleOverrides = {},
  table: readonly StandardContractEdition[] = STANDARD_CONTRACT_EDITIONS,
): RelationshipRules {
  const found = standardContractEdition(edition, table);
  // Values carried forward to a later edition say so in their source.
  const carried = found.edition !== edition;
  const carry = <R extends object>(group: R): R => {
    if (!carried) return group;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(group) as [string, Sourced<unknown>][]) out[k] = { ...v, source: `${v.source} (the ${found.edition} edition's value, carried forward to ${edition})` };
    return out as R;
  };
  const e: StandardContractEdition = { ...found, gc9: carry(found.gc9), gc14: carry(found.gc14), contractSetting: carry(found.contractSetting) };
  const overridden: string[] = [];
  return {
    edition,
    effectiveFrom: carried ? `${edition.slice(0, 4)}-04-01` : found.effectiveFrom,
    rulesFrom: found.edition,
    gc9: applyOverrides('gc9', e.gc9, overrides.gc9, e.edition, overridden),
    gc14: applyOverrides('gc14', e.gc14, overrides.gc14, e.edition, overridden),
    contractSetting: applyOverrides('contractSetting', e.contractSetting, overrides.contractSetting, e.edition, overridden),
    overridden,
  };
}

/**
 * A rule value for people: the value, then its source and tag.
 *
 * @example describeRule(relationshipRules('2019/20').gc14.negotiationOperationalDays) // '15 (S2: RULES.md §1.3 [S2] ...)'
 */
export function describeRule(rule: Sourced<unknown>): string {
  return `${JSON.stringify(rule.value)} (${rule.confidence}: ${rule.source})`;
}
