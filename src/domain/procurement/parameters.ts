/**
 * Provider Selection Regime parameters as versioned data, keyed by the date they take effect. Every
 * number cites RULES.md with its confidence tag; an [M] value is a setting, never a hidden constant:
 * pass your own table where a primary source differs.
 */

import { invalid } from '../errors.ts';
import type { Micros, Pence } from '../money.ts';
import type { IsoDate } from '../time/date.ts';

/** RULES.md confidence tags: seen in the source, reliable secondary, unverified, constructed. */
export type ConfidenceTag = 'S' | 'S2' | 'M' | 'C';

/** A value with where it comes from. */
export interface Cited<T> {
  readonly value: T;
  /** RULES.md section and the source it quotes. */
  readonly source: string;
  readonly tag: ConfidenceTag;
}

/**
 * How a standstill period is counted. The PSR begins the day after publication and counts the 8th
 * working day after that day; the Procurement Act 2023 counts 8 working days beginning with the day
 * of publication (RULES.md §3.3: "Start-day rules differ by regime, so keep the rule configurable").
 */
export interface StandstillRule {
  readonly name: string;
  /** The day the standstill period begins. */
  readonly begins: 'day_after_publication' | 'publication_day';
  /**
   * 'after_start': the deadline is the Nth working day after the day the period begins (PSR reg 12(3)).
   * 'beginning_with_start': the day the period begins counts as the first day if it is a working day.
   */
  readonly count: 'after_start' | 'beginning_with_start';
  readonly workingDays: number;
  readonly source: string;
  readonly tag: ConfidenceTag;
}

/** PSR reg 12 (RULES.md §3.3 and verification pass 3, [S] legislation.gov.uk). */
export const PSR_STANDSTILL: StandstillRule = {
  name: 'Provider Selection Regime, reg 12',
  begins: 'day_after_publication',
  count: 'after_start',
  workingDays: 8,
  source: 'SI 2023/1348 reg 12(2)-(3): begins on the day after publication; representations before midnight at the end of the 8th working day after the day it begins (RULES.md §3.3, pass 3)',
  tag: 'S',
};

/** Procurement Act 2023 s51, for comparison only: the NHS healthcare services in scope of the PSR do not use it. */
export const PROCUREMENT_ACT_STANDSTILL: StandstillRule = {
  name: 'Procurement Act 2023, s51',
  begins: 'publication_day',
  count: 'beginning_with_start',
  workingDays: 8,
  source: 'Procurement Act 2023 s51: eight working days beginning with the day the contract award notice is published (RULES.md §3.3 [S2])',
  tag: 'S2',
};

export interface PsrParameters {
  readonly effectiveFrom: IsoDate;
  /** Reg 6 considerable change threshold, limb 2 (authority-driven value increase). */
  readonly considerableChange: {
    /** At least this much higher than the lifetime value when the existing contract was entered into. */
    readonly minimumIncreasePence: Cited<Pence>;
    /** And at least this share higher (micros: 25% = 250,000). */
    readonly minimumIncreaseShare: Cited<Micros>;
  };
  /** Reg 13 modifications during the term. */
  readonly modification: {
    /** Cumulative change below this is permitted (reg 13(2)(b)(i)). */
    readonly cumulativeBelowPence: Cited<Pence>;
    /** Or cumulative change less than this share of the original lifetime value (reg 13(2)(b)(ii)). */
    readonly cumulativeBelowShare: Cited<Micros>;
    /** A modification of this value or more needs a transparency notice. */
    readonly transparencyNoticeFromPence: Cited<Pence>;
  };
  readonly standstill: StandstillRule;
  /** After a review that keeps the decision, working days to wait before the award. */
  readonly waitAfterReviewWorkingDays: Cited<number>;
  /** DA-A and DA-B: the award notice is published within this many (calendar) days of the award. */
  readonly awardNoticeWithinDays: Cited<number>;
  /** DA-C, MSP and competitive: the notice confirming the award, within this many days of it. */
  readonly confirmationNoticeWithinDays: Cited<number>;
  /** Exclusions (reg 20) check the Procurement Act debarment list. */
  readonly exclusionsUseDebarmentList: Cited<boolean>;
}

