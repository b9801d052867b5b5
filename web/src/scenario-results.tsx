// The results of a simulation: key outcomes, income and surplus over time, the Monte Carlo fan, the
// bridge (waterfall), the failure timeline ("who fails first") and the service lines. Charts are
// ECharts (modular, loaded lazily with the first chart).
import { lazy, Suspense, useMemo, useState } from 'react';
import type { ChartOption } from './chart.tsx';
import { PALETTE } from './chart.tsx';
import { countOf, moneyAxis, moneyShort, money } from './format.ts';
import type { ProviderProjection, SimulationResult } from './scenario-types.ts';

const EChart = lazy(() => import('./scenario-echart.tsx'));

function Chart({ option, height = 300, testId, ariaLabel }: { option: ChartOption; height?: number; testId: string; ariaLabel: string }) {
  return (
    <Suspense fallback={<div className="chart chart-loading" style={{ height }} aria-busy="true" />}>
      <EChart option={option} height={height} testId={testId} ariaLabel={ariaLabel} />
    </Suspense>
  );
}

const pct = (micros: number) => `${(micros / 10_000).toFixed(1)}%`;
const cumulative = (xs: readonly number[]) => {
  let t = 0;
  return xs.map((v) => (t += v));
};
const moneyTooltip = (params: unknown) => {
  const ps = (Array.isArray(params) ? params : [params]) as { axisValueLabel?: string; seriesName: string; value: number | [string, number]; marker: string }[];
  const head = ps[0]?.axisValueLabel ?? '';
  return [head, ...ps.filter((p) => !p.seriesName.startsWith('_')).map((p) => `${p.marker}${p.seriesName}: ${moneyShort(Array.isArray(p.value) ? p.value[1] : p.value)}`)].join('<br/>');
};

/** Providers the scenario touches: an impact or a failed line. */
export function affected(result: SimulationResult): ProviderProjection[] {
  // Hardest hit first: a failed line, then the biggest fall in cumulative surplus.
  const failed = (p: ProviderProjection) => (p.serviceLines.some((l) => l.failed) ? 1 : 0);
  return result.projection.providers
    .filter((p) => p.cumulative.impact !== 0 || failed(p))
    .sort((a, b) => failed(b) - failed(a) || a.cumulative.impact - b.cumulative.impact);
}

function lineOption(periods: string[], series: { name: string; data: number[]; dashed?: boolean; colour: string }[], markers: { period: string; label: string }[] = []): ChartOption {
  return {
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    legend: { type: 'scroll', top: 0 },
    tooltip: { trigger: 'axis', formatter: moneyTooltip },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => moneyAxis(v) } },
    series: series.map((s, i) => ({
      name: s.name,
      type: 'line',
      showSymbol: false,
      data: s.data,
      lineStyle: { color: s.colour, width: 2, type: s.dashed ? 'dashed' : 'solid', opacity: s.dashed ? 0.7 : 1 },
      itemStyle: { color: s.colour },
      ...(i === 0 && markers.length
        ? {
            markLine: {
              symbol: 'none',
              label: { formatter: (p: { name: string }) => p.name, position: 'insideEndTop', color: '#d5281b' },
              lineStyle: { color: '#d5281b', type: 'dashed' },
              data: markers.map((m) => ({ name: m.label, xAxis: m.period })),
            },
          }
        : {}),
    })),
  };
}

