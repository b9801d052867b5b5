import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  api, ApiError, KEY_CRITERIA, procurementApi, type KeyCriterion, type NoticeCheck, type NoticeContent, type NoticeDraft, type NoticeKind, type Procurement,
} from '../api.ts';
import { useUser } from '../auth.tsx';
import type { StoredRun } from '../scenario-types.ts';
import { Chart, PALETTE, type ChartOption } from '../chart.tsx';
import { Dl, Empty, ErrorBox, Loading, OrgLink } from '../components.tsx';
import { date, label, money, parsePounds } from '../format.ts';
import { asApiError, useAsync } from '../hooks.ts';

const pct = (micros: number) => `${(micros / 10_000).toFixed(2)}%`;
const weightPct = (micros: number) => `${micros / 10_000}%`;
const nameOf = (p: Procurement, code: string) => p.bidders.find((b) => b.organisationCode === code)?.name ?? (p.incumbent?.organisationCode === code ? p.incumbent.name : code);

// ---- read-only panels ----------------------------------------------------------------------------

function Summary({ p }: { p: Procurement }) {
  return (
    <section className="panel" aria-labelledby="summary-h" data-testid="procurement-summary">
      <h2 id="summary-h">What is being procured</h2>
      <Dl rows={[
        ['Authorities', <ul className="inline-list">{p.authorities.map((a) => <li key={a.organisationCode}><OrgLink code={a.organisationCode} name={a.name} />{a.lead ? ' (lead)' : ''}</li>)}</ul>, 'authorities'],
        ['Services', `${p.services.description} (CPV ${p.services.cpvCode})`],
        ['Approximate lifetime value', <strong>{money(p.approximateLifetimeValuePence)}</strong>, 'lifetime-value'],
        ['Contract period', `${date(p.contractPeriod.startDate)} to ${date(p.contractPeriod.endDate)}`],
        ['Existing provider', p.incumbent ? <><OrgLink code={p.incumbent.organisationCode} name={p.incumbent.name} />{p.incumbent.contractReference ? <> (<Link to={`/contracts/${encodeURIComponent(p.incumbent.contractReference)}`}>{p.incumbent.contractReference}</Link>)</> : null}</> : 'None'],
        ['Route', p.routeLabel, 'route'],
        ['OCDS ocid', <code>{p.ocid}</code>],
      ]} />
      {p.routeDecision ? (
        <details className="optional-changes" data-testid="route-answers">
          <summary>How the route was chosen (reg 6): {p.routeDecision.answers.filter((a) => a.answer !== null).length} questions answered</summary>
          <ol>
            {p.routeDecision.answers.map((a, i) => (
              <li key={i}>{a.question} <strong>{a.answer === null ? `not asked (${a.notAsked ?? 'settled earlier'})` : a.answer ? 'Yes' : 'No'}</strong> <span className="code">{a.regulation}</span></li>
            ))}
          </ol>
          <p>Permitted: {p.routeDecision.permitted.map(label).join(', ')}. Chosen: <strong>{label(p.routeDecision.route)}</strong>. {p.routeDecision.reason}</p>
        </details>
      ) : null}
      {p.legacyDecision ? (
        <div className="description" data-testid="legacy-decision">
          <strong>{p.legacyDecision.decision === 'roll_over' ? `Rolled over until ${date(p.legacyDecision.rollOverUntil)}` : 'Put out to tender'}</strong> (decided {date(p.legacyDecision.decidedOn)}). {p.legacyDecision.reasons}
          {p.legacyDecision.adviceConsidered ? <p className="muted">Advice considered: {p.legacyDecision.adviceConsidered}</p> : null}
        </div>
      ) : null}
    </section>
  );
}

function Dates({ p }: { p: Procurement }) {
  const s = p.standstill;
  return (
    <section className="panel" aria-labelledby="dates-h" data-testid="procurement-dates">
      <h2 id="dates-h">Standstill and deadlines</h2>
      {s ? (
        <Dl rows={[
          ['Notice of intention published', date(s.publishedOn), 'standstill-published'],
          ['Standstill begins', date(s.beginsOn), 'standstill-begins'],
          ['Representations until', <strong>midnight at the end of {date(s.representationsDeadline)}</strong>, 'representations-deadline'],
          ['Contract may be entered into from', p.reviewWait ? `${date(p.reviewWait.earliestAwardOn)} (five working days after the review of ${date(p.reviewWait.decidedOn)})` : date(s.earliestAwardOn), 'earliest-award'],
        ]} />
      ) : <p className="hint">No notice of intention yet: standstill starts the day after one is published (reg 12).</p>}
      {p.deadlines.length ? (
        <table className="table" data-testid="deadlines">
          <thead><tr><th scope="col">Deadline</th><th scope="col">Date</th><th scope="col">Met</th><th scope="col">Rule</th></tr></thead>
          <tbody>{p.deadlines.map((d) => <tr key={d.key}><td>{d.label}</td><td className="nowrap">{date(d.due)}</td><td>{d.met ? 'Yes' : 'Not yet'}</td><td className="muted">{d.cite}</td></tr>)}</tbody>
        </table>
      ) : null}
      <details className="optional-changes"><summary>Known doubts in these rules</summary><ul>{p.doubts.map((d) => <li key={d}>{d}</li>)}</ul></details>
    </section>
  );
}

