/**
 * Every API endpoint x every demo actor (and a commissioner and provider from another economy, and
 * nobody signed in) -> the status each must get, on PGlite and PostgreSQL. The table is the rights
 * table seen from outside: a new endpoint added without a row fails the first test, so nobody can
 * add one without saying who may call it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_OCDS_SAMPLE } from '../../src/app/demo/procurement.ts';
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
/** The Sussex relationship (09G and RYR): its two organisations, and the system and administrator users who read across the economy. */
const sussex = (status = 200, except: Partial<Expect> = {}) =>
  all(404, { 'sussex-commissioner': status, 'sussex-provider': status, system: status, admin: status, ...except });
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
/** A procurement before the PSR (the clock reads 2015): tender or roll over, decided with reasons. */
const legacyProcurement = (reference: string) => ({
  reference, title: 'Access test community services', route: 'legacy' as const,
  services: { description: 'Community services', cpvCode: '85100000' }, approximateLifetimeValuePence: M,
  contractPeriod: { startDate: '2016-04-01', endDate: '2017-03-31' },
});
/** A procurement Bedfordshire CCG (06F) opens and has not published. */
const bedfordProcurement = async (h: Harness, suffix: string) => {
  const reference = `BEDS-${suffix}`.toUpperCase();
  return (await (await h.as('commissioner')).openProcurement({ ...legacyProcurement(reference), id: reference.toLowerCase() })).id;
};
/** The Contracts Finder sample the demo imports. */
const CF_SAMPLE = JSON.parse(readFileSync(DEMO_OCDS_SAMPLE, 'utf8')) as Record<string, unknown>;

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
  // The administrator manages every organisation's users; QHG's user administrator (icb) its own.
  'GET /api/users': { request: () => ({ path: '/api/users' }), expect: all(403, { admin: 200, icb: 200 }) },
  'POST /api/users': {
    request: (_h, a, n) => ({ path: '/api/users', body: { username: `new-${n}-${a}`.toLowerCase(), displayName: 'New user', organisationCode: 'QHG', role: 'commissioner', password: 'a long password' } }),
    expect: all(403, { admin: 201, icb: 201 }),
  },
  'GET /api/contracts/:id/payment-terms': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/payment-terms' }), expect: bedsMsk() },
  // The relationship (issue 8). WSHFT-ACUTE-2015-16 is between Coastal West Sussex CCG (09G, the
  // "sussex-commissioner") and Western Sussex Hospitals (RYR, the "sussex-provider"), live on the test's date.
  'GET /api/relationships/:commissioner/:provider': { request: () => ({ path: '/api/relationships/09G/RYR' }), expect: sussex() },
  'GET /api/actions-due': { request: () => ({ path: '/api/actions-due' }), expect: all(200) },
  'GET /api/notices': { request: () => ({ path: '/api/notices' }), expect: all(200) },
  'GET /api/notices/:id': { request: () => ({ path: '/api/notices/CPN-KERNOW-2013-01' }), expect: all(404, { system: 200, admin: 200 }) },
  'POST /api/contracts/:id/notices': {
    request: () => ({ path: '/api/contracts/WSHFT-ACUTE-2015-16/notices', body: { subject: 'Access test: A&E four-hour standard' } }),
    // The 2015/16 edition (2013/14's rules carried forward) lets only the co-ordinating commissioner issue one.
    expect: sussex(403, { 'sussex-commissioner': 201, system: 403, admin: 403 }),
  },
  'POST /api/notices/:id/steps': {
    request: async (h) => {
      const n = await (await h.as('sussex-commissioner')).issueNotice('WSHFT-ACUTE-2015-16', { subject: 'Access test notice' });
      return { path: `/api/notices/${n.notice.id}/steps`, body: { type: 'accept' } };
    },
    // The recipient accepts; the issuer may not accept its own notice.
    expect: sussex(403, { 'sussex-provider': 200, system: 403, admin: 403 }),
  },
  'GET /api/disputes': { request: () => ({ path: '/api/disputes' }), expect: all(200) },
  'GET /api/disputes/:id': { request: () => ({ path: '/api/disputes/WSX-GC14-2016-01' }), expect: sussex() },
  'POST /api/contracts/:id/disputes': {
    request: () => ({ path: '/api/contracts/WSHFT-ACUTE-2015-16/disputes', body: { subject: 'Access test: counting and coding' } }),
    expect: sussex(201, { system: 403, admin: 403 }),
  },
  'POST /api/gc14-disputes/:id/steps': {
    request: async (h) => {
      const d = await (await h.as('sussex-commissioner')).raiseDispute('WSHFT-ACUTE-2015-16', { subject: 'Access test dispute' });
      return { path: `/api/gc14-disputes/${d.summary.id}/steps`, body: { type: 'withdraw', reason: 'Access test' } };
    },
    // Only the party that raised it withdraws it.
    expect: sussex(403, { 'sussex-commissioner': 200, system: 403, admin: 403 }),
  },
  'POST /api/relationships/:commissioner/:provider/contract-setting-disputes': {
    request: (_h, a, n) => ({
      path: '/api/relationships/09G/RYR/contract-setting-disputes',
      body: { contractYear: '2016/17', disputeId: `CS-ACCESS-${n}-${a}`, issues: [{ id: 'value', title: 'Contract value', measure: 'amount' }] },
    }),
    expect: sussex(201, { system: 403, admin: 403 }),
  },
  'POST /api/contract-setting-disputes/:id/steps': {
    request: async (h, a, n) => {
      const d = await (await h.as('sussex-commissioner')).openContractSettingDispute('09G', 'RYR', {
        contractYear: '2016/17', disputeId: `CS-STEP-${n}-${a}`, issues: [{ id: 'value', title: 'Contract value', measure: 'amount' }],
      });
      return { path: `/api/contract-setting-disputes/${d.summary.id}/steps`, body: { type: 'withdraw', reason: 'Access test' } };
    },
    // Only the party that opened it withdraws it.
    expect: sussex(403, { 'sussex-commissioner': 200, system: 403, admin: 403 }),
  },
  'GET /api/contracts/:id/management-terms': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/management-terms' }), expect: bedsMsk() },
  'PUT /api/contracts/:id/management-terms': {
    request: () => ({ path: '/api/contracts/BEDS-MSK-2014/management-terms', body: { edition: '2014/15', reason: 'Access test' } }),
    expect: bedsMsk(403, { commissioner: 200 }),
  },
  'GET /api/contracts/:id/performance': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/performance' }), expect: bedsMsk() },
  'POST /api/contracts/:id/performance-returns': {
    request: () => ({
      path: '/api/contracts/WSHFT-ACUTE-2015-16/performance-returns',
      body: { returns: [{ period: '2015-05', indicatorId: 'WSX-AE-4HR', numerator: 11_500, denominator: 12_000, note: 'Access test restatement' }] },
    }),
    // The provider party submits its returns; the commissioner may not.
    expect: sussex(403, { 'sussex-provider': 201, system: 403, admin: 403 }),
  },
  'GET /api/contracts/:id/ocds-implementation': { request: () => ({ path: '/api/contracts/BEDS-MSK-2014/ocds-implementation' }), expect: bedsMsk() },
  'POST /api/contracts/:id/money-entries': {
    request: () => ({ path: '/api/contracts/WSHFT-ACUTE-2015-16/money-entries', body: { kind: 'challenge', period: '2015-05', amountPence: 100_000, description: 'Access test challenge upheld' } }),
    // A charge is the provider's to record.
    expect: sussex(403, { 'sussex-provider': 201, system: 403, admin: 403 }),
  },
  // ---- Procurement in the open (issue 9) ----
  'GET /api/procurements': { request: () => ({ path: '/api/procurements' }), expect: all(200) },
  'POST /api/procurements': {
    // The clock reads 2015: before the PSR, a procurement follows the legacy route (tender or roll over).
    request: (_h, a, n) => ({ path: '/api/procurements', body: legacyProcurement(`ACCESS-PROC-${n}-${a}`.toUpperCase()) }),
    // A commissioning organisation opens one as its lead; providers and the system role may not.
    expect: all(403, { commissioner: 201, icb: 201, 'sussex-commissioner': 201, admin: 201 }),
  },
  'GET /api/procurements/:id': {
    request: async (h, a, n) => ({ path: `/api/procurements/${await bedfordProcurement(h, `VIEW-${n}-${a}`)}` }),
    // Unpublished: its lead authority, and the system and administrator users; nobody else learns it exists.
    expect: all(404, { commissioner: 200, system: 200, admin: 200 }),
  },
  'POST /api/procurements/:id/steps': {
    request: async (h, a, n) => ({
      path: `/api/procurements/${await bedfordProcurement(h, `STEP-${n}-${a}`)}/steps`,
      body: { type: 'decision_makers_named', decisionMakers: [{ name: 'Access test', role: 'Decision-maker', organisationCode: '06F' }] },
    }),
    expect: all(404, { commissioner: 200, system: 403, admin: 403 }),
  },
  'GET /api/procurements/:id/decision-record': {
    // Staffordshire is published: everyone reads its public view, only the authorities, system and administrators its decision record.
    request: () => ({ path: '/api/procurements/STAFFS-CANCER-2025/decision-record' }),
    expect: all(403, { system: 200, admin: 200 }),
  },
  'GET /api/procurements/:id/notice-draft': { request: () => ({ path: '/api/procurements/STAFFS-CANCER-2025/notice-draft' }), expect: all(403, { system: 200, admin: 200 }) },
  'POST /api/procurements/:id/notice-check': {
    request: () => ({ path: '/api/procurements/STAFFS-CANCER-2025/notice-check', body: { kind: 'intention_da_c', content: {} } }),
    expect: all(200),
  },
  'POST /api/psr/route-assessment': {
    request: () => ({ path: '/api/psr/route-assessment?on=2025-01-06', body: { existingProvider: false, framework: false, patientChoiceOffered: false } }),
    expect: all(200),
  },
  'GET /api/schemes': { request: () => ({ path: '/api/schemes' }), expect: all(200) },
  'POST /api/schemes': {
    request: (_h, a, n) => ({ path: '/api/schemes', body: { id: `access-${n}-${a}`, title: 'Access test scheme', gates: [{ gate: 'strategic_outline_case', signatories: ['06F', 'RC1'] }] } }),
    expect: all(403, { commissioner: 201, icb: 201, 'sussex-commissioner': 201, admin: 201 }),
  },
  'GET /api/schemes/:id': {
    // Dudley's signatories are 05C, RNA, RYK, the council and NHS England (regulatory approval).
    request: () => ({ path: '/api/schemes/dudley-icp' }),
    expect: all(404, { system: 200, admin: 200 }),
  },
  'POST /api/schemes/:id/steps': {
    request: async (h, a, n) => {
      const s = await (await h.as('commissioner')).openScheme({ id: `sign-${n}-${a}`, title: 'Access test scheme', gates: [{ gate: 'strategic_outline_case', signatories: ['06F', 'RC1'] }] });
      await (await h.as('commissioner')).takeSchemeStep(s.id, { type: 'gate_submitted', gate: 'strategic_outline_case' });
      return { path: `/api/schemes/${s.id}/steps`, body: { type: 'gate_signed', gate: 'strategic_outline_case' } };
    },
    // Each named signatory signs for itself; the system and administrator users read it but are not signatories.
    expect: all(404, { commissioner: 200, provider: 200, system: 403, admin: 403 }),
  },
  'POST /api/imports/ocds': {
    request: () => ({ path: '/api/imports/ocds?fileName=access.json', body: { ...CF_SAMPLE, releases: (CF_SAMPLE.releases as unknown[]).slice(0, 1) } }),
    expect: all(403, { admin: 200 }),
  },
  'GET /api/imports/ocds': { request: () => ({ path: '/api/imports/ocds' }), expect: all(200) },
  'GET /api/imports/ocds/:id': { request: async (h) => ({ path: `/api/imports/ocds/${(await h.system.listOcdsImports())[0].id}` }), expect: all(200) },
  'GET /api/imported-procurements': { request: () => ({ path: '/api/imported-procurements?search=NHS' }), expect: all(200) },
  'GET /api/fhir/Contract/:id': { request: () => ({ path: '/api/fhir/Contract/BEDS-MSK-2014' }), expect: bedsMsk() },
  // Public: no sign-in needed, so anonymous gets them too.
  'GET /api/public/notices': { request: () => ({ path: '/api/public/notices' }), expect: all(200, { anonymous: 200 }) },
  'GET /api/public/ocds/releases': { request: () => ({ path: '/api/public/ocds/releases?limit=2' }), expect: all(200, { anonymous: 200 }) },
  'GET /api/public/ocds/releases/:id': { request: () => ({ path: '/api/public/ocds/releases/ocds-cncdat-staffs-cancer-2025-020-award' }), expect: all(200, { anonymous: 200 }) },
  'GET /api/public/ocds/records/:ocid': { request: () => ({ path: '/api/public/ocds/records/ocds-cncdat-staffs-cancer-2025' }), expect: all(200, { anonymous: 200 }) },
  'GET /api/public/fhir/Organization': { request: () => ({ path: '/api/public/fhir/Organization?kind=icb' }), expect: all(200, { anonymous: 200 }) },
  'GET /api/public/fhir/Organization/:code': { request: () => ({ path: '/api/public/fhir/Organization/RJE' }), expect: all(200, { anonymous: 200 }) },
  'GET /api/public/psr/standstill': { request: () => ({ path: '/api/public/psr/standstill?publishedOn=2025-01-06' }), expect: all(200, { anonymous: 200 }) },
  'GET /api/public/psr/considerable-change': {
    request: () => ({ path: '/api/public/psr/considerable-change?existing=160000000&proposed=220000000&authorityDriven=true' }), expect: all(200, { anonymous: 200 }),
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
  'DELETE /api/scenarios/:id': {
    // A private scenario of Bedfordshire CCG's on the demo economy, made for each request: only its
    // owner deletes it; the system and the administrator read it and may not.
    request: async (h, a, n) => {
      const made = await (await h.as('commissioner')).createScenario({ scenario: { ...(await h.system.getScenario('nottingham-dermatology')), name: `Delete ${n} ${a}` } });
      return { path: `/api/scenarios/${made.id}` };
    },
    expect: bedsPrivate(403, { commissioner: 200 }),
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
  'PUT /api/economies/:id': {
    request: async (h) => ({ path: `/api/economies/${await bedsEconomy(h)}`, body: { description: 'Bedfordshire as its CCG sees it' } }),
    expect: bedsPrivate(200, { system: 403, admin: 403 }),
  },
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
