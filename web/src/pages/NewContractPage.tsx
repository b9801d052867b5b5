import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError, CONTRACT_MODELS, type ContractModel, type NewContract, type Organisation, type PartyRole } from '../api.ts';
import { useAuth, useUser } from '../auth.tsx';
import { ErrorBox, FieldError, invalidProps, Loading, type FieldLabels } from '../components.tsx';
import { label, parsePounds } from '../format.ts';
import { useAsync } from '../hooks.ts';
import { openState, PartyPicker } from '../party-picker.tsx';

// Letting a contract: the co-ordinating commissioner (or, for a subcontract, the prime provider)
// names the terms and the other parties from the registry. It is a draft until they accept it.

interface PartyRow {
  readonly organisationCode: string;
  readonly name: string;
  readonly kind: string;
  readonly openDate: string | null;
  readonly closeDate: string | null;
  readonly role: PartyRole;
}

const partyOf = (o: Organisation, role: PartyRole): PartyRow => ({
  organisationCode: o.code, name: o.name, kind: o.kind, openDate: o.openDate, closeDate: o.closeDate, role,
});

const ADDABLE: { role: PartyRole; label: string }[] = [
  { role: 'provider', label: 'Provider' },
  { role: 'associate_commissioner', label: 'Associate commissioner' },
];

