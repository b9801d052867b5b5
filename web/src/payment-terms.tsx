// A contract's payment terms for one scheme year: what they are, in words, and the form the
// co-ordinating commissioner sets them with. The form speaks pounds and percentages; the API (the
// payment engine's schema) takes integer pence and micros, converted here and nowhere else.
import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, type PaymentTerms, type SchemeYearTerms } from './api.ts';
import { Dl, ErrorBox, FieldError, invalidProps, type FieldLabels } from './components.tsx';
import { dateTime, money, parsePercent, parsePounds, percent } from './format.ts';
import { asApiError } from './hooks.ts';

export const POINTS_OF_DELIVERY = ['OPFA', 'OPFU', 'OPPROC', 'DC', 'EL', 'NEL'] as const;
const POD_LABELS: Record<string, string> = {
  OPFA: 'Outpatient first attendances', OPFU: 'Outpatient follow-ups', OPPROC: 'Outpatient procedures',
  DC: 'Day cases', EL: 'Elective spells', NEL: 'Non-elective (emergency) spells',
};

type FieldKind = 'money' | 'percent' | 'pods' | 'count' | 'percents';

interface TermsField {
  /** The key in the engine's terms (the API's issue path is terms.<key>). */
  readonly key: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly hint?: string;
}

interface ModelForm {
  readonly model: string;
  readonly label: string;
  readonly fields: readonly TermsField[];
}

const SCOPE: TermsField = { key: 'scope', label: 'Points of delivery paid', kind: 'pods', required: false, hint: 'None chosen: all priced activity.' };

/** The payment engine's models (src/domain/payments/schemas.ts), with each field as people fill it in. */
export const PAYMENT_MODELS: readonly ModelForm[] = [
  { model: 'block', label: 'Block: a fixed annual value paid 1/12 a month', fields: [{ key: 'annualValuePence', label: 'Annual value (£)', kind: 'money', required: true }] },
  { model: 'activity', label: 'Activity at unit prices (the tariff)', fields: [SCOPE] },
  {
    model: 'aligned_payment_incentive', label: 'Aligned payment and incentive: a fixed element and a variable element for elective activity',
    fields: [
      { key: 'fixedAnnualPence', label: 'Fixed element for the year (£)', kind: 'money', required: true },
      { key: 'variableScope', label: 'Points of delivery in the variable element', kind: 'pods', required: false, hint: 'None chosen: day cases and elective spells.' },
      { key: 'baselinePence', label: 'Elective value baseline (£)', kind: 'money', required: false, hint: 'Only in years paid against a baseline (2022/23).' },
      { key: 'variableRateMicros', label: 'Variable rate (%)', kind: 'percent', required: false, hint: "Blank: the year's rate." },
    ],
  },
  {
    model: 'marginal_rate', label: 'Marginal rate above a value baseline (the emergency rule)',
    fields: [
      { key: 'baselinePence', label: 'Baseline value (£)', kind: 'money', required: true },
      { ...SCOPE, hint: 'None chosen: all activity. Choose non-elective for emergency admissions.' },
      { key: 'rateMicros', label: 'Marginal rate (%)', kind: 'percent', required: false, hint: "Blank: the year's rate." },
    ],
  },
  {
    model: 'blended', label: 'Blended payment: fixed for planned activity and a share either side of plan',
    fields: [
      { key: 'fixedAnnualPence', label: 'Fixed element for the year (£)', kind: 'money', required: true },
      SCOPE,
      { key: 'rateMicros', label: 'Variable rate (%)', kind: 'percent', required: false, hint: "Blank: the year's rate." },
    ],
  },
  {
    model: 'outcomes_based', label: 'Outcomes-based: a share of the value at risk, released against outcomes',
    fields: [
      { key: 'annualValuePence', label: 'Annual value (£)', kind: 'money', required: true },
      { key: 'contractYear', label: 'Year of the contract term (1 for the first)', kind: 'count', required: true },
      { key: 'atRiskShareByContractYear', label: 'Share at risk by contract year (%)', kind: 'percents', required: true, hint: 'Year 1, year 2, …, separated by commas: e.g. 4, 4, 4, 4, 4.' },
      { key: 'outcomeAchievementMicros', label: 'Outcome achievement (%)', kind: 'percent', required: false, hint: 'Blank until measured (nothing is released yet).' },
    ],
  },
  {
    model: 'minimum_income_guarantee', label: 'Activity at unit prices with a minimum income guarantee',
    fields: [{ key: 'floorAnnualPence', label: 'Guaranteed minimum for the year (£)', kind: 'money', required: true }, SCOPE],
  },
  { model: 'low_volume', label: 'Low-volume activity block', fields: [{ key: 'annualValuePence', label: 'Annual value (£)', kind: 'money', required: true }] },
];

