/**
 * The read cache (src/app/read-cache.ts, src/http/read-cache.ts) on PGlite and PostgreSQL: a change
 * is in the very next answer, whoever made it and through whichever process; nobody is handed an
 * answer computed for someone else; If-None-Match gets 304; CONCORDAT_READ_CACHE=0 turns it off.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { configFromEnv } from '../../src/cli/config.ts';
import { createHttpApp } from '../../src/http/app.ts';
import type { DatabaseOptions } from '../../src/storage/db.ts';
import { dataVersion } from '../../src/storage/repositories/data-version.ts';
import { DIALECTS, describeOn, dropTestSchema } from '../support/databases.ts';

/** The access test's actors: three organisations in Bedfordshire, one in Sussex, and a reader across the economy. */
const USERS = ['commissioner', 'provider', 'circle', 'icb', 'sussex-provider', 'system'] as const;
type User = (typeof USERS)[number];

const clock = fixedClock('2015-06-01T09:00:00Z');
const M = 100_000_000;

for (const dialect of DIALECTS) {
  describeOn(dialect, 'the read cache', () => {
    let options: DatabaseOptions;
    let app: ConcordatApp;
    let http: ReturnType<typeof createHttpApp>;
    const tokens = new Map<string, string>();

    const get = async (path: string, user: User, headers: Record<string, string> = {}) => {
      const res = await http.request(path, { headers: { authorization: `Bearer ${tokens.get(user)}`, ...headers } });
      const text = await res.text();
      return { status: res.status, etag: res.headers.get('etag'), text, body: text ? JSON.parse(text) : null };
    };
    const post = async (path: string, user: User, body: unknown) => {
      const res = await http.request(path, {
        method: 'POST', headers: { authorization: `Bearer ${tokens.get(user)}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const references = (page: { items: { reference: string }[] }) => page.items.map((c) => c.reference).sort();

    beforeAll(async () => {
      options = dialect.options();
      app = await ConcordatApp.open({ ...options, loadDemoIfEmpty: true, clock });
      http = createHttpApp(app);
      for (const u of USERS) {
        const res = await http.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: 'concordat' }) });
        tokens.set(u, ((await res.json()) as { token: string }).token);
      }
    });
    afterAll(async () => {
      await app?.close();
      await dropTestSchema(options);
    });

    it('answers a repeated read from the cache, with the same bytes and ETag', async () => {
      const first = await get('/api/contracts/BEDS-MSK-2014', 'commissioner');
      const kept = app.reads!.size.entries;
      const second = await get('/api/contracts/BEDS-MSK-2014', 'commissioner');
      expect(first.status).toBe(200);
      expect(second.text).toBe(first.text);
      expect(second.etag).toBe(first.etag);
      expect(app.reads!.size.entries).toBe(kept);
      // The same answer the use case gives, byte for byte.
      const ws = app.as((await app.signIn('commissioner', 'concordat')).user);
      expect(second.text).toBe(JSON.stringify(await ws.getContract('BEDS-MSK-2014')));
    });

    it('shows a variation recorded through the API in the very next list and detail', async () => {
      const path = '/api/contracts/BEDFORD-ACUTE-2014-15';
      const list = '/api/contracts?limit=50';
      const before = (await get(path, 'commissioner')).body;
      const listed = (await get(list, 'provider')).body.items.find((c: { reference: string }) => c.reference === 'BEDFORD-ACUTE-2014-15');
      await get(path, 'provider');
      const recorded = await post(`${path}/variations`, 'commissioner', { effectiveDate: '2015-01-01', rationale: 'Read cache test', valueChangePence: 12_345 });
      expect(recorded.status).toBe(201);
      const after = (await get(path, 'commissioner')).body;
      expect(after.variations).toHaveLength(before.variations.length + 1);
      expect(after.current.valuePence).toBe(before.current.valuePence + 12_345);
      // The other party's cached answers are just as new.
      expect((await get(path, 'provider')).body.variations).toHaveLength(before.variations.length + 1);
      const relisted = (await get(list, 'provider')).body.items.find((c: { reference: string }) => c.reference === 'BEDFORD-ACUTE-2014-15');
      expect(relisted.currentValuePence).toBe(listed.currentValuePence + 12_345);
    });

    it("shows a contract let, then accepted, in the very next answer of each party's list and detail", async () => {
      const listBefore = await get('/api/contracts?limit=500', 'provider');
      const reference = `CACHE-${dialect.name}`.toUpperCase();
      const let_ = await post('/api/contracts', 'commissioner', {
        reference, title: 'Read cache dermatology', model: 'standard_activity', startDate: '2015-04-01', endDate: '2016-03-31',
        signedValuePence: M, parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC1', role: 'provider' }],
        serviceCodes: ['DERMATOLOGY'],
      });
      expect(let_.status).toBe(201);
      const listAfter = await get('/api/contracts?limit=500', 'provider');
      expect(references(listAfter.body)).toEqual([...references(listBefore.body), reference].sort());
      const draft = await get(`/api/contracts/${reference}`, 'provider');
      expect(draft.body.acceptance.state).toBe('awaiting');
      expect(draft.body.youMay.accept).toBe(true);
      await get(`/api/contracts/${reference}`, 'commissioner');
      expect((await post(`/api/contracts/${reference}/acceptance`, 'provider', { decision: 'accepted' })).status).toBe(200);
      const accepted = await get(`/api/contracts/${reference}`, 'provider');
      expect(accepted.body.acceptance.state).toBe('agreed');
      expect(accepted.body.youMay.accept).toBe(false);
      expect((await get(`/api/contracts/${reference}`, 'commissioner')).body.acceptance.state).toBe('agreed');
      expect((await get('/api/contracts?limit=500', 'provider')).body.items.find((c: { reference: string }) => c.reference === reference).status).toBe('live');
    });

    it("never hands one organisation's answer to another: each gets what the use case gives it", async () => {
      const paths = ['/api/contracts?limit=50', '/api/contracts/BEDS-MSK-2014', '/api/economy', '/api/contracts/BEDS-MSK-2014?asAt=2015-01-01'];
      // Every user asks everything twice, interleaved, so any answer kept for one is there when the next asks.
      const got = new Map<string, { status: number; text: string }>();
      for (let round = 0; round < 2; round++) {
        for (const path of paths) {
          for (const user of USERS) {
            const r = await get(path, user);
            const seen = got.get(`${user} ${path}`);
            if (seen) expect(r).toMatchObject(seen);
            got.set(`${user} ${path}`, { status: r.status, text: r.text });
          }
        }
      }
      // BEDS-MSK-2014 is 06F's and Circle's (and visible across the economy); Bedford Hospital and Sussex get 404.
      expect(USERS.map((u) => got.get(`${u} /api/contracts/BEDS-MSK-2014`)!.status)).toEqual([200, 404, 200, 404, 404, 200]);
      for (const user of USERS) {
        const ws = app.as((await app.signIn(user, 'concordat')).user);
        expect(got.get(`${user} /api/contracts?limit=50`)!.text).toBe(JSON.stringify(await ws.listContracts({ limit: 50 })));
        expect(got.get(`${user} /api/economy`)!.text).toBe(JSON.stringify(await ws.economyOverview()));
      }
      const providerList = JSON.parse(got.get('provider /api/contracts?limit=50')!.text);
      expect(references(providerList)).not.toContain('BEDS-MSK-2014');
      const sussexList = JSON.parse(got.get('sussex-provider /api/contracts?limit=50')!.text);
      expect(sussexList.items.every((c: { parties: { organisationCode: string }[] }) => c.parties.some((p) => p.organisationCode === 'RYR'))).toBe(true);
      // What each may do differs between the two parties to the same contract.
      const mine = JSON.parse(got.get('commissioner /api/contracts/BEDS-MSK-2014')!.text).youMay;
      const circle = JSON.parse(got.get('circle /api/contracts/BEDS-MSK-2014')!.text).youMay;
      expect([mine.vary, circle.vary]).toEqual([true, false]);
    });

    it('shows a change made through the app layer, not the API, in the next answer', async () => {
      const path = '/api/contracts/BEDS-MSK-2014';
      const before = (await get(path, 'circle')).body;
      const ws = app.as((await app.signIn('commissioner', 'concordat')).user);
      await ws.addVariation('BEDS-MSK-2014', { effectiveDate: '2015-02-01', rationale: 'Recorded through the app layer', valueChangePence: 7 });
      const after = (await get(path, 'circle')).body;
      expect(after.variations).toHaveLength(before.variations.length + 1);
      expect(after.current.valuePence).toBe(before.current.valuePence + 7);
    });

    if (dialect.name === 'postgres') {
      it('shows a change made by another process on the same database in the next answer', async () => {
        const other = await ConcordatApp.open({ ...options, clock });
        try {
          const path = '/api/contracts/BEDS-MSK-2014';
          const list = '/api/contracts?limit=50';
          const before = (await get(path, 'commissioner')).body;
          const listed = (await get(list, 'commissioner')).body.items.find((c: { reference: string }) => c.reference === 'BEDS-MSK-2014');
          const ws = other.as((await other.signIn('commissioner', 'concordat')).user);
          await ws.addVariation('BEDS-MSK-2014', { effectiveDate: '2015-03-01', rationale: 'Recorded by another server process', valueChangePence: 11 });
          const after = (await get(path, 'commissioner')).body;
          expect(after.variations.at(-1).rationale).toBe('Recorded by another server process');
          const relisted = (await get(list, 'commissioner')).body.items.find((c: { reference: string }) => c.reference === 'BEDS-MSK-2014');
          expect(relisted.currentValuePence).toBe(listed.currentValuePence + 11);
        } finally {
          await other.close();
        }
      });
    }

    it('answers If-None-Match with 304 and no body while the answer holds, and 200 once it changes', async () => {
      const path = '/api/organisations/RC1';
      const first = await get(path, 'provider');
      expect(first.etag).toMatch(/^"[\w-]+"$/);
      const again = await get(path, 'provider', { 'if-none-match': first.etag! });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.etag).toBe(first.etag);
      expect((await get(path, 'provider', { 'if-none-match': `"other", W/${first.etag}` })).status).toBe(304);
      expect((await get(path, 'provider', { 'if-none-match': '"other"' })).status).toBe(200);
      // A change to the contract list's data: the list's tag no longer matches.
      const list = await get('/api/contracts?limit=50', 'commissioner');
      expect((await get('/api/contracts?limit=50', 'commissioner', { 'if-none-match': list.etag! })).status).toBe(304);
      const ws = app.as((await app.signIn('commissioner', 'concordat')).user);
      await ws.addVariation('BEDFORD-ACUTE-2014-15', { effectiveDate: '2015-01-01', rationale: 'Changes the list', valueChangePence: 3 });
      const changed = await get('/api/contracts?limit=50', 'commissioner', { 'if-none-match': list.etag! });
      expect(changed.status).toBe(200);
      expect(changed.etag).not.toBe(list.etag);
    });

    it('caches only the listed reads: not writes, not the ledger check, not errors', async () => {
      const kept = app.reads!.size.entries;
      await get('/api/contracts/BEDS-MSK-2014/ledger', 'commissioner');
      await get('/api/contracts/NO-SUCH-CONTRACT', 'commissioner');
      await get('/api/audit', 'commissioner');
      expect(app.reads!.size.entries).toBe(kept);
      expect((await get('/api/contracts/BEDS-MSK-2014/ledger', 'commissioner')).etag).toBeNull();
    });

    it('raises the data version with every audited change and on the demo reset, never resetting the counter', async () => {
      const v0 = (await dataVersion(app.storage.db))!;
      const ws = app.as((await app.signIn('commissioner', 'concordat')).user);
      await ws.addVariation('BEDFORD-ACUTE-2014-15', { effectiveDate: '2015-01-01', rationale: 'Raises the version', valueChangePence: 1 });
      const v1 = (await dataVersion(app.storage.db))!;
      expect(v1).toBeGreaterThan(v0);
      // The reset's own transaction empties the audit log: the version goes up there, before any reload.
      let during: number | undefined;
      const undone = await app.storage.db.transaction().execute(async (trx) => {
        await sql`select set_config('concordat.reset', 'on', true)`.execute(trx);
        await sql`truncate audit_log cascade`.execute(trx);
        during = await dataVersion(trx);
        throw new Error('undone: only the version inside the reset was wanted');
      }).catch((e: Error) => e.message);
      expect(undone).toMatch(/^undone/);
      expect(during).toBe(v1 + 1);
      await expect(sql`truncate data_version`.execute(app.storage.db)).rejects.toThrow(/never emptied/);
    });

    it('turns off with CONCORDAT_READ_CACHE=0: no cache, no ETag, and every answer read afresh', async () => {
      expect(configFromEnv({ CONCORDAT_READ_CACHE: '0' }).readCache).toBe(false);
      expect(configFromEnv({}).readCache).toBe(true);
      if (dialect.name === 'pglite') return; // an in-memory PGlite is one process's own: a second app cannot open it
      const off = await ConcordatApp.open({ ...options, clock, readCache: false });
      try {
        expect(off.reads).toBeNull();
        const offHttp = createHttpApp(off);
        const token = (await off.signIn('commissioner', 'concordat')).token;
        const res = await offHttp.request('/api/contracts/BEDS-MSK-2014', { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        expect(res.headers.get('etag')).toBeNull();
        const body = await res.json() as { variations: unknown[] };
        await off.as((await off.signIn('commissioner', 'concordat')).user)
          .addVariation('BEDS-MSK-2014', { effectiveDate: '2015-03-01', rationale: 'With the cache off', valueChangePence: 1 });
        const again = await (await offHttp.request('/api/contracts/BEDS-MSK-2014', { headers: { authorization: `Bearer ${token}` } })).json() as { variations: unknown[] };
        expect(again.variations).toHaveLength(body.variations.length + 1);
      } finally {
        await off.close();
      }
    });
  });
}
