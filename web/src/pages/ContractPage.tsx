import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, RECORDED_STATUSES, type ContractDetail, type ContractStatus, type LedgerCheck, type NewVariation, type User, type Variation } from '../api.ts';
import { useUser } from '../auth.tsx';
import { Chart, NHS_BLUE, type ChartOption } from '../chart.tsx';
import { Dl, Empty, ErrorBox, FieldError, invalidProps, Loading, OrgLink, StatusTag, type FieldLabels } from '../components.tsx';
import { countOf, date, dateTime, label, money, moneyAxis, moneyChange, parsePounds, today } from '../format.ts';
import { asApiError, useAsync } from '../hooks.ts';
import { ContractsTable } from './ContractsPage.tsx';
import type { StoredRun } from '../scenario-types.ts';

function who(createdBy: string, name: string, user: User): string {
  return createdBy === user.userId ? `${name} (you)` : name;
}

function describeChanges(changes: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null) continue;
    if (k === 'status') parts.push(`status → ${label(String(v))}`);
    else if (k === 'endDate') parts.push(`end date → ${date(String(v))}`);
    else if (k === 'title') parts.push(`title → “${String(v)}”`);
    else if (Array.isArray(v)) parts.push(`${k}: ${v.join(', ')}`);
    else parts.push(`${k}: ${String(v)}`);
  }
  return parts.join('; ');
}

/** The value in force on each date: signed value plus every change effective on or before it. */
function valueSteps(detail: ContractDetail, asAt: string): ChartOption {
  const c = detail.contract;
  const byDate = [...detail.variations].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.sequence - b.sequence);
  const points: [string, number][] = [[c.startDate, c.signedValuePence]];
  let value = c.signedValuePence;
  for (const v of byDate) {
    value += v.valueChangePence;
    const last = points[points.length - 1];
    if (last && last[0] === v.effectiveDate) last[1] = value;
    else points.push([v.effectiveDate, value]);
  }
  const ends = [detail.current.endDate, c.endDate, byDate[byDate.length - 1]?.effectiveDate ?? c.startDate].sort();
  const end = ends[ends.length - 1] ?? c.endDate;
  if (end > (points[points.length - 1]?.[0] ?? '')) points.push([end, value]);
  return {
    grid: { left: 12, right: 32, top: 32, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: number) => money(v),
    },
    xAxis: { type: 'time' },
    yAxis: {
      type: 'value',
      scale: true,
      splitNumber: 4,
      axisLabel: { formatter: (v: number) => moneyAxis(v) },
    },
    series: [
      {
        name: 'Contract value',
        type: 'line',
        step: 'end',
        data: points,
        symbolSize: 7,
        lineStyle: { width: 3, color: NHS_BLUE },
        itemStyle: { color: NHS_BLUE },
        areaStyle: { color: 'rgba(0, 94, 184, 0.08)' },
        markLine: asAt
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: '#d5281b', type: 'dashed' },
              label: { formatter: `as at ${date(asAt)}`, position: 'end', color: '#d5281b', rotate: 0 },
              data: [{ xAxis: asAt }],
            }
          : undefined,
      },
    ],
  };
}

function AsAtTerms({ detail, asAt, setAsAt }: { detail: ContractDetail; asAt: string; setAsAt: (v: string) => void }) {
  const version = useAsync(() => api.contractAsAt(detail.contract.id, asAt), [detail.contract.id, asAt, detail.variations.length]);
  const v = version.data;
  return (
    <section className="panel" aria-labelledby="as-at-h" data-testid="terms-as-at">
      <div className="panel-head">
        <h2 id="as-at-h">Terms as at</h2>
        <div className="field inline">
          <label htmlFor="contract-as-at" className="visually-hidden">As at date</label>
          <input id="contract-as-at" type="date" value={asAt} onChange={(e) => e.target.value && setAsAt(e.target.value)} data-testid="contract-as-at" />
        </div>
      </div>
      {version.error ? <ErrorBox error={version.error} /> : null}
      {version.loading && !v ? <Loading what="the terms on that date" /> : null}
      {v ? (
        <div className={version.loading ? 'stale' : undefined} data-testid={version.loading ? 'as-at-loading' : 'as-at-ready'}>
          <Dl
            rows={[
              ['Date', date(v.asAt), 'as-at-date'],
              ['Title', v.title],
              ['Status', <StatusTag status={v.status} />, 'as-at-status'],
              ['End date', date(v.endDate)],
              ['Value', <strong>{money(v.valuePence)}</strong>, 'as-at-value'],
              ['Change since signing', moneyChange(v.valuePence - v.signedValuePence), 'as-at-change'],
              ['Variations applied', v.appliedVariations.length ? v.appliedVariations.map((n) => `#${n}`).join(', ') : 'None (as signed)', 'as-at-applied'],
              ['Services', v.serviceCodes.join(', ') || '—'],
            ]}
          />
        </div>
      ) : null}
    </section>
  );
}

