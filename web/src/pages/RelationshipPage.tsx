import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, type DisputeIssue, type RelationshipView, type YearMoney } from '../api.ts';
import { Chart, type ChartOption } from '../chart.tsx';
import { DateField, Empty, ErrorBox, Loading, OrgLink, StatusTag } from '../components.tsx';
import { date, label, money, moneyAxis } from '../format.ts';
import { asApiError, useAsync } from '../hooks.ts';
import { DueTable, HealthBadge, Timeline } from '../relationship-components.tsx';

/** Money each way by year: the arms race. */
function armsRaceChart(years: readonly YearMoney[]): ChartOption {
  return {
    grid: { left: 12, right: 24, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => money(v) },
    xAxis: { type: 'category', data: years.map((y) => y.year) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => moneyAxis(v) } },
    series: [
      { name: "Commissioner's sanctions, withholdings and CQUIN (net)", type: 'bar', data: years.map((y) => y.commissioner.netPence), itemStyle: { color: '#d5281b' } },
      { name: "Provider's charges and claims", type: 'bar', data: years.map((y) => y.provider.netPence), itemStyle: { color: '#005eb8' } },
    ],
  };
}

const KIND_LABEL: Record<string, string> = {
  sanction: 'Sanction (computed)', withhold: 'Withholding (GC9)', withhold_repayment: 'Withholding repaid', withhold_retention: 'Withholding retained',
  cquin_shortfall: 'CQUIN shortfall', cquin_release: 'CQUIN released', challenge: 'Challenge upheld', counting_coding_query: 'Counting and coding',
  charge_outside_contract: 'Charge outside the contract', determination_adjustment: 'Determination adjustment',
};

function HealthPanel({ r }: { r: RelationshipView }) {
  const h = r.record.health;
  const [all, setAll] = useState(false);
  const factors = all ? h.factors : h.factors.filter((f) => f.points > 0);
  return (
    <section className="panel" aria-labelledby="health-h" data-testid="health">
      <div className="panel-head">
        <h2 id="health-h">Health <HealthBadge band={h.band} /></h2>
        <span className="muted" data-testid="health-score">{h.score} point{h.score === 1 ? '' : 's'}: watch at {h.thresholds.watchAt}, strained at {h.thresholds.strainedAt}</span>
      </div>
      <p data-testid="health-explanation">{h.explanation}</p>
      <div className="table-wrap">
        <table className="table" data-testid="health-factors">
          <thead><tr><th scope="col">Factor</th><th scope="col" className="num">Count</th><th scope="col" className="num">Weight</th><th scope="col" className="num">Points</th><th scope="col">Evidence</th></tr></thead>
          <tbody>
            {factors.map((f) => (
              <tr key={f.id} data-testid={`factor-${f.id}`}>
                <td>{f.label.replace(/^./, (c) => c.toUpperCase())}</td>
                <td className="num">{f.count}</td>
                <td className="num">{f.weight}</td>
                <td className="num"><strong>{f.points}</strong></td>
                <td>{f.evidence.length ? f.evidence.join('; ') : '—'}</td>
              </tr>
            ))}
            {factors.length === 0 ? <tr><td colSpan={5} className="muted">No factor scored.</td></tr> : null}
          </tbody>
        </table>
      </div>
      <p className="hint">
        Counted from {date(h.window.from)} to {date(h.window.to)}. {h.source}{' '}
        <button type="button" className="link-button" onClick={() => setAll(!all)} data-testid="health-all">{all ? 'Show only the factors that scored' : 'Show every factor'}</button>
      </p>
    </section>
  );
}

