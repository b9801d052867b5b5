// Activity and plan files: the report of one submission (rows read, priced and rejected, every
// rejected row with its line, field and reason, hints, the SHA-256, what it replaced) and the upload
// panel a provider submits a month of activity with, or any party the year's plan.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, MAX_UPLOAD_BYTES, type ActivitySubmission, type ContractDetail, type SchemeYearTerms, type Upload } from './api.ts';
import { Empty, ErrorBox, FieldError, invalidProps, ProgressBar, type FieldLabels } from './components.tsx';
import { countOf, dateTime, fileSize, label, money } from './format.ts';
import { asApiError } from './hooks.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 2015-03 -> March 2015 */
export function monthLabel(period: string): string {
  const [y, m] = period.split('-');
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** The header row of "Concordat activity CSV v1" and of a plan (shared/bench/README.md). */
export const ACTIVITY_HEADER = 'provider,commissioner,period,pod,hrg,tfc,los';
export const PLAN_HEADER = 'service,pod,hrg,period,activity,planned_pence';

/** An example file for this contract, to download and fill in: the header and a few rows. */
export function templateCsv(detail: ContractDetail, kind: 'patient_level' | 'plan', period: string): string {
  const provider = detail.contract.parties.find((p) => p.role === 'provider')?.organisationCode ?? 'RC1';
  const commissioner = detail.contract.parties.find((p) => p.role === 'coordinating_commissioner')?.organisationCode ?? '06F';
  if (kind === 'plan') {
    const service = detail.contract.serviceCodes[0] ?? 'ACUTE';
    return [PLAN_HEADER, `${service},OPFA,TFC110,${period},620,8680000`, `${service},DC,HN45A,${period},70,7700000`, `${service},EL,HN12D,${period},22,11440000`, ''].join('\n');
  }
  return [
    ACTIVITY_HEADER,
    `${provider},${commissioner},${period},OPFA,,110,`,
    `${provider},${commissioner},${period},OPFU,,110,`,
    `${provider},${commissioner},${period},DC,HN45A,,0`,
    `${provider},${commissioner},${period},EL,HN12D,,4`,
    '',
  ].join('\n');
}

/** One submission's report: what was read, priced and rejected, and why. */
export function SubmissionReport({ s, replaced }: { s: ActivitySubmission; replaced?: ActivitySubmission }) {
  const plan = s.kind === 'plan';
  return (
    <div data-testid="submission-report">
      <ul className="report-figures">
        <li>Rows read <strong data-testid="report-read">{s.rowsRead.toLocaleString('en-GB')}</strong></li>
        <li>{plan ? 'Plan lines kept' : 'Rows priced'} <strong data-testid="report-priced">{s.rowsPriced.toLocaleString('en-GB')}</strong></li>
        <li>Rows rejected <strong data-testid="report-rejected" className={s.rowsRejected ? 'negative' : undefined}>{s.rowsRejected.toLocaleString('en-GB')}</strong></li>
        <li>{plan ? 'Planned value' : 'Priced value'} <strong data-testid="report-total">{money(s.totalPence)}</strong></li>
      </ul>
      <p className="hint">
        {plan ? 'Plan' : monthLabel(s.period)} · <span className="code">{s.fileName}</span> ({fileSize(s.bytes)}) · submitted {dateTime(s.submittedAt)} by {s.submittedByName}
        {s.tariffYear ? <> · priced at the {s.tariffYear} tariff</> : null}
      </p>
      <p className="hint">
        SHA-256 <span className="code" style={{ wordBreak: 'break-all' }} data-testid="report-sha">{s.sha256}</span>
      </p>
      {s.supersedes ? (
        <p className="notice" data-testid="report-supersedes">
          This file supersedes {replaced ? <><span className="code">{replaced.fileName}</span>, submitted {dateTime(replaced.submittedAt)} by {replaced.submittedByName}</> : 'the earlier submission for the period'}.
          The earlier file stays readable in the submissions ledger.
        </p>
      ) : null}
      {Object.keys(s.rejections.byReason).length ? (
        <p data-testid="rejections-by-reason">
          <strong>Rejected by reason:</strong>{' '}
          {Object.entries(s.rejections.byReason).map(([k, n]) => `${label(k)} ${n.toLocaleString('en-GB')}`).join(' · ')}
        </p>
      ) : null}
      {s.rejections.detailed.length === 0 ? (
        <Empty testId="rejections-empty">No rows were rejected.</Empty>
      ) : (
        <>
          <h3>{s.rejections.truncated ? `The first ${countOf(s.rejections.detailed.length, 'rejected row')}` : 'Rejected rows'}</h3>
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
          {s.rejections.truncated ? <p className="hint">Only the first rejections are listed; the counts cover them all.</p> : null}
        </>
      )}
      {s.hints.length ? (
        <>
          <h3>Hints (rows priced, but worth checking)</h3>
          <ul data-testid="submission-hints">
            {s.hints.map((h) => (
              <li key={h.kind}>
                {h.message}: {countOf(h.count, 'row')}
                {h.firstLines.length ? <span className="muted"> ({h.firstLines.length === 1 ? 'line' : 'lines'} {h.firstLines.join(', ')})</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

type Phase =
  | { readonly state: 'idle' }
  | { readonly state: 'uploading'; readonly sent: number; readonly total: number }
  | { readonly state: 'done'; readonly result: ActivitySubmission; readonly total: number };

const UPLOAD_FIELDS: FieldLabels = {
  period: { label: 'Period', inputId: 'upload-period' },
  kind: { label: 'What the file holds', inputId: 'upload-kind' },
  body: { label: 'File', inputId: 'upload-file' },
  file: { label: 'File', inputId: 'upload-file' },
  'content-type': { label: 'File', inputId: 'upload-file' },
};

function titleFor(e: ApiError): string {
  if (e.status === 413 || e.kind === 'too_large') return 'The file is too large';
  if (e.status === 409) return 'The contract does not take activity yet';
  if (e.status === 403) return 'You may not submit this file';
  return 'The file was not recorded';
}

/**
 * Uploads a plan or a month of activity for a contract with a progress bar, then shows the report.
 * Offered only for what the user may submit (`youMay`); the API decides again.
 */
export function UploadPanel({ detail, years, subs, onSubmitted }: {
  detail: ContractDetail;
  years: readonly SchemeYearTerms[];
  subs: readonly ActivitySubmission[];
  onSubmitted: (s: ActivitySubmission) => void;
}) {
  const kinds = [
    ...(detail.youMay.submitActivity ? [{ value: 'patient_level' as const, label: 'A month of patient-level activity' }] : []),
    ...(detail.youMay.submitPlan ? [{ value: 'plan' as const, label: "The year's activity plan" }] : []),
  ];
  const c = detail.contract;
  const end = [c.endDate, detail.current.endDate].sort()[1] ?? c.endDate;
  const months = useMemo(
    () => years.flatMap((y) => y.periods).filter((p) => `${p}-31` >= c.startDate && `${p}-01` <= end),
    [years, c.startDate, end],
  );
  const withActivity = new Set(subs.filter((s) => s.kind === 'patient_level' && s.current).map((s) => s.period));
  const [kind, setKind] = useState<'patient_level' | 'plan'>(kinds[0]?.value ?? 'patient_level');
  const [period, setPeriod] = useState(() => months.find((p) => !withActivity.has(p)) ?? months[0] ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ state: 'idle' });
  const [error, setError] = useState<ApiError | null>(null);
  const upload = useRef<Upload | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const draft = detail.acceptance.state === 'awaiting' || detail.acceptance.state === 'declined';
  const pending = detail.acceptance.parties.filter((p) => p.decision === 'pending');

  if (kinds.length === 0) return null;
  // A plan covers its scheme year: it is kept under the year's April.
  const planYears = years.filter((y) => y.periods.some((p) => months.includes(p)));
  const chosenPeriod = kind === 'plan' ? (planYears.find((y) => y.periods.includes(period))?.periods[0] ?? planYears[0]?.periods[0] ?? period) : period;
  const template = templateCsv(detail, kind, chosenPeriod || months[0] || '2025-04');
  const uploading = phase.state === 'uploading';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!file) {
      setError(new ApiError(400, 'invalid', 'Choose the file to upload', [{ path: 'body', message: 'choose a CSV file' }]));
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(new ApiError(413, 'too_large', `The file is ${fileSize(file.size)}: an upload may be at most ${fileSize(MAX_UPLOAD_BYTES)}. Nothing was sent or recorded; check it holds one month of this contract's activity.`));
      return;
    }
    setPhase({ state: 'uploading', sent: 0, total: file.size });
    upload.current = api.uploadSubmission(c.id, { period: chosenPeriod, kind, fileName: file.name }, file, (sent, total) => setPhase({ state: 'uploading', sent, total }));
    try {
      const result = await upload.current.result;
      setPhase({ state: 'done', result, total: file.size });
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      onSubmitted(result);
    } catch (err) {
      const apiError = asApiError(err);
      // The server refuses an oversized body as soon as it passes the limit: say so plainly.
      setError(apiError.status === 0 && file.size > MAX_UPLOAD_BYTES ? new ApiError(413, 'too_large', apiError.message) : apiError);
      setPhase({ state: 'idle' });
    } finally {
      upload.current = null;
    }
  }

  const replaced = phase.state === 'done' && phase.result.supersedes ? subs.find((s) => s.id === phase.result.supersedes) : undefined;
  return (
    <section className="panel" aria-labelledby="upload-h" data-testid="upload-panel" id="upload">
      <h2 id="upload-h">Submit {kinds.length === 2 ? 'activity or a plan' : kind === 'plan' ? 'the activity plan' : 'activity'}</h2>
      <p className="hint">
        A CSV file, {fileSize(MAX_UPLOAD_BYTES)} at most, streamed as it is sent. Activity is "Concordat activity CSV v1" (<span className="code">{ACTIVITY_HEADER}</span>);
        a plan has the lines <span className="code">{PLAN_HEADER}</span>. Valid rows are kept and every rejected row is reported; a second file for the same month supersedes the first, which stays readable.
      </p>
      {draft && !detail.youMay.submitActivity ? (
        <p className="notice" data-testid="upload-draft-note">
          {c.reference} is a draft{pending.length ? ` awaiting acceptance by ${pending.map((p) => `${p.name} (${p.organisationCode})`).join(', ')}` : ''}: it takes activity once every party has accepted it.
        </p>
      ) : null}
      {error ? <ErrorBox error={error} title={titleFor(error)} testId="upload-error" fields={UPLOAD_FIELDS} /> : null}
      <form onSubmit={submit} noValidate data-testid="upload-form">
        <div className="form-grid">
          <div className="field">
            <label htmlFor="upload-kind">What the file holds</label>
            <select id="upload-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} disabled={uploading} {...invalidProps(error, 'kind')}>
              {kinds.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
            </select>
            <FieldError error={error} field="kind" />
          </div>
          <div className="field">
            <label htmlFor="upload-period">{kind === 'plan' ? 'Scheme year' : 'Month'}</label>
            <select id="upload-period" value={chosenPeriod} onChange={(e) => setPeriod(e.target.value)} disabled={uploading} data-testid="upload-period" {...invalidProps(error, 'period')}>
              {kind === 'plan'
                ? planYears.map((y) => <option key={y.year} value={y.periods[0]}>{y.year}</option>)
                : months.map((p) => <option key={p} value={p}>{monthLabel(p)}{withActivity.has(p) ? ' (replaces the file submitted)' : ''}</option>)}
            </select>
            <FieldError error={error} field="period" />
          </div>
          <div className="field wide">
            <label htmlFor="upload-file">CSV file</label>
            <input
              id="upload-file" ref={fileInput} type="file" accept=".csv,text/csv" disabled={uploading}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="upload-file" {...invalidProps(error, error?.issuesFor('file').length ? 'file' : 'body')}
            />
            <FieldError error={error} field="body" />
            <FieldError error={error} field="file" />
            <p className="hint">
              <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(template)}`} download={`${kind === 'plan' ? 'plan' : 'activity'}-template-${c.reference}.csv`} data-testid="upload-template">
                Download an example {kind === 'plan' ? 'plan' : 'activity'} file for this contract
              </a>{' '}
              (the header row and a few rows to replace with your own).
            </p>
          </div>
        </div>
        {phase.state === 'uploading' ? (
          <ProgressBar
            label={phase.sent < phase.total ? `Uploading ${file?.name ?? 'the file'}: ${fileSize(phase.sent)} of ${fileSize(phase.total)}` : 'Uploaded; checking and pricing every row…'}
            done={phase.sent} total={phase.total} testId="upload-progress"
          />
        ) : null}
        {phase.state === 'done' ? <ProgressBar label={`Uploaded ${fileSize(phase.total)} and recorded`} done={1} total={1} testId="upload-progress" /> : null}
        <button type="submit" className="button" disabled={uploading} data-testid="upload-submit">{uploading ? 'Uploading…' : 'Upload and check'}</button>
        {uploading ? <> <button type="button" className="button secondary" onClick={() => upload.current?.abort()}>Cancel</button></> : null}
      </form>
      {phase.state === 'done' ? (
        <div className="success" role="status" style={{ marginTop: 16 }} data-testid="upload-success">
          <strong>{phase.result.kind === 'plan' ? 'Plan' : `Activity for ${monthLabel(phase.result.period)}`} recorded</strong>: {countOf(phase.result.rowsPriced, phase.result.kind === 'plan' ? 'line' : 'row')} kept
          {phase.result.rowsRejected ? `, ${countOf(phase.result.rowsRejected, 'row')} rejected` : ', none rejected'}.
        </div>
      ) : null}
      {phase.state === 'done' ? <SubmissionReport s={phase.result} replaced={replaced} /> : null}
    </section>
  );
}
