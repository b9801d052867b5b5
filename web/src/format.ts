// Display helpers. Money is integer pence throughout the API.

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** £1,234,567.89 */
export function money(pence: number): string {
  return gbp.format(pence / 100);
}

/** A signed change: +£360,000.00, −£3,000,000.00, £0.00 */
export function moneyChange(pence: number): string {
  if (pence > 0) return `+${money(pence)}`;
  if (pence < 0) return `−${money(-pence)}`;
  return money(0);
}

interface Unit {
  readonly size: number;
  readonly suffix: string;
  /** Decimal places for an amount (in pounds) shown in this unit. */
  readonly places: (pounds: number) => number;
}

/**
 * Writes pounds in the largest unit that fits, rolling over to the next unit when rounding reaches
 * 1,000 of this one (£999,960 is £1.0m, never £1000.0k).
 */
function scaledPounds(pence: number, units: readonly Unit[], text: (value: number, places: number) => string): string {
  const pounds = pence / 100;
  const abs = Math.abs(pounds);
  let i = 0;
  while (i + 1 < units.length && abs >= units[i + 1]!.size) i++;
  for (; ; i++) {
    const u = units[i]!;
    const places = u.places(abs);
    const value = Number((abs / u.size).toFixed(places));
    if (value < 1000 || i === units.length - 1) {
      // A negative amount that rounds to nothing is shown as nothing, not as −£0.
      const sign = pounds < 0 && value > 0 ? '−' : '';
      return `${sign}£${text(value, places)}${u.suffix}`;
    }
  }
}

const SHORT_UNITS: readonly Unit[] = [
  { size: 1, suffix: '', places: () => 2 },
  { size: 1e3, suffix: 'k', places: () => 1 },
  { size: 1e6, suffix: 'm', places: (abs) => (abs >= 1e8 ? 2 : 1) },
  { size: 1e9, suffix: 'bn', places: () => 2 },
];

/** Compact money for charts and headlines: £120.40m, £950.0k, £1.0m (not £1000.0k), £12.00. */
export function moneyShort(pence: number): string {
  return scaledPounds(pence, SHORT_UNITS, (v, places) => v.toFixed(places));
}

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

/** 2014-10-01 -> 1 Oct 2014 */
export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}