const PSR_2024: PsrParameters = {
  effectiveFrom: '2024-01-01',
  considerableChange: {
    minimumIncreasePence: {
      value: 50_000_000,
      source: 'SI 2023/1348 reg 6: lifetime value at least £500,000 higher than the existing contract when entered into (RULES.md §3.1 and pass 2 §5, Burges Salmon)',
      tag: 'S2',
    },
    minimumIncreaseShare: {
      value: 250_000,
      source: 'SI 2023/1348 reg 6: and at least 25% higher; the excerpt was truncated (RULES.md §3.1, pass 2 §5: "STILL UNVERIFIED but strongly supported" by reg 13(2))',
      tag: 'M',
    },
  },
  modification: {
    cumulativeBelowPence: {
      value: 50_000_000,
      source: 'SI 2023/1348 reg 13(2)(b)(i): cumulative change in lifetime value below £500,000 (RULES.md pass 2 §5)',
      tag: 'S',
    },
    cumulativeBelowShare: {
      value: 250_000,
      source: 'SI 2023/1348 reg 13(2)(b)(ii): less than 25% of the lifetime value of the original contract (RULES.md pass 2 §5)',
      tag: 'S',
    },
    transparencyNoticeFromPence: {
      value: 50_000_000,
      source: 'NHSE long read "Provider Selection Regime: contract modifications": a notice where the modification value is £500,000 or more (RULES.md pass 2 §5)',
      tag: 'S',
    },
  },
  standstill: PSR_STANDSTILL,
  waitAfterReviewWorkingDays: {
    value: 5,
    source: 'NHSE guidance on reviewing decisions: "must wait five working days" before closing the standstill (RULES.md §3.3 [S], pass 3 [S2])',
    tag: 'S2',
  },
  awardNoticeWithinDays: {
    value: 30,
    source: 'DA-A and DA-B award notice within 30 days of award (RULES.md §3.4 [S2]); counted in calendar days because the regulation says days, not working days [C]',
    tag: 'S2',
  },
  confirmationNoticeWithinDays: {
    value: 30,
    source: 'Notice confirming an award after standstill, by analogy with the 30 days for DA-A/B (not in RULES.md: unverified)',
    tag: 'M',
  },
  exclusionsUseDebarmentList: {
    value: false,
    source: 'Before 24 Feb 2025 reg 20 exclusions did not use the Procurement Act debarment list (RULES.md §3.2 [S])',
    tag: 'S',
  },
};

const PSR_2025_DEBARMENT: PsrParameters = {
  ...PSR_2024,
  effectiveFrom: '2025-02-24',
  exclusionsUseDebarmentList: {
    value: true,
    source: 'Reg 20 exclusions use the Procurement Act debarment list from 24 Feb 2025 (RULES.md §3.2 [S], NHSE statutory guidance Apr 2025)',
    tag: 'S',
  },
};

/** The PSR (SI 2023/1348) came into force on 1 January 2024 (RULES.md §3). */
export const PSR_IN_FORCE_FROM: IsoDate = '2024-01-01';

/** The default table, oldest first. */
export const PSR_PARAMETERS: readonly PsrParameters[] = [PSR_2024, PSR_2025_DEBARMENT];

/**
 * The parameters in force on `date`: the latest entry whose effectiveFrom is on or before it.
 * Before the PSR came into force there are none, and asking is an error (use the legacy route).
 *
 * @example psrParametersOn('2025-01-06').considerableChange.minimumIncreasePence.value // 50_000_000
 */
export function psrParametersOn(date: IsoDate, table: readonly PsrParameters[] = PSR_PARAMETERS): PsrParameters {
  let found: PsrParameters | undefined;
  for (const p of table) if (p.effectiveFrom <= date && (!found || p.effectiveFrom > found.effectiveFrom)) found = p;
  if (!found) throw invalid('date', `the Provider Selection Regime was not in force on ${date} (from ${PSR_IN_FORCE_FROM}); use the legacy route`);
  return found;
}
