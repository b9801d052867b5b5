// The echarts pieces the scenario charts need on top of web/src/echart.tsx (legend, scatter for the
// failure timeline), registered in this lazily loaded module so the rest of the app does not carry them.
import { use } from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { LegendComponent, MarkAreaComponent } from 'echarts/components';
import EChart from './echart.tsx';

use([ScatterChart, LegendComponent, MarkAreaComponent]);

export default EChart;
