/**
 * Limits and hardening: each refusal with a clear 400/413/429 and nothing written; no 500 for odd
 * input; bodies not read before the caller is known; sign-in throttled; tokens stored hashed;
 * security headers; long work off the event loop.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { createHttpApp } from '../../src/http/app.ts';

const M = 100_000_000;
const HEADER = 'provider,commissioner,period,pod,hrg,tfc,los';

describe('limits and hardening', () => {
  let app: ConcordatApp;
  let http: ReturnType<typeof createHttpApp>;
  let server: ServerType;
  let port = 0;
  const tokens: Record<string, string> = {};
  const count = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(app.storage.db)).rows[0].n);

  const call = async (method: string, path: string, user: string | null, init: { json?: unknown; raw?: string; type?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (user) headers.authorization = `Bearer ${tokens[user]}`;
    if (init.json !== undefined || init.raw !== undefined) headers['content-type'] = init.type ?? 'application/json';
    const res = await http.request(path, { method, headers, body: init.raw ?? (init.json === undefined ? undefined : JSON.stringify(init.json)) });
    const text = await res.text();
    let body: { error?: { kind: string; message: string; issues: { path: string; message: string }[] } } | null = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: res.status, body, headers: res.headers, text };
  };

  beforeAll(async () => {
    app = await ConcordatApp.open({
      dataDir: 'memory://', loadDemoIfEmpty: true, clock: fixedClock('2015-06-01T09:00:00Z'),
      throttle: { failuresPerUser: 5, attemptsPerAddress: 40, windowMs: 15 * 60_000 },
    });
    http = createHttpApp(app, { limits: { jsonBytes: 1 << 20, uploadBytes: 2 << 20 } });
    for (const u of ['commissioner', 'circle', 'admin']) tokens[u] = (await app.signIn(u, 'concordat')).token;
    port = await new Promise<number>((ok) => {
      server = serve({ fetch: http.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => ok(info.port));
    });
  });
  afterAll(async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
    await app?.close();
  });

  /** Streams `total` bytes to the server over a real connection; resolves with the status as soon as it answers. */
  const streamPost = (path: string, total: number, headers: Record<string, string>) =>
    new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      const chunk = Buffer.alloc(1 << 20, 'a');
      const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'text/csv', 'transfer-encoding': 'chunked', ...headers } }, (res) => {
        resolve({ status: res.statusCode ?? 0, sent });
        res.resume();
        req.destroy();
      });
      req.on('error', (e) => (sent >= total ? undefined : reject(e)));
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });

  it('refuses a 200 MB anonymous upload at once, before reading it: the server holds none of it', async () => {
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const r = await streamPost('/api/contracts/BEDS-MSK-2014/submissions?period=2014-05', 200 << 20, {});
    expect(r.status).toBe(401);
    expect(performance.now() - started).toBeLessThan(1000);
    // Far less than the 200 MB was even sent: the answer came before the body was wanted.
    expect(r.sent).toBeLessThan(100 << 20);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 << 20);
  });

  it('refuses a signed-in upload past the limit with 413 as it streams, recording nothing', async () => {
    const before = await count('activity_submissions');
    const r = await streamPost('/api/contracts/BEDS-MSK-2014/submissions?period=2014-05', 6 << 20, { authorization: `Bearer ${tokens.circle}` });
    expect(r.status).toBe(413);
    // A declared length over the limit is refused from the headers alone.
    const declared = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1', port, method: 'POST', path: '/api/contracts/BEDS-MSK-2014/submissions?period=2014-05',
        headers: { authorization: `Bearer ${tokens.circle}`, 'content-type': 'text/csv', 'content-length': String(50 << 20) },
      }, (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      });
      req.on('error', reject);
      req.write('provider,commissioner,period,pod,hrg,tfc,los\n');
    });
    expect(declared).toBe(413);
    expect(await count('activity_submissions')).toBe(before);
  });

  it('refuses JSON over 1 MB with 413 naming the limit', async () => {
    const r = await call('POST', '/api/contracts', 'commissioner', { json: { description: 'x'.repeat(2 << 20) } });
    expect(r.status).toBe(413);
    expect(r.body?.error?.message).toMatch(/1 MB/);
  });

  it.each([
    ['a NUL byte in a text field', { title: 'Dermatology\u0000' }, 'title'],
    ['the year 0000', { startDate: '0000-01-01' }, 'startDate'],
    ['100,000 service codes', { serviceCodes: Array.from({ length: 100_000 }, (_, i) => `S${i}`) }, 'serviceCodes'],
    ['a value past 2^53 pence', { signedValuePence: 2 ** 60 }, 'signedValuePence'],
  ])('answers %s with a 400 naming the field, never a 500', async (_what, patch, field) => {
    const before = await count('contracts');
    const r = await call('POST', '/api/contracts', 'commissioner', {
      json: {
        reference: 'LIMITS-1', title: 'Dermatology', model: 'standard_activity', startDate: '2015-04-01', endDate: '2016-03-31', signedValuePence: M,
        parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC1', role: 'provider' }], ...patch,
      },
    });
    expect(r.status).toBe(400);
    expect(r.body?.error?.issues.map((i) => i.path)).toContain(field);
    expect(await count('contracts')).toBe(before);
  });

  it('answers a wrong content type and a malformed %-encoding with 400', async () => {
    const wrongType = await call('POST', '/api/contracts', 'commissioner', { raw: 'reference=X', type: 'application/x-www-form-urlencoded' });
    expect([wrongType.status, wrongType.body?.error?.issues[0].path]).toEqual([400, 'content-type']);
    // The API takes the undecodable text as an id it does not know; the web app's file server refuses it.
    expect((await call('GET', '/api/contracts/%E0%A4%A', 'commissioner')).status).toBe(404);
    const page = await createHttpApp(app, { webRoot: join(import.meta.dirname, '../../web/dist') }).request('/contracts/%E0%A4%A');
    expect(page.status).toBe(400);
  });

  it('refuses negative plan lines and a plan whose total cannot be added exactly', async () => {
    const plan = (lines: string[]) => ({ period: '2014-04', kind: 'plan', csv: `service,pod,hrg,period,activity,planned_pence\n${lines.join('\n')}\n` });
    const negative = await call('POST', '/api/contracts/BEDS-MSK-2014/submissions', 'commissioner', { json: plan(['MSK,DC,HN45A,2014-04,10,-500']) });
    expect(negative.status).toBe(400);
    expect(negative.body?.error?.issues[0].message).toMatch(/must not be negative/);
    const huge = await call('POST', '/api/contracts/BEDS-MSK-2014/submissions', 'commissioner', {
      json: plan(Array.from({ length: 12 }, () => 'MSK,DC,HN45A,2014-04,10,999999999999999')),
    });
    expect(huge.status).toBe(400);
    expect(huge.body?.error?.message).toMatch(/cannot be added exactly/);
  });

  it('rejects one over-long line as a row (line_too_long) and keeps the others, reading on in linear time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concordat-limits-'));
    const file = join(dir, 'long-line.csv');
    const row = 'ZCIRC,06F,2014-05,OPFA,,110,';
    writeFileSync(file, `${HEADER}\n${row}\nZCIRC,06F,2014-05,OPFA,,110,${'9'.repeat(20 << 20)}\n${row}\n`);
    const s = await (app.as((await app.signIn('circle', 'concordat')).user)).submitActivity('BEDS-MSK-2014', '2014-05', file);
    expect([s.rowsRead, s.rowsPriced, s.rowsRejected]).toEqual([3, 2, 1]);
    expect(s.rejections.detailed[0]).toMatchObject({ line: 3, reason: 'line_too_long' });
  });

  it('throttles sign-in per user name: the sixth wrong password in a row is refused with 429 and Retry-After', async () => {
    const tries: number[] = [];
    for (let i = 0; i < 6; i++) tries.push((await call('POST', '/api/session', null, { json: { username: 'provider', password: `guess-${i}` } })).status);
    expect(tries).toEqual([401, 401, 401, 401, 401, 429]);
    const held = await call('POST', '/api/session', null, { json: { username: 'provider', password: 'concordat' } });
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user is not held by someone guessing at this one.
    expect((await call('POST', '/api/session', null, { json: { username: 'system', password: 'concordat' } })).status).toBe(200);
  });

  it('checks a password for an unknown user name too, so it is not answered faster than a known one', async () => {
    const time = async (username: string) => {
      const t = performance.now();
      await call('POST', '/api/session', null, { json: { username, password: 'wrong' } });
      return performance.now() - t;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time('circle'));
      unknown.push(await time(`nobody-${i}`));
    }
    // Both run scrypt: the unknown name is not an order of magnitude faster (it was 15x before).
    expect(median(unknown) * 3).toBeGreaterThan(median(known));
  });

  it('stores only the SHA-256 of a session token', async () => {
    const { token } = await app.signIn('admin', 'concordat');
    const rows = await sql<{ token_sha256: string }>`select token_sha256 from sessions`.execute(app.storage.db);
    const stored = rows.rows.map((r) => r.token_sha256);
    expect(stored).not.toContain(token);
    expect(stored).toContain(createHash('sha256').update(token).digest('hex'));
  });

  it('sends security headers on pages and API answers', async () => {
    for (const path of ['/health', '/api/contracts']) {
      const r = await http.request(path);
      expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('same-origin');
    }
  });

  it('refuses a scenario with too many levers at once, naming levers', async () => {
    const scenario = { ...((await app.system().getScenario('bedford-msk')) as Record<string, unknown>) };
    const lever = (scenario.levers as unknown[])[0];
    const r = await call('POST', '/api/simulations', 'circle', { json: { scenario: { ...scenario, levers: Array.from({ length: 2000 }, () => lever) }, trials: 0 } });
    expect(r.status).toBe(400);
    expect(r.body?.error?.issues[0].path).toBe('levers');
  });

  it('answers other requests while a 10,000-trial simulation runs in its worker', async () => {
    const scenario = await app.system().getScenario('western-sussex-msk');
    const order: string[] = [];
    const sim = fetch(`http://127.0.0.1:${port}/api/simulations`, {
      method: 'POST', headers: { authorization: `Bearer ${tokens.circle}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scenario, trials: 10_000 }),
    }).then((r) => {
      order.push('simulation');
      return r.status;
    });
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      expect(r.status).toBe(200);
    }
    order.push('health');
    expect(await sim).toBe(200);
    expect(order).toEqual(['health', 'simulation']);
  });
});
