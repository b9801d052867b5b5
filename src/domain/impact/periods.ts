/**
 * Month arithmetic for projections: a projection runs month 0 (the start period) to
 * horizonMonths - 1. Kept local and dependency-free so simulation workers start fast.
 */

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriodText(value: unknown): value is string {
  return typeof value === 'string' && PERIOD.test(value);
}

/** Months from `start` to `period` (negative when before). */
export function monthIndex(start: string, period: string): number {
  const ys = Number(start.slice(0, 4));
  const ms = Number(start.slice(5, 7));
  const yp = Number(period.slice(0, 4));
  const mp = Number(period.slice(5, 7));
  return (yp - ys) * 12 + (mp - ms);
}

/** The period `months` after `start`. */
export function addMonthsToPeriod(start: string, months: number): string {
  const total = Number(start.slice(0, 4)) * 12 + (Number(start.slice(5, 7)) - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}

/** The list of periods of a projection. */
export function projectionPeriods(start: string, horizonMonths: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < horizonMonths; i++) out.push(addMonthsToPeriod(start, i));
  return out;
}
