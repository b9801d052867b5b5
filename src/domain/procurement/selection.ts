/**
 * Basic selection criteria (PSR reg 19 / Sch 16) and exclusions (reg 20), RULES.md §3.2. The
 * regulation's own list of criteria is not in RULES.md, so criteria are the authority's own words;
 * the headings suggested below follow the usual public procurement headings [M].
 */

import type { IsoDate } from '../time/date.ts';

/** Suggested headings for basic selection criteria [M: Sch 16's list is not in RULES.md]. */
export const SUGGESTED_SELECTION_HEADINGS = [
  'suitability to pursue the activity (registration, e.g. CQC)',
  'economic and financial standing',
  'technical and professional ability',
] as const;

export interface SelectionCriterionResult {
  readonly criterion: string;
  readonly met: boolean;
  readonly note?: string;
}

export interface ExclusionFinding {
  /** The exclusion ground, in the authority's words with its citation. */
  readonly ground: string;
  readonly kind: 'mandatory' | 'discretionary';
  readonly applies: boolean;
  /** For a discretionary ground that applies: why the authority nonetheless did not exclude. */
  readonly notExcludedBecause?: string;
  readonly note?: string;
}

/** One bidder's assessment against the basic selection criteria and the exclusion grounds. */
export interface SelectionAssessment {
  readonly bidderCode: string;
  readonly assessedOn: IsoDate;
  readonly basicSelection: readonly SelectionCriterionResult[];
  readonly exclusions: readonly ExclusionFinding[];
  /** Whether the Procurement Act debarment list was checked (required from 24 Feb 2025). */
  readonly debarmentListChecked?: boolean;
}

export interface SelectionOutcome {
  readonly bidderCode: string;
  readonly eligible: boolean;
  readonly reasons: readonly string[];
}

/**
 * Whether a bidder may be ranked and awarded: every basic selection criterion met, no mandatory
 * exclusion applies, any discretionary exclusion that applies is explained, and, where required,
 * the debarment list was checked.
 *
 * @example selectionOutcome({ bidderCode: 'RJE', assessedOn: '2024-11-04', basicSelection: [], exclusions: [] }, false).eligible // true
 */
export function selectionOutcome(a: SelectionAssessment, debarmentListRequired: boolean): SelectionOutcome {
  const reasons: string[] = [];
  for (const c of a.basicSelection) if (!c.met) reasons.push(`does not meet basic selection criterion: ${c.criterion}${c.note ? ` (${c.note})` : ''}`);
  for (const x of a.exclusions) {
    if (!x.applies) continue;
    if (x.kind === 'mandatory') reasons.push(`excluded (mandatory ground): ${x.ground}`);
    else if (!x.notExcludedBecause?.trim()) reasons.push(`excluded (discretionary ground): ${x.ground}`);
  }
  if (debarmentListRequired && !a.debarmentListChecked) {
    reasons.push('the debarment list was not checked (reg 20 uses it from 24 Feb 2025, RULES.md §3.2 [S])');
  }
  return { bidderCode: a.bidderCode, eligible: reasons.length === 0, reasons };
}
