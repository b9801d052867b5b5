import type { Expression, Kysely, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type {
  Contract, ContractModel, ContractParty, ContractStatus, ExtensionOption, PartyRole, RecordedStatus, Variation, VariationChanges,
} from '../../domain/contracts/contract.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database>;

/** Who is asking: `null` reads across the whole economy (system role). */
export type Visibility = { readonly organisationCode: string } | null;

export interface ContractFilter {
  readonly commissioner?: string;
  readonly provider?: string;
  readonly organisation?: string;
  /** Subcontracts let under this contract id. */
  readonly parent?: string;
  readonly status?: string;
  readonly model?: string;
  readonly search?: string;
  /** Current terms are read as at this date (status, end date, value). */
  readonly asAt: string;
  readonly limit: number;
  readonly offset: number;
}

export interface ContractSummary {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly model: ContractModel;
  readonly status: ContractStatus;
  readonly startDate: string;
  readonly endDate: string;
  readonly signedValuePence: number;
  readonly currentValuePence: number;
  readonly parentContractId: string | null;
  readonly parties: readonly PartyWithName[];
  readonly serviceCodes: readonly string[];
}

const COMMISSIONER_ROLES = ['coordinating_commissioner', 'associate_commissioner'];

/**
 * The visibility rule, in one place: an organisation sees the contracts it is a party to, and the
 * subcontracts let under contracts it commissions (subcontract consent needs them seen).
 */
function visibleTo(db: Db, v: Visibility) {
  return (eb: any): Expression<SqlBool> => {
    if (v === null) return sql<SqlBool>`true`;
    return eb.or([
      eb.exists(
        db.selectFrom('contract_parties as vp').select(sql`1`.as('one'))
          .where(sql<SqlBool>`vp.contract_id = c.id`).where('vp.organisation_code', '=', v.organisationCode),
      ),
      eb.exists(
        db.selectFrom('contract_parties as pp').select(sql`1`.as('one'))
          .where(sql<SqlBool>`pp.contract_id = c.parent_contract_id`)
          .where('pp.organisation_code', '=', v.organisationCode)
          .where('pp.role', 'in', COMMISSIONER_ROLES),
      ),
    ]);
  };
}

/**
 * Current terms as at a date, from one pass over each contract's variations (a lateral join), so a
 * page of contracts costs one query however many variations they carry.
 */
const recorded = sql<string>`coalesce(cur.status, c.status)`;
const currentEnd = sql<string>`coalesce(cur.end_date, c.end_date::text)`;

function currentTerms(asAt: string) {
  // Mirrors statusOn in the domain: an agreed or live contract reads as not started before its start
  // date, as expired after its end date, and as live in between.
  return {
    status: sql<string>`(case when ${recorded} not in ('live', 'agreed') then ${recorded}
      when ${asAt} < c.start_date::text then 'not_started'
      when ${currentEnd} < ${asAt} then 'expired' else 'live' end)`,
    endDate: currentEnd,
    value: sql<number>`(c.signed_value_pence + cur.delta)::bigint`,
  };
}

function withCurrentTerms(db: Db, asAt: string) {
  return db.selectFrom('contracts as c').leftJoinLateral(
    (eb) =>
      eb.selectFrom('contract_variations as v')
        .select([
          sql<string | null>`(array_agg(v.changes->>'status' order by v.effective_date desc, v.sequence desc) filter (where v.changes ? 'status'))[1]`.as('status'),
          sql<string | null>`(array_agg(v.changes->>'endDate' order by v.effective_date desc, v.sequence desc) filter (where v.changes ? 'endDate'))[1]`.as('end_date'),
          sql<number>`coalesce(sum(v.value_change_pence), 0)`.as('delta'),
        ])
        .where(sql<SqlBool>`v.contract_id = c.id`)
        .where('v.effective_date', '<=', asAt)
        .as('cur'),
    (join) => join.onTrue(),
  );
}

/**
 * A contract's parties (with their registry names) and services, aggregated in the same query as the
 * contract, so a page of contracts or one contract costs one round trip rather than three.
 */
const partiesJson = sql<PartyWithName[]>`coalesce((select json_agg(json_build_object(
    'organisationCode', cp.organisation_code, 'role', cp.role, 'name', o.name, 'kind', o.kind, 'sector', o.sector)
    order by cp.role, cp.organisation_code)
  from contract_parties cp left join organisations o on o.code = cp.organisation_code where cp.contract_id = c.id), '[]'::json)`;
const servicesJson = sql<string[]>`coalesce((select json_agg(cs.service_code order by cs.service_code) from contract_services cs where cs.contract_id = c.id), '[]'::json)`;

/** A party as listed with a contract: its registry name, kind and sector where the registry has it. */
export interface PartyWithName extends ContractParty {
  readonly name: string | null;
  readonly kind: string | null;
  readonly sector: string | null;
}

export async function listContracts(db: Db, visibility: Visibility, f: ContractFilter): Promise<{ items: ContractSummary[]; total: number }> {
  const t = currentTerms(f.asAt);
  let q = withCurrentTerms(db, f.asAt)
    .select([
      'c.id', 'c.reference', 'c.title', 'c.model', 'c.start_date', 'c.signed_value_pence', 'c.parent_contract_id',
      t.status.as('status'), t.endDate.as('end_date'), t.value.as('current_value_pence'),
      sql<number>`count(*) over ()`.as('total_count'), partiesJson.as('parties'), servicesJson.as('services'),
    ])
    .where(visibleTo(db, visibility));
  const party = (code: string, roles: string[] | null) =>
    (eb: any) =>
      eb.exists(
        db.selectFrom('contract_parties as fp').select(sql`1`.as('one'))
          .where(sql<SqlBool>`fp.contract_id = c.id`).where('fp.organisation_code', '=', code)
          .$if(roles !== null, (qb) => qb.where('fp.role', 'in', roles!)),
      );
  if (f.commissioner) q = q.where(party(f.commissioner, COMMISSIONER_ROLES));
  if (f.provider) q = q.where(party(f.provider, ['provider']));
  if (f.organisation) q = q.where(party(f.organisation, null));
  if (f.model) q = q.where('c.model', '=', f.model);
  if (f.parent) q = q.where('c.parent_contract_id', '=', f.parent);
  if (f.status) q = q.where(t.status, '=', f.status);
  if (f.search) {
    const like = `%${f.search.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
    q = q.where((eb) => eb.or([eb('c.title', 'ilike', like), eb('c.reference', 'ilike', like)]));
  }
  const rows = await q.orderBy('c.start_date', 'desc').orderBy('c.reference').limit(f.limit).offset(f.offset).execute();
  // The window count rides on the page's rows; only a page past the end needs a separate count.
  const total = rows.length > 0
    ? Number(rows[0].total_count)
    : f.offset === 0 ? 0 : Number((await db.selectFrom(q.as('matching')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      title: r.title,
      model: r.model as ContractModel,
      status: r.status as ContractStatus,
      startDate: r.start_date,
      endDate: r.end_date,
      signedValuePence: r.signed_value_pence,
      currentValuePence: Number(r.current_value_pence),
      parentContractId: r.parent_contract_id,
      parties: r.parties,
      serviceCodes: r.services,
    })),
  };
}

/** One contract as signed, if the viewer may see it. */
export async function findContract(db: Db, visibility: Visibility, idOrReference: string): Promise<Contract | undefined> {
  const row = await db
    .selectFrom('contracts as c')
    .selectAll('c')
    .select([partiesJson.as('parties'), servicesJson.as('services')])
    .where((eb) => eb.or([eb('c.id', '=', idOrReference), eb('c.reference', '=', idOrReference)]))
    .where(visibleTo(db, visibility))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    description: row.description,
    model: row.model as ContractModel,
    parentContractId: row.parent_contract_id,
    startDate: row.start_date,
    endDate: row.end_date,
    extensionOptions: row.extension_options as ExtensionOption[],
    signedValuePence: row.signed_value_pence,
    status: row.status as RecordedStatus,
    // The domain's party is its organisation and role; names ride along for the pages that show them.
    parties: row.parties as PartyWithName[],
    serviceCodes: row.services,
    createdAt: row.created_at,
    createdBy: row.created_by,
    letByOrganisation: row.let_by_organisation,
  };
}

export async function referenceExists(db: Db, reference: string): Promise<boolean> {
  const row = await db.selectFrom('contracts').select('id').where('reference', '=', reference).executeTakeFirst();
  return row !== undefined;
}

export async function insertContract(db: Db, c: Contract): Promise<void> {
  await db
    .insertInto('contracts')
    .values({
      id: c.id,
      reference: c.reference,
      title: c.title,
      description: c.description,
      model: c.model,
      parent_contract_id: c.parentContractId,
      start_date: c.startDate,
      end_date: c.endDate,
      extension_options: JSON.stringify(c.extensionOptions),
      signed_value_pence: c.signedValuePence,
      status: c.status,
      created_at: c.createdAt,
      created_by: c.createdBy,
      let_by_organisation: c.letByOrganisation,
    })
    .execute();
  if (c.parties.length) {
    await db.insertInto('contract_parties')
      .values(c.parties.map((p) => ({ contract_id: c.id, organisation_code: p.organisationCode, role: p.role })))
      .execute();
  }
  if (c.serviceCodes.length) {
    await db.insertInto('contract_services').values(c.serviceCodes.map((s) => ({ contract_id: c.id, service_code: s }))).execute();
  }
}

export async function variationsOf(db: Db, contractId: string): Promise<Variation[]> {
  const rows = await db.selectFrom('contract_variations').selectAll().where('contract_id', '=', contractId).orderBy('sequence').execute();
  return rows.map((r) => ({
    id: r.id,
    contractId: r.contract_id,
    sequence: r.sequence,
    effectiveDate: r.effective_date,
    rationale: r.rationale,
    valueChangePence: r.value_change_pence,
    changes: r.changes as VariationChanges,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
}

export async function insertVariation(db: Db, v: Variation): Promise<void> {
  await db
    .insertInto('contract_variations')
    .values({
      id: v.id,
      contract_id: v.contractId,
      sequence: v.sequence,
      effective_date: v.effectiveDate,
      rationale: v.rationale,
      value_change_pence: v.valueChangePence,
      changes: JSON.stringify(v.changes),
      created_at: v.createdAt,
      created_by: v.createdBy,
    })
    .execute();
}

export interface AcceptanceRow {
  readonly id: string;
  readonly contractId: string;
  readonly organisationCode: string;
  /** A party role, or 'subcontract_consent'. */
  readonly capacity: string;
  readonly decision: 'accepted' | 'declined';
  readonly note: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export async function acceptancesOf(db: Db, contractId: string): Promise<AcceptanceRow[]> {
  const rows = await db.selectFrom('contract_acceptances').selectAll().where('contract_id', '=', contractId).orderBy('decided_at').execute();
  return rows.map((r) => ({
    id: r.id, contractId: r.contract_id, organisationCode: r.organisation_code, capacity: r.capacity, decision: r.decision as AcceptanceRow['decision'],
    note: r.note, decidedBy: r.decided_by, decidedAt: r.decided_at,
  }));
}

export async function insertAcceptance(db: Db, a: AcceptanceRow): Promise<void> {
  await db.insertInto('contract_acceptances').values({
    id: a.id, contract_id: a.contractId, organisation_code: a.organisationCode, capacity: a.capacity, decision: a.decision, note: a.note,
    decided_by: a.decidedBy, decided_at: a.decidedAt,
  }).execute();
}

export interface ProposalRow {
  readonly id: string;
  readonly contractId: string;
  readonly proposal: unknown;
  readonly proposedBy: string;
  readonly proposedByOrganisation: string;
  readonly proposedAt: string;
  readonly decision: { readonly decision: 'agreed' | 'rejected' | 'withdrawn'; readonly note: string; readonly variationId: string | null; readonly decidedBy: string; readonly decidedByOrganisation: string; readonly decidedAt: string } | null;
}

export async function proposalsOf(db: Db, contractId: string, id?: string): Promise<ProposalRow[]> {
  let q = db.selectFrom('variation_proposals as p').leftJoin('variation_decisions as d', 'd.proposal_id', 'p.id')
    .select(['p.id', 'p.contract_id', 'p.proposal', 'p.proposed_by', 'p.proposed_by_organisation', 'p.proposed_at',
      'd.decision', 'd.note', 'd.variation_id', 'd.decided_by', 'd.decided_by_organisation', 'd.decided_at'])
    .where('p.contract_id', '=', contractId);
  if (id !== undefined) q = q.where('p.id', '=', id);
  const rows = await q.orderBy('p.proposed_at').execute();
  return rows.map((r) => ({
    id: r.id, contractId: r.contract_id, proposal: r.proposal, proposedBy: r.proposed_by, proposedByOrganisation: r.proposed_by_organisation, proposedAt: r.proposed_at,
    decision: r.decision === null ? null : {
      decision: r.decision as 'agreed' | 'rejected' | 'withdrawn', note: r.note ?? '', variationId: r.variation_id, decidedBy: r.decided_by ?? '',
      decidedByOrganisation: r.decided_by_organisation ?? '', decidedAt: r.decided_at ?? '',
    },
  }));
}

export async function insertProposal(db: Db, p: Omit<ProposalRow, 'decision'>): Promise<void> {
  await db.insertInto('variation_proposals').values({
    id: p.id, contract_id: p.contractId, proposal: JSON.stringify(p.proposal), proposed_by: p.proposedBy,
    proposed_by_organisation: p.proposedByOrganisation, proposed_at: p.proposedAt,
  }).execute();
}

export async function insertProposalDecision(db: Db, proposalId: string, d: NonNullable<ProposalRow['decision']>): Promise<void> {
  await db.insertInto('variation_decisions').values({
    proposal_id: proposalId, decision: d.decision, note: d.note, variation_id: d.variationId, decided_by: d.decidedBy,
    decided_by_organisation: d.decidedByOrganisation, decided_at: d.decidedAt,
  }).execute();
}

/** Ids of every contract the caller may see (the visibility rule above), for lists of notices and disputes. */
export async function visibleContractIds(db: Db, visibility: Visibility): Promise<Set<string>> {
  const rows = await db.selectFrom('contracts as c').select('c.id').where(visibleTo(db, visibility)).execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * The contracts between a co-ordinating commissioner and a provider (a relationship), and every
 * subcontract under them, whoever can see them: the caller's right to the relationship is checked by
 * the use case.
 */
export async function contractsOfPair(db: Db, commissionerCode: string, providerCode: string): Promise<{ contracts: Contract[]; subcontracts: Contract[] }> {
  const rows = await db.selectFrom('contracts as c').select('c.id')
    .where((eb) => eb.exists(db.selectFrom('contract_parties as a').select(sql`1`.as('one')).where(sql<SqlBool>`a.contract_id = c.id`)
      .where('a.organisation_code', '=', commissionerCode).where('a.role', '=', 'coordinating_commissioner')))
    .where((eb) => eb.exists(db.selectFrom('contract_parties as b').select(sql`1`.as('one')).where(sql<SqlBool>`b.contract_id = c.id`)
      .where('b.organisation_code', '=', providerCode).where('b.role', '=', 'provider')))
    .orderBy('c.start_date').orderBy('c.reference').execute();
  const contracts = (await Promise.all(rows.map((r) => findContract(db, null, r.id)))).filter((c): c is Contract => c !== undefined);
  const ids = contracts.map((c) => c.id);
  const subRows = ids.length ? await db.selectFrom('contracts').select('id').where('parent_contract_id', 'in', ids).orderBy('start_date').execute() : [];
  const subcontracts = (await Promise.all(subRows.map((r) => findContract(db, null, r.id)))).filter((c): c is Contract => c !== undefined);
  return { contracts, subcontracts };
}
