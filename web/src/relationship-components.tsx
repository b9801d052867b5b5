// Pieces the relationship pages share: what is due (with deadlines and their sources), a timeline, the
// form for a step on a notice or dispute (only the steps the signed-in user may take are offered), and
// the health indicator with each factor and its evidence.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, type DueStep, type StepOffer, type TimelineEvent } from './api.ts';
import { Empty, ErrorBox, type FieldLabels } from './components.tsx';
import { date, money, parsePounds } from './format.ts';
import { asApiError } from './hooks.ts';

export function subjectLink(s: DueStep['subject']): string {
  return s.kind === 'contract_performance_notice' ? `/notices/${encodeURIComponent(s.id)}` : `/disputes/${encodeURIComponent(s.id)}`;
}

export function DueTag({ step }: { step: DueStep }) {
  if (step.status === 'overdue') {
    return <span className="tag tag-terminated" data-testid="due-status">Overdue by {step.operationalDaysOverdue} operational day{step.operationalDaysOverdue === 1 ? '' : 's'}</span>;
  }
  if (step.status === 'due') return <span className="tag tag-agreed" data-testid="due-status">Due in {step.operationalDaysLeft} operational day{step.operationalDaysLeft === 1 ? '' : 's'}</span>;
  return <span className="tag tag-draft" data-testid="due-status">No deadline</span>;
}

const who = (s: string) => (s === 'either' ? 'Either party' : s === 'commissioner' ? 'Commissioner' : s === 'provider' ? 'Provider' : s);

/** Pending steps: who must act, by when, how the date was reached and on what authority. */
export function DueTable({ steps, showCase, testId }: { steps: readonly DueStep[]; showCase?: boolean; testId?: string }) {
  if (steps.length === 0) return <Empty testId={`${testId ?? 'due'}-empty`}>Nothing is pending.</Empty>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId ?? 'due'}>
        <thead>
          <tr>
            {showCase ? <th scope="col">Case</th> : null}
            <th scope="col">Step</th>
            <th scope="col">Who</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
            <th scope="col">How the date is reached, and its source</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s, i) => (
            <tr key={`${s.subject.id}-${s.step}-${i}`} data-testid={`due-${s.step}`}>
              {showCase ? <td><Link to={subjectLink(s.subject)}>{s.subject.id}</Link></td> : null}
              <td>{s.label}</td>
              <td>{who(s.mustAct)}</td>
              <td className="nowrap" data-testid="due-date">{s.dueDate ? date(s.dueDate) : '—'}</td>
              <td><DueTag step={s} /></td>
              <td>{s.basis}<div className="changes">{s.source}</div></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Everything that happened, oldest first. */
export function Timeline({ events, testId }: { events: readonly TimelineEvent[]; testId?: string }) {
  if (events.length === 0) return <Empty>Nothing has happened yet.</Empty>;
  return (
    <ol className="timeline" data-testid={testId ?? 'timeline'}>
      {events.map((e, i) => (
        <li key={i} className={`timeline-item timeline-${e.kind}`} data-testid="timeline-event">
          <span className="timeline-date">{date(e.date)}</span>
          <span className="timeline-title">{e.title}{e.amountPence !== undefined && !e.title.includes('£') ? <> · <strong>{money(e.amountPence)}</strong></> : null}</span>
          <span className="timeline-detail">{e.detail}</span>
        </li>
      ))}
    </ol>
  );
}

// --- step forms -----------------------------------------------------------------------------------

export type Values = Record<string, string>;

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly kind: 'text' | 'textarea' | 'date' | 'month' | 'money' | 'select' | 'checkbox';
  readonly options?: readonly (readonly [string, string])[];
  readonly optional?: boolean;
  readonly hint?: string;
  /** The API's path for this field's errors (default its name). */
  readonly path?: string;
  readonly show?: (v: Values) => boolean;
}

export interface StepSpec {
  readonly fields: readonly FieldSpec[];
  /** The request body from the form's values, or an error (field path and message) found before sending. */
  readonly build: (v: Values) => Record<string, unknown> | { error: { path: string; message: string } };
}

/** The "date it happened" field of a step taken outside Concordat. */
export const ON_FIELD: FieldSpec = { name: 'on', label: 'Date it happened (leave empty for today)', kind: 'date', optional: true };

/** Adds `on` when given. */
export const withOn = (v: Values, body: Record<string, unknown>) => (v.on ? { ...body, on: v.on } : body);

/** Money in pounds to pence, or an error naming the field. */
export function penceOf(v: Values, name: string, path: string, optional = false): number | undefined | { error: { path: string; message: string } } {
  const text = (v[name] ?? '').trim();
  if (text === '') return optional ? undefined : { error: { path, message: 'enter an amount in pounds, for example 12,007 or 1.2m' } };
  const p = parsePounds(text);
  return p === null ? { error: { path, message: 'enter an amount in pounds, for example 12,007 or 1.2m' } } : p;
}

export function isError(x: unknown): x is { error: { path: string; message: string } } {
  return typeof x === 'object' && x !== null && 'error' in x;
}

