/**
 * Disputes: GC14 dispute resolution under the contract (negotiation, mediation, expert determination)
 * and the annual contract-setting dispute with pendulum arbitration (RULES.md §1.3), with the
 * mediators, experts, arbitrators and facilitators appointed and their fees.
 */

export {
  type AppointedBy,
  type Appointee,
  type AppointeeRole,
  type DisputeCosts,
  type Fee,
  type FeePayer,
  type FeeShares,
  disputeCosts,
  feeShares,
} from './fees.ts';
export {
  type DisputeOutcome,
  type Gc14Dispute,
  type Gc14Event,
  type Gc14RaiseEvent,
  type Gc14Stage,
  type Gc14State,
  type Gc14StepEvent,
  type Gc14StepType,
  GC14_STATE_LABELS,
  GC14_STEPS,
  applyDisputeStep,
  negotiationEnds,
  raiseDispute,
  replayDispute,
  respondent,
} from './gc14.ts';
export { type DisputeIssue, type FinalOffers, type Offer, checkOffer, checkPendulumDetermination } from './pendulum.ts';
export {
  type ContractSettingActor,
  type ContractSettingDispute,
  type ContractSettingEvent,
  type ContractSettingOpenEvent,
  type ContractSettingState,
  type ContractSettingStepEvent,
  type ContractSettingStepType,
  type Determination,
  type FinalOffer,
  CONTRACT_SETTING_STATE_LABELS,
  CONTRACT_SETTING_STEPS,
  agreementDeadline,
  applyContractSettingStep,
  determinedAmount,
  mediationWindowEnds,
  offersOn,
  openContractSettingDispute,
  replayContractSettingDispute,
} from './contract-setting.ts';
export { contractSettingDueSteps, gc14DueSteps } from './deadlines.ts';
export { contractSettingOpenSchema, contractSettingStepSchema, gc14RaiseSchema, gc14StepSchema } from './schemas.ts';
