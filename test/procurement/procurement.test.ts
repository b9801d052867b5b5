/**
 * Procurement in the open (issue 9) through the product's use cases, on PGlite and PostgreSQL: the
 * Staffordshire cancer procurement run to award by the users of the four CCGs and the bidders
 * themselves, step by step, each step dated by the clock; its releases validated against the official
 * OCDS schemas; the awarded contract linked back; a DA-C notice refused for a missing Schedule 3 item;
 * the stage gates; the Contracts Finder import; and the ledger clean after the demo, naming an altered score.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConcordatApp, type Workspace } from '../../src/app/app.ts';
import { createUser } from '../../src/app/auth.ts';
import type { Clock } from '../../src/app/clock.ts';
import { RELEASE_SCHEMA_FILE } from '../../src/app/procurement/ocds-schema.ts';
import { DEMO_OCDS_SAMPLE } from '../../src/app/demo/procurement.ts';
import { ConcordatError } from '../../src/domain/errors.ts';
import { compileReleases } from '../../src/domain/ocds/merge.ts';
import { OCDS_MERGE_RULES } from '../../src/domain/ocds/merge-rules.ts';
import type { JsonObject } from '../../src/domain/ocds/json.ts';
import { procurementReleases } from '../../src/domain/ocds/release-builder.ts';
import { schemaErrors, sharedDataDir } from '../../src/domain/ocds/schemas.testing.ts';
import { STAFFORDSHIRE_CANCER_EVENTS, STAFFORDSHIRE_INTENTION_CONTENT, STAFFORDSHIRE_WEIGHTS } from '../../src/domain/procurement/fixtures/staffordshire-cancer.ts';
import type { DatabaseOptions } from '../../src/storage/db.ts';
import { DIALECTS, describeOn, dropTestSchema } from '../support/databases.ts';

const M = 100_000_000;

/** A clock the test moves, as the days of a procurement pass. */
function movableClock(start: string): Clock & { set(date: string): void } {
  let now = new Date(`${start}T10:00:00Z`);
  return { now: () => now, set: (date: string) => (now = new Date(`${date}T10:00:00Z`)) };
}

async function refusal(p: Promise<unknown>): Promise<ConcordatError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ConcordatError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const SELECTION = [
  { criterion: 'suitability to pursue the activity (CQC registration)', met: true },
  { criterion: 'economic and financial standing', met: true },
  { criterion: 'technical and professional ability', met: true },
];
const NO_EXCLUSIONS = [{ ground: 'mandatory exclusion grounds (reg 20)', kind: 'mandatory' as const, applies: false }];
const scores = (q: number, v: number, i: number, a: number, s: number) => ({
  quality_and_innovation: q, value: v, integration_collaboration_sustainability: i, access_inequalities_choice: a, social_value: s,
});

