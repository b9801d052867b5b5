// The economy a scenario runs on: choose one you may read and its version (as at a date), see its
// providers and service lines with where every figure came from (which contract and statement
// months, which uploaded file and line), create one for your organisation, build a version, and
// enter or upload cost and workforce figures from the pre-filled template with a per-row report.
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from './api.ts';
import { ErrorBox } from './components.tsx';
import { date, dateTime, money, moneyShort } from './format.ts';
import { asApiError } from './hooks.ts';
import type { BuiltServiceLine, EconomyView, EntryReport, Provenance, VersionSummary, VersionView } from './scenario-types.ts';

const SHARING: Record<string, string> = {
  private: 'Private to your organisation',
  economy: 'Shared with the organisations in it',
  published: 'Published to every user',
};

/** The version a scenario starting in `start` (YYYY-MM) runs on by default: the latest as at its first day, else the last before. */
export function versionFor(versions: readonly VersionSummary[], start: string | undefined): VersionSummary | undefined {
  if (!start) return versions.at(-1);
  const day = `${start.slice(0, 7)}-01`;
  const before = versions.filter((v) => v.asAt <= day).sort((a, b) => (a.asAt === b.asAt ? a.seq - b.seq : a.asAt < b.asAt ? -1 : 1));
  return before.at(-1);
}

const pct = (micros: number) => `${Math.round(micros / 100) / 100}%`;

function provenanceText(p: Provenance | undefined, entries: VersionView['entries']): string {
  if (!p) return '—';
  switch (p.kind) {
    case 'entry': {
      const e = entries[p.entryId];
      const where = e?.sourceFile ? `${e.sourceFile}${e.sourceLine ? `, line ${e.sourceLine}` : ''}` : 'entered';
      return `${where}${p.illustrative ? ' (illustrative)' : ''}${p.note ? `: ${p.note}` : ''}`;
    }
    case 'plan':
      return `plan of ${p.contracts.join(', ')}`;
    case 'registry':
      return `registry (${p.organisation})`;
    default:
      return p.note;
  }
}

function incomeSources(l: BuiltServiceLine): string {
  return l.income
    .flatMap((i) => (i.sources ?? []).map((s) => `${s.contract} (${i.commissioner}): ${moneyShort(s.amount)} from ${s.basis === 'statement' ? 'its statement' : 'its value'}, ${s.periods.length} month${s.periods.length === 1 ? '' : 's'}`))
    .join('; ');
}

