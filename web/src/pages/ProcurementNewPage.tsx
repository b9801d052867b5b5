import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, CONTRACT_MODELS, procurementApi, type PsrRoute, type RouteAnswers, type RouteAssessment } from '../api.ts';
import { ErrorBox, type FieldLabels } from '../components.tsx';
import { label, money, parsePounds } from '../format.ts';
import { asApiError } from '../hooks.ts';

type YesNo = Exclude<keyof RouteAnswers, 'considerableChange'>;

/** Reg 6's questions, as the route chooser asks them (the API decides which is next). */
const QUESTIONS: Record<YesNo, string> = {
  existingProvider: 'Is there an existing provider of these services?',
  framework: 'Is the procurement to conclude a framework agreement?',
  onlyExistingProviderCapable: 'Can the services be provided only by the existing provider, due to their nature? (Direct Award A)',
  patientChoiceOffered: 'Are patients offered a choice of provider? (Direct Award B)',
  providersUnrestricted: 'Is the number of providers unrestricted?',
  offeredToAllMeetingRequirements: 'Are contracts offered to all providers who meet the requirements?',
  expressionOfInterestArrangements: 'Are there arrangements for providers to express interest?',
  expiringContract: 'Is an existing contract expiring, to be replaced? (Direct Award C)',
  providerSatisfying: 'Is the existing provider satisfying the contract, and likely to satisfy the proposed one?',
};

const ROUTE_NAMES: Record<PsrRoute, string> = {
  direct_award_a: 'Direct Award Process A', direct_award_b: 'Direct Award Process B', direct_award_c: 'Direct Award Process C',
  most_suitable_provider: 'Most Suitable Provider Process', competitive: 'Competitive Process',
};

function YesNoQuestion({ field, value, onChange }: { field: YesNo; value: boolean | undefined; onChange: (v: boolean) => void }) {
  return (
    <fieldset className="field" data-testid={`question-${field}`}>
      <legend><strong>{QUESTIONS[field]}</strong></legend>
      <div className="inline-list">
        <label><input type="radio" name={field} checked={value === true} onChange={() => onChange(true)} data-testid={`answer-${field}-yes`} /> Yes</label>
        <label><input type="radio" name={field} checked={value === false} onChange={() => onChange(false)} data-testid={`answer-${field}-no`} /> No</label>
      </div>
    </fieldset>
  );
}

