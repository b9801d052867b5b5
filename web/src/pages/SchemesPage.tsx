import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, procurementApi, type Scheme } from '../api.ts';
import { Empty, ErrorBox, Loading, OrgLink } from '../components.tsx';
import { date, label } from '../format.ts';
import { asApiError, useAsync } from '../hooks.ts';

/** Schemes with stage gates that the user leads or signs for (every one for system and administrator users). */
export function SchemesPage() {
  const list = useAsync(() => procurementApi.schemes(), []);
  return (
    <div data-testid="page-schemes">
      <p className="breadcrumb"><Link to="/procurements">Procurement</Link></p>
      <h1>Stage gates</h1>
      <p className="lede">Large schemes pass a strategic outline case, an outline and a full business case, and regulatory approval: who signed each, who refused, and what the lead did then.</p>
      {list.error ? <ErrorBox error={list.error} /> : null}
      {list.loading && !list.data ? <Loading what="schemes" /> : null}
      {list.data && list.data.length === 0 ? <Empty>No scheme names your organisation.</Empty> : null}
      {list.data && list.data.length > 0 ? (
        <table className="table" data-testid="schemes-table">
          <thead><tr><th scope="col">Scheme</th><th scope="col">Lead</th><th scope="col">Where it stands</th></tr></thead>
          <tbody>{list.data.map((s) => (
            <tr key={s.id} data-testid={`scheme-row-${s.id}`}><td><Link to={`/schemes/${encodeURIComponent(s.id)}`}>{s.title}</Link></td><td><OrgLink code={s.leadCode} name={s.leadName} /></td><td>{s.stateLabel}</td></tr>
          ))}</tbody>
        </table>
      ) : null}
    </div>
  );
}

const ANSWER: Record<string, string> = { signed: 'Signed', refused: 'Refused', awaiting: 'Awaiting' };

/** One scheme: each gate with its signatories' answers; the lead's and the signatories' next steps. */
export function SchemePage() {
  const { id = '' } = useParams();
  const loaded = useAsync(() => procurementApi.scheme(id), [id]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const s: Scheme | undefined = loaded.data;
  if (loaded.error) return <ErrorBox error={loaded.error} title={loaded.error.status === 404 ? 'Scheme not found' : undefined} />;
  if (!s) return <Loading what="the scheme" />;
  const gate = s.state;
  const act = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      loaded.setData(await procurementApi.schemeStep(s.id, { gate, ...body }));
      setReason('');
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const steps = new Set(s.nextSteps.map((x) => x.event));
  return (
    <div data-testid="page-scheme">
      <p className="breadcrumb"><Link to="/schemes">Stage gates</Link></p>
      <h1>{s.title}</h1>
      <p className="lede">Led by <OrgLink code={s.leadCode} name={s.leadName} /> · <span data-testid="scheme-state">{s.stateLabel}</span></p>
      {s.gates.map((g) => (
        <section key={g.gate} className="panel" data-testid={`gate-${g.gate}`} aria-label={g.label}>
          <div className="panel-head">
            <h2>{g.label}</h2>
            <span className={`tag tag-${g.outcome === 'passed' ? 'live' : g.outcome === 'halted' ? 'terminated' : g.outcome ? 'expired' : 'draft'}`} data-testid="gate-outcome">
              {g.outcome ? `${label(g.outcome)} (${date(g.outcomeOn)})` : g.submittedOn ? `Submitted ${date(g.submittedOn)}` : g.dueOn ? `Due ${date(g.dueOn)}` : 'Not yet submitted'}
            </span>
          </div>
          <table className="table">
            <thead><tr><th scope="col">Signatory</th><th scope="col">Answer</th><th scope="col">When</th><th scope="col">Signed by, or why not</th></tr></thead>
            <tbody>{g.signatories.map((x) => (
              <tr key={x.organisationCode} data-testid={`signatory-${g.gate}-${x.organisationCode}`}>
                <td><OrgLink code={x.organisationCode} name={x.name} /></td>
                <td><strong className={x.answer === 'refused' ? 'field-error' : undefined}>{ANSWER[x.answer]}</strong></td>
                <td className="nowrap">{date(x.on)}</td>
                <td>{x.by ?? x.reason ?? '—'}</td>
              </tr>
            ))}</tbody>
          </table>
          {g.outcomeReason ? <p className="description">{g.outcomeReason}</p> : null}
        </section>
      ))}
      {s.nextSteps.length ? (
        <section className="panel" data-testid="scheme-actions">
          <h2>Next step at this gate</h2>
          {error ? <ErrorBox error={error} title="The step was not recorded" testId="scheme-error" /> : null}
          <div className="field"><label htmlFor="gate-reason">Reason (needed to refuse, to proceed without a signature, or to halt)</label><textarea id="gate-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} /></div>
          <div className="inline-list">
            {steps.has('gate_submitted') && s.youMay.lead ? <button type="button" className="button secondary" disabled={busy} onClick={() => act({ type: 'gate_submitted' })}>Submit for signature</button> : null}
            {steps.has('gate_signed') && s.youMay.sign ? <button type="button" className="button" disabled={busy} onClick={() => act({ type: 'gate_signed' })} data-testid="gate-sign">Sign for my organisation</button> : null}
            {steps.has('gate_refused') && s.youMay.sign ? <button type="button" className="button secondary" disabled={busy} onClick={() => act({ type: 'gate_refused', reason })}>Refuse to sign</button> : null}
            {steps.has('gate_closed') && s.youMay.lead ? <>
              <button type="button" className="button" disabled={busy} onClick={() => act({ type: 'gate_closed', outcome: 'passed' })}>Close: passed</button>
              <button type="button" className="button secondary" disabled={busy} onClick={() => act({ type: 'gate_closed', outcome: 'proceeded_without_all_signatures', reason })}>Close: proceed without every signature</button>
              <button type="button" className="button secondary" disabled={busy} onClick={() => act({ type: 'gate_closed', outcome: 'halted', reason })}>Close: halt the scheme</button>
            </> : null}
          </div>
        </section>
      ) : null}
      <section className="panel"><h2>Every step</h2>
        <ul className="plain">{s.history.map((h) => <li key={h.sequence}>{date(h.on)}: {h.by.organisationCode} {h.label}</li>)}</ul>
      </section>
    </div>
  );
}
