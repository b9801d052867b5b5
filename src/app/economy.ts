import { sql } from 'kysely';
import { today } from './clock.ts';
import type { UseCaseContext } from './context.ts';
import { listContracts, type ContractListItem } from './contracts.ts';

export interface Relationship {
  /** Co-ordinating, or associate (a commissioner that buys under another's co-ordination). */
  readonly commissionerRole: 'coordinating' | 'associate';
  readonly commissionerCode: string;
  readonly commissionerName: string;
  readonly providerCode: string;
  readonly providerName: string;
  readonly providerSector: string | null;
  readonly contracts: number;
  readonly valuePence: number;
  readonly contractIds: readonly string[];
}

export interface EconomyOverview {
  readonly asAt: string;
  /**
   * Why the overview is as at that date: `requested`, the date asked for; `most_live`, none was asked
   * for, so the date on which most of the user's contracts are live; `today` when none is live on any.
   */
  readonly asAtChosen: 'requested' | 'most_live' | 'today';
  readonly contracts: number;
  readonly valuePence: number;
  readonly byStatus: readonly { status: string; contracts: number; valuePence: number }[];
  readonly byModel: readonly { model: string; contracts: number; valuePence: number }[];
  readonly byProviderSector: readonly { sector: string; contracts: number; valuePence: number }[];
  readonly relationships: readonly Relationship[];
  readonly organisations: number;
}

/**
 * Who commissions what from whom, as at a date (by default the date most of the user's contracts
 * are live: {@link mostLiveDate}), over the contracts the user may see. Each
 * contract's current value is counted once in the totals; a relationship row carries the whole
 * value of each contract between that commissioner (co-ordinating or associate) and provider (a
 * contract with two providers or three commissioners appears under each pair, so relationship rows
 * are not meant to be summed).
 */
async function everyContract(ctx: UseCaseContext, asAt: string): Promise<ContractListItem[]> {
  const all: ContractListItem[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await listContracts(ctx, { asAt, limit: 500, offset });
    all.push(...page.items);
    if (all.length >= page.total || page.items.length === 0) return all;
  }
}

/**
 * The date an overview opens on when none is asked for: of the start dates of the contracts the
 * user may see (up to today), the one on which most of them are live, the latest on a tie; today
 * when none is live on any. Contracts live today are counted today too, so a current economy opens
 * on today. A demo economy of 2014-2016 contracts opens where they are live, not where all have
 * expired.
 */
export async function mostLiveDate(ctx: UseCaseContext): Promise<{ date: string; live: number }> {
  const now = today(ctx.clock);
  const starts = new Set((await everyContract(ctx, now)).map((c) => c.startDate).filter((d) => d <= now));
  starts.add(now);
  let best = { date: now, live: 0 };
  for (const date of [...starts].sort()) {
    const { total } = await listContracts(ctx, { asAt: date, status: 'live', limit: 1 });
    if (total > 0 && total >= best.live) best = { date, live: total };
  }
  return best;
}

export async function economyOverview(ctx: UseCaseContext, asAt?: string): Promise<EconomyOverview> {
  const chosen = asAt ? { date: asAt, live: -1 } : await mostLiveDate(ctx);
  const date = chosen.date;
  const asAtChosen = asAt ? 'requested' as const : chosen.live > 0 ? 'most_live' as const : 'today' as const;
  const all = await everyContract(ctx, date);
  const group = <K extends string>(key: (c: ContractListItem) => K[]) => {
    const m = new Map<K, { contracts: number; valuePence: number }>();
    for (const c of all) {
      for (const k of new Set(key(c))) {
        const g = m.get(k) ?? { contracts: 0, valuePence: 0 };
        g.contracts++;
        g.valuePence += c.currentValuePence;
        m.set(k, g);
      }
    }
    return [...m.entries()].map(([k, v]) => ({ key: k, ...v })).sort((a, b) => b.valuePence - a.valuePence);
  };
  const rel = new Map<string, { role: 'coordinating' | 'associate'; c: string; cn: string; p: string; pn: string; ps: string | null; ids: string[]; value: number }>();
  for (const c of all) {
    const commissioners = c.parties.filter((p) => p.role === 'coordinating_commissioner' || p.role === 'associate_commissioner');
    const providers = c.parties.filter((p) => p.role === 'provider');
    for (const co of commissioners) {
      for (const pr of providers) {
        const key = `${co.organisationCode}>${pr.organisationCode}`;
        const role = co.role === 'coordinating_commissioner' ? 'coordinating' as const : 'associate' as const;
        const r = rel.get(key) ?? { role, c: co.organisationCode, cn: co.name, p: pr.organisationCode, pn: pr.name, ps: pr.sector, ids: [], value: 0 };
        r.ids.push(c.id);
        r.value += c.currentValuePence;
        rel.set(key, r);
      }
    }
  }
  const [{ n }] = await ctx.db.selectFrom('organisations').select(sql<number>`count(*)`.as('n')).execute();
  return {
    asAt: date,
    asAtChosen,
    contracts: all.length,
    valuePence: all.reduce((s, c) => s + c.currentValuePence, 0),
    byStatus: group((c) => [c.status]).map(({ key, ...v }) => ({ status: key, ...v })),
    byModel: group((c) => [c.model]).map(({ key, ...v }) => ({ model: key, ...v })),
    byProviderSector: group((c) => c.parties.filter((p) => p.role === 'provider').map((p) => p.sector ?? 'unknown'))
      .map(({ key, ...v }) => ({ sector: key, ...v })),
    relationships: [...rel.values()]
      .map((r) => ({
        commissionerRole: r.role, commissionerCode: r.c, commissionerName: r.cn, providerCode: r.p, providerName: r.pn, providerSector: r.ps,
        contracts: r.ids.length, valuePence: r.value, contractIds: r.ids,
      }))
      .sort((a, b) => b.valuePence - a.valuePence),
    organisations: Number(n),
  };
}
