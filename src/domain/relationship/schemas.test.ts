import { describe, expect, it } from 'vitest';
import { issueNoticeSchema, noticeStepSchema } from '../contract-management/index.ts';
import { contractSettingOpenSchema, contractSettingStepSchema, gc14RaiseSchema, gc14StepSchema } from '../disputes/index.ts';
import { performanceIndicatorSchema, performanceReturnInputSchema } from '../performance/index.ts';
import { moneyEntrySchema } from './index.ts';
import { SEED_RELATIONSHIPS } from './seed-cases/index.ts';

describe('request schemas', () => {
  it('accept every step of every seed case', () => {
    for (const seed of SEED_RELATIONSHIPS) {
      for (const log of seed.noticeLogs ?? []) log.forEach((e, i) => expect((i === 0 ? issueNoticeSchema : noticeStepSchema).safeParse(e).success, `${seed.name} notice ${i}`).toBe(true));
      for (const log of seed.gc14Logs ?? []) log.forEach((e, i) => expect((i === 0 ? gc14RaiseSchema : gc14StepSchema).safeParse(e).success, `${seed.name} GC14 ${i}`).toBe(true));
      for (const log of seed.contractSettingLogs ?? []) log.forEach((e, i) => expect((i === 0 ? contractSettingOpenSchema : contractSettingStepSchema).safeParse(e).success, `${seed.name} contract setting ${i}`).toBe(true));
      for (const ind of seed.indicators ?? []) expect(performanceIndicatorSchema.safeParse(ind).success).toBe(true);
      for (const r of seed.returns ?? []) expect(performanceReturnInputSchema.safeParse(r).success).toBe(true);
      for (const m of seed.money ?? []) expect(moneyEntrySchema.safeParse(m).success).toBe(true);
    }
  });

  it('refuse a malformed step, naming the field', () => {
    const bad = noticeStepSchema.safeParse({ type: 'withhold', by: 'commissioner', on: '2026-02-10', period: '2026-13', actualMonthlyValuePence: 1.5 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['actualMonthlyValuePence', 'period']);
    expect(gc14StepSchema.safeParse({ type: 'appoint', by: 'regulator', on: '2026-01-01', appointee: { id: 'a', name: 'b', role: 'mediator', appointedBy: 'parties' } }).success).toBe(false);
    expect(moneyEntrySchema.safeParse({ ...SEED_RELATIONSHIPS[1].money![0], ruleId: 'block.monthly' }).success).toBe(false);
  });
});
