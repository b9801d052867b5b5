import { openStorage, type DatabaseOptions, type Storage } from '../storage/db.ts';
import { listAudit } from '../storage/repositories/audit.ts';
import type { Actor } from './actor.ts';
import * as auth from './auth.ts';
import { systemClock, type Clock } from './clock.ts';
import * as contracts from './contracts.ts';
import { isDemoLoaded, loadDemo, resetDemo } from './demo/load.ts';
import { isDemoPaymentsLoaded, loadDemoPayments } from './demo/payments.ts';
import { isDemoRelationshipsLoaded, loadDemoRelationships } from './demo/relationship.ts';
import { isDemoProcurementLoaded, loadDemoProcurement } from './demo/procurement.ts';
import { isDemoEconomyLoaded, loadDemoEconomy } from './demo/economy.ts';
import { economyOverview } from './economy.ts';
import * as impactDecisions from './impact/decisions.ts';
import * as economies from './impact/economies.ts';
import * as entries from './impact/entries.ts';
import * as impact from './impact/scenarios.ts';
import { verifyContractLedger, verifyEverything } from './ledger.ts';
import { importOdsDirectory, importOdsFile } from './ods-import.ts';
import * as organisations from './organisations.ts';
import type { ActivitySource } from './payments/engine-ingest.ts';
import * as statements from './payments/statements.ts';
import * as submissions from './payments/submissions.ts';
import * as tariffs from './payments/tariffs.ts';
import * as paymentTerms from './payments/terms.ts';
import { ReadCache, type ReadCacheLimits } from './read-cache.ts';
import { Scope } from './scope.ts';
import * as users from './users.ts';
import * as relDisputes from './relationship/disputes.ts';
import * as relMoney from './relationship/money.ts';
import * as relNotices from './relationship/notices.ts';
import * as relPerformance from './relationship/performance.ts';
import * as relRecord from './relationship/record.ts';
import * as relTerms from './relationship/terms.ts';

/** How long a looked-up session is trusted before it is looked up again. */
export const SESSION_CACHE_MS = 5_000;
import { fhirContract } from './fhir.ts';
import * as ocdsImports from './procurement/imports.ts';
import * as procurement from './procurement/procurements.ts';
import { publishedWorkspace } from './procurement/public.ts';
import * as schemes from './procurement/schemes.ts';

export interface AppOptions extends DatabaseOptions {
  readonly clock?: Clock;
  /** Load the demo economy into an empty database (the default for `npm start`). */
  readonly loadDemoIfEmpty?: boolean;
  /** Sign-in throttling limits (tests tighten or loosen them). */
  readonly throttle?: auth.ThrottleLimits;
  /**
   * The read cache for the heavy read endpoints (src/app/read-cache.ts): on by default, its limits
   * adjustable; `false` turns it off (CONCORDAT_READ_CACHE=0).
   */
  readonly readCache?: boolean | Partial<ReadCacheLimits>;
}

/**
 * The application: storage plus the use cases. Every use case is reached through {@link ConcordatApp.as}
 * (a user) or {@link ConcordatApp.system} (imports, the demo, command-line administration), which bind
 * a caller-scoped repository, so no route or command can forget whose data it is reading.
 */
export class ConcordatApp {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly #throttle: auth.SignInThrottle;
  /**
   * Sessions recently seen, by token hash, for a few seconds: every API request names its session,
   * and looking it up each time was a query per request. Signing out here drops it at once; a session
   * ended in another server process is honoured within SESSION_CACHE_MS.
   */
  readonly #sessions = new Map<string, { readonly actor: Actor; readonly until: number }>();
  /** Workspaces by actor object; an actor no session holds any more lets its workspace go. */
  readonly #workspaces = new WeakMap<Actor, Workspace>();

  /** Answers already computed for their caller, kept while the data is unchanged; null when turned off. */
  readonly reads: ReadCache | null;

  private constructor(storage: Storage, clock: Clock, throttle: auth.SignInThrottle, readCache: AppOptions['readCache']) {
    this.storage = storage;
    this.clock = clock;
    this.#throttle = throttle;
    this.reads = readCache === false ? null : new ReadCache(storage.db, clock, readCache === true ? {} : readCache);
  }

