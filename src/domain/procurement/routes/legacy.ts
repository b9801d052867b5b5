/**
 * Before the PSR (the seeds' era, to 31 December 2023): when a contract was ending, commissioners
 * decided to roll it over or to put it out to tender, and the decision with its reasons is recorded
 * (Monitor warned in January 2015 against automatically rolling over community services contracts;
 * DESIGN.md, seed 004). A tender runs offers, assessment, a reasoned decision and the award. The
 * standstill of the Public Contracts Regulations 2015 is not in RULES.md and is not modelled.
 */

import type { Machine } from '../engine.ts';
import { allow, refuseInvalid } from '../engine.ts';
import type { ProcurementContext, ProcurementEvent, ProcurementRecord } from '../types.ts';
import {
  abandoning, assessingProviders, authorise, awardingDirectly, closingOffers, declaringConflicts, decidingProvider,
  namingDecisionMakers, on, procurementDeadlines, publishingAwardNotice, receivingOffers, scoringProviders, weightingCriteria,
} from './shared.ts';
import { isIsoDate } from '../../time/date.ts';

const BEFORE_AWARD = ['considering', 'tendering', 'evaluating', 'decided'];

export const legacy: Machine<ProcurementRecord, ProcurementEvent, ProcurementContext> = {
  name: 'legacy',
  label: 'tender or roll over (before the Provider Selection Regime)',
  initial: 'considering',
  states: [
    { name: 'considering', label: 'considering whether to roll over or tender' },
    { name: 'rolled_over', label: 'rolled over with reasons recorded', terminal: true },
    { name: 'tendering', label: 'out to tender' },
    { name: 'evaluating', label: 'evaluating tenders' },
    { name: 'decided', label: 'preferred provider chosen' },
    { name: 'awarded', label: 'awarded' },
    { name: 'concluded', label: 'concluded: award published', terminal: true },
    { name: 'abandoned', label: 'abandoned', terminal: true },
  ],
  transitions: [
    namingDecisionMakers(BEFORE_AWARD),
    ...declaringConflicts(BEFORE_AWARD),
    on('legacy_decided', {
      label: 'decided to roll over or to tender',
      from: ['considering'],
      to: (_r, e) => (e.decision === 'roll_over' ? 'rolled_over' : 'tendering'),
      by: ['lead_commissioner'],
      cite: 'DESIGN.md seed "Community services rollovers": roll over or compete, decided and recorded with reasons',
      guard: (r, e) => {
        if (!e.reasons?.trim()) return refuseInvalid('reasons', 'record the reasons for rolling over or tendering');
        if (r.decisionMakers.length === 0) return refuseInvalid('decisionMakers', 'name who decided first');
        if (e.decision === 'roll_over' && (!isIsoDate(e.rollOverUntil) || e.rollOverUntil <= r.contractPeriod.startDate)) {
          return refuseInvalid('rollOverUntil', 'a roll-over says until when the existing contract runs');
        }
        if (e.decision === 'roll_over' && !r.incumbent) return refuseInvalid('incumbent', 'only an existing contract can be rolled over');
        return allow;
      },
      apply: (r, e) => ({
        ...r,
        legacyDecision: {
          decision: e.decision,
          decidedOn: e.on,
          reasons: e.reasons.trim(),
          ...(e.rollOverUntil ? { rollOverUntil: e.rollOverUntil } : {}),
          ...(e.adviceConsidered ? { adviceConsidered: e.adviceConsidered } : {}),
        },
      }),
    }),
    weightingCriteria(['tendering']),
    receivingOffers(['tendering'], { deadline: false }),
    closingOffers(['tendering'], 'evaluating'),
    assessingProviders(['evaluating']),
    scoringProviders(['evaluating']),
    decidingProvider(['evaluating'], 'decided', 'eligible', { psr: false }),
    awardingDirectly(['decided'], 'awarded', (r, code) => (code === r.decision?.providerCode ? null : `the decision was to award to ${r.decision?.providerCode}`)),
    publishingAwardNotice(['awarded'], 'concluded', 'award_confirmation'),
    abandoning(BEFORE_AWARD),
  ],
  authorise,
  deadlines: (r, c) => procurementDeadlines(r, c, null),
};
