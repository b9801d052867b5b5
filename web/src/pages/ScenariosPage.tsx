// Scenarios on a stored economy: choose an economy you may read and its version, see its providers
// and service lines with where each figure came from, enter or upload costs and workforce, pick or
// build a scenario whose levers name the economy's own organisations, contracts and services, save
// and share it, run it (projection + Monte Carlo) and read the results; or show a service move's
// impact first, kept as the decision's record.
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { ErrorBox, Loading } from '../components.tsx';
import { CostsPanel, EconomyBar, EconomyFigures, versionFor } from '../economy-panel.tsx';
import { money } from '../format.ts';
import { asApiError, useAsync } from '../hooks.ts';
import { scenarioEconomyOf, type ScenarioEconomy, type SimulationResult, type StoredRun } from '../scenario-types.ts';
import { ScenarioResults } from '../scenario-results.tsx';
import '../scenarios.css';

type PickerEconomy = ReturnType<typeof scenarioEconomyOf>;

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
  lever: Lever; index: number; economy: PickerEconomy; issues: Map<string, string[]>; onChange: (l: Lever) => void; onRemove: () => void;
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
        <Field id={id('contract')} label="Under contract (optional)" path={`${at}.contract`} issues={issues}>
          <select id={id('contract')} value={String(lever.contract ?? '')} onChange={(e) => set('contract', e.target.value || undefined)} data-testid={id('contract')}>
            <option value="">None named</option>
            {lever.contract !== undefined && !economy.contracts.some((c) => c.reference === lever.contract) ? <option value={String(lever.contract)}>{String(lever.contract)} (not in this economy)</option> : null}
            {economy.contracts.map((c) => (
              <option key={c.reference} value={c.reference}>
                {c.reference} {c.title}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <button type="button" className="link-button" onClick={onRemove} data-testid={`remove-lever-${index}`}>
        Remove lever {index + 1}
      </button>
    </fieldset>
  );
}

const wholeNumber = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : NaN);

