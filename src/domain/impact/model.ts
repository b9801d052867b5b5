/**
 * Compiles an economy and a scenario's levers into flat typed arrays the projection kernel runs
 * over. Lines are indexed 0..L-1 (provider order, then each provider's lines, then lines created
 * by levers for receivers that had no such line); month-by-line arrays are laid out m * L + l.
 *
 * The line set depends on every lever in the scenario, so the baseline (no levers), the bridge
 * (the first k levers) and the scenario itself all share one layout and can be compared line by
 * line.
 */

import { invalidMany, type Issue } from '../errors.ts';
import { applyRate, divideRounded, roundPence } from '../money.ts';
import type { Lever, Scenario } from './scenario.ts';
import { addMonthsToPeriod } from './periods.ts';
import type { Economy, ServiceLine } from './types.ts';

export interface LineMeta {
  readonly provider: string;
  readonly providerIndex: number;
  readonly service: string;
  /** Created by a lever (a receiver with no such line before). */
  readonly created: boolean;
  /** Commissioner mix of the line's income: codes and micros summing to 1,000,000. */
  readonly mix: readonly { commissioner: string; share: number }[];
}

export interface MoveEffect {
  readonly lever: number;
  readonly src: number;
  readonly dst: number;
  /** Share of the source's volume moved each month (0..1). */
  readonly share: Float64Array;
}

/** Kinds of activity flow the kernel reports to a {@link FlowSink}. */
export const FLOW_CLOSURE = 0;
export const FLOW_MOVE = 1;
export const FLOW_REDIRECT = 2;

export interface ReferralEffect {
  readonly lever: number;
  readonly line: number;
  /** Change at full effect (-0.3 = a 30% fall). */
  readonly change: number;
  /** Phase (0..1) each month. */
  readonly phase: Float64Array;
  /** Line receiving lost referrals, or -1. */
  readonly redirect: number;
}

export interface MergerEffect {
  readonly lever: number;
  readonly month: number;
  readonly acquired: number;
  readonly acquirer: number;
}

export interface Dep {
  readonly dependent: number;
  readonly supporting: number;
  /** Monthly cap: share x the dependent line's monthly fixed cost (pence). */
  readonly capM: number;
}

export interface CompiledModel {
  readonly M: number;
  readonly P: number;
  readonly L: number;
  readonly W: number;
  readonly start: string;
  readonly periods: readonly string[];
  readonly providerCodes: readonly string[];
  readonly providerNames: readonly string[];
  readonly providerIllustrative: readonly boolean[];
  /** Opening cash, or NaN when not modelled. */
  readonly providerCash: Float64Array;
  readonly lines: readonly LineMeta[];
  readonly lineProvider: Int32Array;
  readonly baseVolM: Float64Array;
  readonly unitPrice: Float64Array;
  readonly unitVar: Float64Array;
  readonly stepVolA: Float64Array;
  readonly stepCostA: Float64Array;
  readonly fixedM: Float64Array;
  readonly minVolM: Float64Array;
  /** Annual loss above which the line fails; NaN = no financial test. */
  readonly maxLoss: Float64Array;
  /** Lines with a financial test (maxLoss set). */
  readonly finLines: Int32Array;
  /** The line's monthly result at the start (no levers), to seed the trailing 12 months. */
  readonly baseMonthResult: Float64Array;
  readonly wfFirst: Int32Array;
  readonly wfHead: Float64Array;
  readonly wfCostM: Float64Array;
  readonly wfMin: Float64Array;
  readonly wfGroup: readonly string[];
  /** Staff who have left by month m (m * W + w), from staffLeaving levers. */
  readonly leavers: Float64Array;
  readonly nnFirst: Int32Array;
  readonly nnLines: Int32Array;
  /** Number of financial-year starts (Aprils) passed by month m, for annual price changes. */
  readonly aprilsPassed: Int32Array;
  /** Price factor from priceChange levers (m * L + l). */
  readonly priceFactor: Float64Array;
  /** Fixed (and pay) cost moving with transferred activity (m * L + l): minus at the source, plus at the receiver. */
  readonly fixedAdj: Float64Array;
  /** 1 where a line has any fixed-cost transfer / income floor / price change in some month (so the kernel can skip the month-by-line arrays). */
  readonly lineHasAdj: Uint8Array;
  readonly lineHasFloor: Uint8Array;
  readonly lineHasPrice: Uint8Array;
  /** Monthly income floor from minimum income guarantees (m * L + l); 0 = none. */
  readonly floorM: Float64Array;
  readonly moves: readonly MoveEffect[];
  /** Sum of move shares out of each line each month (m * L + l), for scaling when over 1. */
  readonly moveOutTotal: Float64Array;
  readonly referrals: readonly ReferralEffect[];
  readonly mergers: readonly MergerEffect[];
  readonly deps: readonly Dep[];
  /** Indices of the levers whose effects are in this model. */
  readonly activeLevers: readonly number[];
}