/** The route chooser: reg 6's questions asked in order through the API, the answers recorded with the procurement. */
function RouteChooser({ answers, setAnswers, assessment, setAssessment }: {
  answers: Partial<RouteAnswers>; setAnswers: (a: Partial<RouteAnswers>) => void; assessment: RouteAssessment | null; setAssessment: (a: RouteAssessment | null) => void;
}) {
  const [pending, setPending] = useState<string[]>([]);
  const [cc, setCc] = useState({ existing: '', proposed: '', authorityDriven: false, materiallyDifferent: false });
  const [ccError, setCcError] = useState('');
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      procurementApi.assessRoute(answers as RouteAnswers).then(
        (a) => { if (live) { setAssessment(a); setPending([]); } },
        (e: unknown) => {
          if (!live) return;
          setAssessment(null);
          const err = asApiError(e);
          // The question to answer next, named by the schema (a bare field) or by the regulation's order (answers.field).
          setPending(err.issues.map((i) => i.path.replace(/^answers\./, '').split('.')[0]));
        },
      );
    }, 150);
    return () => { live = false; clearTimeout(t); };
  }, [answers, setAssessment]);

  // Questions answered so far, in the order the regulation asks them, then those it asks next.
  const order = Object.keys(QUESTIONS) as YesNo[];
  const shown = order.filter((k) => answers[k] !== undefined || pending.includes(k));
  const set = (k: YesNo, v: boolean) => {
    // Changing an answer clears those asked after it: the later questions may no longer arise.
    const next: Partial<RouteAnswers> = {};
    for (const key of order) {
      if (key === k) break;
      if (answers[key] !== undefined) (next as Record<string, unknown>)[key] = answers[key];
    }
    if (order.indexOf(k) > order.indexOf('expiringContract') && answers.considerableChange) next.considerableChange = answers.considerableChange;
    setAnswers({ ...next, [k]: v });
  };
  const applyCc = () => {
    const existing = parsePounds(cc.existing);
    const proposed = parsePounds(cc.proposed);
    if (existing === null || proposed === null || existing < 0 || proposed < 0) {
      setCcError('Give both lifetime values in pounds, e.g. 1.6m and 2.05m');
      return;
    }
    setCcError('');
    const { providerSatisfying: _p, ...rest } = answers;
    setAnswers({ ...rest, considerableChange: { existingLifetimeValuePence: existing, proposedLifetimeValuePence: proposed, authorityDriven: cc.authorityDriven, materiallyDifferent: cc.materiallyDifferent } });
  };
  return (
    <section className="panel" aria-labelledby="route-h" data-testid="route-chooser">
      <h2 id="route-h">Which route? The regulation's questions (reg 6)</h2>
      <p className="hint">Direct Award A and B are mandatory when they apply; C is optional; otherwise the Most Suitable Provider or the Competitive Process. Your answers are recorded with the procurement.</p>
      {shown.filter((k) => k !== 'providerSatisfying').map((k) => <YesNoQuestion key={k} field={k} value={answers[k] as boolean | undefined} onChange={(v) => set(k, v)} />)}
      {pending.includes('considerableChange') || answers.considerableChange ? (
        <fieldset className="field" data-testid="question-considerableChange">
          <legend><strong>Is the considerable change threshold met?</strong> Give the lifetime values and the nature of the change.</legend>
          <div className="form-grid">
            <div className="field"><label htmlFor="cc-existing">Existing contract's lifetime value when entered into (£)</label><input id="cc-existing" value={cc.existing} onChange={(e) => setCc({ ...cc, existing: e.target.value })} data-testid="cc-existing" /></div>
            <div className="field"><label htmlFor="cc-proposed">Proposed lifetime value (£)</label><input id="cc-proposed" value={cc.proposed} onChange={(e) => setCc({ ...cc, proposed: e.target.value })} data-testid="cc-proposed" /></div>
          </div>
          <label><input type="checkbox" checked={cc.authorityDriven} onChange={(e) => setCc({ ...cc, authorityDriven: e.target.checked })} data-testid="cc-authority" /> The changes are attributable to a decision of the authority</label><br />
          <label><input type="checkbox" checked={cc.materiallyDifferent} onChange={(e) => setCc({ ...cc, materiallyDifferent: e.target.checked })} data-testid="cc-materially" /> The proposed arrangements are materially different in character</label>
          <div><button type="button" className="button secondary" onClick={applyCc} data-testid="cc-apply">Test the threshold</button></div>
          {ccError ? <p className="field-error">{ccError}</p> : null}
        </fieldset>
      ) : null}
      {shown.includes('providerSatisfying') ? <YesNoQuestion field="providerSatisfying" value={answers.providerSatisfying} onChange={(v) => set('providerSatisfying', v)} /> : null}
      {assessment ? (
        <div className="success" data-testid="route-permitted">
          <p><strong>{assessment.mandatory ? 'Mandatory' : 'Permitted'}:</strong> {assessment.permitted.map((r) => ROUTE_NAMES[r]).join(', ')}</p>
          <p>{assessment.explanation}</p>
          {assessment.considerableChange ? (
            <p data-testid="considerable-change-result">
              Considerable change threshold {assessment.considerableChange.met ? 'met' : 'not met'}: {assessment.considerableChange.tests.map((t) => t.detail).join('; ')}.
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

const FIELDS: FieldLabels = {
  reference: { label: 'Reference', inputId: 'p-reference' }, title: { label: 'Title', inputId: 'p-title' },
  'services.description': { label: 'Services', inputId: 'p-services' }, 'services.cpvCode': { label: 'CPV code', inputId: 'p-cpv' },
  approximateLifetimeValuePence: { label: 'Approximate lifetime value', inputId: 'p-value' },
  'contractPeriod.startDate': { label: 'Start date', inputId: 'p-start' }, 'contractPeriod.endDate': { label: 'End date', inputId: 'p-end' },
  routeReason: { label: 'Why this route', inputId: 'p-reason' }, reason: { label: 'Why this route', inputId: 'p-reason' },
  'incumbent.organisationCode': { label: 'Existing provider', inputId: 'p-incumbent' }, 'incumbent.address': { label: 'Existing provider address', inputId: 'p-incumbent-address' },
};

/** Opening a procurement: the route chooser, then what is being procured. Your organisation leads it. */
export function ProcurementNewPage() {
  const navigate = useNavigate();
  const [answers, setAnswers] = useState<Partial<RouteAnswers>>({});
  const [assessment, setAssessment] = useState<RouteAssessment | null>(null);
  const [f, setF] = useState({
    reference: '', title: '', description: '', route: '' as PsrRoute | '', routeReason: '', joint: '', services: '', cpv: '85100000', serviceCodes: '',
    value: '', start: '', end: '', incumbent: '', incumbentAddress: '', incumbentContract: '', model: 'standard_block',
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const up = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const route = f.route && assessment?.permitted.includes(f.route) ? f.route : assessment?.permitted[0] ?? '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const value = parsePounds(f.value);
    if (!assessment || !route) {
      setError(new ApiError(400, 'invalid', 'Answer the route chooser\'s questions first', []));
      return;
    }
    if (value === null) {
      setError(new ApiError(400, 'invalid', 'approximateLifetimeValuePence: give the value in pounds', [{ path: 'approximateLifetimeValuePence', message: 'give the value in pounds, e.g. 2.05m' }]));
      return;
    }
    setBusy(true);
    try {
      const p = await procurementApi.open({
        reference: f.reference.trim(), title: f.title, ...(f.description.trim() ? { description: f.description } : {}), route, answers,
        ...(f.routeReason.trim() ? { routeReason: f.routeReason } : {}),
        jointAuthorities: f.joint.split(/[\s,]+/).filter(Boolean),
        services: { description: f.services, cpvCode: f.cpv.trim(), ...(f.serviceCodes.trim() ? { serviceCodes: f.serviceCodes.split(/[\s,]+/).filter(Boolean) } : {}) },
        approximateLifetimeValuePence: value, contractPeriod: { startDate: f.start, endDate: f.end }, contractModel: f.model,
        ...(answers.existingProvider && f.incumbent.trim()
          ? { incumbent: { organisationCode: f.incumbent.trim().toUpperCase(), address: f.incumbentAddress, ...(f.incumbentContract.trim() ? { contractReference: f.incumbentContract.trim() } : {}) } }
          : {}),
      });
      navigate(`/procurements/${encodeURIComponent(p.reference)}`);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="page-procurement-new">
      <p className="breadcrumb"><Link to="/procurements">Procurement</Link></p>
      <h1>Open a procurement</h1>
      <p className="lede">Your organisation leads it; name any joint authorities. Each step is dated the day it is taken.</p>
      <RouteChooser answers={answers} setAnswers={setAnswers} assessment={assessment} setAssessment={setAssessment} />
      <form className="panel" onSubmit={submit} noValidate data-testid="procurement-form">
        <h2>What is being procured</h2>
        {error ? <ErrorBox error={error} title="The procurement was not opened" fields={FIELDS} testId="open-error" /> : null}
        <div className="form-grid">
          <div className="field"><label htmlFor="p-route">Route</label>
            <select id="p-route" value={route} onChange={up('route')} data-testid="p-route" disabled={!assessment}>
              {(assessment?.permitted ?? []).map((r) => <option key={r} value={r}>{ROUTE_NAMES[r]}</option>)}
            </select>
          </div>
          <div className="field"><label htmlFor="p-reason">Why this route (where several are permitted)</label><input id="p-reason" value={f.routeReason} onChange={up('routeReason')} data-testid="p-reason" /></div>
          <div className="field"><label htmlFor="p-reference">Reference</label><input id="p-reference" value={f.reference} onChange={up('reference')} data-testid="p-reference" /></div>
          <div className="field"><label htmlFor="p-title">Title</label><input id="p-title" value={f.title} onChange={up('title')} data-testid="p-title" /></div>
          <div className="field wide"><label htmlFor="p-services">Services</label><input id="p-services" value={f.services} onChange={up('services')} data-testid="p-services" /></div>
          <div className="field"><label htmlFor="p-cpv">CPV code</label><input id="p-cpv" value={f.cpv} onChange={up('cpv')} data-testid="p-cpv" /></div>
          <div className="field"><label htmlFor="p-service-codes">Service codes (registry, optional)</label><input id="p-service-codes" value={f.serviceCodes} onChange={up('serviceCodes')} placeholder="MSK-ELECTIVE" /></div>
          <div className="field"><label htmlFor="p-value">Approximate lifetime value (£)</label><input id="p-value" value={f.value} onChange={up('value')} data-testid="p-value" placeholder="2.05m" />
            {parsePounds(f.value) !== null ? <span className="hint">{money(parsePounds(f.value)!)}</span> : null}</div>
          <div className="field"><label htmlFor="p-model">Contract the award creates</label>
            <select id="p-model" value={f.model} onChange={up('model')}>{CONTRACT_MODELS.map((m) => <option key={m} value={m}>{label(m)}</option>)}</select></div>
          <div className="field"><label htmlFor="p-start">Contract start</label><input id="p-start" type="date" value={f.start} onChange={up('start')} data-testid="p-start" /></div>
          <div className="field"><label htmlFor="p-end">Contract end</label><input id="p-end" type="date" value={f.end} onChange={up('end')} data-testid="p-end" /></div>
          <div className="field"><label htmlFor="p-joint">Joint authorities (ODS codes, optional)</label><input id="p-joint" value={f.joint} onChange={up('joint')} placeholder="04Y, 05D" /></div>
          {answers.existingProvider ? (
            <>
              <div className="field"><label htmlFor="p-incumbent">Existing provider (ODS code)</label><input id="p-incumbent" value={f.incumbent} onChange={up('incumbent')} data-testid="p-incumbent" /></div>
              <div className="field"><label htmlFor="p-incumbent-address">Its registered office or principal place of business</label><input id="p-incumbent-address" value={f.incumbentAddress} onChange={up('incumbentAddress')} data-testid="p-incumbent-address" /></div>
              <div className="field"><label htmlFor="p-incumbent-contract">Existing contract (reference, optional)</label><input id="p-incumbent-contract" value={f.incumbentContract} onChange={up('incumbentContract')} /></div>
            </>
          ) : null}
          <div className="field wide"><label htmlFor="p-description">Description (optional)</label><textarea id="p-description" rows={2} value={f.description} onChange={up('description')} /></div>
        </div>
        <button type="submit" className="button" disabled={busy || !assessment} data-testid="open-submit">{busy ? 'Opening…' : 'Open the procurement'}</button>
      </form>
    </div>
  );
}
