/**
 * What is pending on a dispute, who must act and by when: GC14 stage deadlines in operational days
 * (RULES.md §1.3) and the contract-setting timetable (RULES.md §1.3 [S2]), each with its source.
 */

import { englandAndWales, type Calendar } from '../calendar/index.ts';
import { SIDES, type DueStep, type DueSubject, type RelationshipRules } from '../contract-management/index.ts';
import { agreementDeadline, mediationWindowEnds, offersOn, type ContractSettingDispute } from './contract-setting.ts';
import { negotiationEnds, type Gc14Dispute } from './gc14.ts';

/**
 * The steps pending on a GC14 dispute: concluding each stage by its deadline, and the appointment
 * the stage needs.
 *
 * @example gc14DueSteps(dispute, relationshipRules('2013/14'))[0] // { step: 'conclude_negotiation', dueDate: ..., ... }
 */
export function gc14DueSteps(d: Gc14Dispute, rules: RelationshipRules, calendar: Calendar = englandAndWales): DueStep[] {
  const subject: DueSubject = { kind: 'gc14_dispute', id: d.id, contractReference: d.contractReference, commissionerCode: d.commissionerCode, providerCode: d.providerCode };
  const g = rules.gc14;
  const started = d.stages[d.stages.length - 1].startedOn;
  const out: DueStep[] = [];
  switch (d.state) {
    case 'negotiation':
      out.push({
        subject, step: 'conclude_negotiation', label: 'settle, or escalate to mediation', mustAct: 'either', dueDate: negotiationEnds(d, rules, calendar),
        basis: `${g.negotiationOperationalDays.value} operational days of escalated negotiation from ${d.raisedOn}`, source: g.negotiationOperationalDays.source, confidence: g.negotiationOperationalDays.confidence,
      });
      break;
    case 'mediation':
    case 'expert_determination': {
      const role = d.state === 'mediation' ? 'mediator' : 'expert';
      if (!d.appointees.some((a) => a.role === role)) {
        out.push({ subject, step: 'appoint', label: `appoint a ${role}`, mustAct: 'either', dueDate: null, basis: `${d.state === 'mediation' ? 'mediation' : 'expert determination'} began on ${started}`, source: g.appointers.source, confidence: g.appointers.confidence });
      }
      const rule = d.state === 'mediation' ? g.mediationOperationalDays : g.expertDeterminationOperationalDays;
      const days = rule.value;
      out.push({
        subject, step: d.state === 'mediation' ? 'conclude_mediation' : 'determine', label: d.state === 'mediation' ? 'settle, or refer to an expert' : "record the expert's determination",
        mustAct: 'either', dueDate: days === null ? null : calendar.nthOperationalDayAfter(started, days),
        basis: days === null ? 'no time limit in the rules' : `${days} operational days from ${started}`, source: rule.source, confidence: rule.confidence,
      });
      break;
    }
    case 'resolved':
    case 'withdrawn':
      break;
  }
  return out;
}

/**
 * The steps pending on a contract-setting dispute: agreement by the national deadline, the end of the
 * mediation window, and the final offers and determinations outstanding in arbitration.
 *
 * @example contractSettingDueSteps(dispute, relationshipRules('2019/20'))[0].dueDate // '2019-03-01'
 */
export function contractSettingDueSteps(d: ContractSettingDispute, rules: RelationshipRules): DueStep[] {
  const subject: DueSubject = { kind: 'contract_setting_dispute', id: d.id, contractReference: d.contractReference, commissionerCode: d.commissionerCode, providerCode: d.providerCode };
  const cs = rules.contractSetting;
  const out: DueStep[] = [];
  switch (d.state) {
    case 'negotiation': {
      const due = agreementDeadline(d.contractYear, rules);
      out.push({
        subject, step: 'agree', label: `agree the ${d.contractYear} contract, or refer it to the national process`, mustAct: 'either', dueDate: due,
        basis: due === null ? 'no national date recorded for this year' : `the national agreement date for ${d.contractYear}`, source: cs.agreementDeadline.source, confidence: cs.agreementDeadline.confidence,
      });
      break;
    }
    case 'mediation': {
      const due = mediationWindowEnds(d, rules);
      out.push({
        subject, step: 'conclude_mediation', label: 'agree in mediation, or go to arbitration', mustAct: 'either', dueDate: due,
        basis: due === null ? 'no mediation window recorded for this year' : `${cs.mediationWindowDays.value} days from the referral on ${d.referredToMediationOn}`, source: cs.mediationWindowDays.source, confidence: cs.mediationWindowDays.confidence,
      });
      break;
    }
    case 'arbitration':
      for (const issue of d.issues) {
        if (d.determinations.some((x) => x.issueId === issue.id)) continue;
        const offers = offersOn(d, issue.id);
        const missing = SIDES.filter((s) => offers[s] === undefined);
        for (const side of missing) {
          out.push({ subject, step: 'submit_final_offer', label: `submit a final offer on '${issue.id}' (${issue.title})`, mustAct: side, dueDate: null, basis: `arbitration began on ${d.referredToArbitrationOn}`, source: cs.determination.source, confidence: cs.determination.confidence });
        }
        if (missing.length === 0) {
          out.push({ subject, step: 'determine', label: `record the arbitrator's determination on '${issue.id}' (${issue.title})`, mustAct: 'either', dueDate: null, basis: 'both final offers are in', source: cs.determination.source, confidence: cs.determination.confidence });
        }
      }
      break;
    case 'determined':
    case 'agreed':
    case 'withdrawn':
      break;
  }
  return out;
}
