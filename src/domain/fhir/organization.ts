/**
 * FHIR R4 Organization resources from the registry (DESIGN.md C9). Identifiers: ODS codes under the
 * NHS England naming system https://fhir.nhs.uk/Id/ods-organization-code; a local authority's ONS
 * (GSS) code under a Concordat URN [M: no national naming system checked]; the demo's illustrative
 * Z codes under a Concordat URN. `active` is whether the organisation is open on the date asked;
 * `partOf` points to the parent (an ICB for a trust or sub-ICB location). Predecessor and successor
 * links (mergers) have no Organization element, so they are left to the registry's own API.
 */

import { isOpenOn, KIND_LABELS, type Organisation } from '../registry/organisation.ts';
import type { IsoDate } from '../time/date.ts';

export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const ONS_SYSTEM = 'urn:concordat:ons-gss-code';
export const ILLUSTRATIVE_SYSTEM = 'urn:concordat:illustrative-code';
export const KIND_SYSTEM = 'urn:concordat:organisation-kind';

export interface FhirIdentifier {
  readonly use?: 'official' | 'secondary';
  readonly system: string;
  readonly value: string;
}

export interface FhirReference {
  readonly reference?: string;
  readonly identifier?: FhirIdentifier;
  readonly display?: string;
}

export interface FhirOrganization {
  readonly resourceType: 'Organization';
  readonly id: string;
  readonly identifier: readonly FhirIdentifier[];
  readonly active: boolean;
  readonly type: readonly { readonly coding: readonly { readonly system: string; readonly code: string; readonly display: string }[] }[];
  readonly name: string;
  readonly address?: readonly { readonly postalCode: string; readonly country: string }[];
  readonly partOf?: FhirReference;
}

/**
 * The identifier of a registry code.
 *
 * @example organisationIdentifier('RJE') // { use: 'official', system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RJE' }
 */
export function organisationIdentifier(code: string): FhirIdentifier {
  if (/^[EW]\d{8}$/.test(code)) return { use: 'official', system: ONS_SYSTEM, value: code };
  if (/^Z[A-Z0-9]{2,5}$/.test(code)) return { use: 'secondary', system: ILLUSTRATIVE_SYSTEM, value: code };
  return { use: 'official', system: ODS_SYSTEM, value: code };
}

/**
 * A FHIR id is 1-64 letters, digits, '-' and '.': ODS codes already are.
 *
 * @example fhirId('RJE') // 'RJE'
 */
export function fhirId(code: string): string {
  return code.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64);
}

/**
 * An Organization resource for a registry organisation as at a date.
 *
 * @example toFhirOrganization(rje, '2025-01-06').active // true
 */
export function toFhirOrganization(org: Organisation, asAt: IsoDate): FhirOrganization {
  return {
    resourceType: 'Organization',
    id: fhirId(org.code),
    identifier: [organisationIdentifier(org.code)],
    active: isOpenOn(org, asAt),
    type: [{ coding: [{ system: KIND_SYSTEM, code: org.kind, display: KIND_LABELS[org.kind] }] }],
    name: org.name,
    ...(org.postcode ? { address: [{ postalCode: org.postcode, country: 'GB' }] } : {}),
    ...(org.parentCode ? { partOf: { reference: `Organization/${fhirId(org.parentCode)}`, identifier: organisationIdentifier(org.parentCode) } } : {}),
  };
}

export interface FhirBundle<R> {
  readonly resourceType: 'Bundle';
  readonly type: 'collection' | 'searchset';
  readonly timestamp?: string;
  readonly total?: number;
  readonly entry: readonly { readonly fullUrl?: string; readonly resource: R }[];
}

/**
 * The registry as a FHIR collection Bundle of Organizations, one per organisation.
 *
 * @example organisationBundle(orgs, '2025-01-06', 'https://concordat.example.org/fhir').entry.length
 */
export function organisationBundle(orgs: readonly Organisation[], asAt: IsoDate, baseUrl?: string): FhirBundle<FhirOrganization> {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    total: orgs.length,
    entry: orgs.map((o) => {
      const resource = toFhirOrganization(o, asAt);
      return { ...(baseUrl ? { fullUrl: `${baseUrl.replace(/\/$/, '')}/Organization/${resource.id}` } : {}), resource };
    }),
  };
}
