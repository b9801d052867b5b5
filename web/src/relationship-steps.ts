// The form of each step on a notice (GC9) or dispute (GC14, contract setting): its fields, and the
// request body they make. The side taking the step is the signed-in organisation's; the date is today
// unless the step happened elsewhere (a meeting, an appointment, a determination).
import type { DisputeView, NoticeView } from './api.ts';
import { isError, ON_FIELD, penceOf, withOn, type FieldSpec, type StepSpec, type Values } from './relationship-components.tsx';

const text = (name: string, label: string, kind: 'text' | 'textarea' = 'textarea', path = name): FieldSpec => ({ name, label, kind, path });
const plain = (v: Values, name: string) => (v[name] ?? '').trim();
const none: StepSpec = { fields: [], build: () => ({}) };

/** Lines "YYYY-MM-DD what" (immediate actions) or "ID | YYYY-MM-DD | what" (milestones). */
function lines(v: Values, name: string, path: string, withId: boolean) {
  const rows = plain(v, name).split('\n').map((l) => l.trim()).filter(Boolean);
  const out: Record<string, string>[] = [];
  for (const [i, row] of rows.entries()) {
    const parts = withId ? row.split('|').map((p) => p.trim()) : [row.slice(0, 10), row.slice(10).trim()];
    const [id, dueDate, description] = withId ? parts : ['', parts[0], parts[1]];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate ?? '') || !description || (withId && !id)) {
      return { error: { path, message: `line ${i + 1}: write ${withId ? '"M1 | 2026-02-27 | what is to be done"' : '"2026-02-27 what is to be done"'}` } };
    }
    out.push(withId ? { id, dueDate, description } : { dueDate, description });
  }
  if (out.length === 0) return { error: { path, message: 'give at least one line' } };
  return out;
}

export function noticeStepSpec(view: NoticeView, step: string): StepSpec {
  const milestones = (view.notice.rap?.milestones ?? []).filter((m) => m.achievedOn === null).map((m) => [m.id, `${m.id}: ${m.description} (due ${m.dueDate})`] as const);
  switch (step) {
    case 'dispute':
      return { fields: [text('reasons', 'Why the notice is disputed')], build: (v) => ({ reasons: plain(v, 'reasons') }) };
    case 'withdraw':
    case 'require_rap':
    case 'fail_to_implement_rap':
    case 'close':
      return { fields: [text('reason', 'Reason')], build: (v) => ({ reason: plain(v, 'reason') }) };
    case 'hold_meeting':
      return {
        fields: [
          { name: 'outcome', label: 'Outcome of the meeting', kind: 'select', options: [['remedial_action_plan', 'A remedial action plan to be agreed'], ['immediate_action_plan', 'An immediate action plan'], ['joint_investigation', 'A joint investigation'], ['withdraw', 'The notice is withdrawn']] },
          ON_FIELD,
          { name: 'actions', label: 'Immediate actions, one a line: "YYYY-MM-DD what"', kind: 'textarea', path: 'actions', show: (v) => v.outcome === 'immediate_action_plan' },
          { name: 'reportDueDate', label: 'Joint investigation report due', kind: 'date', show: (v) => v.outcome === 'joint_investigation' },
          { name: 'note', label: 'Note', kind: 'text', optional: true },
        ],
        build: (v) => {
          const body: Record<string, unknown> = { outcome: v.outcome };
          if (v.outcome === 'immediate_action_plan') {
            const actions = lines(v, 'actions', 'actions', false);
            if (isError(actions)) return actions;
            body.actions = actions;
          }
          if (v.outcome === 'joint_investigation') body.reportDueDate = v.reportDueDate;
          if (plain(v, 'note')) body.note = plain(v, 'note');
          return withOn(v, body);
        },
      };
    case 'report_joint_investigation':
      return {
        fields: [{ name: 'outcome', label: 'What the report concludes', kind: 'select', options: [['remedial_action_plan', 'A remedial action plan'], ['withdraw', 'The notice is withdrawn']] }, ON_FIELD],
        build: (v) => withOn(v, { outcome: v.outcome }),
      };
    case 'agree_rap':
      return {
        fields: [{ name: 'milestones', label: 'Milestones, one a line: "ID | YYYY-MM-DD | what"', kind: 'textarea', path: 'milestones' }, ON_FIELD],
        build: (v) => {
          const ms = lines(v, 'milestones', 'milestones', true);
          return isError(ms) ? ms : withOn(v, { milestones: ms });
        },
      };
    case 'achieve_milestone':
    case 'miss_milestone':
      return {
        fields: [{ name: 'milestoneId', label: 'Milestone', kind: 'select', options: milestones }, ...(step === 'achieve_milestone' ? [ON_FIELD] : [])],
        build: (v) => withOn(v, { milestoneId: v.milestoneId }),
      };
    case 'withhold':
      return {
        fields: [
          { name: 'period', label: 'Month withheld from', kind: 'month' },
          { name: 'amount', label: 'Amount (£; default the cap)', kind: 'money', optional: true, path: 'amountPence' },
          { name: 'amv', label: 'Actual Monthly Value (£; default the month\'s payment under the payment terms)', kind: 'money', optional: true, path: 'actualMonthlyValuePence' },
        ],
        build: (v) => {
          const amount = penceOf(v, 'amount', 'amountPence', true);
          if (isError(amount)) return amount;
          const amv = penceOf(v, 'amv', 'actualMonthlyValuePence', true);
          if (isError(amv)) return amv;
          return { period: v.period, ...(amount !== undefined ? { amountPence: amount } : {}), ...(amv !== undefined ? { actualMonthlyValuePence: amv } : {}) };
        },
      };
    case 'exception_report':
      return { fields: [{ name: 'to', label: 'Sent to', kind: 'select', options: [['provider_board', "The provider's Board"], ['regulator', 'The regulator']] }], build: (v) => ({ to: v.to }) };
    case 'review':
      return { fields: [text('note', 'What the review found'), ON_FIELD], build: (v) => withOn(v, { note: plain(v, 'note') }) };
    default:
      return none;
  }
}

