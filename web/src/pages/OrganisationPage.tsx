import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, type Organisation, type SuccessionLink } from '../api.ts';
import { Empty, ErrorBox, Loading, OrgLink, OrgRef, Pager } from '../components.tsx';
import { date, label } from '../format.ts';
import { useAsync } from '../hooks.ts';
import { ContractsTable } from './ContractsPage.tsx';

const CONTRACTS_PAGE = 25;

function Succession({ links, direction }: { links: SuccessionLink[]; direction: 'predecessor' | 'successor' }) {
  if (links.length === 0) return <p className="muted">None.</p>;
  return (
    <table className="table" data-testid={`${direction}s`}>
      <thead>
        <tr>
          <th scope="col">{direction === 'predecessor' ? 'Predecessor' : 'Successor'}</th>
          <th scope="col">Effective</th>
          <th scope="col">How</th>
        </tr>
      </thead>
      <tbody>
        {links.map((l) => {
          const code = direction === 'predecessor' ? l.predecessorCode : l.successorCode;
          return (
            <tr key={`${l.predecessorCode}-${l.successorCode}-${l.effectiveDate}`} data-testid={`${direction}-${code}`}>
              <td><OrgLink code={code} name={l.name} /></td>
              <td className="nowrap" data-testid="succession-date">{date(l.effectiveDate)}</td>
              <td>{label(l.reason)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function OrgList({ orgs, testId }: { orgs: Organisation[]; testId: string }) {
  return (
    <ul className="plain" data-testid={testId}>
      {orgs.map((o) => (
        <li key={o.code}>
          <OrgLink code={o.code} name={o.name} /> <span className="muted">{label(o.kind)}{o.closeDate ? `, closed ${date(o.closeDate)}` : ''}</span>
        </li>
      ))}
    </ul>
  );
}

export function OrganisationPage() {
  const { code = '' } = useParams();
  const [offset, setOffset] = useState(0);
  const detail = useAsync(() => api.organisation(code), [code]);
  const contracts = useAsync(() => api.contracts({ organisation: code, limit: CONTRACTS_PAGE, offset }), [code, offset]);

  if (detail.error?.kind === 'not_found') {
    return (
      <div className="not-found" data-testid="organisation-not-found">
        <h1>Organisation not found</h1>
        <p>There is no organisation with the code <strong>{code}</strong> in the registry.</p>
        <p><Link to="/organisations">Browse organisations</Link></p>
      </div>
    );
  }
  if (detail.error) return <ErrorBox error={detail.error} />;
  if (!detail.data) return <Loading what="the organisation" />;
  const { organisation: o, parent, region, children, predecessors, successors } = detail.data;

  return (
    <div data-testid="page-organisation">
      <p className="breadcrumb"><Link to="/organisations">Organisations</Link> › {o.code}</p>
      <h1>
        {o.name} <span className="code" data-testid="organisation-code">{o.code}</span>
      </h1>
      <p className="lede">
        {label(o.kind)} · {label(o.sector)} sector{o.closeDate ? <> · <strong>closed {date(o.closeDate)}</strong></> : null}
      </p>

      <div className="two-col">
        <section className="panel" aria-labelledby="details-h">
          <h2 id="details-h">Details</h2>
          <dl className="summary-list" data-testid="organisation-details">
            <div className="summary-row"><dt>Code</dt><dd>{o.code}</dd></div>
            <div className="summary-row"><dt>Kind</dt><dd>{label(o.kind)}</dd></div>
            <div className="summary-row"><dt>Sector</dt><dd>{label(o.sector)}</dd></div>
            <div className="summary-row"><dt>Opened</dt><dd>{date(o.openDate)}</dd></div>
            <div className="summary-row"><dt>Closed</dt><dd>{o.closeDate ? date(o.closeDate) : 'Open'}</dd></div>
            <div className="summary-row"><dt>Postcode</dt><dd>{o.postcode ?? '—'}</dd></div>
            <div className="summary-row"><dt>Region</dt><dd>{o.regionCode ? <OrgRef code={o.regionCode} name={region?.name} known={region !== null} /> : '—'}</dd></div>
            <div className="summary-row"><dt>Source</dt><dd>{o.source}{o.odsVerified ? ' (ODS verified)' : ''}</dd></div>
            {o.note ? <div className="summary-row"><dt>Note</dt><dd>{o.note}</dd></div> : null}
          </dl>
        </section>
        <section className="panel" aria-labelledby="structure-h">
          <h2 id="structure-h">Parent and children</h2>
          <h3>Parent</h3>
          {parent ? (
            <p data-testid="organisation-parent"><OrgLink code={parent.code} name={parent.name} /> <span className="muted">{label(parent.kind)}</span></p>
          ) : o.parentCode ? (
            <p data-testid="organisation-parent"><OrgRef code={o.parentCode} known={false} /></p>
          ) : (
            <p className="muted">None.</p>
          )}
          <h3>Children</h3>
          {children.length ? <OrgList orgs={children} testId="organisation-children" /> : <p className="muted">None.</p>}
        </section>
      </div>

      <section className="panel" aria-labelledby="history-h">
        <h2 id="history-h">Mergers and acquisitions</h2>
        <div className="two-col flat">
          <div>
            <h3>Predecessors</h3>
            <Succession links={predecessors} direction="predecessor" />
          </div>
          <div>
            <h3>Successors</h3>
            <Succession links={successors} direction="successor" />
          </div>
        </div>
      </section>

      <section className="panel" aria-labelledby="org-contracts-h">
        <h2 id="org-contracts-h">Contracts {o.name} is party to</h2>
        {contracts.error ? <ErrorBox error={contracts.error} /> : null}
        {contracts.loading && !contracts.data ? <Loading what="contracts" /> : null}
        {contracts.data ? (
          contracts.data.items.length === 0 ? (
            <Empty testId="organisation-contracts-empty">No contracts with this organisation are visible to you.</Empty>
          ) : (
            <>
              <ContractsTable items={contracts.data.items} testId="organisation-contracts" />
              <Pager total={contracts.data.total} limit={contracts.data.limit} offset={contracts.data.offset} onChange={setOffset} />
            </>
          )
        ) : null}
      </section>
    </div>
  );
}