function fanOption(result: SimulationResult, code: string): ChartOption | null {
  const s = result.stress;
  const p = s?.providers.find((x) => x.code === code);
  if (!s || !p) return null;
  const { p5, p25, p50, p75, p95 } = p.fan;
  const band = (lo: number[], hi: number[], name: string, opacity: number) => [
    { name: `_${name}-base`, type: 'line', data: lo, stack: name, stackStrategy: 'all', lineStyle: { opacity: 0 }, showSymbol: false, silent: true, tooltip: { show: false } },
    { name, type: 'line', data: hi.map((v, i) => v - lo[i]), stack: name, stackStrategy: 'all', lineStyle: { opacity: 0 }, showSymbol: false, areaStyle: { color: '#005eb8', opacity }, itemStyle: { color: '#005eb8', opacity: opacity * 2 }, silent: true },
  ];
  // The deterministic projection (no uncertainty), cumulative to date, at the fan's periods.
  const proj = result.projection.providers.find((x) => x.code === code);
  const det = proj ? cumulative(proj.monthly.surplus) : [];
  const detAt = s.fanPeriods.map((fp) => det[result.projection.periods.indexOf(fp)] ?? null);
  return {
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, data: ['p5–p95', 'p25–p75', 'p50 (median)', 'No uncertainty'] },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number; axisValueLabel: string }[]) => {
        const i = params[0]?.dataIndex ?? 0;
        return `${params[0]?.axisValueLabel}<br/>no uncertainty ${detAt[i] === null ? '—' : moneyShort(detAt[i]!)}<br/>p95 ${moneyShort(p95[i])}<br/>p75 ${moneyShort(p75[i])}<br/>p50 ${moneyShort(p50[i])}<br/>p25 ${moneyShort(p25[i])}<br/>p5 ${moneyShort(p5[i])}`;
      },
    },
    xAxis: { type: 'category', data: s.fanPeriods, boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => moneyAxis(v) } },
    series: [
      ...band(p5, p95, 'p5–p95', 0.18),
      ...band(p25, p75, 'p25–p75', 0.3),
      { name: 'p50 (median)', type: 'line', data: p50, showSymbol: false, lineStyle: { color: '#003087', width: 2 }, itemStyle: { color: '#003087' } },
      { name: 'No uncertainty', type: 'line', data: detAt, showSymbol: false, lineStyle: { color: '#d5281b', width: 2, type: 'dashed' }, itemStyle: { color: '#d5281b' } },
    ],
  };
}

function waterfallOption(result: SimulationResult, code: string): ChartOption | null {
  const b = result.projection.bridges.find((x) => x.provider === code);
  if (!b) return null;
  const bars: { label: string; from: number; to: number; kind: 'total' | 'up' | 'down' }[] = [{ label: 'Baseline', from: 0, to: b.baselineCumulativeSurplus, kind: 'total' }];
  let run = b.baselineCumulativeSurplus;
  for (const s of b.steps) {
    if (s.amount === 0 && s.lever === null) continue;
    bars.push({ label: s.label, from: run, to: run + s.amount, kind: s.amount >= 0 ? 'up' : 'down' });
    run += s.amount;
  }
  bars.push({ label: 'Scenario', from: 0, to: b.scenarioCumulativeSurplus, kind: 'total' });
  const colour = { total: '#005eb8', up: '#009639', down: '#d5281b' } as const;
  return {
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const bar = bars[p.dataIndex];
        return bar ? `${bar.label}<br/>${bar.kind === 'total' ? money(bar.to) : `${bar.to - bar.from >= 0 ? '+' : ''}${money(bar.to - bar.from)}`}` : '';
      },
    },
    xAxis: { type: 'category', data: bars.map((x) => x.label), axisLabel: { interval: 0, width: 130, overflow: 'truncate' } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => moneyAxis(v) } },
    series: [
      { name: '_base', type: 'bar', stack: 'w', stackStrategy: 'all', data: bars.map((x) => x.from), itemStyle: { color: 'transparent' }, silent: true, tooltip: { show: false } },
      {
        name: 'Change',
        type: 'bar',
        stack: 'w',
        stackStrategy: 'all',
        barMaxWidth: 80,
        data: bars.map((x) => ({ value: x.to - x.from, itemStyle: { color: colour[x.kind] } })),
        label: {
          show: true,
          position: 'top',
          formatter: (p: { dataIndex: number }) => {
            const bar = bars[p.dataIndex];
            const v = bar.to - bar.from;
            return bar.kind === 'total' ? moneyShort(bar.to) : `${v >= 0 ? '+' : ''}${moneyShort(v)}`;
          },
        },
      },
    ],
  };
}

