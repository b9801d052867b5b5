/**
 * Stage gates for large schemes (issue 9 item 4; DESIGN.md C2): strategic outline case, outline and
 * full business case, regulatory approval. The scheme's lead opens it naming who must sign each gate,
 * submits each case, and closes the gate (passed, proceeded without a signature with reasons, or
 * halted); each signatory signs or refuses for its own organisation. Like a procurement, a scheme is
 * its event log, each step dated today in the UK, checked by the domain's machine, audited and sealed.
 */

import { conflict, invalid, invalidMany, notFound, type Issue } from '../../domain/errors.ts';
import {
  applySchemeEvent, replayScheme, schemeDeadlines, stageGateMachine, STAGE_GATE_LABELS, STAGE_GATES,
  type SchemeActor, type SchemeEvent, type SchemeRecord, type StageGate,
} from '../../domain/procurement/stage-gates.ts';
import { possibleSteps } from '../../domain/procurement/engine.ts';
import { findOrganisations } from '../../storage/repositories/organisations.ts';
import * as repo from '../../storage/repositories/procurements.ts';
import { schemeScope } from '../../storage/ledger/sealed.ts';
import type { Scope } from '../scope.ts';
import { schemeCapacities, schemeRole } from './capacities.ts';
import { ukToday } from './uk-date.ts';

export interface OpenSchemeInput {
  readonly id: string;
  readonly title: string;
  readonly gates: readonly { readonly gate: StageGate; readonly signatories: readonly string[]; readonly dueOn?: string }[];
}

export type SchemeStepInput =
  | { readonly type: 'gate_submitted'; readonly gate: StageGate }
  | { readonly type: 'gate_signed'; readonly gate: StageGate; readonly signedBy?: string }
  | { readonly type: 'gate_refused'; readonly gate: StageGate; readonly reason: string }
  | { readonly type: 'gate_rescheduled'; readonly gate: StageGate; readonly dueOn: string; readonly reason: string }
  | { readonly type: 'gate_closed'; readonly gate: StageGate; readonly outcome: 'passed' | 'proceeded_without_all_signatures' | 'halted'; readonly reason?: string };

function toSchemeEvents(stored: readonly repo.StoredEvent[]): SchemeEvent[] {
  return stored.map((e) => ({ type: e.type, on: e.on, by: e.by, ...e.payload }) as unknown as SchemeEvent);
}

async function load(db: Scope['db'], id: string) {
  const row = await repo.findScheme(db, id);
  if (!row) return undefined;
  const events = toSchemeEvents(await repo.schemeEvents(db, row.id));
  return { row, events, record: replayScheme(events) };
}

export interface SchemeView {
  readonly id: string;
  readonly title: string;
  readonly leadCode: string;
  readonly leadName: string;
  readonly state: string;
  readonly stateLabel: string;
  readonly gates: readonly (SchemeRecord['gates'][number] & {
    readonly label: string;
    readonly signatories: readonly { organisationCode: string; name: string; answer: 'signed' | 'refused' | 'awaiting'; on: string | null; by: string | null; reason: string | null }[];
  })[];
  readonly deadlines: ReturnType<typeof schemeDeadlines>;
  readonly history: readonly { sequence: number; type: string; label: string; on: string; by: { organisationCode: string; role: string; name?: string } }[];
  readonly nextSteps: readonly { event: string; label: string; role: string }[];
  readonly youMay: { readonly lead: boolean; readonly sign: boolean };
}

