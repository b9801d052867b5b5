/**
 * SYNTHETIC. A hand-written economy for the engine's own tests and the scaling benchmark's
 * comparison: the product's demo economy is built from the demo's stored contracts, statements and
 * entered costs (build-economy.ts, src/app/demo/impact), and the CLI and API use this one only until
 * they read stored economies. Its figures do not match the contract pages (Bedford £137m here,
 * £112m there) and are not meant to.
 *
 * Four local health economies from the seed cases (shared/seeds/004 and 001),
 * each with real ODS codes (checked against shared/data/ods/etr.csv and eccg.csv) and neighbours so
 * a closed service has somewhere to send its patients.
 *
 *   Bedfordshire  Bedford Hospital RC1, Milton Keynes RD8, Circle (ZCIRC, illustrative code);
 *                 Bedfordshire CCG 06F, Milton Keynes CCG 04F.
 *   West Sussex   Western Sussex Hospitals RYR (now University Hospitals Sussex, same code),
 *                 Brighton and Sussex University Hospitals RXH, BupaCSH (ZBUPA, illustrative code);
 *                 Coastal West Sussex CCG 09G, Brighton and Hove CCG 09D.
 *   Nottingham    Nottingham University Hospitals RX1, Sherwood Forest RK5, Derby and Burton RTG,
 *                 city GP practices (ZNGP, aggregate, illustrative); Nottingham City CCG 04K,
 *                 Mansfield and Ashfield CCG 04E, Southern Derbyshire CCG 04R, Nottingham City
 *                 Council (ONS E06000018), NHS England Midlands Commissioning Hub 14A.
 *   Dudley        The Dudley Group RNA, Dudley Integrated Health and Care RYK, Sandwell and West
 *                 Birmingham RXK, Walsall RBK; Dudley CCG 05C, Sandwell and West Birmingham CCG 05L,
 *                 Walsall CCG 05Y, Dudley MBC (ONS E08000027), West Midlands Commissioning Hub 14C.
 *
 * Figures from the seeds: Bedford MSK income about £10m in 2013-14 and 7 trauma surgeons; Circle
 * £120m over 5 years (£24m a year); BupaCSH £235m over 5 years (£47m a year); Nottingham
 * dermatology 8 consultants; Dudley ICP £360m including about 40% of the Dudley Group's services.
 * Every other figure is illustrative: plausible for the size of the organisation, not published.
 *
 * Price base: the Bedford, Sussex and Nottingham figures are 2014-15 prices; Dudley's are 2019-20
 * (its case is 2020). Staff unit costs are derived from PSSRU Unit Costs of Health and Social Care
 * 2024 (shared/data/costs/pssru_unit_costs_2024_ncl.csv, 2024-25 prices) and rebased with the GDP
 * deflator (shared/data/costs/uk_cost_indices_gdp_deflator_ncl.csv: 2014-15 = 74.0662,
 * 2019-20 = 80.8738, 2024-25 = 100).
 */

import { applyRate, type Micros, type Pence } from '../money.ts';
import type { Commissioner, Economy, Provider, ServiceLine, WorkforceGroup } from './types.ts';

// ---------------------------------------------------------------------------------------------
// Staff unit costs

/** PSSRU 2024 cost per hour, pence (2024-25 prices). */
export const PSSRU_HOURLY_2024: Readonly<Record<string, Pence>> = {
  /** 'Other Doctor' £222/h (Table 9.4.2, proxied from the GP rate): used for consultants. */
  consultant: 22_200,
  /** 'Nurse' £47/h, Band 5 (Table 9.3.1). */
  nurse: 4_700,
  /** 'Physiotherapist' £57/h, Band 6 (Table 8.2.1). */
  physiotherapist: 5_700,
  /** 'HCA' £39/h, Band 4 (Table 8.2.1). */
  hca: 3_900,
  /** 'GP' £222/h (Table 9.4.2). */
  gp: 22_200,
};

