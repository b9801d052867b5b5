/**
 * Which part of an economy a scenario's results cover. An economy built from a user's contracts
 * can hold several unrelated local health economies (Bedfordshire and Sussex contracts sit side by
 * side); a Sussex scenario must not report Bedford's trauma service failing under the stress
 * test's general uncertainty, which has nothing to do with the Sussex decision.
 *
 * The scope, worked out from the levers:
 *   1. Lines the levers act on (the service lines named, the receivers of moved or redirected
 *      work, every line of a merging provider, every line a price change covers), the lines a
 *      solved guarantee guards, and the lines of the pathways asked for.
 *   2. Then, repeatedly: the lines a dependency ties to one of them (trauma and elective
 *      orthopaedics at one provider), and the lines their patients go to if they close (entered
 *      nearest providers, else the nearest by location within NEAREST_PROVIDER_MAX_KM).
 *   3. The commissioners paying for any of those lines, and every line those commissioners pay
 *      for: their whole local market, so each of them is reported whole.
 *   4. Step 2 again for the lines step 3 added, so a line that might close in a trial has where
 *      its patients go in scope.
 * Providers in scope are kept whole (all their lines: their finances are one). A scenario with no
 * levers covers the whole economy.
 *
 * Results for providers in scope are the same as on the whole economy, because nothing outside
 * the scope can reach them; only activity a closed line would have sent outside is counted as
 * unmet instead (a test checks this).
 */

import { nearestLines } from './model.ts';
import type { Scenario } from './scenario.ts';
import type { Economy } from './types.ts';

export interface ScenarioCoverage {
  /** 'connected': the providers connected to the levers (the rule above); 'whole': every provider. */
  readonly basis: 'connected' | 'whole';
  readonly providers: readonly string[];
  /** Commissioners paying for a line the levers reach: each is reported with all its spend. */
  readonly commissionersInFull: readonly string[];
  /** Other commissioners of providers in scope (their spend with providers outside is not shown). */
  readonly commissionersInPart: readonly string[];
  /** Providers of the economy left out because nothing connects them to the levers. */
  readonly providersLeftOut: number;
  /** The rule, for people reading a report. */
  readonly description: string;
}

const key = (provider: string, service: string) => `${provider}\u0000${service}`;

/** The lines a scenario's levers, solve request and pathways start from. */
function rootLines(economy: Economy, scenario: Scenario): Set<string> {
  const roots = new Set<string>();
  const linesOf = (provider: string, service?: string) => {
    const p = economy.providers.find((x) => x.code === provider);
    for (const l of p?.serviceLines ?? []) if (service === undefined || l.service === service) roots.add(key(provider, l.service));
  };
  for (const lv of scenario.levers) {
    switch (lv.type) {
      case 'moveService':
        roots.add(key(lv.provider, lv.service));
        roots.add(key(lv.to, lv.service));
        break;
      case 'referralShift':
        roots.add(key(lv.provider, lv.service));
        if (lv.redirectTo) roots.add(key(lv.redirectTo, lv.service));
        break;
      case 'staffLeaving':
      case 'minimumIncomeGuarantee':
        roots.add(key(lv.provider, lv.service));
        break;
      case 'priceChange':
        for (const p of economy.providers) if (lv.provider === undefined || p.code === lv.provider) linesOf(p.code, lv.service);
        break;
      case 'merger':
        linesOf(lv.provider);
        linesOf(lv.acquirer);
        break;
      case 'newContractModel':
        for (const p of lv.providers) {
          for (const l of economy.providers.find((x) => x.code === p)?.serviceLines ?? []) {
            if (lv.services && !lv.services.includes(l.service)) continue;
            roots.add(key(p, l.service));
            roots.add(key(lv.holder, l.service));
          }
        }
        break;
    }
  }
  const mig = scenario.solve?.minimumIncomeGuarantee;
  if (mig) {
    roots.add(key(mig.provider, mig.service));
    roots.add(key(mig.target.provider, mig.target.service));
  }
  for (const id of scenario.pathways ?? []) {
    const pw = economy.pathways?.find((p) => p.id === id);
    if (!pw) continue;
    for (const p of economy.providers) {
      for (const l of p.serviceLines) {
        if (pw.steps.includes(l.service) && l.income.some((i) => pw.commissioners.includes(i.commissioner))) roots.add(key(p.code, l.service));
      }
    }
  }
  return roots;
}

/**
 * The providers a scenario's results cover, and why.
 *
 * @example scenarioCoverage(economy, sussexScenario).providers // ['RXH', 'RYR', 'ZBUPA']
 */
