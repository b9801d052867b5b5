/**
 * Impact and sustainability (C8): economies built from stored data (build-economy.ts) with the
 * cost and workforce template (cost-template.ts), scenarios and levers, the scope a scenario
 * covers, the deterministic projection with baseline, bridge, failures and contagion, the minimum
 * income guarantee solver, decisions' impact scenarios and the fragmentation index. Pure: no I/O,
 * no clock, no randomness (the stress test in src/engine/simulation passes sampled inputs into the
 * same month-by-month run).
 */

export * from './types.ts';
export type { EntryCommon, ServiceLineEntry, WorkforceEntry, ProviderEntry, PathwayEntry, Draft } from './entries.ts';
export {
  buildEconomy,
  DERIVED_UNIT_PENCE,
  type BuiltEconomy,
  type ContractAsAt,
  type EconomyInput,
  type PlanLineInput,
  type RegistryOrganisation,
  type RegistrySuccessor,
  type StatementIncome,
} from './build-economy.ts';
export * from './scenario.ts';
export { checkEconomy, compileModel, nearestLines, NEAREST_PROVIDER_MAX_KM, type CompiledModel, type LineMeta, type NearestCandidate } from './model.ts';
export { economyForScenario, scenarioCoverage, type ScenarioCoverage } from './scope.ts';
export { impactScenario, type Decision, type ImpactScenarioOptions } from './decisions.ts';
export { roundPence } from '../money.ts';
export {
  allocateBuffers,
  runKernel,
  NO_UNCERTAINTY,
  FAILURE_REASONS,
  type TrialParams,
  type KernelBuffers,
  type FailureReason,
  type FlowSink,
} from './monthly-projection.ts';
export * from './projection.ts';
export { solveMinimumIncomeGuarantee, type MigSolution } from './solver.ts';
export { fragmentationIndex, economySpend, type SpendRow, type FragmentationResult, type FragmentationStep } from './fragmentation.ts';
export { createRandom, type Random } from './random.ts';
export { generateEconomy, generateScenario } from './generated-economy.ts';
export {
  costTemplateCsv,
  costTemplateXlsx,
  parseCostCsv,
  parseCostWorkbook,
  TEMPLATE_COLUMNS,
  TEMPLATE_SHEETS,
  templateContextOf,
  templateLinesOf,
  templateRows,
  validateRows,
  type CostUpload,
  type FieldIssue,
  type RawRow,
  type RejectedRow,
  type TableReport,
  type TemplateColumn,
  type TemplateContext,
  type TemplateLine,
  type TemplatePrefill,
  type TemplateTable,
} from './cost-template.ts';
export { monthIndex, addMonthsToPeriod, projectionPeriods } from './periods.ts';