function VariationHistory({ detail, asAt, user }: { detail: ContractDetail; asAt: string; user: User }) {
  const option = useMemo(() => valueSteps(detail, asAt), [detail, asAt]);
  const vs: Variation[] = [...detail.variations].sort((a, b) => a.sequence - b.sequence);
  return (
    <section className="panel" aria-labelledby="variations-h" data-testid="variation-history">
      <h2 id="variations-h">Variation history</h2>
      <p className="hint">
        Signed at <strong>{money(detail.contract.signedValuePence)}</strong>. Every variation is kept with its rationale; the signed value is never lost.
      </p>
      <Chart option={option} height={240} testId="value-chart" ariaLabel="Contract value over time (step chart)" />
      {vs.length === 0 ? (
        <Empty testId="variations-empty">No variations: the contract stands as signed.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="variations-table">
            <thead>
              <tr>
                <th scope="col" className="num">#</th>
                <th scope="col">Effective</th>
                <th scope="col">Rationale</th>
                <th scope="col" className="num">Value change</th>
                <th scope="col" className="num">Value after</th>
                <th scope="col">Who</th>
                <th scope="col">When recorded</th>
              </tr>
            </thead>
            <tbody>
              {vs.map((v) => {
                const changes = describeChanges(v.changes);
                return (
                  <tr key={v.id} data-testid={`variation-${v.sequence}`}>
                    <td className="num">{v.sequence}</td>
                    <td className="nowrap">{date(v.effectiveDate)}</td>
                    <td>
                      {v.rationale}
                      {changes ? <div className="changes">{changes}</div> : null}
                    </td>
                    <td className={`num ${v.valueChangePence < 0 ? 'negative' : ''}`} data-testid="variation-change">{moneyChange(v.valueChangePence)}</td>
                    <td className="num" data-testid="variation-after">{money(v.valueAfterPence)}</td>
                    <td>{who(v.createdBy, v.createdByName, user)}</td>
                    <td className="nowrap">{dateTime(v.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const VARIATION_FIELDS: FieldLabels = {
  effectiveDate: { label: 'Effective date', inputId: 'effectiveDate' },
  valueChangePence: { label: 'Value change', inputId: 'valueChange' },
  rationale: { label: 'Rationale', inputId: 'rationale' },
  'changes.status': { label: 'New status', inputId: 'changeStatus' },
  'changes.endDate': { label: 'New end date', inputId: 'changeEndDate' },
  'changes.title': { label: 'New title', inputId: 'changeTitle' },
};

/**
 * Records a variation (the co-ordinating commissioner) or proposes one for it to decide (a provider
 * or associate commissioner): the same fields either way.
 */
/** What a drafted variation does, run on a stored economy before it is recorded (kept as a run). */
function VariationImpact({ run, stale }: { run: StoredRun; stale: boolean }) {
  const r = run.result;
  const hit = r.projection.providers.filter((p) => p.cumulative.impact !== 0).sort((a, b) => a.cumulative.impact - b.cumulative.impact).slice(0, 6);
  return (
    <div className="impact-first" data-testid="variation-impact-result">
      <h3>Impact, shown first</h3>
      <p className="hint">
        On {r.economy.name} as at {date(r.economy.asAt)} (version {r.economy.seq}), {r.projection.periods[0]} to {r.projection.periods.at(-1)}; kept as run{' '}
        <code data-testid="variation-impact-run">{run.run.id}</code>
        {stale ? '. The draft has changed since: show the impact again to keep it with the variation.' : ', and kept with the variation when you record it.'}
      </p>
      <ul>
        {r.outcomes.map((o) => <li key={o}>{o}</li>)}
      </ul>
      {hit.length ? (
        <table className="table">
          <thead><tr><th scope="col">Provider</th><th scope="col" className="num">Income change</th><th scope="col" className="num">Impact on surplus</th></tr></thead>
          <tbody>
            {hit.map((p) => (
              <tr key={p.code} data-testid={`variation-impact-${p.code}`} data-pence={p.cumulative.impact}>
                <td>{p.code} {p.name}</td>
                <td className="num">{moneyChange(p.impactBreakdown.income)}</td>
                <td className="num">{moneyChange(p.cumulative.impact)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function VariationForm({ detail, onAppended, mode }: { detail: ContractDetail; onAppended: (d: ContractDetail) => void; mode: 'record' | 'propose' }) {
  const [effectiveDate, setEffectiveDate] = useState('');
  const [rationale, setRationale] = useState('');
  const [value, setValue] = useState('');
  const [status, setStatus] = useState<ContractStatus | ''>('');
  const [endDate, setEndDate] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showChanges, setShowChanges] = useState(false);
  // "Show the impact first": the run kept for the draft as it stood when it was shown.
  const [impact, setImpact] = useState<{ draft: string; run: StoredRun } | null>(null);
  const [impactBusy, setImpactBusy] = useState(false);

  /** The variation as drafted, or null (with the error shown) when the value cannot be read. */
  function drafted(): NewVariation | null {
    const pence = value.trim() === '' ? 0 : parsePounds(value);
    if (pence === null) {
      setError(new ApiError(400, 'invalid', 'Check the value change', [{ path: 'valueChangePence', message: 'enter an amount in pounds, for example 360000, -1,250.50 or 1.2m' }]));
      return null;
    }
    const changes: NonNullable<NewVariation['changes']> = {};
    if (status) changes.status = status;
    if (endDate) changes.endDate = endDate;
    if (title.trim()) changes.title = title.trim();
    const body: NewVariation = { effectiveDate, rationale, valueChangePence: pence };
    if (Object.keys(changes).length) body.changes = changes;
    return body;
  }

  async function showImpact() {
    setDone(null);
    const body = drafted();
    if (!body) return;
    setImpactBusy(true);
    setError(null);
    try {
      const run = await api.variationImpact(detail.contract.id, { ...body, rationale: body.rationale.trim() || 'Impact shown before deciding' }, { trials: 500 });
      setImpact({ draft: JSON.stringify(body), run });
    } catch (err) {
      setImpact(null);
      setError(asApiError(err));
    } finally {
      setImpactBusy(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const drafted0 = drafted();
    if (!drafted0) return;
    const pence = drafted0.valueChangePence;
    // The impact shown first is kept with the decision, if the draft is still what it was shown for.
    const body: NewVariation = impact && impact.draft === JSON.stringify(drafted0) ? { ...drafted0, impactRunId: impact.run.run.id } : drafted0;
    setBusy(true);
    setError(null);
    try {
      if (mode === 'propose') {
        const updated = await api.proposeVariation(detail.contract.id, body);
        setDone(`Variation proposed: ${moneyChange(pence)} from ${date(effectiveDate)}. The co-ordinating commissioner agrees or rejects it.${body.impactRunId ? ' The impact shown first is kept with it.' : ''}`);
        setImpact(null);
        onAppended(updated);
        setEffectiveDate('');
        setRationale('');
        setValue('');
        setStatus('');
        setEndDate('');
        setTitle('');
        return;
      }
      const updated = await api.appendVariation(detail.contract.id, body);
      const added = updated.variations.reduce((a, b) => (b.sequence > a.sequence ? b : a), updated.variations[0]!);
      setDone(`Variation ${added.sequence} recorded: ${moneyChange(added.valueChangePence)} from ${date(added.effectiveDate)}; the value is now ${money(added.valueAfterPence)}.${body.impactRunId ? ' The impact shown first is kept with it.' : ''}`);
      setImpact(null);
      setEffectiveDate('');
      setRationale('');
      setValue('');
      setStatus('');
      setEndDate('');
      setTitle('');
      onAppended(updated);
    } catch (err) {
      const apiError = asApiError(err);
      setError(apiError);
      if (apiError.issues.some((i) => i.path.startsWith('changes'))) setShowChanges(true);
    } finally {
      setBusy(false);
    }
  }

  const invalid = (field: string) => invalidProps(error, field);

  return (
    <section className="panel" aria-labelledby="append-h" data-testid={mode === 'propose' ? 'proposal-form-panel' : 'variation-form-panel'}>
      <h2 id="append-h">{mode === 'propose' ? 'Propose a variation' : 'Append a variation'}</h2>
      <p className="hint">
        {mode === 'propose'
          ? <>The co-ordinating commissioner agrees (it is then recorded as the next variation) or rejects your proposal. </>
          : null}
        Variations are append-only: nothing is edited or deleted. <strong>A correction is a further variation</strong> — record the
        difference with a rationale that says what it corrects.
      </p>
      {done ? <p className="success" role="status" data-testid="variation-success">{done}</p> : null}
      {error ? <ErrorBox error={error} title={mode === 'propose' ? 'The variation was not proposed' : 'The variation was not recorded'} testId="variation-error" fields={VARIATION_FIELDS} /> : null}
      <form onSubmit={submit} noValidate data-testid="variation-form">
        <div className="form-grid">
          <div className="field">
            <label htmlFor="effectiveDate">Effective date</label>
            <input id="effectiveDate" type="date" value={effectiveDate} onChange={(e) => setEffectiveDate(e.target.value)} {...invalid('effectiveDate')} />
            <FieldError error={error} field="effectiveDate" />
          </div>
          <div className="field">
            <label htmlFor="valueChange">Value change (£; negative reduces, blank for none)</label>
            <input id="valueChange" inputMode="decimal" placeholder="e.g. 360000 or -1,250.50" value={value} onChange={(e) => setValue(e.target.value)} {...invalid('valueChangePence')} />
            <FieldError error={error} field="valueChangePence" />
          </div>
          <div className="field wide">
            <label htmlFor="rationale">Rationale</label>
            <textarea id="rationale" rows={3} value={rationale} onChange={(e) => setRationale(e.target.value)} {...invalid('rationale')} />
            <FieldError error={error} field="rationale" />
          </div>
        </div>
        <details className="optional-changes" open={showChanges} onToggle={(e) => setShowChanges(e.currentTarget.open)}>
          <summary>Also change the terms (optional)</summary>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="changeStatus">New status</label>
              <select id="changeStatus" value={status} onChange={(e) => setStatus(e.target.value as ContractStatus | '')} {...invalid('changes.status')}>
                <option value="">No change</option>
                {RECORDED_STATUSES.map((s) => <option key={s} value={s}>{label(s)}</option>)}
              </select>
              <FieldError error={error} field="changes.status" />
            </div>
            <div className="field">
              <label htmlFor="changeEndDate">New end date</label>
              <input id="changeEndDate" type="date" value={endDate} onChange={(e) => setEndDate(e.target.value)} {...invalid('changes.endDate')} />
              <FieldError error={error} field="changes.endDate" />
            </div>
            <div className="field wide">
              <label htmlFor="changeTitle">New title</label>
              <input id="changeTitle" value={title} onChange={(e) => setTitle(e.target.value)} {...invalid('changes.title')} />
              <FieldError error={error} field="changes.title" />
            </div>
          </div>
        </details>
        <div className="field-buttons">
          <button type="button" className="button secondary" disabled={impactBusy || busy} onClick={() => void showImpact()} data-testid="variation-impact">
            {impactBusy ? 'Running…' : 'Show the impact first'}
          </button>{' '}
          <button type="submit" className="button" disabled={busy} data-testid="variation-submit">
            {busy ? 'Recording…' : mode === 'propose' ? 'Propose variation' : 'Append variation'}
          </button>
        </div>
      </form>
      {impact ? <VariationImpact run={impact.run} stale={impact.draft !== JSON.stringify({ effectiveDate, rationale, valueChangePence: value.trim() === '' ? 0 : parsePounds(value), ...(status || endDate || title.trim() ? { changes: { ...(status ? { status } : {}), ...(endDate ? { endDate } : {}), ...(title.trim() ? { title: title.trim() } : {}) } } : {}) })} /> : null}
    </section>
  );
}


/** The "ledger verified" mark: the contract's hash chain and every sealed record recomputed now. */
function LedgerMark({ id, version }: { id: string; version: number }) {
  const check = useAsync(() => api.ledger(id), [id, version]);
  if (check.error) return <span className="tag tag-terminated" data-testid="ledger-mark">Ledger not checked: {check.error.message}</span>;
  if (!check.data) return <span className="tag" data-testid="ledger-mark">Checking ledger…</span>;
  const c: LedgerCheck = check.data;
  if (c.ok) {
    return (
      <span className="tag tag-live" data-testid="ledger-mark" title={`${c.ledgerEntries} entries; head ${Object.values(c.heads)[0]?.slice(0, 16) ?? '—'}; checked ${dateTime(c.checkedAt)}`}>
        ✓ Ledger verified ({countOf(c.ledgerEntries, 'entry', 'entries')})
      </span>
    );
  }
  return (
    <details className="ledger-broken" data-testid="ledger-mark">
      <summary><span className="tag tag-terminated">✗ Ledger broken: {countOf(c.breaks.length, 'problem')}</span></summary>
      <ul>{c.breaks.map((b, i) => <li key={i}>{b.message}</li>)}</ul>
    </details>
  );
}

const DECISION_LABEL: Record<string, string> = { let: 'Let the contract', accepted: 'Accepted', declined: 'Declined', pending: 'Awaiting decision', recorded: 'Recorded (import)' };

/** Where each party stands, and the caller's accept/decline (or subcontract consent) when it is theirs to give. */
function AcceptancePanel({ detail, onChange }: { detail: ContractDetail; onChange: (d: ContractDetail) => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const a = detail.acceptance;
  const act = async (fn: () => Promise<ContractDetail>) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await fn());
      setNote('');
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const consent = a.subcontractConsent;
  return (
    <section className="panel" aria-labelledby="acceptance-h" data-testid="acceptance">
      <h2 id="acceptance-h">Agreement</h2>
      <p data-testid="acceptance-state">
        {a.state === 'recorded' ? 'Recorded by an import, as agreed by its parties.'
          : a.state === 'awaiting' ? 'A draft: it is agreed when every party named has accepted it.'
          : a.state === 'agreed' ? 'Agreed by every party.'
          : 'Declined by a party: it stays a draft.'}
      </p>
      <table className="table">
        <thead><tr><th scope="col">Party</th><th scope="col">Role</th><th scope="col">Decision</th><th scope="col">When</th><th scope="col">Note</th></tr></thead>
        <tbody>
          {a.parties.map((p) => (
            <tr key={`${p.role}-${p.organisationCode}`} data-testid={`acceptance-${p.organisationCode}`}>
              <td><OrgLink code={p.organisationCode} name={p.name} /></td>
              <td>{label(p.role)}</td>
              <td>{DECISION_LABEL[p.decision]}</td>
              <td className="nowrap">{p.decidedAt ? date(p.decidedAt) : '—'}</td>
              <td>{p.note || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {consent ? (
        <p data-testid="subcontract-consent">
          Subcontract consent from the parent contract's commissioner: <strong>{consent.state === 'given' ? `given by ${consent.by} on ${date(consent.at!)}` : consent.state === 'refused' ? `refused by ${consent.by} (${consent.note})` : 'not given'}</strong>
        </p>
      ) : null}
      {error ? <ErrorBox error={error} title="Your decision was not recorded" testId="acceptance-error" /> : null}
      {detail.youMay.accept || detail.youMay.consent ? (
        <div className="decision">
          <div className="field wide">
            <label htmlFor="acceptance-note">Note (needed to decline)</label>
            <input id="acceptance-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          {detail.youMay.accept ? (
            <>
              <button type="button" className="button" disabled={busy} data-testid="accept-contract" onClick={() => act(() => api.decideAcceptance(detail.contract.id, 'accepted', note || undefined))}>Accept for my organisation</button>{' '}
              <button type="button" className="button secondary" disabled={busy} data-testid="decline-contract" onClick={() => act(() => api.decideAcceptance(detail.contract.id, 'declined', note))}>Decline</button>
            </>
          ) : null}
          {detail.youMay.consent ? (
            <>
              <button type="button" className="button" disabled={busy} data-testid="consent-subcontract" onClick={() => act(() => api.decideConsent(detail.contract.id, 'accepted', note || undefined))}>Consent to this subcontract</button>{' '}
              <button type="button" className="button secondary" disabled={busy} data-testid="refuse-subcontract" onClick={() => act(() => api.decideConsent(detail.contract.id, 'declined', note))}>Refuse consent</button>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** Proposed variations: the co-ordinating commissioner agrees or rejects; the proposer may withdraw. */
function ProposalsPanel({ detail, user, onChange }: { detail: ContractDetail; user: User; onChange: (d: ContractDetail) => void }) {
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (detail.proposals.length === 0) return null;
  const decide = async (id: string, decision: 'agreed' | 'rejected' | 'withdrawn') => {
    setBusy(true);
    setError(null);
    try {
      onChange(await api.decideProposal(detail.contract.id, id, decision, notes[id] || undefined));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="proposals-h" data-testid="proposals">
      <h2 id="proposals-h">Proposed variations</h2>
      {error ? <ErrorBox error={error} title="The decision was not recorded" testId="proposal-error" /> : null}
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th scope="col">Proposed</th><th scope="col">By</th><th scope="col">Effective</th><th scope="col">Rationale</th><th scope="col" className="num">Value change</th><th scope="col">State</th><th scope="col">Decision</th></tr></thead>
          <tbody>
            {[...detail.proposals].reverse().map((p) => (
              <tr key={p.id} data-testid={`proposal-${p.id}`}>
                <td className="nowrap">{dateTime(p.proposedAt)}</td>
                <td>{p.proposedByOrganisation}</td>
                <td className="nowrap">{date(p.effectiveDate)}</td>
                <td>{p.rationale}{Object.keys(p.changes).length ? <div className="changes">{describeChanges(p.changes)}</div> : null}</td>
                <td className="num">{moneyChange(p.valueChangePence)}</td>
                <td data-testid="proposal-state">{label(p.state)}{p.variationSequence ? ` (variation #${p.variationSequence})` : ''}{p.note ? `: ${p.note}` : ''}</td>
                <td>
                  {p.state === 'proposed' && (detail.youMay.decide || p.proposedByOrganisation === user.organisationCode) ? (
                    <div className="decision">
                      <input aria-label="Note" placeholder="Note (needed to reject)" value={notes[p.id] ?? ''} onChange={(e) => setNotes({ ...notes, [p.id]: e.target.value })} />
                      {detail.youMay.decide ? (
                        <>
                          <button type="button" className="button" disabled={busy} data-testid="agree-proposal" onClick={() => decide(p.id, 'agreed')}>Agree</button>{' '}
                          <button type="button" className="button secondary" disabled={busy} data-testid="reject-proposal" onClick={() => decide(p.id, 'rejected')}>Reject</button>
                        </>
                      ) : (
                        <button type="button" className="button secondary" disabled={busy} data-testid="withdraw-proposal" onClick={() => decide(p.id, 'withdrawn')}>Withdraw</button>
                      )}
                    </div>
                  ) : p.decidedAt ? `${p.decidedByOrganisation} ${date(p.decidedAt)}` : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * What the user may do with the contract's money, each only when it may (youMay): set payment
 * terms, submit activity or the plan; all on the statements page.
 */
function PaymentsPanel({ detail }: { detail: ContractDetail }) {
  const { setPaymentTerms, submitActivity, submitPlan } = detail.youMay;
  if (!setPaymentTerms && !submitActivity && !submitPlan) return null;
  const to = `/contracts/${encodeURIComponent(detail.contract.reference)}/statements`;
  const draft = detail.acceptance.state === 'awaiting' || detail.acceptance.state === 'declined';
  return (
    <section className="panel" aria-labelledby="payments-h" data-testid="payments-panel">
      <h2 id="payments-h">Payment terms, activity and statements</h2>
      <ul className="inline-list">
        {setPaymentTerms ? <li><Link to={`${to}#terms-h`} data-testid="payments-set-terms">Set the payment terms</Link></li> : null}
        {submitActivity ? <li><Link to={`${to}#upload`} data-testid="payments-submit-activity">Submit a month of activity</Link></li> : null}
        {submitPlan ? <li><Link to={`${to}#upload`} data-testid="payments-submit-plan">Submit the activity plan</Link></li> : null}
      </ul>
      {draft && !submitActivity ? <p className="hint" style={{ marginTop: 8 }}>Activity is taken once every party has accepted the contract.</p> : null}
    </section>
  );
}

/** The relationship record of the contract's co-ordinating commissioner and (first) provider. */
function relationshipOf(d: ContractDetail): string | null {
  const cc = d.contract.parties.find((p) => p.role === 'coordinating_commissioner')?.organisationCode;
  const pr = d.contract.parties.find((p) => p.role === 'provider')?.organisationCode;
  return cc && pr ? `/relationships/${encodeURIComponent(cc)}/${encodeURIComponent(pr)}` : null;
}

export function ContractPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const [params, setParams] = useSearchParams();
  const asAt = params.get('asAt') || today();
  const setAsAt = (v: string) => {
    const next = new URLSearchParams(params);
    next.set('asAt', v);
    setParams(next, { replace: true });
  };
  const detail = useAsync(() => api.contract(id), [id]);

  if (detail.error?.kind === 'not_found') {
    return (
      <div className="not-found" data-testid="contract-not-found">
        <h1>Contract not found</h1>
        <p>
          There is no contract <strong>{id}</strong>, or it is not visible to your organisation. Contracts are visible to the
          organisations that are party to them (and to the system view).
        </p>
        <p><Link to="/contracts">Browse the contracts you can see</Link></p>
      </div>
    );
  }
  if (detail.error) return <ErrorBox error={detail.error} />;
  // While another contract loads (following a subcontract or parent link) do not show the previous one.
  const stale = detail.data && detail.data.contract.id !== id && detail.data.contract.reference !== id;
  if (!detail.data || stale) return <Loading what="the contract" />;

  const d = detail.data;
  const c = d.contract;
  return (
    <div data-testid="page-contract">
      <p className="breadcrumb"><Link to="/contracts">Contracts</Link> › {c.reference}</p>
      <div className="page-head">
        <div>
          <h1>
            <span className="ref" data-testid="contract-reference">{c.reference}</span> {d.current.title}
          </h1>
          <p className="lede">
            {label(c.model)} · today: <StatusTag status={d.current.status} /> · value today <strong data-testid="contract-current-value">{money(d.current.valuePence)}</strong>
            {' · '}<LedgerMark id={c.id} version={d.variations.length + d.proposals.length + d.acceptance.parties.filter((p) => p.decidedAt).length} />
          </p>
        </div>
        <div className="toolbar">
          <Link className="button secondary" to={`/contracts/${encodeURIComponent(c.reference)}/statements`} data-testid="contract-statements-link">
            Statements
          </Link>
          <Link className="button secondary" to={`/contracts/${encodeURIComponent(c.reference)}/performance`} data-testid="contract-performance-link">
            Performance and contract management
          </Link>
          {relationshipOf(d) ? (
            <Link className="button secondary" to={relationshipOf(d)!} data-testid="contract-relationship-link">Relationship</Link>
          ) : null}
        </div>
      </div>
      {created ? (
        <p className="success" role="status" data-testid="contract-created">
          {c.reference} let.{' '}
          {d.acceptance.state === 'awaiting'
            ? <>It is a draft awaiting acceptance by {d.acceptance.parties.filter((p) => p.decision === 'pending').map((p) => `${p.name} (${p.organisationCode})`).join(', ')}; it is agreed when each has accepted.</>
            : 'It is agreed.'}
        </p>
      ) : null}
      {c.description ? <p className="description">{c.description}</p> : null}

      <div className="two-col">
        <section className="panel" aria-labelledby="signed-h" data-testid="terms-signed">
          <h2 id="signed-h">Terms as signed</h2>
          <Dl
            rows={[
              ['Title', c.title],
              ['Model', label(c.model)],
              ['Start date', date(c.startDate)],
              ['End date', date(c.endDate)],
              ['Signed value', <strong>{money(c.signedValuePence)}</strong>, 'signed-value'],
              ['Status when recorded', <StatusTag status={c.status} />],
              ['Extension options', c.extensionOptions.length ? c.extensionOptions.map((o) => `${o.months} months${o.exercised ? ' (exercised)' : ''}`).join(', ') : 'None'],
              ['Recorded', `${dateTime(c.createdAt)} by ${who(c.createdBy, c.createdByName, user)}`],
            ]}
          />
        </section>
        <AsAtTerms detail={d} asAt={asAt} setAsAt={setAsAt} />
      </div>

      <div className="two-col">
        <section className="panel" aria-labelledby="parties-h">
          <h2 id="parties-h">Parties</h2>
          <table className="table" data-testid="parties">
            <thead>
              <tr><th scope="col">Role</th><th scope="col">Organisation</th><th scope="col">Kind</th><th scope="col">Sector</th></tr>
            </thead>
            <tbody>
              {c.parties.map((p) => (
                <tr key={`${p.role}-${p.organisationCode}`}>
                  <td>{label(p.role)}</td>
                  <td><OrgLink code={p.organisationCode} name={p.name} /></td>
                  <td>{label(p.kind)}</td>
                  <td>{label(p.sector)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="panel" aria-labelledby="services-h">
          <h2 id="services-h">Services</h2>
          {d.services.length === 0 ? (
            <Empty>No services listed.</Empty>
          ) : (
            <ul className="plain" data-testid="services">
              {d.services.map((s) => <li key={s.code}><span className="code">{s.code}</span> {s.name}</li>)}
            </ul>
          )}
          <h2>Parent contract</h2>
          {d.parent ? (
            <p data-testid="parent-contract">
              <Link to={`/contracts/${encodeURIComponent(d.parent.reference)}`}>{d.parent.reference}</Link> {d.parent.title}
            </p>
          ) : (
            <p className="muted">None: this is a head contract.</p>
          )}
          {d.procurement ? (
            <>
              <h2>Awarded by</h2>
              <p data-testid="awarded-by">
                Procurement <Link to={`/procurements/${encodeURIComponent(d.procurement.reference)}`}>{d.procurement.reference}</Link>, awarded {date(d.procurement.awardedOn)} (OCDS <code>{d.procurement.ocid}</code>)
              </p>
            </>
          ) : null}
        </section>
      </div>

      <section className="panel" aria-labelledby="subcontracts-h">
        <h2 id="subcontracts-h">Subcontracts</h2>
        {d.subcontracts.length === 0 ? <Empty testId="subcontracts-empty">No subcontracts you can see.</Empty> : <ContractsTable items={d.subcontracts} testId="subcontracts" />}
      </section>

      <AcceptancePanel detail={d} onChange={(next) => detail.setData(next)} />
      <PaymentsPanel detail={d} />
      <VariationHistory detail={d} asAt={asAt} user={user} />
      <ProposalsPanel detail={d} user={user} onChange={(next) => detail.setData(next)} />
      {d.youMay.vary ? <VariationForm detail={d} mode="record" onAppended={(next) => detail.setData(next)} /> : null}
      {d.youMay.propose ? <VariationForm detail={d} mode="propose" onAppended={(next) => detail.setData(next)} /> : null}
    </div>
  );
}
