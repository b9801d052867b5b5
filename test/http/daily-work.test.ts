import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { createHttpApp } from '../../src/http/app.ts';

/**
 * What the web app's daily work rests on, through the API in-process: organisation user
 * administrators, what the signed-in user may start, the scheme years with terms, names in the
 * submissions ledger, the overview's opening date and parent codes the registry does not hold.
 */
describe('the API behind the daily work in the web', () => {
  let app: ConcordatApp;
  let http: ReturnType<typeof createHttpApp>;
  const tokens: Record<string, string> = {};

  const call = async (method: string, path: string, user: string | null, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${tokens[user]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await http.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const signIn = async (username: string, password = 'concordat') => {
    const r = await call('POST', '/api/session', null, { username, password });
    expect(r.status, `${username} signs in`).toBe(200);
    tokens[username] = r.body.token;
    return r.body;
  };
  const newUser = (username: string, organisationCode: string, role: string, extra: Record<string, unknown> = {}) =>
    ({ username, displayName: `${username} display name`, organisationCode, role, password: 'a long enough password', ...extra });

  beforeAll(async () => {
    app = await ConcordatApp.open({ dataDir: 'memory://', loadDemoIfEmpty: true, clock: fixedClock('2015-06-01T09:00:00Z') });
    http = createHttpApp(app);
    for (const u of ['commissioner', 'provider', 'circle', 'icb', 'system', 'admin']) await signIn(u);
  });
  afterAll(async () => app?.close());

  describe("an organisation's user administrator", () => {
    it('lists the users of its own organisation only', async () => {
      const r = await call('GET', '/api/users', 'icb');
      expect(r.status).toBe(200);
      expect(r.body.map((u: { username: string }) => u.username)).toEqual(['icb']);
      expect(r.body[0]).toMatchObject({ organisationCode: 'QHG', managesUsers: true });
      expect(r.body[0].passwordHash).toBeUndefined();
    });

    it('creates a commissioner user of its own organisation, audited, who can then sign in', async () => {
      const r = await call('POST', '/api/users', 'icb', newUser('blmk-finance', 'QHG', 'commissioner'));
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ username: 'blmk-finance', organisationCode: 'QHG', role: 'commissioner', side: 'commissioner', managesUsers: false });
      const session = await signIn('blmk-finance', 'a long enough password');
      expect(session.user.organisationCode).toBe('QHG');
      const audit = await call('GET', '/api/audit?entityType=user&limit=5', 'icb');
      const entry = audit.body.items.find((a: { entityId: string }) => a.entityId === r.body.userId);
      expect(entry).toMatchObject({ action: 'user.create', organisationCode: 'QHG', detail: { username: 'blmk-finance', as: 'own_organisation' } });
      expect((await call('GET', '/api/users', 'icb')).body.map((u: { username: string }) => u.username)).toEqual(['blmk-finance', 'icb']);
    });

    it('may not create a user of another organisation, nor an administrator or system user', async () => {
      const other = await call('POST', '/api/users', 'icb', newUser('not-mine', 'RC1', 'provider'));
      expect(other.status).toBe(403);
      expect(other.body.error.message).toMatch(/its own organisation/);
      for (const role of ['admin', 'system']) {
        const r = await call('POST', '/api/users', 'icb', newUser(`blmk-${role}`, 'QHG', role));
        expect(r.status, role).toBe(403);
        expect(r.body.error.message).toMatch(/only the administrator/);
      }
      expect((await call('GET', '/api/users', 'admin')).body.some((u: { username: string }) => ['not-mine', 'blmk-admin', 'blmk-system'].includes(u.username))).toBe(false);
    });

    it('says which field is wrong: a short password, a user name in use, a role its side does not have', async () => {
      const short = await call('POST', '/api/users', 'icb', { ...newUser('blmk-short', 'QHG', 'commissioner'), password: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.error.issues).toEqual([{ path: 'password', message: 'must be at least 10 characters' }]);
      const taken = await call('POST', '/api/users', 'icb', newUser('blmk-finance', 'QHG', 'commissioner'));
      expect(taken.status).toBe(409);
      const wrongSide = await call('POST', '/api/users', 'icb', newUser('blmk-provider', 'QHG', 'provider'));
      expect(wrongSide.status).toBe(400);
      expect(wrongSide.body.error.issues[0].path).toBe('role');
    });

    it('is made by the administrator, and then manages only its own organisation', async () => {
      const r = await call('POST', '/api/users', 'admin', newUser('rc1-admin', 'RC1', 'provider', { managesUsers: true }));
      expect(r.status).toBe(201);
      expect(r.body.managesUsers).toBe(true);
      await signIn('rc1-admin', 'a long enough password');
      const listed = await call('GET', '/api/users', 'rc1-admin');
      expect(listed.body.map((u: { username: string }) => u.username).sort()).toEqual(['provider', 'rc1-admin']);
      expect((await call('POST', '/api/users', 'rc1-admin', newUser('rc1-clerk', 'RC1', 'provider'))).status).toBe(201);
      expect((await call('POST', '/api/users', 'rc1-admin', newUser('qhg-clerk', 'QHG', 'commissioner'))).status).toBe(403);
    });

    it('is refused to users without the flag', async () => {
      expect((await call('GET', '/api/users', 'commissioner')).status).toBe(403);
      expect((await call('POST', '/api/users', 'commissioner', newUser('ccg-clerk', '06F', 'commissioner'))).status).toBe(403);
      expect((await call('GET', '/api/users', 'system')).status).toBe(403);
    });
  });

  it('tells the signed-in user what it may start', async () => {
    const may = async (u: string) => (await call('GET', '/api/session/me', u)).body.youMay;
    expect(await may('commissioner')).toEqual({ letContracts: true, letSubcontracts: false, manageUsers: false, manageEveryOrganisationsUsers: false });
    expect(await may('provider')).toEqual({ letContracts: false, letSubcontracts: true, manageUsers: false, manageEveryOrganisationsUsers: false });
    expect(await may('icb')).toEqual({ letContracts: true, letSubcontracts: false, manageUsers: true, manageEveryOrganisationsUsers: false });
    expect(await may('system')).toEqual({ letContracts: false, letSubcontracts: false, manageUsers: false, manageEveryOrganisationsUsers: false });
    expect(await may('admin')).toMatchObject({ manageUsers: true, manageEveryOrganisationsUsers: true });
    expect((await call('GET', '/api/session/me', 'icb')).body).toMatchObject({ username: 'icb', managesUsers: true });
  });

  describe('the economy overview', () => {
    it("opens (before any variation in this suite), when no date is asked for, on the date most of the user's contracts are live", async () => {
      const r = await call('GET', '/api/economy', 'commissioner');
      expect(r.body).toMatchObject({ asAt: '2014-04-01', asAtChosen: 'most_live' });
      // 06F's four contracts (with Milton Keynes) and the subcontract under one are live then; one has
      // ended by today (2015-06-01). The subcontract Bedford Hospital declined stays a draft.
      expect(r.body.byStatus.find((s: { status: string }) => s.status === 'live')).toMatchObject({ contracts: 4 });
      expect(r.body.byStatus.filter((s: { status: string }) => s.status !== 'live' && s.status !== 'draft')).toEqual([]);
      const asked = await call('GET', '/api/economy?asAt=2015-06-01', 'commissioner');
      expect(asked.body).toMatchObject({ asAt: '2015-06-01', asAtChosen: 'requested' });
      expect(asked.body.byStatus.find((s: { status: string }) => s.status === 'live').contracts).toBeLessThan(4);
    });

    it('opens on today for a user whose contracts all start after today', async () => {
      // This suite's today is 2015-06-01; BLMK ICB's contract with Milton Keynes starts in April 2025
      // (the browser test, on today's date, sees the ICB's overview open there).
      const r = await call('GET', '/api/economy', 'icb');
      expect(r.body).toMatchObject({ asAt: '2015-06-01', asAtChosen: 'today', contracts: 1 });
      expect(r.body.byStatus.find((s: { status: string }) => s.status === 'live')).toBeUndefined();
    });

    it('opens on today for a user with no contract live on any date', async () => {
      // A user of the sub-ICB location, which holds no contract of its own.
      expect((await call('POST', '/api/users', 'admin', newUser('sub-icb', 'M1J4Y', 'commissioner'))).status).toBe(201);
      await signIn('sub-icb', 'a long enough password');
      const r = await call('GET', '/api/economy', 'sub-icb');
      expect(r.body).toMatchObject({ asAt: '2015-06-01', asAtChosen: 'today', contracts: 0 });
    });
  });

  describe('payment terms by scheme year', () => {
    it("lists every scheme year of the contract's term, with the terms where they are set", async () => {
      const r = await call('GET', '/api/contracts/BEDS-MSK-2014/payment-terms', 'commissioner');
      expect(r.status).toBe(200);
      expect(r.body.reference).toBe('BEDS-MSK-2014');
      expect(r.body.years.map((y: { year: string }) => y.year)).toEqual(['2014/15', '2015/16', '2016/17', '2017/18', '2018/19']);
      const [first, ...rest] = r.body.years;
      expect(first.pathYear).toBe('2014-15');
      expect(first.periods[0]).toBe('2014-04');
      expect(first.periods[11]).toBe('2015-03');
      expect(first.terms.terms.model).toBe('outcomes_based');
      expect(first.terms.setByName).toBe('Bedfordshire CCG contracting lead (06F)');
      expect(rest.every((y: { terms: unknown }) => y.terms === null)).toBe(true);
      // The same terms as the one-year endpoint.
      const one = await call('GET', '/api/contracts/BEDS-MSK-2014/payment-terms/2014-15', 'commissioner');
      expect(one.body.terms).toEqual(first.terms.terms);
    });

    it('says a contract has no terms without a 404, and follows a variation that extends the term', async () => {
      const r = await call('GET', '/api/contracts/BEDFORD-ACUTE-2014-15/payment-terms', 'provider');
      expect(r.status).toBe(200);
      expect(r.body.years).toEqual([expect.objectContaining({ year: '2014/15', terms: null })]);
      const varied = await call('POST', '/api/contracts/BEDFORD-ACUTE-2014-15/variations', 'commissioner', {
        effectiveDate: '2015-03-01', rationale: 'Extended a year while the new contract is agreed', valueChangePence: 0, changes: { endDate: '2016-03-31' },
      });
      expect(varied.status).toBe(201);
      const after = await call('GET', '/api/contracts/BEDFORD-ACUTE-2014-15/payment-terms', 'provider');
      expect(after.body.years.map((y: { year: string }) => y.year)).toEqual(['2014/15', '2015/16']);
    });

    it('is not there for an organisation that cannot see the contract', async () => {
      expect((await call('GET', '/api/contracts/BEDS-MSK-2014/payment-terms', 'provider')).status).toBe(404);
    });
  });

  it('names who submitted each file in the submissions ledger', async () => {
    const r = await call('GET', '/api/contracts/BEDS-MSK-2014/submissions', 'commissioner');
    expect(r.status).toBe(200);
    const names = new Set(r.body.map((s: { submittedByName: string }) => s.submittedByName));
    expect(names).toContain('Circle contracts manager (ZCIRC)');
    for (const s of r.body) expect(s.submittedByName).not.toMatch(/^[0-9a-f]{8}-/);
    const one = await call('GET', `/api/contracts/BEDS-MSK-2014/submissions/${r.body[0].id}`, 'commissioner');
    expect(one.body.submittedByName).toBe(r.body[0].submittedByName);
  });

  describe('the registry', () => {
    it('names a parent in the registry and leaves a parent code it does not hold without a name', async () => {
      const r = await call('GET', '/api/organisations?search=London%20Ambulance', 'commissioner');
      const las = r.body.items.find((o: { code: string }) => o.code === 'RRU');
      expect(las).toMatchObject({ parentCode: 'QKK', parentName: null });
      const ccg = (await call('GET', '/api/organisations?search=06F', 'commissioner')).body.items.find((o: { code: string }) => o.code === '06F');
      expect(ccg.parentName).toBe('NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board');
      const detail = await call('GET', '/api/organisations/RRU', 'commissioner');
      expect(detail.body.organisation.parentCode).toBe('QKK');
      expect(detail.body.parent).toBeNull();
    });

    it('finds organisations by side for the party picker', async () => {
      const providers = await call('GET', '/api/organisations?search=bedford&side=provider', 'commissioner');
      const codes = providers.body.items.map((o: { code: string }) => o.code);
      expect(codes).toContain('RC1');
      expect(codes).not.toContain('06F');
      const commissioners = await call('GET', '/api/organisations?search=bedford&side=commissioner', 'commissioner');
      expect(commissioners.body.items.map((o: { code: string }) => o.code)).toContain('06F');
      expect(commissioners.body.items.map((o: { code: string }) => o.code)).not.toContain('RC1');
    });
  });
});