/**
 * Contracted hours a year: 37.5 h/week x 44 working weeks (52 less annual, study and bank
 * leave) = 1,650 h. Illustrative assumption; a consultant's 10 PAs x 4h is 40 h/week.
 */
export const CONTRACTED_HOURS_A_YEAR = 1_650;

/** GDP deflator relative to 2024-25 (= 1,000,000 micros), from the shared cost indices. */
export const GDP_DEFLATOR_TO_2024: Readonly<Record<string, Micros>> = {
  '2014-15': 740_662,
  '2019-20': 808_738,
  '2024-25': 1_000_000,
};

/**
 * Annual cost of one whole-time equivalent: PSSRU hourly cost x contracted hours, rebased from
 * 2024-25 prices to `priceBase` with the GDP deflator.
 *
 * @example annualUnitCost('consultant', '2014-15') // 27_130_449 (£271,304.49)
 */
export function annualUnitCost(group: keyof typeof PSSRU_HOURLY_2024, priceBase: keyof typeof GDP_DEFLATOR_TO_2024): Pence {
  return applyRate(PSSRU_HOURLY_2024[group] * CONTRACTED_HOURS_A_YEAR, GDP_DEFLATOR_TO_2024[priceBase]);
}

// ---------------------------------------------------------------------------------------------
// Builders (pounds in, pence out)

const gbp = (pounds: number): Pence => Math.round(pounds * 100);
const micros = (x: number): Micros => Math.round(x * 1_000_000);

type Staff = [group: keyof typeof PSSRU_HOURLY_2024, headcount: number, minimumViable: number];

interface LineSpec {
  income: [commissioner: string, pounds: number][];
  activity: number;
  variable: number;
  semi?: [annualVolumePerStep: number, poundsPerStep: number];
  /** Pounds a year, or a target margin on income: the fixed cost is then whatever leaves that margin. */
  fixed: number | { margin: number };
  staff?: Staff[];
  minVolumeShare: number;
  maxAnnualLoss?: number;
  nearest?: string[];
  source?: string;
}

function line(service: string, spec: LineSpec, priceBase: keyof typeof GDP_DEFLATOR_TO_2024): ServiceLine {
  const income = spec.income.map(([commissioner, pounds]) => ({ commissioner, annualIncome: gbp(pounds) }));
  const total = income.reduce((s, i) => s + i.annualIncome, 0);
  const workforce: WorkforceGroup[] = (spec.staff ?? []).map(([g, head, min]) => ({
    staffGroup: g,
    headcount: head,
    annualUnitCost: annualUnitCost(g, priceBase),
    minimumViable: min,
  }));
  const pay = workforce.reduce((s, w) => s + w.headcount * w.annualUnitCost, 0);
  const variable = applyRate(total, micros(spec.variable));
  const semi = spec.semi ? Math.ceil(spec.activity / spec.semi[0]) * gbp(spec.semi[1]) : 0;
  const fixed =
    typeof spec.fixed === 'number' ? gbp(spec.fixed) : Math.max(0, total - applyRate(total, micros(spec.fixed.margin)) - variable - semi - pay);
  return {
    service,
    income,
    annualActivity: spec.activity,
    variableCostShare: micros(spec.variable),
    semiFixed: spec.semi ? { annualVolumePerStep: spec.semi[0], annualCostPerStep: gbp(spec.semi[1]) } : undefined,
    fixedCost: fixed,
    workforce,
    minimumViableVolume: Math.round(spec.activity * spec.minVolumeShare),
    maxAnnualLoss: spec.maxAnnualLoss === undefined ? undefined : gbp(spec.maxAnnualLoss),
    nearestProviders: spec.nearest,
    source: spec.source ?? 'illustrative',
  };
}

// Semi-fixed steps are sized so a line starts with some headroom below its next step (a full
// theatre list or clinic is not the norm), so small demand growth does not add a step at once.
const y14 = '2014-15' as const;
const y19 = '2019-20' as const;
const M = (x: number) => x * 1_000_000;