const CQUIN_FIELDS: readonly TermsField[] = [
  { key: 'cquin.achievementMicros', label: 'CQUIN goals achieved (%)', kind: 'percent', required: true },
  { key: 'cquin.rateMicros', label: 'CQUIN rate (%)', kind: 'percent', required: false, hint: "Blank: the year's rate." },
];

const modelOf = (m: string) => PAYMENT_MODELS.find((x) => x.model === m);
const inputId = (key: string) => `terms-${key.replace(/\./g, '-')}`;

interface FormValues {
  model: string;
  text: Record<string, string>;
  pods: Record<string, string[]>;
  cquin: boolean;
  cquinMode: '' | 'earned' | 'shortfall';
}

const poundsText = (pence: unknown) => (typeof pence === 'number' ? (pence / 100).toFixed(2) : '');
const percentText = (micros: unknown) => (typeof micros === 'number' ? String(Number((micros / 10_000).toFixed(4))) : '');

/** Fills the form from terms as stored (pence to pounds, micros to percentages). */
function valuesOf(terms: Record<string, unknown> | null, fallbackModel: string): FormValues {
  const model = typeof terms?.model === 'string' && modelOf(terms.model) ? terms.model : fallbackModel;
  const text: Record<string, string> = {};
  const pods: Record<string, string[]> = {};
  const cquin = (terms?.cquin ?? null) as Record<string, unknown> | null;
  for (const f of [...(modelOf(model)?.fields ?? []), ...CQUIN_FIELDS]) {
    const v = f.key.startsWith('cquin.') ? cquin?.[f.key.slice(6)] : terms?.[f.key];
    if (f.kind === 'money') text[f.key] = poundsText(v);
    else if (f.kind === 'percent') text[f.key] = percentText(v);
    else if (f.kind === 'count') text[f.key] = typeof v === 'number' ? String(v) : '';
    else if (f.kind === 'percents') text[f.key] = Array.isArray(v) ? v.map(percentText).join(', ') : '';
    else pods[f.key] = Array.isArray(v) ? v.map(String) : [];
  }
  return { model, text, pods, cquin: cquin !== null, cquinMode: (cquin?.mode as FormValues['cquinMode']) ?? '' };
}

/**
 * The engine's terms from the form: pounds to integer pence, percentages to micros. Problems are
 * issues on the same paths the API would name (terms.<field>), so one error box shows both.
 */
