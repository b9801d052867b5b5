import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { contentSha256, sha256Hex } from './canonical.ts';

type Db = Kysely<Database>;

/** The stored content of one sealed record, and the ledger (scope) it belongs to. */
export interface StoredContent {
  readonly scope: string;
  /** The contract it belongs to, when it belongs to one (for reports). */
  readonly contractId: string | null;
  readonly content: Record<string, unknown>;
}

export interface SealedType {
  /** Where users would look for it. */
  readonly table: string;
  /**
   * 'once': recorded once and never changed, so the stored row must equal its one seal.
   * 'latest': may be replaced through Concordat (payment terms, a tariff year), each replacement
   * sealed again; the stored row must equal its latest seal.
   */
  readonly kind: 'once' | 'latest';
  /**
   * The stored content of the given records (every record when `ids` is undefined), or of every
   * record belonging to one contract.
   */
  load(db: Db, ids?: readonly string[], contractId?: string): Promise<Map<string, StoredContent>>;
}

export const contractScope = (contractId: string) => `contract:${contractId}`;
export const tariffScope = (year: string) => `tariff:${year}`;
export const economyScope = (economyId: string) => `economy:${economyId}`;
/** The ledger of a commissioner-provider pair's records that belong to no one contract (contract-setting disputes). */
export const relationshipScope = (commissionerCode: string, providerCode: string) => `relationship:${commissionerCode}:${providerCode}`;

/** Restricts a query to one contract's rows (all rows when undefined). */
function ofContract<Q>(q: Q, column: string, contractId?: string): Q {
  if (contractId === undefined) return q;
  return (q as unknown as { where(c: string, op: string, v: unknown): Q }).where(column, '=', contractId);
}

/** Restricts a query to the given ids (all rows when undefined). */
function byIds<Q>(q: Q, column: string, ids?: readonly string[]): Q {
  if (ids === undefined) return q;
  return (q as unknown as { where(c: string, op: string, v: unknown): Q }).where(column, 'in', ids.length ? [...ids] : ['\u0001none']);
}

/**
 * Every kind of record the ledger seals, and what of it is sealed: every stored figure a contract's
 * history or payment statement reads. Big members (a tariff document, a rejection report, plan lines)
 * are sealed by their SHA-256, so a break still names the member that changed.
 *
 * One function per kind computes the content both when sealing (read back right after the insert)
 * and when verifying, so the two cannot drift apart.
 */
