// The scenario builder: pick a saved scenario (or start from one), edit its levers in a form or the
// JSON itself, run it (projection + Monte Carlo) and read the results.
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api.ts';
import { ErrorBox, Loading } from '../components.tsx';
import { money } from '../format.ts';
import { asApiError, useAsync } from '../hooks.ts';
import type { ScenarioEconomy, SimulationResult } from '../scenario-types.ts';
import { ScenarioResults } from '../scenario-results.tsx';
import '../scenarios.css';

type Json = Record<string, unknown>;
type Lever = Json & { type: string };

const LEVER_TYPES: { type: string; label: string }[] = [
  { type: 'referralShift', label: 'Referral shift' },
  { type: 'moveService', label: 'Move service' },
  { type: 'staffLeaving', label: 'Staff leaving' },
  { type: 'priceChange', label: 'Price change' },
  { type: 'minimumIncomeGuarantee', label: 'Minimum income guarantee' },
  { type: 'merger', label: 'Merger' },
  { type: 'newContractModel', label: 'New contract model (prime contractor, ICP)' },
];
const WITH_PHASE_IN = new Set(['referralShift', 'moveService', 'staffLeaving', 'priceChange', 'newContractModel']);

function newLever(type: string, economy: ScenarioEconomy, from: string): Lever {
  const p = economy.providers[0];
  const other = economy.providers[1]?.code ?? p.code;
  const line = p.serviceLines[0];
  switch (type) {
    case 'moveService':
      return { type, provider: p.code, service: line.service, to: other, share: 0.2, from };
    case 'staffLeaving':
      return { type, provider: p.code, service: line.service, staffGroup: line.workforce[0]?.staffGroup ?? 'consultant', count: 1, from };
    case 'priceChange':
      return { type, change: -0.01, from };
    case 'minimumIncomeGuarantee':
      return { type, provider: p.code, service: line.service, annualFloorPence: line.annualIncome, from };
    case 'merger':
      return { type, provider: p.code, acquirer: other, from };
    case 'newContractModel':
      return { type, model: 'prime-contractor', holder: other, providers: [p.code], share: 0.3, from };
    default:
      return { type: 'referralShift', provider: p.code, service: line.service, change: -0.1, from };
  }
}

/** Percent in the form, decimal in the JSON (0.3 = 30%), at most 6 decimal places. */
const toPercent = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 1e8) / 1e6) : '');
const fromPercent = (s: string): number | string => (s.trim() === '' || Number.isNaN(Number(s)) ? s : Math.round(Number(s) * 1e4) / 1e6);

interface FieldProps {
  id: string;
  label: string;
  path: string;
  issues: Map<string, string[]>;
  children: React.ReactNode;
  hint?: string;
}
function Field({ id, label, path, issues, children, hint }: FieldProps) {
  const errs = issues.get(path) ?? [];
  return (
    <div className={`field${errs.length ? ' has-error' : ''}`} data-field={path}>
      <label htmlFor={id}>{label}</label>
      {hint ? <span className="hint">{hint}</span> : null}
      {errs.map((m) => (
        <p key={m} className="field-error" data-testid={`field-error-${path}`}>
          {m}
        </p>
      ))}
      {children}
    </div>
  );
}

