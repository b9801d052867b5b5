/**
 * Money is integer pence everywhere. Floats never carry money; rates and factors are exact
 * integers scaled to millionths ("micros"), and every product of pence and a rate is rounded by
 * the one function below.
 */

/** An amount of money in whole pence (may be negative for refunds and deductions). */
export type Pence = number;

/** A rate or factor scaled by 1,000,000: MFF 1.0461 is 1_046_100; 30% is 300_000. */
export type Micros = number;

export const MICROS_PER_UNIT = 1_000_000;

/** True when `value` is a safe integer number of pence. */
export function isPence(value: unknown): value is Pence {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * The one rounding rule: half away from zero to the nearest penny, for a numerator and a positive
 * integer denominator. For positive values this equals floor((n + d/2) / d), the NHS Payment
 * Scheme worked example's rule (£168 x 1.0461 = £175.74).
 *
 * @example divideRounded(16_800 * 1_046_100, 1_000_000) // 17574
 */
export function divideRounded(numerator: number, denominator: number): Pence {
  if (!Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`denominator must be a positive integer, got ${denominator}`);
  }
  if (Number.isSafeInteger(numerator)) {
    const sign = numerator < 0 ? -1 : 1;
    const abs = Math.abs(numerator);
    const q = Math.floor(abs / denominator);
    const r = abs - q * denominator;
    return sign * (2 * r >= denominator ? q + 1 : q) || 0;
  }
  // Beyond 2^53 the product is not exact in a double: fall back to BigInt.
  const n = BigInt(Math.round(numerator));
  return Number(divideRoundedBig(n, BigInt(denominator)));
}

/**
 * The same rule for an amount the simulator computed in floating point (volume x unit price,
 * pence): half away from zero to a whole penny. {@link divideRounded} is this rule done exactly
 * for an integer numerator and denominator; the two agree wherever both apply (a test checks
 * `roundPence(n / d) === divideRounded(n, d)`), so money has one rounding rule whichever way it was
 * computed. Kept branch-light because the Monte Carlo kernel calls it for every line-month.
 *
 * @example roundPence(1234.5) // 1235
 * @example roundPence(-1234.5) // -1235
 */
export function roundPence(amount: number): Pence {
  return amount < 0 ? -Math.floor(-amount + 0.5) || 0 : Math.floor(amount + 0.5);
}

/** {@link divideRounded} for BigInt inputs (products that can exceed 2^53). */
export function divideRoundedBig(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = abs / denominator;
  const r = abs - q * denominator;
  const rounded = 2n * r >= denominator ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/**
 * pence x micros / 1,000,000, rounded by the one rule. Exact for any safe-integer inputs.
 *
 * @example applyRate(16_800, 1_046_100) // 17574 (£175.74)
 */
export function applyRate(amount: Pence, rate: Micros): Pence {
  const product = amount * rate;
  if (Number.isSafeInteger(product)) return divideRounded(product, MICROS_PER_UNIT);
  return Number(divideRoundedBig(BigInt(amount) * BigInt(rate), BigInt(MICROS_PER_UNIT)));
}

/** Parses a decimal string ("1.0461", "0.3") into exact micros without going through a float. */
export function parseMicros(text: string): Micros {
  const m = /^\s*(-?)(\d+)(?:\.(\d{0,6}))?\s*$/.exec(text);
  if (!m) throw new RangeError(`not a decimal with at most 6 places: "${text}"`);
  const whole = Number(m[2]);
  const frac = Number((m[3] ?? '').padEnd(6, '0'));
  const value = whole * MICROS_PER_UNIT + frac;
  return m[1] === '-' ? -value : value;
}

/**
 * Parses a pounds amount as written by people and spreadsheets ("£1,234.56", "1234", "-12.5")
 * into pence. Refuses more than two decimal places rather than rounding silently.
 */
export function parsePounds(text: string): Pence {
  const cleaned = text.trim().replace(/^£/, '').replace(/,/g, '');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) throw new RangeError(`not an amount in pounds: "${text}"`);
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -value : value;
}

/** £1,234.56 formatting for people; negative amounts as -£1,234.56. */
export function formatPounds(amount: Pence): string {
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const pounds = Math.floor(abs / 100);
  const pence = abs % 100;
  return `${negative ? '-' : ''}£${pounds.toLocaleString('en-GB')}.${String(pence).padStart(2, '0')}`;
}

/**
 * Splits `total` into `parts` integer shares that add up exactly, the remainder going to the
 * earliest shares (used for 1/12 monthly block payments).
 *
 * @example splitEvenly(100, 3) // [34, 33, 33]
 */
export function splitEvenly(total: Pence, parts: number): Pence[] {
  if (!Number.isInteger(parts) || parts <= 0) throw new RangeError('parts must be a positive integer');
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  const base = Math.floor(abs / parts);
  let remainder = abs - base * parts;
  const out: Pence[] = [];
  for (let i = 0; i < parts; i++) {
    out.push(sign * (base + (remainder > 0 ? 1 : 0)) || 0);
    if (remainder > 0) remainder--;
  }
  return out;
}

/**
 * Apportions `total` in proportion to non-negative integer `weights` (pence, activity, micros), so
 * the parts add up to `total` exactly: each part is the floor of its exact share, and the pence
 * left over go one each to the largest remainders (earliest first on a tie). Equal weights give
 * {@link splitEvenly}. All-zero weights split evenly. Exact for any safe-integer inputs (BigInt
 * inside, as pence x weight can pass 2^53).
 *
 * @example apportion(1_000, [1, 1, 1]) // [334, 333, 333]
 * @example apportion(10_000, [70, 30]) // [7_000, 3_000]
 */
export function apportion(total: Pence, weights: readonly number[]): Pence[] {
  if (weights.length === 0) throw new RangeError('apportion needs at least one weight');
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`weights must be non-negative whole numbers, got ${w}`);
  }
  if (!Number.isSafeInteger(total)) throw new RangeError(`total must be whole pence, got ${total}`);
  const sum = weights.reduce((s, w) => s + BigInt(w), 0n);
  if (sum === 0n) return splitEvenly(total, weights.length);
  const sign = total < 0 ? -1n : 1n;
  const abs = BigInt(Math.abs(total));
  const parts = weights.map((w) => (abs * BigInt(w)) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (abs * BigInt(w)) % sum }));
  let left = abs - parts.reduce((s, p) => s + p, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) parts[remainders[k].i] += 1n;
  return parts.map((p) => Number(sign * p) || 0);
}
