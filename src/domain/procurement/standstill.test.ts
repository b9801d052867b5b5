import { describe, expect, it } from 'vitest';
import { Calendar } from '../calendar/index.ts';
import { PROCUREMENT_ACT_STANDSTILL } from './parameters.ts';
import { awardNoticeDueBy, representationInTime, reviewWait, standstillPeriod } from './standstill.ts';

describe('standstill (PSR reg 12)', () => {
  it('a notice published on Monday 6 January 2025 starts standstill on 7 January; representations close at the end of Friday 17 January', () => {
    const s = standstillPeriod('2025-01-06');
    expect(s.beginsOn).toBe('2025-01-07');
    expect(s.representationsDeadline).toBe('2025-01-17');
    expect(s.earliestAwardOn).toBe('2025-01-18');
  });

  it('runs over Easter: published Thursday 17 April 2025, begins on Good Friday, skips Easter Monday, closes Thursday 1 May', () => {
    // Working days after Fri 18 Apr: (Mon 21 is Easter Monday) 22, 23, 24, 25, 28, 29, 30 Apr, 1 May.
    const s = standstillPeriod('2025-04-17');
    expect(s.beginsOn).toBe('2025-04-18');
    expect(s.representationsDeadline).toBe('2025-05-01');
  });

  it('runs over Christmas: published Friday 19 December 2025, begins Saturday 20th, closes Monday 5 January 2026 (RULES.md pass 3)', () => {
    expect(standstillPeriod('2025-12-19')).toMatchObject({ beginsOn: '2025-12-20', representationsDeadline: '2026-01-05' });
  });

  it('counts the Procurement Act way when configured: eight working days beginning with the publication day', () => {
    // 6, 7, 8, 9, 10, 13, 14, 15 January 2025.
    expect(standstillPeriod('2025-01-06', PROCUREMENT_ACT_STANDSTILL)).toMatchObject({ beginsOn: '2025-01-06', representationsDeadline: '2025-01-15' });
  });

  it('uses the calendar it is given (a one-off holiday moves the deadline a day)', () => {
    const cal = new Calendar({ extraHolidays: [{ date: '2025-01-10', title: 'Hypothetical proclamation' }] });
    expect(standstillPeriod('2025-01-06', undefined, cal).representationsDeadline).toBe('2025-01-20');
  });

  it('accepts representations up to the end of the deadline day and not after', () => {
    const s = standstillPeriod('2025-01-06');
    expect(representationInTime(s, '2025-01-17')).toBe(true);
    expect(representationInTime(s, '2025-01-18')).toBe(false);
    expect(representationInTime(s, '2025-01-05')).toBe(false);
  });

  it('after a review that keeps the decision, waits five working days before the award', () => {
    // Wed 22 Jan 2025 -> 23, 24, 27, 28, 29 Jan.
    expect(reviewWait('2025-01-22')).toMatchObject({ waitEndsOn: '2025-01-29', earliestAwardOn: '2025-01-30' });
    // Over Christmas 2025: Tue 23 Dec -> 24, 29, 30, 31 Dec, 2 Jan.
    expect(reviewWait('2025-12-23').waitEndsOn).toBe('2026-01-02');
  });

  it('DA-A/B award notices fall due 30 calendar days after the award', () => {
    expect(awardNoticeDueBy('2025-01-30', 30)).toBe('2025-03-01');
    expect(awardNoticeDueBy('2024-02-01', 30)).toBe('2024-03-02');
  });

  it('names the field when the date is not a date', () => {
    expect(() => standstillPeriod('6 Jan 2025')).toThrow(/publishedOn/);
  });
});
