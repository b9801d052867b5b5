/**
 * The printable simulation report: one self-contained HTML page (no scripts, inline SVG charts,
 * print CSS) with the scenario's levers, income and surplus over time for the providers affected,
 * the bridge (waterfall) and how the impact was derived, the failure timeline and the Monte Carlo
 * percentiles.
 */

import type { ProjectionResult, ProviderProjection } from '../../domain/impact/index.ts';
import { formatPounds } from '../../domain/money.ts';
import type { SimulationResult } from './scenarios.ts';

const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** £12.3m style for axes and labels. */
function short(pence: number): string {
  const abs = Math.abs(pence) / 100;
  const sign = pence < 0 ? '−' : '';
  if (abs >= 1e9) return `${sign}£${(abs / 1e9).toFixed(2)}bn`;
  if (abs >= 1e6) return `${sign}£${(abs / 1e6).toFixed(1)}m`;
  if (abs >= 1e3) return `${sign}£${(abs / 1e3).toFixed(0)}k`;
  return `${sign}£${abs.toFixed(0)}`;
}
const pounds = (pence: number) => formatPounds(Math.round(pence / 100) * 100).replace(/\.00$/, '').replace(/^-/, '−');
const pct = (micros: number) => `${(micros / 10_000).toFixed(1)}%`;

const COLOURS = ['#005eb8', '#d5281b', '#009639', '#ffb81c', '#330072', '#41b6e6', '#ed8b00', '#7c2855', '#00a499', '#768692'];

function niceTicks(min: number, max: number, n = 5): number[] {
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const raw = (max - min) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) out.push(v);
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out;
}

interface Series {
  readonly name: string;
  readonly values: readonly number[];
  readonly dashed?: boolean;
  readonly colour: string;
}