export function scenarioCoverage(economy: Economy, scenario: Scenario): ScenarioCoverage {
  const roots = rootLines(economy, scenario);
  if (roots.size === 0) return wholeCoverage(economy, 'The scenario pulls no lever, so the results cover the whole economy.');

  // Existing lines plus the lines levers create at receivers (they exist in the compiled model too).
  const lines: { provider: string; service: string; explicit?: readonly string[]; location?: { lat: number; lon: number } }[] = [];
  const lineAt = new Map<string, number>();
  const addLine = (provider: string, service: string) => {
    const k = key(provider, service);
    if (lineAt.has(k)) return;
    const p = economy.providers.find((x) => x.code === provider);
    const l = p?.serviceLines.find((x) => x.service === service);
    lineAt.set(k, lines.length);
    lines.push({ provider, service, explicit: l?.nearestProviders, location: p?.location });
  };
  for (const p of economy.providers) for (const l of p.serviceLines) addLine(p.code, l.service);
  for (const r of roots) {
    const [provider, service] = r.split('\u0000');
    addLine(provider, service);
  }
  const nearest = nearestLines(lines);
  const dependants = new Map<string, string[]>();
  for (const d of economy.dependencies) {
    const a = key(d.provider, d.service);
    const b = key(d.provider, d.supportedBy);
    dependants.set(a, [...(dependants.get(a) ?? []), b]);
    dependants.set(b, [...(dependants.get(b) ?? []), a]);
  }
  const close = (start: Iterable<string>, into: Set<string>) => {
    const queue = [...start];
    for (const k of queue) into.add(k);
    while (queue.length > 0) {
      const k = queue.pop()!;
      const next = [...(dependants.get(k) ?? []), ...(nearest[lineAt.get(k)!] ?? []).map((i) => key(lines[i].provider, lines[i].service))];
      for (const n of next) {
        if (into.has(n)) continue;
        into.add(n);
        queue.push(n);
      }
    }
  };

  const reached = new Set<string>();
  close(roots, reached);
  const payers = new Set<string>();
  for (const p of economy.providers) {
    for (const l of p.serviceLines) if (reached.has(key(p.code, l.service))) for (const i of l.income) payers.add(i.commissioner);
  }
  const market: string[] = [];
  for (const p of economy.providers) {
    for (const l of p.serviceLines) if (l.income.some((i) => payers.has(i.commissioner))) market.push(key(p.code, l.service));
  }
  close(market, reached);

  const inScope = new Set([...reached].map((k) => k.split('\u0000')[0]));
  const providers = economy.providers.map((p) => p.code).filter((c) => inScope.has(c));
  const partly = new Set<string>();
  for (const p of economy.providers) {
    if (!inScope.has(p.code)) continue;
    for (const l of p.serviceLines) for (const i of l.income) if (!payers.has(i.commissioner)) partly.add(i.commissioner);
  }
  return {
    basis: 'connected',
    providers,
    commissionersInFull: [...payers].sort(),
    commissionersInPart: [...partly].sort(),
    providersLeftOut: economy.providers.length - providers.length,
    description:
      'Providers connected to the levers: the service lines they act on, the lines tied to those by a dependency or by where patients go if a line closes, ' +
      'and every provider of the commissioners who pay for those lines.',
  };
}

function wholeCoverage(economy: Economy, description: string): ScenarioCoverage {
  const payers = new Set(economy.providers.flatMap((p) => p.serviceLines.flatMap((l) => l.income.map((i) => i.commissioner))));
  return {
    basis: 'whole',
    providers: economy.providers.map((p) => p.code),
    commissionersInFull: [...payers].sort(),
    commissionersInPart: [],
    providersLeftOut: 0,
    description,
  };
}

/**
 * The economy a scenario runs on: only the providers it covers (all their lines), the
 * commissioners paying them, and the dependencies and pathways among them. `basis: 'whole'`
 * keeps everything.
 */
export function economyForScenario(
  economy: Economy,
  scenario: Scenario,
  basis: ScenarioCoverage['basis'] = 'connected',
): { economy: Economy; coverage: ScenarioCoverage } {
  const coverage = basis === 'whole' ? wholeCoverage(economy, 'The whole economy, as asked.') : scenarioCoverage(economy, scenario);
  if (coverage.providersLeftOut === 0) return { economy, coverage };
  const keep = new Set(coverage.providers);
  const providers = economy.providers.filter((p) => keep.has(p.code));
  const paying = new Set(providers.flatMap((p) => p.serviceLines.flatMap((l) => l.income.map((i) => i.commissioner))));
  for (const id of scenario.pathways ?? []) for (const c of economy.pathways?.find((p) => p.id === id)?.commissioners ?? []) paying.add(c);
  return {
    economy: {
      ...economy,
      providers,
      commissioners: economy.commissioners.filter((c) => paying.has(c.code)),
      dependencies: economy.dependencies.filter((d) => keep.has(d.provider)),
      ...(economy.contracts ? { contracts: economy.contracts.filter((c) => c.parties.some((p) => keep.has(p.organisation))) } : {}),
    },
    coverage,
  };
}
