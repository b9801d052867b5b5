import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, type NoticeView } from '../api.ts';
import { Dl, Empty, ErrorBox, Loading, OrgLink } from '../components.tsx';
import { date, dateTime, label, money } from '../format.ts';
import { useAsync } from '../hooks.ts';
import { DueTable, StepActions, Timeline } from '../relationship-components.tsx';
import { noticeStepSpec } from '../relationship-steps.ts';

const RULE_LABELS: Record<string, string> = {
  cpnIssuers: 'Who may issue a notice', responseOperationalDays: 'Operational days to accept or dispute', meetingOperationalDays: 'Operational days to the contract management meeting',
  rapAgreementOperationalDays: 'Operational days to agree a remedial action plan', withholdingCapMicros: 'Most withheld a month (millionths of the Actual Monthly Value)',
  retentionAfterMonths: 'Months of failure before withheld sums may be retained', repaymentLagMonths: 'Months after the remedy before repayment',
  withholdOnFailureToAgreeRap: 'Withholding allowed for failing to agree a plan',
};

export function NoticePage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const asAt = params.get('asAt') ?? undefined;
  const view = useAsync(() => api.notice(id, asAt), [id, asAt]);

  if (view.error?.kind === 'not_found') {
    return (
      <div className="not-found" data-testid="notice-not-found">
        <h1>Notice not found</h1>
        <p>There is no contract performance notice <strong>{id}</strong> on a contract your organisation may see.</p>
        <p><Link to="/notices">Notices you can see</Link></p>
      </div>
    );
  }
  if (view.error) return <ErrorBox error={view.error} />;
  if (!view.data) return <Loading what="the notice" />;
  const v: NoticeView = view.data;
  const n = v.notice;
  return (
    <div data-testid="page-notice">
      <p className="breadcrumb">
        <Link to="/notices">Notices</Link> › <Link to={`/relationships/${encodeURIComponent(n.commissionerCode)}/${encodeURIComponent(n.providerCode)}`}>Relationship</Link> › {n.id}
      </p>
      <div className="page-head">
        <div>
          <h1><span className="ref" data-testid="notice-id">{n.id}</span> Contract performance notice</h1>
          <p className="lede">
            Issued by the {label(n.issuedBy).toLowerCase()} on <strong data-testid="notice-issued">{date(n.issuedOn)}</strong> under{' '}
            <Link to={`/contracts/${encodeURIComponent(v.contract.reference)}`}>{v.contract.reference}</Link> ·{' '}
            <span className={`tag ${n.closedOn || n.state === 'withdrawn' ? 'tag-draft' : v.overdue ? 'tag-terminated' : 'tag-agreed'}`} data-testid="notice-state">{v.stateLabel}</span>
            {v.overdue ? <> · <span className="tag tag-terminated" data-testid="notice-overdue">Overdue</span></> : null}
          </p>
        </div>
      </div>
      <p className="description" data-testid="notice-subject">{n.subject}</p>

      <div className="two-col">
        <section className="panel" aria-labelledby="parties-h">
          <h2 id="parties-h">Between</h2>
          <Dl rows={[
            ['Co-ordinating commissioner', <OrgLink code={v.commissioner.code} name={v.commissioner.name} />],
            ['Provider', <OrgLink code={v.provider.code} name={v.provider.name} />],
            ['Your side', v.yourSide ? label(v.yourSide) : 'Not a party (reading)', 'your-side'],
            ['Edition', `${v.rules.edition}${v.rules.rulesFrom !== v.rules.edition ? ` (the ${v.rules.rulesFrom} edition's rules carried forward)` : ''}`],
            ['Breaches cited', n.breachKeys.length ? <ul className="plain">{n.breachKeys.map((k) => <li key={k}>{k}</li>)}</ul> : 'None'],
          ]} />
        </section>
        <section className="panel" aria-labelledby="progress-h" data-testid="notice-progress">
          <h2 id="progress-h">Where it stands</h2>
          <Dl rows={[
            ['Response', n.response ? `${n.response.accepted ? 'Accepted' : 'Disputed'} on ${date(n.response.on)}${n.response.reasons ? `: ${n.response.reasons}` : ''}` : 'None yet'],
            ['Meeting', n.meeting ? `Held on ${date(n.meeting.heldOn)}: ${label(n.meeting.outcome)}` : 'Not yet held', 'notice-meeting'],
            ['Failure', n.failure ? `${label(n.failure.kind)} since ${date(n.failure.since)}` : '—'],
            ['Exception reports', n.exceptionReports.length ? n.exceptionReports.map((r) => `${r.to === 'regulator' ? 'Regulator' : "Provider's Board"} ${date(r.on)}`).join('; ') : 'None'],
            ['Closed', n.closedOn ? `${date(n.closedOn)} (${label(n.closure)})` : '—'],
          ]} />
        </section>
      </div>

      <section className="panel" aria-labelledby="deadlines-h" data-testid="notice-deadlines">
        <h2 id="deadlines-h">What is due, and by when</h2>
        <p className="hint">Deadlines count operational days (weekdays other than Christmas Day, Good Friday and bank holidays in England), as at {date(v.asAt)}.</p>
        <DueTable steps={v.due} testId="notice-due" />
      </section>

      <section className="panel" aria-labelledby="steps-h" data-testid="notice-steps">
        <h2 id="steps-h">Take a step</h2>
        <StepActions offers={v.steps} specs={(s) => noticeStepSpec(v, s)} act={(body) => api.noticeStep(n.id, body)} onDone={(next) => view.setData(next)} />
      </section>

      {n.rap ? (
        <section className="panel" aria-labelledby="rap-h">
          <h2 id="rap-h">Remedial action plan, agreed {date(n.rap.agreedOn)}</h2>
          <table className="table" data-testid="milestones">
            <thead><tr><th scope="col">Milestone</th><th scope="col">What</th><th scope="col">Due</th><th scope="col">Achieved</th><th scope="col">Missed</th></tr></thead>
            <tbody>{n.rap.milestones.map((m) => <tr key={m.id}><td>{m.id}</td><td>{m.description}</td><td>{date(m.dueDate)}</td><td>{date(m.achievedOn)}</td><td>{date(m.missedOn)}</td></tr>)}</tbody>
          </table>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="withholdings-h" data-testid="withholdings">
        <h2 id="withholdings-h">Withholdings</h2>
        {n.withholdings.length === 0 ? <Empty>Nothing withheld.</Empty> : (
          <table className="table">
            <thead><tr><th scope="col">Month</th><th scope="col" className="num">Withheld</th><th scope="col" className="num">Cap</th><th scope="col" className="num">Actual Monthly Value</th><th scope="col">Status</th><th scope="col">Statement month</th></tr></thead>
            <tbody>
              {n.withholdings.map((w) => (
                <tr key={w.period}>
                  <td>{w.period}</td><td className="num">{money(w.amountPence)}</td><td className="num">{money(w.capPence)}</td><td className="num">{money(w.actualMonthlyValuePence)}</td>
                  <td>{label(w.status)}{w.settledOn ? ` ${date(w.settledOn)}` : ''}</td>
                  <td><Link to={`/contracts/${encodeURIComponent(v.contract.reference)}/statements`}>{w.settledPeriod ?? w.period}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="notice-timeline-h">
        <h2 id="notice-timeline-h">Timeline</h2>
        <Timeline events={v.timeline} testId="notice-timeline" />
        <details>
          <summary>The event log ({v.events.length} step{v.events.length === 1 ? "" : "s"}, each sealed in the contract's ledger)</summary>
          <table className="table">
            <thead><tr><th scope="col">#</th><th scope="col">Step</th><th scope="col">Dated</th><th scope="col">By</th><th scope="col">Recorded by</th><th scope="col">Recorded at</th></tr></thead>
            <tbody>{v.events.map((e) => <tr key={e.seq}><td>{e.seq}</td><td>{label(e.type)}</td><td>{date(e.on)}</td><td>{label(e.by)}</td><td>{e.recordedByOrganisation}</td><td>{dateTime(e.recordedAt)}</td></tr>)}</tbody>
          </table>
        </details>
      </section>

      <section className="panel" aria-labelledby="gc9-h">
        <h2 id="gc9-h">The GC9 rules it runs by</h2>
        <table className="table" data-testid="gc9-rules">
          <thead><tr><th scope="col">Rule</th><th scope="col">Value</th><th scope="col">Source</th></tr></thead>
          <tbody>
            {Object.entries(v.rules.gc9).map(([k, r]) => (
              <tr key={k}><td>{RULE_LABELS[k] ?? k}</td><td>{JSON.stringify(r.value)}</td><td>{r.source} <span className="tag tag-draft">{r.confidence}</span></td></tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export function NoticesPage() {
  const [params, setParams] = useSearchParams();
  const overdue = params.get('overdue') === 'true';
  const list = useAsync(() => api.notices({ overdue }), [overdue]);
  return (
    <div data-testid="page-notices">
      <div className="page-head">
        <div>
          <h1>Contract performance notices</h1>
          <p className="lede">Notices (GC9) on the contracts you may see, each with its next step and deadline.</p>
        </div>
        <label className="toolbar">
          <input type="checkbox" checked={overdue} onChange={(e) => setParams(e.target.checked ? { overdue: 'true' } : {}, { replace: true })} data-testid="notices-overdue" /> Only overdue
        </label>
      </div>
      {list.error ? <ErrorBox error={list.error} /> : null}
      {list.loading && !list.data ? <Loading what="notices" /> : null}
      {list.data ? (list.data.length === 0 ? <Empty testId="notices-empty">No notices.</Empty> : (
        <section className="panel">
          <table className="table" data-testid="notices">
            <thead><tr><th scope="col">Notice</th><th scope="col">Contract</th><th scope="col">Between</th><th scope="col">Issued</th><th scope="col">State</th><th scope="col">Next</th></tr></thead>
            <tbody>
              {list.data.map((n) => {
                const next = n.due.find((d) => d.status === 'overdue') ?? n.due.find((d) => d.dueDate) ?? n.due[0];
                return (
                  <tr key={n.id} data-testid={`notice-${n.id}`}>
                    <td><Link to={`/notices/${encodeURIComponent(n.id)}`}>{n.id}</Link><div className="changes">{n.subject}</div></td>
                    <td>{n.contractReference}</td>
                    <td>{n.commissionerName} and {n.providerName}</td>
                    <td className="nowrap">{date(n.issuedOn)}</td>
                    <td>{n.stateLabel}</td>
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
