// Apache ECharts, only the parts the dashboard draws (installed from npm and bundled: no CDN).
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLOURS = { green: '#2e7d32', yellow: '#f9a825', red: '#c62828', grey: '#9e9e9e' };
const charts = new WeakMap();

function chartOn(element) {
  let chart = charts.get(element);
  if (!chart || chart.isDisposed()) {
    chart = echarts.init(element, null, { renderer: 'canvas' });
    charts.set(element, chart);
    new ResizeObserver(() => chart.resize()).observe(element);
  }
  return chart;
}

/** Members (bars) and the report-in rate (line, right axis) per month of the periodic reports. */
export function drawTrend(element, { periods, members, reportInRate, labels }) {
  chartOn(element).setOption({
    animationDuration: 300,
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.members, labels.reportIn], top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: periods },
    yAxis: [
      { type: 'value', name: labels.members, minInterval: 1 },
      { type: 'value', name: '%', min: 0, max: 100, splitLine: { show: false } },
    ],
    series: [
      { name: labels.members, type: 'bar', data: members, itemStyle: { color: '#90a4ae' } },
      { name: labels.reportIn, type: 'line', yAxisIndex: 1, data: reportInRate, connectNulls: false, itemStyle: { color: '#b71c1c' }, lineStyle: { width: 3 } },
    ],
  }, true);
}

/** The children's report-in rates as bars coloured by their traffic light, lowest first. */
export function drawChildren(element, { names, values, lights, label }) {
  chartOn(element).setOption({
    animationDuration: 300,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: v => (v === null ? '—' : `${v.toFixed(1)}%`) },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, name: label },
    yAxis: { type: 'category', data: names, axisLabel: { width: 140, overflow: 'truncate' } },
    series: [{
      type: 'bar',
      data: values.map((v, i) => ({ value: v, itemStyle: { color: COLOURS[lights[i]] } })),
      barMaxWidth: 18,
    }],
  }, true);
}

export function clearChart(element) {
  charts.get(element)?.clear();
}
