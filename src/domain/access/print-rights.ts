/**
 * Prints the rights table as Markdown for the README: `npx tsx src/domain/access/print-rights.ts`.
 * The README's table is this output, so the two cannot disagree for long (a test compares them).
 */
import { ACTIONS, RIGHTS } from './rights.ts';

export function rightsMarkdown(): string {
  const rows = ACTIONS.map((a) => {
    const r = RIGHTS[a];
    return `| \`${a}\` | ${r.roles.join(', ')} | ${r.side ?? 'either'} | ${r.capacities ? r.capacities.map((c) => c.replace(/_/g, ' ')).join(', ') : '—'} | ${r.rule} |`;
  });
  return ['| action | roles | organisation | capacity | rule |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${rightsMarkdown()}\n`);
