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
 * Builds the month-by-month run's arrays. `active` picks which of the scenario's levers take
 * effect (default all); `extraLevers` are added (the MIG solver uses this), both for structure and
 * effect. In phases: the line layout (every lever's receivers included, so all variants share
 * it), each line's economics, where closed lines' patients go, the calendar, the levers' effects,
 * the dependency caps, and each line's result at the start.
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
  const layout = lineLayout(economy, allLevers);
  const lines = lineEconomics(layout.drafts);
  const { L } = layout;
  const nearest = nearestTable(economy, layout.drafts);
  const { periods, aprilsPassed } = calendar(scenario.start, M);
  const effects = leverEffects(economy, levers, layout, lines, M);
  const deps = dependencyCaps(economy, layout, lines.fixedM);
  const { maxLoss } = lines;
  const flags = (a: Float64Array, neutral: number) => {
    const f = new Uint8Array(L);
    for (let i = 0; i < a.length; i++) if (a[i] !== neutral) f[i % L] = 1;
    return f;
  };
  return {
    M,
    P: economy.providers.length,
    L,
    W: lines.wfHead.length,
    start: scenario.start,
    periods,
    providerCodes: economy.providers.map((p) => p.code),
    providerNames: economy.providers.map((p) => p.name),
    providerIllustrative: economy.providers.map((p) => p.illustrative === true),
    providerCash: Float64Array.from(economy.providers.map((p) => (p.cash === undefined ? NaN : p.cash))),
    lines: layout.drafts.map((d) => d.meta),
    lineProvider: lines.lineProvider,
    baseVolM: lines.baseVolM,
    unitPrice: lines.unitPrice,
    unitVar: lines.unitVar,
    stepVolA: lines.stepVolA,
    stepCostA: lines.stepCostA,
    fixedM: lines.fixedM,
    minVolM: lines.minVolM,
    maxLoss,
    finLines: Int32Array.from([...maxLoss.keys()].filter((l) => maxLoss[l] === maxLoss[l])),
    baseMonthResult: startingMonthResults(lines, deps),
    wfFirst: lines.wfFirst,
    wfHead: Float64Array.from(lines.wfHead),
    wfCostM: Float64Array.from(lines.wfCostM),
    wfMin: Float64Array.from(lines.wfMin),
    wfGroup: lines.wfGroup,
    leavers: effects.leavers,
    nnFirst: nearest.nnFirst,
    nnLines: nearest.nnLines,
    aprilsPassed,
    priceFactor: effects.priceFactor,
    fixedAdj: effects.fixedAdj,
    lineHasAdj: flags(effects.fixedAdj, 0),
    lineHasFloor: flags(effects.floorM, 0),
    lineHasPrice: flags(effects.priceFactor, 1),
    floorM: effects.floorM,
    moves: effects.moves,
    moveOutTotal: effects.moveOutTotal,
    referrals: effects.referrals,
    mergers: effects.mergers,
    deps,
    activeLevers: levers.map((l) => l.index),
  };
}

// ---- phase 1: the line layout

interface LineDraft {
  readonly meta: LineMeta;
  /** The economy's line, or for a line a lever creates, the line whose work it takes. */
  readonly src?: ServiceLine;
  readonly template?: ServiceLine;
}

interface Layout {
  readonly drafts: readonly LineDraft[];
  readonly L: number;
  readonly providerIndex: ReadonlyMap<string, number>;
  lineOf(provider: string, service: string): number;
}

