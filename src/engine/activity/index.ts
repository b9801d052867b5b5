/** Activity pricing engine: public surface. */
export { priceActivityFile, compareBytes, type PriceActivityFileOptions } from './price-activity-file.ts';
export { compilePriceTables, NONE, type PriceTables } from './price-tables.ts';
export { readBenchmarkTariff, type BenchmarkTariffPaths } from './benchmark-tariff.ts';
export { formatAggregateCsv, writeAggregateCsv, AGGREGATE_HEADER } from './aggregate-csv.ts';
export { CORE_COLUMNS, OPTIONAL_COLUMNS, POD_CODES, layoutFromHeader, type SubmissionScope } from './chunk-pricer.ts';
export type { ActivityByteSource } from './byte-source.ts';
export * from './types.ts';