/** The providers and service lines of a version, with where each figure came from. */
export function EconomyFigures({ view }: { view: VersionView }) {
  const d = view.data;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="economy-figures">
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Service line</th>
            <th scope="col" className="num">Income</th>
            <th scope="col">Income from</th>
            <th scope="col" className="num">Activity</th>
            <th scope="col" className="num">Variable</th>
            <th scope="col" className="num">Fixed cost</th>
            <th scope="col">Costs from</th>
            <th scope="col">Workforce</th>
          </tr>
        </thead>
        <tbody>
          {d.providers.flatMap((p) =>
            p.serviceLines.map((l, i) => {
              const income = l.income.reduce((s, x) => s + x.annualIncome, 0);
              return (
                <tr key={`${p.code}-${l.service}`} data-testid={`figure-${p.code}-${l.service}`}>
                  <td>{i === 0 ? <><strong>{p.code}</strong> {p.name}{p.illustrative ? ' (illustrative code)' : ''}</> : null}</td>
                  <td>{l.service}</td>
                  <td className="num" data-testid="figure-income" data-pence={income}>{money(income)}</td>
                  <td className="small" data-testid="figure-income-from">{incomeSources(l)}</td>
                  <td className="num" title={provenanceText(l.provenance?.activity, view.entries)}>{l.annualActivity.toLocaleString('en-GB')}</td>
                  <td className="num">{pct(l.variableCostShare)}</td>
                  <td className="num">{money(l.fixedCost)}</td>
                  <td className="small" data-testid="figure-costs-from">{provenanceText(l.provenance?.costs, view.entries)}</td>
                  <td className="small">
                    {l.workforce.length
                      ? l.workforce.map((w) => `${w.headcount} ${w.staffGroup} (min ${w.minimumViable})`).join(', ')
                      : '—'}
                  </td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Choose, create, build and share an economy. */
export function EconomyBar({
  economies, economyId, versionId, onEconomy, onVersion, onChanged, mayCreate,
}: {
  /** The caller's role may create an economy (the system role reads and changes nothing). */
  mayCreate: boolean;
  economies: EconomyView[];
  economyId: string;
  versionId: string;
  onEconomy: (id: string) => void;
  onVersion: (id: string) => void;
  onChanged: (economyId: string, versionId?: string) => void;
}) {
  const e = economies.find((x) => x.id === economyId);
  const [name, setName] = useState('');
  const [rename, setRename] = useState<string | null>(null);
  const [asAt, setAsAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await fn();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const create = (ev: FormEvent) => {
    ev.preventDefault();
    void act(async () => {
      const made = await api.createEconomy({ name });
      setName('');
      setMessage(`Economy "${made.name}" created. Build a version as at a date to fill it with your contracts and statements.`);
      onChanged(made.id);
    });
  };
  const saveName = (ev: FormEvent) => {
    ev.preventDefault();
    if (!e || rename === null) return;
    void act(async () => {
      const was = e.name;
      const renamed = await api.editEconomy(e.id, { name: rename });
      setRename(null);
      setMessage(renamed.name === was ? 'The name is unchanged.' : `Renamed "${was}" to "${renamed.name}". Its versions and scenarios are kept.`);
      onChanged(e.id, versionId);
    });
  };
  const build = (ev: FormEvent) => {
    ev.preventDefault();
    void act(async () => {
      const r = await api.buildVersion(economyId, asAt);
      setMessage(r.created
        ? `Version ${r.version.seq} built as at ${date(r.version.asAt)}${r.warnings.length ? ` (${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'})` : ''}.`
        : `Nothing has changed since version ${r.version.seq} as at ${date(r.version.asAt)}: that version stands.`);
      onChanged(economyId, r.version.id);
    });
  };

  return (
    <div data-testid="economy-bar">
      <div className="lever-grid">
        <div className="field">
          <label htmlFor="economy">Economy</label>
          <select id="economy" value={economyId} onChange={(ev) => onEconomy(ev.target.value)} data-testid="economy">
            {economies.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} ({x.ownerOrganisation})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="economy-version">Version (as at)</label>
          <select id="economy-version" value={versionId} onChange={(ev) => onVersion(ev.target.value)} data-testid="economy-version" disabled={!e?.versions.length}>
            {e?.versions.length ? null : <option value="">No version yet</option>}
            {[...(e?.versions ?? [])].reverse().map((v) => (
              <option key={v.id} value={v.id}>
                {date(v.asAt)} (version {v.seq}, {v.year}, built {dateTime(v.builtAt)})
              </option>
            ))}
          </select>
        </div>
        {e ? (
          <div className="field">
            <label htmlFor="economy-sharing">Who may read it</label>
            {e.youMay.share ? (
              <select id="economy-sharing" value={e.sharing} data-testid="economy-sharing"
                onChange={(ev) => void act(async () => { await api.shareEconomy(e.id, ev.target.value); onChanged(e.id, versionId); })}>
                {Object.entries(SHARING).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
              </select>
            ) : (
              <p className="hint" id="economy-sharing">{SHARING[e.sharing]} (owned by {e.ownerOrganisation})</p>
            )}
          </div>
        ) : null}
      </div>
      {e?.youMay.edit ? (
        rename === null ? (
          <p>
            <button type="button" className="link-button" onClick={() => setRename(e.name)} data-testid="economy-rename">Rename this economy</button>
          </p>
        ) : (
          <form className="field" onSubmit={saveName} data-testid="economy-rename-form">
            <label htmlFor="economy-new-name">New name for {e.name}</label>
            {error?.issuesFor('name').length ? <span className="error-message" data-testid="field-error-name">{error.issuesFor('name').join('; ')}</span> : null}
            <div className="phase">
              <input id="economy-new-name" value={rename} onChange={(ev) => setRename(ev.target.value)} maxLength={120} data-testid="economy-new-name" />
              <button type="submit" className="button secondary" disabled={busy} data-testid="economy-rename-submit">Save name</button>
              <button type="button" className="button secondary" onClick={() => setRename(null)} data-testid="economy-rename-cancel">Cancel</button>
            </div>
          </form>
        )
      ) : null}
      <div className="lever-grid">
        {mayCreate ? <form className="field" onSubmit={create} data-testid="economy-create">
          <label htmlFor="economy-name">New economy for your organisation</label>
          <span className="hint">Built only from the contracts your organisation may see.</span>
          <div className="phase">
            <input id="economy-name" value={name} onChange={(ev) => setName(ev.target.value)} placeholder="e.g. Bedfordshire MSK" data-testid="economy-name" />
            <button type="submit" className="button secondary" disabled={busy || !name.trim()} data-testid="economy-create-submit">Create</button>
          </div>
        </form> : null}
        {e?.youMay.build ? (
          <form className="field" onSubmit={build} data-testid="economy-build">
            <label htmlFor="economy-as-at">Build a version as at</label>
            <span className="hint">Contracts as at the date; statements and entered figures for its financial year.</span>
            <div className="phase">
              <input id="economy-as-at" type="date" value={asAt} onChange={(ev) => setAsAt(ev.target.value)} data-testid="economy-as-at" />
              <button type="submit" className="button secondary" disabled={busy || !asAt} data-testid="economy-build-submit">Build</button>
            </div>
          </form>
        ) : null}
      </div>
      {message ? <p className="success" role="status" data-testid="economy-message">{message}</p> : null}
      {error ? <ErrorBox error={error} testId="economy-error" /> : null}
    </div>
  );
}

const yearOf = (v: VersionSummary) => v.year.replace('/', '-');

/** Template download (pre-filled), upload with the per-row report, and one service line by hand. */
export function CostsPanel({ view, onStored }: { view: VersionView; onStored: () => void }) {
  const id = view.economy.id;
  const year = yearOf(view.version);
  const providers = view.data.providers;
  const [provider, setProvider] = useState('');
  const [report, setReport] = useState<EntryReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const [line, setLine] = useState({ provider: providers[0]?.code ?? '', service: providers[0]?.serviceLines[0]?.service ?? '', variable_cost_share: '', fixed_cost: '', annual_activity: '' });

  const upload = async (ev: FormEvent) => {
    ev.preventDefault();
    const f = file.current?.files?.[0];
    if (!f) {
      setError(new ApiError(400, 'invalid', 'Choose the filled-in template first', [{ path: 'file', message: 'choose a .csv or .xlsx file' }]));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setReport(await api.uploadEntries(id, year, f));
      onStored();
    } catch (err) {
      setReport(null);
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const enter = async (ev: FormEvent) => {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const cells = Object.fromEntries(Object.entries(line).filter(([, v]) => v.trim() !== ''));
      setReport(await api.enterRows(id, year, 'service-lines', [cells]));
      onStored();
    } catch (err) {
      setReport(null);
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const q = { year, ...(provider ? { provider } : {}) };
  const lineProvider = providers.find((p) => p.code === line.provider);

  return (
    <section className="panel" aria-labelledby="costs-h" data-testid="costs-panel">
      <h2 id="costs-h">Costs and workforce for {view.version.year}</h2>
      <p className="hint">
        Income comes from the contracts and statements; the cost structure, workforce and cash are entered here. Download the template pre-filled with the
        service lines of this version, fill it in, and upload it: every valid row is kept (with its file and line), every rejected one is listed. Then build a
        new version to use the figures.
      </p>
      <div className="lever-grid">
        <div className="field">
          <label htmlFor="template-provider">Template for</label>
          <select id="template-provider" value={provider} onChange={(ev) => setProvider(ev.target.value)} data-testid="template-provider">
            <option value="">Every provider</option>
            {providers.map((p) => <option key={p.code} value={p.code}>{p.code} {p.name}</option>)}
          </select>
        </div>
        <div className="field">
          <span className="label">Download</span>
          <p>
            <a href={api.templateUrl(id, 'xlsx', q)} data-testid="template-xlsx">Workbook (XLSX)</a>
            {' · '}
            <a href={api.templateUrl(id, 'csv', { ...q, table: 'service-lines' })} data-testid="template-csv-service-lines">Service lines (CSV)</a>
            {' · '}
            <a href={api.templateUrl(id, 'csv', { ...q, table: 'workforce' })} data-testid="template-csv-workforce">Workforce (CSV)</a>
            {' · '}
            <a href={api.templateUrl(id, 'csv', { ...q, table: 'providers' })} data-testid="template-csv-providers">Providers (CSV)</a>
          </p>
        </div>
      </div>
      <form onSubmit={(ev) => void upload(ev)} className="field" data-testid="template-upload">
        <label htmlFor="template-file">Upload the filled-in template (CSV or XLSX)</label>
        <div className="phase">
          <input id="template-file" type="file" accept=".csv,.xlsx,text/csv" ref={file} data-testid="template-file" />
          <button type="submit" className="button" disabled={busy} data-testid="template-upload-submit">{busy ? 'Uploading…' : 'Upload'}</button>
        </div>
      </form>
      <details className="optional-changes">
        <summary>Or enter one service line here</summary>
        <form onSubmit={(ev) => void enter(ev)} className="lever-grid" data-testid="line-form">
          <div className="field">
            <label htmlFor="line-provider">Provider</label>
            <select id="line-provider" value={line.provider} onChange={(ev) => setLine({ ...line, provider: ev.target.value, service: providers.find((p) => p.code === ev.target.value)?.serviceLines[0]?.service ?? '' })}>
              {providers.map((p) => <option key={p.code} value={p.code}>{p.code} {p.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="line-service">Service line</label>
            <select id="line-service" value={line.service} onChange={(ev) => setLine({ ...line, service: ev.target.value })}>
              {(lineProvider?.serviceLines ?? []).map((l) => <option key={l.service} value={l.service}>{l.service}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="line-variable">Variable cost share (e.g. 40%)</label>
            <input id="line-variable" value={line.variable_cost_share} onChange={(ev) => setLine({ ...line, variable_cost_share: ev.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="line-fixed">Fixed cost a year (£)</label>
            <input id="line-fixed" value={line.fixed_cost} onChange={(ev) => setLine({ ...line, fixed_cost: ev.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="line-activity">Activity a year (blank: from the plan)</label>
            <input id="line-activity" value={line.annual_activity} onChange={(ev) => setLine({ ...line, annual_activity: ev.target.value })} />
          </div>
          <div className="field">
            <button type="submit" className="button secondary" disabled={busy}>Enter</button>
          </div>
        </form>
      </details>
      {error ? <ErrorBox error={error} title="Nothing was kept" testId="upload-error" /> : null}
      {report ? <EntryReportView report={report} /> : null}
    </section>
  );
}

function EntryReportView({ report }: { report: EntryReport }) {
  return (
    <div data-testid="upload-report" className="upload-report">
      <p className="success" role="status">
        {report.fileName}: {report.stored.length} row{report.stored.length === 1 ? '' : 's'} kept
        {report.stored.some((s) => s.supersedes) ? ` (${report.stored.filter((s) => s.supersedes).length} replacing earlier figures)` : ''}
        {report.rejected ? `, ${report.rejected} rejected` : ''}. Build a new version to use them.
      </p>
      {report.tables.map((t) => (
        <div key={t.table}>
          <p className="hint" data-testid={`upload-table-${t.table}`}>
            {t.table}: {t.rowsRead} row{t.rowsRead === 1 ? '' : 's'} read, {t.stored} kept, {t.rejected.length} rejected, {t.blank} left blank
            {t.ignoredColumns.length ? `; columns not read: ${t.ignoredColumns.join(', ')}` : ''}.
          </p>
          {t.rejected.length ? (
            <table className="table" data-testid="upload-rejected">
              <thead>
                <tr><th scope="col">Line</th><th scope="col">Row</th><th scope="col">Field</th><th scope="col">Problem</th></tr>
              </thead>
              <tbody>
                {t.rejected.flatMap((r) => r.issues.map((i, k) => (
                  <tr key={`${r.sheet ?? ''}${r.line}-${k}`}>
                    <td>{r.sheet ? `${r.sheet} ` : ''}{r.line}</td>
                    <td>{r.row}</td>
                    <td><code>{i.field}</code></td>
                    <td>{i.message}</td>
                  </tr>
                )))}
              </tbody>
            </table>
          ) : null}
        </div>
      ))}
    </div>
  );
}