function scoreChart(p: Procurement): ChartOption | null {
  const k = p.keyCriteria;
  const scored = p.bidders.filter((b) => b.scores && b.weightedScore !== null);
  if (!k || scored.length === 0) return null;
  return {
    grid: { left: 12, right: 24, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v.toFixed(2)}%` },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: scored.map((b) => b.organisationCode), inverse: true },
    series: k.weights.map((w, i) => ({
      name: w.label, type: 'bar', stack: 'score', color: PALETTE[i % PALETTE.length],
      data: scored.map((b) => ((w.weight * (b.scores![w.criterion] ?? 0)) / k.scaleMax) / 10_000),
    })),
  };
}

function Bidders({ p }: { p: Procurement }) {
  const option = useMemo(() => scoreChart(p), [p]);
  if (p.bidders.length === 0 && !p.keyCriteria) return null;
  return (
    <section className="panel" aria-labelledby="bidders-h" data-testid="bidders">
      <h2 id="bidders-h">Key criteria and bidders</h2>
      {p.keyCriteria ? (
        <p className="hint" data-testid="weights">
          Weights (reg 5): {p.keyCriteria.weights.map((w) => `${w.label} ${weightPct(w.weight)}`).join('; ')}. Scores out of {p.keyCriteria.scaleMax}.
        </p>
      ) : null}
      {p.view === 'public' && p.bidders.length === 0 ? <p className="hint">Scores are not published; the authorities and system users see them.</p> : null}
      {p.bidders.length ? (
        <div className="table-wrap">
          <table className="table" data-testid="bidders-table">
            <thead>
              <tr>
                <th scope="col">Bidder</th><th scope="col">Selection</th>
                {KEY_CRITERIA.map((c) => <th key={c.criterion} scope="col" className="num" title={c.label}>{c.label.split(/[ ,]/)[0]}</th>)}
                <th scope="col" className="num">Weighted</th><th scope="col" className="num">Rank</th>
              </tr>
            </thead>
            <tbody>
              {p.bidders.map((b) => (
                <tr key={b.organisationCode} data-testid={`bidder-row-${b.organisationCode}`}>
                  <td><OrgLink code={b.organisationCode} name={b.name} /></td>
                  <td>{b.eligible === null ? 'Not assessed' : b.eligible ? 'Eligible' : <span title={b.selectionReasons.join('; ')}>Not eligible: {b.selectionReasons.join('; ')}</span>}</td>
                  {KEY_CRITERIA.map((c) => <td key={c.criterion} className="num">{b.scores?.[c.criterion] ?? '—'}</td>)}
                  <td className="num" data-testid="bidder-score">{b.weightedScore === null ? '—' : pct(b.weightedScore)}</td>
                  <td className="num" data-testid="bidder-rank">{b.rank ?? '—'}{b.tiedWith.length ? ` (tied with ${b.tiedWith.join(', ')})` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {option ? <Chart option={option} height={60 + 40 * p.bidders.filter((b) => b.weightedScore !== null).length} testId="scores-chart" ariaLabel="Weighted score of each eligible bidder, by key criterion" /> : null}
      {p.decision ? (
        <div data-testid="decision">
          <h3>Decision: award to {nameOf(p, p.decision.providerCode)} ({date(p.decision.decidedOn)})</h3>
          <ul>{p.decision.reasons.map((r) => <li key={r.criterion}><strong>{KEY_CRITERIA.find((c) => c.criterion === r.criterion)?.label}:</strong> {r.reason}</li>)}</ul>
          {p.decision.tieBreak ? <p>Tie broken: {p.decision.tieBreak}</p> : null}
        </div>
      ) : null}
    </section>
  );
}

function Conflicts({ p }: { p: Procurement }) {
  if (p.view === 'public' || (p.conflicts.length === 0 && p.decisionMakers.length === 0)) return null;
  return (
    <section className="panel" aria-labelledby="conflicts-h" data-testid="conflicts">
      <h2 id="conflicts-h">Decision-makers and conflicts of interest</h2>
      <ul className="plain">{p.decisionMakers.map((d, i) => <li key={i}>{d.name}, {d.role} ({d.organisationCode})</li>)}</ul>
      {p.conflicts.length === 0 ? <Empty>No conflicts of interest declared.</Empty> : (
        <table className="table">
          <thead><tr><th scope="col">Declared</th><th scope="col">Who</th><th scope="col">Interest</th><th scope="col">How it was managed</th></tr></thead>
          <tbody>{p.conflicts.map((c) => <tr key={c.id}><td className="nowrap">{date(c.declaredOn)}</td><td>{c.personName}, {c.personRole}</td><td>{c.interest}</td><td>{c.managedHow ?? <strong className="field-error">Not yet recorded</strong>}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}

function Notices({ p }: { p: Procurement }) {
  if (p.notices.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="notices-h" data-testid="procurement-notices">
      <h2 id="notices-h">Notices published</h2>
      <ul className="plain">
        {p.notices.map((n) => (
          <li key={n.id} data-testid={`notice-${n.kind}`}>
            <strong>{n.label}</strong> {n.schedule ? `(${n.schedule})` : '(contents unverified [M])'}, published {date(n.publishedOn)} · <Link to={`/public/notices#${encodeURIComponent(n.id)}`}>{n.id}</Link>
          </li>
        ))}
      </ul>
      <p className="hint">Published as OCDS: <a href={`/api/public/ocds/records/${encodeURIComponent(p.ocid)}`}>the record</a> ({p.releases.length} releases).</p>
    </section>
  );
}

