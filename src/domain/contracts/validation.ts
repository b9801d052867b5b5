import type { Issue } from '../errors.ts';
import { invalidMany } from '../errors.ts';
import { isCommissionerKind, type OrganisationKind } from '../registry/organisation.ts';
import type { ContractModel, ContractParty, ContractStatus, ExtensionOption, VariationChanges } from './contract.ts';
import { STATUS_TRANSITIONS } from './contract.ts';

export interface NewContractTerms {
  readonly reference: string;
  readonly title: string;
  readonly model: string;
  readonly parentContractId?: string | null;
  readonly startDate: string;
  readonly endDate: string;
  readonly extensionOptions?: readonly ExtensionOption[];
  readonly signedValuePence: number;
  readonly status?: ContractStatus;
  readonly parties: readonly ContractParty[];
}

/**
 * Business rules on a new contract that a schema cannot express. Collects every problem, each
 * naming its field, so the user fixes them in one go.
 */
export function checkNewContract(terms: NewContractTerms): void {
  const issues: Issue[] = [];
  if (terms.endDate < terms.startDate) issues.push({ path: ['endDate'], message: `must not be before startDate (${terms.startDate})` });
  if (!Number.isSafeInteger(terms.signedValuePence) || terms.signedValuePence < 0) {
    issues.push({ path: ['signedValuePence'], message: 'must be a whole, non-negative number of pence' });
  }
  const providers = terms.parties.filter((p) => p.role === 'provider');
  const coordinators = terms.parties.filter((p) => p.role === 'coordinating_commissioner');
  // A contract being tendered has no provider yet; once agreed it must name one.
  if (providers.length === 0 && (terms.status ?? 'draft') !== 'draft') {
    issues.push({ path: ['parties'], message: 'needs at least one provider once it is agreed or live' });
  }
  if (coordinators.length !== 1) issues.push({ path: ['parties'], message: 'needs exactly one co-ordinating commissioner' });
  if (terms.model === 'subcontract' && !terms.parentContractId) {
    issues.push({ path: ['parentContractId'], message: 'a subcontract names the contract it sits under' });
  }
  if (terms.model !== 'subcontract' && terms.parentContractId) {
    issues.push({ path: ['parentContractId'], message: 'only a subcontract has a parent contract' });
  }
  const seen = new Set<string>();
  terms.parties.forEach((p, i) => {
    const key = `${p.organisationCode}/${p.role}`;
    if (seen.has(key)) issues.push({ path: ['parties', i], message: `${p.organisationCode} is listed twice as ${p.role}` });
    seen.add(key);
  });
  if (issues.length) throw invalidMany(issues);
}

/** A variation must not take effect before the contract starts, nor make its value negative. */
export function checkVariation(args: {
  readonly contractStart: string;
  readonly currentStatus: ContractStatus;
  readonly valueBefore: number;
  readonly effectiveDate: string;
  readonly valueChangePence: number;
  readonly changes: VariationChanges;
}): void {
  const issues: Issue[] = [];
  if (args.effectiveDate < args.contractStart) {
    issues.push({ path: ['effectiveDate'], message: `must not be before the contract starts (${args.contractStart})` });
  }
  if (!Number.isSafeInteger(args.valueChangePence)) issues.push({ path: ['valueChangePence'], message: 'must be whole pence' });
  else if (args.valueBefore + args.valueChangePence < 0) {
    issues.push({ path: ['valueChangePence'], message: `would make the contract value negative (now ${args.valueBefore} pence)` });
  }
  if (args.changes.endDate && args.changes.endDate < args.contractStart) {
    issues.push({ path: ['changes', 'endDate'], message: `must not be before the contract starts (${args.contractStart})` });
  }
  if (args.changes.status && !STATUS_TRANSITIONS[args.currentStatus].includes(args.changes.status)) {
    issues.push({
      path: ['changes', 'status'],
      message: `a ${args.currentStatus} contract cannot become ${args.changes.status}`,
    });
  }
  if (issues.length) throw invalidMany(issues);
}

/**
 * Each party must be the kind of organisation its role needs: commissioners commission (an ICB, CCG,
 * NHS England, a local authority...), providers provide. A subcontract is let by the prime provider
 * as its co-ordinating party; a pooled budget's partners may be local authorities.
 *
 * @example partyKindIssues('standard_block', [{ organisationCode: 'RC1', role: 'coordinating_commissioner' }], () => 'nhs_trust')
 */
export function partyKindIssues(
  model: ContractModel,
  parties: readonly ContractParty[],
  kindOf: (code: string) => OrganisationKind | undefined,
): Issue[] {
  const issues: Issue[] = [];
  parties.forEach((p, i) => {
    const kind = kindOf(p.organisationCode);
    if (kind === undefined) return; // Unknown organisations are reported by whoever looked them up.
    const commissioner = isCommissionerKind(kind);
    const path = ['parties', i, 'organisationCode'];
    if (p.role === 'coordinating_commissioner' && model === 'subcontract') {
      if (commissioner) issues.push({ path, message: `${p.organisationCode} is a commissioner: a subcontract is let by the provider under the parent contract` });
    } else if (p.role !== 'provider' && !commissioner) {
      issues.push({ path, message: `${p.organisationCode} is a provider (${kind}), not a commissioner: it cannot be a ${p.role.replace('_', ' ')}` });
    } else if (p.role === 'provider' && commissioner && !(model === 'pooled_budget' && kind === 'local_authority')) {
      issues.push({ path, message: `${p.organisationCode} is a commissioner (${kind}), not a provider` });
    }
  });
  return issues;
}