// ---------------------------------------------------------------------------------------------
// Commissioners

const commissioners: Commissioner[] = [
  { code: '06F', name: 'NHS Bedfordshire CCG', kind: 'ccg' },
  { code: '04F', name: 'NHS Milton Keynes CCG', kind: 'ccg' },
  { code: '09G', name: 'NHS Coastal West Sussex CCG', kind: 'ccg' },
  { code: '09D', name: 'NHS Brighton and Hove CCG (now NHS Sussex ICB - 09D)', kind: 'ccg' },
  { code: '04K', name: 'NHS Nottingham City CCG', kind: 'ccg' },
  { code: '04E', name: 'NHS Mansfield and Ashfield CCG', kind: 'ccg' },
  { code: '04R', name: 'NHS Southern Derbyshire CCG', kind: 'ccg' },
  { code: '05C', name: 'NHS Dudley CCG', kind: 'ccg' },
  { code: '05L', name: 'NHS Sandwell and West Birmingham CCG', kind: 'ccg' },
  { code: '05Y', name: 'NHS Walsall CCG', kind: 'ccg' },
  { code: '14A', name: 'NHS England Midlands Commissioning Hub (specialised)', kind: 'nhs-england' },
  { code: '14C', name: 'NHS England West Midlands Commissioning Hub (specialised)', kind: 'nhs-england' },
  { code: 'E06000018', name: 'Nottingham City Council (public health)', kind: 'local-authority' },
  { code: 'E08000027', name: 'Dudley Metropolitan Borough Council (public health)', kind: 'local-authority' },
];

// ---------------------------------------------------------------------------------------------
// Providers

