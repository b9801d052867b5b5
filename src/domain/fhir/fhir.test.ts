import { describe, expect, it } from 'vitest';
import { contractFromAward } from '../procurement/award-contract.ts';
import { STAFFORDSHIRE_CANCER_EVENTS } from '../procurement/fixtures/staffordshire-cancer.ts';
import { replayProcurement } from '../procurement/routes/index.ts';
import { ocidFor } from '../ocds/identifiers.ts';
import type { Organisation } from '../registry/organisation.ts';
import { toFhirContract } from './contract.ts';
import { ODS_SYSTEM, organisationBundle, toFhirOrganization } from './organization.ts';
import { fhirSchemaErrors } from './schema.testing.ts';

const org = (code: string, name: string, kind: Organisation['kind'], extra: Partial<Organisation> = {}): Organisation => ({
  code, name, kind, sector: 'nhs', parentCode: null, regionCode: null, postcode: null, openDate: '1993-04-01', closeDate: null,
  source: 'ods', odsVerified: true, note: null, ...extra,
});

const RJE = org('RJE', 'University Hospitals of North Midlands NHS Trust', 'nhs_trust', { parentCode: 'QNC', postcode: 'ST4 6QG' });
const RJF = org('RJF', 'Burton Hospitals NHS Foundation Trust', 'foundation_trust', { parentCode: 'QNC', closeDate: '2018-06-30' });
const DUDLEY_COUNCIL = org('E08000027', 'Dudley Metropolitan Borough Council', 'local_authority', { sector: 'local_government', odsVerified: false });
const CIRCLE = org('ZCIRC', 'Circle Health (Circle Partnership)', 'independent_provider', { sector: 'independent', odsVerified: false });

describe('FHIR R4 Organization export of the registry', () => {
  it('an NHS trust becomes an Organization with its ODS code, type, address and parent ICB, and validates', () => {
    const o = toFhirOrganization(RJE, '2025-01-06');
    expect(o).toEqual({
      resourceType: 'Organization', id: 'RJE',
      identifier: [{ use: 'official', system: ODS_SYSTEM, value: 'RJE' }],
      active: true,
      type: [{ coding: [{ system: 'urn:concordat:organisation-kind', code: 'nhs_trust', display: 'NHS trust' }] }],
      name: 'University Hospitals of North Midlands NHS Trust',
      address: [{ postalCode: 'ST4 6QG', country: 'GB' }],
      partOf: { reference: 'Organization/QNC', identifier: { use: 'official', system: ODS_SYSTEM, value: 'QNC' } },
    });
    expect(fhirSchemaErrors(o)).toEqual([]);
  });

  it('a trust closed by a merger is inactive after its close date and active before it', () => {
    expect(toFhirOrganization(RJF, '2018-06-30').active).toBe(true);
    expect(toFhirOrganization(RJF, '2018-07-01').active).toBe(false);
  });

  it('local authorities and illustrative codes get their own identifier systems and validate', () => {
    for (const o of [DUDLEY_COUNCIL, CIRCLE]) expect(fhirSchemaErrors(toFhirOrganization(o, '2025-01-06'))).toEqual([]);
    expect(toFhirOrganization(DUDLEY_COUNCIL, '2025-01-06').identifier[0].system).toBe('urn:concordat:ons-gss-code');
    expect(toFhirOrganization(CIRCLE, '2025-01-06').identifier[0]).toEqual({ use: 'secondary', system: 'urn:concordat:illustrative-code', value: 'ZCIRC' });
  });

  it('the registry exports as a collection Bundle that validates', () => {
    const bundle = organisationBundle([RJE, RJF, DUDLEY_COUNCIL, CIRCLE], '2025-01-06', 'https://concordat.example.org/fhir/');
    expect(bundle.entry.map((e) => e.fullUrl)).toEqual([
      'https://concordat.example.org/fhir/Organization/RJE', 'https://concordat.example.org/fhir/Organization/RJF',
      'https://concordat.example.org/fhir/Organization/E08000027', 'https://concordat.example.org/fhir/Organization/ZCIRC',
    ]);
    expect(fhirSchemaErrors(bundle)).toEqual([]);
  });

  it('the schema check can fail: a misspelt element or a bad status is refused', () => {
    expect(fhirSchemaErrors({ ...toFhirOrganization(RJE, '2025-01-06'), nmae: 'x' }).length).toBeGreaterThan(0);
    expect(fhirSchemaErrors({ resourceType: 'Organization', id: 'has space' }).length).toBeGreaterThan(0);
  });
});

describe('FHIR R4 Contract export', () => {
  it('the contract the Staffordshire award created exports with its ocid, parties and value, and validates', () => {
    const record = replayProcurement(STAFFORDSHIRE_CANCER_EVENTS);
    const { contract } = contractFromAward(record, record.awards[0]);
    const fhir = toFhirContract({ id: 'c-1', ...contract, valuePence: contract.signedValuePence, ocid: ocidFor(record.id) });
    expect(fhir.status).toBe('executable');
    expect(fhir.identifier).toEqual([
      { use: 'official', system: 'urn:concordat:contract-reference', value: 'STAFFS-CANCER-2025' },
      { use: 'secondary', system: 'urn:ocds:ocid', value: 'ocds-cncdat-staffs-cancer-2025' },
    ]);
    expect(fhir.authority.map((a) => a.reference)).toEqual(['Organization/05V', 'Organization/04Y', 'Organization/05D', 'Organization/05Q']);
    expect(fhir.term[0].asset[0].valuedItem[0].net).toEqual({ value: 1_200_000_000, currency: 'GBP' });
    expect(fhirSchemaErrors(fhir)).toEqual([]);
  });
});