function phaseAt(phase: readonly number[], k: number): number {
  if (k < 0) return 0;
  return (k < phase.length ? phase[k] : phase[phase.length - 1]) / 1_000_000;
}

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 12_742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Patients of a closed service are not assumed to travel further than this to the "nearest"
 * provider found by location: beyond it, a closure's activity is unmet rather than sent to another
 * health economy (a trust 150 km away is not where Bedford's trauma patients go). Entered nearest
 * providers are taken as entered, at any distance.
 */
export const NEAREST_PROVIDER_MAX_KM = 80;

/** A line as {@link nearestLines} sees it. */
export interface NearestCandidate {
  readonly provider: string;
  readonly service: string;
  /** Entered nearest providers, nearest first (these win over location). */
  readonly explicit?: readonly string[];
  readonly location?: { readonly lat: number; readonly lon: number };
}

/**
 * For each line, the lines its patients go to if it closes, nearest first: the entered nearest
 * providers' lines of the same service, else up to three lines of the same service at other
 * providers within {@link NEAREST_PROVIDER_MAX_KM}, by distance (ties by order). Shared by the
 * model and the scenario scope, so both agree on who is connected to whom.
 */
export function nearestLines(lines: readonly NearestCandidate[]): number[][] {
  const index = new Map<string, number>();
  lines.forEach((x, i) => index.set(`${x.provider}\u0000${x.service}`, i));
  return lines.map((d, l) => {
    if (d.explicit) {
      const out: number[] = [];
      for (const code of d.explicit) {
        const t = index.get(`${code}\u0000${d.service}`);
        if (t !== undefined && t !== l) out.push(t);
      }
      return out;
    }
    if (!d.location) return [];
    const cands: { l: number; km: number }[] = [];
    lines.forEach((o, ol) => {
      if (ol === l || o.service !== d.service || o.provider === d.provider || !o.location) return;
      const km = distanceKm(d.location!, o.location);
      if (km <= NEAREST_PROVIDER_MAX_KM) cands.push({ l: ol, km });
    });
    cands.sort((a, b) => a.km - b.km || a.l - b.l);
    return cands.slice(0, 3).map((c) => c.l);
  });
}

function annualIncome(line: ServiceLine): number {
  let s = 0;
  for (const i of line.income) s += i.annualIncome;
  return s;
}

/** Checks an economy's internal references; throws ConcordatError('invalid') naming each problem. */
export function checkEconomy(economy: Economy): void {
  const issues: Issue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });
  const commissioners = new Set(economy.commissioners.map((c) => c.code));
  const providers = new Map(economy.providers.map((p) => [p.code, p]));
  if (providers.size !== economy.providers.length) add(['providers'], 'provider codes must be unique');
  economy.providers.forEach((p, i) => {
    const seen = new Set<string>();
    p.serviceLines.forEach((l, j) => {
      const at = ['providers', i, 'serviceLines', j];
      if (seen.has(l.service)) add([...at, 'service'], `duplicate service line ${l.service} at ${p.code}`);
      seen.add(l.service);
      l.income.forEach((inc, k) => {
        if (!commissioners.has(inc.commissioner)) add([...at, 'income', k, 'commissioner'], `unknown commissioner "${inc.commissioner}"`);
        if (!Number.isSafeInteger(inc.annualIncome) || inc.annualIncome < 0) add([...at, 'income', k, 'annualIncome'], 'must be whole non-negative pence');
      });
      if (!(l.annualActivity > 0)) add([...at, 'annualActivity'], 'must be positive');
      if (l.variableCostShare < 0 || l.variableCostShare > 1_000_000) add([...at, 'variableCostShare'], 'must be between 0 and 1,000,000 micros');
      if (!Number.isSafeInteger(l.fixedCost) || l.fixedCost < 0) add([...at, 'fixedCost'], 'must be whole non-negative pence');
      l.workforce.forEach((w, k) => {
        if (!Number.isInteger(w.headcount) || w.headcount < 0) add([...at, 'workforce', k, 'headcount'], 'must be a whole number');
        if (w.minimumViable > w.headcount) add([...at, 'workforce', k, 'minimumViable'], 'must not exceed headcount at the start');
      });
      l.nearestProviders?.forEach((n, k) => {
        if (!providers.has(n)) add([...at, 'nearestProviders', k], `unknown provider "${n}"`);
      });
    });
  });
  economy.dependencies.forEach((d, i) => {
    const p = providers.get(d.provider);
    if (!p) return add(['dependencies', i, 'provider'], `unknown provider "${d.provider}"`);
    if (!p.serviceLines.some((l) => l.service === d.service)) add(['dependencies', i, 'service'], `no ${d.service} line at ${d.provider}`);
    if (!p.serviceLines.some((l) => l.service === d.supportedBy)) add(['dependencies', i, 'supportedBy'], `no ${d.supportedBy} line at ${d.provider}`);
  });
  if (issues.length > 0) throw invalidMany(issues);
}