/**
 * The steps the signed-in user may take now, each a button opening its form. Steps the other side
 * takes are listed for information, without a button.
 */
export function StepActions<V>({ offers, specs, onDone, act, testId }: {
  offers: readonly StepOffer[];
  specs: (step: string) => StepSpec;
  onDone: (v: V) => void;
  act: (body: Record<string, unknown>) => Promise<V>;
  testId?: string;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const mine = offers.filter((o) => o.youMay);
  const theirs = offers.filter((o) => !o.youMay);
  return (
    <div data-testid={testId ?? 'step-actions'}>
      {mine.length === 0 ? <p className="muted" data-testid="no-steps">There is no step for your organisation to take now.</p> : (
        <div className="decision">
          {mine.map((o) => (
            <button key={o.step} type="button" className={open === o.step ? 'button' : 'button secondary'} data-testid={`step-${o.step}`} onClick={() => setOpen(open === o.step ? null : o.step)}>
              {o.label.replace(/^./, (c) => c.toUpperCase())}
            </button>
          ))}
        </div>
      )}
      {open ? (
        <StepForm key={open} step={open} spec={specs(open)} source={offers.find((o) => o.step === open)?.source ?? ''} act={act}
          onDone={(v) => { setOpen(null); onDone(v); }} onCancel={() => setOpen(null)} />
      ) : null}
      {theirs.length ? (
        <p className="hint" data-testid="other-steps">
          Also possible now, by {[...new Set(theirs.map((o) => (o.by === 'either' ? 'either party' : `the ${o.by}`)))].join(' or ')}: {theirs.map((o) => o.label).join('; ')}.
        </p>
      ) : null}
    </div>
  );
}

function StepForm<V>({ step, spec, source, act, onDone, onCancel }: {
  step: string; spec: StepSpec; source: string; act: (body: Record<string, unknown>) => Promise<V>; onDone: (v: V) => void; onCancel: () => void;
}) {
  const [values, setValues] = useState<Values>(() => Object.fromEntries(spec.fields.filter((f) => f.kind === 'select' && f.options?.length).map((f) => [f.name, f.options![0][0]])));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const labels: FieldLabels = Object.fromEntries(spec.fields.map((f) => [f.path ?? f.name, { label: f.label, inputId: `step-${f.name}` }]));
  const shown = spec.fields.filter((f) => !f.show || f.show(values));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = spec.build(values);
    if (isError(body)) {
      setError(new ApiError(400, 'invalid', `${body.error.path}: ${body.error.message}`, [body.error]));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await act({ type: step, ...body }));
    } catch (err) {
      // Nothing typed is lost: the form keeps its values.
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (f: FieldSpec) => error?.issuesFor(f.path ?? f.name) ?? [];
  return (
    <form className="panel step-form" onSubmit={submit} noValidate data-testid="step-form">
      <p className="hint">{source}</p>
      {error ? <ErrorBox error={error} title="The step was not recorded" testId="step-error" fields={labels} /> : null}
      <div className="form-grid">
        {shown.map((f) => {
          const id = `step-${f.name}`;
          const errs = fieldError(f);
          const common = { id, 'aria-invalid': errs.length > 0 || undefined, className: errs.length ? 'invalid' : undefined };
          let input: ReactNode;
          if (f.kind === 'textarea') input = <textarea {...common} rows={3} value={values[f.name] ?? ''} onChange={(e) => set(f.name, e.target.value)} />;
          else if (f.kind === 'select') {
            input = (
              <select {...common} value={values[f.name] ?? ''} onChange={(e) => set(f.name, e.target.value)}>
                {(f.options ?? []).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
              </select>
            );
          } else if (f.kind === 'checkbox') input = <input {...common} type="checkbox" checked={values[f.name] === 'true'} onChange={(e) => set(f.name, e.target.checked ? 'true' : '')} />;
          else input = <input {...common} type={f.kind === 'date' ? 'date' : f.kind === 'month' ? 'month' : 'text'} inputMode={f.kind === 'money' ? 'decimal' : undefined} value={values[f.name] ?? ''} onChange={(e) => set(f.name, e.target.value)} />;
          return (
            <div key={f.name} className={`field${f.kind === 'textarea' ? ' wide' : ''}`}>
              <label htmlFor={id}>{f.label}{f.optional ? ' (optional)' : ''}</label>
              {f.hint ? <span className="muted">{f.hint}</span> : null}
              {input}
              {errs.length ? <p className="field-error" data-testid={`field-error-${f.name}`}>{errs.join('; ')}</p> : null}
            </div>
          );
        })}
      </div>
      <div className="decision">
        <button type="submit" className="button" disabled={busy} data-testid="step-submit">{busy ? 'Recording…' : 'Record this step'}</button>
        <button type="button" className="button secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

// --- health ---------------------------------------------------------------------------------------

export function HealthBadge({ band }: { band: 'good' | 'watch' | 'strained' }) {
  const cls = band === 'good' ? 'tag-live' : band === 'watch' ? 'tag-expired' : 'tag-terminated';
  return <span className={`tag ${cls} health-${band}`} data-testid="health-band">{band[0].toUpperCase()}{band.slice(1)}</span>;
}
