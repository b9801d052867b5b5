import { describe, expect, it } from 'vitest';
import { STAFFORDSHIRE_CANCER_EVENTS, STAFFORDSHIRE_LEAD } from '../procurement/fixtures/staffordshire-cancer.ts';
import { COMMUNITY_ROLLOVER_EVENTS } from '../procurement/fixtures/community-services-rollover.ts';
import type { ProcurementEvent } from '../procurement/types.ts';
import { dateTime, endOfDay, ocidFor, penceFromAmount, valueFromPence } from './identifiers.ts';
import type { JsonObject } from './json.ts';
import { feedPage, recordOf, recordPackage, releasePackage, UK_EXTENSION_URL } from './packages.ts';
import { contractAmendmentReleases, implementationRelease, procurementReleases } from './release-builder.ts';
import { schemaErrors } from './schemas.testing.ts';

const META = { uri: 'https://concordat.example.org/ocds/releases/staffs-cancer-2025.json', publishedDate: '2025-02-10T09:00:00Z', publisherName: 'Concordat' };
const OCID = 'ocds-cncdat-staffs-cancer-2025';

describe('OCDS releases of the Staffordshire cancer procurement', () => {
  const releases = procurementReleases(STAFFORDSHIRE_CANCER_EVENTS, { noticeUrl: (n) => `https://concordat.example.org/notices/${n.id}` });
  const record = recordOf(releases);
  const compiled = record.compiledRelease as JsonObject;

  it('publishes one release per stage, with stable ids under the ocid', () => {
    expect(releases.map((r) => [r.id, r.tag])).toEqual([
      [`${OCID}-001-planning`, ['planning']],
      [`${OCID}-006-tender`, ['tender']],
      [`${OCID}-011-tenderUpdate`, ['tenderUpdate']],
      [`${OCID}-020-award`, ['award']],
      [`${OCID}-022-awardUpdate`, ['awardUpdate']],
      [`${OCID}-023-awardUpdate`, ['awardUpdate', 'contract']],
      [`${OCID}-024-awardUpdate`, ['awardUpdate']],
    ]);
    expect(procurementReleases(STAFFORDSHIRE_CANCER_EVENTS)).toEqual(procurementReleases(STAFFORDSHIRE_CANCER_EVENTS));
  });

  it('every release, the release package and the record package validate against the official schemas', () => {
    for (const r of releases) expect(schemaErrors('release', r)).toEqual([]);
    const pkg = releasePackage(releases, META);
    expect(pkg.extensions).toEqual([UK_EXTENSION_URL]);
    expect(schemaErrors('release-package', pkg)).toEqual([]);
    expect(schemaErrors('record-package', recordPackage([record], META))).toEqual([]);
    const versioned = recordOf(releases, { versioned: true });
    expect(schemaErrors('record-package', recordPackage([versioned], META))).toEqual([]);
    // The versioned release is checked too: a plain value where a history belongs fails.
    const broken = { ...versioned, versionedRelease: { ...(versioned.versionedRelease as JsonObject), tender: { title: 'not a history' } } };
    expect(schemaErrors('record-package', recordPackage([broken], META)).length).toBeGreaterThan(0);
  });

  it('the schema check can fail: a release without its ocid, or with a bad date, does not validate', () => {
    const { ocid: _omit, ...noOcid } = releases[0];
    expect(schemaErrors('release', noOcid).join()).toMatch(/ocid/);
    expect(schemaErrors('release', { ...releases[0], date: '2025-01-06' }).join()).toMatch(/date-time/);
  });

  it('the notice of intention publishes the pending award with the UK standstill period: from 7 January to the end of 17 January 2025', () => {
    const award = (releases[3].awards as JsonObject[])[0];
    expect(award).toMatchObject({ id: `${OCID}-award-RJE`, status: 'pending', date: '2024-12-16T00:00:00Z' });
    expect(award.standstillPeriod).toEqual({ startDate: '2025-01-07T00:00:00Z', endDate: '2025-01-17T23:59:59Z' });
  });

  it('after the review that kept the decision, the standstill runs to the end of the five working days', () => {
    expect((releases[4].awards as JsonObject[])[0].standstillPeriod).toEqual({ startDate: '2025-01-07T00:00:00Z', endDate: '2025-01-29T23:59:59Z' });
  });

  it('the compiled record shows the active award, the contract linked to it, the four buyers and the supplier', () => {
    expect(compiled.tag).toEqual(['compiled']);
    expect(compiled.id).toBe(`${OCID}-2025-02-10T00:00:00Z`);
    const award = (compiled.awards as JsonObject[])[0];
    expect(award).toMatchObject({ status: 'active', value: { amount: 1_200_000_000, currency: 'GBP' }, suppliers: [{ id: 'GB-NHS-RJE', name: 'University Hospitals of North Midlands NHS Trust' }] });
    expect((award.documents as JsonObject[]).map((d) => [d.id, d.documentType, d.noticeType])).toEqual([
      ['STAFFS-CANCER-2025-INT', 'awardNotice', 'intention_competitive'],
      ['STAFFS-CANCER-2025-AWD', 'contractNotice', 'award_confirmation'],
    ]);
    expect(compiled.contracts).toEqual([{
      id: 'STAFFS-CANCER-2025', awardID: `${OCID}-award-RJE`, title: 'Staffordshire cancer and end-of-life care (prime provider)', status: 'pending',
      dateSigned: '2025-01-30T00:00:00Z', value: { amount: 1_200_000_000, currency: 'GBP' },
      period: { startDate: '2025-04-01T00:00:00+01:00', endDate: '2035-03-31T23:59:59+01:00' },
    }]);
    const parties = compiled.parties as JsonObject[];
    expect(parties.map((p) => [p.id, p.roles])).toEqual([
      ['GB-NHS-05V', ['buyer', 'procuringEntity']], ['GB-NHS-04Y', ['buyer']], ['GB-NHS-05D', ['buyer']], ['GB-NHS-05Q', ['buyer']], ['GB-NHS-RJE', ['supplier']],
    ]);
    expect(parties[0].identifier).toEqual({ scheme: 'GB-NHS', id: '05V', legalName: 'NHS Stafford and Surrounds CCG' });
    expect((compiled.tender as JsonObject)).toMatchObject({ status: 'complete', numberOfTenderers: 4, procurementMethod: 'open', awardCriteria: 'ratedCriteria', tenderPeriod: { endDate: '2024-09-30T23:59:59+01:00' } });
  });

  it('publishes nothing private: no scores, no representations, no losing bidders', () => {
    const text = JSON.stringify(releases);
    expect(text).not.toMatch(/RRE|ZSCCP|ZCCHL|integration score|785/);
  });

  it('the ocid prefix is configurable and checked', () => {
    expect(procurementReleases(STAFFORDSHIRE_CANCER_EVENTS, { ocidPrefix: 'ocds-abc123' })[0].ocid).toBe('ocds-abc123-staffs-cancer-2025');
    expect(() => ocidFor('x', 'ocds-toolongprefix')).toThrow(/prefix/);
  });

  it('contract amendments publish as contractAmendment releases that validate and compile into the record', () => {
    const contract = {
      reference: 'STAFFS-CANCER-2025', title: 'Staffordshire cancer and end-of-life care (prime provider)', awardID: `${OCID}-award-RJE`,
      signedValuePence: 120_000_000_000, startDate: '2025-04-01', endDate: '2035-03-31',
      buyer: { organisationCode: '05V', name: 'NHS Stafford and Surrounds CCG' }, supplier: { organisationCode: 'RJE', name: 'University Hospitals of North Midlands NHS Trust' },
    };
    const amendments = contractAmendmentReleases(OCID, contract, [
      { sequence: 1, effectiveDate: '2026-04-01', rationale: 'Reg 13 modification: acute oncology service added', valueChangePence: 1_000_000_000 },
      { sequence: 2, effectiveDate: '2027-04-01', rationale: 'One-year extension provided for in the contract', valueChangePence: 12_000_000_000, newEndDate: '2036-03-31' },
    ]);
    for (const r of amendments) expect(schemaErrors('release', r)).toEqual([]);
    const c = (recordOf([...releases, ...amendments]).compiledRelease as JsonObject).contracts as JsonObject[];
    expect(c[0].value).toEqual({ amount: 1_330_000_000, currency: 'GBP' }); // £1.2bn + £10m + £120m
    expect(c[0].period).toEqual({ startDate: '2025-04-01T00:00:00+01:00', endDate: '2036-03-31T23:59:59+01:00' });
    expect((c[0].amendments as JsonObject[]).map((a) => [a.id, a.standstill])).toEqual([['STAFFS-CANCER-2025-v1', false], ['STAFFS-CANCER-2025-v2', false]]);
    expect(c[0].dateSigned).toBe('2025-01-30T00:00:00Z');
  });

  it('payments publish as an implementation release that validates', () => {
    const r = implementationRelease(OCID, { reference: 'STAFFS-CANCER-2025', awardID: `${OCID}-award-RJE` }, '2025-04-30', [
      { id: 'pay-2025-04', date: '2025-04-30', valuePence: 1_000_000_000, payer: { organisationCode: '05V', name: 'NHS Stafford and Surrounds CCG' }, payee: { organisationCode: 'RJE', name: 'University Hospitals of North Midlands NHS Trust' } },
    ]);
    expect(schemaErrors('release', r)).toEqual([]);
    expect(((r.contracts as JsonObject[])[0].implementation as JsonObject).transactions).toEqual([
      { id: 'pay-2025-04', date: '2025-04-30T00:00:00+01:00', value: { amount: 10_000_000, currency: 'GBP' }, payer: { id: 'GB-NHS-05V', name: 'NHS Stafford and Surrounds CCG' }, payee: { id: 'GB-NHS-RJE', name: 'University Hospitals of North Midlands NHS Trust' } },
    ]);
  });
});

