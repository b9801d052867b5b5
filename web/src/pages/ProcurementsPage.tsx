import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { procurementApi, type ImportedProcurement, type ProcurementSummary } from '../api.ts';
import { useUser } from '../auth.tsx';
import { Empty, ErrorBox, Loading, OrgLink, Pager } from '../components.tsx';
import { date, money } from '../format.ts';
import { useAsync } from '../hooks.ts';

function stateTag(p: { state: string; stateLabel: string }) {
  const tone = p.state === 'concluded' || p.state === 'rolled_over' ? 'live' : p.state === 'abandoned' ? 'terminated' : p.state === 'standstill' || p.state === 'under_review' ? 'expired' : 'agreed';
  return <span className={`tag tag-${tone}`} title={p.stateLabel}>{p.stateLabel}</span>;
}

function ProcurementsTable({ items }: { items: ProcurementSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="procurements-table">
        <thead>
          <tr><th scope="col">Procurement</th><th scope="col">Lead authority</th><th scope="col">Route</th><th scope="col">State</th><th scope="col">Opened</th><th scope="col">Last step</th><th scope="col" className="num">Notices</th></tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id} data-testid={`procurement-row-${p.reference}`}>
              <td className="contract-cell">
                <Link to={`/procurements/${encodeURIComponent(p.reference)}`} data-testid="procurement-link" className="nowrap">{p.reference}</Link>
                <div className="contract-title">{p.title}</div>
              </td>
              <td><OrgLink code={p.leadOrganisationCode} name={p.leadName} /></td>
              <td>{p.routeLabel}</td>
              <td>{stateTag(p)}</td>
              <td className="nowrap">{date(p.openedOn)}</td>
              <td className="nowrap">{date(p.lastStepOn)}</td>
              <td className="num">{p.noticesPublished}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const PAGE = 10;

function ImportedNotices() {
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [offset, setOffset] = useState(0);
  const page = useAsync(() => procurementApi.imported({ search: applied || undefined, limit: PAGE, offset }), [applied, offset]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setApplied(search.trim());
  };
  return (
    <section className="panel" aria-labelledby="imported-h" data-testid="imported-procurements">
      <div className="panel-head">
        <h2 id="imported-h">Real notices imported (Contracts Finder, Find a Tender)</h2>
        <Link to="/imports/ocds">Imports and their reports</Link>
      </div>
      <p className="hint">Buyers and suppliers are matched to the registry by their GB-NHS identifier or name; unmatched parties are shown as named in the notice.</p>
      <form className="filters" onSubmit={submit}>
        <div className="field"><label htmlFor="imported-search">Title or buyer</label><input id="imported-search" value={search} onChange={(e) => setSearch(e.target.value)} /></div>
        <div className="field field-buttons"><button type="submit" className="button secondary">Search</button></div>
      </form>
      {page.error ? <ErrorBox error={page.error} /> : null}
      {page.loading && !page.data ? <Loading what="imported notices" /> : null}
      {page.data && page.data.items.length === 0 ? <Empty>No imported notices match.</Empty> : null}
      {page.data && page.data.items.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="imported-table">
            <thead><tr><th scope="col">Notice</th><th scope="col">Buyer</th><th scope="col">Suppliers</th><th scope="col">Status</th><th scope="col" className="num">Awarded</th><th scope="col">Latest</th></tr></thead>
            <tbody>
              {page.data.items.map((p: ImportedProcurement) => (
                <tr key={p.ocid} data-testid="imported-row">
                  <td className="contract-cell">
                    {p.noticeUrls[0] ? <a href={p.noticeUrls[0]} rel="noreferrer noopener" target="_blank">{p.title ?? p.ocid}</a> : p.title ?? p.ocid}
                    <div className="contract-title code">{p.ocid}{p.cpvCode ? ` · CPV ${p.cpvCode}` : ''}</div>
                  </td>
                  <td>{p.buyerCode ? <OrgLink code={p.buyerCode} name={p.buyerName} /> : p.buyerName ?? '—'}</td>
                  <td>{p.suppliers.map((s) => <div key={s.ocdsId}>{s.organisationCode ? <OrgLink code={s.organisationCode} name={s.name} /> : s.name}</div>)}</td>
                  <td>{p.tenderStatus ?? '—'}</td>
                  <td className="num">{p.awardedValuePence === null ? '—' : money(p.awardedValuePence)}</td>
                  <td className="nowrap">{date(p.latestReleaseDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={page.data.total} limit={PAGE} offset={offset} onChange={setOffset} />
        </div>
      ) : null}
    </section>
  );
}

/** Procurements the user may see, the stage-gate schemes, and the real notices imported. */
export function ProcurementsPage() {
  const user = useUser();
  const list = useAsync(() => procurementApi.list(), []);
  const mayOpen = user.side === 'commissioner' && (user.role === 'commissioner' || user.role === 'admin');
  return (
    <div data-testid="page-procurements">
      <div className="page-head">
        <div>
          <h1>Procurement</h1>
          <p className="lede">Provider Selection Regime decisions in the open: routes, scores, notices, standstill and awards. <Link to="/public/notices">Public notices</Link> · <Link to="/schemes">Stage gates</Link></p>
        </div>
        {mayOpen ? <Link className="button" to="/procurements/new" data-testid="open-procurement">Open a procurement</Link> : null}
      </div>
      {list.error ? <ErrorBox error={list.error} /> : null}
      {list.loading && !list.data ? <Loading what="procurements" /> : null}
      {list.data ? (
        <section className="panel" aria-labelledby="procurements-h">
          <h2 id="procurements-h">Procurements</h2>
          <p className="hint">Those your organisation is named on, and every one that has published a notice.</p>
          {list.data.length === 0 ? <Empty>No procurements yet.</Empty> : <ProcurementsTable items={list.data} />}
        </section>
      ) : null}
      <ImportedNotices />
    </div>
  );
}