const appointedBy: readonly (readonly [string, string])[] = [['parties', 'Both parties'], ['regulator', 'A regulator'], ['commissioner', 'The commissioner'], ['provider', 'The provider']];

function appointSpec(roles: readonly (readonly [string, string])[]): StepSpec {
  return {
    fields: [
      { name: 'role', label: 'Role', kind: 'select', options: roles, path: 'appointee.role' },
      { name: 'name', label: 'Name of the person or body', kind: 'text', path: 'appointee.name' },
      { name: 'id', label: 'Short id (e.g. mediator)', kind: 'text', path: 'appointee.id' },
      { name: 'appointedBy', label: 'Appointed by', kind: 'select', options: appointedBy, path: 'appointee.appointedBy' },
      { name: 'description', label: 'Description', kind: 'text', optional: true, path: 'appointee.description' },
      ON_FIELD,
    ],
    build: (v) => withOn(v, {
      appointee: { id: plain(v, 'id'), name: plain(v, 'name'), role: v.role, appointedBy: v.appointedBy, ...(plain(v, 'description') ? { description: plain(v, 'description') } : {}) },
    }),
  };
}

function feeSpec(appointees: readonly { id: string; name: string; role: string }[]): StepSpec {
  return {
    fields: [
      { name: 'appointeeId', label: 'Whose fee', kind: 'select', options: appointees.map((a) => [a.id, `${a.name} (${a.role})`] as const), path: 'fee.appointeeId' },
      { name: 'amount', label: 'Fee (£, including expenses)', kind: 'money', path: 'fee.amountPence' },
      { name: 'description', label: 'What it covers', kind: 'text', path: 'fee.description' },
      { name: 'payer', label: 'Who pays', kind: 'select', options: [['provider', 'The provider'], ['commissioner', 'The commissioner'], ['shared', 'Shared'], ['regulator', 'A regulator, at no cost to the parties']], path: 'fee.payer' },
      { name: 'share', label: "Commissioner's share (%)", kind: 'text', show: (v) => v.payer === 'shared', path: 'fee.payer.commissionerShareMicros' },
    ],
    build: (v) => {
      const amount = penceOf(v, 'amount', 'fee.amountPence');
      if (isError(amount)) return amount;
      let payer: Record<string, unknown>;
      if (v.payer === 'shared') {
        const pct = Number(plain(v, 'share'));
        if (!Number.isFinite(pct) || pct < 0 || pct > 100) return { error: { path: 'fee.payer.commissionerShareMicros', message: 'give a percentage from 0 to 100' } };
        payer = { kind: 'shared', commissionerShareMicros: Math.round(pct * 10_000) };
      } else payer = v.payer === 'regulator' ? { kind: 'regulator' } : { kind: 'paid_by', side: v.payer };
      return { fee: { appointeeId: v.appointeeId, amountPence: amount, description: plain(v, 'description'), payer } };
    },
  };
}

function resultSpec(): StepSpec {
  return {
    fields: [
      text('summary', 'What was agreed or decided'),
      { name: 'amount', label: 'Sum settled (£)', kind: 'money', optional: true, path: 'amountPence' },
      { name: 'inFavourOf', label: 'In whose favour', kind: 'select', options: [['', '—'], ['provider', 'The provider'], ['commissioner', 'The commissioner']] },
      ON_FIELD,
    ],
    build: (v) => {
      const amount = penceOf(v, 'amount', 'amountPence', true);
      if (isError(amount)) return amount;
      return withOn(v, { summary: plain(v, 'summary'), ...(amount !== undefined ? { amountPence: amount } : {}), ...(v.inFavourOf ? { inFavourOf: v.inFavourOf } : {}) });
    },
  };
}