describe('OCDS of other routes', () => {
  it('an abandoned procurement publishes a tender cancellation that validates', () => {
    const i = STAFFORDSHIRE_CANCER_EVENTS.findIndex((e) => e.type === 'provider_decided');
    const abandoned: ProcurementEvent = { type: 'abandoned', on: '2024-12-02', by: STAFFORDSHIRE_LEAD, reasons: 'Affordability: the ten-year envelope no longer holds' };
    const releases = procurementReleases([...STAFFORDSHIRE_CANCER_EVENTS.slice(0, i), abandoned]);
    const last = releases[releases.length - 1];
    expect(last.tag).toEqual(['tenderCancellation']);
    expect((last.tender as JsonObject).status).toBe('cancelled');
    for (const r of releases) expect(schemaErrors('release', r)).toEqual([]);
  });

  it('a legacy roll-over publishes its decision and reasons', () => {
    const releases = procurementReleases(COMMUNITY_ROLLOVER_EVENTS);
    expect(releases.map((r) => r.tag)).toEqual([['planning'], ['planningUpdate']]);
    expect((releases[1].planning as JsonObject).rationale).toMatch(/^Roll over decided 2015-01-30: The older people/);
    expect((releases[1].tender as JsonObject).status).toBe('withdrawn');
    for (const r of releases) expect(schemaErrors('release', r)).toEqual([]);
  });
});

