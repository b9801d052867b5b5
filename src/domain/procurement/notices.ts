/**
 * Notices and the contents the PSR Schedules require. A notice missing a required item cannot be
 * published, and the error names the item and its paragraph.
 *
 * Verified: Schedule 3 (DA-C notice of intention) and Schedule 10 (Competitive Process) items are
 * seen verbatim in SI 2023/1348 (RULES.md pass 3 [S]). That DA-A/DA-B award notices follow Schedule 2
 * is [S2] (RULES.md §3.4), but its items are not in RULES.md. Every other notice's contents below are
 * modelled on Schedule 3 and are unverified [M]: each requirement carries its tag.
 */

import { invalidMany, type Issue } from '../errors.ts';
import { isPence, type Pence } from '../money.ts';
import { isIsoDate, type IsoDate } from '../time/date.ts';
import type { ConfidenceTag } from './parameters.ts';
import { KEY_CRITERIA, KEY_CRITERIA_LABELS, isKeyCriterion, type KeyCriterion } from './key-criteria.ts';

export const NOTICE_KINDS = [
  'award_direct',
  'intention_da_c',
  'intention_msp',
  'contract_notice',
  'intention_competitive',
  'award_confirmation',
  'modification',
  'abandonment',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface NoticeSchedule {
  readonly label: string;
  /** The Schedule of SI 2023/1348 that sets the contents, or null where RULES.md does not say. */
  readonly schedule: string | null;
  readonly tag: ConfidenceTag;
}

export const NOTICE_SCHEDULES: Readonly<Record<NoticeKind, NoticeSchedule>> = {
  award_direct: { label: 'Contract award notice (Direct Award Process A or B)', schedule: 'Schedule 2', tag: 'S2' },
  intention_da_c: { label: 'Notice of intention to award (Direct Award Process C)', schedule: 'Schedule 3', tag: 'S' },
  intention_msp: { label: 'Notice of intention to award (Most Suitable Provider Process)', schedule: null, tag: 'M' },
  contract_notice: { label: 'Contract notice inviting offers (Competitive Process)', schedule: null, tag: 'M' },
  intention_competitive: { label: 'Notice of intention to award (Competitive Process)', schedule: 'Schedule 10', tag: 'S' },
  award_confirmation: { label: 'Notice confirming the contract award', schedule: null, tag: 'M' },
  modification: { label: 'Contract modification notice (reg 13)', schedule: null, tag: 'M' },
  abandonment: { label: 'Notice of abandonment', schedule: null, tag: 'M' },
};

export interface NoticeParty {
  readonly name: string;
  /** Registered office or principal place of business. */
  readonly address: string;
  readonly organisationCode?: string;
}

export interface NoticeReason {
  readonly criterion: KeyCriterion;
  readonly reason: string;
}

export interface NoticeConflict {
  readonly description: string;
  readonly managedHow: string;
}

/** What a notice says. Optional fields are checked per kind by {@link noticeIssues}. */
export interface NoticeContent {
  /** E.g. "The authority intends to award a contract to the existing provider following Direct Award Process C." */
  readonly statementOfIntention?: string;
  readonly title?: string;
  readonly reference?: string;
  /** The relevant authorities (all of them in a joint procurement). */
  readonly authorities?: readonly NoticeParty[];
  readonly provider?: NoticeParty;
  readonly services?: { readonly description: string; readonly cpvCode: string };
  readonly approximateLifetimeValuePence?: Pence;
  readonly contractPeriod?: { readonly startDate: IsoDate; readonly endDate: IsoDate };
  /** Names and roles of the individuals who made the award decision. */
  readonly decisionMakers?: readonly string[];
  readonly reasons?: readonly NoticeReason[];
  /** Declared conflicts or potential conflicts; an empty list says none were declared. */
  readonly declaredConflicts?: readonly NoticeConflict[];
  /** Schedule 10: whether a framework agreement was concluded, and if so its duration and users. */
  readonly framework?: { readonly used: boolean; readonly durationMonths?: number; readonly users?: readonly string[] };
  /** Contract notice: the last day for offers. */
  readonly offersDueBy?: IsoDate;
  /** Award notices: the day the contract was entered into. */
  readonly awardedOn?: IsoDate;
  readonly modification?: { readonly description: string; readonly changePence: Pence; readonly ground: string };
  readonly abandonmentReasons?: string;
}

/** A notice as recorded on a procurement. */
export interface Notice {
  readonly id: string;
  readonly kind: NoticeKind;
  readonly publishedOn: IsoDate;
  readonly content: NoticeContent;
}

interface Requirement {
  readonly field: keyof NoticeContent;
  readonly paragraph: string;
  readonly item: string;
  readonly tag: ConfidenceTag;
  /** Null when present; otherwise what is wrong. */
  readonly check: (c: NoticeContent) => string | null;
}

const text = (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0;
/** CPV codes are 8 digits, optionally with the check digit: 85100000 or 85100000-0. */
const CPV = /^\d{8}(-\d)?$/;

const checks = {
  statement: (c: NoticeContent) => (text(c.statementOfIntention) ? null : 'is missing'),
  titleAndReference: (c: NoticeContent) => {
    const missing = [!text(c.title) && 'title', !text(c.reference) && 'reference'].filter(Boolean);
    return missing.length ? `${missing.join(' and ')} missing` : null;
  },
  provider: (c: NoticeContent) => {
    if (!c.provider) return 'is missing';
    const missing = [!text(c.provider.name) && 'name', !text(c.provider.address) && 'registered office or principal place of business'].filter(Boolean);
    return missing.length ? `${missing.join(' and ')} missing` : null;
  },
  authorities: (c: NoticeContent) => (c.authorities && c.authorities.length > 0 && c.authorities.every((a) => text(a.name)) ? null : 'is missing'),
  services: (c: NoticeContent) => {
    if (!c.services) return 'is missing';
    if (!text(c.services.description)) return 'description missing';
    if (!text(c.services.cpvCode)) return 'CPV code missing';
    return CPV.test(c.services.cpvCode) ? null : `"${c.services.cpvCode}" is not a CPV code (8 digits, e.g. 85100000)`;
  },
  value: (c: NoticeContent) => (isPence(c.approximateLifetimeValuePence) && c.approximateLifetimeValuePence > 0 ? null : 'is missing'),
  decisionMakers: (c: NoticeContent) => (c.decisionMakers && c.decisionMakers.length > 0 && c.decisionMakers.every(text) ? null : 'are missing'),
  reasons: (c: NoticeContent) => {
    if (!c.reasons || c.reasons.length === 0) return 'are missing';
    const bad = c.reasons.filter((r) => !isKeyCriterion(r.criterion) || !text(r.reason));
    if (bad.length) return 'each reason must name a key criterion and say why';
    // Reg 5: all five key criteria must be considered, so the reasons address each of them [C].
    const unaddressed = KEY_CRITERIA.filter((k) => !c.reasons!.some((r) => r.criterion === k));
    return unaddressed.length ? `give no reason against ${unaddressed.map((k) => KEY_CRITERIA_LABELS[k]).join(', ')}` : null;
  },
  conflicts: (c: NoticeContent) => (Array.isArray(c.declaredConflicts) ? null : 'are missing (say "none declared" with an empty list)'),
  conflictManagement: (c: NoticeContent) => {
    // Without the list of conflicts para 8 reports it; para 9 has nothing to check.
    if (!Array.isArray(c.declaredConflicts)) return null;
    const unmanaged = c.declaredConflicts.filter((x) => !text(x.managedHow));
    return unmanaged.length ? `is missing for ${unmanaged.map((x) => `"${x.description}"`).join(', ')}` : null;
  },
  framework: (c: NoticeContent) => {
    if (!c.framework || typeof c.framework.used !== 'boolean') return 'whether a framework agreement was used is missing';
    if (!c.framework.used) return null;
    const missing = [
      !(Number.isSafeInteger(c.framework.durationMonths) && (c.framework.durationMonths ?? 0) > 0) && 'duration',
      !(c.framework.users && c.framework.users.length > 0) && 'who may use it',
    ].filter(Boolean);
    return missing.length ? `framework ${missing.join(' and ')} missing` : null;
  },
  offersDueBy: (c: NoticeContent) => (isIsoDate(c.offersDueBy) ? null : 'is missing'),
  awardedOn: (c: NoticeContent) => (isIsoDate(c.awardedOn) ? null : 'is missing'),
  contractPeriod: (c: NoticeContent) => (c.contractPeriod && isIsoDate(c.contractPeriod.startDate) && isIsoDate(c.contractPeriod.endDate) && c.contractPeriod.endDate >= c.contractPeriod.startDate ? null : 'is missing'),
  modification: (c: NoticeContent) => (c.modification && text(c.modification.description) && isPence(c.modification.changePence) && text(c.modification.ground) ? null : 'is missing'),
  abandonment: (c: NoticeContent) => (text(c.abandonmentReasons) ? null : 'are missing'),
};

function req(field: keyof NoticeContent, paragraph: string, item: string, tag: ConfidenceTag, check: Requirement['check']): Requirement {
  return { field, paragraph, item, tag, check };
}

/** Schedule 3, paras 1-9 (RULES.md §3.4 and pass 3 [S]). */
const SCHEDULE_3: readonly Requirement[] = [
  req('statementOfIntention', 'para 1', 'statement that the authority intends to award to the existing provider following Direct Award Process C', 'S', checks.statement),
  req('title', 'para 2', 'contract title and reference', 'S', checks.titleAndReference),
  req('provider', 'para 3', "the provider's name and registered office or principal place of business", 'S', checks.provider),
  req('services', 'para 4', 'description of the services with the most relevant CPV code', 'S', checks.services),
  req('approximateLifetimeValuePence', 'para 5', 'approximate lifetime value of the contract', 'S', checks.value),
  req('decisionMakers', 'para 6', 'details of the award decision-makers', 'S', checks.decisionMakers),
  req('reasons', 'para 7', "the decision-makers' reasons with reference to the key criteria", 'S', checks.reasons),
  req('declaredConflicts', 'para 8', 'declared conflicts or potential conflicts of interest', 'S', checks.conflicts),
  req('declaredConflicts', 'para 9', 'how declared conflicts of interest were managed', 'S', checks.conflictManagement),
];

/** Schedule 10: Schedule 3's items for the Competitive Process, plus the framework items (RULES.md pass 3 [S]). */
const SCHEDULE_10: readonly Requirement[] = [
  req('statementOfIntention', 'statement', 'statement that the authority intends to award following the Competitive Process', 'S', checks.statement),
  ...SCHEDULE_3.slice(1),
  req('framework', 'framework', "whether a framework agreement was used and, if so, its duration and who may use it", 'S', checks.framework),
];

function unverified(list: readonly Requirement[]): Requirement[] {
  return list.map((r) => ({ ...r, tag: 'M' as const, paragraph: `${r.paragraph} (by analogy with Schedule 3)` }));
}

const REQUIREMENTS: Readonly<Record<NoticeKind, readonly Requirement[]>> = {
  // Schedule 2's items are not in RULES.md: the award facts plus Schedule 3's paras 2-9 [M].
  award_direct: [
    ...unverified(SCHEDULE_3.slice(1)),
    req('awardedOn', 'award date', 'the date the contract was awarded', 'M', checks.awardedOn),
  ],
  intention_da_c: SCHEDULE_3,
  intention_msp: [
    req('statementOfIntention', 'statement', 'statement that the authority intends to award following the Most Suitable Provider Process', 'M', checks.statement),
    ...unverified(SCHEDULE_3.slice(1)),
  ],
  contract_notice: [
    req('title', 'title', 'contract title and reference', 'M', checks.titleAndReference),
    req('authorities', 'authorities', 'the relevant authorities', 'M', checks.authorities),
    req('services', 'services', 'description of the services with the most relevant CPV code', 'M', checks.services),
    req('approximateLifetimeValuePence', 'value', 'approximate lifetime value of the contract', 'M', checks.value),
    req('contractPeriod', 'term', 'the contract period', 'M', checks.contractPeriod),
    req('offersDueBy', 'offers', 'the last day for offers', 'M', checks.offersDueBy),
  ],
  intention_competitive: SCHEDULE_10,
  award_confirmation: [
    req('title', 'title', 'contract title and reference', 'M', checks.titleAndReference),
    req('provider', 'provider', "the provider's name and registered office or principal place of business", 'M', checks.provider),
    req('services', 'services', 'description of the services with the most relevant CPV code', 'M', checks.services),
    req('approximateLifetimeValuePence', 'value', 'lifetime value of the contract', 'M', checks.value),
    req('awardedOn', 'award date', 'the date the contract was awarded', 'M', checks.awardedOn),
  ],
  modification: [
    req('title', 'title', 'contract title and reference', 'M', checks.titleAndReference),
    req('provider', 'provider', "the provider's name and address", 'M', checks.provider),
    req('modification', 'modification', 'description of the modification, its value and the ground relied on', 'M', checks.modification),
  ],
  abandonment: [
    req('title', 'title', 'contract title and reference', 'M', checks.titleAndReference),
    req('abandonmentReasons', 'reasons', 'the reasons for abandoning the procurement', 'M', checks.abandonment),
  ],
};

/** One required item of a notice kind, for forms and checklists. */
export interface NoticeItem {
  readonly field: keyof NoticeContent;
  readonly paragraph: string;
  readonly item: string;
  readonly tag: ConfidenceTag;
}

/**
 * The items a notice of `kind` must contain, in Schedule order, each with its confidence tag.
 *
 * @example noticeItems('intention_da_c').length // 9
 */
export function noticeItems(kind: NoticeKind): NoticeItem[] {
  return REQUIREMENTS[kind].map(({ field, paragraph, item, tag }) => ({ field, paragraph, item, tag }));
}

/**
 * Every missing or malformed item, each naming its Schedule paragraph and the item.
 *
 * @example noticeIssues('intention_da_c', {})[0].message // 'Schedule 3 para 1: statement that ... is missing'
 */
export function noticeIssues(kind: NoticeKind, content: NoticeContent): Issue[] {
  const schedule = NOTICE_SCHEDULES[kind].schedule ?? NOTICE_SCHEDULES[kind].label;
  const issues: Issue[] = [];
  for (const r of REQUIREMENTS[kind]) {
    const problem = r.check(content);
    if (problem) issues.push({ path: ['content', r.field], message: `${schedule} ${r.paragraph}: ${r.item} ${problem}${r.tag === 'M' ? ' [contents unverified, RULES.md §3.4]' : ''}` });
  }
  return issues;
}

/**
 * Refuses to publish a notice missing any required item: throws one invalid error naming every
 * missing item.
 *
 * @example assertNoticePublishable('intention_da_c', content)
 */
export function assertNoticePublishable(kind: NoticeKind, content: NoticeContent): void {
  const issues = noticeIssues(kind, content);
  if (issues.length) throw invalidMany(issues);
}
