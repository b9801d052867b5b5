/**
 * Tariff: a payment-scheme year's prices as data, its parsers and the registry that picks the year
 * in force. Pricing lives in ../pricing; payments in ../payments.
 */

export type {
  ApcPrice,
  HipFractureBpt,
  MffEntry,
  OutpatientPrice,
  ParseReport,
  RowRejection,
  ShortStayEmergencyRule,
  Tariff,
  TariffRules,
} from './types.ts';
export {
  type SchemeYear,
  isSchemeYear,
  monthIndexInSchemeYear,
  periodsOfSchemeYear,
  schemeYearLabel,
  schemeYearOf,
  schemeYearStart,
} from './schemeYear.ts';
export {
  DEFAULT_TARIFF_RULES,
  ELECTIVE_ADMISSION_METHODS,
  EMERGENCY_ADMISSION_METHODS,
  HIP_FRACTURE_BPT_DIFFERENTIAL,
  HIP_FRACTURE_CRITERIA,
  HIP_FRACTURE_CRITERIA_2010_TO_2014,
  type HipFractureCriterion,
  hipFractureBptFor,
} from './rules.ts';
export { ANNEX_A_APC_HEADINGS, HRG_CODE, parseAnnexAApc } from './annexA.ts';
export { parseBenchmarkApcCsv, parseBenchmarkOpCsv, TFC_CODE } from './benchmarkCsv.ts';
export { parseMffCsv, parseMffRows, readMff } from './mff.ts';
export { csvToRows } from './csv.ts';
export { apcPriceOf, buildTariff, mffOf, outpatientPriceOf, type TariffParts, withMff } from './tariff.ts';
export { createTariffRegistry, registryYears, tariffInForce, type TariffRegistry } from './registry.ts';
export { BENCHMARK_GENERATOR_TFCS, benchmarkGeneratorHrgs, DEMO_MFF, DEMO_TARIFF_2025_26 } from './demo.ts';
export { MFF_2026_27, MFF_2026_27_CSV, MFF_2026_27_SOURCE } from './mff-2026-27.ts';
export { readXlsxRows } from './xlsx.ts';
