import { describe, expect, it } from 'vitest';
import { computeStatement, type StatementAdjustment } from './index.ts';

const M = 100_000_000; // £1m in pence
const BLOCK = { model: 'block', annualValuePence: 161 * M } as const;
const WITHHOLD: StatementAdjustment = { period: '2026-02', ruleId: 'gc9.withhold', description: 'Withheld under CPN-2025-01: milestone M1 missed', amountPence: -26_833_333, reference: 'CPN-2025-01/withhold/2026-02' };
const REPAY: StatementAdjustment = { period: '2026-04', ruleId: 'gc9.withhold_repayment', description: 'Repaid under CPN-2025-01: failure remedied', amountPence: 26_833_333, reference: 'CPN-2025-01/repay/2026-02' };

describe('relationship money on the statement', () => {
  it('shows a withholding as a line in its month, naming its rule and where it came from', () => {
    const s = computeStatement({ year: '2025/26', terms: BLOCK, months: [], adjustments: [WITHHOLD] });
    const line = s.lines.find((l) => l.rule.id === 'gc9.withhold')!;
    expect(line).toEqual({
      period: '2026-02', description: WITHHOLD.description, amountPence: -26_833_333, reference: WITHHOLD.reference,
      rule: { id: 'gc9.withhold', label: expect.stringMatching(/^Contract management \(GC9\)/), source: 'RULES.md §1.2 item 4 [M]' },
    });
    // £161m a year less the withholding, to the penny.
    expect(s.totalPence).toBe(161 * M - 26_833_333);
  });

  it('shows the repayment in the later month it is made; both statements add up to the penny', () => {
    const feb = computeStatement({ year: '2025/26', terms: BLOCK, months: [], adjustments: [WITHHOLD], throughPeriod: '2026-02' });
    const apr = computeStatement({ year: '2026/27', terms: BLOCK, months: [], adjustments: [REPAY], throughPeriod: '2026-04' });
    expect(feb.lines.filter((l) => l.rule.id.startsWith('gc9.')).map((l) => [l.period, l.amountPence])).toEqual([['2026-02', -26_833_333]]);
    expect(apr.lines.filter((l) => l.rule.id.startsWith('gc9.')).map((l) => [l.period, l.amountPence])).toEqual([['2026-04', 26_833_333]]);
    // £161m / 12 is 1,341,666,666 pence with 8 pence over, paid in the first eight months (April to November).
    expect(feb.totalPence).toBe(8 * 1_341_666_667 + 3 * 1_341_666_666 - 26_833_333);
    expect(apr.totalPence).toBe(1_341_666_667 + 26_833_333);
  });

  it('leaves an adjustment after the statement\'s last month for a later statement, and says so', () => {
    const s = computeStatement({ year: '2025/26', terms: BLOCK, months: [], adjustments: [WITHHOLD], throughPeriod: '2026-01' });
    expect(s.lines.some((l) => l.rule.id === 'gc9.withhold')).toBe(false);
    expect(s.notes).toContain('1 relationship adjustment after 2026-01 will appear in a later statement.');
  });

  it('puts adjustments in month order after the payment model\'s lines', () => {
    const s = computeStatement({ year: '2025/26', terms: BLOCK, months: [], adjustments: [{ ...WITHHOLD, period: '2025-06' }, { period: '2025-05', ruleId: 'sanction.per_patient', description: '14 patients waiting over 52 weeks', amountPence: -3_500_000 }] });
    expect(s.lines.slice(12).map((l) => [l.period, l.rule.id])).toEqual([['2025-05', 'sanction.per_patient'], ['2025-06', 'gc9.withhold']]);
  });

  it('refuses an adjustment outside the year, with an unknown rule, or in fractions of a penny, naming the field', () => {
    const bad = (a: Partial<StatementAdjustment>) => () => computeStatement({ year: '2025/26', terms: BLOCK, months: [], adjustments: [{ ...WITHHOLD, ...a } as StatementAdjustment] });
    expect(bad({ period: '2026-04' })).toThrowError(/^adjustments\.0\.period: 2026-04 is not a period of 2025\/26/);
    expect(bad({ ruleId: 'block.monthly' as never })).toThrowError(/^adjustments\.0\.ruleId: 'block\.monthly' is not a rule a statement adjustment may name/);
    expect(bad({ amountPence: -0.5 })).toThrowError(/^adjustments\.0\.amountPence/);
    expect(bad({ description: '' })).toThrowError(/^adjustments\.0\.description/);
  });

  it('refuses CQUIN recorded both in the terms and as an adjustment', () => {
    expect(() => computeStatement({
      year: '2019/20', terms: { ...BLOCK, cquin: { achievementMicros: 1_000_000 } }, months: [],
      adjustments: [{ period: '2019-09', ruleId: 'cquin.withheld', description: 'Q2 shortfall', amountPence: -100 }],
    })).toThrowError(/record CQUIN in the terms or as adjustments, not both/);
  });

  it('counts deductions in the Actual Annual Value that CQUIN is a share of (RULES.md §1.5: after deductions)', () => {
    // 2019/20 CQUIN 1.25%: on £161m less a £1m sanction = £160m, fully achieved, CQUIN is £2m.
    const s = computeStatement({
      year: '2019/20', terms: { ...BLOCK, cquin: { achievementMicros: 1_000_000 } }, months: [],
      adjustments: [{ period: '2019-07', ruleId: 'sanction.per_breach', description: 'Local requirement breached', amountPence: -1 * M }],
    });
    expect(s.lines.find((l) => l.rule.id === 'cquin.earned')!.amountPence).toBe(2 * M);
    expect(s.totalPence).toBe(162 * M);
  });
});