/**
 * Builds the kernel's arrays. `active` picks which of the scenario's levers take effect (default
 * all); `extraLevers` are added (the MIG solver uses this), both for structure and effect.
 */
export function compileModel(
  economy: Economy,
  scenario: Scenario,
  options: { active?: (lever: Lever) => boolean; extraLevers?: readonly Lever[] } = {},
): CompiledModel {
  const M = scenario.horizonMonths;
  const allLevers = [...scenario.levers, ...(options.extraLevers ?? [])];
  const active = options.active ?? (() => true);
  const levers = allLevers.filter((l) => active(l) || (options.extraLevers ?? []).includes(l));

  const providerIndex = new Map<string, number>();
  economy.providers.forEach((p, i) => providerIndex.set(p.code, i));
  const P = economy.providers.length;

  // ---- lines, including those levers create at receivers
  interface Draft {
    meta: LineMeta;
    src?: ServiceLine;
    template?: ServiceLine;
  }
  const drafts: Draft[] = [];
  const lineIndex = new Map<string, number>();
  const key = (p: string, s: string) => `${p}\u0000${s}`;
  const mixOf = (l: ServiceLine) => {
    const total = annualIncome(l);
    return l.income.map((i) => ({ commissioner: i.commissioner, share: total > 0 ? i.annualIncome / total : 1 / l.income.length }));
  };
  economy.providers.forEach((p, pi) => {
    for (const l of p.serviceLines) {
      lineIndex.set(key(p.code, l.service), drafts.length);
      drafts.push({ meta: { provider: p.code, providerIndex: pi, service: l.service, created: false, mix: mixOf(l) }, src: l });
    }
  });
  const ensureLine = (provider: string, service: string, template: ServiceLine): number => {
    const k = key(provider, service);
    const found = lineIndex.get(k);
    if (found !== undefined) return found;
    const idx = drafts.length;
    lineIndex.set(k, idx);
    drafts.push({
      meta: { provider, providerIndex: providerIndex.get(provider)!, service, created: true, mix: mixOf(template) },
      template,
    });
    return idx;
  };
  const srcLine = (provider: string, service: string): ServiceLine | undefined =>
    economy.providers[providerIndex.get(provider)!]?.serviceLines.find((l) => l.service === service);

  // Structure from every lever so all runs share one layout.
  for (const lv of allLevers) {
    if (lv.type === 'moveService') ensureLine(lv.to, lv.service, srcLine(lv.provider, lv.service)!);
    if (lv.type === 'referralShift' && lv.redirectTo) ensureLine(lv.redirectTo, lv.service, srcLine(lv.provider, lv.service)!);
    if (lv.type === 'newContractModel') {
      for (const p of lv.providers) {
        for (const l of economy.providers[providerIndex.get(p)!].serviceLines) {
          if (!lv.services || lv.services.includes(l.service)) ensureLine(lv.holder, l.service, l);
        }
      }
    }
  }

  const L = drafts.length;
  const lineProvider = new Int32Array(L);
  const baseVolM = new Float64Array(L);
  const unitPrice = new Float64Array(L);
  const unitVar = new Float64Array(L);
  const stepVolA = new Float64Array(L);
  const stepCostA = new Float64Array(L);
  const fixedM = new Float64Array(L);
  const minVolM = new Float64Array(L);
  const maxLoss = new Float64Array(L).fill(NaN);
  const wfFirst = new Int32Array(L + 1);
  const wfHeadList: number[] = [];
  const wfCostList: number[] = [];
  const wfMinList: number[] = [];
  const wfGroup: string[] = [];
  const wfIndex = new Map<string, number>();

  drafts.forEach((d, l) => {
    lineProvider[l] = d.meta.providerIndex;
    wfFirst[l] = wfHeadList.length;
    if (d.src) {
      const s = d.src;
      const income = annualIncome(s);
      baseVolM[l] = s.annualActivity / 12;
      unitPrice[l] = income / s.annualActivity;
      unitVar[l] = (income * s.variableCostShare) / 1_000_000 / s.annualActivity;
      if (s.semiFixed) {
        stepVolA[l] = s.semiFixed.annualVolumePerStep;
        stepCostA[l] = s.semiFixed.annualCostPerStep;
      }
      fixedM[l] = divideRounded(s.fixedCost, 12);
      minVolM[l] = s.minimumViableVolume / 12;
      if (s.maxAnnualLoss !== undefined) maxLoss[l] = s.maxAnnualLoss;
      for (const w of s.workforce) {
        wfIndex.set(`${l}\u0000${w.staffGroup}`, wfHeadList.length);
        wfHeadList.push(w.headcount);
        wfCostList.push(divideRounded(w.annualUnitCost, 12));
        wfMinList.push(w.minimumViable);
        wfGroup.push(w.staffGroup);
      }
    } else {
      // A line a lever creates: priced and costed like the line it takes work from (variable
      // cost and semi-fixed steps); no fixed cost of its own (only what transfers with the work),
      // no workforce or minimum.
      const t = d.template!;
      const income = annualIncome(t);
      unitPrice[l] = income / t.annualActivity;
      unitVar[l] = (income * t.variableCostShare) / 1_000_000 / t.annualActivity;
      if (t.semiFixed) {
        stepVolA[l] = t.semiFixed.annualVolumePerStep;
        stepCostA[l] = t.semiFixed.annualCostPerStep;
      }
    }
  });
  wfFirst[L] = wfHeadList.length;
  const W = wfHeadList.length;

  // ---- nearest providers for closures
  const nn = nearestLines(
    drafts.map((d) => ({
      provider: d.meta.provider,
      service: d.meta.service,
      explicit: d.src?.nearestProviders,
      location: economy.providers[d.meta.providerIndex].location,
    })),
  );
  const nnFirst = new Int32Array(L + 1);
  const nnFlat: number[] = [];
  nn.forEach((list, l) => {
    nnFirst[l] = nnFlat.length;
    nnFlat.push(...list);
  });
  nnFirst[L] = nnFlat.length;

  // ---- calendar
  const periods: string[] = [];
  const aprilsPassed = new Int32Array(M);
  let aprils = 0;
  for (let m = 0; m < M; m++) {
    const p = addMonthsToPeriod(scenario.start, m);
    periods.push(p);
    if (m > 0 && p.endsWith('-04')) aprils++;
    aprilsPassed[m] = aprils;
  }

  // ---- lever effects
  const priceFactor = new Float64Array(M * L).fill(1);
  const floorM = new Float64Array(M * L);
  const leavers = new Float64Array(M * W);
  const moveOutTotal = new Float64Array(M * L);
  const moves: MoveEffect[] = [];
  const referrals: ReferralEffect[] = [];
  const mergers: MergerEffect[] = [];
  const lineOf = (p: string, s: string) => lineIndex.get(key(p, s))!;
  const phaseArray = (lv: Lever): Float64Array => {
    const a = new Float64Array(M);
    for (let m = lv.fromMonth; m < M; m++) a[m] = phaseAt(lv.phase, m - lv.fromMonth);
    return a;
  };
  const fixedAdj = new Float64Array(M * L);
  const basePayM = (l: number) => {
    let s = 0;
    for (let w = wfFirst[l]; w < wfFirst[l + 1]; w++) s += wfHeadList[w] * wfCostList[w];
    return s;
  };
  const transfers: { src: number; dst: number; share: Float64Array; transfer: number }[] = [];
  const addMove = (lv: Lever, src: number, dst: number, shareMicros: number, transferMicros: number) => {
    const ph = phaseArray(lv);
    const share = new Float64Array(M);
    for (let m = 0; m < M; m++) {
      share[m] = (ph[m] * shareMicros) / 1_000_000;
      moveOutTotal[m * L + src] += share[m];
    }
    moves.push({ lever: lv.index, src, dst, share });
    if (transferMicros > 0) transfers.push({ src, dst, share, transfer: transferMicros / 1_000_000 });
  };

  for (const lv of levers) {
    switch (lv.type) {
      case 'moveService':
        addMove(lv, lineOf(lv.provider, lv.service), lineOf(lv.to, lv.service), lv.share, lv.costTransfer);
        break;
      case 'newContractModel':
        for (const p of lv.providers) {
          for (const l of economy.providers[providerIndex.get(p)!].serviceLines) {
            if (!lv.services || lv.services.includes(l.service)) addMove(lv, lineOf(p, l.service), lineOf(lv.holder, l.service), lv.share, lv.costTransfer);
          }
        }
        break;
      case 'referralShift':
        referrals.push({
          lever: lv.index,
          line: lineOf(lv.provider, lv.service),
          change: lv.change / 1_000_000,
          phase: phaseArray(lv),
          redirect: lv.redirectTo ? lineOf(lv.redirectTo, lv.service) : -1,
        });
        break;
      case 'staffLeaving': {
        const w = wfIndex.get(`${lineOf(lv.provider, lv.service)}\u0000${lv.staffGroup}`)!;
        const ph = phaseArray(lv);
        for (let m = 0; m < M; m++) leavers[m * W + w] += Math.round(lv.count * ph[m]);
        break;
      }
      case 'priceChange': {
        const ph = phaseArray(lv);
        for (let l = 0; l < L; l++) {
          const meta = drafts[l].meta;
          if (lv.service !== undefined && meta.service !== lv.service) continue;
          if (lv.provider !== undefined && meta.provider !== lv.provider) continue;
          for (let m = 0; m < M; m++) priceFactor[m * L + l] *= 1 + (lv.change / 1_000_000) * ph[m];
        }
        break;
      }
      case 'minimumIncomeGuarantee': {
        const l = lineOf(lv.provider, lv.service);
        const f = divideRounded(lv.annualFloor, 12);
        for (let m = lv.fromMonth; m <= lv.untilMonth && m < M; m++) floorM[m * L + l] = Math.max(floorM[m * L + l], f);
        break;
      }
      case 'merger':
        mergers.push({ lever: lv.index, month: lv.fromMonth, acquired: providerIndex.get(lv.provider)!, acquirer: providerIndex.get(lv.acquirer)! });
        break;
    }
  }
  mergers.sort((a, b) => a.month - b.month || a.lever - b.lever);
  for (const t of transfers) {
    const cost = fixedM[t.src] + basePayM(t.src);
    for (let m = 0; m < M; m++) {
      const tot = moveOutTotal[m * L + t.src];
      const s = tot > 1 ? t.share[m] / tot : t.share[m];
      const delta = s * t.transfer * cost;
      fixedAdj[m * L + t.src] -= delta;
      fixedAdj[m * L + t.dst] += delta;
    }
  }

  const deps: Dep[] = economy.dependencies.map((d) => {
    const dependent = lineOf(d.provider, d.service);
    return { dependent, supporting: lineOf(d.provider, d.supportedBy), capM: applyRate(fixedM[dependent], d.share) };
  });

  // ---- each line's monthly result at the start, with no levers (seeds the trailing 12 months)
  const baseMonthResult = new Float64Array(L);
  const baseCost = new Float64Array(L);
  const baseIncome = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    const v = baseVolM[l];
    baseIncome[l] = roundPence(v * unitPrice[l]);
    let pay = 0;
    for (let w = wfFirst[l]; w < wfFirst[l + 1]; w++) pay += wfHeadList[w] * wfCostList[w];
    const semi = stepVolA[l] > 0 ? roundPence((Math.ceil((v * 12) / stepVolA[l] - 1e-9) * stepCostA[l]) / 12) : 0;
    baseCost[l] = roundPence(v * unitVar[l]) + semi + fixedM[l] + pay;
    baseMonthResult[l] = baseIncome[l] - baseCost[l];
  }
  for (const d of deps) {
    const c = baseMonthResult[d.supporting];
    const r = Math.min(d.capM, Math.max(0, c));
    baseMonthResult[d.dependent] += r;
    baseMonthResult[d.supporting] -= r;
  }

  const flags = (a: Float64Array, neutral: number) => {
    const f = new Uint8Array(L);
    for (let i = 0; i < a.length; i++) if (a[i] !== neutral) f[i % L] = 1;
    return f;
  };

  return {
    M,
    P,
    L,
    W,
    start: scenario.start,
    periods,
    providerCodes: economy.providers.map((p) => p.code),
    providerNames: economy.providers.map((p) => p.name),
    providerIllustrative: economy.providers.map((p) => p.illustrative === true),
    providerCash: Float64Array.from(economy.providers.map((p) => (p.cash === undefined ? NaN : p.cash))),
    lines: drafts.map((d) => d.meta),
    lineProvider,
    baseVolM,
    unitPrice,
    unitVar,
    stepVolA,
    stepCostA,
    fixedM,
    minVolM,
    maxLoss,
    finLines: Int32Array.from([...maxLoss.keys()].filter((l) => maxLoss[l] === maxLoss[l])),
    baseMonthResult,
    wfFirst,
    wfHead: Float64Array.from(wfHeadList),
    wfCostM: Float64Array.from(wfCostList),
    wfMin: Float64Array.from(wfMinList),
    wfGroup,
    leavers,
    nnFirst,
    nnLines: Int32Array.from(nnFlat),
    aprilsPassed,
    priceFactor,
    fixedAdj,
    lineHasAdj: flags(fixedAdj, 0),
    lineHasFloor: flags(floorM, 0),
    lineHasPrice: flags(priceFactor, 1),
    floorM,
    moves,
    moveOutTotal,
    referrals,
    mergers,
    deps,
    activeLevers: levers.map((l) => l.index),
  };
}
