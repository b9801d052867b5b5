import { describe, expect, it } from 'vitest';
import { computeStatement } from '../../payments/index.ts';
import { statementAdjustments } from '../index.ts';
import { ARMS_RACE, ARMS_RACE_BREACH_MONTHS, ARMS_RACE_MONEY, replaySeed, seedRelationship } from './index.ts';

const replayed = replaySeed(ARMS_RACE);

/** Each side's take by financial year, worked out here from the entries' months and signs. */
function byYearBySide(): Map<string, { commissioner: number; provider: number }> {
  const out = new Map<string, { commissioner: number; provider: number }>();
  for (const e of replayed.money) {
    const [y, m] = e.period.split('-').map(Number);
    const start = m >= 4 ? y : y - 1;
    const year = `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
    const row = out.get(year) ?? { commissioner: 0, provider: 0 };
    if (e.amountPence < 0) row.commissioner -= e.amountPence;
    else row.provider += e.amountPence;
    out.set(year, row);
  }
  return out;
}

describe('the arms race: Coastal West Sussex CCG (09G) and Western Sussex Hospitals (RYR), seed 003', () => {
  const record = seedRelationship(ARMS_RACE);

  it('computes the fines from the trust\'s A&E returns, never types them: one per month in breach, at that year\'s rate', () => {
    expect(ARMS_RACE_MONEY.some((e) => e.kind === 'sanction')).toBe(false);
    expect(replayed.breaches.map((b) => b.return.period)).toEqual(ARMS_RACE_BREACH_MONTHS);
    const sanctions = replayed.money.filter((e) => e.kind === 'sanction');
    expect(sanctions.map((e) => [e.period, e.amountPence])).toEqual([
      ['2013-09', -20_000_000], ['2014-01', -20_000_000],
      ['2014-07', -30_000_000], ['2014-12', -30_000_000], ['2015-02', -30_000_000],
      ['2015-06', -40_000_000], ['2015-11', -40_000_000], ['2015-12', -40_000_000], ['2016-01', -40_000_000],
    ]);
  });

  it('shows sanctions and provider charges both growing year on year', () => {
    const expected = byYearBySide();
    expect(record.moneyByYear.map((y) => [y.year, y.commissioner.netPence, y.provider.netPence])).toEqual([...expected.entries()].sort().map(([y, v]) => [y, v.commissioner, v.provider]));
    const years = record.moneyByYear;
    for (let i = 1; i < years.length; i++) {
      expect(years[i].commissioner.netPence).toBeGreaterThan(years[i - 1].commissioner.netPence);
      expect(years[i].provider.netPence).toBeGreaterThan(years[i - 1].provider.netPence);
    }
    expect(record.armsRace).toMatchObject({ escalating: true, years: 2 });
    expect(record.health.factors.find((f) => f.id === 'arms_race')).toMatchObject({ count: 1, points: 2, evidence: ['2013/14 to 2014/15, 2014/15 to 2015/16'] });
  });

  it('breaks the money down by kind on each side', () => {
    const last = record.moneyByYear.at(-1)!;
    // Four months at £0.4m of fines and £1.5m of CQUIN shortfall in 2015/16.
    expect(last.commissioner.byKind).toEqual({ sanction: -160_000_000, cquin_shortfall: -150_000_000 });
    expect(Object.keys(last.provider.byKind).sort()).toEqual(['challenge', 'charge_outside_contract', 'counting_coding_query']);
  });

  it('puts each year\'s entries on that year\'s statement as lines naming their rules, and the statement adds up', () => {
    for (const c of ARMS_RACE.contracts) {
      const year = c.startDate.slice(0, 4) + '/' + String((Number(c.startDate.slice(0, 4)) + 1) % 100).padStart(2, '0');
      const mine = replayed.money.filter((e) => e.contractReference === c.reference);
      const s = computeStatement({ year, terms: { model: 'block', annualValuePence: c.valuePence }, months: [], adjustments: statementAdjustments(replayed.money, c.reference, year) });
      expect(s.totalPence).toBe(c.valuePence + mine.reduce((t, e) => t + e.amountPence, 0));
      expect(s.lines.filter((l) => l.reference).map((l) => l.reference).sort()).toEqual(mine.map((e) => e.id).sort());
      expect(s.lines.reduce((t, l) => t + l.amountPence, 0)).toBe(s.totalPence);
    }
  });

  it('reads as "watch", with the coding dispute overdue to conclude its negotiation', () => {
    expect(record.health.band).toBe('watch');
    expect(record.overdue.map((s) => [s.subject.id, s.step, s.dueDate])).toEqual([['WSX-GC14-2016-01', 'conclude_negotiation', '2016-03-22']]);
  });
});
