/**
 * Reading single cells of published tariff tables. Each reader returns the value, null for "no
 * price" ('' or '-'), or throws a RangeError whose message becomes the row's rejection reason.
 */

import { type Micros, type Pence, MICROS_PER_UNIT, parseMicros, parsePounds } from '../money.ts';

/** '' and '-' (and the en dash some workbooks use) mean "no price" in Annex A. */
export function isBlankCell(text: string | undefined): boolean {
  if (text === undefined) return true;
  const t = text.trim();
  return t === '' || t === '-' || t === '\u2013' || t === '\u2014';
}

/** Pounds with optional pence and thousands separators ('13,900', '£1,304.50') to pence. */
export function readPounds(text: string | undefined): Pence | null {
  if (isBlankCell(text)) return null;
  const pence = parsePounds(text!);
  if (pence < 0) throw new RangeError(`negative price "${text}"`);
  return pence;
}

/** Whole pence as written in the benchmark CSVs ('123456'). */
export function readWholePence(text: string | undefined): Pence | null {
  if (isBlankCell(text)) return null;
  const t = text!.trim();
  if (!/^\d+$/.test(t)) throw new RangeError(`not a whole number of pence: "${text}"`);
  const v = Number(t);
  if (!Number.isSafeInteger(v)) throw new RangeError(`too large: "${text}"`);
  return v;
}

/** A whole number of days ('10', '1,234' or '10.0' as spreadsheets sometimes write it). */
export function readDays(text: string | undefined): number | null {
  if (isBlankCell(text)) return null;
  const t = text!.trim().replace(/,/g, '');
  const m = /^(\d+)(?:\.0*)?$/.exec(t);
  if (!m) throw new RangeError(`not a whole number of days: "${text}"`);
  return Number(m[1]);
}

/** 'Yes'/'Y'/'True'/'1' or 'No'/'N'/'False'/'0'; blank or '-' is no. */
export function readFlag(text: string | undefined): boolean {
  if (isBlankCell(text)) return false;
  const t = text!.trim().toLowerCase();
  if (t === 'yes' || t === 'y' || t === 'true' || t === '1') return true;
  if (t === 'no' || t === 'n' || t === 'false' || t === '0') return false;
  throw new RangeError(`expected Yes or No, got "${text}"`);
}

/**
 * A percentage to micros of one. '50%' and '50' are 50% (500_000); a bare number of at most 1
 * ('0.5') is read as a fraction, as a spreadsheet percentage cell stores it.
 */
export function readPercent(text: string | undefined): Micros | null {
  if (isBlankCell(text)) return null;
  const t = text!.trim();
  const hasSign = t.endsWith('%');
  const body = hasSign ? t.slice(0, -1).trim() : t;
  let value: Micros;
  try {
    value = parseMicros(body);
  } catch {
    throw new RangeError(`not a percentage: "${text}"`);
  }
  if (value < 0) throw new RangeError(`negative percentage "${text}"`);
  const asFraction = !hasSign && value <= MICROS_PER_UNIT;
  if (asFraction) return value;
  if (value % 100 !== 0) throw new RangeError(`percentage has too many decimal places: "${text}"`);
  const micros = value / 100;
  if (micros > MICROS_PER_UNIT) throw new RangeError(`percentage above 100%: "${text}"`);
  return micros;
}

/** Normalises a column heading for matching: case, runs of white space, non-breaking spaces. */
export function normaliseHeading(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim().toLowerCase();
}
