/**
 * Every API endpoint x every demo actor (and a commissioner and provider from another economy, and
 * nobody signed in) -> the status each must get, on PGlite and PostgreSQL. The table is the rights
 * table seen from outside: a new endpoint added without a row fails the first test, so nobody can
 * add one without saying who may call it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConcordatApp, type Workspace } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { createHttpApp } from '../../src/http/app.ts';
import type { DatabaseOptions } from '../../src/storage/db.ts';
import { DIALECTS, describeOn, dropTestSchema } from '../support/databases.ts';

const ACTORS = ['anonymous', 'commissioner', 'provider', 'circle', 'icb', 'sussex-commissioner', 'sussex-provider', 'system', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];
type Expect = Record<ActorName, number>;

/** Expected statuses, written as: what signed-in users get by default, and the exceptions. */
const all = (status: number, except: Partial<Expect> = {}): Expect =>
  ({ ...Object.fromEntries(ACTORS.map((a) => [a, a === 'anonymous' ? 401 : status])), ...except }) as Expect;

/**
 * Who sees BEDS-MSK-2014 (06F co-ordinates, Circle provides): 06F, Circle, and the system and
 * administrator users who read across the economy; everyone else gets 404 (not 403: a provider must
 * not learn that another's contract exists).
 */
const bedsMsk = (status = 200, except: Partial<Expect> = {}) =>
  all(404, { commissioner: status, circle: status, system: status, admin: status, ...except });
/** BEDFORD-ACUTE-2014-15: 06F co-ordinates, Bedford Hospital (RC1, the "provider" user) provides. */
const bedfordAcute = (except: Partial<Expect>) => all(404, { commissioner: 200, provider: 200, system: 200, admin: 200, ...except });

/** Bedfordshire CCG's private economy: 06F, and the system and administrator users who read across; 404 for everyone else. */
const bedsPrivate = (status = 200, except: Partial<Expect> = {}) => all(404, { commissioner: status, system: status, admin: status, ...except });
const bedsEconomies = new WeakMap<object, Promise<string>>();
/** Creates (once per run) Bedfordshire CCG's private economy, built as at 2014-04-01. */
function bedsEconomy(h: Harness): Promise<string> {
  let p = bedsEconomies.get(h);
  if (!p) {
    p = (async () => {
      const ws = await h.as('commissioner');
      const e = await ws.createEconomy({ id: 'beds-06f', name: 'Bedfordshire CCG' });
      await ws.buildEconomyVersion(e.id, '2014-04-01');
      return e.id;
    })();
    bedsEconomies.set(h, p);
  }
  return p;
}

interface Request {
  readonly path: string;
  readonly body?: unknown;
  readonly csv?: string;
  /** Sign in afresh and use that token (for signing out). */
  readonly freshToken?: boolean;
  /** Send no token at all, whoever the actor (signing in). */
  readonly noToken?: boolean;
}

interface Case {
  readonly request: (h: Harness, actor: ActorName, n: number) => Promise<Request> | Request;
  readonly expect: Expect;
}

interface Harness {
  readonly system: Workspace;
  readonly as: (username: string) => Promise<Workspace>;
}

const M = 100_000_000;
const draftContract = (ref: string) => ({
  reference: ref, title: 'Access test dermatology', model: 'standard_activity' as const, startDate: '2015-04-01', endDate: '2016-03-31',
  signedValuePence: 1 * M, parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' as const }, { organisationCode: 'RC1', role: 'provider' as const }],
  serviceCodes: ['DERMATOLOGY'],
});
const variation = { effectiveDate: '2015-01-01', rationale: 'Access test', valueChangePence: 1 };
const csv = 'provider,commissioner,period,pod,hrg,tfc,los\nZCIRC,06F,2014-05,OPFA,,110,\n';

