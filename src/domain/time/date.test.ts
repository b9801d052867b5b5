import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { dateFromParts, formatIsoDate, isIsoDate, parseIsoDate } from './date.ts';

describe('ISO dates', () => {
  it('round-trips valid dates', () => {
    for (const s of ['2025-01-06', '2024-02-29', '2000-02-29', '1000-01-01', '9999-12-31']) {
      expect(isIsoDate(s)).toBe(true);
      expect(formatIsoDate(parseIsoDate(s))).toBe(s);
    }
  });

  it('rejects malformed and impossible dates with an invalid error naming the field', () => {
    for (const s of ['2025-02-29', '1900-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-1-06', '25-01-06', '2025-01-06T00:00', ' 2025-01-06', '', '0999-12-31']) {
      expect(isIsoDate(s)).toBe(false);
      try {
        parseIsoDate(s, 'noticeDate');
        expect.unreachable(`accepted ${s}`);
      } catch (e) {
        expect(e).toBeInstanceOf(ConcordatError);
        expect((e as ConcordatError).kind).toBe('invalid');
        expect((e as ConcordatError).issues[0]?.path).toEqual(['noticeDate']);
      }
    }
    expect(isIsoDate(20250106)).toBe(false);
    expect(() => parseIsoDate(undefined)).toThrow(ConcordatError);
  });

  it('knows the day of the week', () => {
    expect(parseIsoDate('2025-01-06').getDay()).toBe(1);
  });

  it('builds dates from parts and rejects impossible parts', () => {
    expect(formatIsoDate(dateFromParts(2025, 4, 1))).toBe('2025-04-01');
    expect(() => dateFromParts(2025, 2, 29)).toThrow(ConcordatError);
    expect(() => dateFromParts(2025, 1.5, 1)).toThrow(ConcordatError);
  });
});
