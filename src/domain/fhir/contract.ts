/**
 * FHIR R4 Contract for a commissioning contract, where it fits: identifier (the contract reference,
 * and the OCDS ocid of the procurement that awarded it), status, title, the period it applies,
 * the commissioners as `authority`, every party with its role in `term.offer.party`, and the value
 * as the term's asset. FHIR's Contract is built for legal agreements with signatures and clauses;
 * Concordat's payment rules and variations do not map to it and are not exported.
 */

import type { ContractParty, ContractStatus } from '../contracts/contract.ts';
import type { Pence } from '../money.ts';
import type { IsoDate } from '../time/date.ts';
import { fhirId, organisationIdentifier, type FhirIdentifier, type FhirReference } from './organization.ts';

export const CONTRACT_REFERENCE_SYSTEM = 'urn:concordat:contract-reference';
export const OCID_SYSTEM = 'urn:ocds:ocid';
export const PARTY_ROLE_SYSTEM = 'urn:concordat:contract-party-role';

/**
 * Concordat's lifecycle to FHIR's contract-status codes: a draft is still negotiable; agreed is
 * executable (signed, not yet in force), as is one not yet started; live and expired were executed;
 * terminated is terminated.
 */
const STATUS: Readonly<Record<ContractStatus, string>> = {
  draft: 'negotiable',
  agreed: 'executable',
  live: 'executed',
  expired: 'executed',
  terminated: 'terminated',
  not_started: 'executable',
};

export interface ContractForFhir {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly status: ContractStatus;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
  /** The value as at the export (signed value plus variations). */
  readonly valuePence: Pence;
  readonly parties: readonly ContractParty[];
  /** The ocid of the procurement that awarded it, if any. */
  readonly ocid?: string;
}

export interface FhirContract {
  readonly resourceType: 'Contract';
  readonly id: string;
  readonly identifier: readonly FhirIdentifier[];
  readonly status: string;
  readonly title: string;
  readonly applies: { readonly start: string; readonly end: string };
  readonly authority: readonly FhirReference[];
  readonly term: readonly {
    readonly offer: { readonly party: readonly { readonly reference: readonly FhirReference[]; readonly role: { readonly coding: readonly { readonly system: string; readonly code: string }[] } }[] };
    readonly asset: readonly { readonly valuedItem: readonly { readonly net: { readonly value: number; readonly currency: 'GBP' } }[] }[];
  }[];
}

const ref = (code: string): FhirReference => ({ reference: `Organization/${fhirId(code)}`, identifier: organisationIdentifier(code) });

/**
 * A FHIR Contract for a commissioning contract.
 *
 * @example toFhirContract(contract).status // 'executable' for an agreed contract
 */
export function toFhirContract(c: ContractForFhir): FhirContract {
  return {
    resourceType: 'Contract',
    id: fhirId(c.id),
    identifier: [
      { use: 'official', system: CONTRACT_REFERENCE_SYSTEM, value: c.reference },
      ...(c.ocid ? [{ use: 'secondary' as const, system: OCID_SYSTEM, value: c.ocid }] : []),
    ],
    status: STATUS[c.status],
    title: c.title,
    applies: { start: c.startDate, end: c.endDate },
    authority: c.parties.filter((p) => p.role !== 'provider').map((p) => ref(p.organisationCode)),
    term: [{
      offer: { party: c.parties.map((p) => ({ reference: [ref(p.organisationCode)], role: { coding: [{ system: PARTY_ROLE_SYSTEM, code: p.role }] } })) },
      // FHIR decimals: pounds from pence through the decimal text, never a float sum.
      asset: [{ valuedItem: [{ net: { value: Number(`${c.valuePence < 0 ? '-' : ''}${Math.floor(Math.abs(c.valuePence) / 100)}.${String(Math.abs(c.valuePence) % 100).padStart(2, '0')}`), currency: 'GBP' } }] }],
    }],
  };
}