function timelineOption(result: SimulationResult): ChartOption | null {
  const p = result.projection;
  const ranks = result.stress?.whoFailsFirst.slice(0, 8) ?? [];
  const names = [
    ...new Set([
      ...p.failures.map((f) => `${f.provider} ${f.service}`),
      ...ranks.map((r) => `${r.provider} ${r.service ?? '(cash)'}`),
      ...p.providers.filter((x) => x.cashExhausted).map((x) => `${x.code} (cash)`),
    ]),
  ].reverse();
  if (names.length === 0) return null;
  return {
    grid: { left: 8, right: 40, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'item', formatter: (x: { seriesName: string; value: [string, string, number?] }) => `${x.value[1]}<br/>${x.seriesName}: ${x.value[0]}${x.value[2] !== undefined ? ` (${pct(x.value[2])} of trials)` : ''}` },
    xAxis: { type: 'category', data: p.periods, boundaryGap: false, axisLabel: { interval: 11 } },
    yAxis: { type: 'category', data: names },
    series: [
      {
        name: 'Fails (no uncertainty)',
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 16,
        itemStyle: { color: '#d5281b' },
        data: [
          ...p.failures.map((f) => [f.period, `${f.provider} ${f.service}`]),
          ...p.providers.filter((x) => x.cashExhausted).map((x) => [x.cashExhausted!, `${x.code} (cash)`]),
        ],
      },
      {
        name: 'Median failure month in trials (size = probability)',
        type: 'scatter',
        itemStyle: { color: '#005eb8', opacity: 0.6 },
        symbolSize: (v: [string, string, number]) => 8 + 22 * (v[2] / 1_000_000),
        data: ranks.map((r) => [r.medianFailurePeriod, `${r.provider} ${r.service ?? '(cash)'}`, r.failureProbability]),
      },
    ],
  };
}

