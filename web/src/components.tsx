import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from './api.ts';
import { label } from './format.ts';

export function Loading({ what }: { what?: string }) {
  return (
    <p className="loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" /> Loading{what ? ` ${what}` : ''}…
    </p>
  );
}

export function Empty({ children, testId }: { children: ReactNode; testId?: string }) {
  return <p className="empty" data-testid={testId ?? 'empty'}>{children}</p>;
}

/** Field paths from the API mapped to the label and input id a form shows for them. */
export type FieldLabels = Record<string, { label: string; inputId: string }>;

/** An API error: its message and every field issue (linked to its field when the form names it). */
export function ErrorBox({ error, title, testId, fields }: { error: ApiError; title?: string; testId?: string; fields?: FieldLabels }) {
  return (
    <div className="error-summary" role="alert" data-testid={testId ?? 'error'}>
      <h2>{title ?? (error.kind === 'invalid' ? 'There is a problem' : 'Something went wrong')}</h2>
      <p>{error.message}</p>
      {error.issues.length > 0 && (
        <ul>
          {error.issues.map((i, n) => {
            const f = fields?.[i.path];
            return (
              <li key={n}>
                {f ? (
                  <a href={`#${f.inputId}`} onClick={(e) => { e.preventDefault(); document.getElementById(f.inputId)?.focus(); }}>
                    {f.label}: {i.message}
                  </a>
                ) : (
                  <>
                    {i.path ? <strong>{i.path}: </strong> : null}
                    {i.message}
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export function StatusTag({ status }: { status: string }) {
  return <span className={`tag tag-${status}`} data-testid="status">{label(status)}</span>;
}

/**
 * An organisation the registry may not hold (an ODS parent or region code never imported, such as
 * QKK): a link when it is known, otherwise the code marked as not in the registry, never a link to
 * nothing.
 */
export function OrgRef({ code, name, known }: { code: string; name?: string | null; known: boolean }) {
  if (known) return <OrgLink code={code} name={name} />;
  return (
    <span data-testid="org-not-in-registry">
      <span className="code">{code}</span> <span className="muted">(not in the registry)</span>
    </span>
  );
}

export function OrgLink({ code, name }: { code: string; name?: string | null }) {
  return (
    <Link to={`/organisations/${encodeURIComponent(code)}`}>
      {name ?? code}
      {name ? <span className="code"> {code}</span> : null}
    </Link>
  );
}

export function Pager({ total, limit, offset, onChange }: { total: number; limit: number; offset: number; onChange: (offset: number) => void }) {
  if (total === 0) return null;
  const from = offset + 1;
  const to = Math.min(offset + limit, total);
  if (offset === 0 && total <= limit) {
    return <p className="pager muted" data-testid="pager-status">{total} in all</p>;
  }
  return (
    <nav className="pager" aria-label="Pages" data-testid="pager">
      <button type="button" className="button secondary" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))} data-testid="pager-prev">
        ‹ Previous
      </button>
      <span data-testid="pager-status">
        {from}–{to} of {total}
      </span>
      <button type="button" className="button secondary" disabled={to >= total} onClick={() => onChange(offset + limit)} data-testid="pager-next">
        Next ›
      </button>
    </nav>
  );
}

export function DateField({ id, label: text, value, onChange, testId }: { id: string; label: string; value: string; onChange: (v: string) => void; testId?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{text}</label>
      <input id={id} type="date" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId ?? id} />
    </div>
  );
}

/** A summary list of label and value rows (terms, totals). */
export function Dl({ rows, testId }: { rows: [string, ReactNode, string?][]; testId?: string }) {
  return (
    <dl className="summary-list" data-testid={testId}>
      {rows.map(([k, v, id]) => (
        <div key={k} className="summary-row">
          <dt>{k}</dt>
          <dd data-testid={id}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The id of the message under a field, for aria-describedby. */
export const errorIdOf = (field: string) => `${field.replace(/\./g, '-')}-error`;

/** A field's own messages from an API error, under the field (linked to it with aria-describedby). */
export function FieldError({ error, field }: { error: ApiError | null | undefined; field: string }) {
  const messages = error?.issuesFor(field) ?? [];
  if (!messages.length) return null;
  return (
    <p className="field-error" id={errorIdOf(field)} data-testid={`field-error-${field}`}>
      {messages.join('; ')}
    </p>
  );
}

/** aria-invalid and aria-describedby for an input whose field the API found wrong. */
export function invalidProps(error: ApiError | null | undefined, field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string; className?: string } {
  return (error?.issuesFor(field).length ?? 0) > 0 ? { 'aria-invalid': true, 'aria-describedby': errorIdOf(field), className: 'invalid' } : {};
}

/** Progress of work in hand (an upload): a labelled progress bar with the share done in words. */
export function ProgressBar({ label: text, done, total, testId }: { label: string; done: number; total: number; testId?: string }) {
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div className="progress" data-testid={testId ?? 'progress'} data-percent={percent}>
      <label htmlFor={`${testId ?? 'progress'}-bar`}>{text}</label>
      <progress id={`${testId ?? 'progress'}-bar`} max={100} value={percent} aria-valuetext={`${percent}%`} />
      <span className="progress-figure" aria-hidden="true">{percent}%</span>
    </div>
  );
}