/** A line chart of money over periods, as inline SVG. */
function lineChart(title: string, periods: readonly string[], series: readonly Series[], markers: readonly { index: number; label: string }[] = []): string {
  const W = 900;
  const H = 300;
  const L = 80;
  const R = 20;
  const T = 20;
  const B = 40;
  const all = series.flatMap((s) => s.values);
  const ticks = niceTicks(Math.min(0, ...all), Math.max(0, ...all));
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];
  const x = (i: number) => L + ((W - L - R) * i) / Math.max(1, periods.length - 1);
  const y = (v: number) => T + ((H - T - B) * (hi - v)) / (hi - lo || 1);
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${t === 0 ? '#425563' : '#d8dde0'}" stroke-width="1"/>`);
    parts.push(`<text x="${L - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${esc(short(t))}</text>`);
  }
  periods.forEach((p, i) => {
    if (p.endsWith('-04') || i === 0) parts.push(`<text x="${x(i).toFixed(1)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${esc(p)}</text>`);
  });
  for (const m of markers) {
    parts.push(`<line x1="${x(m.index).toFixed(1)}" x2="${x(m.index).toFixed(1)}" y1="${T}" y2="${H - B}" stroke="#d5281b" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${(x(m.index) + 4).toFixed(1)}" y="${T + 12}" font-size="11" fill="#d5281b">${esc(m.label)}</text>`);
  }
  for (const s of series) {
    const d = s.values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
    parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4" opacity="0.7"' : ''}/>`);
  }
  const legend = series
    .map((s) => `<span class="key"><span class="swatch${s.dashed ? ' dashed' : ''}" style="border-color:${s.colour}"></span>${esc(s.name)}</span>`)
    .join(' ');
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg><div class="legend">${legend}</div></figure>`;
}

/** The bridge from baseline to scenario cumulative surplus for one provider, as a waterfall. */
function waterfall(projection: ProjectionResult, provider: ProviderProjection): string {
  const bridge = projection.bridges.find((b) => b.provider === provider.code);
  if (!bridge) return '';
  const bars: { label: string; from: number; to: number; kind: 'total' | 'up' | 'down' }[] = [];
  bars.push({ label: 'Baseline', from: 0, to: bridge.baselineCumulativeSurplus, kind: 'total' });
  let run = bridge.baselineCumulativeSurplus;
  for (const s of bridge.steps) {
    if (s.amount === 0 && s.lever === null) continue;
    bars.push({ label: s.label, from: run, to: run + s.amount, kind: s.amount >= 0 ? 'up' : 'down' });
    run += s.amount;
  }
  bars.push({ label: 'Scenario', from: 0, to: bridge.scenarioCumulativeSurplus, kind: 'total' });
  const W = 900;
  const H = 280;
  const L = 80;
  const T = 20;
  const B = 60;
  const ticks = niceTicks(Math.min(0, ...bars.flatMap((b) => [b.from, b.to])), Math.max(0, ...bars.flatMap((b) => [b.from, b.to])));
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];
  const y = (v: number) => T + ((H - T - B) * (hi - v)) / (hi - lo || 1);
  const slot = (W - L - 20) / bars.length;
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line x1="${L}" x2="${W - 20}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${t === 0 ? '#425563' : '#d8dde0'}"/>`);
    parts.push(`<text x="${L - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${esc(short(t))}</text>`);
  }
  bars.forEach((b, i) => {
    const x0 = L + i * slot + slot * 0.15;
    const w = slot * 0.7;
    const top = y(Math.max(b.from, b.to));
    const h = Math.max(1, Math.abs(y(b.from) - y(b.to)));
    const colour = b.kind === 'total' ? '#005eb8' : b.kind === 'up' ? '#009639' : '#d5281b';
    parts.push(`<rect x="${x0.toFixed(1)}" y="${top.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${colour}"/>`);
    const value = b.kind === 'total' ? b.to : b.to - b.from;
    parts.push(`<text x="${(x0 + w / 2).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle" font-size="11">${esc(b.kind === 'total' ? short(value) : `${value >= 0 ? '+' : ''}${short(value)}`)}</text>`);
    const label = b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label;
    parts.push(`<text x="${(x0 + w / 2).toFixed(1)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${esc(label)}</text>`);
  });
  const title = `Bridge: ${provider.name} (${provider.code}), cumulative surplus over the horizon, baseline to scenario`;
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg></figure>`;
}

/** Failures on a time axis across the horizon. */
function timeline(projection: ProjectionResult): string {
  const events = [
    ...projection.failures.map((f) => ({ index: f.monthIndex, label: `${f.provider} ${f.service} (${f.reason})` })),
    ...projection.providers.filter((p) => p.cashExhausted).map((p) => ({ index: projection.periods.indexOf(p.cashExhausted!), label: `${p.code} cash runs out` })),
  ].sort((a, b) => a.index - b.index);
  if (events.length === 0) return '<p>No service line fails and no provider runs out of cash in the deterministic projection.</p>';
  const W = 900;
  const L = 20;
  const R = 20;
  const rowH = 24;
  const H = 40 + events.length * rowH;
  const n = projection.periods.length;
  const x = (i: number) => L + ((W - L - R) * i) / Math.max(1, n - 1);
  const parts: string[] = [`<line x1="${L}" x2="${W - R}" y1="20" y2="20" stroke="#425563"/>`];
  projection.periods.forEach((p, i) => {
    if (p.endsWith('-04') || i === 0) {
      parts.push(`<line x1="${x(i).toFixed(1)}" x2="${x(i).toFixed(1)}" y1="16" y2="${H - 4}" stroke="#d8dde0"/>`);
      parts.push(`<text x="${x(i).toFixed(1)}" y="12" text-anchor="middle" font-size="11">${esc(p)}</text>`);
    }
  });
  events.forEach((e, k) => {
    const yy = 40 + k * rowH;
    const anchor = x(e.index) > W * 0.6 ? 'end' : 'start';
    parts.push(`<circle cx="${x(e.index).toFixed(1)}" cy="${yy}" r="6" fill="#d5281b"/>`);
    parts.push(`<text x="${(x(e.index) + (anchor === 'end' ? -10 : 10)).toFixed(1)}" y="${yy + 4}" text-anchor="${anchor}" font-size="12">${esc(`${projection.periods[e.index]}: ${e.label}`)}</text>`);
  });
  return `<figure><figcaption>Failure timeline (deterministic projection)</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Failure timeline">${parts.join('')}</svg></figure>`;
}