  static async open(options: AppOptions): Promise<ConcordatApp> {
    const storage = await openStorage(options);
    const clock = options.clock ?? systemClock;
    const app = new ConcordatApp(storage, clock, new auth.SignInThrottle(clock, options.throttle), options.readCache);
    if (options.loadDemoIfEmpty && !(await isDemoLoaded(storage.db))) {
      await loadDemo(storage.db, app.clock);
    } else if (options.loadDemoIfEmpty && !(await isDemoPaymentsLoaded(storage.db))) {
      // A demo database from before payments existed gets the demo payment data once.
      await loadDemoPayments(storage.db, app.clock);
    }
    // A demo database from before the relationship existed gets its seed cases once.
    if (options.loadDemoIfEmpty && !(await isDemoRelationshipsLoaded(storage.db))) await loadDemoRelationships(storage.db, app.clock);
    // A demo database from before procurement existed gets the demo procurements once.
    if (options.loadDemoIfEmpty && !(await isDemoProcurementLoaded(storage.db))) await loadDemoProcurement(storage.db, app.clock);
    if (options.loadDemoIfEmpty && !(await isDemoEconomyLoaded(storage.db))) {
      // A demo database from before stored economies gets the demo economy once.
      await loadDemoEconomy(storage.db, app.clock);
    }
    return app;
  }

  async close(): Promise<void> {
    await this.storage.close();
  }

