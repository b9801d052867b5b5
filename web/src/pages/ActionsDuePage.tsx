import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api.ts';
import { useUser } from '../auth.tsx';
import { DateField, Empty, ErrorBox, Loading } from '../components.tsx';
import { date } from '../format.ts';
import { useAsync } from '../hooks.ts';
import { DueTag, subjectLink } from '../relationship-components.tsx';

const KIND: Record<string, string> = { contract_performance_notice: 'Notice (GC9)', gc14_dispute: 'GC14 dispute', contract_setting_dispute: 'Contract-setting dispute' };

/** What the signed-in organisation must do across all its relationships, overdue first. */
export function ActionsDuePage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const asAt = params.get('asAt') ?? '';
  const due = useAsync(() => api.actionsDue(asAt || undefined), [asAt]);
  const d = due.data;
  const overdue = d?.items.filter((i) => i.status === 'overdue').length ?? 0;
  return (
    <div data-testid="page-actions-due">
      <div className="page-head">
        <div>
          <h1>Actions due</h1>
          <p className="lede">
            What {user.organisationCode} must do, alone or with the other party, on every notice and dispute across its relationships.
            {d ? <> As at <strong>{date(d.asAt)}</strong>: <strong data-testid="overdue-count">{overdue}</strong> overdue.</> : null}
          </p>
        </div>
        <div className="toolbar">
          <DateField id="actions-as-at" label="As at" value={asAt || d?.asAt || ''} onChange={(v) => setParams(v ? { asAt: v } : {}, { replace: true })} />
        </div>
      </div>
      {due.error ? <ErrorBox error={due.error} /> : null}
      {due.loading && !d ? <Loading what="what is due" /> : null}
      {d ? (d.items.length === 0 ? <Empty testId="actions-empty">Nothing is due from your organisation.</Empty> : (
        <section className="panel">
          <div className="table-wrap">
            <table className="table" data-testid="actions-due">
              <thead><tr><th scope="col">Status</th><th scope="col">Due</th><th scope="col">Step</th><th scope="col">On</th><th scope="col">With</th><th scope="col">Who acts</th><th scope="col">How the date is reached</th></tr></thead>
              <tbody>
                {d.items.map((i, n) => (
                  <tr key={`${i.subject.id}-${i.step}-${n}`} data-testid={`action-${i.subject.id}-${i.step}`}>
                    <td><DueTag step={i} /></td>
                    <td className="nowrap">{i.dueDate ? date(i.dueDate) : '—'}</td>
                    <td>{i.label}</td>
                    <td><Link to={subjectLink(i.subject)}>{i.subject.id}</Link><div className="changes">{KIND[i.subject.kind]}{i.subject.contractReference ? ` · ${i.subject.contractReference}` : ''}</div></td>
                    <td><Link to={`/relationships/${encodeURIComponent(i.subject.commissionerCode)}/${encodeURIComponent(i.subject.providerCode)}`}>{i.counterpartyName}</Link></td>
                    <td>{i.mustAct === 'either' ? 'Either party' : i.mustAct === i.ourSide ? 'You' : 'The other party'}</td>
                    <td>{i.basis}<div className="changes">{i.source}</div></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )) : null}
    </div>
  );
}
