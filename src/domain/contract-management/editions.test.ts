import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { editionInForce, relationshipRules, STANDARD_CONTRACT_EDITIONS, type Sourced } from './index.ts';

function sourced(group: object): [string, Sourced<unknown>][] {
  return Object.entries(group) as [string, Sourced<unknown>][];
}

describe('Standard Contract editions', () => {
  it('give every rule a source and a RULES.md confidence tag', () => {
    for (const e of STANDARD_CONTRACT_EDITIONS) {
      for (const [key, r] of [...sourced(e.gc9), ...sourced(e.gc14), ...sourced(e.contractSetting)]) {
        expect(r.source, `${e.edition} ${key}`).toMatch(/RULES\.md §1\.[23]/);
        expect(['S', 'S2', 'M'], `${e.edition} ${key}`).toContain(r.confidence);
      }
    }
  });

  it('mark the unverified GC9 numbers [M] and the sourced GC14 negotiation period [S2]', () => {
    const r = relationshipRules('2019/20');
    expect(r.gc9.meetingOperationalDays).toMatchObject({ value: 10, confidence: 'M' });
    expect(r.gc9.rapAgreementOperationalDays).toMatchObject({ value: 5, confidence: 'M' });
    expect(r.gc9.withholdingCapMicros).toMatchObject({ value: 20_000, confidence: 'M' });
    expect(r.gc9.retentionAfterMonths).toMatchObject({ value: 3, confidence: 'M' });
    expect(r.gc14.negotiationOperationalDays).toMatchObject({ value: 15, confidence: 'S2' });
    expect(r.gc9.withholdOnFailureToAgreeRap).toMatchObject({ value: true, confidence: 'S2' });
    expect(r.contractSetting.agreementDeadline).toMatchObject({ value: '03-01', confidence: 'S2' });
  });

  it('let only the commissioner issue a notice in 2013/14, either party later', () => {
    expect(relationshipRules('2013/14').gc9.cpnIssuers.value).toBe('commissioner');
    expect(relationshipRules('2025/26').gc9.cpnIssuers.value).toBe('either');
  });

  it('pick the edition in force on a date', () => {
    expect(editionInForce('2013-04-01').edition).toBe('2013/14');
    expect(editionInForce('2019-03-31').edition).toBe('2013/14');
    expect(editionInForce('2019-04-01').edition).toBe('2019/20');
    expect(editionInForce('2025-12-19').edition).toBe('2025/26');
    expect(() => editionInForce('2012-06-01')).toThrowError(/no Standard Contract edition is known for 2012-06-01/);
  });

  it('carry the latest earlier edition\'s values forward to an edition with none of its own, saying so', () => {
    const r = relationshipRules('2014/15');
    expect(r).toMatchObject({ edition: '2014/15', rulesFrom: '2013/14', effectiveFrom: '2014-04-01' });
    expect(r.gc9.meetingOperationalDays.value).toBe(10);
    expect(r.gc9.meetingOperationalDays.source).toMatch(/\(the 2013\/14 edition's value, carried forward to 2014\/15\)$/);
    expect(relationshipRules('2019/20').gc9.meetingOperationalDays.source).not.toMatch(/carried forward/);
    expect(relationshipRules('2021/22').rulesFrom).toBe('2019/20');
  });

  it('refuse a malformed edition or one before the first Concordat knows', () => {
    expect(() => relationshipRules('2014/16')).toThrowError(/must be a Standard Contract edition like '2025\/26', got '2014\/16'/);
    expect(() => relationshipRules('2012/13')).toThrowError(/no Standard Contract edition is known for 2012-04-01/);
  });
});

describe('per-contract overrides', () => {
  it('replace the value and show the reason and the edition default as the source', () => {
    const r = relationshipRules('2025/26', { gc9: { withholdingCapMicros: { value: 10_000, reason: 'Local variation agreed in schedule 4: 1%' } } });
    expect(r.gc9.withholdingCapMicros.value).toBe(10_000);
    expect(r.gc9.withholdingCapMicros.confidence).toBe('contract');
    expect(r.gc9.withholdingCapMicros.source).toMatch(/^Contract override: Local variation agreed in schedule 4: 1% \(edition 2025\/26: 20000, RULES\.md §1\.2 item 4 \[M\]/);
    expect(r.overridden).toEqual(['gc9.withholdingCapMicros']);
    // The edition itself is untouched.
    expect(relationshipRules('2025/26').gc9.withholdingCapMicros.value).toBe(20_000);
  });

  it('set a deadline the edition leaves open', () => {
    const r = relationshipRules('2013/14', { contractSetting: { agreementDeadline: { value: '02-28', reason: 'TDA timetable letter' } } });
    expect(r.contractSetting.agreementDeadline.value).toBe('02-28');
  });

  it('refuse a value of the wrong kind, an unknown rule, or no reason, naming the field', () => {
    const bad = (o: unknown) => () => relationshipRules('2025/26', o as never);
    expect(bad({ gc9: { meetingOperationalDays: { value: -1, reason: 'x' } } })).toThrowError(/overrides\.gc9\.meetingOperationalDays\.value: must be a whole number 0 or more/);
    expect(bad({ gc9: { withholdingCapMicros: { value: 2_000_000, reason: 'x' } } })).toThrowError(/at most 1,000,000/);
    expect(bad({ gc9: { meetingDays: { value: 5, reason: 'x' } } })).toThrowError(/overrides\.gc9\.meetingDays: is not a gc9 rule/);
    expect(bad({ gc14: { negotiationOperationalDays: { value: 10, reason: ' ' } } })).toThrowError(/reason: say why/);
    expect(bad({ gc9: { cpnIssuers: { value: 'regulator', reason: 'x' } } })).toThrowError(/'commissioner' or 'either'/);
    try {
      bad({ gc9: { meetingOperationalDays: { value: 1.5, reason: 'x' } } })();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConcordatError);
      expect((e as ConcordatError).issues[0].path).toEqual(['overrides', 'gc9', 'meetingOperationalDays', 'value']);
    }
  });
});
