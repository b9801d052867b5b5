import { describe, expect, it } from 'vitest';
import { countOf, fileSize, money, moneyAxis, moneyShort, parsePercent, parsePounds, percent } from '../../web/src/format.ts';

/** The web app's formatters are pure functions: the figures people read on every page and chart. */
describe('money as the web app shows it', () => {
  it('writes compact money in the largest unit that fits', () => {
    expect(moneyShort(1200)).toBe('£12.00');
    expect(moneyShort(95_000_000)).toBe('£950.0k');
    expect(moneyShort(12_040_000_000)).toBe('£120.40m');
    expect(moneyShort(150_000_000)).toBe('£1.5m');
    expect(moneyShort(380_000_000_000)).toBe('£3.80bn');
    expect(moneyShort(-360_000_00)).toBe('−£360.0k');
  });

  it('rolls over to the next unit when rounding reaches a thousand: £1.0m, never £1000.0k', () => {
    expect(moneyShort(99_996_000)).toBe('£1.0m');
    expect(moneyShort(100_000_000)).toBe('£1.0m');
    expect(moneyShort(99_999)).toBe('£999.99');
    expect(moneyShort(99_999_999_900)).toBe('£1.00bn');
    expect(moneyShort(-99_996_000)).toBe('−£1.0m');
    expect(moneyShort(99_940_000)).toBe('£999.4k');
  });

  it('writes axis ticks without trailing zeros, rolling over the same way', () => {
    expect(moneyAxis(0)).toBe('£0');
    expect(moneyAxis(2_000_000_000)).toBe('£20m');
    expect(moneyAxis(150_000_000_000)).toBe('£1.5bn');
    expect(moneyAxis(25_000_000)).toBe('£250k');
    expect(moneyAxis(99_999_900)).toBe('£1m');
    expect(moneyAxis(-50_000_000)).toBe('−£500k');
  });

  it('never shows a negative sign on nothing', () => {
    expect(moneyShort(-0.4)).toBe('£0.00');
    expect(moneyAxis(-0)).toBe('£0');
  });

  it('keeps full money to the penny and parses pounds typed by people into integer pence', () => {
    expect(money(12_000_000_000)).toBe('£120,000,000.00');
    expect(parsePounds('£1,234.56')).toBe(123_456);
    expect(parsePounds('2.5m')).toBe(250_000_000);
    expect(parsePounds('1.005')).toBeNull();
  });
});

describe('counts', () => {
  it('agree with their noun', () => {
    expect(countOf(1, 'commissioner')).toBe('1 commissioner');
    expect(countOf(2, 'commissioner')).toBe('2 commissioners');
    expect(countOf(0, 'provider')).toBe('0 providers');
    expect(countOf(1, 'entry', 'entries')).toBe('1 entry');
    expect(countOf(1204, 'row')).toBe('1,204 rows');
  });
});

describe('rates and shares', () => {
  it('shows micros as percentages and parses percentages typed by people into micros', () => {
    expect(percent(40_000)).toBe('4%');
    expect(percent(125_000)).toBe('12.5%');
    expect(percent(1_000_000)).toBe('100%');
    expect(parsePercent('4')).toBe(40_000);
    expect(parsePercent('12.5%')).toBe(125_000);
    expect(parsePercent(' 0.0001 ')).toBe(1);
    expect(parsePercent('100')).toBe(1_000_000);
    expect(parsePercent('100.5')).toBeNull();
    expect(parsePercent('-1')).toBeNull();
    expect(parsePercent('0.00001')).toBeNull();
    expect(parsePercent('four')).toBeNull();
    expect(parsePercent('')).toBeNull();
  });

  it('writes file sizes people read', () => {
    expect(fileSize(1)).toBe('1 byte');
    expect(fileSize(812)).toBe('812 bytes');
    expect(fileSize(1234)).toBe('1.2 KB');
    expect(fileSize(20 << 20)).toBe('20.0 MB');
  });
});