async function viewOf(ctx: Scope, row: repo.SchemeRow, record: SchemeRecord): Promise<SchemeView> {
  const codes = [record.leadCode, ...record.gates.flatMap((g) => g.requiredSignatories.map((s) => s.organisationCode))];
  const names = await findOrganisations(ctx.db, codes);
  const caps = schemeCapacities(record, ctx.actor.organisationCode);
  const [lead, sign] = await Promise.all([ctx.may('scheme.lead', caps), ctx.may('scheme.sign', caps)]);
  const label = (type: string) => stageGateMachine.transitions.find((t) => t.event === type)?.label ?? (type === 'scheme_opened' ? 'opened the scheme' : type);
  const steps = [
    ...(lead ? possibleSteps(stageGateMachine, record, 'scheme_lead').map((t) => ({ event: t.event, label: t.label, role: 'scheme_lead' })) : []),
    ...(sign ? possibleSteps(stageGateMachine, record, 'signatory').map((t) => ({ event: t.event, label: t.label, role: 'signatory' })) : []),
  ].filter((s, i, all) => all.findIndex((x) => x.event === s.event) === i);
  return {
    id: record.id,
    title: record.title,
    leadCode: record.leadCode,
    leadName: names.get(record.leadCode)?.name ?? record.leadCode,
    state: record.state,
    stateLabel: stageGateMachine.states.find((s) => s.name === record.state)?.label ?? record.state,
    gates: record.gates.map((g) => ({
      ...g,
      label: STAGE_GATE_LABELS[g.gate],
      signatories: g.requiredSignatories.map((s) => {
        const signed = g.signatures.find((x) => x.organisationCode === s.organisationCode);
        const refused = g.refusals.find((x) => x.organisationCode === s.organisationCode);
        return {
          organisationCode: s.organisationCode, name: names.get(s.organisationCode)?.name ?? s.name,
          answer: signed ? 'signed' as const : refused ? 'refused' as const : 'awaiting' as const,
          on: signed?.on ?? refused?.on ?? null, by: signed?.signedBy ?? null, reason: refused?.reason ?? null,
        };
      }),
    })),
    deadlines: schemeDeadlines(record),
    history: record.history.map((h) => ({ sequence: h.sequence, type: h.type, label: label(h.type), on: h.on, by: h.by })),
    nextSteps: steps,
    youMay: { lead, sign },
  };
}

/** A scheme the caller may see: its lead's and signatories', and everyone's for system and administrator users (404 otherwise). */
async function visible(ctx: Scope, id: string) {
  const l = await load(ctx.db, id);
  if (!l) throw notFound(`scheme ${id}`);
  const caps = schemeCapacities(l.record, ctx.actor.organisationCode);
  if (!ctx.readsAcrossEconomy) {
    if (caps.size === 0) throw notFound(`scheme ${id}`);
    await ctx.require('scheme.read', caps);
  }
  return { ...l, caps };
}

export async function getScheme(ctx: Scope, id: string): Promise<SchemeView> {
  const l = await visible(ctx, id);
  return viewOf(ctx, l.row, l.record);
}

export async function listSchemes(ctx: Scope): Promise<{ id: string; title: string; leadCode: string; leadName: string; state: string; stateLabel: string }[]> {
  const rows = await repo.listSchemes(ctx.db, ctx.readsAcrossEconomy ? null : ctx.actor.organisationCode);
  const names = await findOrganisations(ctx.db, rows.map((r) => r.leadOrganisationCode));
  return rows.map((r) => ({
    id: r.id, title: r.title, leadCode: r.leadOrganisationCode, leadName: names.get(r.leadOrganisationCode)?.name ?? r.leadOrganisationCode,
    state: r.state, stateLabel: stageGateMachine.states.find((s) => s.name === r.state)?.label ?? r.state,
  }));
}

async function appendScheme(w: Scope, schemeId: string, before: readonly SchemeEvent[], added: SchemeEvent, record: SchemeRecord): Promise<void> {
  const recordedAt = w.clock.now().toISOString();
  const sequence = before.length + 1;
  const { type, on, by, ...payload } = added as unknown as { type: string; on: string; by: SchemeActor } & Record<string, unknown>;
  await repo.insertSchemeEvents(w.db, schemeId, [{
    sequence, type, on, by: { organisationCode: by.organisationCode, role: by.role, ...(by.name ? { name: by.name } : {}) }, userId: w.actor.userId, recordedAt, payload,
  }]);
  await repo.addSchemeParties(w.db, schemeId, [
    { organisationCode: record.leadCode, capacity: 'scheme_lead' },
    ...record.gates.flatMap((g) => g.requiredSignatories.map((s) => ({ organisationCode: s.organisationCode, capacity: 'gate_signatory' }))),
  ]);
  await repo.updateSchemeCache(w.db, schemeId, { state: record.state, lastSequence: sequence, updatedAt: recordedAt });
  await w.record({
    action: `scheme.${type}`, entityType: 'scheme', entityId: schemeId,
    detail: { sequence, type, on, by: added.by, ...('gate' in payload ? { gate: payload.gate } : {}), state: record.state },
  }, [{ kind: 'scheme_event', id: `${schemeId}/${sequence}` }]);
}