function Awards({ p }: { p: Procurement }) {
  if (p.awards.length === 0 && !p.abandonment) return null;
  return (
    <section className="panel" aria-labelledby="awards-h" data-testid="awards">
      <h2 id="awards-h">Award</h2>
      {p.awards.map((a) => (
        <p key={a.contractReference} data-testid="award">
          Awarded to <OrgLink code={a.providerCode} name={nameOf(p, a.providerCode)} /> on {date(a.awardedOn)}: {money(a.valuePence)}, {date(a.contractPeriod.startDate)} to {date(a.contractPeriod.endDate)}.{' '}
          {a.contract ? <>The award created the contract <Link to={`/contracts/${encodeURIComponent(a.contract.reference)}`} data-testid="award-contract-link">{a.contract.reference}</Link>.</> : 'The contract was already held.'}
        </p>
      ))}
      {p.awards.some((a) => a.modifications.length) ? (
        <>
          <h3>Modifications during the term (reg 13)</h3>
          <table className="table" data-testid="modifications">
            <thead><tr><th scope="col">Variation</th><th scope="col">Effective</th><th scope="col" className="num">Change</th><th scope="col" className="num">Cumulative</th><th scope="col">Reg 13(2)</th><th scope="col">Notice</th></tr></thead>
            <tbody>{p.awards.flatMap((a) => a.modifications.map((m) => (
              <tr key={`${a.contractReference}-${m.sequence}`}>
                <td>{a.contractReference} #{m.sequence}: {m.rationale}</td><td className="nowrap">{date(m.effectiveDate)}</td>
                <td className="num">{money(m.changePence)}</td><td className="num">{money(m.cumulativeChangePence)}{m.cumulativeShare !== null ? ` (${(m.cumulativeShare / 10_000).toFixed(1)}%)` : ''}</td>
                <td>{m.permitted ? 'Permitted' : 'Not permitted without a new procurement'}: {m.reasons.join('; ')}</td>
                <td>{m.transparencyNoticeRequired ? 'Transparency notice needed (£500,000 or more)' : 'None needed'}</td>
              </tr>
            )))}</tbody>
          </table>
          <p className="hint">Read as not materially different in character: that is the authority's judgement [C].</p>
        </>
      ) : null}
      {p.abandonment ? <p data-testid="abandonment">Abandoned on {date(p.abandonment.on)}: {p.abandonment.reasons}</p> : null}
    </section>
  );
}

function History({ p }: { p: Procurement }) {
  if (p.history.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="history-h" data-testid="history">
      <h2 id="history-h">Every step, as recorded</h2>
      <table className="table">
        <thead><tr><th scope="col" className="num">#</th><th scope="col">Date</th><th scope="col">Step</th><th scope="col">By</th></tr></thead>
        <tbody>{p.history.map((h) => <tr key={h.sequence}><td className="num">{h.sequence}</td><td className="nowrap">{date(h.on)}</td><td>{h.label}</td><td>{h.by.name ? `${h.by.name}, ` : ''}{h.by.organisationCode} ({label(h.by.role)})</td></tr>)}</tbody>
      </table>
    </section>
  );
}

// ---- the next step -----------------------------------------------------------------------------------

function Field({ id, label: text, children }: { id: string; label: string; children: ReactNode }) {
  return <div className="field"><label htmlFor={id}>{text}</label>{children}</div>;
}

const NOTICE_KIND_OF_STEP = (p: Procurement, event: string): NoticeKind | undefined => {
  if (event === 'contract_notice_published') return 'contract_notice';
  if (event === 'intention_notice_published') return p.route === 'direct_award_c' ? 'intention_da_c' : p.route === 'most_suitable_provider' ? 'intention_msp' : 'intention_competitive';
  if (event === 'award_notice_published') return p.route === 'direct_award_a' || p.route === 'direct_award_b' ? 'award_direct' : 'award_confirmation';
  return undefined;
};