const providers: Provider[] = [
  // ---- Bedfordshire (2014-15)
  {
    code: 'RC1',
    name: 'Bedford Hospital NHS Trust',
    kind: 'nhs-trust',
    cash: gbp(4_000_000),
    location: { lat: 52.127, lon: -0.467 },
    serviceLines: [
      line('MSK-ELECTIVE', {
        income: [['06F', M(10)]],
        activity: 4_000,
        variable: 0.35,
        semi: [1_050, 600_000],
        fixed: 1_500_000,
        staff: [['physiotherapist', 6, 2], ['nurse', 10, 4]],
        minVolumeShare: 0.4,
        source: 'seed 004: MSK income about £10m in 2013-14; cost structure illustrative',
      }, y14),
      line('TRAUMA-ORTHO', {
        income: [['06F', M(8)]],
        activity: 3_000,
        variable: 0.25,
        semi: [1_100, 500_000],
        fixed: 3_000_000,
        // The 7 trauma surgeons (seed 004) are the minimum rota: lose one and trauma cannot run.
        staff: [['consultant', 7, 7], ['nurse', 20, 14]],
        minVolumeShare: 0.6,
        // The trust cannot carry more than £250k a year of trauma losses (illustrative).
        maxAnnualLoss: 250_000,
        nearest: ['RD8'],
        source: 'seed 004: 7 trauma surgeons; income and costs illustrative',
      }, y14),
      line('A-AND-E', {
        income: [['06F', M(14)]],
        activity: 85_000,
        variable: 0.2,
        fixed: { margin: 0.01 },
        staff: [['consultant', 10, 8], ['nurse', 60, 45]],
        minVolumeShare: 0.5,
      }, y14),
      line('OTHER-ACUTE', { income: [['06F', M(105)]], activity: 200_000, variable: 0.3, semi: [22_000, 2_000_000], fixed: { margin: 0.01 }, minVolumeShare: 0.3 }, y14),
    ],
  },
  {
    code: 'RD8',
    name: 'Milton Keynes University Hospital NHS Foundation Trust',
    kind: 'foundation-trust',
    cash: gbp(10_000_000),
    location: { lat: 52.026, lon: -0.736 },
    serviceLines: [
      line('MSK-ELECTIVE', { income: [['04F', M(11)], ['06F', M(1)]], activity: 4_800, variable: 0.35, semi: [1_000, 600_000], fixed: { margin: 0.05 }, minVolumeShare: 0.4 }, y14),
      line('TRAUMA-ORTHO', {
        income: [['04F', M(9)]],
        activity: 3_400,
        variable: 0.25,
        semi: [1_000, 500_000],
        fixed: { margin: 0.02 },
        staff: [['consultant', 8, 6]],
        minVolumeShare: 0.5,
      }, y14),
      line('A-AND-E', { income: [['04F', M(16)]], activity: 95_000, variable: 0.2, fixed: { margin: 0.01 }, minVolumeShare: 0.5 }, y14),
      line('OTHER-ACUTE', { income: [['04F', M(150)]], activity: 280_000, variable: 0.3, fixed: { margin: 0.01 }, minVolumeShare: 0.3 }, y14),
    ],
  },
  {
    code: 'ZCIRC',
    name: 'Circle (independent provider; code illustrative, no verified ODS code)',
    kind: 'independent',
    illustrative: true,
    location: { lat: 52.136, lon: -0.46 },
    serviceLines: [
      // Prime contractor hub: £120m over 5 years = £24m a year; Bedford's lost referrals take it there.
      line('MSK-ELECTIVE', { income: [['06F', M(21)]], activity: 9_000, variable: 0.55, fixed: { margin: 0.04 }, minVolumeShare: 0.2, source: 'seed 004: £120m over 5 years (£24m a year once Bedford referrals move)' }, y14),
      // Nottingham community dermatology, won by Circle (seed 004).
      line('DERMATOLOGY', { income: [['04K', M(3)]], activity: 20_000, variable: 0.4, fixed: { margin: 0.03 }, minVolumeShare: 0.2 }, y14),
    ],
  },

  // ---- West Sussex (2014-15)
  {
    code: 'RYR',
    name: 'Western Sussex Hospitals NHS Foundation Trust (now University Hospitals Sussex)',
    kind: 'foundation-trust',
    cash: gbp(20_000_000),
    location: { lat: 50.817, lon: -0.376 },
    serviceLines: [
      line('MSK-ELECTIVE', {
        income: [['09G', M(30)]],
        activity: 12_000,
        variable: 0.4,
        semi: [1_550, 900_000],
        fixed: 3_000_000,
        staff: [['consultant', 12, 6], ['physiotherapist', 20, 8], ['nurse', 25, 10]],
        minVolumeShare: 0.4,
      }, y14),
      line('TRAUMA-ORTHO', {
        income: [['09G', M(12)]],
        activity: 4_500,
        variable: 0.25,
        semi: [1_600, 700_000],
        fixed: 4_000_000,
        staff: [['consultant', 9, 7], ['nurse', 25, 18]],
        minVolumeShare: 0.5,
        nearest: ['RXH'],
      }, y14),
      line('A-AND-E', { income: [['09G', M(30)]], activity: 160_000, variable: 0.2, fixed: { margin: 0.01 }, minVolumeShare: 0.5 }, y14),
      line('OTHER-ACUTE', { income: [['09G', M(300)]], activity: 520_000, variable: 0.3, semi: [42_000, 4_000_000], fixed: { margin: 0.003 }, minVolumeShare: 0.3 }, y14),
    ],
  },
  {
    code: 'RXH',
    name: 'Brighton and Sussex University Hospitals NHS Trust',
    kind: 'nhs-trust',
    cash: gbp(15_000_000),
    location: { lat: 50.819, lon: -0.118 },
    serviceLines: [
      line('MSK-ELECTIVE', { income: [['09D', M(20)]], activity: 8_000, variable: 0.4, fixed: { margin: 0.03 }, minVolumeShare: 0.4 }, y14),
      line('TRAUMA-ORTHO', { income: [['09D', M(14)]], activity: 5_000, variable: 0.25, semi: [1_500, 700_000], fixed: { margin: 0.01 }, staff: [['consultant', 11, 7]], minVolumeShare: 0.5 }, y14),
      line('A-AND-E', { income: [['09D', M(35)]], activity: 180_000, variable: 0.2, fixed: { margin: 0.01 }, minVolumeShare: 0.5 }, y14),
      line('OTHER-ACUTE', { income: [['09D', M(420)]], activity: 700_000, variable: 0.3, fixed: { margin: 0.005 }, minVolumeShare: 0.3 }, y14),
    ],
  },
  {
    code: 'ZBUPA',
    name: 'BupaCSH (independent provider; code illustrative, no verified ODS code)',
    kind: 'independent',
    illustrative: true,
    location: { lat: 50.83, lon: -0.55 },
    serviceLines: [
      // £235m over 5 years = £47m a year once the Western Sussex share moves in (seed 004).
      line('MSK-ELECTIVE', { income: [['09G', M(39)]], activity: 16_000, variable: 0.6, fixed: { margin: 0.05 }, minVolumeShare: 0.2, source: 'seed 004: £235m over 5 years' }, y14),
    ],
  },

  // ---- Nottingham (2014-15)
  {
    code: 'RX1',
    name: 'Nottingham University Hospitals NHS Trust',
    kind: 'nhs-trust',
    cash: gbp(40_000_000),
    location: { lat: 52.944, lon: -1.186 },
    serviceLines: [
      line('DERMATOLOGY', {
        income: [['04K', M(6)]],
        activity: 30_000,
        variable: 0.15,
        semi: [10_500, 400_000],
        fixed: 800_000,
        // 8 consultants (seed 004); 4 is the smallest on-call rota for acute adult dermatology.
        staff: [['consultant', 8, 4], ['nurse', 14, 6]],
        minVolumeShare: 0.25,
        nearest: ['RK5', 'RTG'],
        source: 'seed 004: 8 consultants, 6 left; income and costs illustrative',
      }, y14),
      line('SEXUAL-HEALTH', { income: [['E06000018', M(8)]], activity: 40_000, variable: 0.2, fixed: { margin: 0.01 }, minVolumeShare: 0.3 }, y14),
      line('HIV-TREATMENT', { income: [['14A', M(12)]], activity: 2_500, variable: 0.6, fixed: { margin: 0.02 }, minVolumeShare: 0.3 }, y14),
      line('CANCER', { income: [['14A', M(40)], ['04K', M(20)]], activity: 30_000, variable: 0.35, fixed: { margin: 0.01 }, minVolumeShare: 0.3 }, y14),
      line('A-AND-E', { income: [['04K', M(35)]], activity: 190_000, variable: 0.2, fixed: { margin: 0.01 }, minVolumeShare: 0.5 }, y14),
      line('OTHER-ACUTE', { income: [['04K', M(500)], ['14A', M(200)]], activity: 1_100_000, variable: 0.3, fixed: { margin: 0.006 }, minVolumeShare: 0.3 }, y14),
    ],
  },
  {
    code: 'RK5',
    name: 'Sherwood Forest Hospitals NHS Foundation Trust',
    kind: 'foundation-trust',
    cash: gbp(5_000_000),
    location: { lat: 53.127, lon: -1.239 },
    serviceLines: [
      line('DERMATOLOGY', { income: [['04E', M(2)]], activity: 10_000, variable: 0.15, semi: [5_500, 300_000], fixed: { margin: 0.02 }, staff: [['consultant', 3, 2]], minVolumeShare: 0.3 }, y14),
      line('A-AND-E', { income: [['04E', M(20)]], activity: 110_000, variable: 0.2, fixed: { margin: 0.0 }, minVolumeShare: 0.5 }, y14),
      line('OTHER-ACUTE', { income: [['04E', M(230)]], activity: 400_000, variable: 0.3, fixed: { margin: -0.01 }, minVolumeShare: 0.3 }, y14),
    ],
  },
  {
    code: 'RTG',
    name: 'Derby Teaching Hospitals (now University Hospitals of Derby and Burton NHS FT)',
    kind: 'foundation-trust',
    cash: gbp(15_000_000),
    location: { lat: 52.911, lon: -1.516 },
    serviceLines: [
      line('DERMATOLOGY', { income: [['04R', M(3)]], activity: 15_000, variable: 0.15, semi: [5_500, 300_000], fixed: { margin: 0.02 }, staff: [['consultant', 4, 2]], minVolumeShare: 0.3 }, y14),
      line('A-AND-E', { income: [['04R', M(25)]], activity: 130_000, variable: 0.2, fixed: { margin: 0.01 }, minVolumeShare: 0.5 }, y14),
      line('OTHER-ACUTE', { income: [['04R', M(380)]], activity: 650_000, variable: 0.3, fixed: { margin: 0.005 }, minVolumeShare: 0.3 }, y14),
    ],
  },
  {
    code: 'ZNGP',
    name: 'Nottingham City GP practices (aggregate; illustrative)',
    kind: 'gp-practices',
    illustrative: true,
    location: { lat: 52.953, lon: -1.15 },
    serviceLines: [line('PRIMARY-CARE', { income: [['04K', M(45)]], activity: 1_300_000, variable: 0.1, fixed: { margin: 0.02 }, minVolumeShare: 0.5 }, y14)],
  },

  // ---- Dudley (2019-20)
  {
    code: 'RNA',
    name: 'The Dudley Group NHS Foundation Trust',
    kind: 'foundation-trust',
    cash: gbp(25_000_000),
    location: { lat: 52.508, lon: -2.115 },
    serviceLines: [
      line('A-AND-E', { income: [['05C', M(40)]], activity: 110_000, variable: 0.2, semi: [20_000, 2_000_000], fixed: { margin: 0.005 }, staff: [['consultant', 14, 10], ['nurse', 90, 70]], minVolumeShare: 0.4 }, y19),
      line('TRAUMA-ORTHO', { income: [['05C', M(30)]], activity: 8_000, variable: 0.25, semi: [1_100, 1_000_000], fixed: { margin: 0.005 }, staff: [['consultant', 12, 7]], minVolumeShare: 0.4 }, y19),
      line('MSK-ELECTIVE', { income: [['05C', M(40)]], activity: 14_000, variable: 0.35, semi: [1_100, 800_000], fixed: { margin: 0.02 }, minVolumeShare: 0.3 }, y19),
      line('COMMUNITY', { income: [['05C', M(50)]], activity: 600_000, variable: 0.1, semi: [55_000, 1_500_000], fixed: { margin: 0.005 }, minVolumeShare: 0.3 }, y19),
      line('CANCER', { income: [['14C', M(25)], ['05C', M(15)]], activity: 25_000, variable: 0.35, semi: [5_500, 1_000_000], fixed: { margin: 0.005 }, minVolumeShare: 0.3 }, y19),
      line('OTHER-ACUTE', { income: [['05C', M(250)]], activity: 600_000, variable: 0.3, semi: [27_000, 2_500_000], fixed: { margin: 0.004 }, minVolumeShare: 0.3 }, y19),
    ],
  },
  {
    code: 'RYK',
    name: 'Dudley Integrated Health and Care NHS Trust',
    kind: 'icp',
    cash: gbp(5_000_000),
    location: { lat: 52.48, lon: -2.12 },
    serviceLines: [
      // With 40% of the Dudley Group's services (£180m) the ICP reaches the £360m of seed 001.
      line('PRIMARY-CARE', { income: [['05C', M(150)]], activity: 1_600_000, variable: 0.7, fixed: { margin: 0.01 }, minVolumeShare: 0.5, source: 'seed 001: £360m ICP contract; split illustrative' }, y19),
      line('COMMUNITY', { income: [['E08000027', M(24)]], activity: 200_000, variable: 0.3, fixed: { margin: 0.01 }, minVolumeShare: 0.3 }, y19),
      line('GP-OOH', { income: [['05C', M(6)]], activity: 90_000, variable: 0.4, fixed: { margin: 0.01 }, minVolumeShare: 0.3 }, y19),
    ],
  },
  {
    code: 'RXK',
    name: 'Sandwell and West Birmingham Hospitals NHS Trust',
    kind: 'nhs-trust',
    cash: gbp(12_000_000),
    location: { lat: 52.496, lon: -1.966 },
    serviceLines: [
      line('A-AND-E', { income: [['05L', M(45)]], activity: 180_000, variable: 0.2, fixed: { margin: 0.01 }, minVolumeShare: 0.4 }, y19),
      line('TRAUMA-ORTHO', { income: [['05L', M(28)]], activity: 7_500, variable: 0.25, fixed: { margin: 0.01 }, minVolumeShare: 0.4 }, y19),
      line('OTHER-ACUTE', { income: [['05L', M(400)]], activity: 900_000, variable: 0.3, fixed: { margin: 0.005 }, minVolumeShare: 0.3 }, y19),
    ],
  },
  {
    code: 'RBK',
    name: 'Walsall Healthcare NHS Trust',
    kind: 'nhs-trust',
    cash: gbp(8_000_000),
    location: { lat: 52.59, lon: -2.0 },
    serviceLines: [
      line('A-AND-E', { income: [['05Y', M(30)]], activity: 120_000, variable: 0.2, fixed: { margin: 0.01 }, minVolumeShare: 0.4 }, y19),
      line('TRAUMA-ORTHO', { income: [['05Y', M(18)]], activity: 5_000, variable: 0.25, fixed: { margin: 0.01 }, minVolumeShare: 0.4 }, y19),
      line('OTHER-ACUTE', { income: [['05Y', M(250)]], activity: 550_000, variable: 0.3, fixed: { margin: 0.005 }, minVolumeShare: 0.3 }, y19),
    ],
  },
];

