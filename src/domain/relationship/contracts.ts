/**
 * A relationship's contracts over time: how each was agreed (negotiation, a facilitator, mediation,
 * arbitration), whether either party has not signed (Bedford Hospital and the MSK subcontract, seed 004)
 * and subcontracts let without the commissioner's consent (Serco and Devon Doctors, seed 004;
 * DESIGN.md C2 "subcontract consent").
 */

import type { ContractStatus } from '../contracts/contract.ts';
import type { Side } from '../contract-management/index.ts';
import type { ContractSettingDispute } from '../disputes/index.ts';
import type { Pence } from '../money.ts';
import { financialYearOf, type IsoDate } from '../time/index.ts';

/** A contract as the relationship page shows it. */
export interface RelationshipContract {
  readonly reference: string;
  readonly title: string;
  /** For a subcontract, the prime contractor in the commissioner's place. */
  readonly commissionerCode: string;
  readonly providerCode: string;
  readonly model: string;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
  readonly valuePence: Pence;
  readonly status: ContractStatus;
  /** The Standard Contract edition it runs on, e.g. '2013/14'. */
  readonly edition?: string;
  /** For a subcontract, the contract it sits under. */
  readonly parentReference?: string;
  /** When each party signed; a null date is a party that has not signed. Absent when not recorded. */
  readonly signatures?: { readonly commissioner: IsoDate | null; readonly provider: IsoDate | null };
  /** A party's refusal to sign, with its reason. */
  readonly refusal?: { readonly by: Side; readonly on: IsoDate; readonly reason: string };
  /** True when its figures are illustrative (the seeds do not give them). */
  readonly illustrative?: boolean;
}

/** How a contract came to be agreed. */
export type AgreementRoute = 'negotiation' | 'facilitated negotiation' | 'mediation' | 'arbitration' | 'not agreed';

/**
 * How a contract was agreed, from the contract-setting disputes for its year and reference.
 *
 * @example agreementRoute(ndevon2013, disputes) // 'arbitration'
 */
export function agreementRoute(contract: RelationshipContract, disputes: readonly ContractSettingDispute[]): AgreementRoute {
  const mine = disputes.filter((d) => d.contractReference === contract.reference);
  if (mine.some((d) => d.state === 'determined')) return 'arbitration';
  if (mine.some((d) => d.state === 'agreed' && d.referredToMediationOn !== null)) return 'mediation';
  if (mine.some((d) => d.state === 'agreed' && d.appointees.some((a) => a.role === 'facilitator'))) return 'facilitated negotiation';
  if (mine.some((d) => d.state === 'negotiation' || d.state === 'mediation' || d.state === 'arbitration')) return 'not agreed';
  if (unsignedSides(contract).length > 0) return 'not agreed';
  return 'negotiation';
}

/**
 * The parties that have not signed, when signatures are recorded.
 *
 * @example unsignedSides({ ...bedfordSub, signatures: { commissioner: '2014-04-01', provider: null } }) // ['provider']
 */
export function unsignedSides(contract: RelationshipContract): Side[] {
  if (!contract.signatures) return [];
  return (['commissioner', 'provider'] as const).filter((s) => contract.signatures![s] === null);
}

/**
 * The financial years a contract spans.
 *
 * @example contractYears({ startDate: '2014-04-01', endDate: '2016-03-31' }) // ['2014/15', '2015/16']
 */
export function contractYears(contract: Pick<RelationshipContract, 'startDate' | 'endDate'>): string[] {
  const first = financialYearOf(contract.startDate).startYear;
  const last = financialYearOf(contract.endDate).startYear;
  const out: string[] = [];
  for (let y = first; y <= last; y++) out.push(`${y}/${String((y + 1) % 100).padStart(2, '0')}`);
  return out;
}

/** A commissioner's consent to a subcontract. */
export interface SubcontractConsent {
  readonly subcontractReference: string;
  /** ODS code of the commissioner that consented. */
  readonly consentedBy: string;
  readonly on: IsoDate;
}

/** A subcontract let without the commissioner's consent. */
export interface ConsentFlag {
  readonly subcontract: RelationshipContract;
  readonly parent: RelationshipContract;
  /** The commissioner whose consent was needed: the parent contract's. */
  readonly commissionerCode: string;
  readonly message: string;
  readonly source: string;
}

const CONSENT_SOURCE = "DESIGN.md C2 (subcontracts and subcontract consent); the Standard Contract's sub-contracting condition is not in RULES.md [M]";

/**
 * Subcontracts under the given contracts with no consent from the parent's commissioner on or before
 * the subcontract starts (or, if it has not started, as at `asAt`).
 *
 * @example subcontractsWithoutConsent([serco], [devonDoctors], [], '2013-12-01')[0].message
 */
export function subcontractsWithoutConsent(
  contracts: readonly RelationshipContract[],
  subcontracts: readonly RelationshipContract[],
  consents: readonly SubcontractConsent[],
  asAt: IsoDate,
): ConsentFlag[] {
  const byRef = new Map(contracts.map((c) => [c.reference, c]));
  const out: ConsentFlag[] = [];
  for (const s of subcontracts) {
    const parent = s.parentReference ? byRef.get(s.parentReference) : undefined;
    if (!parent) continue;
    const by = s.startDate < asAt ? s.startDate : asAt;
    const ok = consents.some((c) => c.subcontractReference === s.reference && c.consentedBy === parent.commissionerCode && c.on <= by);
    if (ok) continue;
    out.push({
      subcontract: s, parent, commissionerCode: parent.commissionerCode, source: CONSENT_SOURCE,
      message: `${s.reference} ("${s.title}"): ${parent.providerCode} subcontracts to ${s.providerCode} from ${s.startDate} without the consent of ${parent.commissionerCode}, the commissioner of ${parent.reference}`,
    });
  }
  return out;
}
