/**
 * Rule values that travel with a tariff year. None is a hidden constant: each is data a tariff
 * carries and can override, and each cites RULES.md.
 */

import type { Pence } from '../money.ts';
import type { SchemeYear } from './schemeYear.ts';
import type { HipFractureBpt, TariffRules } from './types.ts';

/**
 * Emergency admission method codes. RULES.md §2.1 [S2]: emergency = 21-25, 28, 2A-2D.
 */
export const EMERGENCY_ADMISSION_METHODS: readonly string[] = [
  '21', '22', '23', '24', '25', '28', '2A', '2B', '2C', '2D',
];

/** Elective admission method codes. RULES.md §2.1 [S2]: elective = 11, 12, 13. */
export const ELECTIVE_ADMISSION_METHODS: readonly string[] = ['11', '12', '13'];

/**
 * Default rule values for a tariff year.
 * Short stay emergency adjustment: emergency admission, LoS 0 or 1 day, aged 19+, HRG flagged
 * (RULES.md §2.3 [S2] and verification pass 2 §6). Override per year if a primary source differs.
 */
export const DEFAULT_TARIFF_RULES: TariffRules = {
  shortStayEmergency: {
    minAgeYears: 19,
    maxLosDays: 1,
    emergencyAdmissionMethods: EMERGENCY_ADMISSION_METHODS,
  },
};

/**
 * Hip fracture best practice criteria ids (RULES.md §2.5 [S], BGS): all must be met.
 * 'two_amt_scores' was added later; the year it was added is not sourced, so it is only required
 * when a tariff year's criteria list includes it.
 */
export const HIP_FRACTURE_CRITERIA = {
  surgery_within_36h: 'surgery within 36 hours of arrival',
  joint_orthogeriatric_care: 'joint orthogeriatric care',
  assessment_protocol: 'agreed assessment protocol',
  geriatrician_assessment_within_72h: 'geriatrician assessment within 72 hours',
  geriatrician_led_rehabilitation: 'geriatrician-led rehabilitation',
  falls_and_bone_health_assessment: 'falls and bone-health assessment',
  two_amt_scores: 'two abbreviated mental test scores',
} as const;

export type HipFractureCriterion = keyof typeof HIP_FRACTURE_CRITERIA;

/** The six criteria of the early BPT years (RULES.md §2.5). */
export const HIP_FRACTURE_CRITERIA_2010_TO_2014: readonly HipFractureCriterion[] = [
  'surgery_within_36h',
  'joint_orthogeriatric_care',
  'assessment_protocol',
  'geriatrician_assessment_within_72h',
  'geriatrician_led_rehabilitation',
  'falls_and_bone_health_assessment',
];

/**
 * Hip fracture BPT differential by scheme year. RULES.md §2.5 and §7 example 2 [S]
 * (Fragility Fracture Network; NOS quoting PbR Guidance 2013-14):
 * £445 (2010/11), £890 (2011/12), £1,335 (2012/13 and 2013/14).
 */
export const HIP_FRACTURE_BPT_DIFFERENTIAL: Readonly<Record<SchemeYear, Pence>> = {
  '2010/11': 44_500,
  '2011/12': 89_000,
  '2012/13': 133_500,
  '2013/14': 133_500,
};

/**
 * The hip fracture BPT for a sourced year, or null when the differential for that year is not known
 * (later years must be supplied as data).
 *
 * @example hipFractureBptFor('2012/13')?.topUpPence // 133500
 */
export function hipFractureBptFor(year: SchemeYear): HipFractureBpt | null {
  const topUpPence = HIP_FRACTURE_BPT_DIFFERENTIAL[year];
  if (topUpPence === undefined) return null;
  return {
    topUpPence,
    criteria: HIP_FRACTURE_CRITERIA_2010_TO_2014,
    source: 'RULES.md §2.5 [S]: FFN; NOS quoting PbR Guidance 2013-14',
  };
}
