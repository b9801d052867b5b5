// Types of the impact API (/api/economies, /api/scenarios, /api/simulations, /api/runs): stored
// economies and their versions as built (with where every figure came from), saved scenarios, and a
// simulation result as the server sends it (src/app/impact/scenarios.ts SimulationResult).
// Money is integer pence; probabilities and shares are micros (1,000,000 = 100%).

export interface LeverSummary {
  index: number;
  type: string;
  label: string;
  from: string;
  summary: string;
}

export interface SavedScenario {
  id: string;
  name: string;
  description: string;
  economy: string;
  ownerOrganisation: string;
  sharing: 'private' | 'economy';
  updatedAt: string;
  yours: boolean;
  start: string;
  horizonMonths: number;
  levers: LeverSummary[];
  hasUncertainty: boolean;
  solves: boolean;
}

export interface ScenarioEconomy {
  id: string;
  name: string;
  priceBase: string;
  providers: {
    code: string;
    name: string;
    kind: string;
    illustrative: boolean;
    serviceLines: { service: string; annualIncome: number; annualActivity: number; workforce: { staffGroup: string; headcount: number; minimumViable: number }[] }[];
  }[];
  commissioners: { code: string; name: string; kind: string }[];
  pathways: { id: string; name: string }[];
  services: string[];
}

export interface LineFailure {
  period: string;
  monthIndex: number;
  reason: string;
}

export interface LineProjection {
  service: string;
  created: boolean;
  status: 'open' | 'closed';
  failed: LineFailure | null;
  baselineFailed: LineFailure | null;
  workforce: { staffGroup: string; headcount: number; minimumViable: number }[];
  monthly: { activity: number[]; income: number[]; cost: number[]; recovery: number[]; result: number[] };
  cumulative: { income: number; cost: number; recovery: number; result: number; baselineResult: number; impact: number };
}

export interface ProviderProjection {
  code: string;
  name: string;
  illustrative: boolean;
  monthly: { income: number[]; expenditure: number[]; surplus: number[]; cash: (number | null)[] };
  baseline: { income: number[]; expenditure: number[]; surplus: number[] };
  years: { from: string; to: string; income: number; expenditure: number; surplus: number; baselineSurplus: number }[];
  cumulative: { income: number; expenditure: number; surplus: number; baselineSurplus: number; impact: number };
  impactBreakdown: { income: number; variableCost: number; semiFixedCost: number; fixedCost: number; payCost: number; surplus: number };
  firstDeficitYear: string | null;
  baselineFirstDeficitYear: string | null;
  cashExhausted: string | null;
  mergedInto: { provider: string; period: string } | null;
  serviceLines: LineProjection[];
}

export interface ProviderBridge {
  provider: string;
  baselineCumulativeSurplus: number;
  steps: { lever: number | null; label: string; amount: number }[];
  totalChange: number;
  scenarioCumulativeSurplus: number;
}

export interface Projection {
  scenario: { name: string; description: string; economy: string; start: string; horizonMonths: number; levers: { index: number; type: string; label: string; from: string }[] };
  periods: string[];
  providers: ProviderProjection[];
  failures: { period: string; monthIndex: number; provider: string; service: string; reason: string }[];
  contagion: { fromProvider: string; service: string; toProvider: string; firstPeriod: string; activity: number }[];
  unmetActivity: number;
  bridges: ProviderBridge[];
  fragmentation: { pathway: string; name: string; commissioners: number; providers: number; contracts: number; handoffs: number; gaps: string[] }[];
  minimumIncomeGuarantee: {
    provider: string;
    service: string;
    target: { provider: string; service: string };
    from: string;
    until: string;
    failsWithoutGuaranteeIn: string | null;
    annualFloor: number | null;
    topUpPaid: number | null;
  } | null;
}

