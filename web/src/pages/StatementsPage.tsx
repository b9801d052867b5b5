import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { api, type ActivitySubmission, type ContractDetail, type PaymentStatement, type SchemeYearTerms, type User } from '../api.ts';
import { useUser } from '../auth.tsx';
import { Chart, NHS_BLUE, type ChartOption } from '../chart.tsx';
import { Dl, Empty, ErrorBox, Loading } from '../components.tsx';
import { countOf, dateTime, label, money, moneyAxis, moneyChange } from '../format.ts';
import { useAsync } from '../hooks.ts';
import { PaymentTermsForm, PAYMENT_MODELS, TermsSummary } from '../payment-terms.tsx';
import { monthLabel, SubmissionReport, UploadPanel } from '../submissions.tsx';

// Payment statements for a contract: the statement for the scheme year up to a chosen month, plan vs
// actual activity, the year-end reconciliation (March), exports, and the ledger of activity submissions.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 2015-03 -> Mar 15 (chart axis) */
function monthShort(period: string): string {
  const [y, m] = period.split('-');
  return `${(MONTHS[Number(m) - 1] ?? m).slice(0, 3)} ${y?.slice(2)}`;
}

/** The payment-scheme year (April to March) a date or period falls in, by its starting calendar year. */
function schemeYearOf(isoDateOrPeriod: string): number {
  const y = Number(isoDateOrPeriod.slice(0, 4));
  const m = Number(isoDateOrPeriod.slice(5, 7));
  return m >= 4 ? y : y - 1;
}