/** "Show the impact first" for a service move: run on the economy and kept as the decision's record. */
function ServiceMoveForm({ economyId, versionId, economy, start, onResult }: {
  economyId: string; versionId: string; economy: PickerEconomy; start: string; onResult: (r: StoredRun) => void;
}) {
  const first = economy.providers[0];
  const [provider, setProvider] = useState(first?.code ?? '');
  const [service, setService] = useState(first?.serviceLines[0]?.service ?? '');
  const [to, setTo] = useState(economy.providers[1]?.code ?? '');
  const [share, setShare] = useState('20');
  const [from, setFrom] = useState(start);
  const [horizon, setHorizon] = useState('60');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const lines = economy.providers.find((p) => p.code === provider)?.serviceLines ?? [];

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      onResult(await api.decisionImpact(economyId, { kind: 'service-move', provider, service, to, share: Number(share) / 100, from }, { version: versionId, trials: 500, horizonMonths: Number(horizon) }));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="move-h" data-testid="service-move">
      <h2 id="move-h">Move a service: show the impact first</h2>
      <p className="hint">The move is run on this version of the economy before anyone decides, and the run is kept as the decision&apos;s record.</p>
      <div className="lever-grid">
        <div className="field">
          <label htmlFor="move-provider">From provider</label>
          <select id="move-provider" value={provider} data-testid="move-provider"
            onChange={(e) => { setProvider(e.target.value); setService(economy.providers.find((p) => p.code === e.target.value)?.serviceLines[0]?.service ?? ''); }}>
            {economy.providers.map((p) => <option key={p.code} value={p.code}>{p.code} {p.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="move-service">Service line</label>
          <select id="move-service" value={service} onChange={(e) => setService(e.target.value)} data-testid="move-service">
            {lines.map((l) => <option key={l.service} value={l.service}>{l.service} ({money(l.annualIncome)} a year)</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="move-to">To provider</label>
          <select id="move-to" value={to} onChange={(e) => setTo(e.target.value)} data-testid="move-to">
            {economy.providers.filter((p) => p.code !== provider).map((p) => <option key={p.code} value={p.code}>{p.code} {p.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="move-share">Share that moves (%)</label>
          <input id="move-share" type="number" min={0} max={100} step="any" value={share} onChange={(e) => setShare(e.target.value)} data-testid="move-share" />
        </div>
        <div className="field">
          <label htmlFor="move-from">From</label>
          <input id="move-from" type="month" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="move-from" />
        </div>
        <div className="field">
          <label htmlFor="move-horizon">Months to project</label>
          <input id="move-horizon" type="number" min={1} max={120} value={horizon} onChange={(e) => setHorizon(e.target.value)} data-testid="move-horizon" />
        </div>
      </div>
      <button type="button" className="button" onClick={() => void run()} disabled={busy || !provider || !service || !to} data-testid="move-run">
        {busy ? 'Running…' : 'Show the impact'}
      </button>
      {error ? <ErrorBox error={error} title="The move cannot be run" testId="move-error" /> : null}
    </section>
  );
}

const blankScenario = (economy: string, start: string) => ({ name: 'New scenario', economy, start, horizonMonths: 60, levers: [] as Lever[] });

export function ScenariosPage() {
  const { user } = useAuth();
  const [economyTick, setEconomyTick] = useState(0);
  const economies = useAsync(() => api.economies(), [economyTick]);
  const [economyId, setEconomyId] = useState('');
  const [versionId, setVersionId] = useState('');
  const [scenarioTick, setScenarioTick] = useState(0);
  const saved = useAsync(() => (economyId ? api.scenarios(economyId) : Promise.resolve([])), [economyId, scenarioTick]);
  const [savedId, setSavedId] = useState<string>('');
  const [draft, setDraft] = useState<Json | null>(null);
  /** The saved scenario the draft started from, unchanged (the report link is for that one). */
  const [pristine, setPristine] = useState<string>('');
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState('');
  const [trials, setTrials] = useState('2000');
  const [seed, setSeed] = useState('1');
  const [share, setShare] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [result, setResult] = useState<{ result: SimulationResult; reportUrl: string | null; kept: string | null } | null>(null);
  const [addType, setAddType] = useState('referralShift');

  const economy = economies.data?.find((e) => e.id === economyId);
  // Choose an economy once the list arrives: your organisation's own first, else the demo.
  useEffect(() => {
    const list = economies.data;
    // Only the first choice: after creating an economy the one just chosen may not be in the list yet.
    if (economyId || !list?.length) return;
    const own = list.find((e) => e.ownerOrganisation === user?.organisationCode && e.versions.length);
    setEconomyId((own ?? list.find((e) => e.id === 'demo') ?? list[0]).id);
  }, [economies.data, economyId, user?.organisationCode]);
  /** The scenario just saved ('*': any, after a delete): opening it keeps the notice (see load). */
  const justSaved = useRef<string | null>(null);
  /** A scenario just saved and not yet in the list read again: it stays chosen meanwhile. */
  const awaitingList = useRef<string | null>(null);
  // Choose a scenario once the economy's list arrives.
  useEffect(() => {
    if (!saved.data || saved.loading) return;
    if (savedId && (savedId === 'new' || saved.data.some((s) => s.id === savedId))) {
      if (awaitingList.current === savedId) awaitingList.current = null;
      return;
    }
    if (savedId && awaitingList.current === savedId) return;
    setSavedId(saved.data[0]?.id ?? 'new');
  }, [saved.data, saved.loading, savedId]);

  const version = useAsync(() => (economyId && versionId ? api.economyVersion(economyId, versionId) : Promise.resolve(undefined)), [economyId, versionId]);
  const picker = useMemo(() => (version.data ? scenarioEconomyOf(version.data.data) : null), [version.data]);

  const load = async (id: string) => {
    setError(null);
    if (justSaved.current !== id && justSaved.current !== '*') setNotice(null);
    justSaved.current = null;
    // Results belong to the scenario they were run for.
    setResult(null);
    try {
      const versions = economy?.versions ?? [];
      const j = id === 'new' ? blankScenario(economyId, `${(versions.at(-1)?.asAt ?? '2014-04-01').slice(0, 7)}`) : await api.scenario(id);
      setDraft(j);
      setPristine(id === 'new' ? '' : JSON.stringify(j));
      setJsonText(JSON.stringify(j, null, 2));
      setShare(saved.data?.find((s) => s.id === id)?.sharing === 'economy');
      // The version the scenario runs on by default: as at its first month.
      const v = versionFor(versions, typeof j.start === 'string' ? j.start : undefined) ?? versions.at(-1);
      setVersionId(v?.id ?? '');
    } catch (e) {
      setError(asApiError(e));
    }
  };
  useEffect(() => {
    if (savedId && economy) void load(savedId);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [savedId, economy?.id, economy?.versions.length]);

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

  /** The scenario as edited (the form's draft, or the JSON), or the problems with it. */
  const current = (): { scenario: unknown; problems: { path: string; message: string }[] } => {
    if (mode !== 'json') return { scenario: draft, problems: [] };
    try {
      return { scenario: JSON.parse(jsonText), problems: [] };
    } catch (e) {
      return { scenario: null, problems: [{ path: 'scenario', message: `is not valid JSON: ${(e as Error).message}` }] };
    }
  };

  const run = async () => {
    setError(null);
    setNotice(null);
    const t = wholeNumber(trials);
    const s = wholeNumber(seed);
    const { scenario, problems } = current();
    const local = [
      ...(Number.isNaN(t) || t > 20_000 ? [{ path: 'trials', message: 'must be a whole number from 0 to 20000' }] : []),
      ...(Number.isNaN(s) ? [{ path: 'seed', message: 'must be a whole number of at least 0' }] : []),
      ...problems,
    ];
    if (local.length) {
      setError(new ApiError(400, 'invalid', `${local[0].path}: ${local[0].message}`, local));
      return;
    }
    setBusy(true);
    try {
      const r = await api.simulate(scenario, { trials: t, seed: s, version: versionId || undefined });
      const unchanged = savedId !== 'new' && JSON.stringify(scenario) === pristine;
      const byDefault = versionFor(economy?.versions ?? [], String((scenario as Json).start ?? ''))?.id === versionId;
      const reportUrl = unchanged ? api.simulationReportUrl(savedId, { trials: t, seed: s, ...(byDefault ? {} : { version: versionId }) }) : null;
      setResult({ result: r, reportUrl, kept: null });
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const saveScenario = async () => {
    setError(null);
    setNotice(null);
    const { scenario, problems } = current();
    if (problems.length) {
      setError(new ApiError(400, 'invalid', `${problems[0].path}: ${problems[0].message}`, problems));
      return;
    }
    setBusy(true);
    try {
      const mine = saved.data?.find((x) => x.id === savedId && x.yours);
      const sharing = share ? 'economy' : 'private';
      const s = mine ? await api.updateScenario(mine.id, { scenario, sharing }) : await api.saveScenario({ ...(scenario as Json), economy: economyId }, sharing);
      setNotice(`Saved "${s.name}" (${s.sharing === 'economy' ? 'shared with everyone who may read this economy' : 'private to your organisation'}).`);
      setScenarioTick((x) => x + 1);
      justSaved.current = s.id;
      awaitingList.current = s.id;
      setSavedId(s.id);
      setPristine(JSON.stringify(scenario));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const [confirmDelete, setConfirmDelete] = useState(false);
  const deleteScenario = async () => {
    if (!currentSaved) return;
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      await api.deleteScenario(currentSaved.id);
      setNotice(`Deleted "${currentSaved.name}".`);
      setConfirmDelete(false);
      justSaved.current = '*';
      setSavedId('');
      setScenarioTick((x) => x + 1);
    } catch (e) {
      setError(asApiError(e));
      setConfirmDelete(false);
    } finally {
      setBusy(false);
    }
  };

  const currentSaved = saved.data?.find((x) => x.id === savedId);
  const e = picker;
  const maySave = economy?.youMay.saveScenario ?? false;

  return (
    <div data-testid="page-scenarios">
      <div className="page-head">
        <div>
          <h1>Scenarios</h1>
          <p className="lede">What happens to providers and their services when levers are pulled: month by month on a stored economy, against a baseline with none, and under uncertainty.</p>
        </div>
      </div>
      {economies.error ? <ErrorBox error={economies.error} /> : null}
      {saved.error ? <ErrorBox error={saved.error} /> : null}
      {economies.loading && !economies.data ? <Loading what="the economies" /> : null}

      {economies.data ? (
        <section className="panel" aria-labelledby="economy-h">
          <h2 id="economy-h">Economy</h2>
          <EconomyBar
            mayCreate={user?.role !== 'system'}
            economies={economies.data}
            economyId={economyId}
            versionId={versionId}
            onEconomy={(id) => { setEconomyId(id); setVersionId(''); setSavedId(''); setResult(null); }}
            onVersion={setVersionId}
            onChanged={(id, v) => {
              setEconomyTick((x) => x + 1);
              if (id !== economyId) { setEconomyId(id); setSavedId(''); }
              setVersionId(v ?? '');
            }}
          />
          {version.error ? <ErrorBox error={version.error} /> : null}
          {version.data ? (
            <details className="optional-changes" data-testid="economy-details" open={version.data.economy.ownerOrganisation === user?.organisationCode}>
              <summary>
                {version.data.data.providers.length} providers and {version.data.data.providers.reduce((n, p) => n + p.serviceLines.length, 0)} service lines as at{' '}
                {version.data.version.asAt} (income {version.data.version.year}); where each figure came from
              </summary>
              {(version.data.data.notes ?? []).map((n) => <p key={n} className="hint">{n}</p>)}
              {version.data.version.warnings.map((w) => <p key={w.path + w.message} className="hint"><strong>{w.path}</strong>: {w.message}</p>)}
              <EconomyFigures view={version.data} />
            </details>
          ) : null}
        </section>
      ) : null}

      {version.data && economy?.youMay.enter ? <CostsPanel view={version.data} onStored={() => setEconomyTick((x) => x + 1)} /> : null}

      {saved.data && e && draft ? (
        <section className="panel" aria-labelledby="builder-h">
          <h2 id="builder-h">Build a scenario</h2>
          <div className="field">
            <label htmlFor="saved-scenario">Start from a saved scenario</label>
            <select id="saved-scenario" value={savedId} onChange={(ev) => setSavedId(ev.target.value)} data-testid="saved-scenario">
              {saved.data.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}{s.yours ? '' : ` (${s.ownerOrganisation})`}
                </option>
              ))}
              <option value="new">A new scenario</option>
            </select>
          </div>
          {currentSaved ? (
            <p className="description" data-testid="scenario-description">
              {currentSaved.description}
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

          {mode === 'form' ? (
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
                <button type="button" className="button secondary" onClick={() => setLevers([...levers, newLever(addType, e as ScenarioEconomy, String(draft.start ?? '2014-04'))])} data-testid="add-lever">
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
                The schema is at <a href="/api/scenarios/schema">/api/scenarios/schema</a>; <code>economy</code> names the stored economy. Shares are decimals (0.3 = 30%), money is pence.
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
              <button type="button" className="button" onClick={() => void run()} disabled={busy || !draft || !versionId} data-testid="run">
                {busy ? 'Running…' : 'Run'}
              </button>
            </div>
            {maySave ? (
              <div className="field">
                <label className="inline-check">
                  <input type="checkbox" checked={share} onChange={(ev) => setShare(ev.target.checked)} data-testid="scenario-share" /> Share with everyone who may read this economy
                </label>
                <button type="button" className="button secondary" onClick={() => void saveScenario()} disabled={busy} data-testid="scenario-save">
                  {currentSaved?.yours ? 'Save changes' : 'Save as your organisation\'s scenario'}
                </button>
                {currentSaved?.yours ? (
                  confirmDelete ? (
                    <span className="phase" data-testid="scenario-delete-confirm">
                      Delete "{currentSaved.name}" for everyone in your organisation? This cannot be undone.{' '}
                      <button type="button" className="button warning" onClick={() => void deleteScenario()} disabled={busy} data-testid="scenario-delete-yes">Delete</button>
                      <button type="button" className="button secondary" onClick={() => setConfirmDelete(false)} data-testid="scenario-delete-no">Keep it</button>
                    </span>
                  ) : (
                    <button type="button" className="link-button" onClick={() => setConfirmDelete(true)} disabled={busy} data-testid="scenario-delete">Delete this scenario</button>
                  )
                ) : null}
              </div>
            ) : null}
            {busy ? (
              <p className="loading" role="status" data-testid="running">
                <span className="spinner" aria-hidden="true" /> Running the projection and {wholeNumber(trials) || 0} trials…
              </p>
            ) : null}
          </div>
          {notice ? <p className="success" role="status" data-testid="scenario-notice">{notice}</p> : null}
          {error ? <ErrorBox error={error} title={error.kind === 'invalid' ? 'The scenario cannot be run' : undefined} testId="scenario-error" /> : null}
        </section>
      ) : null}

      {e && maySave && versionId ? (
        <ServiceMoveForm
          key={`${economyId}-${versionId}`}
          economyId={economyId}
          versionId={versionId}
          economy={e}
          start={(version.data?.version.asAt ?? '2014-04-01').slice(0, 7)}
          onResult={(r) => setResult({ result: r.result, reportUrl: null, kept: r.run.id })}
        />
      ) : null}

      {result ? (
        <div className={busy ? 'stale' : undefined}>
          {result.kept ? (
            <p className="success" role="status" data-testid="decision-kept">
              The impact was kept as the decision&apos;s record (run {result.kept}), on {result.result.economy.name} as at {result.result.economy.asAt} (version {result.result.economy.seq}).
            </p>
          ) : null}
          <ScenarioResults
            key={`${result.result.projection.scenario.name}-${result.result.trials}-${result.result.seed}-${result.reportUrl}-${result.kept}`}
            result={result.result}
            reportUrl={result.reportUrl}
          />
        </div>
      ) : null}
    </div>
  );
}
