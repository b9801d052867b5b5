import { lazy, Suspense } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

const EChart = lazy(() => import('./echart.tsx'));

export type ChartOption = EChartsCoreOption;

/** A chart; echarts is loaded on first use so the rest of the app does not wait for it. */
export function Chart({ option, height = 260, testId, ariaLabel }: { option: ChartOption; height?: number; testId?: string; ariaLabel: string }) {
  return (
    <Suspense fallback={<div className="chart chart-loading" style={{ height }} aria-busy="true" />}>
      <EChart option={option} height={height} testId={testId} ariaLabel={ariaLabel} />
    </Suspense>
  );
}

export const NHS_BLUE = '#005eb8';
export const PALETTE = ['#005eb8', '#41b6e6', '#768692', '#ffb81c', '#009639', '#330072', '#ed8b00', '#7c2855', '#00a499'];
