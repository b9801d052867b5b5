/**
 * Conflicts of interest: declared, and how each was managed. Notices must list the declared conflicts
 * and their management (Sch 3 paras 8-9, RULES.md §3.4 [S]); a decision cannot be made while a
 * declared conflict has no recorded management.
 */

import type { IsoDate } from '../time/date.ts';

export interface ConflictOfInterest {
  readonly id: string;
  /** Who has the interest (a decision-maker, adviser or panel member). */
  readonly personName: string;
  readonly personRole: string;
  /** Their organisation's ODS code, where they have one. */
  readonly organisationCode?: string;
  /** The interest, actual or potential. */
  readonly interest: string;
  readonly declaredOn: IsoDate;
  /** How it was managed (e.g. "excluded from scoring the cancer lot"); null until decided. */
  readonly managedHow: string | null;
}

/**
 * The declared conflicts with no recorded management.
 *
 * @example unmanagedConflicts([{ id: 'c1', personName: 'A', personRole: 'GP', interest: 'x', declaredOn: '2025-01-01', managedHow: null }]).length // 1
 */
export function unmanagedConflicts(conflicts: readonly ConflictOfInterest[]): ConflictOfInterest[] {
  return conflicts.filter((c) => !c.managedHow || !c.managedHow.trim());
}
