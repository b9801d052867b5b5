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
