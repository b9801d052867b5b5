/**
 * The award creates the contract (as Prozorro does): the contract's terms come from the procurement
 * and its award, and keep a link back to the procurement. A legacy roll-over instead extends the
 * existing contract by a variation carrying the recorded reasons.
 */

import type { ContractModel, ContractParty, ContractStatus, VariationChanges } from '../contracts/contract.ts';
import { conflict, invalid } from '../errors.ts';
import type { Pence } from '../money.ts';
import type { IsoDate } from '../time/date.ts';
import type { AwardFacts, ProcurementRecord } from './types.ts';

/** The terms of a new contract, in the shape the contracts use case takes. */
export interface ContractTermsFromAward {
  readonly reference: string;
  readonly title: string;
  readonly description: string;
  readonly model: ContractModel;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
  readonly signedValuePence: Pence;
  readonly status: ContractStatus;
  readonly parties: readonly ContractParty[];
  readonly serviceCodes: readonly string[];
}

/** How the created contract links back to its procurement. */
export interface ProcurementLink {
  readonly procurementId: string;
  readonly procurementReference: string;
  readonly awardedOn: IsoDate;
  readonly providerCode: string;
}

/**
 * The contract an award creates: the lead authority co-ordinates, the other authorities are
 * associates, the awarded provider is the provider; status 'agreed' (entered into, not yet live).
 *
 * @example contractFromAward(record, record.awards[0]).contract.parties[0].role // 'coordinating_commissioner'
 */
export function contractFromAward(record: ProcurementRecord, award: AwardFacts): { contract: ContractTermsFromAward; link: ProcurementLink } {
  if (!record.awards.some((a) => a.contractReference === award.contractReference)) {
    throw conflict(`${award.contractReference} is not an award of ${record.reference}`);
  }
  const parties: ContractParty[] = [
    ...record.authorities.filter((a) => a.lead).map((a) => ({ organisationCode: a.organisationCode, role: 'coordinating_commissioner' as const })),
    ...record.authorities.filter((a) => !a.lead).map((a) => ({ organisationCode: a.organisationCode, role: 'associate_commissioner' as const })),
    { organisationCode: award.providerCode, role: 'provider' as const },
  ];
  return {
    contract: {
      reference: award.contractReference,
      title: record.title,
      description: `Awarded on ${award.awardedOn} by procurement ${record.reference} (${record.route.replace(/_/g, ' ')}). ${record.description ?? ''}`.trim(),
      model: record.contractModel ?? 'standard_block',
      startDate: award.contractPeriod.startDate,
      endDate: award.contractPeriod.endDate,
      signedValuePence: award.valuePence,
      status: 'agreed',
      parties,
      serviceCodes: record.services.serviceCodes ?? [],
    },
    link: { procurementId: record.id, procurementReference: record.reference, awardedOn: award.awardedOn, providerCode: award.providerCode },
  };
}

/** A variation to the existing contract, in the shape the variations use case takes. */
export interface RollOverVariation {
  readonly contractReference: string;
  readonly effectiveDate: IsoDate;
  readonly rationale: string;
  readonly valueChangePence: Pence;
  readonly changes: VariationChanges;
}

/**
 * The variation a legacy roll-over makes: the existing contract runs on to the new end date, with
 * the recorded reasons as its rationale.
 *
 * @example rollOverVariation(record, '2015-04-01', 9_500_000_000).changes.endDate // '2016-03-31'
 */
export function rollOverVariation(record: ProcurementRecord, effectiveDate: IsoDate, valueChangePence: Pence): RollOverVariation {
  const d = record.legacyDecision;
  if (!d || d.decision !== 'roll_over' || !d.rollOverUntil) throw conflict(`${record.reference} has no roll-over decision`);
  if (!record.incumbent?.contractReference) throw invalid('incumbent.contractReference', 'name the contract rolled over');
  return {
    contractReference: record.incumbent.contractReference,
    effectiveDate,
    rationale: `Rolled over rather than tendered (decided ${d.decidedOn}): ${d.reasons}`,
    valueChangePence,
    changes: { endDate: d.rollOverUntil },
  };
}
