/** Activity ingest and pricing: public surface. */
export { priceActivity, compareBytes, type PriceActivityOptions } from './price-activity.ts';
export { loadTariff, type TariffData, type TariffPaths } from './tariff.ts';
export { formatAggregateCsv, writeAggregateCsv, AGGREGATE_HEADER } from './aggregate-csv.ts';
export { CORE_COLUMNS, layoutFromHeader } from './kernel.ts';
export * from './types.ts';