/** A notice drafted from the record, editable, with its Schedule checklist naming what is missing. */
function NoticeEditor({ p, kind, onSubmit, busy }: { p: Procurement; kind: NoticeKind; onSubmit: (content: NoticeContent) => void; busy: boolean }) {
  const draft = useAsync<NoticeDraft>(() => procurementApi.noticeDraft(p.id, kind), [p.id, kind]);
  const [content, setContent] = useState<NoticeContent | null>(null);
  const [check, setCheck] = useState<NoticeCheck | null>(null);
  // Decision-makers as typed (one a line), so a new line is not lost while typing.
  const [dmText, setDmText] = useState('');
  useEffect(() => {
    if (draft.data) {
      setContent(draft.data.content);
      setCheck(draft.data);
      setDmText((draft.data.content.decisionMakers ?? []).join('\n'));
    }
  }, [draft.data]);
  useEffect(() => {
    if (!content) return;
    let live = true;
    const t = setTimeout(() => procurementApi.noticeCheck(p.id, kind, content).then((c) => live && setCheck(c), () => undefined), 200);
    return () => { live = false; clearTimeout(t); };
  }, [content, kind, p.id]);
  if (draft.error) return <ErrorBox error={draft.error} />;
  if (!content || !check) return <Loading what="the draft notice" />;
  const set = (patch: Partial<NoticeContent>) => setContent({ ...content, ...patch });
  const reasonOf = (c: KeyCriterion) => content.reasons?.find((r) => r.criterion === c)?.reason ?? '';
  const setReason = (c: KeyCriterion, reason: string) => set({ reasons: KEY_CRITERIA.map((k) => ({ criterion: k.criterion, reason: k.criterion === c ? reason : reasonOf(k.criterion) })).filter((r) => r.reason !== '') });
  return (
    <div data-testid="notice-editor">
      <h3>{check.label} {check.schedule ? `(${check.schedule})` : ''}</h3>
      <div className="two-col">
        <div>
          {kind.startsWith('intention_') ? (
            <Field id="n-statement" label="Statement of intention"><textarea id="n-statement" rows={2} value={content.statementOfIntention ?? ''} onChange={(e) => set({ statementOfIntention: e.target.value })} data-testid="n-statement" /></Field>
          ) : null}
          <Field id="n-title" label="Title"><input id="n-title" value={content.title ?? ''} onChange={(e) => set({ title: e.target.value })} /></Field>
          {content.provider ? (
            <Field id="n-provider" label={`Provider: ${content.provider.name} — registered office or principal place of business`}>
              <input id="n-provider" value={content.provider.address} onChange={(e) => set({ provider: { ...content.provider!, address: e.target.value } })} data-testid="n-provider-address" />
            </Field>
          ) : null}
          <Field id="n-services" label="Services (CPV code)">
            <input id="n-services" value={content.services?.cpvCode ?? ''} onChange={(e) => set({ services: { description: content.services?.description ?? '', cpvCode: e.target.value } })} data-testid="n-cpv" />
          </Field>
          <Field id="n-value" label="Approximate lifetime value (£)">
            <input id="n-value" defaultValue={content.approximateLifetimeValuePence !== undefined ? String(content.approximateLifetimeValuePence / 100) : ''}
              onChange={(e) => { const v = parsePounds(e.target.value); set({ approximateLifetimeValuePence: v ?? undefined }); }} data-testid="n-value" />
          </Field>
          {kind === 'contract_notice' ? (
            <Field id="n-offers" label="Last day for offers"><input id="n-offers" type="date" value={content.offersDueBy ?? ''} onChange={(e) => set({ offersDueBy: e.target.value || undefined })} data-testid="n-offers" /></Field>
          ) : null}
          {content.decisionMakers !== undefined ? (
            <Field id="n-dm" label="Decision-makers (one a line)">
              <textarea id="n-dm" rows={3} value={dmText} onChange={(e) => { setDmText(e.target.value); set({ decisionMakers: e.target.value.split('\n').filter((l) => l.trim()) }); }} data-testid="n-decision-makers" />
            </Field>
          ) : null}
          {content.framework ? (
            <label><input type="checkbox" checked={content.framework.used} onChange={(e) => set({ framework: { ...content.framework!, used: e.target.checked } })} /> A framework agreement is concluded</label>
          ) : null}
        </div>
        <div>
          {content.reasons !== undefined ? KEY_CRITERIA.map((c) => (
            <Field key={c.criterion} id={`n-reason-${c.criterion}`} label={`Reason: ${c.label}`}>
              <textarea id={`n-reason-${c.criterion}`} rows={2} value={reasonOf(c.criterion)} onChange={(e) => setReason(c.criterion, e.target.value)} />
            </Field>
          )) : null}
          {content.declaredConflicts?.length ? <p className="hint">Conflicts of interest and how each was managed are taken from the record ({content.declaredConflicts.length}).</p> : null}
        </div>
      </div>
      <h4>Checked against {check.schedule ?? 'its contents (unverified [M])'}</h4>
      <ul className="plain" data-testid="notice-checklist">
        {check.items.map((i) => (
          <li key={`${i.field}-${i.paragraph}`} data-testid={`notice-item-${i.field}-${i.paragraph.replace(/\W+/g, '-')}`} className={i.problem ? 'field-error' : undefined}>
            {i.problem ? '✗' : '✓'} {i.paragraph}: {i.item}{i.tag === 'M' ? ' [M]' : ''}{i.problem ? ` — ${i.problem}` : ''}
          </li>
        ))}
      </ul>
      <p data-testid="notice-publishable">{check.publishable ? 'Every item the Schedule requires is there.' : 'Missing items: it cannot be published until they are given.'}</p>
      <button type="button" className="button" disabled={busy} onClick={() => onSubmit(content)} data-testid="notice-publish">{busy ? 'Publishing…' : 'Publish the notice'}</button>
    </div>
  );
}