export function termsFromForm(v: FormValues): { terms: Record<string, unknown>; issues: { path: string; message: string }[] } {
  const terms: Record<string, unknown> = { model: v.model };
  const cquin: Record<string, unknown> = {};
  const issues: { path: string; message: string }[] = [];
  const fields = [...(modelOf(v.model)?.fields ?? []), ...(v.cquin ? CQUIN_FIELDS : [])];
  for (const f of fields) {
    const raw = (v.text[f.key] ?? '').trim();
    const path = `terms.${f.key}`;
    const put = (value: unknown) => {
      if (f.key.startsWith('cquin.')) cquin[f.key.slice(6)] = value;
      else terms[f.key] = value;
    };
    if (f.kind === 'pods') {
      const chosen = v.pods[f.key] ?? [];
      if (chosen.length) put(chosen);
      continue;
    }
    if (raw === '') {
      if (f.key === 'outcomeAchievementMicros') put(null);
      else if (f.required) issues.push({ path, message: 'is required' });
      continue;
    }
    if (f.kind === 'money') {
      const pence = parsePounds(raw);
      if (pence === null || pence < 0) issues.push({ path, message: 'enter an amount in pounds, for example 2,400,000 or 2.4m' });
      else put(pence);
    } else if (f.kind === 'percent') {
      const micros = parsePercent(raw);
      if (micros === null) issues.push({ path, message: 'enter a percentage from 0 to 100, for example 4 or 12.5' });
      else put(micros);
    } else if (f.kind === 'count') {
      if (!/^\d+$/.test(raw) || Number(raw) < 1) issues.push({ path, message: 'enter a whole number, 1 or more' });
      else put(Number(raw));
    } else {
      const parts = raw.split(/[,;\s]+/).filter(Boolean).map(parsePercent);
      const bad = parts.findIndex((p) => p === null);
      if (bad >= 0) issues.push({ path: `${path}.${bad}`, message: 'each share is a percentage from 0 to 100' });
      else put(parts);
    }
  }
  if (v.cquin) {
    if (v.cquinMode) cquin.mode = v.cquinMode;
    terms.cquin = cquin;
  }
  return { terms, issues };
}

function describePods(v: unknown): string {
  return Array.isArray(v) && v.length ? v.map((p) => POD_LABELS[String(p)] ?? String(p)).join(', ') : 'All';
}

/** A scheme year's terms in words: model, each figure in pounds or percent, who set them and when. */
export function TermsSummary({ terms, testId }: { terms: PaymentTerms & { setByName?: string }; testId?: string }) {
  const t = terms.terms;
  const form = modelOf(String(t.model));
  const rows: [string, string, string?][] = [['Payment model', form?.label ?? String(t.model), 'terms-model']];
  for (const f of form?.fields ?? []) {
    const v = t[f.key];
    if (v === undefined) continue;
    const shown = f.kind === 'money' ? money(Number(v))
      : f.kind === 'percent' ? (v === null ? 'Not yet measured' : percent(Number(v)))
      : f.kind === 'percents' ? (Array.isArray(v) ? v.map((x) => percent(Number(x))).join(', ') : '—')
      : f.kind === 'pods' ? describePods(v) : String(v);
    rows.push([f.label.replace(/ \((£|%)\)$/, ''), shown, `terms-${f.key}`]);
  }
  const cquin = t.cquin as Record<string, unknown> | undefined;
  if (cquin) rows.push(['CQUIN', `${percent(Number(cquin.achievementMicros))} achieved${typeof cquin.rateMicros === 'number' ? `, rate ${percent(cquin.rateMicros)}` : ''}${cquin.mode ? ` (${String(cquin.mode)})` : ''}`]);
  if (terms.expectedAnnualValuePence !== null && terms.expectedAnnualValuePence !== undefined) {
    rows.push(['Expected annual contract value', money(terms.expectedAnnualValuePence), 'terms-eacv']);
  }
  if (terms.note) rows.push(['Note', terms.note]);
  if (terms.setAt) rows.push(['Set', `${dateTime(terms.setAt)}${terms.setByName ? ` by ${terms.setByName}` : ''}`]);
  return <Dl rows={rows} testId={testId ?? 'terms-summary'} />;
}

/**
 * Sets (or replaces) a contract's payment terms for one scheme year: pick the model and fill in its
 * fields, or edit the terms as JSON. Nothing typed is lost when the API refuses them.
 */