describe('values, dates and the public feed', () => {
  it('values are pounds from pence, exactly', () => {
    expect(valueFromPence(10)).toEqual({ amount: 0.1, currency: 'GBP' });
    expect(valueFromPence(-1_234_567)).toEqual({ amount: -12_345.67, currency: 'GBP' });
    expect(penceFromAmount(104796)).toBe(10_479_600);
    expect(penceFromAmount(1.005)).toBe(101); // 1.005 is 1.00499... in binary; the text rounds half up
    expect(penceFromAmount('12')).toBeNull();
  });

  it('dates carry the UK offset, so midnight at the end of a summer day is right', () => {
    expect(endOfDay('2025-01-17')).toBe('2025-01-17T23:59:59Z');
    expect(endOfDay('2025-05-01')).toBe('2025-05-01T23:59:59+01:00');
    expect(dateTime('2025-03-29')).toBe('2025-03-29T00:00:00Z'); // BST starts Sunday 30 March 2025
    expect(dateTime('2025-03-30')).toBe('2025-03-30T00:00:00+01:00');
    expect(dateTime('2025-10-26')).toBe('2025-10-26T00:00:00Z'); // and ends Sunday 26 October
  });

  it('pages the feed by cursor within updatedFrom/updatedTo, without repeats or gaps', () => {
    const all = procurementReleases(STAFFORDSHIRE_CANCER_EVENTS);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = feedPage(all, { limit: 3, cursor });
      seen.push(...page.releases.map((r) => String(r.id)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.map((r) => String(r.id)));
    const window = feedPage(all, { limit: 100, updatedFrom: '2025-01-01', updatedTo: '2025-01-31T23:59:59Z' });
    expect(window.releases.map((r) => r.tag)).toEqual([['award'], ['awardUpdate'], ['awardUpdate', 'contract']]);
    expect(() => feedPage(all, { limit: 3, cursor: 'nonsense' })).toThrow(/cursor/);
  });
});
