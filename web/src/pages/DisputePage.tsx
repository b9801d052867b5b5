import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, type DisputeView, type Offer } from '../api.ts';
import { Dl, Empty, ErrorBox, Loading, OrgLink } from '../components.tsx';
import { date, label, money } from '../format.ts';
import { useAsync } from '../hooks.ts';
import { DueTable, StepActions, Timeline } from '../relationship-components.tsx';
import { disputeStepSpec } from '../relationship-steps.ts';

const offerText = (o: Offer | undefined) => (!o ? '—' : 'amountPence' in o ? money(o.amountPence) : `“${o.terms}”`);

function CostsPanel({ v }: { v: DisputeView }) {
  const c = v.costs;
  const appointees = v.gc14?.appointees ?? v.contractSetting?.appointees ?? [];
  return (
    <section className="panel" aria-labelledby="costs-h" data-testid="dispute-costs">
      <h2 id="costs-h">Who was appointed, their fees and who pays</h2>
      {appointees.length === 0 ? <Empty>Nobody appointed.</Empty> : (
        <table className="table" data-testid="appointees">
          <thead><tr><th scope="col">Appointee</th><th scope="col">Role</th><th scope="col">Appointed by</th><th scope="col">On</th></tr></thead>
          <tbody>{appointees.map((a) => <tr key={a.id}><td>{a.name}{a.description ? <div className="changes">{a.description}</div> : null}</td><td>{label(a.role)}</td><td>{label(a.appointedBy)}</td><td>{date(a.appointedOn)}</td></tr>)}</tbody>
        </table>
      )}
      {c.fees.length ? (
        <table className="table" data-testid="dispute-fees">
          <thead><tr><th scope="col">Fee</th><th scope="col">For</th><th scope="col">Who pays</th><th scope="col" className="num">Amount</th></tr></thead>
          <tbody>
            {c.fees.map((f, i) => (
              <tr key={i} data-testid="dispute-fee">
                <td>{f.appointee.name} ({f.appointee.role})</td><td>{f.description}</td>
                <td>{f.payer.kind === 'paid_by' ? `The ${f.payer.side}` : f.payer.kind === 'regulator' ? 'A regulator, at no cost to the parties' : `Shared: the commissioner ${money(f.shares.commissionerPence)}, the provider ${money(f.shares.providerPence)}`}</td>
                <td className="num" data-testid="dispute-fee-amount">{money(f.amountPence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p data-testid="dispute-costs-total">Fees in all: <strong>{money(c.totalPence)}</strong> (the commissioner {money(c.commissionerPence)}, the provider {money(c.providerPence)}, a regulator {money(c.regulatorPence)}).</p>
    </section>
  );
}

function IssuesPanel({ v }: { v: DisputeView }) {
  const cs = v.contractSetting!;
  const offer = (issueId: string, side: string) => cs.finalOffers.find((o) => o.issueId === issueId && o.side === side)?.offer;
  return (
    <section className="panel" aria-labelledby="issues-h" data-testid="dispute-issues">
      <h2 id="issues-h">Issues, final offers and the pendulum determination</h2>
      <p className="hint">{v.rules.contractSetting.determination?.source as string}</p>
      <table className="table">
        <thead><tr><th scope="col">Issue</th><th scope="col">Commissioner's final offer</th><th scope="col">Provider's final offer</th><th scope="col">Determination</th></tr></thead>
        <tbody>
          {cs.issues.map((i) => {
            const d = cs.determinations.find((x) => x.issueId === i.id);
            return (
              <tr key={i.id} data-testid={`issue-${i.id}`}>
                <td>{i.title}<div className="changes">{i.id}</div></td>
                <td>{offerText(offer(i.id, 'commissioner'))}</td>
                <td>{offerText(offer(i.id, 'provider'))}</td>
                <td>{d ? <><strong>{offerText(d.offer)}</strong>: the {d.awardedTo === 'both' ? "parties' common" : `${d.awardedTo}'s`} offer, {date(d.on)}<div className="changes">{d.reasons}</div></> : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function DisputePage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const view = useAsync(() => api.dispute(id, params.get('asAt') ?? undefined), [id, params.get('asAt')]);
  if (view.error?.kind === 'not_found') {
    return (
      <div className="not-found" data-testid="dispute-not-found">
        <h1>Dispute not found</h1>
        <p>There is no dispute <strong>{id}</strong> your organisation may see.</p>
        <p><Link to="/disputes">Disputes you can see</Link></p>
      </div>
    );
  }
  if (view.error) return <ErrorBox error={view.error} />;
  if (!view.data) return <Loading what="the dispute" />;
  const v = view.data;
  const s = v.summary;
  return (
    <div data-testid="page-dispute">
      <p className="breadcrumb">
        <Link to="/disputes">Disputes</Link> › <Link to={`/relationships/${encodeURIComponent(v.commissioner.code)}/${encodeURIComponent(v.provider.code)}`}>Relationship</Link> › {s.id}
      </p>
      <h1><span className="ref" data-testid="dispute-id">{s.id}</span> {v.kind === 'gc14' ? 'GC14 dispute' : `Contract-setting dispute for ${v.contractSetting!.contractYear}`}</h1>
      <p className="lede">
        <span className={`tag ${s.closedOn ? 'tag-draft' : v.overdue ? 'tag-terminated' : 'tag-agreed'}`} data-testid="dispute-state">{s.stateLabel}</span>
        {v.overdue ? <> · <span className="tag tag-terminated">Overdue</span></> : null} · furthest stage: {label(s.furthestStage)}
      </p>
      <p className="description">{s.title}</p>
      <div className="two-col">
        <section className="panel" aria-labelledby="between-h">
          <h2 id="between-h">Between</h2>
          <Dl rows={[
            ['Commissioner', <OrgLink code={v.commissioner.code} name={v.commissioner.name} />],
            ['Provider', <OrgLink code={v.provider.code} name={v.provider.name} />],
            ['Contract', v.contract ? <Link to={`/contracts/${encodeURIComponent(v.contract.reference)}`}>{v.contract.reference}</Link> : 'None yet'],
            ['Your side', v.yourSide ? label(v.yourSide) : 'Not a party (reading)'],
            ['Opened', date(s.openedOn)],
            ['Outcome', s.outcome ?? '—', 'dispute-outcome'],
          ]} />
        </section>
        {v.gc14 ? (
          <section className="panel" aria-labelledby="stages-h">
            <h2 id="stages-h">Stages</h2>
            <table className="table" data-testid="stages">
              <thead><tr><th scope="col">Stage</th><th scope="col">Began</th><th scope="col">Ended</th></tr></thead>
              <tbody>{v.gc14.stages.map((st) => <tr key={st.stage}><td>{label(st.stage)}</td><td>{date(st.startedOn)}</td><td>{date(st.endedOn)}</td></tr>)}</tbody>
            </table>
            {v.gc14.amountInDisputePence !== null ? <p>In dispute: <strong>{money(v.gc14.amountInDisputePence)}</strong></p> : null}
          </section>
        ) : <IssuesPanel v={v} />}
      </div>
      <section className="panel" aria-labelledby="dispute-due-h">
        <h2 id="dispute-due-h">What is due, and by when</h2>
        <DueTable steps={v.due} testId="dispute-due" />
      </section>
      <section className="panel" aria-labelledby="dispute-steps-h" data-testid="dispute-steps">
        <h2 id="dispute-steps-h">Take a step</h2>
        <StepActions offers={v.steps} specs={(st) => disputeStepSpec(v, st)} act={(body) => api.disputeStep(v, body)} onDone={(next) => view.setData(next)} />
      </section>
      <CostsPanel v={v} />
      <section className="panel" aria-labelledby="dispute-timeline-h">
        <h2 id="dispute-timeline-h">Timeline</h2>
        <Timeline events={v.timeline} testId="dispute-timeline" />
      </section>
    </div>
  );
}

export function DisputesPage() {
  const [params, setParams] = useSearchParams();
  const open = params.get('open') === 'true';
  const list = useAsync(() => api.disputes(open ? { open: true } : {}), [open]);
  return (
    <div data-testid="page-disputes">
      <div className="page-head">
        <div>
          <h1>Disputes</h1>
          <p className="lede">GC14 disputes under contracts and contract-setting disputes over a contract year, with their stage, fees and what is next.</p>
        </div>
        <label className="toolbar">
          <input type="checkbox" checked={open} onChange={(e) => setParams(e.target.checked ? { open: 'true' } : {}, { replace: true })} data-testid="disputes-open" /> Only open
        </label>
      </div>
      {list.error ? <ErrorBox error={list.error} /> : null}
      {list.loading && !list.data ? <Loading what="disputes" /> : null}
      {list.data ? (list.data.length === 0 ? <Empty testId="disputes-empty">No disputes.</Empty> : (
        <section className="panel">
          <table className="table" data-testid="disputes">
            <thead><tr><th scope="col">Dispute</th><th scope="col">Kind</th><th scope="col">Between</th><th scope="col">Opened</th><th scope="col">State</th><th scope="col" className="num">Fees</th><th scope="col">Next</th></tr></thead>
            <tbody>
              {list.data.map((d) => {
                const next = d.due.find((x) => x.status === 'overdue') ?? d.due[0];
                return (
                  <tr key={d.summary.id} data-testid={`dispute-${d.summary.id}`}>
                    <td><Link to={`/disputes/${encodeURIComponent(d.summary.id)}`}>{d.summary.id}</Link><div className="changes">{d.summary.title}</div></td>
                    <td>{d.kind === 'gc14' ? 'GC14' : 'Contract setting'}</td>
                    <td><Link to={`/relationships/${encodeURIComponent(d.commissioner.code)}/${encodeURIComponent(d.provider.code)}`}>{d.commissioner.name} and {d.provider.name}</Link></td>
                    <td className="nowrap">{date(d.summary.openedOn)}</td>
                    <td>{d.summary.stateLabel}</td>
                    <td className="num">{money(d.costs.totalPence)}</td>
                    <td>{next ? <>{next.label}{next.dueDate ? ` by ${date(next.dueDate)}` : ''} {next.status === 'overdue' ? <span className="tag tag-terminated">Overdue</span> : null}</> : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )) : null}
    </div>
  );
}
