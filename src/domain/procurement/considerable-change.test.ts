import { describe, expect, it } from 'vitest';
import { considerableChange } from './considerable-change.ts';
import { contractModification } from './modification.ts';
import { psrParametersOn } from './parameters.ts';

/** Whole pounds to pence (integers, so no float creeps into money). */
const pounds = (whole: number) => whole * 100;
const q = (existing: number, proposed: number, authorityDriven = true, materiallyDifferent = false) => ({
  existingLifetimeValuePence: existing, proposedLifetimeValuePence: proposed, authorityDriven, materiallyDifferent,
});

describe('considerable change threshold (reg 6)', () => {
  it('£1.6m to £2.2m, authority-driven, is a considerable change (+£600,000, +37.5%)', () => {
    const r = considerableChange(q(pounds(1_600_000), pounds(2_200_000)));
    expect(r.met).toBe(true);
    expect(r.limb).toBe('authority_driven_value_increase');
    expect(r.increasePence).toBe(60_000_000);
    expect(r.increaseShare).toBe(375_000);
  });

  it('£1.6m to £2.05m is not: +£450,000 is under £500,000', () => {
    const r = considerableChange(q(pounds(1_600_000), pounds(2_050_000)));
    expect(r.met).toBe(false);
    expect(r.tests.find((t) => t.name === 'increase_at_least_amount')?.passed).toBe(false);
    expect(r.tests.find((t) => t.name === 'increase_at_least_share')?.passed).toBe(true); // 28.125%
  });

  it('£4m to £4.6m is not: +£600,000 but only +15%', () => {
    const r = considerableChange(q(pounds(4_000_000), pounds(4_600_000)));
    expect(r.met).toBe(false);
    expect(r.increaseShare).toBe(150_000);
    expect(r.tests.find((t) => t.name === 'increase_at_least_share')?.passed).toBe(false);
  });

  it('£2m to £2.5m meets both limits exactly (at least £500,000 and at least 25%)', () => {
    expect(considerableChange(q(pounds(2_000_000), pounds(2_500_000))).met).toBe(true);
    expect(considerableChange(q(pounds(2_000_000), pounds(2_500_000) - 1)).met).toBe(false);
  });

  it('a value increase the authority did not drive is not a considerable change', () => {
    expect(considerableChange(q(pounds(1_600_000), pounds(2_200_000), false)).met).toBe(false);
  });

  it('materially different arrangements are a considerable change whatever the value', () => {
    const r = considerableChange(q(pounds(4_000_000), pounds(4_000_000), false, true));
    expect(r).toMatchObject({ met: true, limb: 'materially_different' });
  });

  it('takes the 25% as a parameter: at 10% the £4m to £4.6m case is met', () => {
    const base = psrParametersOn('2025-01-01').considerableChange;
    const tenPercent = { ...base, minimumIncreaseShare: { ...base.minimumIncreaseShare, value: 100_000 } };
    expect(considerableChange(q(pounds(4_000_000), pounds(4_600_000)), tenPercent).met).toBe(true);
  });

  it('cites the source and the [M] tag of the 25% limb', () => {
    const share = considerableChange(q(pounds(1_600_000), pounds(2_200_000))).tests.find((t) => t.name === 'increase_at_least_share')!;
    expect(share.source).toMatch(/reg 6/);
    expect(share.source).toMatch(/\[M\]$/);
  });

  it('handles £1bn contracts without losing precision', () => {
    const r = considerableChange(q(pounds(1_000_000_000), pounds(1_250_000_000)));
    expect(r.increaseShare).toBe(250_000);
    expect(r.met).toBe(true);
  });

  it('names each bad field', () => {
    expect(() => considerableChange({ existingLifetimeValuePence: -1, proposedLifetimeValuePence: 1.5, authorityDriven: true, materiallyDifferent: false }))
      .toThrow(/existingLifetimeValuePence.*and 1 more/);
  });
});

describe('contract modification (reg 13)', () => {
  it('permits a +15% change on £4m (under 25%, though over £500,000) and asks for a transparency notice', () => {
    const r = contractModification({ originalLifetimeValuePence: pounds(4_000_000), earlierChangesPence: [], changePence: pounds(600_000), materiallyDifferent: false });
    expect(r).toMatchObject({ permitted: true, ground: 'reg_13_2_de_minimis', cumulativeChangePence: 60_000_000, cumulativeShare: 150_000, transparencyNoticeRequired: true });
  });

  it('permits a small change without a notice', () => {
    const r = contractModification({ originalLifetimeValuePence: pounds(1_000_000), earlierChangesPence: [], changePence: pounds(300_000), materiallyDifferent: false });
    expect(r).toMatchObject({ permitted: true, transparencyNoticeRequired: false });
  });

  it('counts earlier modifications: a third £300,000 rise on £1.6m takes the total to £900,000 (56%) and is refused', () => {
    const r = contractModification({ originalLifetimeValuePence: pounds(1_600_000), earlierChangesPence: [pounds(300_000), pounds(300_000)], changePence: pounds(300_000), materiallyDifferent: false });
    expect(r.permitted).toBe(false);
    expect(r.cumulativeChangePence).toBe(90_000_000);
    expect(r.cumulativeShare).toBe(562_500);
  });

  it('refuses a materially different modification unless another ground is asserted, which is marked unverified', () => {
    const base = { originalLifetimeValuePence: pounds(4_000_000), earlierChangesPence: [], changePence: 0, materiallyDifferent: true };
    expect(contractModification(base).permitted).toBe(false);
    const other = contractModification({ ...base, otherGround: 'reg 13(1)(a): provided for in the original contract' });
    expect(other).toMatchObject({ permitted: true, ground: 'other_ground_asserted' });
    expect(other.reasons[0]).toMatch(/\[M/);
  });
});
