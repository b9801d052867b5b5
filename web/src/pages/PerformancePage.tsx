import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, type ContractPerformance, type ManagementTerms, type PerformanceIndicator, type ReturnInput } from '../api.ts';
import { Empty, ErrorBox, Loading } from '../components.tsx';
import { date, dateTime, label, money, parsePounds } from '../format.ts';
import { asApiError, useAsync } from '../hooks.ts';

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((n * 100) / d).toFixed(1)}%`);

function consequenceText(c: PerformanceIndicator['terms'][number]['consequence']): string {
  if (c.kind === 'none') return 'No sanction';
  if (c.kind === 'per_breach') return `${money(c.amountPence ?? 0)} a month in breach`;
  if (c.kind === 'per_patient') return `${money(c.amountPence ?? 0)} a case beyond the threshold`;
  return `${((c.rateMicros ?? 0) / 10_000).toFixed(2)}% of the Actual Monthly Value`;
}

function IndicatorsPanel({ terms, onSaved }: { terms: ManagementTerms; onSaved: (t: ManagementTerms) => void }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(() => JSON.stringify(terms.indicators, null, 2));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function save(e: FormEvent) {
    e.preventDefault();
    let indicators: PerformanceIndicator[];
    try {
      indicators = JSON.parse(text) as PerformanceIndicator[];
    } catch {
      setError(new ApiError(400, 'invalid', 'The indicators are not valid JSON', [{ path: 'indicators', message: 'check the JSON' }]));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.setManagementTerms(terms.reference, { indicators, reason }));
      setEditing(false);
      setReason('');
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="panel" aria-labelledby="indicators-h" data-testid="indicators">
      <div className="panel-head">
        <h2 id="indicators-h">Performance indicators</h2>
        {terms.youMay.setTerms && !editing ? <button type="button" className="button secondary" onClick={() => setEditing(true)} data-testid="edit-indicators">Change the indicators</button> : null}
      </div>
      {terms.indicators.length === 0 ? <Empty testId="indicators-empty">No KPIs or quality requirements are set on this contract.</Empty> : (
        <table className="table">
          <thead><tr><th scope="col">Indicator</th><th scope="col">Standard</th><th scope="col">From year</th><th scope="col">Consequence of a breach</th><th scope="col">Source</th></tr></thead>
          <tbody>
            {terms.indicators.flatMap((i) => i.terms.map((t, n) => (
              <tr key={`${i.id}-${t.fromYear}`}>
                {n === 0 ? <td rowSpan={i.terms.length}><strong>{i.name}</strong><div className="changes">{i.id} · {label(i.scope)}</div></td> : null}
                <td>{i.direction === 'at_least' ? 'At least' : 'At most'} {i.measure === 'share' ? `${(t.threshold / 10_000).toFixed(1)}%` : t.threshold} {i.measure === 'share' ? `of ${i.unit}` : i.unit}</td>
                <td>{t.fromYear}</td>
                <td>{consequenceText(t.consequence)}</td>
                <td className="changes">{t.source} [{t.confidence}]</td>
              </tr>
            )))}
          </tbody>
        </table>
      )}
      {editing ? (
        <form onSubmit={save} noValidate data-testid="indicators-form">
          {error ? <ErrorBox error={error} title="The indicators were not saved" /> : null}
          <div className="field"><label htmlFor="indicators-json">Indicators (JSON: id, name, scope, measure, direction, unit, terms by year)</label><textarea id="indicators-json" rows={14} value={text} onChange={(e) => setText(e.target.value)} /></div>
          <p className="hint">
            National standards:{' '}
            {terms.nationalStandards.map((n) => (
              <button key={n.id} type="button" className="link-button" onClick={() => {
                try {
                  const list = JSON.parse(text) as PerformanceIndicator[];
                  if (!list.some((x) => x.id === n.id)) setText(JSON.stringify([...list, n], null, 2));
                } catch { /* leave the text for the user to fix */ }
              }}>add {n.name}</button>
            ))}
          </p>
          <div className="field"><label htmlFor="indicators-reason">Why they change</label><input id="indicators-reason" value={reason} onChange={(e) => setReason(e.target.value)} /></div>
          <button type="submit" className="button" disabled={busy}>{busy ? 'Saving…' : 'Save the indicators'}</button>{' '}
          <button type="button" className="button secondary" onClick={() => setEditing(false)}>Cancel</button>
        </form>
      ) : null}
    </section>
  );
}

function ReturnsPanel({ perf }: { perf: ContractPerformance }) {
  const hidden = new Set(perf.hiddenBreaches.map((h) => h.superseded.return.id));
  const assessed = new Map(perf.assessments.map((a) => [a.return.id, a]));
  return (
    <section className="panel" aria-labelledby="returns-h" data-testid="returns">
      <h2 id="returns-h">Monthly returns</h2>
      <p className="hint">Every return is kept. A correction supersedes the earlier return, which stays here, marked superseded: a restated figure shows as such.</p>
      {perf.returns.length === 0 ? <Empty testId="returns-empty">No returns yet.</Empty> : (
        <div className="table-wrap">
          <table className="table" data-testid="returns-table">
            <thead><tr><th scope="col">Month</th><th scope="col">Indicator</th><th scope="col" className="num">Figure</th><th scope="col">Status</th><th scope="col">Judged</th><th scope="col">Submitted</th><th scope="col">Note</th></tr></thead>
            <tbody>
              {perf.returns.map((r) => {
                const a = assessed.get(r.id);
                return (
                  <tr key={r.id} className={r.status === 'superseded' ? 'superseded' : undefined} data-testid={`return-${r.status}`}>
                    <td className="nowrap">{r.period}</td>
                    <td>{r.indicatorId}</td>
                    <td className="num">{r.denominator !== undefined ? `${r.numerator} of ${r.denominator} (${pct(r.numerator, r.denominator)})` : r.numerator}</td>
                    <td>{r.status === 'superseded' ? <span className="tag tag-draft">Superseded{hidden.has(r.id) ? ': it hid a breach' : ''}</span> : <span className="tag tag-live">Current</span>}</td>
                    <td>{a ? (a.met ? 'Met' : <strong className="negative">Breach: {money(a.sanctionPence)}</strong>) : '—'}</td>
                    <td className="nowrap">{date(r.submittedOn)} · {r.submittedBy}<div className="changes">{dateTime(r.submittedAt)}</div></td>
                    <td>{r.note ?? ''}</td>
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

function BreachesPanel({ perf }: { perf: ContractPerformance }) {
  return (
    <section className="panel" aria-labelledby="breaches-h" data-testid="breaches">
      <h2 id="breaches-h">Breaches, computed from the current returns: {money(perf.sanctionsPence)} of sanctions</h2>
      {perf.breaches.length === 0 ? <Empty testId="breaches-empty">No breaches.</Empty> : (
        <table className="table">
          <thead><tr><th scope="col">Month</th><th scope="col">Indicator</th><th scope="col">Figure</th><th scope="col" className="num">Sanction</th><th scope="col">How</th></tr></thead>
          <tbody>{perf.breaches.map((b) => <tr key={b.key}><td>{b.return.period}</td><td>{b.indicator.name}</td><td>{b.valueText}</td><td className="num">{money(b.sanctionPence)}</td><td>{b.sanctionBasis}</td></tr>)}</tbody>
        </table>
      )}
      {perf.hiddenBreaches.length ? (
        <>
          <h3>Breaches that returns later corrected had hidden</h3>
          <table className="table" data-testid="hidden-breaches">
            <thead><tr><th scope="col">Month</th><th scope="col">Indicator</th><th scope="col">First returned</th><th scope="col">Corrected</th><th scope="col" className="num">Sanction hidden</th></tr></thead>
            <tbody>{perf.hiddenBreaches.map((h) => <tr key={h.key}><td>{h.current.return.period}</td><td>{h.current.indicator.name}</td><td>{h.superseded.valueText}</td><td><strong>{h.current.valueText}</strong></td><td className="num">{money(h.sanctionHiddenPence)}</td></tr>)}</tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

interface Row { period: string; indicatorId: string; numerator: string; denominator: string; note: string }

/** Enter a month's returns, or upload them as CSV: period,indicator,numerator,denominator,note. */
function ReturnsForm({ perf, onDone }: { perf: ContractPerformance; onDone: () => void }) {
  const blank = (): Row => ({ period: '', indicatorId: perf.indicators[0]?.id ?? '', numerator: '', denominator: '', note: '' });
  const [rows, setRows] = useState<Row[]>([blank()]);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (i: number, k: keyof Row, v: string) => setRows(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  async function upload(file: File) {
    const lines = (await file.text()).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const body = lines[0]?.toLowerCase().startsWith('period') ? lines.slice(1) : lines;
    setRows(body.map((l) => {
      const [period = '', indicatorId = '', numerator = '', denominator = '', ...note] = l.split(',');
      return { period: period.trim(), indicatorId: indicatorId.trim(), numerator: numerator.trim(), denominator: denominator.trim(), note: note.join(',').trim() };
    }));
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    const returns: ReturnInput[] = rows.map((r) => ({
      period: r.period, indicatorId: r.indicatorId, numerator: Number(r.numerator),
      ...(r.denominator.trim() ? { denominator: Number(r.denominator) } : {}), ...(r.note.trim() ? { note: r.note.trim() } : {}),
    }));
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const saved = await api.submitReturns(perf.contract.reference, returns);
      setDone(`${saved.length} return${saved.length === 1 ? '' : 's'} recorded${saved.some((s) => s.supersedes) ? `, ${saved.filter((s) => s.supersedes).length} superseding an earlier one` : ''}.`);
      setRows([blank()]);
      onDone();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }
  const err = (i: number, f: string) => error?.issuesFor(`returns.${i}.${f}`) ?? [];
  return (
    <section className="panel" aria-labelledby="submit-returns-h" data-testid="returns-form-panel">
      <h2 id="submit-returns-h">Submit returns</h2>
      {done ? <p className="success" role="status" data-testid="returns-success">{done}</p> : null}
      {error ? <ErrorBox error={error} title="No return was recorded" testId="returns-error" /> : null}
      <form onSubmit={submit} noValidate data-testid="returns-form">
        <table className="table">
          <thead><tr><th scope="col">Month (YYYY-MM)</th><th scope="col">Indicator</th><th scope="col">Met (or count)</th><th scope="col">In scope</th><th scope="col">Note (why restated)</th></tr></thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td><input aria-label="Month" value={r.period} onChange={(e) => set(i, 'period', e.target.value)} data-testid={`return-period-${i}`} />{err(i, 'period').map((m) => <p key={m} className="field-error">{m}</p>)}</td>
                <td>
                  <select aria-label="Indicator" value={r.indicatorId} onChange={(e) => set(i, 'indicatorId', e.target.value)}>
                    {perf.indicators.map((ind) => <option key={ind.id} value={ind.id}>{ind.id}</option>)}
                  </select>
                </td>
                <td><input aria-label="Numerator" inputMode="numeric" value={r.numerator} onChange={(e) => set(i, 'numerator', e.target.value)} data-testid={`return-numerator-${i}`} />{err(i, 'numerator').map((m) => <p key={m} className="field-error">{m}</p>)}</td>
                <td><input aria-label="Denominator" inputMode="numeric" value={r.denominator} onChange={(e) => set(i, 'denominator', e.target.value)} data-testid={`return-denominator-${i}`} />{err(i, 'denominator').map((m) => <p key={m} className="field-error">{m}</p>)}</td>
                <td><input aria-label="Note" value={r.note} onChange={(e) => set(i, 'note', e.target.value)} data-testid={`return-note-${i}`} />{err(i, 'note').map((m) => <p key={m} className="field-error" data-testid="return-note-error">{m}</p>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="decision">
          <button type="button" className="button secondary" onClick={() => setRows([...rows, blank()])}>Add a row</button>
          <label className="button secondary">Upload CSV<input type="file" accept=".csv,text/csv" className="visually-hidden" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} /></label>
          <button type="submit" className="button" disabled={busy} data-testid="returns-submit">{busy ? 'Submitting…' : 'Submit returns'}</button>
        </div>
      </form>
    </section>
  );
}

function CasesPanel({ reference, terms, perf }: { reference: string; terms: ManagementTerms; perf: ContractPerformance }) {
  const navigate = useNavigate();
  const notices = useAsync(() => api.notices({ contract: reference }), [reference]);
  const disputes = useAsync(() => api.disputes(), [reference]);
  const [subject, setSubject] = useState('');
  const [cite, setCite] = useState<string[]>([]);
  const [dispute, setDispute] = useState('');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      navigate(await fn());
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const mine = (disputes.data ?? []).filter((d) => d.contract?.reference === reference);
  return (
    <section className="panel" aria-labelledby="cases-h" data-testid="contract-cases">
      <h2 id="cases-h">Notices and disputes on this contract</h2>
      {notices.data && notices.data.length ? (
        <ul className="plain">{notices.data.map((n) => <li key={n.id}><Link to={`/notices/${encodeURIComponent(n.id)}`}>{n.id}</Link> {n.subject}: {n.stateLabel}{n.overdue ? <> <span className="tag tag-terminated">Overdue</span></> : null}</li>)}</ul>
      ) : <Empty>No contract performance notices.</Empty>}
      {mine.length ? <ul className="plain">{mine.map((d) => <li key={d.summary.id}><Link to={`/disputes/${encodeURIComponent(d.summary.id)}`}>{d.summary.id}</Link> {d.summary.title}: {d.summary.stateLabel}</li>)}</ul> : <Empty>No disputes.</Empty>}
      {error ? <ErrorBox error={error} title="Nothing was recorded" testId="case-error" /> : null}
      {terms.youMay.issueNotice ? (
        <details data-testid="issue-notice">
          <summary>Issue a contract performance notice</summary>
          <div className="field"><label htmlFor="notice-subject">The performance failure, in your words</label><textarea id="notice-subject" rows={2} value={subject} onChange={(e) => setSubject(e.target.value)} /></div>
          {perf.breaches.length ? (
            <fieldset className="field"><legend>Breaches it rests on (computed from the returns)</legend>
              {perf.breaches.map((b) => (
                <label key={b.key}><input type="checkbox" checked={cite.includes(b.key)} onChange={(e) => setCite(e.target.checked ? [...cite, b.key] : cite.filter((k) => k !== b.key))} /> {b.return.period} {b.indicator.name}: {b.valueText}</label>
              ))}
            </fieldset>
          ) : null}
          <button type="button" className="button" disabled={busy} data-testid="issue-notice-submit" onClick={() => run(async () => `/notices/${encodeURIComponent((await api.issueNotice(reference, { subject, breachKeys: cite })).notice.id)}`)}>Issue the notice today</button>
        </details>
      ) : null}
      {terms.youMay.raiseDispute ? (
        <details data-testid="raise-dispute">
          <summary>Raise a GC14 dispute</summary>
          <div className="field"><label htmlFor="dispute-subject">What is in dispute</label><textarea id="dispute-subject" rows={2} value={dispute} onChange={(e) => setDispute(e.target.value)} /></div>
          <div className="field"><label htmlFor="dispute-amount">Sum in dispute (£, optional)</label><input id="dispute-amount" value={amount} onChange={(e) => setAmount(e.target.value)} /></div>
          <button type="button" className="button" disabled={busy} onClick={() => run(async () => {
            const pence = amount.trim() ? parsePounds(amount) : null;
            if (amount.trim() && pence === null) throw new ApiError(400, 'invalid', 'amountInDisputePence: enter an amount in pounds', [{ path: 'amountInDisputePence', message: 'enter an amount in pounds' }]);
            return `/disputes/${encodeURIComponent((await api.raiseDispute(reference, { subject: dispute, ...(pence !== null ? { amountInDisputePence: pence } : {}) })).summary.id)}`;
          })}>Raise the dispute today</button>
        </details>
      ) : null}
    </section>
  );
}

const MONEY_KINDS: Record<string, readonly (readonly [string, string])[]> = {
  commissioner: [['cquin_shortfall', 'CQUIN shortfall withheld (a deduction: negative)'], ['cquin_release', 'CQUIN shortfall released'], ['determination_adjustment', 'Determination adjustment']],
  provider: [['challenge', 'Challenge upheld'], ['counting_coding_query', 'Counting and coding query settled'], ['charge_outside_contract', 'Charge outside the contract'], ['determination_adjustment', 'Determination adjustment']],
};

/** Money on the caller's side of the relationship: it becomes a statement line naming its rule in its month. */
function MoneyForm({ reference, side }: { reference: string; side: 'commissioner' | 'provider' }) {
  const kinds = MONEY_KINDS[side];
  const [kind, setKind] = useState(kinds[0][0]);
  const [period, setPeriod] = useState('');
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const pence = parsePounds(amount);
    if (pence === null) {
      setError(new ApiError(400, 'invalid', 'amountPence: enter an amount in pounds', [{ path: 'amountPence', message: 'enter an amount in pounds; a deduction is negative' }]));
      return;
    }
    setError(null);
    try {
      const entry = await api.recordMoney(reference, { kind, period, amountPence: pence, description });
      setDone(`Recorded ${entry.id}: ${money(entry.amountPence)} in ${entry.period}, a line on the statement naming ${entry.ruleId}.`);
      setAmount('');
      setDescription('');
    } catch (err) {
      setError(asApiError(err));
    }
  }
  return (
    <details className="panel" data-testid="money-form">
      <summary>Record money on your side of the relationship</summary>
      {done ? <p className="success" role="status">{done}</p> : null}
      {error ? <ErrorBox error={error} title="Nothing was recorded" fields={{ period: { label: 'Month', inputId: 'money-period' }, amountPence: { label: 'Amount', inputId: 'money-amount' }, description: { label: 'Description', inputId: 'money-description' }, kind: { label: 'What', inputId: 'money-kind' } }} /> : null}
      <form onSubmit={submit} noValidate className="form-grid">
        <div className="field"><label htmlFor="money-kind">What</label><select id="money-kind" value={kind} onChange={(e) => setKind(e.target.value)}>{kinds.map(([k, l]) => <option key={k} value={k}>{l}</option>)}</select></div>
        <div className="field"><label htmlFor="money-period">Month (YYYY-MM)</label><input id="money-period" value={period} onChange={(e) => setPeriod(e.target.value)} /></div>
        <div className="field"><label htmlFor="money-amount">Amount (£)</label><input id="money-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} /></div>
        <div className="field"><label htmlFor="money-description">Description</label><input id="money-description" value={description} onChange={(e) => setDescription(e.target.value)} /></div>
        <div><button type="submit" className="button">Record</button></div>
      </form>
    </details>
  );
}

export function PerformancePage() {
  const { id = '' } = useParams();
  const perf = useAsync(() => api.performance(id), [id]);
  const terms = useAsync(() => api.managementTerms(id), [id]);
  if (perf.error?.kind === 'not_found') {
    return <div className="not-found" data-testid="performance-not-found"><h1>Contract not found</h1><p>There is no contract <strong>{id}</strong> your organisation may see.</p></div>;
  }
  if (perf.error) return <ErrorBox error={perf.error} />;
  if (terms.error) return <ErrorBox error={terms.error} />;
  if (!perf.data || !terms.data) return <Loading what="the contract's performance" />;
  const p = perf.data;
  const t = terms.data;
  return (
    <div data-testid="page-performance">
      <p className="breadcrumb"><Link to="/contracts">Contracts</Link> › <Link to={`/contracts/${encodeURIComponent(p.contract.reference)}`}>{p.contract.reference}</Link> › Performance and contract management</p>
      <h1><span className="ref">{p.contract.reference}</span> Performance and contract management</h1>
      <p className="lede">
        Standard Contract edition <strong data-testid="edition">{t.edition}</strong>{t.basis === 'default' ? ' (the year the contract starts; not set)' : ` (terms version ${t.version})`}
        {t.rules.rulesFrom !== t.edition ? `, running on the ${t.rules.rulesFrom} edition's rules carried forward` : ''}.{' '}
        <a href={`/api/contracts/${encodeURIComponent(p.contract.reference)}/ocds-implementation`}>OCDS implementation data</a>
      </p>
      <CasesPanel reference={p.contract.reference} terms={t} perf={p} />
      {t.youMay.recordMoney ? <MoneyForm reference={p.contract.reference} side={t.youMay.setTerms ? 'commissioner' : 'provider'} /> : null}
      <BreachesPanel perf={p} />
      <ReturnsPanel perf={p} />
      {t.youMay.submitReturns && p.indicators.length ? <ReturnsForm perf={p} onDone={perf.reload} /> : null}
      <IndicatorsPanel terms={t} onSaved={(next) => { terms.setData(next); perf.reload(); }} />
    </div>
  );
}
