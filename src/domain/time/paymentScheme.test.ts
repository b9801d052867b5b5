import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { paymentSchemeYear } from './paymentScheme.ts';

describe('payment-scheme year', () => {
  it('is the financial year of the activity date', () => {
    expect(paymentSchemeYear('2025-04-01')).toBe('2025/26');
    expect(paymentSchemeYear('2026-03-31')).toBe('2025/26');
    expect(paymentSchemeYear('2026-04-01')).toBe('2026/27');
  });

  it('names the activityDate field on bad input', () => {
    expect(() => paymentSchemeYear('31/03/2026')).toThrow(/^activityDate: /);
    expect(() => paymentSchemeYear('31/03/2026')).toThrow(ConcordatError);
  });
});
