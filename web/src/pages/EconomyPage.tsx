import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, type EconomyOverview } from '../api.ts';
import { Chart, NHS_BLUE, type ChartOption } from '../chart.tsx';
import { DateField, Empty, ErrorBox, Loading, OrgLink, StatusTag } from '../components.tsx';
import { countOf, date, label, money, moneyAxis, moneyShort, today } from '../format.ts';
import { useAsync } from '../hooks.ts';

function barOption(rows: { name: string; valuePence: number; contracts: number }[]): ChartOption {
  const sorted = [...rows].sort((a, b) => a.valuePence - b.valuePence);
  return {
    grid: { left: 8, right: 70, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const r = sorted[p.dataIndex];
        return r ? `${r.name}<br/>${money(r.valuePence)} (${countOf(r.contracts, 'contract')})` : '';
      },
    },
    xAxis: { type: 'value', splitNumber: 4, axisLabel: { formatter: (v: number) => moneyAxis(v), hideOverlap: true } },
    yAxis: { type: 'category', data: sorted.map((r) => r.name), axisLabel: { width: 150, overflow: 'break', lineHeight: 14 } },
    series: [
      {
        type: 'bar',
        data: sorted.map((r) => r.valuePence),
        itemStyle: { color: NHS_BLUE, borderRadius: [0, 3, 3, 0] },
        barMaxWidth: 28,
        label: { show: true, position: 'right', formatter: (p: { value: number }) => moneyShort(p.value) },
      },
    ],
  };
}

function Charts({ economy }: { economy: EconomyOverview }) {
  const bySector = useMemo(
    () => barOption(economy.byProviderSector.map((r) => ({ name: label(r.sector), valuePence: r.valuePence, contracts: r.contracts }))),
    [economy],
  );
  const byModel = useMemo(
    () => barOption(economy.byModel.map((r) => ({ name: label(r.model), valuePence: r.valuePence, contracts: r.contracts }))),
    [economy],
  );
  const h = (n: number) => Math.max(140, 48 * n + 40);
  return (
    <div className="two-col">
      <section className="panel" aria-labelledby="by-sector-h">
        <h2 id="by-sector-h">Value by provider sector</h2>
        {economy.byProviderSector.length ? (
          <Chart option={bySector} height={h(economy.byProviderSector.length)} testId="chart-sector" ariaLabel="Contract value by provider sector" />
        ) : (
          <Empty>No contracts.</Empty>
        )}
      </section>
      <section className="panel" aria-labelledby="by-model-h">
        <h2 id="by-model-h">Value by contract model</h2>
        {economy.byModel.length ? (
          <Chart option={byModel} height={h(economy.byModel.length)} testId="chart-model" ariaLabel="Contract value by contract model" />
        ) : (
          <Empty>No contracts.</Empty>
        )}
      </section>
    </div>
  );
}