for (const dialect of DIALECTS) {
  describeOn(dialect, 'procurement in the open', () => {
    let options: DatabaseOptions;
    let app: ConcordatApp;
    const clock = movableClock('2024-06-03');
    const as: Record<string, Workspace> = {};

    beforeAll(async () => {
      options = dialect.options();
      app = await ConcordatApp.open({ ...options, loadDemoIfEmpty: true, clock });
      // Users of the four CCGs and of the bidders, so each takes its own steps.
      for (const [username, org, role] of [
        ['staffs-lead', '05V', 'commissioner'], ['cannock', '04Y', 'commissioner'], ['east-staffs', '05D', 'commissioner'], ['seisdon', '05Q', 'commissioner'],
        ['uhnm', 'RJE', 'provider'], ['mpft', 'RRE', 'provider'], ['consortium', 'ZSCCP', 'provider'], ['holdings', 'ZCCHL', 'provider'],
        ['dudley-ccg', '05C', 'commissioner'], ['dudley-group', 'RNA', 'provider'],
      ] as const) {
        as[username] = app.as(await createUser(app.storage.db, { username, displayName: `${username} user`, organisationCode: org, role, password: 'a long password' }));
      }
      as.commissioner = app.as((await app.signIn('commissioner', 'concordat')).user);
      as.circle = app.as((await app.signIn('circle', 'concordat')).user);
    });
    afterAll(async () => {
      await app?.close();
      await dropTestSchema(options);
    });

    it('the demo holds the seed cases and the ledger verifies clean', async () => {
      const list = await app.system().listProcurements();
      expect(list.map((p) => [p.reference, p.state])).toEqual([['STAFFS-CANCER-2025', 'concluded'], ['CCS-COMMUNITY-2015-16', 'rolled_over']]);
      const ccs = await app.system().getProcurement('CCS-COMMUNITY-2015-16');
      expect(ccs.legacyDecision).toMatchObject({ decision: 'roll_over', rollOverUntil: '2016-03-31' });
      expect(ccs.legacyDecision!.reasons).toMatch(/rolled over for one year/);
      // The roll-over's variation was in the demo already: applied once, not twice.
      expect((await app.system().getContract('CCS-COMMUNITY-2014-15')).variations).toHaveLength(1);
      const dudley = await app.system().getScheme('dudley-icp');
      const soc = dudley.gates[0];
      expect(soc.signatories.find((s) => s.organisationCode === 'RNA')).toMatchObject({ answer: 'refused' });
      expect(soc.signatories.filter((s) => s.answer === 'signed').map((s) => s.organisationCode).sort()).toEqual(['05C', 'E08000027', 'RYK']);
      expect(soc.outcome).toBe('proceeded_without_all_signatures');
      const verify = await app.system().verifyEverything();
      expect(verify.breaks).toEqual([]);
      expect(verify.ok).toBe(true);
    });

    it('runs the Staffordshire cancer procurement to award through the product: four CCGs, bidders scored, the contract created and linked back', async () => {
      const lead = as['staffs-lead'];
      clock.set('2024-06-03');
      const opened = await lead.openProcurement({
        id: 'staffs-cancer-2025-live', reference: 'STAFFS-CANCER-2025-LIVE', title: 'Staffordshire cancer and end-of-life care (prime provider)',
        route: 'competitive', answers: { existingProvider: false, framework: false, patientChoiceOffered: false },
        routeReason: 'A new ten-year prime provider contract: no existing provider of the integrated service',
        jointAuthorities: ['04Y', '05D', '05Q'],
        services: { description: 'Cancer and end-of-life care from diagnosis to end of life', cpvCode: '85100000', serviceCodes: ['CANCER'] },
        approximateLifetimeValuePence: 1_200 * M, contractPeriod: { startDate: '2025-04-01', endDate: '2035-03-31' }, contractModel: 'prime_contractor',
      });
      expect(opened).toMatchObject({ state: 'planning', yourRole: 'lead_commissioner', view: 'full' });
      expect(opened.routeDecision!.answers.map((a) => a.answer)).toContain(false);
      expect(opened.nextSteps.map((s) => s.event)).toContain('criteria_weighted');
      const id = opened.id;
      const step = (ws: Workspace, input: Parameters<Workspace['takeProcurementStep']>[1]) => ws.takeProcurementStep(id, input);

      await step(lead, { type: 'decision_makers_named', decisionMakers: [{ name: 'Programme board chair', role: 'Chair', organisationCode: '05V' }, { name: 'CFO, Cannock Chase', role: 'Panel member', organisationCode: '04Y' }] });
      clock.set('2024-06-10');
      await step(lead, { type: 'criteria_weighted', weights: STAFFORDSHIRE_WEIGHTS, scale: { max: 10 } });
      // A joint authority declares a conflict; only the lead may record how it was managed.
      await step(as['east-staffs'], { type: 'conflict_declared', conflict: { personName: 'Panel member', personRole: 'Governing body member', organisationCode: '05D', interest: 'Close family member employed by a bidder (RRE)' } });
      expect((await refusal(step(as['east-staffs'], { type: 'conflict_managed', conflictId: 'coi-1', managedHow: 'x' }))).kind).toBe('forbidden');
      clock.set('2024-06-12');
      await step(lead, { type: 'conflict_managed', conflictId: 'coi-1', managedHow: 'Excluded from the panel, scoring and the award decision' });
      clock.set('2024-07-01');
      const cn = await lead.draftProcurementNotice(id, 'contract_notice');
      expect(cn.items.find((i) => i.field === 'offersDueBy')!.problem).toMatch(/last day for offers is missing/);
      await step(lead, { type: 'contract_notice_published', notice: { content: { ...cn.content, offersDueBy: '2024-09-30' } } });
      // Published: other organisations now see it, but only what is public.
      const seen = await as.commissioner.getProcurement(id);
      expect(seen).toMatchObject({ view: 'public', conflicts: [], bidders: [], history: [] });
      expect(seen.nextSteps).toEqual([]);

      // The bidders make their own offers.
      for (const [user, date] of [['uhnm', '2024-09-16'], ['mpft', '2024-09-23'], ['consortium', '2024-09-27'], ['holdings', '2024-09-30']] as const) {
        clock.set(date);
        await step(as[user], { type: 'offer_received', bidder: { address: `${user} address` } });
      }
      clock.set('2024-10-01');
      expect((await refusal(step(as.circle, { type: 'offer_received', bidder: { address: 'late' } }))).message).toMatch(/offers closed at the end of 2024-09-30/);
      await step(lead, { type: 'offers_closed' });
      clock.set('2024-10-14');
      for (const code of ['RJE', 'RRE', 'ZSCCP']) await step(lead, { type: 'bidder_assessed', assessment: { bidderCode: code, basicSelection: SELECTION, exclusions: NO_EXCLUSIONS } });
      await step(lead, {
        type: 'bidder_assessed',
        assessment: { bidderCode: 'ZCCHL', basicSelection: [SELECTION[0], { criterion: 'economic and financial standing', met: false, note: 'turnover below the minimum' }, SELECTION[2]], exclusions: NO_EXCLUSIONS },
      });
      clock.set('2024-11-04');
      await step(lead, { type: 'bidder_scored', scores: { bidderCode: 'RJE', scores: scores(8, 7, 9, 8, 7) } });
      await step(lead, { type: 'bidder_scored', scores: { bidderCode: 'RRE', scores: scores(7, 8, 8, 7, 8) } });
      const scored = await step(lead, { type: 'bidder_scored', scores: { bidderCode: 'ZSCCP', scores: scores(8, 9, 5, 6, 6) } });
      // 0.35q + 0.25v + 0.20i + 0.10a + 0.10s on 0-10, worked by hand: 7.85, 7.55, 7.25.
      expect(scored.bidders.map((b) => [b.organisationCode, b.weightedScore, b.rank, b.eligible])).toEqual([
        ['RJE', 785_000, 1, true], ['RRE', 755_000, 2, true], ['ZSCCP', 725_000, 3, true], ['ZCCHL', null, null, false],
      ]);
      clock.set('2024-12-16');
      expect((await refusal(step(lead, { type: 'provider_decided', providerCode: 'RRE', reasons: STAFFORDSHIRE_INTENTION_CONTENT.reasons! }))).message)
        .toMatch(/RRE is not the highest-scoring eligible offer \(RJE\)/);
      await step(lead, { type: 'provider_decided', providerCode: 'RJE', reasons: STAFFORDSHIRE_INTENTION_CONTENT.reasons! });

      // The notice of intention on Monday 6 January 2025: standstill from 7 January, representations until the end of 17 January.
      clock.set('2025-01-06');
      const int = await lead.draftProcurementNotice(id);
      expect(int.kind).toBe('intention_competitive');
      expect(int.publishable).toBe(true);
      const published = await step(lead, { type: 'intention_notice_published', notice: { content: int.content } });
      expect(published.standstill).toMatchObject({ publishedOn: '2025-01-06', beginsOn: '2025-01-07', representationsDeadline: '2025-01-17', earliestAwardOn: '2025-01-18' });
      clock.set('2025-01-15');
      const rep = await step(as.mpft, { type: 'representation_received', representation: { grounds: 'Our community cancer services were not credited on integration' } });
      expect(rep).toMatchObject({ view: 'public', state: 'under_review' });
      expect(rep.representations).toHaveLength(1);
      clock.set('2025-01-22');
      await step(lead, { type: 'review_decided', outcome: 'confirm', reasons: 'The panel re-read both offers on integration: the scores stand' });
      // Five working days after the review: not before 30 January.
      clock.set('2025-01-29');
      const award = { providerCode: 'RJE', valuePence: 1_200 * M, contractReference: 'STAFFS-CANCER-2025-LIVE', contractPeriod: { startDate: '2025-04-01', endDate: '2035-03-31' } };
      const early = await refusal(step(lead, { type: 'contract_awarded', award }));
      expect(early.kind).toBe('conflict');
      expect(early.message).toMatch(/award from 2025-01-30/);
      clock.set('2025-01-30');
      const awarded = await step(lead, { type: 'contract_awarded', award });
      expect(awarded.state).toBe('awarded');
      const contractId = awarded.awards[0].contract!.id;

      // The award let the contract: the lead's draft, accepted by the other parties; it links back.
      const contract = await lead.getContract(contractId);
      expect(contract.procurement).toEqual({ id, reference: 'STAFFS-CANCER-2025-LIVE', ocid: `ocds-cncdat-${id}`, awardedOn: '2025-01-30' });
      expect(contract.contract).toMatchObject({ model: 'prime_contractor', signedValuePence: 1_200 * M, letByOrganisation: '05V' });
      expect(contract.contract.parties.map((p) => `${p.role}:${p.organisationCode}`).sort()).toEqual([
        'associate_commissioner:04Y', 'associate_commissioner:05D', 'associate_commissioner:05Q', 'coordinating_commissioner:05V', 'provider:RJE',
      ]);
      expect(contract.acceptance.state).toBe('awaiting');
      for (const u of ['cannock', 'east-staffs', 'seisdon', 'uhnm']) await as[u].decideAcceptance(contractId, { decision: 'accepted' });
      expect((await lead.getContract(contractId)).acceptance.state).toBe('agreed');

      clock.set('2025-02-10');
      const awd = await lead.draftProcurementNotice(id);
      expect(awd.kind).toBe('award_confirmation');
      const done = await step(lead, { type: 'award_notice_published', notice: { content: awd.content } });
      expect(done.state).toBe('concluded');
      expect(done.deadlines.find((d) => d.key === 'award_notice:RJE')).toMatchObject({ due: '2025-03-01', met: true });

      // Its OCDS releases: one per published stage, each and the package valid against the official schemas.
      const pkg = (await app.published().record(`ocds-cncdat-${id}`, { uri: 'https://concordat.example.org/record' }))!;
      expect(schemaErrors('record-package', pkg)).toEqual([]);
      const record = (pkg.records as JsonObject[])[0];
      const releases = record.releases as JsonObject[];
      expect(releases.map((r) => r.tag)).toEqual([['planning'], ['tender'], ['tenderUpdate'], ['award'], ['awardUpdate'], ['awardUpdate', 'contract'], ['awardUpdate']]);
      for (const r of releases) expect(schemaErrors('release', r)).toEqual([]);
      // The same stages and dates as the domain's own replay of the fixture (an independent path).
      const fromFixture = procurementReleases(STAFFORDSHIRE_CANCER_EVENTS);
      expect(releases.map((r) => [r.date, r.tag])).toEqual(fromFixture.map((r) => [r.date, r.tag]));

      // The compiled release, by the merge rules: one award (merged by id), pending -> active; the
      // standstill as the latest release set it; the contract; the five parties with merged roles.
      const compiled = record.compiledRelease as JsonObject;
      expect(compiled).toMatchObject({ tag: ['compiled'], id: `ocds-cncdat-${id}-2025-02-10T00:00:00Z`, date: '2025-02-10T00:00:00Z', ocid: `ocds-cncdat-${id}` });
      const awards = compiled.awards as JsonObject[];
      expect(awards).toHaveLength(1);
      expect(awards[0]).toMatchObject({ status: 'active', standstillPeriod: { startDate: '2025-01-07T00:00:00Z', endDate: '2025-01-29T23:59:59Z' } });
      expect((releases[3].awards as JsonObject[])[0].status).toBe('pending');
      expect((compiled.contracts as JsonObject[]).map((c) => [c.id, c.status])).toEqual([['STAFFS-CANCER-2025-LIVE', 'pending']]);
      expect((compiled.parties as JsonObject[]).map((p) => [p.id, p.roles])).toEqual([
        ['GB-NHS-05V', ['buyer', 'procuringEntity']], ['GB-NHS-04Y', ['buyer']], ['GB-NHS-05D', ['buyer']], ['GB-NHS-05Q', ['buyer']], ['GB-NHS-RJE', ['supplier']],
      ]);
      expect(compiled).toEqual(compileReleases(releases, OCDS_MERGE_RULES));
      // Nothing private is published: not the losing bidders, nor the representation.
      expect(JSON.stringify(releases)).not.toMatch(/ZCCHL|ZSCCP|credited on integration/);

      // A variation of the awarded contract publishes a contractAmendment under the same ocid.
      clock.set('2025-06-02');
      await lead.addVariation(contractId, { effectiveDate: '2025-07-01', rationale: 'Rapid diagnostic centre in Burton added', valueChangePence: 5 * M });
      const after = (await app.published().record(`ocds-cncdat-${id}`, { uri: 'https://concordat.example.org/record' }))!;
      const amended = ((after.records as JsonObject[])[0].releases as JsonObject[]).at(-1)!;
      expect(amended.tag).toEqual(['contractAmendment']);
      expect(schemaErrors('release', amended)).toEqual([]);
      expect(((amended.contracts as JsonObject[])[0].value as JsonObject).amount).toBe(1_205_000_000);
      // Read as a reg 13 modification: +£5m is 0.4% of £1.2bn (under 25%: permitted) but £500,000 or more (a notice).
      expect((await lead.getProcurement(id)).awards[0].modifications).toEqual([expect.objectContaining({
        changePence: 5 * M, cumulativeChangePence: 5 * M, permitted: true, transparencyNoticeRequired: true,
      })]);
      expect((await app.system().verifyEverything()).breaks).toEqual([]);
    });

    it('refuses a Direct Award C notice of intention missing a Schedule 3 item, naming it; publishes it once complete', async () => {
      clock.set('2025-03-03');
      const bedford = as.commissioner;
      const p = await bedford.openProcurement({
        id: 'beds-msk-dac', reference: 'BEDS-MSK-DAC', title: 'Bedfordshire MSK (direct award to the existing provider)', route: 'direct_award_c',
        answers: {
          existingProvider: true, onlyExistingProviderCapable: false, framework: false, patientChoiceOffered: false, expiringContract: true,
          considerableChange: { existingLifetimeValuePence: 160 * M / 100, proposedLifetimeValuePence: 205 * M / 100, authorityDriven: true, materiallyDifferent: false },
          providerSatisfying: true,
        },
        routeReason: 'The provider is satisfying the contract; no considerable change (+£450,000 is under £500,000)',
        services: { description: 'Musculoskeletal services', cpvCode: '85100000' },
        approximateLifetimeValuePence: 205 * M / 100, contractPeriod: { startDate: '2025-04-01', endDate: '2026-03-31' },
        incumbent: { organisationCode: 'ZCIRC', address: 'Illustrative address, London', contractReference: 'BEDS-MSK-2014' },
      });
      expect(p.routeDecision!.permitted).toEqual(['direct_award_c', 'most_suitable_provider', 'competitive']);
      expect(p.routeDecision!.considerableChange).toMatchObject({ met: false });
      // A considerable change (+£600,000, 37.5%) would have ruled DA-C out.
      expect(bedford.assessProcurementRoute({
        existingProvider: true, onlyExistingProviderCapable: false, framework: false, patientChoiceOffered: false, expiringContract: true,
        considerableChange: { existingLifetimeValuePence: 160 * M / 100, proposedLifetimeValuePence: 220 * M / 100, authorityDriven: true, materiallyDifferent: false },
      }).permitted).toEqual(['most_suitable_provider', 'competitive']);
      await bedford.takeProcurementStep(p.id, { type: 'decision_makers_named', decisionMakers: [{ name: 'Director of commissioning', role: 'Decision-maker', organisationCode: '06F' }] });
      await bedford.takeProcurementStep(p.id, { type: 'provider_decided', providerCode: 'ZCIRC', reasons: STAFFORDSHIRE_INTENTION_CONTENT.reasons! });
      const draft = await bedford.draftProcurementNotice(p.id);
      expect(draft.kind).toBe('intention_da_c');
      const { decisionMakers: _dm, ...withoutDecisionMakers } = draft.content;
      const e = await refusal(bedford.takeProcurementStep(p.id, { type: 'intention_notice_published', notice: { content: withoutDecisionMakers } }));
      expect(e.kind).toBe('invalid');
      expect(e.message).toBe('content.decisionMakers: Schedule 3 para 6: details of the award decision-makers are missing');
      const e2 = await refusal(bedford.takeProcurementStep(p.id, { type: 'intention_notice_published', notice: { content: { ...draft.content, statementOfIntention: '', services: { description: 'MSK', cpvCode: '' } } } }));
      expect(e2.issues.map((i) => i.message)).toEqual([
        'Schedule 3 para 1: statement that the authority intends to award to the existing provider following Direct Award Process C is missing',
        'Schedule 3 para 4: description of the services with the most relevant CPV code CPV code missing',
      ]);
      expect((await bedford.getProcurement(p.id)).state).toBe('decided');
      const ok = await bedford.takeProcurementStep(p.id, { type: 'intention_notice_published', notice: { content: draft.content } });
      expect(ok.state).toBe('standstill');
      expect(ok.standstill).toMatchObject({ beginsOn: '2025-03-04', representationsDeadline: '2025-03-14' });
      // Circle, the existing provider, sees it and may make representations; another provider may not take the lead's steps.
      const circleView = await as.circle.getProcurement(p.id);
      expect(circleView.nextSteps.map((s) => s.event)).toEqual(['representation_received']);
      expect((await refusal(as.circle.takeProcurementStep(p.id, { type: 'abandoned', reasons: 'x' }))).kind).toBe('invalid');
    });

    it('queues concurrent steps on one procurement: every one recorded once, numbered without a gap, the ledger unbroken', async () => {
      const bedford = as.commissioner;
      const before = (await bedford.getProcurement('beds-msk-dac')).history.length;
      await Promise.all(Array.from({ length: 8 }, (_, i) => bedford.takeProcurementStep('beds-msk-dac', {
        type: 'conflict_declared', conflict: { personName: `Adviser ${i}`, personRole: 'Clinical adviser', interest: `Interest ${i}` },
      })));
      const p = await bedford.getProcurement('beds-msk-dac');
      expect(p.history.map((h) => h.sequence)).toEqual(Array.from({ length: before + 8 }, (_, i) => i + 1));
      expect(p.conflicts.map((c) => c.id).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `coi-${i + 1}`).sort());
      expect((await app.system().verifyEverything()).breaks).toEqual([]);
    });

    it('keeps the impact shown first with the award it was shown for', async () => {
      clock.set('2025-03-03');
      const bedford = as.commissioner;
      const open = await bedford.openProcurement({
        id: 'beds-msk-dac-2', reference: 'BEDS-MSK-DAC-2', title: 'Bedfordshire MSK (direct award, impact shown first)', route: 'direct_award_c',
        answers: {
          existingProvider: true, onlyExistingProviderCapable: false, framework: false, patientChoiceOffered: false, expiringContract: true,
          considerableChange: { existingLifetimeValuePence: 160 * M / 100, proposedLifetimeValuePence: 205 * M / 100, authorityDriven: true, materiallyDifferent: false },
          providerSatisfying: true,
        },
        routeReason: 'The provider is satisfying the contract; no considerable change',
        services: { description: 'Musculoskeletal services', cpvCode: '85100000' },
        approximateLifetimeValuePence: 205 * M / 100, contractPeriod: { startDate: '2025-04-01', endDate: '2026-03-31' },
        incumbent: { organisationCode: 'ZCIRC', address: 'Illustrative address, London', contractReference: 'BEDS-MSK-2014' },
      });
      await bedford.takeProcurementStep(open.id, { type: 'decision_makers_named', decisionMakers: [{ name: 'Director of commissioning', role: 'Decision-maker', organisationCode: '06F' }] });
      await bedford.takeProcurementStep(open.id, { type: 'provider_decided', providerCode: 'ZCIRC', reasons: STAFFORDSHIRE_INTENTION_CONTENT.reasons! });
      await bedford.takeProcurementStep(open.id, { type: 'intention_notice_published', notice: { content: (await bedford.draftProcurementNotice(open.id)).content } });
      clock.set('2025-03-17');
      // The demo economy is kept as at 2014, 2015 and 2023: the award is shown as if it took effect in October 2014.
      const shown = await bedford.assessDecision('demo', { kind: 'procurement-award', contract: 'BEDS-MSK-2014', awardedTo: 'RC9', incumbents: ['ZCIRC'], share: 0.2, from: '2014-10' }, { trials: 0 });
      const awarded = await bedford.takeProcurementStep(open.id, {
        type: 'contract_awarded', impactRunId: shown.run.id,
        award: { providerCode: 'ZCIRC', valuePence: 205 * M / 100, contractReference: 'BEDS-MSK-2025', contractPeriod: { startDate: '2025-04-01', endDate: '2026-03-31' } },
      });
      expect(awarded.state).not.toBe('standstill');
      const kept = await bedford.getRun(shown.run.id);
      expect(kept.run.decisions).toEqual([{ decisionKind: 'procurement_award', decisionId: `${open.id}/${awarded.history.length}` }]);
    });

    it('keeps stage gates with who signed and who refused; only named signatories sign', async () => {
      clock.set('2025-03-03');
      const ccg = as['dudley-ccg'];
      const s = await ccg.openScheme({ id: 'dudley-estate', title: 'Dudley estates rationalisation (illustrative)', gates: [
        { gate: 'strategic_outline_case', signatories: ['05C', 'RNA'] }, { gate: 'full_business_case', signatories: ['05C', 'RNA'], dueOn: '2025-10-31' },
      ] });
      expect(s.nextSteps.map((x) => x.event)).toContain('gate_submitted');
      await ccg.takeSchemeStep(s.id, { type: 'gate_submitted', gate: 'strategic_outline_case' });
      await ccg.takeSchemeStep(s.id, { type: 'gate_signed', gate: 'strategic_outline_case' });
      expect((await refusal(as.circle.takeSchemeStep(s.id, { type: 'gate_signed', gate: 'strategic_outline_case' }))).kind).toBe('not_found');
      const refused = await as['dudley-group'].takeSchemeStep(s.id, { type: 'gate_refused', gate: 'strategic_outline_case', reason: 'Clinical benefits not shown' });
      expect(refused.gates[0].signatories.map((x) => [x.organisationCode, x.answer])).toEqual([['05C', 'signed'], ['RNA', 'refused']]);
      expect((await refusal(ccg.takeSchemeStep(s.id, { type: 'gate_closed', gate: 'strategic_outline_case', outcome: 'passed' }))).message).toMatch(/not signed by .*RNA/);
      const closed = await ccg.takeSchemeStep(s.id, { type: 'gate_closed', gate: 'strategic_outline_case', outcome: 'proceeded_without_all_signatures', reason: 'Proceeding while the trust\'s concerns are addressed' });
      expect(closed.state).toBe('full_business_case');
      expect((await refusal(as['dudley-group'].takeSchemeStep(s.id, { type: 'gate_submitted', gate: 'full_business_case' }))).kind).toBe('forbidden');
    });

    it('imports the Contracts Finder sample with a report; re-importing changes nothing', async () => {
      const text = readFileSync(DEMO_OCDS_SAMPLE, 'utf8');
      // The demo imported it already: the same file again is all unchanged, and nothing new is stored.
      const count = async (t: 'imported_releases' | 'imported_procurements') => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(app.storage.db)).rows[0].n);
      const before = [await count('imported_releases'), await count('imported_procurements')];
      expect(before).toEqual([17, 17]);
      const again = await app.system().importOcds({ fileName: 'contracts-finder-nhs-2025.json', text });
      expect(again.counts).toEqual({ imported: 0, updated: 0, unchanged: 17, rejected: 0 });
      expect(again.changed).toEqual([]);
      expect([await count('imported_releases'), await count('imported_procurements')]).toEqual(before);
      // A corrected release updates its procurement; a broken one is rejected with the schema's reason.
      const pkg = JSON.parse(text) as JsonObject;
      const releases = pkg.releases as JsonObject[];
      const corrected = { ...releases[1], tender: { ...(releases[1].tender as JsonObject), title: 'Corrected title' } };
      const broken = { ...releases[2], id: 'broken-release', awards: [{ ...(releases[2].awards as JsonObject[])[0], status: 'won' }] };
      const r = await app.system().importOcds({ fileName: 'corrections.json', text: JSON.stringify({ ...pkg, releases: [corrected, broken] }) });
      expect(r.report.map((x) => x.outcome)).toEqual(['updated', 'rejected']);
      expect(r.report[1].reason).toMatch(/\/awards\/0\/status must be equal to one of the allowed values/);
      expect(await count('imported_releases')).toBe(18);
      const page = await app.system().listImportedProcurements({ search: 'Corrected' });
      expect(page.items.map((p) => p.ocid)).toEqual([releases[1].ocid]);
      // Buyers matched to the registry by name (the demo registry holds these trusts).
      const walsall = (await app.system().listImportedProcurements({ buyer: 'RBK' })).items;
      expect(walsall.length).toBeGreaterThan(0);
      // Only an administrator imports.
      expect((await refusal(as.commissioner.importOcds({ fileName: 'x.json', text }))).kind).toBe('forbidden');
      expect((await app.system().verifyEverything()).breaks).toEqual([]);
    });

    it('history cannot be rewritten: the event log refuses UPDATE; an altered score is named by verify', async () => {
      await expect(sql`update procurement_events set type = 'abandoned' where procurement_id = 'staffs-cancer-2025'`.execute(app.storage.db)).rejects.toThrow(/append-only|cannot be changed/);
      await expect(sql`delete from ocds_releases`.execute(app.storage.db)).rejects.toThrow(/append-only|cannot be changed/);
      // Someone with the database's keys disables the guard and raises a losing bidder's score.
      await sql`alter table procurement_events disable trigger procurement_events_append_only`.execute(app.storage.db);
      await sql`update procurement_events set payload = jsonb_set(payload, '{scores,scores,quality_and_innovation}', '10') where procurement_id = 'staffs-cancer-2025' and type = 'bidder_scored' and payload->'scores'->>'bidderCode' = 'RRE'`.execute(app.storage.db);
      await sql`alter table procurement_events enable trigger procurement_events_append_only`.execute(app.storage.db);
      const report = await app.system().verifyEverything();
      expect(report.ok).toBe(false);
      expect(report.breaks).toEqual([expect.objectContaining({
        kind: 'altered', entityType: 'procurement_event', field: 'payload.scores.scores.quality_and_innovation', scope: 'procurement:staffs-cancer-2025',
      })]);
    });

    it('serves the copies of the official schema and the sample unchanged', () => {
      expect(readFileSync(RELEASE_SCHEMA_FILE, 'utf8')).toBe(readFileSync(`${sharedDataDir()}/ocds/release-schema.json`, 'utf8'));
      expect(readFileSync(DEMO_OCDS_SAMPLE, 'utf8')).toBe(readFileSync(`${sharedDataDir()}/ocds/contracts-finder-nhs-2025.json`, 'utf8'));
    });
  });
}
