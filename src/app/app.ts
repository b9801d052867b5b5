import { openStorage, type DatabaseOptions, type Storage } from '../storage/db.ts';
import { listAudit } from '../storage/repositories/audit.ts';
import { SYSTEM_ACTOR, readsAcrossEconomy, requireAdmin, type Actor } from './actor.ts';
import * as auth from './auth.ts';
import { systemClock, type Clock } from './clock.ts';
import type { UseCaseContext } from './context.ts';
import * as contracts from './contracts.ts';
import { isDemoLoaded, loadDemo, resetDemo } from './demo/load.ts';
import { isDemoPaymentsLoaded, loadDemoPayments } from './demo/payments.ts';
import { economyOverview } from './economy.ts';
import { renderReport } from './impact/report.ts';
import * as impact from './impact/scenarios.ts';
import { importOdsDirectory, importOdsFile } from './ods-import.ts';
import * as organisations from './organisations.ts';
import type { ActivitySource } from './payments/ingest.ts';
import * as statements from './payments/statements.ts';
import * as submissions from './payments/submissions.ts';
import * as tariffs from './payments/tariffs.ts';
import * as paymentTerms from './payments/terms.ts';

export interface AppOptions extends DatabaseOptions {
  readonly clock?: Clock;
  /** Load the demo economy into an empty database (the default for `npm start`). */
  readonly loadDemoIfEmpty?: boolean;
}

/**
 * The application: storage plus the use cases. Every use case is reached through {@link ConcordatApp.as},
 * which binds the caller, so no route or command can forget whose data it is reading.
 */
export class ConcordatApp {
  readonly storage: Storage;
  readonly clock: Clock;

  private constructor(storage: Storage, clock: Clock) {
    this.storage = storage;
    this.clock = clock;
  }

  static async open(options: AppOptions): Promise<ConcordatApp> {
    const storage = await openStorage(options);
    const app = new ConcordatApp(storage, options.clock ?? systemClock);
    if (options.loadDemoIfEmpty && !(await isDemoLoaded(storage.db))) {
      await loadDemo(storage.db, app.clock, SYSTEM_ACTOR);
    } else if (options.loadDemoIfEmpty && !(await isDemoPaymentsLoaded(storage.db))) {
      // A demo database from before payments existed gets the demo payment data once.
      await loadDemoPayments(storage.db, app.clock, SYSTEM_ACTOR);
    }
    return app;
  }

  async close(): Promise<void> {
    await this.storage.close();
  }

  signIn(username: string, password: string) {
    return auth.signIn(this.storage.db, this.clock, username, password);
  }

  actorForToken(token: string) {
    return auth.actorForToken(this.storage.db, this.clock, token);
  }

  signOut(token: string) {
    return auth.signOut(this.storage.db, token);
  }

  /** The use cases, bound to one caller. */
  as(actor: Actor) {
    const ctx: UseCaseContext = { db: this.storage.db, actor, clock: this.clock };
    return {
      actor,
      listOrganisations: (f: Parameters<typeof organisations.listOrganisations>[1]) => organisations.listOrganisations(ctx, f),
      getOrganisation: (code: string) => organisations.getOrganisation(ctx, code),
      listServices: () => organisations.getServices(ctx),
      listContracts: (f: Parameters<typeof contracts.listContracts>[1]) => contracts.listContracts(ctx, f),
      getContract: (id: string, asAt?: string) => contracts.getContract(ctx, id, asAt),
      getContractAsAt: (id: string, date: string) => contracts.getContractAsAt(ctx, id, date),
      createContract: (input: contracts.NewContractInput) => contracts.createContract(ctx, input),
      addVariation: (id: string, input: contracts.NewVariationInput) => contracts.addVariation(ctx, id, input),
      economyOverview: (asAt?: string) => economyOverview(ctx, asAt),
      importOdsFile: (path: string) => importOdsFile(ctx, path),
      importOdsDirectory: (dir: string) => importOdsDirectory(ctx, dir),
      resetDemo: () => resetDemo(this.storage.db, this.clock, actor),
      listAudit: (f: { entityType?: string; entityId?: string; limit?: number; offset?: number }) => {
        // Commissioners and providers see the audit trail of their own organisation's actions.
        const limit = f.limit ?? 50;
        const offset = f.offset ?? 0;
        return listAudit(this.storage.db, {
          ...f, limit, offset,
          organisationCode: readsAcrossEconomy(actor) ? undefined : actor.organisationCode,
        }).then((p) => ({ ...p, limit, offset }));
      },
      requireAdmin: () => requireAdmin(actor),
      loadTariff: (input: tariffs.LoadTariffInput) => tariffs.loadTariff(ctx, input),
      listTariffs: () => tariffs.listTariffs(ctx),
      getTariff: (year: string) => tariffs.getTariff(ctx, paymentTerms.normaliseYear(year)),
      setPaymentTerms: (contract: string, year: string, input: paymentTerms.PaymentTermsInput) => paymentTerms.setPaymentTerms(ctx, contract, year, input),
      getPaymentTerms: (contract: string, year: string) => paymentTerms.getPaymentTerms(ctx, contract, year),
      submitActivity: (contract: string, period: string, source: ActivitySource | string) =>
        submissions.submitActivity(ctx, contract, period, typeof source === 'string' ? { path: source } : source),
      submitPlan: (contract: string, period: string, source: ActivitySource | string) =>
        submissions.submitPlan(ctx, contract, period, typeof source === 'string' ? { path: source } : source),
      listSubmissions: (contract: string) => submissions.listSubmissions(ctx, contract),
      getSubmission: (contract: string, id: string) => submissions.getSubmission(ctx, contract, id),
      getStatement: (contract: string, period: string) => statements.getStatement(ctx, contract, period),
      // Impact scenarios run against the demo economy, synthetic reference data open to any signed-in
      // user; scoping to an economy the actor may see comes when economies are stored.
      listScenarios: () => impact.listSavedScenarios(),
      getScenario: (id: string) => impact.getSavedScenario(id),
      scenarioSchema: () => impact.scenarioSchema(),
      scenarioEconomy: (id?: string) => impact.economySummary(id),
      simulate: (scenario: unknown, options: { trials?: number; seed?: number } = {}) => impact.runSimulation(scenario, options),
      simulationReport: async (scenarioId: string, options: { trials?: number; seed?: number } = {}) =>
        renderReport(await impact.runSimulation(impact.getSavedScenario(scenarioId), options), { scenarioId, generatedAt: this.clock.now().toISOString() }),
    };
  }
}

export type Workspace = ReturnType<ConcordatApp['as']>;