  /** Signs in (throttled per user name and per address); `address` is the caller's network address. */
  signIn(username: string, password: string, address = 'local') {
    return auth.signIn(this.storage.db, this.clock, this.#throttle, username, password, address);
  }

  async actorForToken(token: string): Promise<Actor> {
    const key = auth.tokenHash(token);
    const now = this.clock.now().getTime();
    const hit = this.#sessions.get(key);
    if (hit && hit.until > now) return hit.actor;
    const { actor, expiresAt } = await auth.sessionForToken(this.storage.db, this.clock, token);
    if (this.#sessions.size >= 10_000) this.#sessions.clear();
    this.#sessions.set(key, { actor, until: Math.min(now + SESSION_CACHE_MS, Date.parse(expiresAt)) });
    return actor;
  }

  signOut(token: string) {
    this.#sessions.delete(auth.tokenHash(token));
    return auth.signOut(this.storage.db, token);
  }

  /**
   * The use cases, bound to one signed-in user. A workspace holds nothing but its Scope, so one is
   * built per actor (the session cache hands every request of a session the same actor) rather than
   * a hundred closures on every request.
   */
  as(actor: Actor): Workspace {
    let ws = this.#workspaces.get(actor);
    if (!ws) {
      ws = workspace(Scope.forUser(this.storage.db, actor, this.clock));
      this.#workspaces.set(actor, ws);
    }
    return ws;
  }

  /** The use cases as the system: imports, the demo, command-line administration. Never for an HTTP caller. */
  system() {
    return workspace(Scope.system(this.storage.db, this.clock));
  }

  /** What anyone may read without signing in: published notices, the OCDS feed and records, the registry as FHIR. */
  published() {
    return publishedWorkspace(this.storage.db, this.clock);
  }
}

function workspace(ctx: Scope) {
  return {
    actor: ctx.actor,
    listOrganisations: (f: Parameters<typeof organisations.listOrganisations>[1]) => organisations.listOrganisations(ctx, f),
    getOrganisation: (code: string) => organisations.getOrganisation(ctx, code),
    listServices: () => organisations.getServices(ctx),
    listContracts: (f: Parameters<typeof contracts.listContracts>[1]) => contracts.listContracts(ctx, f),
    getContract: (id: string, asAt?: string) => contracts.getContract(ctx, id, asAt),
    getContractAsAt: (id: string, date: string) => contracts.getContractAsAt(ctx, id, date),
    createContract: (input: contracts.NewContractInput) => contracts.createContract(ctx, input),
    decideAcceptance: (id: string, input: contracts.AcceptanceInput) => contracts.decideAcceptance(ctx, id, input),
    decideSubcontractConsent: (id: string, input: contracts.AcceptanceInput) => contracts.decideSubcontractConsent(ctx, id, input),
    addVariation: (id: string, input: contracts.NewVariationInput) => contracts.addVariation(ctx, id, input),
    proposeVariation: (id: string, input: contracts.NewVariationInput) => contracts.proposeVariation(ctx, id, input),
    decideProposal: (id: string, proposalId: string, input: contracts.ProposalDecisionInput) => contracts.decideProposal(ctx, id, proposalId, input),
    verifyContractLedger: (id: string) => verifyContractLedger(ctx, id),
    verifyEverything: () => verifyEverything(ctx),
    economyOverview: (asAt?: string) => economyOverview(ctx, asAt),
    importOdsFile: (path: string) => importOdsFile(ctx, path),
    importOdsDirectory: (dir: string) => importOdsDirectory(ctx, dir),
    resetDemo: () => resetDemo(ctx),
    listAudit: async (f: { entityType?: string; entityId?: string; limit?: number; offset?: number }) => {
      // Commissioners and providers see the audit trail of their own organisation's actions.
      const limit = f.limit ?? 50;
      const offset = f.offset ?? 0;
      const all = await ctx.may('audit.read_all');
      const page = await listAudit(ctx.db, { ...f, limit, offset, organisationCode: all ? undefined : ctx.actor.organisationCode });
      return { ...page, limit, offset };
    },
    listUsers: () => users.listUsers(ctx),
    createUser: (input: users.NewUserInput) => users.createUser(ctx, input),
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
    // Impact: stored economies, their versions and entered figures, scenarios and runs, decisions' impact.
    listEconomies: () => economies.listEconomies(ctx),
    getEconomy: (id: string) => economies.getEconomy(ctx, id),
    createEconomy: (input: economies.NewEconomyInput) => economies.createEconomy(ctx, input),
    shareEconomy: (id: string, sharing: Parameters<typeof economies.shareEconomy>[2]) => economies.shareEconomy(ctx, id, sharing),
    editEconomy: (id: string, input: economies.EconomyDetailsInput) => economies.editEconomy(ctx, id, input),
    buildEconomyVersion: (id: string, asAt: string) => economies.buildVersion(ctx, id, asAt),
    getEconomyVersion: (id: string, choice: economies.VersionChoice = {}) => economies.getVersion(ctx, id, choice),
    economyForRun: async (id: string, choice: economies.VersionChoice = {}) => economies.economyForRun(ctx, await ctx.economy(id, 'scenario.run'), choice),
    listEconomyEntries: (id: string, year: string) => entries.listEntries(ctx, id, year),
    enterEconomyRows: (id: string, input: entries.FormRowsInput) => entries.enterRows(ctx, id, input),
    enterPathways: (id: string, year: string, pathways: readonly unknown[]) => entries.enterPathways(ctx, id, year, pathways),
    uploadEconomyEntries: (id: string, input: entries.UploadInput) => entries.uploadEntries(ctx, id, input),
    costTemplate: (id: string, options: Parameters<typeof entries.costTemplate>[2]) => entries.costTemplate(ctx, id, options),
    listScenarios: (filter: { economy?: string } = {}) => impact.listScenarios(ctx, filter),
    getScenario: (id: string) => impact.getScenarioJson(ctx, id),
    getScenarioDetail: (id: string) => impact.getScenario(ctx, id),
    createScenario: (input: impact.ScenarioInput) => impact.createScenario(ctx, input),
    updateScenario: (id: string, input: Parameters<typeof impact.updateScenario>[2]) => impact.updateScenario(ctx, id, input),
    deleteScenario: (id: string) => impact.deleteScenario(ctx, id),
    scenarioSchema: () => impact.scenarioSchema(),
    // The user's own daily work in the web: terms by year, their organisation's users.
    listPaymentTerms: (contract: string) => paymentTerms.listPaymentTerms(ctx, contract),
    account: () => users.account(ctx),
    // The relationship (issue 8): contract management (GC9), performance, money each way, disputes.
    getRelationship: (commissioner: string, provider: string, asAt?: string) => relRecord.getRelationship(ctx, commissioner, provider, asAt),
    listActionsDue: (f: { asAt?: string; organisation?: string } = {}) => relRecord.listActionsDue(ctx, f),
    getManagementTerms: (contract: string) => relTerms.getManagementTerms(ctx, contract),
    setManagementTerms: (contract: string, input: relTerms.ManagementTermsInput) => relTerms.setManagementTerms(ctx, contract, input, relDisputes.checkCasesUnder),
    getPerformance: (contract: string) => relPerformance.getPerformance(ctx, contract),
    submitPerformanceReturns: (contract: string, input: { returns: readonly relPerformance.ReturnInput[] }) => relPerformance.submitReturns(ctx, contract, input),
    ocdsImplementation: (contract: string) => relPerformance.ocdsImplementation(ctx, contract),
    listNotices: (f: relNotices.NoticeFilter = {}) => relNotices.listNotices(ctx, f),
    getNotice: (id: string, asAt?: string) => relNotices.getNotice(ctx, id, asAt),
    issueNotice: (contract: string, input: relNotices.NoticeInput) => relNotices.issueContractNotice(ctx, contract, input),
    takeNoticeStep: (id: string, input: relNotices.NoticeStepInput) => relNotices.takeNoticeStep(ctx, id, input),
    listDisputes: (f: { open?: boolean; asAt?: string } = {}) => relDisputes.listDisputes(ctx, f),
    getDispute: (id: string, asAt?: string) => relDisputes.getDispute(ctx, id, asAt),
    raiseDispute: (contract: string, input: relDisputes.RaiseInput) => relDisputes.raiseGc14Dispute(ctx, contract, input),
    takeDisputeStep: (id: string, input: relDisputes.Gc14StepInput) => relDisputes.takeGc14Step(ctx, id, input),
    openContractSettingDispute: (commissioner: string, provider: string, input: relDisputes.ContractSettingOpenInput) => relDisputes.openContractSetting(ctx, commissioner, provider, input),
    takeContractSettingStep: (id: string, input: relDisputes.ContractSettingStepInput) => relDisputes.takeContractSettingStep(ctx, id, input),
    recordMoney: (contract: string, input: relMoney.MoneyInput) => relMoney.recordMoney(ctx, contract, input),
    // Procurement in the open (issue 9): procurements step by step, stage gates, OCDS imports, FHIR.
    listProcurements: () => procurement.listProcurements(ctx),
    getProcurement: (id: string) => procurement.getProcurement(ctx, id),
    openProcurement: (input: procurement.OpenProcurementInput) => procurement.openNewProcurement(ctx, input),
    takeProcurementStep: (id: string, input: procurement.StepInput) => procurement.takeStep(ctx, id, input),
    recordProcurementHistory: (events: Parameters<typeof procurement.recordProcurementHistory>[1], options?: { createContracts?: boolean }) => procurement.recordProcurementHistory(ctx, events, options),
    procurementDecisionRecord: (id: string) => procurement.getDecisionRecord(ctx, id),
    draftProcurementNotice: (id: string, kind?: Parameters<typeof procurement.draftNotice>[2]) => procurement.draftNotice(ctx, id, kind),
    checkProcurementNotice: (kind: Parameters<typeof procurement.checkNotice>[0], content: Parameters<typeof procurement.checkNotice>[1]) => procurement.checkNotice(kind, content),
    assessProcurementRoute: (answers: Parameters<typeof procurement.assessProcurementRoute>[1], on?: string) => procurement.assessProcurementRoute(ctx, answers, on),
    listSchemes: () => schemes.listSchemes(ctx),
    getScheme: (id: string) => schemes.getScheme(ctx, id),
    openScheme: (input: schemes.OpenSchemeInput) => schemes.openScheme(ctx, input),
    takeSchemeStep: (id: string, input: schemes.SchemeStepInput) => schemes.takeSchemeStep(ctx, id, input),
    recordSchemeHistory: (events: Parameters<typeof schemes.recordSchemeHistory>[1]) => schemes.recordSchemeHistory(ctx, events),
    importOcds: (input: { fileName: string; text: string }) => ocdsImports.importOcdsPackage(ctx, input),
    listOcdsImports: () => ocdsImports.listOcdsImports(ctx),
    getOcdsImport: (id: string) => ocdsImports.getOcdsImport(ctx, id),
    listImportedProcurements: (f: Parameters<typeof ocdsImports.listImportedProcurements>[1]) => ocdsImports.listImportedProcurements(ctx, f),
    fhirContract: (id: string) => fhirContract(ctx, id),
    simulate: (scenario: unknown, options: impact.RunOptions = {}) => impact.runSimulation(ctx, scenario, options),
    runScenario: (id: string, options: impact.RunOptions = {}) => impact.runStoredScenario(ctx, id, options),
    listScenarioRuns: (id: string) => impact.listRuns(ctx, id),
    getRun: (runId: string) => impact.getRun(ctx, runId),
    simulationReport: (scenarioId: string, options: impact.RunOptions = {}) => impact.scenarioReport(ctx, scenarioId, options),
    assessDecision: (economyId: string, decision: Parameters<typeof impactDecisions.assessDecision>[2], options: impactDecisions.AssessOptions = {}) =>
      impactDecisions.assessDecision(ctx, economyId, decision, options),
    assessVariation: (contract: string, input: Parameters<typeof impactDecisions.assessVariation>[2]) => impactDecisions.assessVariation(ctx, contract, input),
    contractImpactRuns: (contract: string) => impactDecisions.impactRunsOfContract(ctx, contract),
  };
}

export type Workspace = ReturnType<typeof workspace>;
