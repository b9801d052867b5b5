/**
 * Identifiers Concordat publishes in OCDS.
 *
 * ocid: `<prefix>-<procurement id>`. An ocid prefix is registered with the Open Contracting
 * Partnership ("ocds-" and six characters); Concordat has not registered one, so `ocds-cncdat` is a
 * placeholder to replace by configuration once a prefix is registered. The procurement id never
 * changes, so the ocid is stable across re-publication.
 *
 * Parties: ODS codes use the org-id scheme GB-NHS (party id `GB-NHS-RJE`). Local authorities, keyed
 * in the registry by their 9-character ONS (GSS) code, use `GB-ONS` [M: not checked against the
 * org-id register]. Organisations with only an illustrative demo code ("Z...") have no identifier
 * scheme and a party id `concordat-<code>`.
 */

import { invalid } from '../errors.ts';
import { isPence, type Pence } from '../money.ts';
import type { JsonObject } from './json.ts';

/** Placeholder ocid prefix (not registered with the Open Contracting Partnership). */
export const DEFAULT_OCID_PREFIX = 'ocds-cncdat';

const PREFIX = /^ocds-[a-z0-9]{6}$/;

/**
 * The ocid of a procurement.
 *
 * @example ocidFor('staffs-cancer-2025') // 'ocds-cncdat-staffs-cancer-2025'
 */
export function ocidFor(procurementId: string, prefix: string = DEFAULT_OCID_PREFIX): string {
  if (!PREFIX.test(prefix)) throw invalid('prefix', `an ocid prefix is "ocds-" and six lower-case letters or digits, got "${prefix}"`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(procurementId)) throw invalid('procurementId', `"${procurementId}" cannot be part of an ocid`);
  return `${prefix}-${procurementId}`;
}

const ONS = /^[EW]\d{8}$/;
const ILLUSTRATIVE = /^Z[A-Z0-9]{2,5}$/;

/**
 * The identifier scheme of a registry code: GB-NHS for ODS codes, GB-ONS for local authorities'
 * GSS codes, none for the demo's illustrative Z codes.
 *
 * @example schemeOf('RJE') // 'GB-NHS'
 */
export function schemeOf(code: string): 'GB-NHS' | 'GB-ONS' | null {
  if (ONS.test(code)) return 'GB-ONS';
  if (ILLUSTRATIVE.test(code)) return null;
  return 'GB-NHS';
}

/**
 * The OCDS party id of a registry organisation.
 *
 * @example partyId('05V') // 'GB-NHS-05V'
 */
export function partyId(code: string): string {
  const scheme = schemeOf(code);
  return scheme ? `${scheme}-${code}` : `concordat-${code}`;
}

/**
 * An OCDS Value in pounds sterling from pence (amounts in OCDS are decimal currency units).
 *
 * @example valueFromPence(120_000_000_000) // { amount: 1200000000, currency: 'GBP' }
 */
export function valueFromPence(pence: Pence): JsonObject {
  if (!isPence(pence)) throw invalid('pence', 'must be a whole number of pence');
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  // Through the decimal text, so 10 pence is exactly 0.1 and not 0.1 computed in binary.
  return { amount: Number(`${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`), currency: 'GBP' };
}

/**
 * Pence from an OCDS amount in pounds, rounding half away from zero beyond two decimals (the one
 * rounding rule of money.ts, applied to the decimal text so no float error creeps in). Null for a
 * value that is not a finite number.
 *
 * @example penceFromAmount(104796) // 10479600
 * @example penceFromAmount(12.345) // 1235
 */
export function penceFromAmount(amount: unknown): Pence | null {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return null;
  const text = amount.toFixed(6);
  const m = /^(-?)(\d+)\.(\d{2})(\d)/.exec(text);
  if (!m) return null;
  const whole = Number(m[2]) * 100 + Number(m[3]) + (Number(m[4]) >= 5 ? 1 : 0);
  if (!Number.isSafeInteger(whole)) return null;
  return m[1] === '-' ? -whole : whole;
}

function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0)); // day 0 of the next month: the month's last day
  return last.getUTCDate() - last.getUTCDay();
}

/**
 * The UK's offset from UTC on a calendar date: +01:00 in British Summer Time (from the last Sunday
 * of March to the day before the last Sunday of October), otherwise Z. A date-time at the start or
 * end of a UK day must carry it, or "midnight at the end of" a summer day would be an hour out.
 */
export function ukOffset(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const afterStart = m > 3 || (m === 3 && d >= lastSunday(y, 3));
  const beforeEnd = m < 10 || (m === 10 && d < lastSunday(y, 10));
  return afterStart && beforeEnd ? '+01:00' : 'Z';
}

/**
 * An ISO date as an OCDS date-time at the start of that UK day.
 *
 * @example dateTime('2025-01-06') // '2025-01-06T00:00:00Z'
 * @example dateTime('2025-05-01') // '2025-05-01T00:00:00+01:00'
 */
export function dateTime(date: string): string {
  return `${date}T00:00:00${ukOffset(date)}`;
}

/**
 * An ISO date as an OCDS date-time at the end of that UK day, for "until midnight at the end of".
 *
 * @example endOfDay('2025-01-17') // '2025-01-17T23:59:59Z'
 */
export function endOfDay(date: string): string {
  return `${date}T23:59:59${ukOffset(date)}`;
}