/** The table: one row per endpoint, keyed as the router knows it. */
const TABLE: Record<string, Case> = {
  'POST /api/session': {
    request: (_h, a) => ({ path: '/api/session', noToken: true, body: a === 'anonymous' ? { username: 'nobody', password: 'wrong' } : { username: a, password: 'concordat' } }),
    expect: all(200),
  },
  'GET /api/session/me': { request: () => ({ path: '/api/session/me' }), expect: all(200) },
  'DELETE /api/session/me': { request: () => ({ path: '/api/session/me', freshToken: true }), expect: all(204) },
  'GET /api/docs': { request: () => ({ path: '/api/docs' }), expect: all(200, { anonymous: 200 }) },
  'GET /api/organisations': { request: () => ({ path: '/api/organisations?search=bedford' }), expect: all(200) },
  'GET /api/organisations/:code': { request: () => ({ path: '/api/organisations/RC1' }), expect: all(200) },
  'GET /api/services': { request: () => ({ path: '/api/services' }), expect: all(200) },
  'GET /api/contracts': { request: () => ({ path: '/api/contracts' }), expect: all(200) },
  'POST /api/contracts': {
    request: (_h, a, n) => ({ path: '/api/contracts', body: draftContract(`ACCESS-${n}-${a}`) }),
    // Only 06F may let a contract naming 06F as co-ordinating commissioner; even the administrator may not.
    expect: all(403, { commissioner: 201 }),
  },
  'GET /api/contracts/:id': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014' }), expect: bedsMsk() },
  'GET /api/contracts/:id/as-at/:date': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/as-at/2015-01-01' }), expect: bedsMsk() },
  'GET /api/contracts/:id/variations': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/variations' }), expect: bedsMsk() },
  'POST /api/contracts/:id/variations': {
    request: () => ({ path: '/api/contracts/BEDFORD-ACUTE-2014-15/variations', body: variation }),
    expect: bedfordAcute({ commissioner: 201, provider: 403, system: 403, admin: 403 }),
  },
  'POST /api/contracts/:id/acceptance': {
    request: async (h, a, n) => {
      const c = await (await h.as('commissioner')).createContract(draftContract(`ACCEPT-${n}-${a}`));
      return { path: `/api/contracts/${c.contract.id}/acceptance`, body: { decision: 'accepted' } };
    },
    expect: bedfordAcute({ provider: 200, commissioner: 403, system: 403, admin: 403 }),
  },
  'POST /api/contracts/:id/subcontract-consent': {
    request: async (h, a, n) => {
      const parent = await h.system.getContract('BEDS-MSK-2014');
      const c = await (await h.as('circle')).createContract({
        reference: `SUB-${n}-${a}`, title: 'Access test subcontract', model: 'subcontract', parentContractId: parent.contract.id,
        startDate: '2015-04-01', endDate: '2016-03-31', signedValuePence: M,
        parties: [{ organisationCode: 'ZCIRC', role: 'coordinating_commissioner' }, { organisationCode: 'RC9', role: 'provider' }], serviceCodes: ['MSK-ELECTIVE'],
      });
      return { path: `/api/contracts/${c.contract.id}/subcontract-consent`, body: { decision: 'accepted' } };
    },
    // The parent's commissioner consents; the prime that let it may not consent to its own subcontract.
    expect: bedsMsk(403, { commissioner: 200 }),
  },
  'POST /api/contracts/:id/variation-proposals': {
    request: () => ({ path: '/api/contracts/BEDFORD-ACUTE-2014-15/variation-proposals', body: variation }),
    expect: bedfordAcute({ provider: 201, commissioner: 403, system: 403, admin: 403 }),
  },
  'POST /api/contracts/:id/variation-proposals/:proposalId/decision': {
    request: async (h) => {
      const c = await (await h.as('provider')).proposeVariation('BEDFORD-ACUTE-2014-15', variation);
      return { path: `/api/contracts/BEDFORD-ACUTE-2014-15/variation-proposals/${c.proposals.at(-1)!.id}/decision`, body: { decision: 'agreed' } };
    },
    expect: bedfordAcute({ commissioner: 200, provider: 403, system: 403, admin: 403 }),
  },
  'GET /api/contracts/:id/ledger': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/ledger' }), expect: bedsMsk() },
  'GET /api/contracts/:id/submissions': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/submissions' }), expect: bedsMsk() },
  'GET /api/contracts/:id/submissions/:submissionId': {
    request: async (h) => ({ path: `/api/contracts/BEDS-MSK-2014/submissions/${(await h.system.listSubmissions('BEDS-MSK-2014'))[0].id}` }),
    expect: bedsMsk(),
  },
  'POST /api/contracts/:id/submissions': {
    request: () => ({ path: '/api/contracts/BEDS-MSK-2014/submissions?period=2014-05', csv }),
    // The provider party submits; the commissioner may not submit its provider's activity.
    expect: bedsMsk(403, { circle: 201 }),
  },
  'GET /api/contracts/:id/statements/:file{[0-9]{4}-[0-9]{2}\\.csv}': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/statements/2015-03.csv' }), expect: bedsMsk() },
  'GET /api/contracts/:id/statements/:file{[0-9]{4}-[0-9]{2}\\.xlsx}': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/statements/2015-03.xlsx' }), expect: bedsMsk() },
  'GET /api/contracts/:id/statements/:period': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/statements/2015-03' }), expect: bedsMsk() },
  'GET /api/contracts/:id/payment-terms/:year': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/payment-terms/2014-15' }), expect: bedsMsk() },
  'PUT /api/contracts/:id/payment-terms/:year': {
    request: () => ({
      path: '/api/contracts/BEDS-MSK-2014/payment-terms/2014-15',
      body: { terms: { model: 'outcomes_based', annualValuePence: 24_000_000_00, contractYear: 1, atRiskShareByContractYear: [40_000, 40_000, 40_000, 40_000, 40_000], outcomeAchievementMicros: 750_000 }, expectedAnnualValuePence: 24_000_000_00 },
    }),
    expect: bedsMsk(403, { commissioner: 200 }),
  },
  'GET /api/economy': { request: () => ({ path: '/api/economy?asAt=2015-06-01' }), expect: all(200) },
  'GET /api/audit': { request: () => ({ path: '/api/audit?limit=5' }), expect: all(200) },
  'GET /api/tariffs': { request: () => ({ path: '/api/tariffs' }), expect: all(200) },
  'GET /api/tariffs/:year': { request: () => ({ path: '/api/tariffs/2014-15' }), expect: all(200) },
  // Impact: the demo economy and its seed scenarios are published and shared (everyone reads and
  // runs them; writers save scenarios and keep runs); Bedfordshire CCG's own economy is private.
  'GET /api/scenarios': { request: () => ({ path: '/api/scenarios' }), expect: all(200) },
  'GET /api/scenarios/schema': { request: () => ({ path: '/api/scenarios/schema' }), expect: all(200) },
  'GET /api/scenarios/:id': { request: () => ({ path: '/api/scenarios/bedford-msk' }), expect: all(200) },
  'POST /api/simulations': {
    request: async (h) => ({ path: '/api/simulations', body: { scenario: await h.system.getScenario('nottingham-dermatology'), trials: 0 } }),
    expect: all(200),
  },
  'GET /api/simulations/report': { request: () => ({ path: '/api/simulations/report?scenario=nottingham-dermatology&trials=0' }), expect: all(200) },
  'GET /api/ledger/verify': { request: () => ({ path: '/api/ledger/verify' }), expect: all(403, { system: 200, admin: 200 }) },
  'GET /api/users': { request: () => ({ path: '/api/users' }), expect: all(403, { admin: 200 }) },
  'POST /api/users': {
    request: (_h, a, n) => ({ path: '/api/users', body: { username: `new-${n}-${a}`.toLowerCase(), displayName: 'New user', organisationCode: 'RYR', role: 'provider', password: 'a long password' } }),
    expect: all(403, { admin: 201 }),
  },
  // Impact: stored economies, saved scenarios and their runs, decisions' impact shown first.
  'POST /api/scenarios': {
    request: async (h, a, n) => ({ path: '/api/scenarios', body: { scenario: { ...(await h.system.getScenario('nottingham-dermatology')), name: `Access ${n} ${a}` } } }),
    expect: all(201, { system: 403 }),
  },
  'PUT /api/scenarios/:id': {
    // NHS England's seed scenario: only its owner edits it (the administrator, for X24).
    request: () => ({ path: '/api/scenarios/bedford-msk', body: { sharing: 'economy' } }),
    expect: all(403, { admin: 200 }),
  },
  'GET /api/scenarios/:id/runs': { request: () => ({ path: '/api/scenarios/bedford-msk/runs' }), expect: all(200) },
  'POST /api/scenarios/:id/runs': { request: () => ({ path: '/api/scenarios/bedford-msk/runs', body: { trials: 0 } }), expect: all(201, { system: 403 }) },
  'GET /api/runs/:id': {
    request: async (h) => {
      const run = await (await h.as('commissioner')).assessDecision(await bedsEconomy(h), { kind: 'service-move', provider: 'RC1', service: 'MSK-ELECTIVE', to: 'RD8', share: 0.1, from: '2014-04' }, { trials: 0 });
      return { path: `/api/runs/${run.run.id}` };
    },
    expect: bedsPrivate(),
  },
  'GET /api/economies': { request: () => ({ path: '/api/economies' }), expect: all(200) },
  'POST /api/economies': { request: (_h, a, n) => ({ path: '/api/economies', body: { name: `Access ${n} ${a}` } }), expect: all(201, { system: 403 }) },
  'GET /api/economies/:id': { request: async (h) => ({ path: `/api/economies/${await bedsEconomy(h)}` }), expect: bedsPrivate() },
  'PUT /api/economies/:id/sharing': {
    request: async (h) => ({ path: `/api/economies/${await bedsEconomy(h)}/sharing`, body: { sharing: 'private' } }),
    expect: bedsPrivate(200, { system: 403, admin: 403 }),
  },
  'POST /api/economies/:id/versions': {
    request: async (h, _a, n) => ({ path: `/api/economies/${(await (await h.as('commissioner')).createEconomy({ name: `Access build ${n}` })).id}/versions`, body: { asAt: '2014-04-01' } }),
    expect: bedsPrivate(201, { system: 403, admin: 403 }),
  },
  'GET /api/economies/:id/versions/:version': { request: async (h) => ({ path: `/api/economies/${await bedsEconomy(h)}/versions/latest` }), expect: bedsPrivate() },
  'GET /api/economies/:id/entries': { request: async (h) => ({ path: `/api/economies/${await bedsEconomy(h)}/entries?year=2014-15` }), expect: bedsPrivate() },
  'POST /api/economies/:id/entries': {
    request: async (h) => ({ path: `/api/economies/${await bedsEconomy(h)}/entries`, body: { year: '2014-15', table: 'providers', rows: [{ provider: 'RC1', opening_cash: '£1,000,000' }] } }),
    expect: bedsPrivate(201, { system: 403, admin: 403 }),
  },
  'POST /api/economies/:id/entries/upload': {
    request: async (h) => ({ path: `/api/economies/${await bedsEconomy(h)}/entries/upload?year=2014-15`, csv: 'provider,opening_cash\nRC1,"£2,000,000"\n' }),
    expect: bedsPrivate(201, { system: 403, admin: 403 }),
  },
  'GET /api/economies/:id/template.csv': { request: async (h) => ({ path: `/api/economies/${await bedsEconomy(h)}/template.csv?year=2014-15` }), expect: bedsPrivate() },
  'GET /api/economies/:id/template.xlsx': { request: async (h) => ({ path: `/api/economies/${await bedsEconomy(h)}/template.xlsx?year=2014-15` }), expect: bedsPrivate() },
  'POST /api/economies/:id/impact': {
    request: () => ({ path: '/api/economies/demo/impact', body: { decision: { kind: 'service-move', provider: 'RC1', service: 'MSK-ELECTIVE', to: 'RD8', share: 0.2, from: '2014-04' }, trials: 0 } }),
    expect: all(201, { system: 403 }),
  },
  'POST /api/contracts/:id/impact': {
    request: () => ({ path: '/api/contracts/BEDFORD-ACUTE-2014-15/impact', body: { variation: { effectiveDate: '2014-10-01', rationale: 'Access test', valueChangePence: -100_000_000 }, trials: 0 } }),
    // A party who may vary or propose shows the impact first; the system and the administrator are no party to it.
    expect: bedfordAcute({ commissioner: 201, provider: 201, system: 403, admin: 403 }),
  },
  'GET /api/contracts/:id/impact': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/impact' }), expect: bedsMsk() },
};

