/**
 * Fragmentation index for a pathway: how many commissioners, contracts and providers one patient's
 * care crosses. Each step (a service) is provided by the provider that takes the largest share of
 * that service's spend by the pathway's commissioners; a contract is one commissioner-provider
 * pair. HIV care after the 2013 reforms is the model case: sexual health commissioned by the
 * local authority, HIV treatment by NHS England specialised commissioning, the GP by the CCG.
 */

import type { Pence } from '../money.ts';
import type { Economy, Pathway } from './types.ts';

/** Spend by one commissioner with one provider for one service over some period. */
export interface SpendRow {
  readonly commissioner: string;
  readonly provider: string;
  readonly service: string;
  readonly amount: Pence;
}

export interface FragmentationStep {
  readonly service: string;
  /** null when no provider in the economy delivers this service for the pathway's commissioners. */
  readonly commissioner: string | null;
  readonly provider: string | null;
}

export interface FragmentationResult {
  readonly pathway: string;
  readonly name: string;
  readonly steps: readonly FragmentationStep[];
  readonly commissioners: number;
  readonly providers: number;
  readonly contracts: number;
  /** Moves between consecutive steps to a different contract (a patient handoff across a boundary). */
  readonly handoffs: number;
  /** Services no provider delivers for these commissioners (a gap in the pathway). */
  readonly gaps: readonly string[];
}

/** Annual spend rows from the economy as it stands (before any lever). */
export function economySpend(economy: Economy): SpendRow[] {
  const rows: SpendRow[] = [];
  for (const p of economy.providers) {
    for (const l of p.serviceLines) {
      for (const i of l.income) rows.push({ commissioner: i.commissioner, provider: p.code, service: l.service, amount: i.annualIncome });
    }
  }
  return rows;
}

/**
 * @example fragmentationIndex(hivPathway, economySpend(demoEconomy)).commissioners // 3
 */
export function fragmentationIndex(pathway: Pathway, spend: readonly SpendRow[]): FragmentationResult {
  const mine = new Set(pathway.commissioners);
  const steps: FragmentationStep[] = pathway.steps.map((service) => {
    let best: SpendRow | null = null;
    for (const r of spend) {
      if (r.service !== service || !mine.has(r.commissioner) || r.amount <= 0) continue;
      if (
        best === null ||
        r.amount > best.amount ||
        (r.amount === best.amount && `${r.commissioner}/${r.provider}` < `${best.commissioner}/${best.provider}`)
      ) {
        best = r;
      }
    }
    return { service, commissioner: best?.commissioner ?? null, provider: best?.provider ?? null };
  });
  const found = steps.filter((s) => s.provider !== null);
  const contractKey = (s: FragmentationStep) => `${s.commissioner}/${s.provider}`;
  let handoffs = 0;
  for (let i = 1; i < found.length; i++) if (contractKey(found[i]) !== contractKey(found[i - 1])) handoffs++;
  return {
    pathway: pathway.id,
    name: pathway.name,
    steps,
    commissioners: new Set(found.map((s) => s.commissioner)).size,
    providers: new Set(found.map((s) => s.provider)).size,
    contracts: new Set(found.map(contractKey)).size,
    handoffs,
    gaps: steps.filter((s) => s.provider === null).map((s) => s.service),
  };
}