function LeverForm({
  lever, index, economy, issues, onChange, onRemove,
}: {
  lever: Lever; index: number; economy: ScenarioEconomy; issues: Map<string, string[]>; onChange: (l: Lever) => void; onRemove: () => void;
}) {
  const at = `levers.${index}`;
  const id = (f: string) => `lever-${index}-${f}`;
  const set = (field: string, value: unknown) => {
    const next = { ...lever, [field]: value } as Lever;
    if (value === undefined || value === '') delete next[field];
    onChange(next);
  };
  const providerOf = (code: unknown) => economy.providers.find((p) => p.code === code);
  const providerSelect = (field: string, label: string, optional?: string) => (
    <Field id={id(field)} label={label} path={`${at}.${field}`} issues={issues}>
      <select id={id(field)} value={String(lever[field] ?? '')} onChange={(e) => set(field, e.target.value || undefined)} data-testid={id(field)}>
        {optional !== undefined ? <option value="">{optional}</option> : null}
        {lever[field] !== undefined && !providerOf(lever[field]) ? <option value={String(lever[field])}>{String(lever[field])} (unknown)</option> : null}
        {economy.providers.map((p) => (
          <option key={p.code} value={p.code}>
            {p.code} {p.name}
          </option>
        ))}
      </select>
    </Field>
  );
  const serviceSelect = (field = 'service', providerField: string | null = 'provider', optional?: string) => {
    const lines = providerField ? providerOf(lever[providerField])?.serviceLines.map((l) => l.service) ?? [] : economy.services;
    const current = lever[field] === undefined ? '' : String(lever[field]);
    return (
      <Field id={id(field)} label="Service" path={`${at}.${field}`} issues={issues}>
        <select id={id(field)} value={current} onChange={(e) => set(field, e.target.value || undefined)} data-testid={id(field)}>
          {optional !== undefined ? <option value="">{optional}</option> : null}
          {current && !lines.includes(current) ? <option value={current}>{current} (not at this provider)</option> : null}
          {lines.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
    );
  };
  const percent = (field: string, label: string, hint?: string) => (
    <Field id={id(field)} label={label} path={`${at}.${field}`} issues={issues} hint={hint}>
      <input id={id(field)} type="number" step="any" value={toPercent(lever[field])} onChange={(e) => set(field, e.target.value === '' ? undefined : fromPercent(e.target.value))} data-testid={id(field)} />
    </Field>
  );
  const period = (field: string, label: string, optional = false) => (
    <Field id={id(field)} label={label} path={`${at}.${field}`} issues={issues}>
      <input id={id(field)} type="month" value={String(lever[field] ?? '')} onChange={(e) => set(field, e.target.value || (optional ? undefined : ''))} data-testid={id(field)} />
    </Field>
  );
  const phase = (lever.phaseIn ?? { type: 'immediate' }) as { type: string; months?: number };
  const line = providerOf(lever.provider)?.serviceLines.find((l) => l.service === lever.service);

  let specific: React.ReactNode = null;
  switch (lever.type) {
    case 'moveService':
      specific = (
        <>
          {providerSelect('provider', 'From provider')}
          {serviceSelect()}
          {providerSelect('to', 'To provider')}
          {percent('share', 'Share that moves (%)')}
          {percent('costTransfer', 'Fixed and pay cost that goes with it (%)', 'Default 0: it all stays behind.')}
        </>
      );
      break;
    case 'referralShift':
      specific = (
        <>
          {providerSelect('provider', 'Provider')}
          {serviceSelect()}
          {percent('change', 'Change in referrals (%)', '−30 = a 30% fall.')}
          {providerSelect('redirectTo', 'Lost referrals go to', 'Nowhere (they leave the economy)')}
        </>
      );
      break;
    case 'staffLeaving':
      specific = (
        <>
          {providerSelect('provider', 'Provider')}
          {serviceSelect()}
          <Field id={id('staffGroup')} label="Staff group" path={`${at}.staffGroup`} issues={issues}>
            <select id={id('staffGroup')} value={String(lever.staffGroup ?? '')} onChange={(e) => set('staffGroup', e.target.value)} data-testid={id('staffGroup')}>
              {(line?.workforce ?? []).map((w) => (
                <option key={w.staffGroup} value={w.staffGroup}>
                  {w.staffGroup} ({w.headcount} in post, minimum {w.minimumViable})
                </option>
              ))}
              {line?.workforce.some((w) => w.staffGroup === lever.staffGroup) ? null : <option value={String(lever.staffGroup ?? '')}>{String(lever.staffGroup ?? '')}</option>}
            </select>
          </Field>
          <Field id={id('count')} label="How many leave" path={`${at}.count`} issues={issues}>
            <input id={id('count')} type="number" step="1" value={String(lever.count ?? '')} onChange={(e) => set('count', e.target.value === '' ? undefined : Number(e.target.value))} data-testid={id('count')} />
          </Field>
        </>
      );
      break;
    case 'priceChange':
      specific = (
        <>
          {percent('change', 'Price change (%)', '−1.5 = a 1.5% efficiency cut.')}
          {providerSelect('provider', 'Provider', 'Every provider')}
          {serviceSelect('service', null, 'Every service')}
        </>
      );
      break;
    case 'minimumIncomeGuarantee':
      specific = (
        <>
          {providerSelect('provider', 'Provider')}
          {serviceSelect()}
          <Field id={id('annualFloorPence')} label="Annual floor (£)" path={`${at}.annualFloorPence`} issues={issues} hint={line ? `Starting income ${money(line.annualIncome)} a year.` : undefined}>
            <input
              id={id('annualFloorPence')}
              type="number"
              step="1"
              value={typeof lever.annualFloorPence === 'number' ? String(lever.annualFloorPence / 100) : ''}
              onChange={(e) => set('annualFloorPence', e.target.value === '' ? undefined : Math.round(Number(e.target.value) * 100))}
              data-testid={id('annualFloorPence')}
            />
          </Field>
          {period('until', 'Until (optional)', true)}
        </>
      );
      break;
    case 'merger':
      specific = (
        <>
          {providerSelect('provider', 'Provider acquired')}
          {providerSelect('acquirer', 'Acquirer')}
        </>
      );
      break;
    case 'newContractModel': {
      const providers = Array.isArray(lever.providers) ? (lever.providers as string[]) : [];
      const services = Array.isArray(lever.services) ? (lever.services as string[]) : [];
      specific = (
        <>
          <Field id={id('model')} label="Model" path={`${at}.model`} issues={issues}>
            <select id={id('model')} value={String(lever.model ?? 'prime-contractor')} onChange={(e) => set('model', e.target.value)} data-testid={id('model')}>
              <option value="prime-contractor">Prime contractor</option>
              <option value="icp">Integrated care provider</option>
            </select>
          </Field>
          {providerSelect('holder', 'Holder')}
          <Field id={id('providers')} label="Providers it takes from" path={`${at}.providers`} issues={issues} hint="Ctrl/Cmd-click to choose several.">
            <select id={id('providers')} multiple size={5} value={providers} onChange={(e) => set('providers', [...e.target.selectedOptions].map((o) => o.value))} data-testid={id('providers')}>
              {economy.providers.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.code} {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id={id('services')} label="Services (none chosen: all)" path={`${at}.services`} issues={issues}>
            <select id={id('services')} multiple size={5} value={services} onChange={(e) => set('services', e.target.selectedOptions.length ? [...e.target.selectedOptions].map((o) => o.value) : undefined)} data-testid={id('services')}>
              {economy.services.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
          {percent('share', 'Share taken (%)')}
          {percent('costTransfer', 'Fixed and pay cost that transfers (%)')}
        </>
      );
      break;
    }
    default:
      specific = <p className="hint">Edit this lever in the JSON editor.</p>;
  }

  return (
    <fieldset className="lever" data-testid={`lever-${index}`}>
      <legend>
        Lever {index + 1}: {LEVER_TYPES.find((t) => t.type === lever.type)?.label ?? lever.type}
      </legend>
      <div className="lever-grid">
        <Field id={id('label')} label="Label" path={`${at}.label`} issues={issues}>
          <input id={id('label')} type="text" value={String(lever.label ?? '')} onChange={(e) => set('label', e.target.value || undefined)} data-testid={id('label')} />
        </Field>
        {period('from', 'Starts')}
        {WITH_PHASE_IN.has(lever.type) ? (
          <Field id={id('phaseIn')} label="Phase-in" path={`${at}.phaseIn`} issues={issues}>
            <div className="phase">
              <select
                id={id('phaseIn')}
                value={phase.type}
                onChange={(e) => set('phaseIn', e.target.value === 'immediate' ? undefined : e.target.value === 'linear' ? { type: 'linear', months: phase.months ?? 6 } : lever.phaseIn)}
                data-testid={id('phaseIn')}
              >
                <option value="immediate">At once</option>
                <option value="linear">Evenly over months</option>
                {phase.type === 'explicit' ? <option value="explicit">Explicit shares (edit in JSON)</option> : null}
              </select>
              {phase.type === 'linear' ? (
                <input
                  aria-label="Phase-in months"
                  type="number"
                  min={1}
                  step={1}
                  value={String(phase.months ?? '')}
                  onChange={(e) => set('phaseIn', { type: 'linear', months: e.target.value === '' ? '' : Number(e.target.value) })}
                  data-testid={id('phaseIn-months')}
                />
              ) : null}
            </div>
          </Field>
        ) : null}
        {specific}
      </div>
      <button type="button" className="link-button" onClick={onRemove} data-testid={`remove-lever-${index}`}>
        Remove lever {index + 1}
      </button>
    </fieldset>
  );
}

const wholeNumber = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : NaN);

export function ScenariosPage() {
  const saved = useAsync(() => api.scenarios(), []);
  const economy = useAsync(() => api.scenarioEconomy(), []);
  const [savedId, setSavedId] = useState<string>('bedford-msk');
  const [draft, setDraft] = useState<Json | null>(null);
  /** The saved scenario the draft started from, unchanged (the report link is for that one). */
  const [pristine, setPristine] = useState<string>('');
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState('');
  const [trials, setTrials] = useState('2000');
  const [seed, setSeed] = useState('1');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<{ result: SimulationResult; reportId: string | null } | null>(null);
  const [addType, setAddType] = useState('referralShift');

  const load = async (id: string) => {
    setError(null);
    // Results belong to the scenario they were run for.
    setResult(null);
    try {
      const j = await api.scenario(id);
      setDraft(j);
      setPristine(JSON.stringify(j));
      setJsonText(JSON.stringify(j, null, 2));
    } catch (e) {
      setError(asApiError(e));
    }
  };
  useEffect(() => {
    void load(savedId);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [savedId]);

  const issues = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const i of error?.issues ?? []) m.set(i.path, [...(m.get(i.path) ?? []), i.message]);
    return m;
  }, [error]);

  const update = (next: Json) => {
    setDraft(next);
    setJsonText(JSON.stringify(next, null, 2));
  };
  const levers = (Array.isArray(draft?.levers) ? draft.levers : []) as Lever[];
  const setLevers = (ls: Lever[]) => draft && update({ ...draft, levers: ls });

  const switchMode = (m: 'form' | 'json') => {
    if (m === 'form' && mode === 'json') {
      try {
        const parsed = JSON.parse(jsonText) as Json;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the scenario must be a JSON object');
        setDraft(parsed);
      } catch (e) {
        setError(new ApiError(400, 'invalid', `The JSON cannot be read: ${(e as Error).message}`, [{ path: 'scenario', message: (e as Error).message }]));
        return;
      }
    }
    if (m === 'json' && draft) setJsonText(JSON.stringify(draft, null, 2));
    setMode(m);
  };

  const run = async () => {
    setError(null);
    const t = wholeNumber(trials);
    const s = wholeNumber(seed);
    const local = [
      ...(Number.isNaN(t) || t > 20_000 ? [{ path: 'trials', message: 'must be a whole number from 0 to 20000' }] : []),
      ...(Number.isNaN(s) ? [{ path: 'seed', message: 'must be a whole number of at least 0' }] : []),
    ];
    let scenario: unknown = draft;
    if (mode === 'json') {
      try {
        scenario = JSON.parse(jsonText);
      } catch (e) {
        local.push({ path: 'scenario', message: `is not valid JSON: ${(e as Error).message}` });
      }
    }
    if (local.length) {
      setError(new ApiError(400, 'invalid', `${local[0].path}: ${local[0].message}`, local));
      return;
    }
    setBusy(true);
    try {
      const r = await api.simulate(scenario, { trials: t, seed: s });
      const unchanged = JSON.stringify(scenario) === pristine;
      setResult({ result: r, reportId: unchanged ? savedId : null });
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const current = saved.data?.find((x) => x.id === savedId);
  const e = economy.data;

  return (
    <div data-testid="page-scenarios">
      <div className="page-head">
        <div>
          <h1>Scenarios</h1>
          <p className="lede">What happens to providers and their services when levers are pulled: month by month, against a baseline with none, and under uncertainty.</p>
        </div>
      </div>
      {saved.error ? <ErrorBox error={saved.error} /> : null}
      {economy.error ? <ErrorBox error={economy.error} /> : null}
      {saved.loading || economy.loading ? <Loading what="the scenarios" /> : null}

      {saved.data && e ? (
        <section className="panel" aria-labelledby="builder-h">
          <h2 id="builder-h">Build a scenario</h2>
          <div className="field">
            <label htmlFor="saved-scenario">Start from a saved scenario</label>
            <select id="saved-scenario" value={savedId} onChange={(ev) => setSavedId(ev.target.value)} data-testid="saved-scenario">
              {saved.data.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          {current ? (
            <p className="description" data-testid="scenario-description">
              {current.description}
            </p>
          ) : null}

          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={mode === 'form'} className={mode === 'form' ? 'tab active' : 'tab'} onClick={() => switchMode('form')} data-testid="mode-form">
              Levers
            </button>
            <button type="button" role="tab" aria-selected={mode === 'json'} className={mode === 'json' ? 'tab active' : 'tab'} onClick={() => switchMode('json')} data-testid="mode-json">
              JSON (advanced)
            </button>
          </div>

          {mode === 'form' && draft ? (
            <div data-testid="scenario-form">
              <div className="lever-grid">
                <Field id="scenario-name" label="Name" path="name" issues={issues}>
                  <input id="scenario-name" type="text" value={String(draft.name ?? '')} onChange={(ev) => update({ ...draft, name: ev.target.value })} />
                </Field>
                <Field id="scenario-start" label="Projection starts" path="start" issues={issues}>
                  <input id="scenario-start" type="month" value={String(draft.start ?? '')} onChange={(ev) => update({ ...draft, start: ev.target.value })} />
                </Field>
                <Field id="scenario-horizon" label="Horizon (months)" path="horizonMonths" issues={issues}>
                  <input
                    id="scenario-horizon"
                    type="number"
                    min={1}
                    max={120}
                    value={String(draft.horizonMonths ?? 60)}
                    onChange={(ev) => update({ ...draft, horizonMonths: ev.target.value === '' ? undefined : Number(ev.target.value) })}
                  />
                </Field>
              </div>
              {levers.map((l, i) => (
                <LeverForm
                  key={i}
                  lever={l}
                  index={i}
                  economy={e}
                  issues={issues}
                  onChange={(nl) => setLevers(levers.map((x, j) => (j === i ? nl : x)))}
                  onRemove={() => setLevers(levers.filter((_, j) => j !== i))}
                />
              ))}
              <div className="field field-buttons">
                <div className="field inline">
                  <label htmlFor="add-lever-type">Add a lever</label>
                  <select id="add-lever-type" value={addType} onChange={(ev) => setAddType(ev.target.value)} data-testid="add-lever-type">
                    {LEVER_TYPES.map((t) => (
                      <option key={t.type} value={t.type}>
                        {t.label}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="button" className="button secondary" onClick={() => setLevers([...levers, newLever(addType, e, String(draft.start ?? '2014-04'))])} data-testid="add-lever">
                  Add lever
                </button>
              </div>
              {draft.uncertainty || draft.solve ? (
                <p className="hint">
                  {draft.uncertainty ? 'Uncertainty for the stress test and ' : ''}
                  {draft.solve ? 'the minimum income guarantee the solver prices ' : ''}are kept from the saved scenario; edit them in the JSON.
                </p>
              ) : null}
            </div>
          ) : null}

          {mode === 'json' ? (
            <div className="field">
              <label htmlFor="scenario-json">Scenario JSON</label>
              <span className="hint">
                As in scenarios/*.json; the schema is at <a href="/api/scenarios/schema">/api/scenarios/schema</a>. Shares are decimals (0.3 = 30%), money is pence.
              </span>
              <textarea id="scenario-json" className="json-editor" rows={22} spellCheck={false} value={jsonText} onChange={(ev) => setJsonText(ev.target.value)} data-testid="scenario-json" />
            </div>
          ) : null}

          <div className="run-bar">
            <Field id="trials" label="Monte Carlo trials" path="trials" issues={issues} hint="0 to 20,000 (0 = projection only)">
              <input id="trials" type="number" min={0} max={20000} step={100} value={trials} onChange={(ev) => setTrials(ev.target.value)} data-testid="trials" />
            </Field>
            <Field id="seed" label="Seed" path="seed" issues={issues} hint="Same seed, same result">
              <input id="seed" type="number" min={0} step={1} value={seed} onChange={(ev) => setSeed(ev.target.value)} data-testid="seed" />
            </Field>
            <div className="field">
              <button type="button" className="button" onClick={() => void run()} disabled={busy || !draft} data-testid="run">
                {busy ? 'Running…' : 'Run'}
              </button>
            </div>
            {busy ? (
              <p className="loading" role="status" data-testid="running">
                <span className="spinner" aria-hidden="true" /> Running the projection and {wholeNumber(trials) || 0} trials…
              </p>
            ) : null}
          </div>
          {error ? <ErrorBox error={error} title={error.kind === 'invalid' ? 'The scenario cannot be run' : undefined} testId="scenario-error" /> : null}
        </section>
      ) : null}

      {result ? (
        <div className={busy ? 'stale' : undefined}>
          <ScenarioResults
            key={`${result.result.projection.scenario.name}-${result.result.trials}-${result.result.seed}-${result.reportId}`}
            result={result.result}
            reportUrl={result.reportId ? api.simulationReportUrl(result.reportId, { trials: result.result.trials, seed: result.result.seed }) : null}
          />
        </div>
      ) : null}
    </div>
  );
}