export interface Quantiles {
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

export interface Stress {
  trials: number;
  seed: number;
  periods: string[];
  fanPeriods: string[];
  providers: {
    code: string;
    name: string;
    baselineCumulativeSurplus: number;
    scenarioCumulativeSurplus: number;
    cumulativeSurplus: Quantiles & { mean: number };
    probabilityCumulativeDeficit: number;
    fan: { p5: number[]; p25: number[]; p50: number[]; p75: number[]; p95: number[] };
    cashFailureProbability: number;
    medianCashFailurePeriod: string | null;
    anyServiceFailureProbability: number;
  }[];
  serviceLines: { provider: string; service: string; failureProbability: number; medianFailurePeriod: string | null; scenarioFailurePeriod: string | null }[];
  whoFailsFirst: { rank: number; provider: string; service: string | null; failureProbability: number; shareFirst: number; medianFailureMonth: number; medianFailurePeriod: string }[];
}

export interface SimulationResult {
  economy: { id: string; name: string; versionId: string; seq: number; asAt: string; year: string; inputSha256: string };
  projection: Projection;
  stress: Stress | null;
  trials: number;
  seed: number;
  outcomes: string[];
  levers: LeverSummary[];
}

// ---- stored economies (src/app/impact/economies.ts, src/domain/impact/types.ts)

export interface VersionSummary {
  id: string;
  economyId: string;
  seq: number;
  asAt: string;
  year: string;
  inputSha256: string;
  builtBy: string;
  builtByOrganisation: string | null;
  builtAt: string;
}

export interface EconomyView {
  id: string;
  ownerOrganisation: string;
  name: string;
  description: string;
  sharing: 'private' | 'economy' | 'published';
  createdBy: string;
  createdAt: string;
  versions: VersionSummary[];
  youMay: { build: boolean; enter: boolean; share: boolean; edit: boolean; saveScenario: boolean };
}

export type Provenance =
  | { kind: 'entry'; table: string; entryId: string; line?: number; illustrative: boolean; note?: string }
  | { kind: 'plan'; contracts: string[]; note?: string }
  | { kind: 'registry'; organisation: string }
  | { kind: 'derived'; note: string }
  | { kind: 'default'; note: string }
  | { kind: 'illustrative'; note: string };

export interface IncomeContribution {
  contractId: string;
  contract: string;
  amount: number;
  basis: 'statement' | 'contract-value';
  periods: string[];
  split: string;
  submissions?: string[];
}

export interface BuiltServiceLine {
  service: string;
  income: { commissioner: string; annualIncome: number; sources?: IncomeContribution[] }[];
  annualActivity: number;
  variableCostShare: number;
  semiFixed?: { annualVolumePerStep: number; annualCostPerStep: number };
  fixedCost: number;
  workforce: { staffGroup: string; headcount: number; annualUnitCost: number; minimumViable: number; provenance?: Provenance }[];
  minimumViableVolume: number;
  maxAnnualLoss?: number;
  nearestProviders?: string[];
  source?: string;
  provenance?: { activity: Provenance; costs: Provenance };
}

export interface BuiltEconomy {
  id: string;
  name: string;
  priceBase: string;
  asAt?: string;
  year?: string;
  providers: { code: string; name: string; kind: string; illustrative?: boolean; closeDate?: string; cash?: number; serviceLines: BuiltServiceLine[]; provenance?: Provenance }[];
  commissioners: { code: string; name: string; kind: string; closeDate?: string }[];
  contracts?: { id: string; reference: string; title: string; status: string; startDate: string; endDate: string; valuePence: number; parties: { organisation: string; role: string }[]; services: string[]; incomeInYear: number; statementPeriods: string[] }[];
  pathways?: { id: string; name: string }[];
  notes?: string[];
}

export interface VersionView {
  economy: Omit<EconomyView, 'versions'>;
  version: VersionSummary & { warnings: { path: string; message: string }[] };
  data: BuiltEconomy;
  entries: Record<string, { sourceFile: string | null; sourceLine: number | null; enteredBy: string; enteredAt: string; current: boolean }>;
}

export interface BuildResult {
  version: VersionSummary;
  created: boolean;
  warnings: { path: string; message: string }[];
}

export interface EntryReport {
  economyId: string;
  year: string;
  fileName: string;
  tables: { table: string; rowsRead: number; stored: number; rejected: { line: number; sheet?: string; row: string; issues: { field: string; message: string }[] }[]; blank: number; ignoredColumns: string[] }[];
  stored: { id: string; table: string; key: string; line: number | null; supersedes: string | null }[];
  rejected: number;
}

export interface StoredRun {
  run: { id: string; scenarioId: string | null; economyId: string; versionId: string; trials: number; seed: number; decision: unknown; runAt: string; runByOrganisation: string };
  result: SimulationResult;
}

export type DecisionInput =
  | { kind: 'service-move'; provider: string; service: string; to: string; share: number; from: string; costTransfer?: number; contract?: string }
  | { kind: 'procurement-award'; contract: string; awardedTo: string; incumbents: string[]; services?: string[]; share?: number; from: string; phaseInMonths?: number };

/** The lever pickers' view of a built economy: providers and their lines, services, contracts. */
export function scenarioEconomyOf(data: BuiltEconomy): ScenarioEconomy & { contracts: { reference: string; title: string; parties: string[] }[] } {
  return {
    id: data.id,
    name: data.name,
    priceBase: data.priceBase,
    providers: data.providers.map((p) => ({
      code: p.code,
      name: p.name,
      kind: p.kind,
      illustrative: p.illustrative ?? false,
      serviceLines: p.serviceLines.map((l) => ({
        service: l.service,
        annualIncome: l.income.reduce((s, i) => s + i.annualIncome, 0),
        annualActivity: l.annualActivity,
        workforce: l.workforce.map((w) => ({ staffGroup: w.staffGroup, headcount: w.headcount, minimumViable: w.minimumViable })),
      })),
    })),
    commissioners: data.commissioners.map((c) => ({ code: c.code, name: c.name, kind: c.kind })),
    pathways: (data.pathways ?? []).map((p) => ({ id: p.id, name: p.name })),
    services: [...new Set(data.providers.flatMap((p) => p.serviceLines.map((l) => l.service)))].sort(),
    contracts: (data.contracts ?? []).map((c) => ({ reference: c.reference, title: c.title, parties: c.parties.map((x) => x.organisation) })),
  };
}
