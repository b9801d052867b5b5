/**
 * What is due, by whom, by when, and on what authority: the common shape of a pending step on a
 * contract performance notice or a dispute, so that one "actions due" list can hold them all.
 */

import { englandAndWales, type Calendar } from '../calendar/index.ts';
import type { IsoDate } from '../time/index.ts';
import type { Confidence } from './editions.ts';
import type { Side } from './sides.ts';

/** What a pending step belongs to. */
export interface DueSubject {
  readonly kind: 'contract_performance_notice' | 'gc14_dispute' | 'contract_setting_dispute';
  readonly id: string;
  readonly contractReference: string | null;
  readonly commissionerCode: string;
  readonly providerCode: string;
}

/** A step that is waiting to be taken. */
export interface DueStep {
  readonly subject: DueSubject;
  /** The step's id in its machine, e.g. 'hold_meeting'. */
  readonly step: string;
  /** For people: "hold the contract management meeting". */
  readonly label: string;
  /** Who must act: one side, or both together. */
  readonly mustAct: Side | 'either';
  /** The last day it may be taken on; null when no deadline applies (e.g. remedying a failure). */
  readonly dueDate: IsoDate | null;
  /** How the date was reached: "10 operational days after the notice of 2025-12-19". */
  readonly basis: string;
  /** Where the rule comes from, with its tag. */
  readonly source: string;
  readonly confidence: Confidence;
}

/** A pending step as at a date. */
export interface DueStepAsAt extends DueStep {
  readonly asAt: IsoDate;
  /** 'overdue' once the due date has passed; 'due' on or before it; 'no_deadline' without one. */
  readonly status: 'overdue' | 'due' | 'no_deadline';
  /** Operational days after the due date up to `asAt` (0 unless overdue). */
  readonly operationalDaysOverdue: number;
  /** Operational days from `asAt` to the due date (0 when due today or overdue). */
  readonly operationalDaysLeft: number;
}

/**
 * Pending steps as at a date: "within N operational days of X" ends on the Nth operational day after
 * X, so a step is overdue from the day after its due date (RULES.md §6).
 *
 * @example stepsAsAt([meeting], '2026-01-08')[0].status // 'overdue' (due 2026-01-07)
 */
export function stepsAsAt(steps: readonly DueStep[], asAt: IsoDate, calendar: Calendar = englandAndWales): DueStepAsAt[] {
  return steps.map((s) => {
    if (s.dueDate === null) return { ...s, asAt, status: 'no_deadline', operationalDaysOverdue: 0, operationalDaysLeft: 0 };
    const overdue = asAt > s.dueDate;
    return {
      ...s,
      asAt,
      status: overdue ? 'overdue' : 'due',
      operationalDaysOverdue: overdue ? calendar.operationalDaysBetween(s.dueDate, asAt) : 0,
      operationalDaysLeft: overdue ? 0 : calendar.operationalDaysBetween(asAt, s.dueDate),
    };
  });
}

/**
 * Only the overdue steps, most overdue first.
 *
 * @example overdueSteps(steps, '2026-01-08').map((s) => s.step) // ['hold_meeting']
 */
export function overdueSteps(steps: readonly DueStep[], asAt: IsoDate, calendar: Calendar = englandAndWales): DueStepAsAt[] {
  return stepsAsAt(steps, asAt, calendar)
    .filter((s) => s.status === 'overdue')
    .sort((a, b) => (a.dueDate! < b.dueDate! ? -1 : a.dueDate! > b.dueDate! ? 1 : 0));
}