export const demoEconomy: Economy = {
  id: 'demo',
  name: 'Concordat demo economy: Bedfordshire, West Sussex, Nottingham and Dudley',
  priceBase: '2014-15 (Dudley lines 2019-20)',
  providers,
  commissioners,
  dependencies: [
    {
      provider: 'RC1',
      service: 'TRAUMA-ORTHO',
      supportedBy: 'MSK-ELECTIVE',
      share: 500_000,
      note: 'Half of Bedford trauma fixed cost (theatres, on-call) is carried by elective orthopaedic work (seed 004; share illustrative).',
    },
    {
      provider: 'RYR',
      service: 'TRAUMA-ORTHO',
      supportedBy: 'MSK-ELECTIVE',
      share: 250_000,
      note: 'Western Sussex: "if you take the elective bit out ... an unsustainable rota" (seed 004; share illustrative).',
    },
  ],
  pathways: [
    {
      id: 'hiv-nottingham',
      name: 'HIV care in Nottingham after sexual health moved to local authorities',
      commissioners: ['04K', 'E06000018', '14A'],
      steps: ['PRIMARY-CARE', 'SEXUAL-HEALTH', 'HIV-TREATMENT', 'PRIMARY-CARE'],
      note: 'Seed 004 (BBC, 1 Dec 2013): sexual health to local authorities, HIV treatment stays with the NHS (specialised).',
    },
    {
      id: 'msk-bedford',
      name: 'Hip replacement after a fall in Bedford: trauma at the trust, elective follow-on through the MSK prime',
      commissioners: ['06F'],
      steps: ['A-AND-E', 'TRAUMA-ORTHO', 'MSK-ELECTIVE'],
    },
  ],
  notes: [
    'ODS codes verified in shared/data/ods (etr.csv, eccg.csv); ZCIRC, ZBUPA and ZNGP are illustrative.',
    'Staff unit costs: PSSRU 2024 hourly cost x 1,650 contracted hours, rebased by the GDP deflator.',
  ],
};

/** Economies by id, for scenario files that name their economy. */
export const economies: Readonly<Record<string, Economy>> = { demo: demoEconomy };
