import { describe, expect, it } from 'vitest';
import type { JsonObject } from './json.ts';
import { canonicalJson } from './json.ts';
import { compileReleases, deriveMergeRules } from './merge.ts';
import { OCDS_MERGE_RULES } from './merge-rules.ts';
import { versionedRelease } from './versioned.ts';
import { readSharedJson } from './schemas.testing.ts';

const base = (id: string, date: string, extra: JsonObject): JsonObject => ({ ocid: 'ocds-213czf-A', id, date, tag: ['tender'], initiationType: 'tender', ...extra });
const compile = (...rs: JsonObject[]) => compileReleases(rs, OCDS_MERGE_RULES);

describe('compiling releases (OCDS merge rules)', () => {
  it('uses the rules of the official 1.1.5 release schema', () => {
    const derived = deriveMergeRules(readSharedJson('ocds', 'release-schema.json') as JsonObject);
    expect([...derived.omitWhenMerged].sort()).toEqual([...OCDS_MERGE_RULES.omitWhenMerged].sort());
    expect([...derived.wholeListMerge].sort()).toEqual([...OCDS_MERGE_RULES.wholeListMerge].sort());
    expect(OCDS_MERGE_RULES.wholeListMerge.has('parties.additionalIdentifiers')).toBe(true);
    expect(OCDS_MERGE_RULES.omitWhenMerged.has('tag')).toBe(true);
  });

  it('takes the latest value of each field, oldest release first whatever the input order', () => {
    const c = compile(
      base('2', '2014-01-02T00:00:00Z', { tender: { id: 'A', title: 'new title' } }),
      base('1', '2014-01-01T00:00:00Z', { tender: { id: 'A', title: 'old title', description: 'kept' } }),
    );
    expect(c).toEqual({
      ocid: 'ocds-213czf-A', id: 'ocds-213czf-A-2014-01-02T00:00:00Z', date: '2014-01-02T00:00:00Z', tag: ['compiled'], initiationType: 'tender',
      tender: { id: 'A', title: 'new title', description: 'kept' },
    });
  });

  it('merges objects in arrays by id and appends new ids (identifier merge)', () => {
    const c = compile(
      base('1', '2014-01-01T00:00:00Z', { awards: [{ id: '1', status: 'pending', title: 'Lot 1' }, { id: '2', status: 'pending' }] }),
      base('2', '2014-01-02T00:00:00Z', { awards: [{ id: '1', status: 'active' }, { id: '3', status: 'pending' }] }),
    );
    expect(c.awards).toEqual([{ id: '1', status: 'active', title: 'Lot 1' }, { id: '2', status: 'pending' }, { id: '3', status: 'pending' }]);
  });

  it('merges nested arrays by id too (documents within an award)', () => {
    const c = compile(
      base('1', '2014-01-01T00:00:00Z', { awards: [{ id: '1', documents: [{ id: 'd1', title: 'intention' }] }] }),
      base('2', '2014-01-02T00:00:00Z', { awards: [{ id: '1', documents: [{ id: 'd2', title: 'award' }] }] }),
    );
    expect(c.awards).toEqual([{ id: '1', documents: [{ id: 'd1', title: 'intention' }, { id: 'd2', title: 'award' }] }]);
  });

  it('replaces whole lists: strings, and lists the schema marks wholeListMerge', () => {
    const c = compile(
      base('1', '2014-01-01T00:00:00Z', { parties: [{ id: 'P', roles: ['buyer', 'payer'], additionalIdentifiers: [{ id: '1', scheme: 'a' }, { id: '2', scheme: 'b' }] }] }),
      base('2', '2014-01-02T00:00:00Z', { parties: [{ id: 'P', roles: ['buyer'], additionalIdentifiers: [{ id: '1', scheme: 'c' }] }] }),
    );
    expect(c.parties).toEqual([{ id: 'P', roles: ['buyer'], additionalIdentifiers: [{ id: '1', scheme: 'c' }] }]);
  });

  it('removes a field set to null, with everything below it', () => {
    const c = compile(
      base('1', '2014-01-01T00:00:00Z', { tender: { id: 'A', procurementMethod: 'selective', value: { amount: 10, currency: 'GBP' } } }),
      base('2', '2014-01-02T00:00:00Z', { tender: { id: 'A', procurementMethod: null, value: null } }),
    );
    expect(c.tender).toEqual({ id: 'A' });
  });

  it('an empty object or empty identifier-merged list changes nothing; an empty whole list empties it', () => {
    const c = compile(
      base('1', '2014-01-01T00:00:00Z', { planning: { budget: { description: 'summary' } }, awards: [{ id: '1' }], parties: [{ id: 'P', roles: ['buyer'] }] }),
      base('2', '2014-01-02T00:00:00Z', { planning: {}, awards: [], parties: [{ id: 'P', roles: [] }] }),
    );
    expect(c.planning).toEqual({ budget: { description: 'summary' } });
    expect(c.awards).toEqual([{ id: '1' }]);
    expect(c.parties).toEqual([{ id: 'P', roles: [] }]);
  });

  it('appends objects without an id, and does not merge ids of different types', () => {
    const c = compile(
      base('1', '2014-01-01T00:00:00Z', { contracts: [{ id: 1, awardID: 'x' }], tender: { id: 'A', milestones: [{ title: 'no id' }] } }),
      base('2', '2014-01-02T00:00:00Z', { contracts: [{ id: '1', awardID: 'y' }], tender: { id: 'A', milestones: [{ title: 'no id' }] } }),
    );
    expect(c.contracts).toEqual([{ id: 1, awardID: 'x' }, { id: '1', awardID: 'y' }]);
    expect((c.tender as JsonObject).milestones).toEqual([{ title: 'no id' }, { title: 'no id' }]);
  });

  it('orders releases by instant, not by text (a BST date-time against a UTC one)', () => {
    const c = compile(
      base('late', '2025-05-01T00:30:00Z', { tender: { id: 'A', title: 'later' } }),
      base('early', '2025-05-01T00:00:00+01:00', { tender: { id: 'A', title: 'earlier' } }), // 23:00Z the day before
    );
    expect((c.tender as JsonObject).title).toBe('later');
  });

  it('does not change its inputs', () => {
    const r1 = base('1', '2014-01-01T00:00:00Z', { awards: [{ id: '1', status: 'pending' }] });
    const r2 = base('2', '2014-01-02T00:00:00Z', { awards: [{ id: '1', status: 'active' }] });
    const before = canonicalJson([r1, r2]);
    compile(r1, r2);
    expect(canonicalJson([r1, r2])).toBe(before);
  });

  it('refuses releases of different processes, naming the release', () => {
    expect(() => compile(base('1', '2014-01-01T00:00:00Z', {}), { ...base('2', '2014-01-02T00:00:00Z', {}), ocid: 'ocds-213czf-B' })).toThrow(/releases\.1\.ocid/);
  });
});

describe('the official change-history record', () => {
  const example = readSharedJson('ocds', 'examples', 'change_history__records__contract.json') as { records: JsonObject[] };
  const record = example.records[0];

  it('compiles exactly to the official example\'s compiled release', () => {
    expect(compileReleases(record.releases as JsonObject[], OCDS_MERGE_RULES)).toEqual(record.compiledRelease);
  });

  it('versions exactly to the official example\'s versioned release', () => {
    expect(versionedRelease(record.releases as JsonObject[], OCDS_MERGE_RULES)).toEqual(record.versionedRelease);
  });
});
