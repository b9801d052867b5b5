// The party picker: finds an organisation in the registry by name or ODS code, shows its kind and
// whether it is open on the contract's start date, and adds it to the contract in a chosen role.
import { useEffect, useState } from 'react';
import { api, type Organisation } from './api.ts';
import { ErrorBox } from './components.tsx';
import { date, label } from './format.ts';
import { asApiError, type Async } from './hooks.ts';

/** Whether an organisation is open on a date (null dates: open since, or still open). */
export function openOn(o: Pick<Organisation, 'openDate' | 'closeDate'>, day: string): boolean {
  return (o.openDate === null || o.openDate <= day) && (o.closeDate === null || o.closeDate >= day);
}

/** "Open on 1 Apr 2014", "Closed 31 Mar 2019", "Opens 1 Jul 2022". */
export function openState(o: Pick<Organisation, 'openDate' | 'closeDate'>, day: string): { open: boolean; text: string } {
  if (!day) return { open: o.closeDate === null, text: o.closeDate ? `Closed ${date(o.closeDate)}` : 'Open' };
  if (openOn(o, day)) return { open: true, text: `Open on ${date(day)}` };
  if (o.openDate && o.openDate > day) return { open: false, text: `Not open until ${date(o.openDate)}` };
  return { open: false, text: `Closed ${date(o.closeDate)}` };
}

type Results = Pick<Async<Organisation[]>, 'data' | 'error' | 'loading'>;

/**
 * Search box over the registry; each result has a button that adds it. `side` narrows to
 * commissioning or providing organisations (the API checks each party's kind again).
 */
export function PartyPicker({ id, roleLabel, side, startDate, exclude, onPick }: {
  id: string;
  roleLabel: string;
  side: 'commissioner' | 'provider' | undefined;
  startDate: string;
  exclude: ReadonlySet<string>;
  onPick: (o: Organisation) => void;
}) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Results>({ data: undefined, error: undefined, loading: false });

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setResults({ data: undefined, error: undefined, loading: false });
      return;
    }
    let live = true;
    setResults((r) => ({ ...r, loading: true }));
    // Wait for a pause in typing before asking the registry.
    const timer = setTimeout(() => {
      api.organisations({ search: q, side, limit: 10 }).then(
        (page) => live && setResults({ data: page.items, error: undefined, loading: false }),
        (e: unknown) => live && setResults({ data: undefined, error: asApiError(e), loading: false }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, side]);

  const found = (results.data ?? []).filter((o) => !exclude.has(o.code));
  return (
    <div className="party-picker" data-testid={`${id}-picker`}>
      <div className="field">
        <label htmlFor={id}>Find the {roleLabel.toLowerCase()} in the registry</label>
        <p className="hint" id={`${id}-hint`}>Type part of a name or an ODS code, for example "Bedford" or RC1.</p>
        <input id={id} type="search" value={query} onChange={(e) => setQuery(e.target.value)} aria-describedby={`${id}-hint`} autoComplete="off" data-testid={`${id}-search`} />
      </div>
      <p className="visually-hidden" aria-live="polite">
        {results.data ? `${found.length} organisation${found.length === 1 ? '' : 's'} found` : ''}
      </p>
      {results.error ? <ErrorBox error={results.error} title="The registry could not be searched" /> : null}
      {results.loading ? <p className="muted">Searching the registry…</p> : null}
      {results.data && found.length === 0 && !results.loading ? <p className="muted" data-testid={`${id}-none`}>No {side ? `${side} ` : ''}organisation matches "{query.trim()}".</p> : null}
      {found.length > 0 ? (
        <ul className="picker-results" data-testid={`${id}-results`}>
          {found.map((o) => {
            const state = openState(o, startDate);
            return (
              <li key={o.code} data-testid={`pick-${o.code}`}>
                <div>
                  <strong>{o.name}</strong> <span className="code">{o.code}</span>
                  <div className="picker-meta">
                    {label(o.kind)} · <span className={state.open ? undefined : 'open-no'} data-testid="pick-open">{state.text}</span>
                  </div>
                </div>
                <button type="button" className="button secondary" onClick={() => { onPick(o); setQuery(''); }} data-testid={`pick-add-${o.code}`}>
                  Add<span className="visually-hidden"> {o.name}</span> as {roleLabel.toLowerCase()}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