export function EconomyPage() {
  const [params, setParams] = useSearchParams();
  const asAt = params.get('asAt') ?? '';
  const economy = useAsync(() => api.economy(asAt || undefined), [asAt]);
  // Contract references for the relationship links (best effort: the table still works without them).
  const refs = useAsync(() => api.contracts({ asAt: asAt || undefined, limit: 500 }), [asAt]);
  const refById = useMemo(() => new Map((refs.data?.items ?? []).map((c) => [c.id, c.reference])), [refs.data]);

  const setAsAt = (v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set('asAt', v);
    else next.delete('asAt');
    setParams(next, { replace: true });
  };

  const e = economy.data;
  const relationships = useMemo(() => (e ? [...e.relationships].sort((a, b) => b.valuePence - a.valuePence) : []), [e]);
  // A contract with several providers (a pooled budget, an alliance) appears in each of its relationships.
  const sharedContracts = useMemo(() => {
    const seen = new Map<string, number>();
    for (const r of relationships) for (const id of r.contractIds) seen.set(id, (seen.get(id) ?? 0) + 1);
    return [...seen.values()].filter((n) => n > 1).length;
  }, [relationships]);

  return (
    <div data-testid="page-economy">
      <div className="page-head">
        <div>
          <h1>Economy overview</h1>
          <p className="lede">Who commissions what from whom: every contract you may see, valued as at the chosen date.</p>
        </div>
        <div className="toolbar">
          <DateField id="economy-as-at" label="As at" value={asAt || e?.asAt || ''} onChange={setAsAt} />
          {asAt !== today() ? (
            <button type="button" className="button secondary" onClick={() => setAsAt(today())} data-testid="economy-as-at-today">
              Today
            </button>
          ) : null}
          {asAt ? (
            <button type="button" className="button secondary" onClick={() => setAsAt('')} data-testid="economy-as-at-live">
              When my contracts are live
            </button>
          ) : null}
        </div>
      </div>

      {economy.error ? <ErrorBox error={economy.error} /> : null}
      {economy.loading && !e ? <Loading what="the economy" /> : null}
      {e ? (
        <div className={economy.loading ? 'stale' : undefined}>
          <p className="as-at-note" data-testid="economy-as-at-shown" data-as-at={e.asAt} data-chosen={e.asAtChosen}>
            Values as at <strong>{date(e.asAt)}</strong>
            {e.asAtChosen === 'most_live'
              ? <>: the date on which most of your contracts are live ({countOf(e.byStatus.find((x) => x.status === 'live')?.contracts ?? 0, 'contract')}). Choose another date, or today, above.</>
              : e.asAtChosen === 'today' ? <>: today (none of your contracts is live on any date yet).</> : '.'}
          </p>
          <div className="cards" data-testid="totals">
            <div className="card">
              <div className="card-label">Total contract value</div>
              <div className="card-value" data-testid="total-value">{money(e.valuePence)}</div>
            </div>
            <div className="card">
              <div className="card-label">Contracts</div>
              <div className="card-value" data-testid="total-contracts">{e.contracts}</div>
            </div>
            <div className="card">
              <div className="card-label">Organisations in the registry</div>
              <div className="card-value" data-testid="total-organisations">{e.organisations}</div>
            </div>
            <div className="card">
              <div className="card-label">By status</div>
              <ul className="card-list" data-testid="by-status">
                {e.byStatus.length === 0 ? <li>None</li> : null}
                {e.byStatus.map((s) => (
                  <li key={s.status}>
                    <StatusTag status={s.status} /> {s.contracts} · {moneyShort(s.valuePence)}
                  </li>
                ))}
              </ul>
            </div>
          </div>

          <Charts economy={e} />

          <section className="panel" aria-labelledby="relationships-h">
            <h2 id="relationships-h">Relationships: commissioner → provider</h2>
            {sharedContracts > 0 ? (
              <p className="hint" data-testid="relationships-shared-note">
                {sharedContracts === 1 ? 'One contract has' : `${sharedContracts} contracts have`} several providers and
                {sharedContracts === 1 ? ' appears' : ' appear'} in each of their relationships at full value, so the rows add up to more
                than the total above.
              </p>
            ) : null}
            {relationships.length === 0 ? (
              <Empty testId="relationships-empty">No contracts are visible to your organisation on this date.</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="relationships">
                  <thead>
                    <tr>
                      <th scope="col">Commissioner</th>
                      <th scope="col">Provider</th>
                      <th scope="col">Provider sector</th>
                      <th scope="col" className="num">Contracts</th>
                      <th scope="col" className="num">Value</th>
                      <th scope="col">Contract</th>
                      <th scope="col">Relationship</th>
                    </tr>
                  </thead>
                  <tbody>
                    {relationships.map((r) => (
                      <tr key={`${r.commissionerCode}>${r.providerCode}`} data-testid={`relationship-${r.commissionerCode}-${r.providerCode}`}>
                        <td><OrgLink code={r.commissionerCode} name={r.commissionerName} /></td>
                        <td><OrgLink code={r.providerCode} name={r.providerName} /></td>
                        <td>{label(r.providerSector)}</td>
                        <td className="num">
                          <Link
                            to={`/contracts?commissioner=${encodeURIComponent(r.commissionerCode)}&provider=${encodeURIComponent(r.providerCode)}&asAt=${e.asAt}`}
                            data-testid="relationship-contracts"
                          >
                            {r.contracts}
                          </Link>
                        </td>
                        <td className="num" data-testid="relationship-value">{money(r.valuePence)}</td>
                        <td>
                          <ul className="inline-list">
                            {r.contractIds.map((id, i) => (
                              <li key={id}>
                                <Link to={`/contracts/${encodeURIComponent(refById.get(id) ?? id)}?asAt=${e.asAt}`} data-testid="relationship-contract-link">
                                  {refById.get(id) ?? `Contract ${i + 1}`}
                                </Link>
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td>
                          {(r as { commissionerRole?: string }).commissionerRole !== 'associate' ? (
                            <Link to={`/relationships/${encodeURIComponent(r.commissionerCode)}/${encodeURIComponent(r.providerCode)}`} data-testid="relationship-record-link">Record</Link>
                          ) : <span className="muted">associate</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      ) : null}
    </div>
  );
}
