/**
 * One-off royal proclamations for England and Wales since 2010: extra bank holidays, and standing
 * holidays moved to another day. `replaces` names the rule-derived day that the proclamation
 * removes; when absent the day is an extra holiday.
 *
 * Sources: gov.uk bank holiday lists and the proclamations published in The Gazette.
 * Proclamations before 2010 (e.g. 1995 VE Day, the 1999 millennium, the 2002 Golden Jubilee) are
 * not recorded.
 */

import type { IsoDate } from '../time/date.ts';

/** A one-off bank holiday made by proclamation. */
export interface Proclamation {
  readonly date: IsoDate;
  readonly title: string;
  /** The standing-rule holiday this one replaces, if it was moved rather than added. */
  readonly replaces?: IsoDate;
}

export const ENGLAND_AND_WALES_PROCLAMATIONS: readonly Proclamation[] = Object.freeze([
  { date: '2011-04-29', title: 'Royal wedding' },
  { date: '2012-06-04', title: 'Spring bank holiday', replaces: '2012-05-28' },
  { date: '2012-06-05', title: 'Queen’s Diamond Jubilee' },
  { date: '2020-05-08', title: 'Early May bank holiday (VE day)', replaces: '2020-05-04' },
  { date: '2022-06-02', title: 'Spring bank holiday', replaces: '2022-05-30' },
  { date: '2022-06-03', title: 'Platinum Jubilee bank holiday' },
  { date: '2022-09-19', title: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2023-05-08', title: 'Bank holiday for the coronation of King Charles III' },
]);