export function disputeStepSpec(view: DisputeView, step: string): StepSpec {
  const appointees = (view.gc14?.appointees ?? view.contractSetting?.appointees ?? []);
  if (view.kind === 'gc14') {
    switch (step) {
      case 'escalate_to_mediation':
        return { fields: [{ name: 'early', label: 'Both parties agree to go to mediation before the negotiation period ends', kind: 'checkbox' }], build: (v) => (v.early === 'true' ? { early: true } : {}) };
      case 'appoint':
        return appointSpec(view.gc14?.state === 'mediation' ? [['mediator', 'Mediator']] : [['expert', 'Expert']]);
      case 'record_fee':
        return feeSpec(appointees);
      case 'settle':
      case 'determine':
        return resultSpec();
      case 'withdraw':
        return { fields: [text('reason', 'Reason')], build: (v) => ({ reason: plain(v, 'reason') }) };
      default:
        return none;
    }
  }
  const cs = view.contractSetting!;
  const issues = cs.issues.map((i) => [i.id, i.title] as const);
  const measureOf = (id: string) => cs.issues.find((i) => i.id === id)?.measure ?? 'amount';
  const offerOf = (side: string, issueId: string) => cs.finalOffers.find((o) => o.issueId === issueId && o.side === side)?.offer;
  switch (step) {
    case 'add_issue':
      return {
        fields: [
          { name: 'id', label: 'Short id', kind: 'text', path: 'issue.id' }, { name: 'title', label: 'What is in dispute', kind: 'text', path: 'issue.title' },
          { name: 'measure', label: 'Measured as', kind: 'select', options: [['amount', 'A sum of money'], ['terms', 'Wording (terms)']], path: 'issue.measure' },
        ],
        build: (v) => ({ issue: { id: plain(v, 'id'), title: plain(v, 'title'), measure: v.measure } }),
      };
    case 'appoint':
      return appointSpec([['facilitator', 'Facilitator'], ['mediator', 'Mediator'], ['arbitrator', 'Arbitrator']]);
    case 'record_fee':
      return feeSpec(appointees);
    case 'submit_final_offer':
      return {
        fields: [
          { name: 'issueId', label: 'Issue', kind: 'select', options: issues },
          { name: 'amount', label: 'Your final offer (£)', kind: 'money', path: 'offer.amountPence', show: (v) => measureOf(v.issueId) === 'amount' },
          { name: 'terms', label: 'Your final offer (wording)', kind: 'textarea', path: 'offer.terms', show: (v) => measureOf(v.issueId) === 'terms' },
        ],
        build: (v) => {
          if (measureOf(v.issueId) === 'terms') return { issueId: v.issueId, offer: { terms: plain(v, 'terms') } };
          const amount = penceOf(v, 'amount', 'offer.amountPence');
          return isError(amount) ? amount : { issueId: v.issueId, offer: { amountPence: amount } };
        },
      };
    case 'determine':
      return {
        fields: [
          { name: 'issueId', label: 'Issue', kind: 'select', options: issues, path: `determinations` },
          { name: 'choice', label: "The arbitrator's determination", kind: 'select', options: [['commissioner', "The commissioner's final offer"], ['provider', "The provider's final offer"], ['other', 'Another figure or wording']] },
          { name: 'amount', label: 'Determined (£)', kind: 'money', path: 'offer.amountPence', show: (v) => v.choice === 'other' && measureOf(v.issueId) === 'amount' },
          { name: 'terms', label: 'Determined (wording)', kind: 'textarea', path: 'offer.terms', show: (v) => v.choice === 'other' && measureOf(v.issueId) === 'terms' },
          text('reasons', "The arbitrator's reasons"),
          ON_FIELD,
        ],
        build: (v) => {
          let offer: unknown;
          if (v.choice !== 'other') {
            offer = offerOf(v.choice, v.issueId);
            if (!offer) return { error: { path: 'determinations', message: `the ${v.choice} has made no final offer on this issue yet` } };
          } else if (measureOf(v.issueId) === 'terms') offer = { terms: plain(v, 'terms') };
          else {
            const amount = penceOf(v, 'amount', 'offer.amountPence');
            if (isError(amount)) return amount;
            offer = { amountPence: amount };
          }
          return withOn(v, { issueId: v.issueId, offer, reasons: plain(v, 'reasons') });
        },
      };
    case 'agree':
      return { fields: [text('summary', 'What was agreed'), ON_FIELD], build: (v) => withOn(v, { summary: plain(v, 'summary') }) };
    case 'withdraw':
      return { fields: [text('reason', 'Reason')], build: (v) => ({ reason: plain(v, 'reason') }) };
    default:
      return none;
  }
}
