/**
 * The public notices page (no sign-in): every published notice, newest first, each with its items
 * in Schedule order as label and text, so a reader sees exactly what the Schedule asked for.
 */

import { formatPounds } from '../money.ts';
import type { IsoDate } from '../time/date.ts';
import { KEY_CRITERIA_LABELS } from './key-criteria.ts';
import { NOTICE_SCHEDULES, noticeItems, type Notice, type NoticeContent, type NoticeKind } from './notices.ts';
import type { ProcurementRecord } from './types.ts';

export interface PublicNoticeItem {
  readonly paragraph: string;
  readonly label: string;
  readonly text: string;
}

export interface PublicNotice {
  readonly noticeId: string;
  readonly procurementId: string;
  readonly procurementReference: string;
  readonly kind: NoticeKind;
  readonly label: string;
  readonly schedule: string | null;
  readonly publishedOn: IsoDate;
  readonly items: readonly PublicNoticeItem[];
  /** For a notice of intention: the end of the day by which representations must be made. */
  readonly representationsBy: IsoDate | null;
}

function show(field: keyof NoticeContent, c: NoticeContent): string {
  switch (field) {
    case 'title':
      return `${c.title ?? ''} (${c.reference ?? ''})`;
    case 'provider':
      return c.provider ? `${c.provider.name}, ${c.provider.address}` : '';
    case 'services':
      return c.services ? `${c.services.description} (CPV ${c.services.cpvCode})` : '';
    case 'approximateLifetimeValuePence':
      return c.approximateLifetimeValuePence !== undefined ? formatPounds(c.approximateLifetimeValuePence) : '';
    case 'decisionMakers':
      return (c.decisionMakers ?? []).join('; ');
    case 'reasons':
      return (c.reasons ?? []).map((r) => `${KEY_CRITERIA_LABELS[r.criterion]}: ${r.reason}`).join('\n');
    case 'declaredConflicts':
      return c.declaredConflicts && c.declaredConflicts.length
        ? c.declaredConflicts.map((x) => `${x.description} (managed: ${x.managedHow})`).join('\n')
        : 'None declared';
    case 'framework':
      return c.framework ? (c.framework.used ? `Framework agreement, ${c.framework.durationMonths} months, for ${(c.framework.users ?? []).join(', ')}` : 'No framework agreement') : '';
    case 'authorities':
      return (c.authorities ?? []).map((a) => a.name).join('; ');
    case 'contractPeriod':
      return c.contractPeriod ? `${c.contractPeriod.startDate} to ${c.contractPeriod.endDate}` : '';
    case 'modification':
      return c.modification ? `${c.modification.description} (${formatPounds(c.modification.changePence)}; ${c.modification.ground})` : '';
    default: {
      const v = c[field];
      return v === undefined || v === null ? '' : String(v);
    }
  }
}

/**
 * The published notices of some procurements, newest first.
 *
 * @example publicNotices([staffordshire])[0].label // 'Notice confirming the contract award'
 */
export function publicNotices(records: readonly ProcurementRecord[]): PublicNotice[] {
  const out: PublicNotice[] = [];
  for (const r of records) {
    for (const n of r.notices as readonly Notice[]) {
      const seen = new Set<string>();
      const items = noticeItems(n.kind)
        .filter((i) => {
          // Paras 8 and 9 both show the conflicts list; show it once.
          if (seen.has(i.field)) return false;
          seen.add(i.field);
          return true;
        })
        .map((i) => ({ paragraph: i.paragraph, label: i.item, text: show(i.field, n.content) }));
      const intention = n.kind.startsWith('intention_') && r.standstill?.publishedOn === n.publishedOn;
      out.push({
        noticeId: n.id,
        procurementId: r.id,
        procurementReference: r.reference,
        kind: n.kind,
        label: NOTICE_SCHEDULES[n.kind].label,
        schedule: NOTICE_SCHEDULES[n.kind].schedule,
        publishedOn: n.publishedOn,
        items,
        representationsBy: intention ? r.standstill!.representationsDeadline : null,
      });
    }
  }
  return out.sort((a, b) => (a.publishedOn < b.publishedOn ? 1 : a.publishedOn > b.publishedOn ? -1 : a.noticeId < b.noticeId ? -1 : 1));
}