export function ScenarioResults({ result, reportUrl }: { result: SimulationResult; reportUrl: string | null }) {
  const p = result.projection;
  const hit = useMemo(() => affected(result), [result]);
  const [picked, setPicked] = useState<string[]>(() => hit.slice(0, 4).map((x) => x.code));
  const [focus, setFocus] = useState<string>(() => hit[0]?.code ?? p.providers[0]?.code ?? '');
  const chosen = p.providers.filter((x) => picked.includes(x.code));
  const markers = p.failures.slice(0, 3).map((f) => ({ period: f.period, label: `${f.provider} ${f.service} closes` }));
  const income = useMemo(
    () =>
      lineOption(
        p.periods,
        chosen.flatMap((x, i) => [
          { name: `${x.code} income`, data: x.monthly.income, colour: PALETTE[i % PALETTE.length] },
          { name: `${x.code} baseline`, data: x.baseline.income, colour: PALETTE[i % PALETTE.length], dashed: true },
        ]),
        markers,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [result, picked],
  );
  const surplus = useMemo(
    () =>
      lineOption(
        p.periods,
        chosen.flatMap((x, i) => [
          { name: `${x.code} surplus`, data: cumulative(x.monthly.surplus), colour: PALETTE[i % PALETTE.length] },
          { name: `${x.code} baseline`, data: cumulative(x.baseline.surplus), colour: PALETTE[i % PALETTE.length], dashed: true },
        ]),
        markers,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [result, picked],
  );
  const fan = useMemo(() => fanOption(result, focus), [result, focus]);
  const waterfall = useMemo(() => waterfallOption(result, focus), [result, focus]);
  const timeline = useMemo(() => timelineOption(result), [result]);
  const focusProvider = p.providers.find((x) => x.code === focus);
  const b = focusProvider?.impactBreakdown;
  const timelineRows = timeline ? Math.max(2, (timeline as { yAxis: { data: string[] } }).yAxis.data.length) : 0;

  return (
    <div data-testid="simulation-results">
      <section className="panel" aria-labelledby="outcomes-h">
        <div className="panel-head">
          <h2 id="outcomes-h">Key outcomes</h2>
          {reportUrl ? (
            <a href={reportUrl} target="_blank" rel="noreferrer" data-testid="report-link">
              Printable report
            </a>
          ) : (
            <span className="hint">The printable report is for saved scenarios.</span>
          )}
        </div>
        <p className="hint">
          {p.scenario.name}: {p.periods[0]} to {p.periods.at(-1)}
          {result.stress ? `; ${result.stress.trials.toLocaleString('en-GB')} trials, seed ${result.stress.seed}` : '; projection only (0 trials)'}.
        </p>
        <ul data-testid="outcomes">
          {result.outcomes.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
        {p.minimumIncomeGuarantee && p.minimumIncomeGuarantee.annualFloor !== null ? (
          <p data-testid="mig">
            Minimum income guarantee: <strong>{money(p.minimumIncomeGuarantee.annualFloor)}</strong> a year on {p.minimumIncomeGuarantee.provider}{' '}
            {p.minimumIncomeGuarantee.service} keeps {p.minimumIncomeGuarantee.target.provider} {p.minimumIncomeGuarantee.target.service} viable (top-up{' '}
            {money(p.minimumIncomeGuarantee.topUpPaid ?? 0)}).
          </p>
        ) : null}
        {p.fragmentation.map((f) => (
          <p key={f.pathway} data-testid="fragmentation">
            Fragmentation, {f.name}: {countOf(f.commissioners, 'commissioner')}, {countOf(f.contracts, 'contract')}, {countOf(f.providers, 'provider')}, {countOf(f.handoffs, 'handoff')}.
          </p>
        ))}
      </section>

      <section className="panel" aria-labelledby="over-time-h">
        <h2 id="over-time-h">Income and surplus over time</h2>
        <fieldset className="provider-picker" data-testid="provider-picker">
          <legend>Providers shown</legend>
          {p.providers.map((x) => (
            <label key={x.code} className={hit.includes(x) ? 'hit' : undefined} data-testid={`pick-${x.code}`}>
              <input
                type="checkbox"
                checked={picked.includes(x.code)}
                onChange={(e) => setPicked(e.target.checked ? [...picked, x.code] : picked.filter((c) => c !== x.code))}
              />{' '}
              {x.code}
            </label>
          ))}
        </fieldset>
        <h3>Monthly income (dashed: baseline, no levers)</h3>
        <Chart option={income} testId="chart-income" ariaLabel="Monthly income per provider, scenario and baseline" />
        <h3>Cumulative surplus to date (dashed: baseline)</h3>
        <Chart option={surplus} testId="chart-surplus" ariaLabel="Cumulative surplus per provider, scenario and baseline" />
      </section>

      <section className="panel" aria-labelledby="provider-h">
        <div className="panel-head">
          <h2 id="provider-h">One provider: fan and bridge</h2>
          <div className="field inline focus-field">
            <label htmlFor="focus-provider">Provider</label>
            <select id="focus-provider" value={focus} onChange={(e) => setFocus(e.target.value)} data-testid="focus-provider">
              {p.providers.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.code} {x.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="two-col">
          <div>
            <h3>Monte Carlo fan: cumulative surplus to date</h3>
            {fan ? <Chart option={fan} testId="chart-fan" ariaLabel="Monte Carlo fan of cumulative surplus, p5 to p95 with the median" /> : <p className="empty">No stress test (0 trials).</p>}
          </div>
          <div>
            <h3>Bridge: baseline to scenario, cumulative surplus</h3>
            {waterfall ? <Chart option={waterfall} testId="chart-waterfall" ariaLabel="Waterfall from baseline to scenario cumulative surplus" /> : null}
          </div>
        </div>
        {b ? (
          <p className="formula" data-testid="derivation">
            Impact = income {moneyShort(b.income)} − variable {moneyShort(b.variableCost)} − semi-fixed {moneyShort(b.semiFixedCost)} − fixed {moneyShort(b.fixedCost)} − pay{' '}
            {moneyShort(b.payCost)} = <strong>{moneyShort(b.surplus)}</strong> over the horizon (scenario minus baseline).
          </p>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="timeline-h">
        <h2 id="timeline-h">Failure timeline: who fails first</h2>
        {timeline ? (
          <Chart option={timeline} height={90 + 34 * timelineRows} testId="chart-timeline" ariaLabel="Failure timeline" />
        ) : (
          <p className="empty" data-testid="no-failures">Nothing fails, in the projection or in any trial.</p>
        )}
        {result.stress && result.stress.whoFailsFirst.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="who-fails-first">
              <thead>
                <tr>
                  <th scope="col" className="num">Rank</th>
                  <th scope="col">What fails</th>
                  <th scope="col" className="num">Probability</th>
                  <th scope="col" className="num">Fails first in</th>
                  <th scope="col">Median month</th>
                </tr>
              </thead>
              <tbody>
                {result.stress.whoFailsFirst.slice(0, 10).map((r) => (
                  <tr key={`${r.provider}-${r.service}`}>
                    <td className="num">{r.rank}</td>
                    <td>
                      {r.provider} {r.service ?? '(cash runs out)'}
                    </td>
                    <td className="num">{pct(r.failureProbability)}</td>
                    <td className="num">{pct(r.shareFirst)}</td>
                    <td>{r.medianFailurePeriod}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="impact-h">
        <h2 id="impact-h">Impact by provider</h2>
        <p className="hint">
          On {result.economy.name} as at {result.economy.asAt} (version {result.economy.seq}, its {result.economy.year} figures): cumulative over {p.scenario.horizonMonths} months, against the baseline with no lever.
        </p>
        <div className="table-wrap">
          <table className="table" data-testid="provider-impacts">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col" className="num">Income change</th>
                <th scope="col" className="num">Surplus</th>
                <th scope="col" className="num">Baseline surplus</th>
                <th scope="col" className="num">Impact</th>
                <th scope="col">First deficit year</th>
              </tr>
            </thead>
            <tbody>
              {hit.map((x) => (
                <tr key={x.code} data-testid={`impact-${x.code}`} data-pence={x.cumulative.impact}>
                  <td>{x.code} {x.name}</td>
                  <td className="num">{moneyShort(x.impactBreakdown.income)}</td>
                  <td className="num">{moneyShort(x.cumulative.surplus)}</td>
                  <td className="num">{moneyShort(x.cumulative.baselineSurplus)}</td>
                  <td className={`num${x.cumulative.impact < 0 ? ' negative' : ''}`}>{money(x.cumulative.impact)}</td>
                  <td>{x.firstDeficitYear ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby="lines-h">
        <h2 id="lines-h">Service lines of the providers affected</h2>
        <div className="table-wrap">
          <table className="table" data-testid="service-lines">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Line</th>
                <th scope="col" className="num">Result</th>
                <th scope="col" className="num">Baseline</th>
                <th scope="col" className="num">Impact</th>
                <th scope="col">Viability</th>
              </tr>
            </thead>
            <tbody>
              {hit.flatMap((x) =>
                x.serviceLines.map((l) => (
                  <tr key={`${x.code}-${l.service}`} data-testid={`line-${x.code}-${l.service}`}>
                    <td>{x.code}</td>
                    <td>
                      {l.service}
                      {l.created ? ' (new)' : ''}
                    </td>
                    <td className={`num${l.cumulative.result < 0 ? ' negative' : ''}`}>{moneyShort(l.cumulative.result)}</td>
                    <td className="num">{moneyShort(l.cumulative.baselineResult)}</td>
                    <td className={`num${l.cumulative.impact < 0 ? ' negative' : ''}`}>{moneyShort(l.cumulative.impact)}</td>
                    <td>{l.failed ? <strong className="negative-text">Closed {l.failed.period} ({l.failed.reason})</strong> : 'Viable'}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