export function PaymentTermsForm({ contractId, year, onSaved, onCancel }: {
  contractId: string;
  year: SchemeYearTerms;
  onSaved: (t: PaymentTerms) => void;
  onCancel: () => void;
}) {
  const current = year.terms;
  const [values, setValues] = useState<FormValues>(() => valuesOf(current?.terms ?? null, 'activity'));
  const [eacv, setEacv] = useState(poundsText(current?.expectedAnnualValuePence ?? undefined));
  const [note, setNote] = useState(current?.note ?? '');
  const [asJson, setAsJson] = useState(false);
  const [json, setJson] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const form = modelOf(values.model);

  const fieldLabels = useMemo<FieldLabels>(() => {
    const out: FieldLabels = {
      terms: { label: 'Terms (JSON)', inputId: 'terms-json' },
      'terms.model': { label: 'Payment model', inputId: 'terms-model' },
      expectedAnnualValuePence: { label: 'Expected annual contract value', inputId: 'terms-eacv' },
      note: { label: 'Note', inputId: 'terms-note' },
    };
    for (const f of [...(form?.fields ?? []), ...CQUIN_FIELDS]) out[`terms.${f.key}`] = { label: f.label, inputId: inputId(f.key) };
    return out;
  }, [form]);

  const setText = (key: string, value: string) => setValues((v) => ({ ...v, text: { ...v.text, [key]: value } }));
  const togglePod = (key: string, pod: string) =>
    setValues((v) => {
      const now = v.pods[key] ?? [];
      return { ...v, pods: { ...v.pods, [key]: now.includes(pod) ? now.filter((p) => p !== pod) : [...now, pod] } };
    });

  function switchToJson() {
    setJson(JSON.stringify(termsFromForm(values).terms, null, 2));
    setAsJson(true);
  }

  function switchToForm() {
    try {
      setValues(valuesOf(JSON.parse(json) as Record<string, unknown>, values.model));
      setAsJson(false);
      setError(null);
    } catch (e) {
      setError(new ApiError(400, 'invalid', 'The terms are not valid JSON', [{ path: 'terms', message: e instanceof Error ? e.message : String(e) }]));
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const issues: { path: string; message: string }[] = [];
    let terms: Record<string, unknown> = {};
    if (asJson) {
      try {
        terms = JSON.parse(json) as Record<string, unknown>;
      } catch (err) {
        issues.push({ path: 'terms', message: `is not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
      }
    } else {
      const built = termsFromForm(values);
      terms = built.terms;
      issues.push(...built.issues);
    }
    const eacvPence = eacv.trim() === '' ? null : parsePounds(eacv);
    if (eacvPence === null && eacv.trim() !== '') issues.push({ path: 'expectedAnnualValuePence', message: 'enter an amount in pounds, or leave it blank' });
    if (issues.length) {
      setError(new ApiError(400, 'invalid', 'Check the payment terms', issues));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = await api.setPaymentTerms(contractId, year.pathYear, { terms, expectedAnnualValuePence: eacvPence, note: note.trim() || undefined });
      onSaved(saved);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const textField = (f: TermsField) => (
    <div className="field" key={f.key}>
      <label htmlFor={inputId(f.key)}>{f.label}{f.required ? '' : ' (optional)'}</label>
      {f.hint ? <p className="hint" id={`${inputId(f.key)}-hint`}>{f.hint}</p> : null}
      <input
        id={inputId(f.key)}
        inputMode={f.kind === 'count' ? 'numeric' : 'decimal'}
        value={values.text[f.key] ?? ''}
        onChange={(e) => setText(f.key, e.target.value)}
        data-testid={inputId(f.key)}
        {...invalidProps(error, `terms.${f.key}`)}
      />
      <FieldError error={error} field={`terms.${f.key}`} />
    </div>
  );

  return (
    <section className="panel" aria-labelledby="terms-form-h" data-testid="terms-form-panel">
      <h2 id="terms-form-h">{current ? 'Change' : 'Set'} the payment terms for {year.year}</h2>
      <p className="hint">
        Money in pounds, rates and shares as percentages; they are kept as integer pence and millionths. {current ? 'The terms they replace stay in the audit trail and the ledger.' : ''}
      </p>
      {error ? <ErrorBox error={error} title="The payment terms were not saved" testId="terms-error" fields={fieldLabels} /> : null}
      <form onSubmit={submit} noValidate data-testid="terms-form">
        {asJson ? (
          <div className="field">
            <label htmlFor="terms-json">Terms as JSON (money in integer pence, rates in millionths)</label>
            <textarea id="terms-json" rows={10} value={json} onChange={(e) => setJson(e.target.value)} spellCheck={false} {...invalidProps(error, 'terms')} />
            <FieldError error={error} field="terms" />
            <p><button type="button" className="link-button" onClick={switchToForm}>Back to the form</button></p>
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor="terms-model">Payment model</label>
              <select id="terms-model" value={values.model} onChange={(e) => setValues((v) => ({ ...v, model: e.target.value }))} data-testid="terms-model-select" {...invalidProps(error, 'terms.model')}>
                {PAYMENT_MODELS.map((m) => <option key={m.model} value={m.model}>{m.label}</option>)}
              </select>
              <FieldError error={error} field="terms.model" />
            </div>
            <div className="form-grid">
              {(form?.fields ?? []).filter((f) => f.kind !== 'pods').map(textField)}
            </div>
            {(form?.fields ?? []).filter((f) => f.kind === 'pods').map((f) => (
              <fieldset className="checkbox-list" key={f.key} id={inputId(f.key)} aria-describedby={f.hint ? `${inputId(f.key)}-hint` : undefined}>
                <legend>{f.label}</legend>
                {f.hint ? <p className="hint" id={`${inputId(f.key)}-hint`} style={{ gridColumn: '1 / -1' }}>{f.hint}</p> : null}
                {POINTS_OF_DELIVERY.map((pod) => (
                  <label className="checkbox" key={pod}>
                    <input type="checkbox" checked={(values.pods[f.key] ?? []).includes(pod)} onChange={() => togglePod(f.key, pod)} />
                    {POD_LABELS[pod]} <span className="code">{pod}</span>
                  </label>
                ))}
                <FieldError error={error} field={`terms.${f.key}`} />
              </fieldset>
            ))}
            <label className="checkbox">
              <input type="checkbox" checked={values.cquin} onChange={(e) => setValues((v) => ({ ...v, cquin: e.target.checked }))} data-testid="terms-cquin" />
              CQUIN on top of the payment model
            </label>
            {values.cquin ? (
              <div className="form-grid">
                {CQUIN_FIELDS.map(textField)}
                <div className="field">
                  <label htmlFor="terms-cquin-mode">How CQUIN is paid</label>
                  <select id="terms-cquin-mode" value={values.cquinMode} onChange={(e) => setValues((v) => ({ ...v, cquinMode: e.target.value as FormValues['cquinMode'] }))}>
                    <option value="">The model's default</option>
                    <option value="earned">Earned: achievement × value as its own line</option>
                    <option value="shortfall">Shortfall: the unachieved share deducted</option>
                  </select>
                </div>
              </div>
            ) : null}
            <p><button type="button" className="link-button" onClick={switchToJson} data-testid="terms-edit-json">Edit the terms as JSON instead</button></p>
          </>
        )}
        <div className="form-grid">
          <div className="field">
            <label htmlFor="terms-eacv">Expected annual contract value (£, optional)</label>
            <p className="hint" id="terms-eacv-hint">Paid 1/12 a month on account. Blank: the plan priced by the terms.</p>
            <input id="terms-eacv" inputMode="decimal" value={eacv} onChange={(e) => setEacv(e.target.value)} {...invalidProps(error, 'expectedAnnualValuePence')} />
            <FieldError error={error} field="expectedAnnualValuePence" />
          </div>
          <div className="field">
            <label htmlFor="terms-note">Note (optional)</label>
            <textarea id="terms-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} {...invalidProps(error, 'note')} />
            <FieldError error={error} field="note" />
          </div>
        </div>
        <button type="submit" className="button" disabled={busy} data-testid="terms-submit">{busy ? 'Saving…' : `Save the terms for ${year.year}`}</button>{' '}
        <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>Cancel</button>
      </form>
    </section>
  );
}