/** Providers the scenario touches (an impact or a failed line), hardest hit first. */
export function affectedProviders(projection: ProjectionResult): ProviderProjection[] {
  const failed = (p: ProviderProjection) => (p.serviceLines.some((l) => l.failed) ? 1 : 0);
  return projection.providers
    .filter((p) => p.cumulative.impact !== 0 || failed(p))
    .sort((a, b) => failed(b) - failed(a) || a.cumulative.impact - b.cumulative.impact);
}

export function renderReport(result: SimulationResult, options: { scenarioId?: string; generatedAt?: string } = {}): string {
  const p = result.projection;
  const s = result.stress;
  const affected = affectedProviders(p);
  const levers = p.scenario.levers;
  const leverRows = levers
    .map((l) => {
      const summary = result.levers.find((x) => x.index === l.index)?.summary ?? '';
      return `<tr><td>${l.index + 1}</td><td>${esc(l.label)}</td><td>${esc(l.type)}</td><td>${esc(l.from)}</td><td>${esc(summary)}</td></tr>`;
    })
    .join('');
  const incomeChart = lineChart(
    'Monthly income, scenario (solid) and baseline (dashed)',
    p.periods,
    affected.slice(0, 6).flatMap((x, i) => [
      { name: `${x.code} income`, values: x.monthly.income, colour: COLOURS[i % COLOURS.length] },
      { name: `${x.code} baseline`, values: x.baseline.income, colour: COLOURS[i % COLOURS.length], dashed: true },
    ]),
  );
  const cumulative = (xs: readonly number[]) => {
    let t = 0;
    return xs.map((v) => (t += v));
  };
  const surplusChart = lineChart(
    'Cumulative surplus to date, scenario (solid) and baseline (dashed)',
    p.periods,
    affected.slice(0, 6).flatMap((x, i) => [
      { name: `${x.code} surplus`, values: cumulative(x.monthly.surplus), colour: COLOURS[i % COLOURS.length] },
      { name: `${x.code} baseline`, values: cumulative(x.baseline.surplus), colour: COLOURS[i % COLOURS.length], dashed: true },
    ]),
    p.failures.slice(0, 4).map((f) => ({ index: f.monthIndex, label: `${f.provider} ${f.service} closes` })),
  );
  const derivation = affected
    .map((x) => {
      const b = x.impactBreakdown;
      return `<tr><th scope="row">${esc(x.code)} ${esc(x.name)}</th><td class="num">${pounds(b.income)}</td><td class="num">${pounds(b.variableCost)}</td><td class="num">${pounds(b.semiFixedCost)}</td><td class="num">${pounds(b.fixedCost)}</td><td class="num">${pounds(b.payCost)}</td><td class="num"><strong>${pounds(b.surplus)}</strong></td></tr>`;
    })
    .join('');
  const bridges = affected
    .map((x) => {
      const br = p.bridges.find((b) => b.provider === x.code);
      const steps = br ? br.steps.map((st) => `<li>${esc(st.label)}: ${pounds(st.amount)}</li>`).join('') : '';
      return `<section class="provider">${waterfall(p, x)}${br ? `<p>Baseline cumulative surplus ${pounds(br.baselineCumulativeSurplus)}; ${br.steps.length} step(s):</p><ul>${steps}</ul><p>Scenario cumulative surplus ${pounds(br.scenarioCumulativeSurplus)} (change ${pounds(br.totalChange)}).</p>` : ''}</section>`;
    })
    .join('');
  const lines = affected
    .flatMap((x) =>
      x.serviceLines.map(
        (l) =>
          `<tr${l.failed ? ' class="failed"' : ''}><td>${esc(x.code)}</td><td>${esc(l.service)}${l.created ? ' (new)' : ''}</td><td class="num">${pounds(l.cumulative.result)}</td><td class="num">${pounds(l.cumulative.baselineResult)}</td><td class="num">${pounds(l.cumulative.impact)}</td><td>${l.failed ? `closed ${esc(l.failed.period)} (${esc(l.failed.reason)})` : 'viable'}</td></tr>`,
      ),
    )
    .join('');
  const mig = p.minimumIncomeGuarantee;
  const migHtml = mig
    ? `<section><h2>Minimum income guarantee</h2><p>${
        mig.annualFloor === null
          ? `No income floor on ${esc(mig.provider)} ${esc(mig.service)} keeps ${esc(mig.target.provider)} ${esc(mig.target.service)} viable.`
          : `The smallest annual floor on ${esc(mig.provider)} ${esc(mig.service)} income that keeps ${esc(mig.target.provider)} ${esc(mig.target.service)} viable from ${esc(mig.from)} to ${esc(mig.until)} is <strong>${pounds(mig.annualFloor)}</strong> a year; the top-up paid over the period is ${pounds(mig.topUpPaid ?? 0)}.${mig.failsWithoutGuaranteeIn ? ` Without it the line fails in ${esc(mig.failsWithoutGuaranteeIn)}.` : ''}`
      }</p></section>`
    : '';
  const frag = p.fragmentation.length
    ? `<section><h2>Fragmentation</h2><table><thead><tr><th>Pathway</th><th class="num">Commissioners</th><th class="num">Contracts</th><th class="num">Providers</th><th class="num">Handoffs</th></tr></thead><tbody>${p.fragmentation
        .map((f) => `<tr><td>${esc(f.name)}</td><td class="num">${f.commissioners}</td><td class="num">${f.contracts}</td><td class="num">${f.providers}</td><td class="num">${f.handoffs}</td></tr>`)
        .join('')}</tbody></table></section>`
    : '';
  const stressHtml = s
    ? `<section><h2>Stress test</h2><p>${s.trials.toLocaleString('en-GB')} Monte Carlo trials, seed ${s.seed}. Cumulative surplus over the horizon by percentile; P(deficit) is the share of trials ending the horizon in cumulative deficit.</p>
<table><thead><tr><th>Provider</th><th class="num">p5</th><th class="num">p25</th><th class="num">p50</th><th class="num">p75</th><th class="num">p95</th><th class="num">P(deficit)</th><th class="num">P(cash out)</th><th class="num">P(a line fails)</th></tr></thead><tbody>${s.providers
        .filter((x) => x.cumulativeSurplus.p5 !== x.cumulativeSurplus.p95 || x.cashFailureProbability > 0 || affected.some((a) => a.code === x.code))
        .map(
          (x) =>
            `<tr><td>${esc(x.code)} ${esc(x.name)}</td><td class="num">${pounds(x.cumulativeSurplus.p5)}</td><td class="num">${pounds(x.cumulativeSurplus.p25)}</td><td class="num">${pounds(x.cumulativeSurplus.p50)}</td><td class="num">${pounds(x.cumulativeSurplus.p75)}</td><td class="num">${pounds(x.cumulativeSurplus.p95)}</td><td class="num">${pct(x.probabilityCumulativeDeficit)}</td><td class="num">${pct(x.cashFailureProbability)}</td><td class="num">${pct(x.anyServiceFailureProbability)}</td></tr>`,
        )
        .join('')}</tbody></table>
<h3>Who fails first</h3>${
        s.whoFailsFirst.length === 0
          ? '<p>Nothing fails in any trial.</p>'
          : `<table><thead><tr><th class="num">Rank</th><th>What fails</th><th class="num">Probability</th><th class="num">Fails first in</th><th>Median month</th></tr></thead><tbody>${s.whoFailsFirst
              .slice(0, 10)
              .map((r) => `<tr><td class="num">${r.rank}</td><td>${esc(r.provider)} ${esc(r.service ?? '(cash runs out)')}</td><td class="num">${pct(r.failureProbability)}</td><td class="num">${pct(r.shareFirst)}</td><td>${esc(r.medianFailurePeriod)}</td></tr>`)
              .join('')}</tbody></table>`
      }</section>`
    : '<section><h2>Stress test</h2><p>Not run (0 trials).</p></section>';

  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${esc(p.scenario.name)} – Concordat simulation report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:Arial,'Helvetica Neue',Helvetica,sans-serif;color:#212b32;margin:0 auto;max-width:960px;padding:24px;line-height:1.45}
h1{font-size:1.7rem;margin:0 0 4px}h2{font-size:1.2rem;margin:28px 0 8px;border-bottom:2px solid #005eb8;padding-bottom:4px}h3{font-size:1rem}
.meta{color:#4c6272}table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:.9rem}th,td{border-bottom:1px solid #d8dde0;padding:4px 6px;text-align:left;vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tr.failed td{color:#d5281b;font-weight:600}figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}
svg{width:100%;height:auto;font-family:inherit}svg text{fill:#212b32}.legend{font-size:.8rem;display:flex;flex-wrap:wrap;gap:10px}.key{display:inline-flex;align-items:center;gap:4px}
.swatch{display:inline-block;width:18px;border-top:3px solid}.swatch.dashed{border-top-style:dashed}.outcomes li{margin:2px 0}.formula{background:#f0f4f5;padding:8px 12px;border-left:4px solid #005eb8}
@media print{body{max-width:none;padding:0;font-size:10pt}h2{break-after:avoid}figure,table,section.provider{break-inside:avoid}a{color:inherit;text-decoration:none}.noprint{display:none}@page{size:A4;margin:15mm}}
</style></head>
<body data-testid="simulation-report">
<h1>${esc(p.scenario.name)}</h1>
<p class="meta">Concordat simulation report${options.scenarioId ? ` · scenario <code>${esc(options.scenarioId)}</code>` : ''} · economy ${esc(p.scenario.economy)} · ${esc(p.periods[0])} to ${esc(p.periods.at(-1))} (${p.scenario.horizonMonths} months) · ${
    s ? `${s.trials.toLocaleString('en-GB')} trials, seed ${s.seed}` : 'no stress test'
  }${options.generatedAt ? ` · generated ${esc(options.generatedAt)}` : ''}</p>
<p>${esc(p.scenario.description)}</p>
<h2>Key outcomes</h2><ul class="outcomes">${result.outcomes.map((o) => `<li>${esc(o)}</li>`).join('')}</ul>
<h2>Levers</h2><table><thead><tr><th>#</th><th>Label</th><th>Type</th><th>From</th><th>What it does</th></tr></thead><tbody>${leverRows}</tbody></table>
<h2>Income and surplus over time</h2>${affected.length ? incomeChart + surplusChart : '<p>No provider is affected.</p>'}
<h2>How the impact was derived</h2>
<p class="formula">impact = change in income − change in variable cost − change in semi-fixed cost − change in fixed cost − change in pay cost, summed over the horizon, scenario minus baseline (the same economy with no levers). Money is held in integer pence; shown here to the pound.</p>
<table><thead><tr><th>Provider</th><th class="num">Income</th><th class="num">Variable</th><th class="num">Semi-fixed</th><th class="num">Fixed</th><th class="num">Pay</th><th class="num">Impact</th></tr></thead><tbody>${derivation}</tbody></table>
<h2>Bridge (waterfall) per provider</h2>
<p>Each lever is switched on in scenario order; a bar is how much that lever moved the provider's cumulative surplus; the residual is interaction (failures and their knock-on effects). The bars add up exactly to the change.</p>
${bridges}
<h2>Failure timeline</h2>${timeline(p)}
${p.contagion.length ? `<h3>Where closed services' patients went</h3><ul>${p.contagion.map((c) => `<li>${esc(c.fromProvider)} ${esc(c.service)} to ${esc(c.toProvider)} from ${esc(c.firstPeriod)}: ${c.activity.toLocaleString('en-GB')} units</li>`).join('')}</ul>` : ''}
<h2>Service lines</h2><table><thead><tr><th>Provider</th><th>Line</th><th class="num">Result</th><th class="num">Baseline</th><th class="num">Impact</th><th>Status</th></tr></thead><tbody>${lines}</tbody></table>
${migHtml}
${frag}
${stressHtml}
</body></html>`;
}