async function recordOpening(ctx: Scope, opened: Extract<SchemeEvent, { type: 'scheme_opened' }>): Promise<string> {
  const record = replayScheme([opened]);
  await ctx.write([schemeScope(record.id)], async (w) => {
    if (await repo.findScheme(w.db, record.id)) throw conflict(`a scheme with this id already exists (${record.id})`);
    const now = w.clock.now().toISOString();
    await repo.insertScheme(w.db, { id: record.id, title: record.title, leadOrganisationCode: record.leadCode, state: record.state, lastSequence: 0, createdAt: now, updatedAt: now });
    await appendScheme(w, record.id, [], opened, record);
  });
  return record.id;
}

/** Opens a scheme's stage gates with the caller's organisation as its lead. */
export async function openScheme(ctx: Scope, input: OpenSchemeInput): Promise<SchemeView> {
  await ctx.require('scheme.open', new Set(['scheme_lead']));
  const codes = [...new Set(input.gates.flatMap((g) => g.signatories))];
  const orgs = await findOrganisations(ctx.db, codes);
  const issues: Issue[] = [];
  input.gates.forEach((g, i) => g.signatories.forEach((code, j) => {
    if (!orgs.has(code)) issues.push({ path: ['gates', i, 'signatories', j], message: `unknown organisation "${code}"` });
  }));
  if (issues.length) throw invalidMany(issues);
  const lead = ctx.actor.organisationCode;
  const id = await recordOpening(ctx, {
    type: 'scheme_opened', on: ukToday(ctx.clock), by: { organisationCode: lead, role: 'scheme_lead', name: ctx.actor.displayName },
    scheme: {
      id: input.id, title: input.title.trim(), leadCode: lead,
      gates: input.gates.map((g) => ({ gate: g.gate, requiredSignatories: g.signatories.map((code) => ({ organisationCode: code, name: orgs.get(code)!.name })), ...(g.dueOn ? { dueOn: g.dueOn } : {}) })),
    },
  });
  return getScheme(ctx, id);
}

/** One step on a scheme as the caller: the lead submits, reschedules and closes gates; a signatory signs or refuses. */
export async function takeSchemeStep(ctx: Scope, id: string, input: SchemeStepInput): Promise<SchemeView> {
  const l = await visible(ctx, id);
  const role = schemeRole(input.type);
  await ctx.require(role === 'signatory' ? 'scheme.sign' : 'scheme.lead', l.caps);
  if (!(STAGE_GATES as readonly string[]).includes(input.gate)) throw invalid('gate', `one of ${STAGE_GATES.join(', ')}`);
  const by: SchemeActor = { organisationCode: ctx.actor.organisationCode, role, name: ctx.actor.displayName };
  const on = ukToday(ctx.clock);
  await ctx.write([schemeScope(l.row.id)], async (w) => {
    const now = (await load(w.db, l.row.id))!;
    const event = (input.type === 'gate_signed'
      ? { ...input, on, by, signedBy: input.signedBy?.trim() || `${ctx.actor.displayName} (${ctx.actor.organisationCode})` }
      : input.type === 'gate_closed' ? { ...input, on, by, reason: input.reason ?? '' } : { ...input, on, by }) as SchemeEvent;
    const record = applySchemeEvent(now.record, event);
    await appendScheme(w, l.row.id, now.events, event, record);
  });
  return getScheme(ctx, l.row.id);
}

/** Records a scheme's history with its own dates (the demo's seed case; an administrator's back-fill). The system only. */
export async function recordSchemeHistory(ctx: Scope, events: readonly SchemeEvent[]): Promise<SchemeView> {
  if (!ctx.isSystem) throw invalid('events', 'history with its own dates is recorded by an administrator\'s back-fill only');
  const [opened, ...rest] = events;
  if (!opened || opened.type !== 'scheme_opened') throw invalid('events.0.type', 'the first event is "scheme_opened"');
  const id = await recordOpening(ctx, opened);
  for (const e of rest) {
    await ctx.write([schemeScope(id)], async (w) => {
      const now = (await load(w.db, id))!;
      await appendScheme(w, id, now.events, e, applySchemeEvent(now.record, e));
    });
  }
  return getScheme(ctx, id);
}