/** Today as YYYY-MM-DD in local time. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const LABELS: Record<string, string> = {
  standard_block: 'NHS Standard Contract (block)',
  standard_activity: 'NHS Standard Contract (activity-based)',
  standard_api: 'NHS Standard Contract (aligned payment and incentive)',
  prime_contractor: 'Prime contractor',
  subcontract: 'Subcontract',
  alliance: 'Alliance',
  integrated_care_provider: 'Integrated care provider',
  outcomes_based: 'Outcomes-based',
  pooled_budget: 'Pooled budget',
  coordinating_commissioner: 'Co-ordinating commissioner',
  associate_commissioner: 'Associate commissioner',
  provider: 'Provider',
  icb: 'Integrated care board',
  sub_icb_location: 'Sub-ICB location',
  ccg: 'Clinical commissioning group',
  nhs_england: 'NHS England',
  nhs_england_region: 'NHS England region',
  commissioning_hub: 'Commissioning hub',
  local_authority: 'Local authority',
  nhs_trust: 'NHS trust',
  foundation_trust: 'NHS foundation trust',
  independent_provider: 'Independent provider',
  voluntary_provider: 'Voluntary provider',
  gp_practice: 'GP practice',
  nhs: 'NHS',
  independent: 'Independent',
  voluntary: 'Voluntary',
  local_government: 'Local government',
  commissioner: 'Commissioner',
  system: 'System (reads everything)',
  admin: 'Administrator',
  draft: 'Draft',
  agreed: 'Agreed',
  live: 'Live',
  expired: 'Expired',
  terminated: 'Terminated',
  acquisition: 'Acquisition',
  merger: 'Merger',
  // Who by law commissions a service
  nhs_england_specialised: 'NHS England (specialised commissioning)',
  nhs_england_direct: 'NHS England (direct commissioning)',
  // Why an activity row was rejected
  column_count: 'Wrong number of columns',
  missing_field: 'Missing field',
  unknown_provider: 'Unknown provider',
  bad_period: 'Bad period',
  unknown_pod: 'Unknown point of delivery',
  unknown_hrg: 'Unknown HRG',
  unknown_tfc: 'Unknown treatment function',
  bad_number: 'Not a number',
  truncated_line: 'Truncated line',
  line_too_long: 'Line too long',
  not_contract_party: 'Not a party to the contract',
  wrong_period: 'Another period',
  no_price: 'No price in the tariff',
  no_mff: 'No market forces factor for the provider',
};

/** A readable label for an enum value from the API (unknown values are de-snake-cased). */
export function label(value: string | null | undefined): string {
  if (!value) return '—';
  return LABELS[value] ?? value.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Parse "£1,234.56", "-360000", "1.5m" style input into integer pence; null when not a number. */
export function parsePounds(input: string): number | null {
  const s = input.trim().replace(/[£,\s]/g, '').replace(/^−/, '-');
  if (s === '') return null;
  const m = /^([+-]?)(\d+(?:\.\d+)?|\.\d+)(k|m|bn)?$/i.exec(s);
  if (!m) return null;
  const suffix = (m[3] ?? '').toLowerCase() as '' | 'k' | 'm' | 'bn';
  // Without a multiplier, more than two decimal places would be fractions of a penny.
  if (suffix === '' && /\.\d{3,}$/.test(m[2])) return null;
  const mult = suffix === '' ? 1 : { k: 1e3, m: 1e6, bn: 1e9 }[suffix];
  const pounds = Number(m[2]) * mult;
  const pence = Math.round(pounds * 100);
  if (!Number.isSafeInteger(pence)) return null;
  return m[1] === '-' ? -pence : pence;
}

const AXIS_UNITS: readonly Unit[] = [
  { size: 1, suffix: '', places: () => 2 },
  { size: 1e3, suffix: 'k', places: () => 2 },
  { size: 1e6, suffix: 'm', places: () => 2 },
  { size: 1e9, suffix: 'bn', places: () => 2 },
];

/** Axis ticks: £0, £20m, £1.5bn, £250k, £1m (not £1000k); no trailing zeros. */
export function moneyAxis(pence: number): string {
  return scaledPounds(pence, AXIS_UNITS, (v) => String(v));
}

/**
 * A count with its noun agreeing: "1 commissioner", "2 commissioners", "1,204 rows".
 *
 * @example countOf(1, 'commissioner') // '1 commissioner'
 * @example countOf(3, 'entry', 'entries') // '3 entries'
 */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? singular : plural}`;
}

/** Micros (millionths, as the payment engine keeps rates and shares) as a percentage: 40000 -> "4%", 125000 -> "12.5%". */
export function percent(micros: number): string {
  return `${Number((micros / 10_000).toFixed(4))}%`;
}

/**
 * Parse a percentage typed by people ("4", "12.5%", "0.25") into micros (4% is 40000); null when it
 * is not a number from 0 to 100 with at most four decimal places (a micro is 0.0001%).
 */
export function parsePercent(input: string): number | null {
  const s = input.trim().replace(/%$/, '').trim();
  if (!/^\d+(?:\.\d{1,4})?$|^\.\d{1,4}$/.test(s)) return null;
  const n = Number(s);
  if (!(n >= 0 && n <= 100)) return null;
  return Math.round(n * 10_000);
}

/** A file's size as the API's limits count it (1 MB = 1,048,576 bytes): 812 bytes, 1.2 KB, 20.0 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return countOf(bytes, 'byte');
  if (bytes < 1 << 20) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1 << 20)).toFixed(1)} MB`;
}
