/**
 * The product's submission path, alone in a process so that its peak RSS is its own: prices one
 * contract's monthly file the way a submission does (priceMonthlySubmission: the contract's parties and
 * month checked, tolerant reading, SHA-256 of the bytes, worker threads, the rejection report) against
 * the demo's 2025/26 tariff, and prints one JSON line like the peer's.
 *
 *   npx tsx bench/pricing/submission-cli.ts FILE PROVIDER COMMISSIONER PERIOD
 */
import { priceMonthlySubmission } from '../../src/app/payments/engine-ingest.ts';
import { DEMO_TARIFF_2025_26 } from '../../src/domain/tariff/demo.ts';

const [file, provider, commissioner, period] = process.argv.slice(2);
if (!file || !provider || !commissioner || !period) {
  process.stderr.write('usage: submission-cli.ts FILE PROVIDER COMMISSIONER PERIOD\n');
  process.exit(2);
}
const t0 = performance.now();
const rules = { period, tariff: DEMO_TARIFF_2025_26, providers: new Set([provider]), commissioners: new Set([commissioner]) };
const report = await priceMonthlySubmission({ path: file }, rules);
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  JSON.stringify({
    rows_read: report.rowsRead,
    rows_priced: report.rowsPriced,
    rows_rejected: report.rowsRejected,
    total_pence: String(report.totalPence),
    seconds: +seconds.toFixed(3),
    sha256: report.sha256,
  }) + '\n',
);
