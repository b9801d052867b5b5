/**
 * "Show the impact first": the scenario a decision being drafted amounts to, so the app can run it
 * on the stored economy and keep the result with the decision record. Three kinds of decision:
 *
 *   service move          part of one provider's service line goes to another provider;
 *   procurement award     a contract goes to a provider: the incumbents' lines of its services move
 *                         to the winner (all of them unless a share is given);
 *   contract variation    a change of value is a price change on the lines the contract pays for,
 *                         in proportion to what the contract pays each, for the rest of its term;
 *                         a service removed is the contract's share of that line's referrals lost.
 *
 * Pure: the result is scenario JSON, validated like any other (validateScenario), so a decision
 * naming a closed organisation or a contract not in the economy is refused with the field named.
 */

import { invalid } from '../errors.ts';
import type { Pence } from '../money.ts';
import { monthIndex } from './periods.ts';
import type { ScenarioInput } from './scenario.ts';
import type { Economy } from './types.ts';

export type Decision =
  | {
      readonly kind: 'service-move';
      readonly provider: string;
      readonly service: string;
      readonly to: string;
      /** Share of the line that moves, 0 to 1. */
      readonly share: number;
      /** First month (YYYY-MM). */
      readonly from: string;
      readonly costTransfer?: number;
      readonly contract?: string;
    }
  | {
      readonly kind: 'procurement-award';
      /** Reference of the contract awarded (in the economy, usually a draft). */
      readonly contract: string;
      readonly awardedTo: string;
      /** Providers whose lines of the contract's services move to the winner. */
      readonly incumbents: readonly string[];
      /** Default: the contract's services. */
      readonly services?: readonly string[];
      /** Share of each incumbent line that moves (default 1). */
      readonly share?: number;
      readonly from: string;
      readonly phaseInMonths?: number;
    }
  | {
      readonly kind: 'contract-variation';
      readonly contract: string;
      /** ISO date the variation takes effect. */
      readonly effectiveDate: string;
      /** Change to the contract's value over its term, pence. */
      readonly valueChangePence: Pence;
      readonly removeServices?: readonly string[];
    };

export interface ImpactScenarioOptions {
  readonly name?: string;
  /** First month of the projection (default: the decision's first month). */
  readonly start?: string;
  readonly horizonMonths?: number;
  readonly uncertainty?: ScenarioInput['uncertainty'];
}

/** A decimal rounded to the 6 places a scenario allows (a lever's share, not money). */
const six = (x: number) => Math.round(x * 1_000_000) / 1_000_000;

/**
 * The scenario a decision amounts to.
 *
 * @example impactScenario(economy, { kind: 'service-move', provider: 'RC9', service: 'MSK-ELECTIVE', to: 'RD8', share: 0.2, from: '2014-04' }).levers.length // 1
 */
export function impactScenario(economy: Economy, decision: Decision, options: ImpactScenarioOptions = {}): ScenarioInput {
  const from = decision.kind === 'contract-variation' ? decision.effectiveDate.slice(0, 7) : decision.from;
  const base = {
    economy: economy.id,
    start: options.start ?? from,
    horizonMonths: options.horizonMonths ?? 60,
    ...(options.uncertainty ? { uncertainty: options.uncertainty } : {}),
  };
  switch (decision.kind) {
    case 'service-move':
      return {
        ...base,
        name: options.name ?? `Move ${Math.round(decision.share * 100)}% of ${decision.provider} ${decision.service} to ${decision.to}`,
        levers: [
          {
            type: 'moveService',
            provider: decision.provider,
            service: decision.service,
            to: decision.to,
            share: decision.share,
            from: decision.from,
            ...(decision.costTransfer !== undefined ? { costTransfer: decision.costTransfer } : {}),
            ...(decision.contract ? { contract: decision.contract } : {}),
          },
        ],
      };
    case 'procurement-award':
      return { ...base, name: options.name ?? `Award ${decision.contract} to ${decision.awardedTo}`, levers: awardLevers(economy, decision) };
    case 'contract-variation':
      return { ...base, name: options.name ?? `Vary ${decision.contract} from ${decision.effectiveDate}`, levers: variationLevers(economy, decision, base.start) };
  }
}