for (const dialect of DIALECTS) {
  describeOn(dialect, 'who may call which endpoint', () => {
    let options: DatabaseOptions;
    let app: ConcordatApp;
    let http: ReturnType<typeof createHttpApp>;
    const tokens = new Map<string, string>();
    let harness: Harness;

    const signIn = async (username: string) => {
      const res = await http.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'concordat' }) });
      return ((await res.json()) as { token: string }).token;
    };

    beforeAll(async () => {
      options = dialect.options();
      app = await ConcordatApp.open({
        ...options, loadDemoIfEmpty: true, clock: fixedClock('2015-06-01T09:00:00Z'),
        throttle: { failuresPerUser: 100, attemptsPerAddress: 1000, windowMs: 60_000 },
      });
      http = createHttpApp(app);
      for (const a of ACTORS) if (a !== 'anonymous') tokens.set(a, await signIn(a));
      harness = {
        system: app.system(),
        as: async (username) => app.as((await app.signIn(username, 'concordat')).user),
      };
    });
    afterAll(async () => {
      await app?.close();
      await dropTestSchema(options);
    });

    it('has a row for every endpoint the API serves, and no row for one it does not', () => {
      const served = http.routes
        .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.endsWith('*'))
        .map((r) => `${r.method} ${r.path}`);
      expect([...new Set(served)].sort()).toEqual(Object.keys(TABLE).sort());
    });

    let n = 0;
    for (const [route, c] of Object.entries(TABLE)) {
      it(`${route}: ${ACTORS.map((a) => `${a} ${c.expect[a]}`).join(', ')}`, async () => {
        const got: Partial<Expect> = {};
        for (const actor of ACTORS) {
          const req = await c.request(harness, actor, n++);
          const headers: Record<string, string> = {};
          const token = req.noToken || actor === 'anonymous' ? undefined : req.freshToken ? await signIn(actor) : tokens.get(actor);
          if (token) headers.authorization = `Bearer ${token}`;
          let body: string | undefined;
          if (req.body !== undefined) {
            headers['content-type'] = 'application/json';
            body = JSON.stringify(req.body);
          } else if (req.csv !== undefined) {
            headers['content-type'] = 'text/csv';
            body = req.csv;
          }
          const method = route.split(' ')[0];
          const res = await http.request(req.path, { method, headers, body });
          got[actor] = res.status;
          await res.arrayBuffer();
        }
        expect(got).toEqual(c.expect);
      });
    }
  });
}