/** The form for one step; each gathers only what the step needs (the date is today, the actor you). */
/**
 * "Show the impact first" for an award: run the award on a stored economy (the contract it replaces,
 * the provider it goes to, the incumbents it leaves) before entering into the contract; the run is
 * kept with the award.
 */
function AwardImpact({ p, onRun }: { p: Procurement; onRun: (runId: string | null) => void }) {
  const economies = useAsync(() => api.economies(), []);
  const [economy, setEconomy] = useState('');
  const [contract, setContract] = useState(p.incumbent?.contractReference ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<StoredRun | null>(null);
  const usable = (economies.data ?? []).filter((e) => e.youMay.saveScenario);
  const chosen = economy || usable[0]?.id || '';
  const awardedTo = p.decision?.providerCode ?? '';
  const show = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.decisionImpact(chosen, {
        kind: 'procurement-award', contract, awardedTo, incumbents: p.incumbent ? [p.incumbent.organisationCode] : [], from: p.contractPeriod.startDate.slice(0, 7),
      }, { trials: 500 });
      setRun(r);
      onRun(r.run.id);
    } catch (e) {
      setRun(null);
      onRun(null);
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  if (!usable.length) return null;
  return (
    <section className="wide" data-testid="award-impact">
      <h3>Show the impact first (optional)</h3>
      <p className="hint">Runs the award on a stored economy: the contract it replaces moves from its provider to {awardedTo || 'the provider decided'}. The run is kept with the award.</p>
      <div className="form-grid">
        <Field id="ai-economy" label="Economy"><select id="ai-economy" value={chosen} onChange={(e) => setEconomy(e.target.value)}>{usable.map((e) => <option key={e.id} value={e.id}>{e.name}</option>)}</select></Field>
        <Field id="ai-contract" label="Contract it replaces (reference)"><input id="ai-contract" value={contract} onChange={(e) => setContract(e.target.value)} data-testid="award-impact-contract" /></Field>
      </div>
      {error ? <ErrorBox error={error} title="The impact was not shown" testId="award-impact-error" /> : null}
      <button type="button" className="button secondary" disabled={busy || !contract || !awardedTo} onClick={show} data-testid="award-impact-show">{busy ? 'Running…' : 'Show the impact first'}</button>
      {run ? <ul data-testid="award-impact-outcomes">{run.result.outcomes.map((o, i) => <li key={i}>{o}</li>)}</ul> : null}
    </section>
  );
}

function StepForm({ p, event, onDone }: { p: Procurement; event: string; onDone: (p: Procurement) => void }) {
  const user = useUser();
  const [impactRunId, setImpactRunId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [v, setV] = useState<Record<string, string>>({});
  const [flags, setFlags] = useState<Record<string, boolean>>({ met1: true, met2: true, met3: true, debarment: true });
  const val = (k: string, d = '') => v[k] ?? d;
  const input = (k: string, d = '') => ({ value: val(k, d), onChange: (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value }) });
  const send = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await procurementApi.step(p.id, { type: event, ...body }));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ranked = [...p.bidders].filter((b) => b.rank !== null).sort((a, b) => a.rank! - b.rank!);
    switch (event) {
      case 'decision_makers_named':
        return send({ decisionMakers: val('dm').split('\n').filter((l) => l.trim()).map((l) => { const [name, role] = l.split('|').map((x) => x.trim()); return { name, role: role || 'Decision-maker', organisationCode: user.organisationCode }; }) });
      case 'conflict_declared':
        return send({ conflict: { personName: val('person'), personRole: val('personRole'), interest: val('interest') } });
      case 'conflict_managed':
        return send({ conflictId: val('conflict', p.conflicts.find((c) => !c.managedHow)?.id ?? ''), managedHow: val('managedHow') });
      case 'criteria_weighted':
        return send({ weights: Object.fromEntries(KEY_CRITERIA.map((c) => [c.criterion, Math.round(Number(val(`w-${c.criterion}`, '20')) * 10_000)])), scale: { max: Number(val('scale', '10')) } });
      case 'offer_received':
        return send({ bidder: { ...(p.yourRole === 'provider' ? {} : { organisationCode: val('bidder').toUpperCase() }), address: val('address') } });
      case 'offers_closed':
        return send({});
      case 'bidder_assessed':
        return send({ assessment: {
          bidderCode: val('bidder', p.bidders[0]?.organisationCode ?? ''),
          basicSelection: [
            { criterion: 'suitability to pursue the activity (registration, e.g. CQC)', met: flags.met1 },
            { criterion: 'economic and financial standing', met: flags.met2 },
            { criterion: 'technical and professional ability', met: flags.met3 },
          ],
          exclusions: [{ ground: 'mandatory exclusion grounds (reg 20)', kind: 'mandatory', applies: flags.excluded === true }],
          debarmentListChecked: flags.debarment,
        } });
      case 'bidder_scored':
        return send({ scores: { bidderCode: val('bidder', p.bidders[0]?.organisationCode ?? ''), scores: Object.fromEntries(KEY_CRITERIA.map((c) => [c.criterion, Number(val(`s-${c.criterion}`, '0'))])) } });
      case 'provider_decided':
        return send({
          providerCode: val('provider', ranked[0]?.organisationCode ?? p.incumbent?.organisationCode ?? ''),
          reasons: KEY_CRITERIA.map((c) => ({ criterion: c.criterion, reason: val(`r-${c.criterion}`) })).filter((r) => r.reason.trim()),
          ...(val('tieBreak') ? { tieBreak: val('tieBreak') } : {}),
        });
      case 'representation_received':
        return send({ representation: { ...(p.yourRole === 'provider' ? {} : { providerCode: val('provider').toUpperCase() }), grounds: val('grounds') } });
      case 'review_decided':
        return send({ outcome: val('outcome', 'confirm'), reasons: val('reasons') });
      case 'contract_awarded': {
        const value = parsePounds(val('value', String(p.approximateLifetimeValuePence / 100)));
        return send({
          award: {
            providerCode: p.decision?.providerCode ?? val('provider'), valuePence: value ?? -1, contractReference: val('contractRef', p.reference),
            contractPeriod: { startDate: val('start', p.contractPeriod.startDate), endDate: val('end', p.contractPeriod.endDate) },
          },
          ...(impactRunId ? { impactRunId } : {}),
        });
      }
      case 'abandoned':
        return send({ reasons: val('reasons') });
      case 'legacy_decided':
        return send({ decision: val('decision', 'roll_over'), reasons: val('reasons'), ...(val('until') ? { rollOverUntil: val('until') } : {}) });
      default:
        return undefined;
    }
  };
  const kind = NOTICE_KIND_OF_STEP(p, event);
  const bidderSelect = (k: string) => (
    <Field id={`s-${k}`} label="Bidder"><select id={`s-${k}`} {...input(k, p.bidders[0]?.organisationCode ?? '')} data-testid="step-bidder">{p.bidders.map((b) => <option key={b.organisationCode} value={b.organisationCode}>{b.name}</option>)}</select></Field>
  );
  return (
    <div data-testid="step-form">
      {error ? <ErrorBox error={error} title="The step was not taken" testId="step-error" /> : null}
      {kind ? <NoticeEditor p={p} kind={kind} busy={busy} onSubmit={(content) => send({ notice: { content } })} /> : (
        <form onSubmit={submit} noValidate>
          {event === 'decision_makers_named' ? <Field id="s-dm" label="Decision-makers, one a line: name | role (your organisation)"><textarea id="s-dm" rows={3} {...input('dm')} data-testid="s-decision-makers" /></Field> : null}
          {event === 'conflict_declared' ? <>
            <Field id="s-person" label="Person"><input id="s-person" {...input('person')} /></Field>
            <Field id="s-person-role" label="Their role"><input id="s-person-role" {...input('personRole')} /></Field>
            <Field id="s-interest" label="The interest, actual or potential"><textarea id="s-interest" rows={2} {...input('interest')} /></Field>
          </> : null}
          {event === 'conflict_managed' ? <>
            <Field id="s-conflict" label="Conflict"><select id="s-conflict" {...input('conflict', p.conflicts.find((c) => !c.managedHow)?.id ?? '')}>{p.conflicts.filter((c) => !c.managedHow).map((c) => <option key={c.id} value={c.id}>{c.personName}: {c.interest}</option>)}</select></Field>
            <Field id="s-managed" label="How it was managed"><textarea id="s-managed" rows={2} {...input('managedHow')} /></Field>
          </> : null}
          {event === 'criteria_weighted' ? <div className="form-grid">
            {KEY_CRITERIA.map((c) => <Field key={c.criterion} id={`s-w-${c.criterion}`} label={`${c.label} (%)`}><input id={`s-w-${c.criterion}`} inputMode="decimal" {...input(`w-${c.criterion}`, '20')} /></Field>)}
            <Field id="s-scale" label="Scores out of"><input id="s-scale" inputMode="numeric" {...input('scale', '10')} /></Field>
          </div> : null}
          {event === 'offer_received' ? <>
            {p.yourRole !== 'provider' ? <Field id="s-bidder" label="Provider (ODS code)"><input id="s-bidder" {...input('bidder')} /></Field> : <p>Your organisation's offer ({user.organisationCode}).</p>}
            <Field id="s-address" label="Registered office or principal place of business"><input id="s-address" {...input('address')} data-testid="s-address" /></Field>
          </> : null}
          {event === 'bidder_assessed' ? <>
            {bidderSelect('bidder')}
            {(['met1', 'met2', 'met3'] as const).map((k, i) => (
              <label key={k} style={{ display: 'block' }}><input type="checkbox" checked={flags[k]} onChange={(e) => setFlags({ ...flags, [k]: e.target.checked })} /> Meets: {['suitability to pursue the activity (e.g. CQC registration)', 'economic and financial standing', 'technical and professional ability'][i]}</label>
            ))}
            <label style={{ display: 'block' }}><input type="checkbox" checked={flags.excluded === true} onChange={(e) => setFlags({ ...flags, excluded: e.target.checked })} /> A mandatory exclusion ground applies (reg 20)</label>
            <label style={{ display: 'block' }}><input type="checkbox" checked={flags.debarment} onChange={(e) => setFlags({ ...flags, debarment: e.target.checked })} /> The debarment list was checked</label>
          </> : null}
          {event === 'bidder_scored' ? <>
            {bidderSelect('bidder')}
            <div className="form-grid">{KEY_CRITERIA.map((c) => <Field key={c.criterion} id={`s-s-${c.criterion}`} label={`${c.label} (0-${p.keyCriteria?.scaleMax ?? '?'})`}><input id={`s-s-${c.criterion}`} inputMode="numeric" {...input(`s-${c.criterion}`, '0')} /></Field>)}</div>
          </> : null}
          {event === 'provider_decided' ? <>
            {p.bidders.length ? <Field id="s-provider" label="Award to"><select id="s-provider" {...input('provider', [...p.bidders].filter((b) => b.rank !== null).sort((a, b) => a.rank! - b.rank!)[0]?.organisationCode ?? '')}>{p.bidders.map((b) => <option key={b.organisationCode} value={b.organisationCode}>{b.name}{b.rank ? ` (rank ${b.rank})` : ''}</option>)}</select></Field>
              : <p>Award to the existing provider, {p.incumbent?.name}.</p>}
            {KEY_CRITERIA.map((c) => <Field key={c.criterion} id={`s-r-${c.criterion}`} label={`Reason against: ${c.label}`}><textarea id={`s-r-${c.criterion}`} rows={2} {...input(`r-${c.criterion}`)} data-testid={`s-reason-${c.criterion}`} /></Field>)}
          </> : null}
          {event === 'representation_received' ? <>
            {p.yourRole !== 'provider' ? <Field id="s-rep-provider" label="Provider (ODS code)"><input id="s-rep-provider" {...input('provider')} /></Field> : null}
            <Field id="s-grounds" label="Grounds: why the decision fails to comply with the Regulations"><textarea id="s-grounds" rows={3} {...input('grounds')} data-testid="s-grounds" /></Field>
          </> : null}
          {event === 'review_decided' ? <>
            <Field id="s-outcome" label="Outcome (reg 12(4))"><select id="s-outcome" {...input('outcome', 'confirm')}><option value="confirm">Award as intended (then wait five working days)</option><option value="return_to_step">Go back to an earlier step</option><option value="abandon">Abandon</option></select></Field>
            <Field id="s-reasons" label="Reasons"><textarea id="s-reasons" rows={3} {...input('reasons')} /></Field>
          </> : null}
          {event === 'contract_awarded' ? <div className="form-grid">
            <Field id="s-value" label="Contract value (£)"><input id="s-value" {...input('value', String(p.approximateLifetimeValuePence / 100))} /></Field>
            <Field id="s-contract-ref" label="Contract reference"><input id="s-contract-ref" {...input('contractRef', p.reference)} /></Field>
            <Field id="s-start" label="Start"><input id="s-start" type="date" {...input('start', p.contractPeriod.startDate)} /></Field>
            <Field id="s-end" label="End"><input id="s-end" type="date" {...input('end', p.contractPeriod.endDate)} /></Field>
            <p className="wide hint">Entering into the contract creates it, let by your organisation; the other parties accept it on its page.</p>
            <AwardImpact p={p} onRun={setImpactRunId} />
          </div> : null}
          {event === 'abandoned' ? <Field id="s-abandon" label="Why the procurement is abandoned"><textarea id="s-abandon" rows={3} {...input('reasons')} /></Field> : null}
          {event === 'legacy_decided' ? <>
            <Field id="s-decision" label="Decision"><select id="s-decision" {...input('decision', 'roll_over')}><option value="roll_over">Roll the contract over</option><option value="tender">Put it out to tender</option></select></Field>
            <Field id="s-until" label="Rolled over until"><input id="s-until" type="date" {...input('until')} /></Field>
            <Field id="s-legacy-reasons" label="Reasons"><textarea id="s-legacy-reasons" rows={3} {...input('reasons')} /></Field>
          </> : null}
          <button type="submit" className="button" disabled={busy} data-testid="step-submit">{busy ? 'Recording…' : 'Record this step'}</button>
        </form>
      )}
    </div>
  );
}

