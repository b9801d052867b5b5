/**
 * The demo's impact economy, loaded through the same use cases a person would use (see
 * src/app/demo/impact/README.md for what is real and what illustrative):
 *
 *   1. the extra Milton Keynes contract (recorded like the other demo contracts);
 *   2. the year's plan by service line for Bedford Hospital's 2014/15 and Western Sussex's 2015/16
 *      acute contracts, submitted by their co-ordinating commissioners' demo users;
 *   3. the economy "demo", owned by NHS England (X24), published (it is reference data every demo
 *      user may read and run scenarios on), created by the demo administrator;
 *   4. the entered cost, workforce and provider figures for 2014/15, 2015/16 and 2023/24 uploaded as
 *      the template's CSVs (each row keeps its file and line), and the Bedford MSK pathway;
 *   5. versions as at 2014-04-01, 2015-04-01 and 2023-04-01, built from the demo's contracts,
 *      payment statements and plans as stored;
 *   6. the four seed scenarios, owned by NHS England and shared across the economy.
 */

import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import { actorForUsername } from '../auth.ts';
import type { Clock } from '../clock.ts';
import { createContract, type NewContractInput } from '../contracts.ts';
import { buildVersion, createEconomy } from '../impact/economies.ts';
import { enterPathways, uploadEntries } from '../impact/entries.ts';
import { createScenario } from '../impact/scenarios.ts';
import { submitPlan } from '../payments/submissions.ts';
import { Scope } from '../scope.ts';

export const DEMO_ECONOMY_ID = 'demo';
export const DEMO_ECONOMY_KEY = 'demo_economy_loaded_at';
const DIR = new URL('./impact/', import.meta.url);
const YEARS = ['2014-15', '2015-16', '2023-24'] as const;
export const DEMO_VERSIONS = ['2014-04-01', '2015-04-01', '2023-04-01'] as const;
export const DEMO_SCENARIOS = ['bedford-msk', 'dudley-icp', 'nottingham-dermatology', 'western-sussex-msk'] as const;

/** The demo user's own scope, so the demo enters data as a person would; the system where there is none. */
async function scopeOf(db: Kysely<Database>, clock: Clock, username: string): Promise<Scope> {
  const actor = await actorForUsername(db, username);
  return actor ? Scope.forUser(db, actor, clock) : Scope.system(db, clock);
}

export interface DemoEconomySummary {
  readonly versions: readonly { asAt: string; id: string; inputSha256: string }[];
  readonly entries: number;
  readonly scenarios: number;
}

export async function isDemoEconomyLoaded(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('app_meta').select('value').where('key', '=', DEMO_ECONOMY_KEY).executeTakeFirst()) !== undefined;
}

export async function loadDemoEconomy(db: Kysely<Database>, clock: Clock): Promise<DemoEconomySummary> {
  const system = Scope.system(db, clock);
  const contracts = JSON.parse(readFileSync(new URL('contracts.json', DIR), 'utf8')) as NewContractInput[];
  for (const c of contracts) await createContract(system, c);

  const plans = [['BEDFORD-ACUTE-2014-15', '2014-04', 'commissioner'], ['WSHFT-ACUTE-2015-16', '2015-04', 'sussex-commissioner']] as const;
  for (const [reference, period, username] of plans) {
    await submitPlan(await scopeOf(db, clock, username), reference, period, { path: new URL(`plans/${reference}.csv`, DIR).pathname });
  }

  const admin = await scopeOf(db, clock, 'admin');
  await createEconomy(admin, {
    id: DEMO_ECONOMY_ID, name: 'Concordat demo economy', ownerOrganisation: 'X24', sharing: 'published',
    description: 'The demo\'s contracts, payment statements and plans, with entered cost and workforce figures (illustrative where marked): the seed cases of Bedfordshire, Coastal West Sussex, Nottingham and Dudley side by side.',
  });
  let entries = 0;
  for (const year of YEARS) {
    for (const file of ['service-lines.csv', 'workforce.csv', 'providers.csv']) {
      const bytes = readFileSync(new URL(`${year}/${file}`, DIR));
      const report = await uploadEntries(admin, DEMO_ECONOMY_ID, { year, fileName: `src/app/demo/impact/${year}/${file}`, bytes });
      // Demo data must be clean: a rejected row is a mistake in the files, not something to skip.
      if (report.rejected > 0) throw new Error(`demo ${year}/${file}: ${JSON.stringify(report.tables.flatMap((t) => t.rejected))}`);
      entries += report.stored.length;
    }
  }
  const pathways = JSON.parse(readFileSync(new URL('pathways.json', DIR), 'utf8')) as { year: string }[];
  for (const year of [...new Set(pathways.map((p) => p.year))]) {
    const list = pathways.filter((p) => p.year === year).map(({ year: _y, ...p }) => p);
    entries += (await enterPathways(admin, DEMO_ECONOMY_ID, year, list, 'src/app/demo/impact/pathways.json')).stored.length;
  }

  const versions = [];
  for (const asAt of DEMO_VERSIONS) {
    const { version } = await buildVersion(admin, DEMO_ECONOMY_ID, asAt);
    versions.push({ asAt, id: version.id, inputSha256: version.inputSha256 });
  }

  for (const id of DEMO_SCENARIOS) {
    const { $schema: _s, ...scenario } = JSON.parse(readFileSync(new URL(`scenarios/${id}.json`, DIR), 'utf8')) as Record<string, unknown>;
    await createScenario(admin, { id, scenario, sharing: 'economy' });
  }
  await db.insertInto('app_meta').values({ key: DEMO_ECONOMY_KEY, value: clock.now().toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: clock.now().toISOString() })).execute();
  return { versions, entries, scenarios: DEMO_SCENARIOS.length };
}
