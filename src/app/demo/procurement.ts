/**
 * The demo's procurement seed cases (issue 9), recorded through the same use cases users take, as
 * back-filled history (the system scope keeps the events' own dates):
 * - Staffordshire cancer: four CCGs through the PSR Competitive Process to award, bidders scored; the
 *   award creates STAFFS-CANCER-2025, linked back (offers, scores, dates and people illustrative);
 * - Cambridgeshire community services: rolled over rather than tendered, with reasons (legacy route;
 *   the contract's roll-over variation is already in the demo contracts, so it is not applied again);
 * - the Dudley integrated care provider's stage gates, the strategic outline case not signed by RNA;
 * - the shared Contracts Finder sample (17 real NHS notices), through the OCDS import.
 */

import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { COMMUNITY_ROLLOVER_EVENTS } from '../../domain/procurement/fixtures/community-services-rollover.ts';
import { DUDLEY_ICP_STAGE_GATE_EVENTS } from '../../domain/procurement/fixtures/dudley-icp-stage-gates.ts';
import { STAFFORDSHIRE_CANCER_EVENTS } from '../../domain/procurement/fixtures/staffordshire-cancer.ts';
import { upsertOrganisation } from '../../storage/repositories/organisations.ts';
import type { Database } from '../../storage/schema.ts';
import type { Clock } from '../clock.ts';
import { importOcdsPackage } from '../procurement/imports.ts';
import { recordProcurementHistory } from '../procurement/procurements.ts';
import { recordSchemeHistory } from '../procurement/schemes.ts';
import { Scope } from '../scope.ts';
import { DEMO_ORGANISATIONS } from './organisations.ts';

const LOADED_KEY = 'demo_procurement_loaded_at';
export const DEMO_OCDS_SAMPLE = new URL('./data/contracts-finder-nhs-2025.json', import.meta.url);
const NEEDED = ['RJE', 'RRE', 'ZSCCP', 'ZCCHL'];

export async function isDemoProcurementLoaded(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('app_meta').select('value').where('key', '=', LOADED_KEY).executeTakeFirst()) !== undefined;
}

export async function loadDemoProcurement(db: Kysely<Database>, clock: Clock): Promise<{ procurements: number; schemes: number; importedReleases: number }> {
  const ctx = Scope.system(db, clock);
  // A demo database from before procurement existed lacks the bidders; the registry write is idempotent.
  await ctx.write(['registry'], async (w) => {
    for (const o of DEMO_ORGANISATIONS.filter((x) => NEEDED.includes(x.code))) await upsertOrganisation(w.db, o);
    await w.record({ action: 'demo.procurement_registry', entityType: 'economy', entityId: 'demo', detail: { organisations: NEEDED } });
  });
  await recordProcurementHistory(ctx, STAFFORDSHIRE_CANCER_EVENTS);
  await recordProcurementHistory(ctx, COMMUNITY_ROLLOVER_EVENTS, { createContracts: false });
  await recordSchemeHistory(ctx, DUDLEY_ICP_STAGE_GATE_EVENTS);
  const imported = await importOcdsPackage(ctx, { fileName: 'contracts-finder-nhs-2025.json', text: readFileSync(DEMO_OCDS_SAMPLE, 'utf8') });
  await db.insertInto('app_meta').values({ key: LOADED_KEY, value: clock.now().toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: clock.now().toISOString() })).execute();
  return { procurements: 2, schemes: 1, importedReleases: imported.counts.imported + imported.counts.updated };
}
