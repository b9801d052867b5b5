import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { compilePriceTables, priceActivityFile, readBenchmarkTariff, writeAggregateCsv, type PricingResult } from '../../engine/activity/index.ts';

interface PriceOptions {
  apc: string;
  op: string;
  mff: string;
  out: string;
  rejections?: string;
  workers?: string;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The detailed rejections (the first 1000) as CSV: line,field,reason,value. */
function rejectionsCsv(result: PricingResult): string {
  const rows = result.rejections.detailed.map((r) => [String(r.line), r.field, r.reason, csvField(r.value)].join(','));
  return ['line,field,reason,value', ...rows].join('\n') + '\n';
}

/** A few lines for people on stderr: counts by reason, the first rejections and the hints. */
function summary(result: PricingResult): string {
  const out: string[] = [];
  if (result.rowsRejected > 0) {
    const reasons = Object.entries(result.rejections.byReason)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => `${reason} ${n}`);
    out.push(`rejected ${result.rowsRejected} of ${result.rowsRead} rows: ${reasons.join(', ')}`);
    for (const r of result.rejections.detailed.slice(0, 5)) {
      out.push(`  line ${r.line}: ${r.field}: ${r.reason}${r.value ? ` "${r.value}"` : ''}`);
    }
    if (result.rowsRejected > 5) out.push(`  … (${result.rowsRejected - 5} more${result.rejections.truncated ? '; the first 1000 are kept in detail' : ''})`);
  }
  for (const h of result.hints) {
    out.push(`hint: ${h.count} × ${h.message} (line${h.firstLines.length > 1 ? 's' : ''} ${h.firstLines.join(', ')}${h.count > h.firstLines.length ? ', …' : ''})`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

export function registerPriceCommand(program: Command): void {
  program
    .command('price <activity>')
    .description(
      'Price an activity CSV (provider,commissioner,period,pod,hrg,tfc,los) against the tariff and total it by provider × commissioner × period. Prints one JSON line {rows_read, rows_priced, rows_rejected, total_pence, seconds, rows_priced_by_kernel}.',
    )
    .requiredOption('--apc <file>', 'apc_tariff.csv (hrg, el/dc/nel prices, trims, xbd price)')
    .requiredOption('--op <file>', 'op_tariff.csv (tfc, first/follow-up prices)')
    .requiredOption('--mff <file>', 'mff.csv (provider, mff)')
    .requiredOption('--out <file>', 'where to write the aggregate CSV')
    .option('--rejections <file>', 'write the first 1000 rejected rows as CSV (line,field,reason,value)')
    .option('--workers <n>', 'worker threads besides the main thread, which prices too (default for large files: one per core, less one)')
    .action(async (activity: string, opts: PriceOptions) => {
      const t0 = performance.now();
      const workers = opts.workers === undefined ? undefined : Number(opts.workers);
      if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) {
        throw new Error('--workers must be a whole number');
      }
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar(
            { stream: process.stderr, format: 'pricing [{bar}] {percentage}% | {value}/{total} MB | {eta}s', hideCursor: true },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let started = false;
      let result: PricingResult;
      try {
        result = await priceActivityFile({
          source: { path: activity },
          // read while the workers start
          tables: readBenchmarkTariff({ apc: opts.apc, op: opts.op, mff: opts.mff }).then(compilePriceTables),
          hash: false, // nothing is recorded, so no digest is needed
          workers,
          onProgress: bar
            ? ({ bytesDone, bytesTotal }) => {
                const mb = (n: number) => Math.round(n / 1e6);
                if (!started) {
                  bar.start(mb(bytesTotal ?? bytesDone), 0);
                  started = true;
                }
                bar.update(mb(bytesDone));
              }
            : undefined,
        });
      } finally {
        if (started) bar?.stop();
      }
      await writeAggregateCsv(opts.out, result.aggregate);
      if (opts.rejections) await writeFile(opts.rejections, rejectionsCsv(result));
      const seconds = (performance.now() - t0) / 1000;
      process.stderr.write(summary(result));
      process.stdout.write(
        JSON.stringify({
          rows_read: result.rowsRead,
          rows_priced: result.rowsPriced,
          rows_rejected: result.rowsRejected,
          total_pence: result.totalPence.toString(),
          seconds: +seconds.toFixed(3),
          rows_priced_by_kernel: result.rowsPricedByKernel,
        }) + '\n',
      );
    });
}
