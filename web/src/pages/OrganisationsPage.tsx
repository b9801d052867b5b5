import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ORGANISATION_KINDS } from '../api.ts';
import { Empty, ErrorBox, Loading, OrgLink, OrgRef, Pager } from '../components.tsx';
import { date, label } from '../format.ts';
import { useAsync } from '../hooks.ts';

const PAGE_SIZE = 50;
const SECTORS = ['nhs', 'independent', 'voluntary', 'local_government'];

export function OrganisationsPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const kind = params.get('kind') ?? '';
  const sector = params.get('sector') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const [searchText, setSearchText] = useState(search);
  useEffect(() => setSearchText(search), [search]);

  const page = useAsync(
    () => api.organisations({ search: search || undefined, kind: kind || undefined, sector: sector || undefined, limit: PAGE_SIZE, offset }),
    [search, kind, sector, offset],
  );

  function update(changes: Record<string, string>, keepOffset = false) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!keepOffset) next.delete('offset');
    setParams(next, { replace: !('offset' in changes) });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    update({ search: searchText.trim() });
  }

  return (
    <div data-testid="page-organisations">
      <h1>Organisations</h1>
      <p className="lede">Commissioners and providers in the registry, with ODS codes.</p>
      <form className="filters panel" onSubmit={submit} data-testid="organisation-filters">
        <div className="field">
          <label htmlFor="organisations-search">Search</label>
          <input id="organisations-search" type="search" placeholder="Name or code" value={searchText} onChange={(e) => setSearchText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="organisations-kind">Kind</label>
          <select id="organisations-kind" value={kind} onChange={(e) => update({ kind: e.target.value })}>
            <option value="">Any kind</option>
            {ORGANISATION_KINDS.map((k) => <option key={k} value={k}>{label(k)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="organisations-sector">Sector</label>
          <select id="organisations-sector" value={sector} onChange={(e) => update({ sector: e.target.value })}>
            <option value="">Any sector</option>
            {SECTORS.map((s) => <option key={s} value={s}>{label(s)}</option>)}
          </select>
        </div>
        <div className="field field-buttons">
          <button type="submit" className="button" data-testid="organisations-search-submit">Search</button>
          <button type="button" className="button secondary" onClick={() => { setSearchText(''); setParams(new URLSearchParams(), { replace: true }); }}>Clear</button>
        </div>
      </form>

      {page.error ? <ErrorBox error={page.error} /> : null}
      {page.loading && !page.data ? <Loading what="organisations" /> : null}
      {page.data ? (
        <div className={`panel${page.loading ? ' stale' : ''}`}>
          {page.data.items.length === 0 ? (
            <Empty testId="organisations-empty">No organisations match.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="organisations-table">
                <thead>
                  <tr>
                    <th scope="col">Organisation</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Sector</th>
                    <th scope="col">Parent</th>
                    <th scope="col">Opened</th>
                    <th scope="col">Closed</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.items.map((o) => (
                    <tr key={o.code} data-testid={`organisation-row-${o.code}`}>
                      <td><OrgLink code={o.code} name={o.name} /></td>
                      <td>{label(o.kind)}</td>
                      <td>{label(o.sector)}</td>
                      <td>{o.parentCode ? <OrgRef code={o.parentCode} name={o.parentName} known={o.parentName !== null} /> : '—'}</td>
                      <td className="nowrap">{date(o.openDate)}</td>
                      <td className="nowrap">{o.closeDate ? date(o.closeDate) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager total={page.data.total} limit={page.data.limit} offset={page.data.offset} onChange={(o) => update({ offset: o ? String(o) : '' }, true)} />
        </div>
      ) : null}
    </div>
  );
}
