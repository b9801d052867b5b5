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

/** Compact money for charts and headlines: £120.4m, £950.0k, £12.00. */
export function moneyShort(pence: number): string {
  const pounds = pence / 100;
  const abs = Math.abs(pounds);
  const sign = pounds < 0 ? '−' : '';
  if (abs >= 1e9) return `${sign}£${(abs / 1e9).toFixed(2)}bn`;
  if (abs >= 1e6) return `${sign}£${(abs / 1e6).toFixed(abs >= 1e8 ? 2 : 1)}m`;
  if (abs >= 1e3) return `${sign}£${(abs / 1e3).toFixed(1)}k`;
  return `${sign}£${abs.toFixed(2)}`;
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

/** Axis ticks: £0, £20m, £1.5bn, £250k (no trailing zeros). */
export function moneyAxis(pence: number): string {
  const pounds = pence / 100;
  const abs = Math.abs(pounds);
  const sign = pounds < 0 ? '−' : '';
  const trim = (n: number) => String(Number(n.toFixed(2)));
  if (abs >= 1e9) return `${sign}£${trim(abs / 1e9)}bn`;
  if (abs >= 1e6) return `${sign}£${trim(abs / 1e6)}m`;
  if (abs >= 1e3) return `${sign}£${trim(abs / 1e3)}k`;
  return `${sign}£${trim(abs)}`;
}