export const SEALED: Readonly<Record<string, SealedType>> = {
  contract: {
    table: 'contracts',
    kind: 'once',
    async load(db, ids, contractId) {
      const rows = await ofContract(byIds(db.selectFrom('contracts').selectAll(), 'id', ids), 'id', contractId).execute();
      const keys = rows.map((r) => r.id);
      const [parties, services] = keys.length
        ? await Promise.all([
          db.selectFrom('contract_parties').selectAll().where('contract_id', 'in', keys).execute(),
          db.selectFrom('contract_services').selectAll().where('contract_id', 'in', keys).execute(),
        ])
        : [[], []];
      const out = new Map<string, StoredContent>();
      for (const r of rows) {
        out.set(r.id, {
          scope: contractScope(r.id),
          contractId: r.id,
          content: {
            reference: r.reference, title: r.title, description: r.description, model: r.model, parentContractId: r.parent_contract_id,
            startDate: r.start_date, endDate: r.end_date, extensionOptions: r.extension_options, signedValuePence: Number(r.signed_value_pence),
            status: r.status, letByOrganisation: r.let_by_organisation, createdAt: r.created_at, createdBy: r.created_by,
            parties: parties.filter((p) => p.contract_id === r.id).map((p) => `${p.role}:${p.organisation_code}`).sort(),
            serviceCodes: services.filter((s) => s.contract_id === r.id).map((s) => s.service_code).sort(),
          },
        });
      }
      return out;
    },
  },
  contract_acceptance: {
    table: 'contract_acceptances',
    kind: 'once',
    async load(db, ids, contractId) {
      const rows = await ofContract(byIds(db.selectFrom('contract_acceptances').selectAll(), 'id', ids), 'contract_id', contractId).execute();
      return new Map(rows.map((r) => [r.id, {
        scope: contractScope(r.contract_id),
        contractId: r.contract_id,
        content: { organisationCode: r.organisation_code, capacity: r.capacity, decision: r.decision, note: r.note, decidedBy: r.decided_by, decidedAt: r.decided_at },
      }]));
    },
  },
  variation: {
    table: 'contract_variations',
    kind: 'once',
    async load(db, ids, contractId) {
      const rows = await ofContract(byIds(db.selectFrom('contract_variations').selectAll(), 'id', ids), 'contract_id', contractId).execute();
      return new Map(rows.map((r) => [r.id, {
        scope: contractScope(r.contract_id),
        contractId: r.contract_id,
        content: {
          sequence: r.sequence, effectiveDate: r.effective_date, rationale: r.rationale, valueChangePence: Number(r.value_change_pence),
          changes: r.changes, createdAt: r.created_at, createdBy: r.created_by,
        },
      }]));
    },
  },
  variation_proposal: {
    table: 'variation_proposals',
    kind: 'once',
    async load(db, ids, contractId) {
      const rows = await ofContract(byIds(db.selectFrom('variation_proposals').selectAll(), 'id', ids), 'contract_id', contractId).execute();
      return new Map(rows.map((r) => [r.id, {
        scope: contractScope(r.contract_id),
        contractId: r.contract_id,
        content: { proposal: r.proposal, proposedBy: r.proposed_by, proposedByOrganisation: r.proposed_by_organisation, proposedAt: r.proposed_at },
      }]));
    },
  },
  variation_decision: {
    table: 'variation_decisions',
    kind: 'once',
    async load(db, ids, contractId) {
      const rows = await ofContract(byIds(
        db.selectFrom('variation_decisions as d').innerJoin('variation_proposals as p', 'p.id', 'd.proposal_id').selectAll('d').select('p.contract_id'),
        'd.proposal_id', ids,
      ), 'p.contract_id', contractId).execute();
      return new Map(rows.map((r) => [r.proposal_id, {
        scope: contractScope(r.contract_id),
        contractId: r.contract_id,
        content: {
          decision: r.decision, note: r.note, variationId: r.variation_id, decidedBy: r.decided_by,
          decidedByOrganisation: r.decided_by_organisation, decidedAt: r.decided_at,
        },
      }]));
    },
  },
  payment_terms: {
    table: 'contract_payment_terms',
    kind: 'latest',
    async load(db, ids, contractId) {
      let q = ofContract(db.selectFrom('contract_payment_terms').selectAll(), 'contract_id', contractId);
      if (ids !== undefined) {
        const pairs = ids.map((id) => id.split('/'));
        if (pairs.length === 0) return new Map();
        q = q.where((eb) => eb.or(pairs.map(([c, y, yy]) => eb.and([eb('contract_id', '=', c), eb('scheme_year', '=', `${y}/${yy}`)]))));
      }
      const rows = await q.execute();
      return new Map(rows.map((r) => [`${r.contract_id}/${r.scheme_year}`, {
        scope: contractScope(r.contract_id),
        contractId: r.contract_id,
        content: {
          schemeYear: r.scheme_year, terms: r.terms, expectedAnnualValuePence: r.expected_annual_value_pence === null ? null : Number(r.expected_annual_value_pence),
          note: r.note, setBy: r.set_by, setAt: r.set_at,
        },
      }]));
    },
  },
  activity_submission: {
    table: 'activity_submissions',
    kind: 'once',
    async load(db, ids, contractId) {
      const rows = await ofContract(byIds(db.selectFrom('activity_submissions').selectAll(), 'id', ids), 'contract_id', contractId).execute();
      const keys = rows.map((r) => r.id);
      // What each one superseded: set on the earlier row, sealed with the later one.
      const superseded = keys.length
        ? await db.selectFrom('activity_submissions').select(['id', 'superseded_by']).where('superseded_by', 'in', keys).execute()
        : [];
      const plans = rows.filter((r) => r.kind === 'plan').map((r) => r.id);
      const lines = plans.length
        ? await db.selectFrom('plan_lines').selectAll().where('submission_id', 'in', plans).orderBy('submission_id').orderBy('line').execute()
        : [];
      return new Map(rows.map((r) => [r.id, {
        scope: contractScope(r.contract_id),
        contractId: r.contract_id,
        content: {
          period: r.period, kind: r.kind, sha256: r.sha256, previousId: r.previous_id, fileName: r.file_name, bytes: Number(r.bytes),
          rowsRead: r.rows_read, rowsPriced: r.rows_priced, rowsRejected: r.rows_rejected, totalPence: Number(r.total_pence),
          tariffYear: r.tariff_year, submittedBy: r.submitted_by, submittedByOrganisation: r.submitted_by_organisation, submittedAt: r.submitted_at,
          supersedes: superseded.find((s) => s.superseded_by === r.id)?.id ?? null,
          monthly: r.monthly,
          rejectionsSha256: contentSha256(r.rejections),
          hintsSha256: contentSha256(r.hints),
          planLinesSha256: r.kind === 'plan'
            ? contentSha256(lines.filter((l) => l.submission_id === r.id).map((l) => [l.line, l.service, l.pod, l.hrg, l.period, l.activity, Number(l.planned_pence)]))
            : null,
        },
      }]));
    },
  },
  tariff_year: {
    table: 'tariff_years',
    kind: 'latest',
    async load(db, ids, contractId) {
      // Tariff years belong to no contract.
      if (contractId !== undefined) return new Map();
      const rows = await byIds(db.selectFrom('tariff_years').selectAll(), 'year', ids).execute();
      return new Map(rows.map((r) => [r.year, {
        scope: tariffScope(r.year),
        contractId: null,
        content: { year: r.year, source: r.source, documentSha256: contentSha256(r.document), loadedBy: r.loaded_by, loadedAt: r.loaded_at },
      }]));
    },
  },
  // The relationship (issue 8): a contract's management terms, performance returns, the event logs of
  // notices and disputes, and the money typed into the relationship.
  management_terms: {
    table: 'contract_management_terms',
    kind: 'once',
    async load(db, ids, contractId) {
      const rows = await ofContract(byIds(db.selectFrom('contract_management_terms').selectAll(), 'id', ids), 'contract_id', contractId).execute();
      return new Map(rows.map((r) => [r.id, {
        scope: contractScope(r.contract_id),
        contractId: r.contract_id,
        content: {
          version: r.version, edition: r.edition, overrides: r.overrides, indicators: r.indicators, reason: r.reason,
          setBy: r.set_by, setByOrganisation: r.set_by_organisation, setAt: r.set_at,
        },
      }]));
    },
  },
  performance_return: {
    table: 'performance_returns',
    kind: 'once',
    async load(db, ids, contractId) {
      const rows = await ofContract(byIds(db.selectFrom('performance_returns').selectAll(), 'id', ids), 'contract_id', contractId).execute();
      const keys = rows.map((r) => r.id);
      // What each one superseded: set on the earlier row, sealed with the later one.
      const superseded = keys.length
        ? await db.selectFrom('performance_returns').select(['id', 'superseded_by']).where('superseded_by', 'in', keys).execute()
        : [];
      return new Map(rows.map((r) => [r.id, {
        scope: contractScope(r.contract_id),
        contractId: r.contract_id,
        content: {
          seq: Number(r.seq), period: r.period, indicatorId: r.indicator_id, numerator: Number(r.numerator),
          denominator: r.denominator === null ? null : Number(r.denominator), submittedOn: r.submitted_on, submittedBy: r.submitted_by,
          submittedByOrganisation: r.submitted_by_organisation, submittedAt: r.submitted_at, note: r.note,
          supersedes: superseded.find((x) => x.superseded_by === r.id)?.id ?? null,
        },
      }]));
    },
  },
  notice_event: {
    table: 'notice_events',
    kind: 'once',
    async load(db, ids, contractId) {
      const rows = await ofContract(byIds(db.selectFrom('notice_events').selectAll(), 'id', ids), 'contract_id', contractId).execute();
      return new Map(rows.map((r) => [r.id, {
        scope: contractScope(r.contract_id),
        contractId: r.contract_id,
        content: {
          noticeId: r.notice_id, seq: r.seq, type: r.type, occurredOn: r.occurred_on, side: r.side, payload: r.payload,
          recordedBy: r.recorded_by, recordedByOrganisation: r.recorded_by_organisation, recordedAt: r.recorded_at,
        },
      }]));
    },
  },
  gc14_event: {
    table: 'gc14_events',
    kind: 'once',
    async load(db, ids, contractId) {
      const rows = await ofContract(byIds(db.selectFrom('gc14_events').selectAll(), 'id', ids), 'contract_id', contractId).execute();
      return new Map(rows.map((r) => [r.id, {
        scope: contractScope(r.contract_id),
        contractId: r.contract_id,
        content: {
          disputeId: r.dispute_id, seq: r.seq, type: r.type, occurredOn: r.occurred_on, side: r.side, payload: r.payload,
          recordedBy: r.recorded_by, recordedByOrganisation: r.recorded_by_organisation, recordedAt: r.recorded_at,
        },
      }]));
    },
  },
  contract_setting_event: {
    table: 'contract_setting_events',
    kind: 'once',
    async load(db, ids, contractId) {
      // Sealed in the pair's ledger, not a contract's (there may be no contract yet).
      if (contractId !== undefined) return new Map();
      const rows = await byIds(db.selectFrom('contract_setting_events').selectAll(), 'id', ids).execute();
      return new Map(rows.map((r) => [r.id, {
        scope: relationshipScope(r.commissioner_code, r.provider_code),
        contractId: null,
        content: {
          disputeId: r.dispute_id, seq: r.seq, contractYear: r.contract_year, contractId: r.contract_id, type: r.type, occurredOn: r.occurred_on,
          actor: r.actor, payload: r.payload, recordedBy: r.recorded_by, recordedByOrganisation: r.recorded_by_organisation, recordedAt: r.recorded_at,
        },
      }]));
    },
  },
  money_entry: {
    table: 'relationship_money_entries',
    kind: 'once',
    async load(db, ids, contractId) {
      const rows = await ofContract(byIds(db.selectFrom('relationship_money_entries').selectAll(), 'id', ids), 'contract_id', contractId).execute();
      const keys = rows.map((r) => r.id);
      const superseded = keys.length
        ? await db.selectFrom('relationship_money_entries').select(['id', 'superseded_by']).where('superseded_by', 'in', keys).execute()
        : [];
      return new Map(rows.map((r) => [r.id, {
        scope: contractScope(r.contract_id),
        contractId: r.contract_id,
        content: {
          reference: r.reference, seq: Number(r.seq), commissionerCode: r.commissioner_code, providerCode: r.provider_code, period: r.period,
          kind: r.kind, ruleId: r.rule_id, amountPence: Number(r.amount_pence), description: r.description, origin: r.origin,
          illustrative: r.illustrative, note: r.note, recordedBy: r.recorded_by, recordedByOrganisation: r.recorded_by_organisation,
          recordedAt: r.recorded_at, supersedes: superseded.find((x) => x.superseded_by === r.id)?.id ?? null,
        },
      }]));
    },
  },
  // ---- Procurement in the open (migration 0005): none belongs to a contract's own ledger. ----
  procurement_event: {
    table: 'procurement_events',
    kind: 'once',
    async load(db, ids, contractId) {
      if (contractId !== undefined) return new Map();
      const rows = await byPairs(db.selectFrom('procurement_events').selectAll(), 'procurement_id', 'sequence', ids).execute();
      return new Map(rows.map((r) => [`${r.procurement_id}/${r.sequence}`, {
        scope: procurementScope(r.procurement_id),
        contractId: null,
        content: {
          type: r.type, on: r.on_date, actorOrganisationCode: r.actor_organisation_code, actorRole: r.actor_role, actorName: r.actor_name,
          userId: r.user_id, payload: r.payload, recordedAt: r.recorded_at,
        },
      }]));
    },
  },
  ocds_release: {
    table: 'ocds_releases',
    kind: 'once',
    async load(db, ids, contractId) {
      if (contractId !== undefined) return new Map();
      const rows = await byIds(db.selectFrom('ocds_releases').selectAll(), 'id', ids).execute();
      return new Map(rows.map((r) => [r.id, {
        scope: procurementScope(r.procurement_id),
        contractId: null,
        content: { ocid: r.ocid, releaseDate: r.release_date, tags: r.tags, release: r.release, publishedAt: r.published_at },
      }]));
    },
  },
  procurement_contract: {
    table: 'procurement_contracts',
    kind: 'once',
    async load(db, ids, contractId) {
      if (contractId !== undefined) return new Map();
      const rows = await byIds(db.selectFrom('procurement_contracts').selectAll(), 'contract_id', ids).execute();
      return new Map(rows.map((r) => [r.contract_id, {
        scope: procurementScope(r.procurement_id),
        contractId: null,
        content: { procurementId: r.procurement_id, awardSequence: r.award_sequence, providerCode: r.provider_code, awardedOn: r.awarded_on, linkedAt: r.linked_at },
      }]));
    },
  },
  scheme_event: {
    table: 'scheme_events',
    kind: 'once',
    async load(db, ids, contractId) {
      if (contractId !== undefined) return new Map();
      const rows = await byPairs(db.selectFrom('scheme_events').selectAll(), 'scheme_id', 'sequence', ids).execute();
      return new Map(rows.map((r) => [`${r.scheme_id}/${r.sequence}`, {
        scope: schemeScope(r.scheme_id),
        contractId: null,
        content: {
          type: r.type, on: r.on_date, actorOrganisationCode: r.actor_organisation_code, actorRole: r.actor_role, actorName: r.actor_name,
          userId: r.user_id, payload: r.payload, recordedAt: r.recorded_at,
        },
      }]));
    },
  },
  ocds_import: {
    table: 'ocds_imports',
    kind: 'once',
    async load(db, ids, contractId) {
      if (contractId !== undefined) return new Map();
      const rows = await byIds(db.selectFrom('ocds_imports').selectAll(), 'id', ids).execute();
      return new Map(rows.map((r) => [r.id, {
        scope: OCDS_IMPORTS_SCOPE,
        contractId: null,
        content: {
          fileName: r.file_name, fileSha256: r.file_sha256, importedBy: r.imported_by, importedByOrganisation: r.imported_by_organisation,
          importedAt: r.imported_at, counts: r.counts, reportSha256: contentSha256(r.report),
        },
      }]));
    },
  },
  imported_release: {
    table: 'imported_releases',
    kind: 'once',
    async load(db, ids, contractId) {
      if (contractId !== undefined) return new Map();
      // A release version is keyed by the SHA-256 of its canonical JSON (which holds its ocid and id).
      const rows = await byIds(db.selectFrom('imported_releases').selectAll(), 'sha256', ids).execute();
      return new Map(rows.map((r) => [r.sha256, {
        scope: OCDS_IMPORTS_SCOPE,
        contractId: null,
        content: {
          ocid: r.ocid, releaseId: r.release_id, releaseDate: r.release_date, tags: r.tags, textSha256: sha256Hex(r.canonical),
          importId: r.import_id, storedAt: r.stored_at,
        },
      }]));
    },
  },
  // Impact (C8): an economy's versions, entered figures and scenario runs, in its own ledger. They
  // belong to no contract (a run's contract is named in its content).
  economy_version: {
    table: 'economy_versions',
    kind: 'once',
    async load(db, ids, contractId) {
      if (contractId !== undefined) return new Map();
      const rows = await byIds(db.selectFrom('economy_versions').selectAll(), 'id', ids).execute();
      return new Map(rows.map((r) => [r.id, {
        scope: economyScope(r.economy_id),
        contractId: null,
        content: {
          economyId: r.economy_id, seq: r.seq, asAt: r.as_at, year: r.year, inputSha256: r.input_sha256,
          inputContentSha256: contentSha256(r.input), builtSha256: contentSha256(r.built), warningsSha256: contentSha256(r.warnings),
          organisations: r.organisations, builtBy: r.built_by, builtByOrganisation: r.built_by_organisation, builtAt: r.built_at,
        },
      }]));
    },
  },
  economy_entry: {
    table: 'economy_entries',
    kind: 'once',
    async load(db, ids, contractId) {
      if (contractId !== undefined) return new Map();
      const rows = await byIds(db.selectFrom('economy_entries').selectAll(), 'id', ids).execute();
      const keys = rows.map((r) => r.id);
      // What each one superseded: set on the earlier row, sealed with the later one.
      const superseded = keys.length
        ? await db.selectFrom('economy_entries').select(['id', 'superseded_by']).where('superseded_by', 'in', keys).execute()
        : [];
      return new Map(rows.map((r) => [r.id, {
        scope: economyScope(r.economy_id),
        contractId: null,
        content: {
          economyId: r.economy_id, year: r.year, kind: r.kind, key: r.entry_key, entry: r.entry, illustrative: r.illustrative, note: r.note,
          sourceFile: r.source_file, sourceLine: r.source_line, enteredBy: r.entered_by, enteredByOrganisation: r.entered_by_organisation,
          enteredAt: r.entered_at, supersedes: superseded.find((x) => x.superseded_by === r.id)?.id ?? null,
        },
      }]));
    },
  },
  scenario_run: {
    table: 'scenario_runs',
    kind: 'once',
    async load(db, ids, contractId) {
      if (contractId !== undefined) return new Map();
      const rows = await byIds(db.selectFrom('scenario_runs').selectAll(), 'id', ids).execute();
      return new Map(rows.map((r) => [r.id, {
        scope: economyScope(r.economy_id),
        contractId: null,
        content: {
          scenarioId: r.scenario_id, economyId: r.economy_id, versionId: r.version_id, scenarioSha256: contentSha256(r.scenario),
          trials: r.trials, seed: r.seed, resultSha256: contentSha256(r.result), decision: r.decision, contractId: r.contract_id,
          runBy: r.run_by, runByOrganisation: r.run_by_organisation, runAt: r.run_at,
        },
      }]));
    },
  },
};

export type SealedKind = keyof typeof SEALED;

export const procurementScope = (procurementId: string) => `procurement:${procurementId}`;
export const schemeScope = (schemeId: string) => `scheme:${schemeId}`;
export const OCDS_IMPORTS_SCOPE = 'ocds-imports';
/** Restricts a query to rows keyed "<text>/<integer>" (every row when undefined). */
function byPairs<Q>(q: Q, textColumn: string, numberColumn: string, ids?: readonly string[]): Q {
  if (ids === undefined) return q;
  const pairs = ids.map((id) => {
    const at = id.lastIndexOf('/');
    return [id.slice(0, at), Number(id.slice(at + 1))] as const;
  });
  const w = q as unknown as { where(f: (eb: any) => unknown): Q };
  if (pairs.length === 0) return (q as unknown as { where(c: string, op: string, v: unknown): Q }).where(textColumn, '=', '\u0001none');
  return w.where((eb: any) => eb.or(pairs.map(([t, n]) => eb.and([eb(textColumn, '=', t), eb(numberColumn, '=', n)]))));
}
