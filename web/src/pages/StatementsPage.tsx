import { useMemo, useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, type ActivitySubmission, type ContractDetail, type PaymentStatement, type PaymentTerms, type User } from '../api.ts';
import { useUser } from '../auth.tsx';
import { Chart, NHS_BLUE, type ChartOption } from '../chart.tsx';
import { Dl, Empty, ErrorBox, Loading } from '../components.tsx';
import { dateTime, label, money, moneyAxis, moneyChange } from '../format.ts';
import { useAsync } from '../hooks.ts';

// Payment statements for a contract: the statement for the scheme year up to a chosen month, plan vs
// actual activity, the year-end reconciliation (March), exports, and the ledger of activity submissions.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** The most scheme years probed for payment terms (a ten-year contract is the longest in the demo). */
const MAX_YEARS = 15;

/** 2015-03 -> March 2015 */
function monthLabel(period: string): string {
  const [y, m] = period.split('-');
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

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

/** 2014 -> "2014-15" (as in a path) */
const yearPath = (start: number) => `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
/** 2014 -> "2014/15" (as shown) */
const yearLabel = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, '0')}`;

/** April of `start` to March of the year after. */
function periodsOf(start: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((3 + i) % 12) + 1;
    const y = i < 9 ? start : start + 1;
    return `${y}-${String(m).padStart(2, '0')}`;
  });
}

/** The scheme years a contract spans (as varied, if its end date moved). */
function contractYears(d: ContractDetail): number[] {
  const ends = [d.contract.endDate, d.current.endDate].sort();
  const first = schemeYearOf(d.contract.startDate);
  const last = schemeYearOf(ends[ends.length - 1] ?? d.contract.endDate);
  const years: number[] = [];
  for (let y = first; y <= last && years.length < MAX_YEARS; y++) years.push(y);
  return years;
}

interface YearTerms {
  start: number;
  terms: PaymentTerms;
}

/** The payment terms recorded for each scheme year of the contract (years without terms are left out). */
async function loadTerms(detail: ContractDetail): Promise<YearTerms[]> {
  const found = await Promise.all(
    contractYears(detail).map(async (start) => {
      try {
        return { start, terms: await api.paymentTerms(detail.contract.id, yearPath(start)) };
      } catch (e) {
        if (e instanceof ApiError && e.kind === 'not_found') return null;
        throw e;
      }
    }),
  );
  return found.filter((y): y is YearTerms => y !== null);
}

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
  const person = s.submittedBy === user.userId ? `${user.username} (you)` : s.submittedBy === 'system' ? 'system' : `user ${s.submittedBy.slice(0, 8)}…`;
  return (
    <>
      {orgText}
      <div className="code" title={s.submittedBy}>{person}</div>
    </>
  );
}