function contractOf(economy: Economy, reference: string) {
  const c = economy.contracts?.find((x) => x.reference === reference);
  if (!c) throw invalid('contract', `no contract "${reference}" in this economy`);
  return c;
}

function awardLevers(economy: Economy, d: Extract<Decision, { kind: 'procurement-award' }>): ScenarioInput['levers'] {
  const c = contractOf(economy, d.contract);
  const services = d.services ?? c.services;
  const levers: NonNullable<ScenarioInput['levers']> = [];
  for (const incumbent of d.incumbents) {
    if (incumbent === d.awardedTo) continue; // the incumbent won: nothing moves
    const p = economy.providers.find((x) => x.code === incumbent);
    for (const l of p?.serviceLines ?? []) {
      if (!services.includes(l.service)) continue;
      levers.push({
        type: 'moveService',
        label: `${d.contract}: ${incumbent} ${l.service} to ${d.awardedTo}`,
        provider: incumbent,
        service: l.service,
        to: d.awardedTo,
        share: d.share ?? 1,
        contract: d.contract,
        from: d.from,
        ...(d.phaseInMonths ? { phaseIn: { type: 'linear' as const, months: d.phaseInMonths } } : {}),
      });
    }
  }
  return levers;
}

/**
 * A variation's value change is spread over the months left in the contract's term, so each line
 * the contract pays for changes price by its part of the change over its income, for those months
 * only (an explicit phase that drops to zero when the term ends).
 */
function variationLevers(economy: Economy, d: Extract<Decision, { kind: 'contract-variation' }>, start: string): ScenarioInput['levers'] {
  const c = contractOf(economy, d.contract);
  const from = d.effectiveDate.slice(0, 7);
  const last = c.endDate.slice(0, 7);
  const remaining = monthIndex(from, last) + 1;
  if (remaining <= 0) throw invalid('effectiveDate', `${d.effectiveDate} is after ${c.reference} ends (${c.endDate})`);
  if (monthIndex(start, from) < 0) throw invalid('effectiveDate', `before the projection starts (${start})`);
  const levers: NonNullable<ScenarioInput['levers']> = [];
  const monthlyChange = d.valueChangePence / remaining;
  const phase = { type: 'explicit' as const, shares: [...new Array<number>(remaining).fill(1), 0] };
  for (const p of economy.providers) {
    for (const l of p.serviceLines) {
      const lineIncome = l.income.reduce((s, i) => s + i.annualIncome, 0);
      const fromContract = l.income.flatMap((i) => i.sources ?? []).filter((s) => s.contractId === c.id).reduce((s, x) => s + x.amount, 0);
      if (fromContract === 0 || lineIncome <= 0 || c.incomeInYear === 0) continue;
      if (d.removeServices?.includes(l.service)) {
        levers.push({ type: 'referralShift', label: `${c.reference}: ${l.service} removed`, provider: p.code, service: l.service, change: -six(fromContract / lineIncome), contract: c.reference, from });
        continue;
      }
      if (d.valueChangePence === 0) continue;
      // The line's part of the monthly change, over its monthly income.
      const change = six((monthlyChange * (fromContract / c.incomeInYear) * 12) / lineIncome);
      if (change === 0) continue;
      levers.push({ type: 'priceChange', label: `${c.reference}: value ${d.valueChangePence < 0 ? 'down' : 'up'} (${p.code} ${l.service})`, provider: p.code, service: l.service, change, contract: c.reference, from, phaseIn: phase });
    }
  }
  if (levers.length === 0) throw invalid('contract', `${c.reference} pays for no service line in this economy's year, so the variation moves nothing`);
  return levers;
}
