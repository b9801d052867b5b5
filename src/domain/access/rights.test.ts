import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rightsMarkdown } from './print-rights.ts';
import { ACTIONS, decide, RIGHTS } from './rights.ts';

describe('the rights table', () => {
  it('refuses a provider letting a contract even when it names itself a commissioner', () => {
    const d = decide('contract.create', { role: 'provider', side: 'provider' }, new Set(['associate_commissioner', 'provider']));
    expect(d).toMatchObject({ allowed: false });
  });

  it('lets a commissioner organisation let a contract only as its co-ordinating commissioner', () => {
    const caller = { role: 'commissioner', side: 'commissioner' } as const;
    expect(decide('contract.create', caller, new Set(['coordinating_commissioner'])).allowed).toBe(true);
    expect(decide('contract.create', caller, new Set(['associate_commissioner'])).allowed).toBe(false);
  });

  it('lets the system role change nothing', () => {
    const writes = ACTIONS.filter((a) => !a.endsWith('.read') && !['ledger.verify_all', 'audit.read_all', 'scenario.run'].includes(a));
    for (const a of writes) expect([a, decide(a, { role: 'system', side: 'commissioner' }, new Set(['coordinating_commissioner', 'provider'])).allowed]).toEqual([a, false]);
  });

  it('is the table printed in the README', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(rightsMarkdown());
    expect(Object.keys(RIGHTS).sort()).toEqual([...ACTIONS].sort());
  });
});

describe("an organisation's user administrator", () => {
  it('manages users only as its own organisation\'s user administrator, and never as the system role', () => {
    const icb = { role: 'commissioner', side: 'commissioner' } as const;
    expect(decide('users.manage_own', icb, new Set(['user_administrator'])).allowed).toBe(true);
    expect(decide('users.manage_own', icb, new Set()).allowed).toBe(false);
    expect(decide('users.manage', icb, new Set(['user_administrator'])).allowed).toBe(false);
    expect(decide('users.manage_own', { role: 'system', side: 'commissioner' }, new Set(['user_administrator'])).allowed).toBe(false);
  });
});