function ContractsPanel({ r }: { r: RelationshipView }) {
  const cs = r.record.contracts;
  return (
    <section className="panel" aria-labelledby="rel-contracts-h">
      <h2 id="rel-contracts-h">Contracts over time</h2>
      {cs.length === 0 ? <Empty>No contracts yet.</Empty> : (
        <div className="table-wrap">
          <table className="table" data-testid="relationship-contracts">
            <thead><tr><th scope="col">Contract</th><th scope="col">Years</th><th scope="col" className="num">Value</th><th scope="col">Status</th><th scope="col">Edition</th><th scope="col">Agreed by</th><th scope="col">Signed</th></tr></thead>
            <tbody>
              {cs.map((c) => (
                <tr key={c.reference} data-testid={`rel-contract-${c.reference}`}>
                  <td>
                    <Link to={`/contracts/${encodeURIComponent(c.reference)}`}>{c.reference}</Link>
                    <div className="changes">{c.title}{c.parentReference ? ` (under ${c.parentReference})` : ''}</div>
                  </td>
                  <td>{c.years.join(', ')}</td>
                  <td className="num">{money(c.valuePence)}{c.illustrative ? <div className="changes">illustrative</div> : null}</td>
                  <td><StatusTag status={c.status} /></td>
                  <td>{c.edition ?? '—'}</td>
                  <td data-testid="agreed-by">{label(c.agreedBy)}</td>
                  <td>
                    {c.signatures ? (
                      <>Commissioner: {c.signatures.commissioner ? date(c.signatures.commissioner) : <strong>not signed</strong>}<br />Provider: {c.signatures.provider ? date(c.signatures.provider) : <strong>not signed</strong>}</>
                    ) : <span className="muted">recorded as agreed</span>}
                    {c.refusal ? <div className="changes" data-testid="refusal">Refused by the {c.refusal.by} on {date(c.refusal.on)}: {c.refusal.reason}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function MoneyPanel({ r }: { r: RelationshipView }) {
  const years = r.record.moneyByYear;
  const option = useMemo(() => armsRaceChart(years), [years]);
  const entries = [...r.money].sort((a, b) => a.period.localeCompare(b.period));
  return (
    <section className="panel" aria-labelledby="money-h" data-testid="money">
      <h2 id="money-h">Money each way by year</h2>
      {years.length === 0 ? <Empty testId="money-empty">No sanctions, withholdings, CQUIN or provider charges recorded.</Empty> : (
        <>
          <p className="hint" data-testid="arms-race">
            {r.record.armsRace.escalating
              ? <strong>Both sides' money grew in each of the last {r.record.armsRace.years} years: an arms race.</strong>
              : 'Not growing on both sides year on year.'}{' '}
            The commissioner's side is what its deductions took, net of repayments and releases; the provider's what its charges and claims added.
          </p>
          <Chart option={option} height={280} testId="arms-race-chart" ariaLabel="Commissioner's deductions and provider's charges by financial year" />
          <div className="table-wrap">
            <table className="table" data-testid="money-by-year">
              <thead><tr><th scope="col">Year</th><th scope="col" className="num">Commissioner (net)</th><th scope="col" className="num">Provider</th><th scope="col" className="num">Determinations</th></tr></thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y.year}><td>{y.year}</td><td className="num">{money(y.commissioner.netPence)}</td><td className="num">{money(y.provider.netPence)}</td><td className="num">{money(y.determinationsPence)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <details>
            <summary>Every entry ({entries.length}): each is a line on its contract's payment statement, naming its rule</summary>
            <div className="table-wrap">
              <table className="table" data-testid="money-entries">
                <thead><tr><th scope="col">Month</th><th scope="col">Contract</th><th scope="col">What</th><th scope="col">Rule</th><th scope="col" className="num">Amount</th><th scope="col">Description</th></tr></thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id}>
                      <td className="nowrap">{e.period}</td>
                      <td><Link to={`/contracts/${encodeURIComponent(e.contractReference)}/statements`}>{e.contractReference}</Link></td>
                      <td>{KIND_LABEL[e.kind] ?? e.kind}</td>
                      <td className="code">{e.ruleId}</td>
                      <td className={`num ${e.amountPence < 0 ? 'negative' : ''}`}>{money(e.amountPence)}</td>
                      <td>{e.description}{e.illustrative ? ' (illustrative)' : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}

function NoticesPanel({ r }: { r: RelationshipView }) {
  const all = [...r.record.notices.open.map((n) => ({ ...n, open: true })), ...r.record.notices.closed.map((n) => ({ ...n, open: false }))];
  return (
    <section className="panel" aria-labelledby="rel-notices-h" data-testid="relationship-notices">
      <h2 id="rel-notices-h">Contract performance notices: {r.record.notices.open.length} open, {r.record.notices.closed.length} closed</h2>
      {all.length === 0 ? <Empty>No notices.</Empty> : (
        <table className="table">
          <thead><tr><th scope="col">Notice</th><th scope="col">Issued</th><th scope="col">By</th><th scope="col">Subject</th><th scope="col">State</th><th scope="col" className="num">Withheld</th><th scope="col" className="num">Repaid</th></tr></thead>
          <tbody>
            {all.map((n) => (
              <tr key={n.id}>
                <td><Link to={`/notices/${encodeURIComponent(n.id)}`}>{n.id}</Link></td>
                <td className="nowrap">{date(n.issuedOn)}</td>
                <td>{label(n.issuedBy)}</td>
                <td>{n.subject}</td>
                <td>{n.open ? <strong>{n.stateLabel}</strong> : n.stateLabel}</td>
                <td className="num">{money(n.withheldPence)}</td>
                <td className="num">{money(n.repaidPence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DisputesPanel({ r }: { r: RelationshipView }) {
  const ds = r.record.disputes;
  const c = r.record.disputeCosts;
  const fees = ds.flatMap((d) => d.costs.fees.map((f) => ({ d, f })));
  const events = r.record.timeline.filter((e) => e.kind === 'gc14_dispute' || e.kind === 'contract_setting_dispute');
  return (
    <section className="panel" aria-labelledby="rel-disputes-h" data-testid="relationship-disputes">
      <h2 id="rel-disputes-h">Disputes and what they cost</h2>
      {ds.length === 0 ? <Empty>No disputes.</Empty> : (
        <>
          <table className="table" data-testid="disputes-table">
            <thead><tr><th scope="col">Dispute</th><th scope="col">Kind</th><th scope="col">Opened</th><th scope="col">Furthest stage</th><th scope="col">State</th><th scope="col">Outcome</th><th scope="col" className="num">Fees</th></tr></thead>
            <tbody>
              {ds.map((d) => (
                <tr key={d.id} data-testid={`dispute-${d.id}`}>
                  <td><Link to={`/disputes/${encodeURIComponent(d.id)}`}>{d.id}</Link><div className="changes">{d.title}</div></td>
                  <td>{d.kind === 'gc14' ? 'GC14' : 'Contract setting'}</td>
                  <td className="nowrap">{date(d.openedOn)}</td>
                  <td>{label(d.furthestStage)}</td>
                  <td>{d.stateLabel}</td>
                  <td>{d.outcome ?? '—'}</td>
                  <td className="num">{money(d.costs.totalPence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Fees</h3>
          {fees.length === 0 ? <Empty>No fees recorded.</Empty> : (
            <table className="table" data-testid="fees">
              <thead><tr><th scope="col">Dispute</th><th scope="col">Appointee</th><th scope="col">Appointed by</th><th scope="col">For</th><th scope="col">Who pays</th><th scope="col" className="num">Fee</th></tr></thead>
              <tbody>
                {fees.map(({ d, f }, i) => (
                  <tr key={i} data-testid="fee-row">
                    <td>{d.id}</td>
                    <td>{f.appointee.name} ({f.appointee.role}){f.appointee.description ? <div className="changes">{f.appointee.description}</div> : null}</td>
                    <td>{label(f.appointee.appointedBy)}</td>
                    <td>{f.description}</td>
                    <td>{f.payer.kind === 'paid_by' ? `The ${f.payer.side}` : f.payer.kind === 'regulator' ? 'A regulator' : `Shared: ${money(f.shares.commissionerPence)} / ${money(f.shares.providerPence)}`}</td>
                    <td className="num" data-testid="fee-amount">{money(f.amountPence)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p data-testid="dispute-costs">Fees in all: <strong>{money(c.totalPence)}</strong> (the commissioner {money(c.commissionerPence)}, the provider {money(c.providerPence)}, a regulator {money(c.regulatorPence)}).</p>
          <h3>Dispute timeline</h3>
          <Timeline events={events} testId="dispute-timeline" />
        </>
      )}
    </section>
  );
}

function OpenContractSetting({ r, onOpened }: { r: RelationshipView; onOpened: (id: string) => void }) {
  const [year, setYear] = useState('');
  const [contract, setContract] = useState('');
  const [issues, setIssues] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed: DisputeIssue[] = [];
    for (const [i, line] of issues.split('\n').map((l) => l.trim()).filter(Boolean).entries()) {
      const [id, title, measure] = line.split('|').map((p) => p.trim());
      if (!id || !title || (measure !== 'amount' && measure !== 'terms')) {
        setError(new ApiError(400, 'invalid', 'Check the issues', [{ path: 'issues', message: `line ${i + 1}: write "value | Contract value for 2016/17 | amount" (amount or terms)` }]));
        return;
      }
      parsed.push({ id, title, measure });
    }
    setBusy(true);
    setError(null);
    try {
      const d = await api.openContractSetting(r.commissioner.code, r.provider.code, { contractYear: year, ...(contract ? { contractReference: contract } : {}), issues: parsed });
      onOpened(d.summary.id);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <details className="panel">
      <summary>Open a contract-setting dispute</summary>
      <form onSubmit={submit} noValidate data-testid="open-contract-setting">
        {error ? <ErrorBox error={error} title="The dispute was not opened" fields={{ contractYear: { label: 'Contract year', inputId: 'cs-year' }, issues: { label: 'Issues', inputId: 'cs-issues' } }} /> : null}
        <div className="form-grid">
          <div className="field"><label htmlFor="cs-year">Contract year (e.g. 2016/17)</label><input id="cs-year" value={year} onChange={(e) => setYear(e.target.value)} /></div>
          <div className="field">
            <label htmlFor="cs-contract">Contract (optional)</label>
            <select id="cs-contract" value={contract} onChange={(e) => setContract(e.target.value)}>
              <option value="">None yet</option>
              {r.record.contracts.map((c) => <option key={c.reference} value={c.reference}>{c.reference}</option>)}
            </select>
          </div>
          <div className="field wide"><label htmlFor="cs-issues">Issues, one a line: "id | what is in dispute | amount or terms"</label><textarea id="cs-issues" rows={3} value={issues} onChange={(e) => setIssues(e.target.value)} /></div>
        </div>
        <button type="submit" className="button" disabled={busy}>{busy ? 'Opening…' : 'Open the dispute'}</button>
      </form>
    </details>
  );
}

export function RelationshipPage() {
  const { commissioner = '', provider = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const asAt = params.get('asAt') ?? '';
  const rel = useAsync(() => api.relationship(commissioner, provider, asAt || undefined), [commissioner, provider, asAt]);
  const setAsAt = (v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set('asAt', v);
    else next.delete('asAt');
    setParams(next, { replace: true });
  };

  if (rel.error?.kind === 'not_found') {
    return (
      <div className="not-found" data-testid="relationship-not-found">
        <h1>Relationship not found</h1>
        <p>There is no relationship between <strong>{commissioner}</strong> and <strong>{provider}</strong> that your organisation may see.</p>
        <p><Link to="/">Go to the economy overview</Link></p>
      </div>
    );
  }
  if (rel.error) return <ErrorBox error={rel.error} />;
  if (!rel.data) return <Loading what="the relationship" />;
  const r = rel.data;
  return (
    <div data-testid="page-relationship" className={rel.loading ? 'stale' : undefined}>
      <p className="breadcrumb"><Link to="/">Economy overview</Link> › Relationship</p>
      <div className="page-head">
        <div>
          <h1 data-testid="relationship-title">
            <OrgLink code={r.commissioner.code} name={r.commissioner.name} /> and <OrgLink code={r.provider.code} name={r.provider.name} />
          </h1>
          <p className="lede" data-testid="relationship-as-at">
            As at <strong>{date(r.asAt)}</strong>{r.asAtBasis === 'last activity' ? ': the relationship has ended, so it is read as it stood at its last activity' : r.asAtBasis === 'today' ? ' (today)' : ''}
          </p>
        </div>
        <div className="toolbar">
          <DateField id="relationship-as-at" label="As at" value={asAt || r.asAt} onChange={setAsAt} />
          {asAt ? <button type="button" className="button secondary" onClick={() => setAsAt('')}>Default</button> : null}
        </div>
      </div>

      <HealthPanel r={r} />

      <section className="panel" aria-labelledby="rel-overdue-h" data-testid="relationship-overdue">
        <h2 id="rel-overdue-h">Overdue actions</h2>
        <DueTable steps={r.record.overdue} showCase testId="overdue" />
        {r.record.dueSteps.length > r.record.overdue.length ? (
          <details><summary>Everything pending ({r.record.dueSteps.length})</summary><DueTable steps={r.record.dueSteps} showCase testId="pending" /></details>
        ) : null}
      </section>

      {r.record.flags.unsignedContracts.length || r.record.flags.subcontractsWithoutConsent.length || r.hiddenBreaches.length ? (
        <section className="panel flags" aria-labelledby="flags-h" data-testid="flags">
          <h2 id="flags-h">Flags</h2>
          <ul>
            {r.record.flags.unsignedContracts.map((c) => <li key={c.reference} data-testid="flag-unsigned"><strong>{c.reference}</strong> is not signed by the {c.unsignedBy.join(' and ')}{c.refusal ? `, who refused on ${date(c.refusal.on)}` : ''}.</li>)}
            {r.record.flags.subcontractsWithoutConsent.map((f) => <li key={f.subcontract.reference} data-testid="flag-consent">Subcontract without consent: {f.message}. <span className="muted">{f.source}</span></li>)}
            {r.hiddenBreaches.map((h) => (
              <li key={h.key} data-testid="flag-hidden-breach">
                {h.contractReference} {h.period}: {h.indicator} first returned as <strong>{h.reported}</strong>, corrected to <strong>{h.corrected}</strong>: a breach hidden ({money(h.sanctionHiddenPence)} sanction). <Link to={`/contracts/${encodeURIComponent(h.contractReference)}/performance`}>Returns</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <ContractsPanel r={r} />
      <MoneyPanel r={r} />
      <NoticesPanel r={r} />
      <DisputesPanel r={r} />
      {r.youMay.openContractSetting ? <OpenContractSetting r={r} onOpened={(id) => navigate(`/disputes/${encodeURIComponent(id)}`)} /> : null}

      <section className="panel" aria-labelledby="rel-timeline-h">
        <h2 id="rel-timeline-h">Everything that happened</h2>
        <Timeline events={r.record.timeline} testId="relationship-timeline" />
      </section>
    </div>
  );
}