/** What each button does, in the imperative (the machine's labels say what was done). */
const STEP_LABELS: Record<string, string> = {
  decision_makers_named: 'Name the decision-makers',
  conflict_declared: 'Record a declared conflict of interest',
  conflict_managed: 'Record how a conflict was managed',
  criteria_weighted: 'Weight the key criteria',
  contract_notice_published: 'Publish the contract notice',
  offer_received: 'Record an offer',
  offers_closed: 'Close the offers',
  bidder_assessed: 'Assess a bidder (selection, exclusions)',
  bidder_scored: 'Score a bidder',
  provider_decided: 'Decide the provider',
  intention_notice_published: 'Publish the notice of intention',
  representation_received: 'Make written representations',
  review_decided: 'Decide the review',
  contract_awarded: 'Enter into the contract',
  award_notice_published: 'Publish the award notice',
  abandoned: 'Abandon the procurement',
  legacy_decided: 'Decide: roll over or tender',
};

function Representations({ p }: { p: Procurement }) {
  if (p.representations.length === 0 && p.reviews.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="reps-h" data-testid="representations">
      <h2 id="reps-h">Representations and review (reg 12)</h2>
      <ul className="plain">
        {p.representations.map((r) => <li key={r.id}>{date(r.receivedOn)}: {r.providerCode} made written representations{r.inTime ? ' in time' : ''}: {r.grounds}</li>)}
        {p.reviews.map((r, i) => <li key={i}>{date(r.decidedOn)}: the authority reviewed its decision: <strong>{label(r.outcome)}</strong>. {r.reasons}</li>)}
      </ul>
    </section>
  );
}

