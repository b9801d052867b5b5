import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, CONTRACT_MODELS, CONTRACT_STATUSES, type ContractSummary } from '../api.ts';
import { Empty, ErrorBox, Loading, OrgLink, Pager, StatusTag } from '../components.tsx';
import { date, label, money } from '../format.ts';
import { useAsync } from '../hooks.ts';
import { useUser } from '../auth.tsx';

const PAGE_SIZE = 25;

export function ContractsTable({ items, testId = 'contracts-table' }: { items: ContractSummary[]; testId?: string }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Contract</th>
            <th scope="col">Commissioner</th>
            <th scope="col">Provider</th>
            <th scope="col">Model</th>
            <th scope="col">Status</th>
            <th scope="col">Term</th>
            <th scope="col" className="num">Signed value</th>
            <th scope="col" className="num">Current value</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => {
            const commissioners = c.parties.filter((p) => p.role !== 'provider');
            const providers = c.parties.filter((p) => p.role === 'provider');
            return (
              <tr key={c.id} data-testid={`contract-row-${c.reference}`}>
                <td className="contract-cell">
                  <Link to={`/contracts/${encodeURIComponent(c.reference)}`} data-testid="contract-link" className="nowrap">{c.reference}</Link>
                  <div className="contract-title">{c.title}</div>
                </td>
                <td>
                  {commissioners.map((p) => (
                    <div key={p.organisationCode}><OrgLink code={p.organisationCode} name={p.name} /></div>
                  ))}
                </td>
                <td>
                  {providers.map((p) => (
                    <div key={p.organisationCode}><OrgLink code={p.organisationCode} name={p.name} /></div>
                  ))}
                </td>
                <td>{label(c.model)}</td>
                <td><StatusTag status={c.status} /></td>
                <td className="nowrap">{date(c.startDate)} – {date(c.endDate)}</td>
                <td className="num">{money(c.signedValuePence)}</td>
                <td className="num">{money(c.currentValuePence)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function ContractsPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const model = params.get('model') ?? '';
  const search = params.get('search') ?? '';
  const asAt = params.get('asAt') ?? '';
  const commissioner = params.get('commissioner') ?? '';
  const provider = params.get('provider') ?? '';
  const organisation = params.get('organisation') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const [searchText, setSearchText] = useState(search);
  useEffect(() => setSearchText(search), [search]);

  const page = useAsync(
    () => api.contracts({
      status: status || undefined, model: model || undefined, search: search || undefined, asAt: asAt || undefined,
      commissioner: commissioner || undefined, provider: provider || undefined, organisation: organisation || undefined,
      limit: PAGE_SIZE, offset,
    }),
    [status, model, search, asAt, commissioner, provider, organisation, offset],
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

  function submitSearch(e: FormEvent) {
    e.preventDefault();
    update({ search: searchText.trim() });
  }

  const scoped = [commissioner && `commissioner ${commissioner}`, provider && `provider ${provider}`, organisation && `organisation ${organisation}`].filter(Boolean);

  return (
    <div data-testid="page-contracts">
      <div className="page-head">
        <div>
          <h1>Contracts</h1>
          <p className="lede">The contracts your organisation may see. Status and value are as at the chosen date (today if none).</p>
        </div>
        {user.youMay.letContracts || user.youMay.letSubcontracts ? (
          <Link className="button" to="/contracts/new" data-testid="new-contract-link">
            {user.youMay.letContracts ? 'Let a new contract' : 'Let a subcontract'}
          </Link>
        ) : null}
      </div>

      <form className="filters panel" onSubmit={submitSearch} data-testid="contract-filters">
        <div className="field">
          <label htmlFor="contracts-search">Search</label>
          <input id="contracts-search" type="search" value={searchText} placeholder="Reference or title" onChange={(e) => setSearchText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="contracts-status">Status</label>
          <select id="contracts-status" value={status} onChange={(e) => update({ status: e.target.value })}>
            <option value="">Any status</option>
            {CONTRACT_STATUSES.map((s) => <option key={s} value={s}>{label(s)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="contracts-model">Model</label>
          <select id="contracts-model" value={model} onChange={(e) => update({ model: e.target.value })}>
            <option value="">Any model</option>
            {CONTRACT_MODELS.map((m) => <option key={m} value={m}>{label(m)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="contracts-as-at">As at</label>
          <input id="contracts-as-at" type="date" value={asAt} onChange={(e) => update({ asAt: e.target.value })} />
        </div>
        <div className="field field-buttons">
          <button type="submit" className="button" data-testid="contracts-search-submit">Search</button>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setSearchText('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {scoped.length ? (
        <p className="hint" data-testid="contracts-scope">
          Only contracts with {scoped.join(' and ')}.{' '}
          <button type="button" className="link-button" onClick={() => update({ commissioner: '', provider: '', organisation: '' })}>Show all</button>
        </p>
      ) : null}

      {page.error ? <ErrorBox error={page.error} /> : null}
      {page.loading && !page.data ? <Loading what="contracts" /> : null}
      {page.data ? (
        <div className={`panel${page.loading ? ' stale' : ''}`}>
          {page.data.items.length === 0 ? (
            <Empty testId="contracts-empty">No contracts match these filters.</Empty>
          ) : (
            <ContractsTable items={page.data.items} />
          )}
          <Pager total={page.data.total} limit={page.data.limit} offset={page.data.offset} onChange={(o) => update({ offset: o ? String(o) : '' }, true)} />
        </div>
      ) : null}
    </div>
  );
}
