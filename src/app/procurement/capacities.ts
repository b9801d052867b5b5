/**
 * What the caller's organisation is to a procurement or a scheme, worked out in one place from the
 * procurement's named authorities (and the providers that took part) or the scheme's lead and
 * signatories. The rights table (src/domain/access/rights.ts) decides on these capacities, and the
 * procurement's state machine on the party role they give.
 */

import type { Capacity } from '../../domain/access/rights.ts';
import type { ProcurementRecord, ProcurementRole } from '../../domain/procurement/types.ts';
import type { SchemeRecord, SchemeRole } from '../../domain/procurement/stage-gates.ts';

/**
 * The capacities of an organisation on a procurement: its lead authority, a joint authority, or a
 * provider that offered, is the existing provider, was awarded, or made representations.
 *
 * @example procurementCapacities(staffordshire, '05D') // Set { 'joint_authority' }
 */
export function procurementCapacities(record: ProcurementRecord, organisationCode: string): Set<Capacity> {
  const out = new Set<Capacity>();
  const authority = record.authorities.find((a) => a.organisationCode === organisationCode);
  if (authority) out.add(authority.lead ? 'lead_authority' : 'joint_authority');
  const took = record.bidders.some((b) => b.organisationCode === organisationCode)
    || record.incumbent?.organisationCode === organisationCode
    || record.awards.some((a) => a.providerCode === organisationCode)
    || record.representations.some((r) => r.providerCode === organisationCode);
  if (!authority && took) out.add('procurement_participant');
  return out;
}

/**
 * The party role an organisation acts in on a procurement: the lead authority's users as the lead
 * commissioner, other named authorities' as joint commissioners, anyone else as a provider.
 */
export function procurementRole(capacities: ReadonlySet<Capacity>): ProcurementRole {
  if (capacities.has('lead_authority')) return 'lead_commissioner';
  if (capacities.has('joint_authority')) return 'joint_commissioner';
  return 'provider';
}

/** The capacities of an organisation on a scheme: its lead, and/or a signatory of one of its gates. */
export function schemeCapacities(record: SchemeRecord, organisationCode: string): Set<Capacity> {
  const out = new Set<Capacity>();
  if (record.leadCode === organisationCode) out.add('scheme_lead');
  if (record.gates.some((g) => g.requiredSignatories.some((s) => s.organisationCode === organisationCode))) out.add('gate_signatory');
  return out;
}

/** The role a scheme step is taken in: signing and refusing as a signatory, the rest as the lead. */
export function schemeRole(type: string): SchemeRole {
  return type === 'gate_signed' || type === 'gate_refused' ? 'signatory' : 'scheme_lead';
}