function SubmissionDetail({ contractId, submissionId, onClose }: { contractId: string; submissionId: string; onClose: () => void }) {
  const sub = useAsync(() => api.submission(contractId, submissionId), [contractId, submissionId]);
  const s = sub.data && sub.data.id === submissionId ? sub.data : undefined;
  return (
    <div className="panel" style={{ background: '#f7fafb', marginTop: 12 }} data-testid="submission-detail" aria-live="polite">
      <div className="panel-head">
        <h3 style={{ margin: 0 }}>{s ? <>Rejection report: <span className="code">{s.fileName}</span></> : 'Rejection report'}</h3>
        <button type="button" className="link-button" onClick={onClose} data-testid="submission-detail-close">Close</button>
      </div>
      {sub.error ? <ErrorBox error={sub.error} /> : null}
      {!s && !sub.error ? <Loading what="the submission" /> : null}
      {s ? (
        <div data-testid="submission-detail-ready">
          <p className="hint">
            {monthLabel(s.period)} · {s.rowsRead.toLocaleString('en-GB')} rows read, {s.rowsPriced.toLocaleString('en-GB')} priced ({money(s.totalPence)}),{' '}
            <strong>{s.rowsRejected.toLocaleString('en-GB')} rejected</strong>. SHA-256 <span className="code" style={{ wordBreak: 'break-all' }}>{s.sha256}</span>
          </p>
          {s.rejections.detailed.length === 0 ? (
            <Empty testId="rejections-empty">No rows were rejected.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="rejections-table">
                <thead>
                  <tr>
                    <th scope="col" className="num">Line</th>
                    <th scope="col">Field</th>
                    <th scope="col">Value</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {s.rejections.detailed.map((r, i) => (
                    <tr key={i} data-testid="rejection">
                      <td className="num">{r.line}</td>
                      <td><span className="code">{r.field}</span></td>
                      <td><span className="code">{r.value === '' ? '(blank)' : r.value}</span></td>
                      <td>
                        {r.message}
                        <div className="code">{r.reason}</div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {s.rejections.truncated ? <p className="hint">Only the first rejections are listed; the counts below cover them all.</p> : null}
          {Object.keys(s.rejections.byReason).length ? (
            <p data-testid="rejections-by-reason">
              <strong>By reason:</strong>{' '}
              {Object.entries(s.rejections.byReason).map(([k, n]) => `${label(k)} ${n}`).join(' · ')}
            </p>
          ) : null}
          {s.hints.length ? (
            <>
              <h3>Hints (rows priced, but worth checking)</h3>
              <ul data-testid="submission-hints">
                {s.hints.map((h) => (
                  <li key={h.kind}>
                    {h.message}: {h.count} row{h.count === 1 ? '' : 's'}
                    {h.firstLines.length ? <span className="muted"> (line{h.firstLines.length === 1 ? '' : 's'} {h.firstLines.join(', ')})</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
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
          <div className="muted">{money(actual)} actual, {money(planReported)} plan ({reported.length} month{reported.length === 1 ? '' : 's'})</div>
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

export function StatementsPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const detail = useAsync(() => api.contract(id), [id]);
  const d = detail.data && (detail.data.contract.id === id || detail.data.contract.reference === id) ? detail.data : undefined;
  const terms = useAsync(() => (d ? loadTerms(d) : Promise.resolve(undefined)), [d?.contract.id]);
  const subs = useAsync(() => (d ? api.submissions(d.contract.id) : Promise.resolve(undefined)), [d?.contract.id]);

  const years = terms.data ?? [];
  /** Months with a current activity submission. */
  const withActivity = useMemo(
    () => new Set((subs.data ?? []).filter((s) => s.kind === 'patient_level' && s.current).map((s) => s.period)),
    [subs.data],
  );
  const allPeriods = years.flatMap((y) => periodsOf(y.start));
  const latestActivity = allPeriods.filter((p) => withActivity.has(p)).pop();
  const fallback = latestActivity ?? (years.length ? periodsOf(years[years.length - 1]!.start)[0] : undefined);
  const asked = params.get('period');
  const period = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : subs.loading ? undefined : fallback;
  const setPeriod = (p: string) => {
    const next = new URLSearchParams(params);
    next.set('period', p);
    setParams(next, { replace: true });
  };
  const ready = !!d && !!terms.data && years.length > 0 && !!period;
  const statement = useAsync(
    () => (ready && d && period ? api.statement(d.contract.id, period) : Promise.resolve(undefined)),
    [ready, d?.contract.id, period],
  );

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
                {!allPeriods.includes(period) ? <option value={period}>{monthLabel(period)}</option> : null}
                {years.map((y) => (
                  <optgroup key={y.start} label={`Scheme year ${yearLabel(y.start)}`}>
                    {periodsOf(y.start).map((p) => (
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
            A statement is worked out from the payment terms agreed for each scheme year ({contractYears(d).map(yearLabel).join(', ')}). Once terms are recorded, statements appear here.
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

      {subs.error ? <ErrorBox error={subs.error} title="The submissions could not be read" /> : null}
      {subs.data && (subs.data.length > 0 || years.length > 0) ? <SubmissionsLedger detail={d} subs={subs.data} user={user} /> : null}
    </div>
  );
}
