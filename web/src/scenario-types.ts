// Types of the impact API (/api/scenarios, /api/simulations): a scenario's simulation result as the
// server sends it (src/cli/commands/simulate.ts SimulateOutput plus trials, seed, outcomes, levers).
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
  projection: Projection;
  stress: Stress | null;
  trials: number;
  seed: number;
  outcomes: string[];
  levers: LeverSummary[];
}
