/**
 * Standalone entry for the `price` command (the benchmark runs ours through it in a child process,
 * so that peak RSS is ours alone): npx tsx bench/pricing/price-cli.ts price ACTIVITY --apc … --out …
 */
import { Command } from 'commander';
import { registerPriceCommand } from '../../src/cli/commands/price.ts';

const program = new Command().name('concordat').showHelpAfterError();
registerPriceCommand(program);
program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`concordat: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(1);
});