function NextStep({ p, onDone }: { p: Procurement; onDone: (p: Procurement) => void }) {
  const [event, setEvent] = useState<string | null>(null);
  useEffect(() => setEvent(null), [p.state, p.history.length]);
  if (p.nextSteps.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="next-h" data-testid="next-steps">
      <h2 id="next-h">Next step</h2>
      <p className="hint">You act as {label(p.yourRole)}. The route's state machine allows these steps now; each is dated today.</p>
      <div className="inline-list">
        {p.nextSteps.map((s) => (
          <button key={s.event} type="button" className={`button ${event === s.event ? '' : 'secondary'}`} onClick={() => setEvent(s.event)} data-testid={`step-${s.event}`} title={s.cite}>
            {STEP_LABELS[s.event] ?? s.label}
          </button>
        ))}
      </div>
      {event ? <StepForm key={event} p={p} event={event} onDone={onDone} /> : null}
    </section>
  );
}

/** One procurement, run step by step: what it is, the route chosen, bidders and scores, notices, standstill, award. */
export function ProcurementPage() {
  const { id = '' } = useParams();
  const loaded = useAsync(() => procurementApi.get(id), [id]);
  const p = loaded.data;
  if (loaded.error) return loaded.error.status === 404
    ? <div className="not-found" data-testid="procurement-not-found"><h1>Procurement not found</h1><p>There is no procurement {id} that you can see. <Link to="/procurements">All procurements</Link></p></div>
    : <ErrorBox error={loaded.error} />;
  if (!p) return <Loading what="the procurement" />;
  return (
    <div data-testid="page-procurement">
      <p className="breadcrumb"><Link to="/procurements">Procurement</Link></p>
      <div className="page-head">
        <div>
          <h1>{p.title} <span className="ref">{p.reference}</span></h1>
          <p className="lede"><span data-testid="procurement-state">{p.stateLabel}</span> · {p.routeLabel}{p.view === 'public' ? ' · what is published' : ''}</p>
        </div>
        {p.youMay.decisionRecord ? <a className="button secondary" href={procurementApi.decisionRecordUrl(p.id)} download data-testid="decision-record-link">Decision record (reg 24)</a> : null}
      </div>
      {p.description ? <p className="description">{p.description}</p> : null}
      <NextStep p={p} onDone={(next) => loaded.setData(next)} />
      <Dates p={p} />
      <Awards p={p} />
      <Bidders p={p} />
      <Summary p={p} />
      <Conflicts p={p} />
      <Representations p={p} />
      <Notices p={p} />
      <History p={p} />
    </div>
  );
}
