import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { priceUnit } from '../pricing/index.ts';
import { BENCHMARK_GENERATOR_TFCS, benchmarkGeneratorHrgs, DEMO_MFF, DEMO_TARIFF_2025_26, MFF_2026_27, MFF_2026_27_CSV } from './index.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/mff_2026-27.csv', import.meta.url));
/** shared/ beside the main checkout (a worktree sits one level deeper). */
const SHARED = [fileURLToPath(new URL('../../../../shared', import.meta.url)), fileURLToPath(new URL('../../../../../shared', import.meta.url))].find((p) =>
  existsSync(join(p, 'data')),
);

describe('the full market forces factor table', () => {
  it('is the published 2026/27 file, byte for byte, and every row of it parses', () => {
    expect(MFF_2026_27_CSV).toBe(readFileSync(FIXTURE, 'utf8'));
    if (SHARED) expect(readFileSync(FIXTURE, 'utf8')).toBe(readFileSync(join(SHARED, 'data/tariff/mff_2026-27.csv'), 'utf8'));
    const lines = MFF_2026_27_CSV.trim().split('\n').length - 1;
    expect(MFF_2026_27).toHaveLength(lines);
    expect(MFF_2026_27.find((m) => m.provider === 'RD8')).toEqual({ provider: 'RD8', name: 'Milton Keynes University Hospital NHS Foundation Trust', mffMicros: 1_061_482 });
  });

  it('is in the demo tariff with the two illustrative demo providers, whose factor is RC9s', () => {
    for (const m of MFF_2026_27) expect(DEMO_TARIFF_2025_26.mff[m.provider]?.mffMicros).toBe(m.mffMicros);
    expect(DEMO_MFF.length).toBe(MFF_2026_27.length + 2);
    expect(DEMO_TARIFF_2025_26.mff.ZCIRC.mffMicros).toBe(DEMO_TARIFF_2025_26.mff.RC9.mffMicros);
  });
});

describe('the demo tariff prices any provider and every code the benchmark generates', () => {
  it('prices an attendance and a spell for every NHS trust in the MFF table, with its factor', () => {
    for (const { provider, mffMicros } of MFF_2026_27) {
      const first = priceUnit(DEMO_TARIFF_2025_26, { pod: 'OPFA', provider, tfc: '110' });
      expect(first).toMatchObject({ ok: true, mffMicros });
      // £168 x the factor, rounded half up (RULES.md §2.4).
      expect(first.ok && first.pence).toBe(Math.floor((16_800 * mffMicros + 500_000) / 1_000_000));
      expect(priceUnit(DEMO_TARIFF_2025_26, { pod: 'EL', provider, hrg: 'HN12A', losDays: 3 }).ok).toBe(true);
    }
  });

  it('has a price for every HRG and TFC gen-activity.mjs writes (seed 1), at every point of delivery', () => {
    const hrgs = benchmarkGeneratorHrgs(1);
    expect(hrgs).toHaveLength(1795);
    for (const hrg of hrgs) {
      for (const pod of ['DC', 'EL', 'NEL'] as const) expect(priceUnit(DEMO_TARIFF_2025_26, { pod, provider: 'RD8', hrg, losDays: 45 }).ok).toBe(true);
    }
    for (const tfc of BENCHMARK_GENERATOR_TFCS) {
      for (const pod of ['OPFA', 'OPFU'] as const) expect(priceUnit(DEMO_TARIFF_2025_26, { pod, provider: 'RD8', tfc }).ok).toBe(true);
    }
    // The real prices are not overwritten by illustrative ones.
    expect(DEMO_TARIFF_2025_26.apc.HN12A.combinedElectivePence).toBe(1_390_000);
    expect(DEMO_TARIFF_2025_26.outpatient['110'].firstPence).toBe(16_800);
    expect(DEMO_TARIFF_2025_26.apc[hrgs[0]].name).toMatch(/^Illustrative/);
  });

  it.skipIf(!SHARED)('generates the same HRG and TFC codes as the generator itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concordat-gen-'));
    try {
      execFileSync(process.execPath, [join(SHARED!, 'bench/gen-activity.mjs'), dir, '10', '1'], { stdio: 'ignore' });
      const codes = (file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
      expect(benchmarkGeneratorHrgs(1)).toEqual(codes('apc_tariff.csv'));
      expect(BENCHMARK_GENERATOR_TFCS).toEqual(codes('op_tariff.csv'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
