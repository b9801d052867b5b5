/**
 * Procurement through the HTTP API, in-process (`http.request`, no port), on the demo economy: the
 * public routes answer without signing in (notices, the OCDS feed paged by cursor and dates, release
 * and record packages valid against the official schemas, FHIR Organizations valid against the R4
 * schema, the standstill and considerable-change calculators); signed-in routes refuse anonymous
 * callers; a Direct Award C notice missing a Schedule 3 item is a 400 naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { fhirSchemaErrors } from '../../src/domain/fhir/schema.testing.ts';
import type { JsonObject } from '../../src/domain/ocds/json.ts';
import { schemaErrors } from '../../src/domain/ocds/schemas.testing.ts';
import { createHttpApp } from '../../src/http/app.ts';

describe('procurement through the API', () => {
  let app: ConcordatApp;
  let http: ReturnType<typeof createHttpApp>;
  const tokens: Record<string, string> = {};

  const call = async (method: string, path: string, user: string | null, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${tokens[user]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await http.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    app = await ConcordatApp.open({ dataDir: 'memory://', loadDemoIfEmpty: true, clock: fixedClock('2025-03-03T09:00:00Z') });
    http = createHttpApp(app);
    for (const u of ['commissioner', 'circle', 'admin']) tokens[u] = (await call('POST', '/api/session', null, { username: u, password: 'concordat' })).body.token;
  });
  afterAll(async () => app?.close());

  it('publishes the notices without sign-in, each item in its Schedule\'s order, with the representations deadline', async () => {
    const r = await call('GET', '/api/public/notices', null);
    expect(r.status).toBe(200);
    const intention = r.body.find((n: { noticeId: string }) => n.noticeId === 'STAFFS-CANCER-2025-INT');
    expect(intention).toMatchObject({ procurementReference: 'STAFFS-CANCER-2025', schedule: 'Schedule 10', publishedOn: '2025-01-06', representationsBy: '2025-01-17' });
    expect(intention.items.map((i: { paragraph: string }) => i.paragraph)).toEqual(['statement', 'para 2', 'para 3', 'para 4', 'para 5', 'para 6', 'para 7', 'para 8', 'framework']);
    expect(intention.items[2].text).toBe('University Hospitals of North Midlands NHS Trust, Newcastle Road, Stoke-on-Trent, ST4 6QG');
    // Nothing unpublished: the roll-over published no notice.
    expect(r.body.map((n: { procurementReference: string }) => n.procurementReference)).not.toContain('CCS-COMMUNITY-2015-16');
  });

  it('pages the OCDS release feed by cursor without sign-in; every page and release validates against the official schemas', async () => {
    const seen: JsonObject[] = [];
    let next: string | null = '/api/public/ocds/releases?limit=2';
    let pages = 0;
    while (next) {
      const r = await call('GET', next.replace(/^https?:\/\/[^/]+/, ''), null);
      expect(r.status).toBe(200);
      expect(schemaErrors('release-package', r.body)).toEqual([]);
      expect(r.body.releases.length).toBeLessThanOrEqual(2);
      seen.push(...r.body.releases);
      next = r.body.links?.next ?? null;
      pages++;
    }
    expect(pages).toBe(Math.ceil(seen.length / 2));
    const ids = seen.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('ocds-cncdat-staffs-cancer-2025-020-award');
    // In date order, each page after the last.
    const times = seen.map((x) => Date.parse(String(x.date)));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (const rel of seen) expect(schemaErrors('release', rel)).toEqual([]);
  });

  it('filters the feed by updatedFrom and updatedTo', async () => {
    const r = await call('GET', '/api/public/ocds/releases?updatedFrom=2025-01-01&updatedTo=2025-01-31', null);
    expect(r.body.releases.map((x: JsonObject) => x.id)).toEqual([
      'ocds-cncdat-staffs-cancer-2025-020-award', 'ocds-cncdat-staffs-cancer-2025-022-awardUpdate', 'ocds-cncdat-staffs-cancer-2025-023-awardUpdate',
    ]);
    const award = r.body.releases[0].awards[0];
    expect(award.standstillPeriod).toEqual({ startDate: '2025-01-07T00:00:00Z', endDate: '2025-01-17T23:59:59Z' });
    const dated = await call('GET', '/api/public/ocds/releases?updatedFrom=2025-01-22T00:00:00Z&limit=1', null);
    expect(dated.body.releases.map((x: JsonObject) => x.id)).toEqual(['ocds-cncdat-staffs-cancer-2025-022-awardUpdate']);
    expect((await call('GET', '/api/public/ocds/releases?updatedFrom=yesterday', null)).body.error.issues[0].path).toBe('updatedFrom');
    expect((await call('GET', '/api/public/ocds/releases?cursor=nonsense', null)).status).toBe(400);
  });

  it('serves a stage\'s release package and the compiled record without sign-in', async () => {
    const one = await call('GET', '/api/public/ocds/releases/ocds-cncdat-staffs-cancer-2025-020-award', null);
    expect(one.status).toBe(200);
    expect(schemaErrors('release-package', one.body)).toEqual([]);
    const record = await call('GET', '/api/public/ocds/records/ocds-cncdat-staffs-cancer-2025?versioned=true', null);
    expect(record.status).toBe(200);
    expect(schemaErrors('record-package', record.body)).toEqual([]);
    expect(record.body.records[0].compiledRelease.contracts[0]).toMatchObject({ id: 'STAFFS-CANCER-2025', awardID: 'ocds-cncdat-staffs-cancer-2025-award-RJE' });
    expect((await call('GET', '/api/public/ocds/records/ocds-cncdat-nothing', null)).status).toBe(404);
  });

  it('gives the standstill dates: Monday 6 January 2025 from 7 January to the end of 17 January; Thursday 17 April 2025 over Easter', async () => {
    expect((await call('GET', '/api/public/psr/standstill?publishedOn=2025-01-06', null)).body)
      .toMatchObject({ beginsOn: '2025-01-07', representationsDeadline: '2025-01-17', earliestAwardOn: '2025-01-18' });
    // Good Friday 18 April and Easter Monday 21 April are not working days; the standstill still begins on Good Friday.
    expect((await call('GET', '/api/public/psr/standstill?publishedOn=2025-04-17', null)).body)
      .toMatchObject({ beginsOn: '2025-04-18', representationsDeadline: '2025-05-01' });
    const bad = await call('GET', '/api/public/psr/standstill?publishedOn=2025-02-30', null);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('publishedOn');
  });

  it('tests the considerable change threshold', async () => {
    const q = (existing: number, proposed: number, authority = true) => call('GET', `/api/public/psr/considerable-change?existing=${existing}&proposed=${proposed}&authorityDriven=${authority}`, null);
    expect((await q(160_000_000, 220_000_000)).body).toMatchObject({ met: true, limb: 'authority_driven_value_increase', increasePence: 60_000_000, increaseShare: 375_000 });
    expect((await q(160_000_000, 205_000_000)).body).toMatchObject({ met: false, increasePence: 45_000_000 });
    expect((await q(400_000_000, 460_000_000)).body).toMatchObject({ met: false, increaseShare: 150_000 });
    expect((await q(160_000_000, 220_000_000, false)).body.met).toBe(false);
    expect((await q(-1, 5)).status).toBe(400);
  });

  it('exports the registry as FHIR R4 Organizations, valid against the R4 schema, without sign-in', async () => {
    const bundle = await call('GET', '/api/public/fhir/Organization', null);
    expect(bundle.status).toBe(200);
    expect(bundle.type).toMatch(/application\/fhir\+json/);
    expect(bundle.body.entry.length).toBeGreaterThan(60);
    expect(fhirSchemaErrors(bundle.body)).toEqual([]);
    const rje = await call('GET', '/api/public/fhir/Organization/RJE', null);
    expect(rje.body).toMatchObject({ resourceType: 'Organization', id: 'RJE', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RJE' }], partOf: { reference: 'Organization/QNC' } });
    expect(fhirSchemaErrors(rje.body)).toEqual([]);
    // A closed CCG is inactive today.
    expect((await call('GET', '/api/public/fhir/Organization/06F', null)).body.active).toBe(false);
    expect((await call('GET', '/api/public/fhir/Organization/ZZZ99', null)).status).toBe(404);
  });

  it('exports the awarded contract as a FHIR Contract carrying its procurement\'s ocid (signed in)', async () => {
    expect((await call('GET', '/api/fhir/Contract/STAFFS-CANCER-2025', null)).status).toBe(401);
    expect((await call('GET', '/api/fhir/Contract/STAFFS-CANCER-2025', 'commissioner')).status).toBe(404);
    const c = await call('GET', '/api/fhir/Contract/STAFFS-CANCER-2025', 'admin');
    expect(c.status).toBe(200);
    expect(fhirSchemaErrors(c.body)).toEqual([]);
    expect(c.body.identifier).toContainEqual({ use: 'secondary', system: 'urn:ocds:ocid', value: 'ocds-cncdat-staffs-cancer-2025' });
    const detail = await call('GET', '/api/contracts/STAFFS-CANCER-2025', 'admin');
    expect(detail.body.procurement).toEqual({ id: 'staffs-cancer-2025', reference: 'STAFFS-CANCER-2025', ocid: 'ocds-cncdat-staffs-cancer-2025', awardedOn: '2025-01-30' });
  });

  it('refuses anonymous callers on every signed-in procurement route', async () => {
    for (const [method, path] of [
      ['GET', '/api/procurements'], ['GET', '/api/procurements/STAFFS-CANCER-2025'], ['POST', '/api/procurements/STAFFS-CANCER-2025/steps'],
      ['GET', '/api/procurements/STAFFS-CANCER-2025/decision-record'], ['GET', '/api/schemes'], ['POST', '/api/imports/ocds'], ['GET', '/api/imported-procurements'],
    ]) {
      const r = await call(method, path, null, method === 'POST' ? {} : undefined);
      expect([method, path, r.status]).toEqual([method, path, 401]);
    }
  });

  it('shows another commissioner only what Staffordshire published; the administrator the whole record and its decision record', async () => {
    const pub = await call('GET', '/api/procurements/STAFFS-CANCER-2025', 'commissioner');
    expect(pub.body).toMatchObject({ view: 'public', bidders: [], conflicts: [], representations: [], yourRole: 'provider' });
    expect(pub.body.standstill).toMatchObject({ representationsDeadline: '2025-01-17' });
    expect((await call('GET', '/api/procurements/STAFFS-CANCER-2025/decision-record', 'commissioner')).status).toBe(403);
    const full = await call('GET', '/api/procurements/STAFFS-CANCER-2025', 'admin');
    expect(full.body.bidders.map((b: { organisationCode: string; weightedScore: number | null }) => [b.organisationCode, b.weightedScore])).toEqual([
      ['RJE', 785_000], ['RRE', 755_000], ['ZSCCP', 725_000], ['ZCCHL', null],
    ]);
    const dr = await http.request('/api/procurements/STAFFS-CANCER-2025/decision-record?download=true', { headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(dr.headers.get('content-disposition')).toBe('attachment; filename="STAFFS-CANCER-2025-decision-record.json"');
    const body = await dr.json() as { providers: { organisationCode: string; rank: number | null }[]; contracts: { reference: string }[] };
    expect(body.providers.map((p) => p.rank)).toEqual([1, 2, 3, null]);
    expect(body.contracts.map((c) => c.reference)).toEqual(['STAFFS-CANCER-2025']);
  });

  it('refuses a Direct Award C notice of intention missing a Schedule 3 item with a 400 naming it', async () => {
    const openBody = {
      reference: 'BEDS-MSK-2025', title: 'Bedfordshire MSK 2025/26 (direct award to Circle)', route: 'direct_award_c',
      answers: {
        existingProvider: true, onlyExistingProviderCapable: false, framework: false, patientChoiceOffered: false, expiringContract: true,
        considerableChange: { existingLifetimeValuePence: 160_000_000, proposedLifetimeValuePence: 205_000_000, authorityDriven: true, materiallyDifferent: false },
        providerSatisfying: true,
      },
      routeReason: 'Satisfying provider; no considerable change',
      services: { description: 'Musculoskeletal services', cpvCode: '85100000' },
      approximateLifetimeValuePence: 205_000_000, contractPeriod: { startDate: '2025-04-01', endDate: '2026-03-31' },
      incumbent: { organisationCode: 'ZCIRC', address: 'Illustrative address, London', contractReference: 'BEDS-MSK-2014' },
    };
    const open = await call('POST', '/api/procurements', 'commissioner', openBody);
    expect(open.status).toBe(201);
    expect(open.body).toMatchObject({ id: 'beds-msk-2025', ocid: 'ocds-cncdat-beds-msk-2025', state: 'deciding' });
    const twice = await call('POST', '/api/procurements', 'commissioner', { ...openBody, title: 'Opened twice' });
    expect([twice.status, twice.body.error.message]).toEqual([409, 'a procurement with this id already exists (beds-msk-2025)']);
    const step = (body: unknown) => call('POST', '/api/procurements/BEDS-MSK-2025/steps', 'commissioner', body);
    expect((await step({ type: 'decision_makers_named', decisionMakers: [{ name: 'Director of commissioning', role: 'Decision-maker', organisationCode: '06F' }] })).status).toBe(200);
    const reasons = ['quality_and_innovation', 'value', 'integration_collaboration_sustainability', 'access_inequalities_choice', 'social_value'].map((criterion) => ({ criterion, reason: 'Meets it' }));
    expect((await step({ type: 'provider_decided', providerCode: 'ZCIRC', reasons })).status).toBe(200);
    const draft = await call('GET', '/api/procurements/BEDS-MSK-2025/notice-draft', 'commissioner');
    expect(draft.body).toMatchObject({ kind: 'intention_da_c', schedule: 'Schedule 3', publishable: true });
    const { approximateLifetimeValuePence: _v, ...noValue } = draft.body.content;
    const refused = await step({ type: 'intention_notice_published', notice: { content: noValue } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual([{ path: 'content.approximateLifetimeValuePence', message: 'Schedule 3 para 5: approximate lifetime value of the contract is missing' }]);
    const check = await call('POST', '/api/procurements/BEDS-MSK-2025/notice-check', 'commissioner', { kind: 'intention_da_c', content: noValue });
    expect(check.body.items.filter((i: { problem: string | null }) => i.problem).map((i: { paragraph: string }) => i.paragraph)).toEqual(['para 5']);
    const ok = await step({ type: 'intention_notice_published', notice: { content: draft.body.content } });
    expect(ok.status).toBe(200);
    expect(ok.body.standstill).toMatchObject({ beginsOn: '2025-03-04', representationsDeadline: '2025-03-14' });
    // Not a step possible now: a 409 naming the state.
    const late = await step({ type: 'provider_decided', providerCode: 'ZCIRC', reasons });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/state "standstill"/);
    // Circle, the existing provider, makes representations through the API.
    const rep = await call('POST', '/api/procurements/BEDS-MSK-2025/steps', 'circle', { type: 'representation_received', representation: { grounds: 'We were not told of the new specification' } });
    expect(rep.status).toBe(200);
    expect(rep.body.state).toBe('under_review');
  });
});