export function NewContractPage() {
  const user = useUser();
  const { organisation } = useAuth();
  const navigate = useNavigate();
  const services = useAsync(() => api.services(), []);
  const mayLet = user.youMay.letContracts;
  const maySub = user.youMay.letSubcontracts;
  const models = CONTRACT_MODELS.filter((m) => (m === 'subcontract' ? maySub : mayLet));
  // Contracts the user's organisation provides under: a subcontract sits under one of them.
  const parents = useAsync(() => (maySub ? api.contracts({ provider: user.organisationCode, limit: 500 }) : Promise.resolve(undefined)), [maySub, user.organisationCode]);

  const [reference, setReference] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [model, setModel] = useState<ContractModel>(models[0] ?? 'standard_activity');
  const [parentId, setParentId] = useState('');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [value, setValue] = useState('');
  const [serviceCodes, setServiceCodes] = useState<string[]>([]);
  const [others, setOthers] = useState<PartyRow[]>([]);
  const [addRole, setAddRole] = useState<PartyRole>('provider');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const subcontract = model === 'subcontract';
  // The letting organisation is always the caller's own: the API refuses a contract let in another's name.
  const own: PartyRow = {
    organisationCode: user.organisationCode, name: organisation?.name ?? user.organisationCode, kind: organisation?.kind ?? '',
    openDate: organisation?.openDate ?? null, closeDate: organisation?.closeDate ?? null, role: 'coordinating_commissioner',
  };
  const parties = [own, ...others];
  const roles = subcontract ? ADDABLE.filter((r) => r.role === 'provider') : ADDABLE;
  const chosenRole = roles.some((r) => r.role === addRole) ? addRole : 'provider';
  const exclude = useMemo(() => new Set(parties.filter((p) => p.role === chosenRole).map((p) => p.organisationCode)), [parties, chosenRole]);

  const fields = useMemo<FieldLabels>(() => {
    const out: FieldLabels = {
      reference: { label: 'Reference', inputId: 'reference' },
      title: { label: 'Title', inputId: 'title' },
      description: { label: 'Description', inputId: 'description' },
      model: { label: 'Contract model', inputId: 'model' },
      parentContractId: { label: 'Parent contract', inputId: 'parentContractId' },
      startDate: { label: 'Start date', inputId: 'startDate' },
      endDate: { label: 'End date', inputId: 'endDate' },
      signedValuePence: { label: 'Value', inputId: 'value' },
      parties: { label: 'Parties', inputId: 'add-party-search' },
      serviceCodes: { label: 'Services', inputId: 'services' },
    };
    parties.forEach((p, i) => {
      out[`parties.${i}`] = { label: `Party ${p.organisationCode}`, inputId: `party-${i}` };
      out[`parties.${i}.organisationCode`] = { label: `Party ${p.organisationCode}`, inputId: `party-${i}` };
    });
    serviceCodes.forEach((code, i) => {
      out[`serviceCodes.${i}`] = { label: `Service ${code}`, inputId: `service-${code}` };
    });
    return out;
  }, [parties, serviceCodes]);

  if (!mayLet && !maySub) {
    return (
      <div className="not-found" data-testid="new-contract-not-allowed">
        <h1>Let a contract</h1>
        <p>Your role does not let contracts: a commissioning organisation lets contracts, and a provider lets subcontracts under a contract it provides.</p>
        <p><Link to="/contracts">Back to the contracts</Link></p>
      </div>
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const pence = value.trim() === '' ? null : parsePounds(value);
    // A value that is not pounds is said here; the rest still goes to the server (which requires a
    // value, so nothing is let), so that every field's problem is shown at once.
    const valueProblem = pence === null || pence < 0 ? { path: 'signedValuePence', message: 'enter the value in pounds, for example 1,200,000 or 1.2m' } : null;
    const body: NewContract = {
      reference: reference.trim(), title: title.trim(), model, startDate, endDate, signedValuePence: valueProblem ? (undefined as unknown as number) : pence!,
      parties: parties.map((p) => ({ organisationCode: p.organisationCode, role: p.role })),
      serviceCodes,
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(subcontract ? { parentContractId: parentId || null } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      const created = await api.createContract(body);
      navigate(`/contracts/${encodeURIComponent(created.contract.reference)}`, { state: { created: true } });
    } catch (err) {
      // Everything typed stays in the form; the problems are shown by their fields.
      if (valueProblem && err instanceof ApiError && err.kind === 'invalid') {
        setError(new ApiError(err.status, err.kind, 'Check the contract', [valueProblem, ...err.issues.filter((i) => !String(i.path).startsWith('signedValuePence'))]));
      } else setError(err instanceof ApiError ? err : new ApiError(0, 'internal', String(err)));
      setBusy(false);
    }
  }

  const pickRole = roles.find((r) => r.role === chosenRole)!;
  return (
    <div data-testid="page-new-contract">
      <p className="breadcrumb"><Link to="/contracts">Contracts</Link> › Let a contract</p>
      <h1>Let a {subcontract ? 'subcontract' : 'contract'}</h1>
      <p className="lede">
        {subcontract
          ? 'Your organisation lets the subcontract as its co-ordinating party, under a contract it provides; the subcontractor accepts it, and the parent contract\'s commissioner consents.'
          : 'Your organisation lets the contract as its co-ordinating commissioner. It is a draft until every other party named accepts it.'}
      </p>
      {error ? <ErrorBox error={error} title="The contract was not let" testId="new-contract-error" fields={fields} /> : null}
      <form onSubmit={submit} noValidate data-testid="new-contract-form">
        <section className="panel" aria-labelledby="terms-h">
          <h2 id="terms-h">Terms</h2>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="reference">Reference</label>
              <p className="hint" id="reference-hint">Letters, digits and - _ . / ; unique, e.g. BEDS-DERM-2015.</p>
              <input id="reference" value={reference} onChange={(e) => setReference(e.target.value)} aria-describedby="reference-hint" {...invalidProps(error, 'reference')} />
              <FieldError error={error} field="reference" />
            </div>
            <div className="field">
              <label htmlFor="model">Contract model</label>
              <select id="model" value={model} onChange={(e) => setModel(e.target.value as ContractModel)} {...invalidProps(error, 'model')}>
                {models.map((m) => <option key={m} value={m}>{label(m)}</option>)}
              </select>
              <FieldError error={error} field="model" />
            </div>
            <div className="field wide">
              <label htmlFor="title">Title</label>
              <input id="title" value={title} onChange={(e) => setTitle(e.target.value)} {...invalidProps(error, 'title')} />
              <FieldError error={error} field="title" />
            </div>
            <div className="field wide">
              <label htmlFor="description">Description (optional)</label>
              <textarea id="description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} {...invalidProps(error, 'description')} />
              <FieldError error={error} field="description" />
            </div>
            {subcontract ? (
              <div className="field wide">
                <label htmlFor="parentContractId">Parent contract (one your organisation provides)</label>
                {parents.loading && !parents.data ? <Loading what="your contracts" /> : null}
                <select id="parentContractId" value={parentId} onChange={(e) => setParentId(e.target.value)} {...invalidProps(error, 'parentContractId')}>
                  <option value="">Choose the contract it sits under</option>
                  {(parents.data?.items ?? []).filter((c) => c.model !== 'subcontract').map((c) => (
                    <option key={c.id} value={c.id}>{c.reference}: {c.title}</option>
                  ))}
                </select>
                <FieldError error={error} field="parentContractId" />
              </div>
            ) : null}
            <div className="field">
              <label htmlFor="startDate">Start date</label>
              <input id="startDate" type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} {...invalidProps(error, 'startDate')} />
              <FieldError error={error} field="startDate" />
            </div>
            <div className="field">
              <label htmlFor="endDate">End date</label>
              <input id="endDate" type="date" value={endDate} onChange={(e) => setEndDate(e.target.value)} {...invalidProps(error, 'endDate')} />
              <FieldError error={error} field="endDate" />
            </div>
            <div className="field">
              <label htmlFor="value">Value over the term (£)</label>
              <p className="hint" id="value-hint">In pounds: 1,200,000 or 1.2m.</p>
              <input id="value" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} aria-describedby="value-hint" {...invalidProps(error, 'signedValuePence')} />
              <FieldError error={error} field="signedValuePence" />
            </div>
          </div>
        </section>

        <section className="panel" aria-labelledby="parties-h">
          <h2 id="parties-h">Parties</h2>
          <FieldError error={error} field="parties" />
          <table className="table" data-testid="new-parties">
            <thead><tr><th scope="col">Role</th><th scope="col">Organisation</th><th scope="col">Kind</th><th scope="col">On the start date</th><th scope="col"><span className="visually-hidden">Remove</span></th></tr></thead>
            <tbody>
              {parties.map((p, i) => {
                const state = openState(p, startDate);
                return (
                  <tr key={`${p.role}-${p.organisationCode}`} id={`party-${i}`} tabIndex={-1} data-testid={`new-party-${p.organisationCode}`}>
                    <td>{subcontract && p.role === 'coordinating_commissioner' ? 'Co-ordinating party (the prime provider)' : label(p.role)}</td>
                    <td>
                      {p.name} <span className="code">{p.organisationCode}</span>
                      {i === 0 ? <div className="muted">Your organisation</div> : null}
                      <FieldError error={error} field={`parties.${i}`} />
                    </td>
                    <td>{label(p.kind)}</td>
                    <td className={state.open ? undefined : 'open-no'}>{state.text}</td>
                    <td>
                      {i > 0 ? (
                        <button type="button" className="link-button" onClick={() => setOthers(others.filter((o) => o !== p))} data-testid={`remove-party-${p.organisationCode}`}>
                          Remove<span className="visually-hidden"> {p.name}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <fieldset className="plain" style={{ marginTop: 16 }}>
            <legend>Add a party</legend>
            <div className="field" style={{ maxWidth: 320 }}>
              <label htmlFor="add-party-role">Role</label>
              <select id="add-party-role" value={chosenRole} onChange={(e) => setAddRole(e.target.value as PartyRole)} data-testid="add-party-role">
                {roles.map((r) => <option key={r.role} value={r.role}>{r.label}</option>)}
              </select>
            </div>
            <PartyPicker
              id="add-party-search"
              roleLabel={pickRole.label}
              // A pooled budget's partners may be local authorities: search every kind then.
              side={chosenRole === 'provider' ? (model === 'pooled_budget' ? undefined : 'provider') : 'commissioner'}
              startDate={startDate}
              exclude={exclude}
              onPick={(o) => setOthers([...others, partyOf(o, chosenRole)])}
            />
          </fieldset>
        </section>

        <section className="panel" aria-labelledby="services-h">
          <fieldset className="plain" id="services" tabIndex={-1}>
            <legend><h2 id="services-h" style={{ margin: 0 }}>Services</h2></legend>
            <FieldError error={error} field="serviceCodes" />
            {services.error ? <ErrorBox error={services.error} title="The services could not be read" /> : null}
            {services.loading && !services.data ? <Loading what="the services" /> : null}
            <div className="checkbox-list">
              {(services.data ?? []).map((s) => (
                <label className="checkbox" key={s.code} htmlFor={`service-${s.code}`}>
                  <input
                    id={`service-${s.code}`} type="checkbox" checked={serviceCodes.includes(s.code)}
                    onChange={() => setServiceCodes(serviceCodes.includes(s.code) ? serviceCodes.filter((c) => c !== s.code) : [...serviceCodes, s.code])}
                  />
                  <span>{s.name} <span className="code">{s.code}</span><br /><span className="muted">Commissioned by {label(s.commissionedBy)}</span></span>
                </label>
              ))}
            </div>
          </fieldset>
        </section>

        <button type="submit" className="button" disabled={busy} data-testid="new-contract-submit">{busy ? 'Letting…' : subcontract ? 'Let the subcontract' : 'Let the contract'}</button>{' '}
        <Link to="/contracts" className="button secondary">Cancel</Link>
      </form>
    </div>
  );
}