/** Every provider's lines in order, then the lines levers create at receivers that had none. */
function lineLayout(economy: Economy, allLevers: readonly Lever[]): Layout {
  const providerIndex = new Map<string, number>();
  economy.providers.forEach((p, i) => providerIndex.set(p.code, i));
  const drafts: LineDraft[] = [];
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
  const ensureLine = (provider: string, service: string, template: ServiceLine) => {
    const k = key(provider, service);
    if (lineIndex.has(k)) return;
    lineIndex.set(k, drafts.length);
    drafts.push({ meta: { provider, providerIndex: providerIndex.get(provider)!, service, created: true, mix: mixOf(template) }, template });
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
  return { drafts, L: drafts.length, providerIndex, lineOf: (p, s) => lineIndex.get(key(p, s))! };
}

// ---- phase 2: each line's economics

interface LineArrays {
  readonly lineProvider: Int32Array;
  readonly baseVolM: Float64Array;
  readonly unitPrice: Float64Array;
  readonly unitVar: Float64Array;
  readonly stepVolA: Float64Array;
  readonly stepCostA: Float64Array;
  readonly fixedM: Float64Array;
  readonly minVolM: Float64Array;
  readonly maxLoss: Float64Array;
  readonly wfFirst: Int32Array;
  readonly wfHead: number[];
  readonly wfCostM: number[];
  readonly wfMin: number[];
  readonly wfGroup: string[];
  /** Workforce index by line and staff group. */
  readonly wfIndex: Map<string, number>;
}

function lineEconomics(drafts: readonly LineDraft[]): LineArrays {
  const L = drafts.length;
  const a: LineArrays = {
    lineProvider: new Int32Array(L),
    baseVolM: new Float64Array(L),
    unitPrice: new Float64Array(L),
    unitVar: new Float64Array(L),
    stepVolA: new Float64Array(L),
    stepCostA: new Float64Array(L),
    fixedM: new Float64Array(L),
    minVolM: new Float64Array(L),
    maxLoss: new Float64Array(L).fill(NaN),
    wfFirst: new Int32Array(L + 1),
    wfHead: [],
    wfCostM: [],
    wfMin: [],
    wfGroup: [],
    wfIndex: new Map(),
  };
  drafts.forEach((d, l) => {
    a.lineProvider[l] = d.meta.providerIndex;
    a.wfFirst[l] = a.wfHead.length;
    // A line a lever creates is priced and costed like the line it takes work from (variable cost
    // and semi-fixed steps); no fixed cost of its own (only what transfers with the work), no
    // workforce or minimum.
    const s = d.src ?? d.template!;
    const income = annualIncome(s);
    a.unitPrice[l] = income / s.annualActivity;
    a.unitVar[l] = (income * s.variableCostShare) / 1_000_000 / s.annualActivity;
    if (s.semiFixed) {
      a.stepVolA[l] = s.semiFixed.annualVolumePerStep;
      a.stepCostA[l] = s.semiFixed.annualCostPerStep;
    }
    if (!d.src) return;
    a.baseVolM[l] = s.annualActivity / 12;
    a.fixedM[l] = divideRounded(s.fixedCost, 12);
    a.minVolM[l] = s.minimumViableVolume / 12;
    if (s.maxAnnualLoss !== undefined) a.maxLoss[l] = s.maxAnnualLoss;
    for (const w of s.workforce) {
      a.wfIndex.set(`${l}\u0000${w.staffGroup}`, a.wfHead.length);
      a.wfHead.push(w.headcount);
      a.wfCostM.push(divideRounded(w.annualUnitCost, 12));
      a.wfMin.push(w.minimumViable);
      a.wfGroup.push(w.staffGroup);
    }
  });
  a.wfFirst[L] = a.wfHead.length;
  return a;
}

/** Monthly pay of a line's workforce in post at the start. */
function startingPayM(a: LineArrays, l: number): number {
  let s = 0;
  for (let w = a.wfFirst[l]; w < a.wfFirst[l + 1]; w++) s += a.wfHead[w] * a.wfCostM[w];
  return s;
}

// ---- phase 3: where closed lines' patients go, and the calendar

function nearestTable(economy: Economy, drafts: readonly LineDraft[]): { nnFirst: Int32Array; nnLines: Int32Array } {
  const nn = nearestLines(
    drafts.map((d) => ({
      provider: d.meta.provider,
      service: d.meta.service,
      explicit: d.src?.nearestProviders,
      location: economy.providers[d.meta.providerIndex].location,
    })),
  );
  const nnFirst = new Int32Array(drafts.length + 1);
  const flat: number[] = [];
  nn.forEach((list, l) => {
    nnFirst[l] = flat.length;
    flat.push(...list);
  });
  nnFirst[drafts.length] = flat.length;
  return { nnFirst, nnLines: Int32Array.from(flat) };
}

function calendar(start: string, M: number): { periods: string[]; aprilsPassed: Int32Array } {
  const periods: string[] = [];
  const aprilsPassed = new Int32Array(M);
  let aprils = 0;
  for (let m = 0; m < M; m++) {
    const p = addMonthsToPeriod(start, m);
    periods.push(p);
    if (m > 0 && p.endsWith('-04')) aprils++;
    aprilsPassed[m] = aprils;
  }
  return { periods, aprilsPassed };
}

// ---- phase 4: the levers' effects

interface LeverEffects {
  readonly priceFactor: Float64Array;
  readonly floorM: Float64Array;
  readonly leavers: Float64Array;
  readonly moveOutTotal: Float64Array;
  readonly fixedAdj: Float64Array;
  readonly moves: MoveEffect[];
  readonly referrals: ReferralEffect[];
  readonly mergers: MergerEffect[];
}

function leverEffects(economy: Economy, levers: readonly Lever[], layout: Layout, a: LineArrays, M: number): LeverEffects {
  const { L, drafts, lineOf, providerIndex } = layout;
  const W = a.wfHead.length;
  const e: LeverEffects = {
    priceFactor: new Float64Array(M * L).fill(1),
    floorM: new Float64Array(M * L),
    leavers: new Float64Array(M * W),
    moveOutTotal: new Float64Array(M * L),
    fixedAdj: new Float64Array(M * L),
    moves: [],
    referrals: [],
    mergers: [],
  };
  const phaseArray = (lv: Lever): Float64Array => {
    const out = new Float64Array(M);
    for (let m = lv.fromMonth; m < M; m++) out[m] = phaseAt(lv.phase, m - lv.fromMonth);
    return out;
  };
  const transfers: { src: number; dst: number; share: Float64Array; transfer: number }[] = [];
  const addMove = (lv: Lever, src: number, dst: number, shareMicros: number, transferMicros: number) => {
    const ph = phaseArray(lv);
    const share = new Float64Array(M);
    for (let m = 0; m < M; m++) {
      share[m] = (ph[m] * shareMicros) / 1_000_000;
      e.moveOutTotal[m * L + src] += share[m];
    }
    e.moves.push({ lever: lv.index, src, dst, share });
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
        e.referrals.push({
          lever: lv.index,
          line: lineOf(lv.provider, lv.service),
          change: lv.change / 1_000_000,
          phase: phaseArray(lv),
          redirect: lv.redirectTo ? lineOf(lv.redirectTo, lv.service) : -1,
        });
        break;
      case 'staffLeaving': {
        const w = a.wfIndex.get(`${lineOf(lv.provider, lv.service)}\u0000${lv.staffGroup}`)!;
        const ph = phaseArray(lv);
        for (let m = 0; m < M; m++) e.leavers[m * W + w] += Math.round(lv.count * ph[m]);
        break;
      }
      case 'priceChange': {
        const ph = phaseArray(lv);
        for (let l = 0; l < L; l++) {
          const meta = drafts[l].meta;
          if (lv.service !== undefined && meta.service !== lv.service) continue;
          if (lv.provider !== undefined && meta.provider !== lv.provider) continue;
          for (let m = 0; m < M; m++) e.priceFactor[m * L + l] *= 1 + (lv.change / 1_000_000) * ph[m];
        }
        break;
      }
      case 'minimumIncomeGuarantee': {
        const l = lineOf(lv.provider, lv.service);
        const f = divideRounded(lv.annualFloor, 12);
        for (let m = lv.fromMonth; m <= lv.untilMonth && m < M; m++) e.floorM[m * L + l] = Math.max(e.floorM[m * L + l], f);
        break;
      }
      case 'merger':
        e.mergers.push({ lever: lv.index, month: lv.fromMonth, acquired: providerIndex.get(lv.provider)!, acquirer: providerIndex.get(lv.acquirer)! });
        break;
    }
  }
  e.mergers.sort((x, y) => x.month - y.month || x.lever - y.lever);
  // Fixed and pay cost moving with transferred work: minus at the source, plus at the receiver.
  for (const t of transfers) {
    const cost = a.fixedM[t.src] + startingPayM(a, t.src);
    for (let m = 0; m < M; m++) {
      const tot = e.moveOutTotal[m * L + t.src];
      const s = tot > 1 ? t.share[m] / tot : t.share[m];
      const delta = s * t.transfer * cost;
      e.fixedAdj[m * L + t.src] -= delta;
      e.fixedAdj[m * L + t.dst] += delta;
    }
  }
  return e;
}

// ---- phase 5: dependencies, and each line's result at the start

function dependencyCaps(economy: Economy, layout: Layout, fixedM: Float64Array): Dep[] {
  return economy.dependencies.map((d) => {
    const dependent = layout.lineOf(d.provider, d.service);
    return { dependent, supporting: layout.lineOf(d.provider, d.supportedBy), capM: applyRate(fixedM[dependent], d.share) };
  });
}

/** Each line's monthly result at the start, with no levers (seeds the trailing 12 months of the financial test). */
function startingMonthResults(a: LineArrays, deps: readonly Dep[]): Float64Array {
  const L = a.baseVolM.length;
  const result = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    const v = a.baseVolM[l];
    const income = roundPence(v * a.unitPrice[l]);
    const semi = a.stepVolA[l] > 0 ? roundPence((Math.ceil((v * 12) / a.stepVolA[l] - 1e-9) * a.stepCostA[l]) / 12) : 0;
    result[l] = income - (roundPence(v * a.unitVar[l]) + semi + a.fixedM[l] + startingPayM(a, l));
  }
  for (const d of deps) {
    const r = Math.min(d.capM, Math.max(0, result[d.supporting]));
    result[d.dependent] += r;
    result[d.supporting] -= r;
  }
  return result;
}