/** 2014 -> "2014/15" (as shown) */
const yearLabel = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, '0')}`;

const DIRECTION: Record<string, string> = {
  commissioner_pays_provider: 'The commissioner pays the provider the balance',
  provider_refunds_commissioner: 'The provider refunds the commissioner the balance',
  settled: 'Settled: earned equals paid on account',
};

const KIND: Record<string, string> = { patient_level: 'Activity', plan: 'Plan' };

function planVsActualChart(s: PaymentStatement): ChartOption {
  const rows = s.statement.planVsActual;
  return {
    grid: { left: 12, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null | undefined) => (typeof v === 'number' ? money(v) : 'not submitted') },
    xAxis: { type: 'category', data: rows.map((r) => monthShort(r.period)), axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', splitNumber: 4, axisLabel: { formatter: (v: number) => moneyAxis(v) } },
    series: [
      { name: 'Plan', type: 'bar', data: rows.map((r) => r.planPence), itemStyle: { color: '#aeb7bd' }, barGap: '10%', barMaxWidth: 28 },
      { name: 'Actual', type: 'bar', data: rows.map((r) => (r.actualPence === null ? '-' : r.actualPence)), itemStyle: { color: NHS_BLUE }, barMaxWidth: 28 },
    ],
  };
}

function Swatch({ color }: { color: string }) {
  return <span aria-hidden="true" style={{ display: 'inline-block', width: 12, height: 12, background: color, marginRight: 6, verticalAlign: 'middle' }} />;
}

function StatementTable({ s }: { s: PaymentStatement }) {
  const lines = s.statement.lines;
  const sum = lines.reduce((a, l) => a + l.amountPence, 0);
  return (
    <section className="panel" aria-labelledby="statement-h" data-testid="statement">
      <h2 id="statement-h">Statement for {s.year}, April to {monthLabel(s.statement.throughPeriod)}</h2>
      {s.tariff ? <p className="hint" style={{ fontSize: '0.9rem' }} data-testid="statement-tariff">Priced at the {s.tariff.year} tariff. <span className="muted">{s.tariff.source}</span></p> : null}
      {lines.length === 0 ? (
        <Empty testId="statement-empty">No statement lines for this period.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="statement-table">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Description</th>
                <th scope="col">Rule</th>
                <th scope="col" className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l, i) => (
                <tr key={i} data-testid="statement-line">
                  <td className="nowrap">{monthShort(l.period)}</td>
                  <td>{l.description}</td>
                  <td>
                    {l.rule.label}
                    <div className="code" title={l.rule.source} data-testid="statement-rule-id">{l.rule.id}</div>
                  </td>
                  <td className={`num ${l.amountPence < 0 ? 'negative' : ''}`} data-testid="statement-amount">{money(l.amountPence)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr style={{ borderTop: '2px solid #212b32' }}>
                <th scope="row" colSpan={3} style={{ borderTop: '2px solid #212b32' }}>Total, {s.year} to {monthLabel(s.statement.throughPeriod)}</th>
                <td className="num" style={{ borderTop: '2px solid #212b32', fontWeight: 700 }} data-testid="statement-total" data-pence={s.statement.totalPence}>
                  {money(s.statement.totalPence)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {sum !== s.statement.totalPence ? (
        <p className="field-error" role="alert" data-testid="statement-sum-mismatch">
          The lines add up to {money(sum)}, not the total {money(s.statement.totalPence)}: please report this.
        </p>
      ) : null}
      {s.statement.notes.length ? (
        <>
          <h3>Notes</h3>
          <ul data-testid="statement-notes">
            {s.statement.notes.map((n, i) => <li key={i}>{n}</li>)}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function Reconciliation({ s }: { s: PaymentStatement }) {
  const r = s.reconciliation;
  if (!r) return null;
  return (
    <section className="panel" aria-labelledby="reconciliation-h" data-testid="reconciliation">
      <h2 id="reconciliation-h">Year-end reconciliation, {r.year}</h2>
      <p className="hint">
        Each month 1/12 of the expected annual contract value ({money(s.expectedAnnualValuePence)}) is paid on account; at year end it is reconciled with what was earned.
      </p>
      <Dl
        rows={[
          ['Earned', <strong>{money(r.earnedPence)}</strong>, 'reconciliation-earned'],
          ['Paid on account', money(r.paidPence), 'reconciliation-paid'],
          ['Balance', <strong style={r.balancePence < 0 ? { color: '#d5281b' } : undefined}>{moneyChange(r.balancePence)}</strong>, 'reconciliation-balance'],
          ['Which way', <span>{DIRECTION[r.direction] ?? label(r.direction)}{r.balancePence !== 0 ? <>: <strong>{money(Math.abs(r.balancePence))}</strong></> : null}</span>, 'reconciliation-direction'],
          ['Activity: plan', money(r.planPence)],
          ['Activity: actual (reported months)', money(r.actualPence)],
          ['Activity variance against plan', moneyChange(r.activityVariancePence), 'reconciliation-variance'],
        ]}
      />
    </section>
  );
}

function who(s: ActivitySubmission, user: User, names: Map<string, string>): ReactNode {
  const org = s.submittedByOrganisation;
  const name = org ? names.get(org) : undefined;
  const orgText = org ? (name ? `${name} (${org})` : org) : '—';
  const person = s.submittedBy === user.userId ? `${s.submittedByName} (you)` : s.submittedByName;
  return (
    <>
      {orgText}
      <div className="muted" data-testid="submission-by">{person}</div>
    </>
  );
}

function SubmissionDetail({ contractId, submissionId, onClose }: { contractId: string; submissionId: string; onClose: () => void }) {
  const sub = useAsync(() => api.submission(contractId, submissionId), [contractId, submissionId]);
  const s = sub.data && sub.data.id === submissionId ? sub.data : undefined;
  return (
    <div className="panel" style={{ background: '#f7fafb', marginTop: 12 }} data-testid="submission-detail" aria-live="polite">
      <div className="panel-head">
        <h3 style={{ margin: 0 }}>{s ? <>Report: <span className="code">{s.fileName}</span></> : 'Report'}</h3>
        <button type="button" className="link-button" onClick={onClose} data-testid="submission-detail-close">Close</button>
      </div>
      {sub.error ? <ErrorBox error={sub.error} /> : null}
      {!s && !sub.error ? <Loading what="the submission" /> : null}
      {s ? <div data-testid="submission-detail-ready"><SubmissionReport s={s} /></div> : null}
    </div>
  );
}

function SubmissionsLedger({ detail, subs, user }: { detail: ContractDetail; subs: ActivitySubmission[]; user: User }) {
  const [open, setOpen] = useState<string | null>(null);
  const names = useMemo(() => new Map(detail.contract.parties.map((p) => [p.organisationCode, p.name])), [detail]);
  const byId = useMemo(() => new Map(subs.map((s) => [s.id, s])), [subs]);
  return (
    <section className="panel" aria-labelledby="ledger-h" data-testid="submissions-ledger">
      <h2 id="ledger-h">Submissions ledger</h2>
      <p className="hint">
        Every file received, superseded ones included; each is fingerprinted with its SHA-256. Choose a file to see its rejected rows.
      </p>
      {subs.length === 0 ? (
        <Empty testId="submissions-empty">No activity or plan has been submitted for this contract.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="submissions-table">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Kind</th>
                <th scope="col">File</th>
                <th scope="col" className="num">Read</th>
                <th scope="col" className="num">Priced</th>
                <th scope="col" className="num">Rejected</th>
                <th scope="col">SHA-256</th>
                <th scope="col">Submitted by</th>
                <th scope="col">Submitted at</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {subs.map((s) => {
                const next = s.supersededBy ? byId.get(s.supersededBy) : undefined;
                return (
                  <tr
                    key={s.id}
                    data-testid={`submission-${s.id}`}
                    data-period={s.period}
                    data-kind={s.kind}
                    data-current={s.current ? 'true' : 'false'}
                    style={{ ...(open === s.id ? { background: '#e8f1f8' } : {}), ...(s.current ? {} : { color: '#4c6272' }) }}
                  >
                    <td className="nowrap">{s.kind === 'plan' ? yearLabel(schemeYearOf(s.period)) : monthShort(s.period)}</td>
                    <td title={s.kind === 'patient_level' ? 'Patient-level activity' : 'Activity plan for the year'}>{KIND[s.kind] ?? label(s.kind)}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        style={{ textAlign: 'left', wordBreak: 'break-word' }}
                        aria-expanded={open === s.id}
                        onClick={() => setOpen(open === s.id ? null : s.id)}
                        data-testid="submission-open"
                      >
                        {s.fileName}
                      </button>
                    </td>
                    <td className="num">{s.rowsRead.toLocaleString('en-GB')}</td>
                    <td className="num">{s.rowsPriced.toLocaleString('en-GB')}</td>
                    <td className={`num ${s.rowsRejected > 0 ? 'negative' : ''}`} data-testid="submission-rejected">
                      {s.rowsRejected > 0 ? <strong>{s.rowsRejected.toLocaleString('en-GB')}</strong> : '0'}
                    </td>
                    <td><abbr className="code" title={s.sha256} data-testid="submission-sha">{s.sha256.slice(0, 10)}…</abbr></td>
                    <td>{who(s, user, names)}</td>
                    <td className="nowrap">{dateTime(s.submittedAt)}</td>
                    <td data-testid="submission-status">
                      {s.supersededBy ? (
                        <>
                          <span className="tag tag-expired">Superseded</span>
                          <div className="code" style={{ wordBreak: 'break-word' }}>by {next ? next.fileName : s.supersededBy}</div>
                        </>
                      ) : s.current ? (
                        <span className="tag tag-live">Current</span>
                      ) : (
                        <span className="tag tag-draft">Not current</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {open ? <SubmissionDetail contractId={detail.contract.id} submissionId={open} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

function StatementView({ s, detail }: { s: PaymentStatement; detail: ContractDetail }) {
  const option = useMemo(() => planVsActualChart(s), [s]);
  const reported = s.statement.planVsActual.filter((r) => r.actualPence !== null);
  const plan = s.statement.planVsActual.reduce((a, r) => a + r.planPence, 0);
  const actual = reported.reduce((a, r) => a + (r.actualPence ?? 0), 0);
  const planReported = reported.reduce((a, r) => a + r.planPence, 0);
  return (
    <div data-testid="statement-ready" data-period={s.period}>
      <div className="cards">
        <div className="card">
          <div className="card-label">Earned, {s.year} to {monthLabel(s.statement.throughPeriod)}</div>
          <div className="card-value" data-testid="card-total">{money(s.statement.totalPence)}</div>
        </div>
        <div className="card">
          <div className="card-label">Expected annual contract value</div>
          <div className="card-value">{money(s.expectedAnnualValuePence)}</div>
          <div className="muted">{s.expectedAnnualValueBasis === 'terms' ? 'from the payment terms' : s.expectedAnnualValueBasis}</div>
        </div>
        <div className="card">
          <div className="card-label">Activity priced against plan</div>
          <div className="card-value">{moneyChange(actual - planReported)}</div>
          <div className="muted">{money(actual)} actual, {money(planReported)} plan ({countOf(reported.length, 'month')})</div>
        </div>
      </div>
      <StatementTable s={s} />
      <section className="panel" aria-labelledby="pva-h" data-testid="plan-vs-actual">
        <h2 id="pva-h">Plan vs actual activity by month</h2>
        <p className="hint">
          Activity priced at tariff each month against the plan{s.plan ? <> (plan for the year {money(s.plan.totalPence)})</> : null}. Months without a submission show the plan only.
          {' '}<Swatch color="#aeb7bd" />Plan <Swatch color={NHS_BLUE} />Actual
        </p>
        {s.statement.planVsActual.length === 0 ? (
          <Empty testId="plan-vs-actual-empty">No plan or activity for this year yet.</Empty>
        ) : (
          <Chart option={option} height={280} testId="plan-vs-actual-chart" ariaLabel={`Plan and actual activity by month, ${s.year}: plan ${money(plan)}, actual ${money(actual)}`} />
        )}
      </section>
      <Reconciliation s={s} />
      {!s.reconciliation ? (
        <p className="muted" data-testid="reconciliation-note">The year-end reconciliation is shown on the March statement.</p>
      ) : null}
      <p className="muted">
        Contract: <Link to={`/contracts/${encodeURIComponent(detail.contract.reference)}`}>{detail.contract.reference}</Link> · payment model {label(String(s.terms.model ?? s.statement.model))}
      </p>
    </div>
  );
}

/** The key figure of a year's terms, in words, for the table of years. */
function termsHeadline(t: Record<string, unknown>): string {
  const model = PAYMENT_MODELS.find((m) => m.model === t.model);
  const figure = ['annualValuePence', 'fixedAnnualPence', 'floorAnnualPence', 'baselinePence'].find((k) => typeof t[k] === 'number');
  const short = model?.label.split(':')[0] ?? label(String(t.model));
  return figure ? `${short}: ${money(Number(t[figure]))}` : short;
}

/**
 * Every scheme year of the contract's term with its payment terms, or a plain "no terms" for a year
 * without; the co-ordinating commissioner sets or changes them here.
 */
function PaymentTermsPanel({ detail, years, onSaved }: { detail: ContractDetail; years: SchemeYearTerms[]; onSaved: () => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const may = detail.youMay.setPaymentTerms;
  const year = years.find((y) => y.pathYear === editing);
  return (
    <>
      <section className="panel" aria-labelledby="terms-h" data-testid="payment-terms">
        <h2 id="terms-h">Payment terms by scheme year</h2>
        <p className="hint">
          A statement is worked out from the terms agreed for its scheme year (April to March).
          {may ? ' As the co-ordinating commissioner you set them; the provider sees them here.' : ' The co-ordinating commissioner sets them.'}
        </p>
        {saved ? <p className="success" role="status" data-testid="terms-saved">{saved}</p> : null}
        <div className="table-wrap">
          <table className="table" data-testid="terms-years">
            <thead>
              <tr><th scope="col">Scheme year</th><th scope="col">Terms</th>{may ? <th scope="col"><span className="visually-hidden">Action</span></th> : null}</tr>
            </thead>
            <tbody>
              {years.map((y) => (
                <tr key={y.year} data-testid={`terms-year-${y.pathYear}`} data-has-terms={y.terms ? 'true' : 'false'}>
                  <th scope="row" className="nowrap">{y.year}</th>
                  <td>
                    {y.terms ? (
                      <details>
                        <summary data-testid="terms-headline">{termsHeadline(y.terms.terms)}</summary>
                        <TermsSummary terms={y.terms} testId={`terms-summary-${y.pathYear}`} />
                      </details>
                    ) : (
                      <span className="muted" data-testid="terms-none">No payment terms for {y.year}: no statement for its months{may ? '' : ' until the co-ordinating commissioner sets them'}.</span>
                    )}
                  </td>
                  {may ? (
                    <td className="nowrap">
                      <button type="button" className="button secondary" onClick={() => { setEditing(y.pathYear); setSaved(null); }} data-testid={`terms-edit-${y.pathYear}`}>
                        {y.terms ? 'Change' : 'Set terms'}<span className="visually-hidden"> for {y.year}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {may && year ? (
        <PaymentTermsForm
          key={year.pathYear}
          contractId={detail.contract.id}
          year={year}
          onCancel={() => setEditing(null)}
          onSaved={(t) => {
            setEditing(null);
            setSaved(`Payment terms for ${t.year} saved.`);
            onSaved();
          }}
        />
      ) : null}
    </>
  );
}

export function StatementsPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const [version, setVersion] = useState(0);
  const detail = useAsync(() => api.contract(id), [id]);
  const d = detail.data && (detail.data.contract.id === id || detail.data.contract.reference === id) ? detail.data : undefined;
  // The years of the term and which have terms, asked once: the page never asks for terms that are not there.
  const terms = useAsync(() => (d ? api.paymentTermsByYear(d.contract.id) : Promise.resolve(undefined)), [d?.contract.id, version]);
  const subs = useAsync(() => (d ? api.submissions(d.contract.id) : Promise.resolve(undefined)), [d?.contract.id, version]);

  const allYears = terms.data?.years ?? [];
  const years = allYears.filter((y) => y.terms !== null);
  /** Months with a current activity submission. */
  const withActivity = useMemo(
    () => new Set((subs.data ?? []).filter((s) => s.kind === 'patient_level' && s.current).map((s) => s.period)),
    [subs.data],
  );
  const allPeriods = years.flatMap((y) => y.periods);
  const latestActivity = allPeriods.filter((p) => withActivity.has(p)).pop();
  const fallback = latestActivity ?? years[years.length - 1]?.periods[0];
  const asked = params.get('period');
  const askedOk = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : undefined;
  const period = askedOk ?? (subs.loading ? undefined : fallback);
  const setPeriod = (p: string) => {
    const next = new URLSearchParams(params);
    next.set('period', p);
    setParams(next, { replace: true });
  };
  // A statement is asked for only for a month of a year with terms.
  const periodHasTerms = !!period && allPeriods.includes(period);
  const ready = !!d && !!terms.data && years.length > 0 && !!period && periodHasTerms;
  const statement = useAsync(
    () => (ready && d && period ? api.statement(d.contract.id, period) : Promise.resolve(undefined)),
    [ready, d?.contract.id, period, version],
  );
  // From the contract page's links (#terms-h, #upload): scroll there once the panels are drawn.
  const location = useLocation();
  const scrolled = useRef(false);
  useEffect(() => {
    if (!location.hash || scrolled.current || !terms.data || !subs.data) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      target.scrollIntoView();
      scrolled.current = true;
    }
  }, [location.hash, terms.data, subs.data]);

  if (detail.error?.kind === 'not_found') {
    return (
      <div className="not-found" data-testid="statements-not-found">
        <h1>Contract not found</h1>
        <p>
          There is no contract <strong>{id}</strong>, or it is not visible to your organisation. Payment statements are visible to the
          organisations that are party to the contract (and to the system view).
        </p>
        <p><Link to="/contracts">Browse the contracts you can see</Link></p>
      </div>
    );
  }
  if (detail.error) return <ErrorBox error={detail.error} />;
  if (!d) return <Loading what="the contract" />;
  const c = d.contract;
  const s = statement.data && statement.data.period === period ? statement.data : undefined;
  const mayUpload = d.youMay.submitActivity || d.youMay.submitPlan;
  const periodYear = period ? allYears.find((y) => y.periods.includes(period)) : undefined;

  return (
    <div data-testid="page-statements">
      <p className="breadcrumb">
        <Link to="/contracts">Contracts</Link> › <Link to={`/contracts/${encodeURIComponent(c.reference)}`}>{c.reference}</Link> › Statements
      </p>
      <div className="page-head">
        <div>
          <h1>
            <span className="ref" data-testid="contract-reference">{c.reference}</span> Payment statements
          </h1>
          <p className="lede">{d.current.title} · {label(c.model)}</p>
        </div>
        {ready && period ? (
          <div className="toolbar" data-testid="statement-toolbar">
            <div className="field inline">
              <label htmlFor="statement-period">Statement to the end of</label>
              <select id="statement-period" value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="statement-period">
                {years.map((y) => (
                  <optgroup key={y.year} label={`Scheme year ${y.year}`}>
                    {y.periods.map((p) => (
                      <option key={p} value={p}>
                        {monthLabel(p)}{withActivity.has(p) ? '' : ' (no activity submitted)'}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <a className="button secondary" href={api.statementExportUrl(c.id, period, 'csv')} download data-testid="download-csv">
              Download CSV
            </a>
            <a className="button secondary" href={api.statementExportUrl(c.id, period, 'xlsx')} download data-testid="download-xlsx">
              Download XLSX
            </a>
          </div>
        ) : null}
      </div>

      {terms.error ? <ErrorBox error={terms.error} title="The payment terms could not be read" /> : null}
      {terms.loading && !terms.data ? <Loading what="the payment terms" /> : null}
      {terms.data && years.length === 0 ? (
        <div className="panel" data-testid="statements-no-terms">
          <h2>No payment terms recorded for this contract</h2>
          <p className="muted" style={{ margin: 0 }}>
            A statement is worked out from the payment terms agreed for each scheme year ({allYears.map((y) => y.year).join(', ')}).
            {d.youMay.setPaymentTerms ? ' Set them below; statements then appear here.' : ' Once the co-ordinating commissioner records them, statements appear here.'}
          </p>
        </div>
      ) : null}

      {ready ? (
        <>
          {statement.error ? <ErrorBox error={statement.error} title={`No statement for ${period ? monthLabel(period) : 'that month'}`} testId="statement-error" /> : null}
          {!s && !statement.error ? <Loading what="the statement" /> : null}
          {s ? <StatementView s={s} detail={d} /> : null}
        </>
      ) : null}
      {terms.data && askedOk && !periodHasTerms && years.length > 0 ? (
        <div className="panel" data-testid="statement-year-no-terms">
          <h2>No statement for {monthLabel(askedOk)}</h2>
          <p className="muted" style={{ margin: 0 }}>
            {periodYear ? `There are no payment terms for ${periodYear.year}.` : `${monthLabel(askedOk)} is outside the contract's term.`} Choose a month of {years.map((y) => y.year).join(' or ')}.
          </p>
        </div>
      ) : null}

      {terms.data ? <PaymentTermsPanel detail={d} years={allYears} onSaved={() => setVersion((v) => v + 1)} /> : null}

      {terms.data && subs.data && mayUpload ? (
        <UploadPanel
          detail={d}
          years={allYears}
          subs={subs.data}
          onSubmitted={(sub) => {
            setVersion((v) => v + 1);
            if (sub.kind === 'patient_level' && allPeriods.includes(sub.period)) setPeriod(sub.period);
          }}
        />
      ) : null}

      {subs.error ? <ErrorBox error={subs.error} title="The submissions could not be read" /> : null}
      {subs.data && (subs.data.length > 0 || years.length > 0 || mayUpload) ? <SubmissionsLedger detail={d} subs={subs.data} user={user} /> : null}
    </div>
  );
}
