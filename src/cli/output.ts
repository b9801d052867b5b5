import { ConcordatError } from '../domain/errors.ts';

/** JSON for scripts: the value alone on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A plain aligned table for people. */
export function printTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[], rightAlign: readonly number[] = []): void {
  const cells = rows.map((r) => r.map((v) => String(v)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const fmt = (r: readonly string[]) => r.map((v, i) => (rightAlign.includes(i) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  process.stdout.write(`${fmt(headers)}\n${fmt(widths.map((w) => '-'.repeat(w)))}\n${cells.map(fmt).join('\n')}${cells.length ? '\n' : ''}`);
}

/** Errors go to stderr as one clear sentence (with each invalid field); exit code 1. */
export function reportError(err: unknown): never {
  if (err instanceof ConcordatError) {
    process.stderr.write(`concordat: ${err.message}\n`);
    // The first issue is usually the message itself; list the rest (or all, when it is not).
    const first = err.issues[0];
    const rest = first && err.message.startsWith(`${first.path.join('.')}: `) ? err.issues.slice(1) : err.issues;
    for (const i of rest) process.stderr.write(`  ${i.path.join('.')}: ${i.message}\n`);
  } else {
    process.stderr.write(`concordat: ${(err as Error)?.message ?? String(err)}\n`);
  }
  process.exit(1);
}
