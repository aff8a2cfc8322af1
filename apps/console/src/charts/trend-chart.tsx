import { useEffect, useRef } from 'react';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, TooltipComponent, SVGRenderer]);

/** The dual-leader rate (双带头人比例) year by year, from the API's trend. */
export function DualLeaderTrendChart({ trend }: { trend: { year: number; rate: number | null }[] }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => (typeof value === 'number' ? `${value.toFixed(1)}%` : '—') },
      xAxis: { type: 'category', data: trend.map((point) => String(point.year)) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: '双带头人比例',
          type: 'line',
          data: trend.map((point) => (point.rate === null ? null : Math.round(point.rate * 1000) / 10)),
          connectNulls: false,
          label: { show: true, formatter: (parameters: { value: unknown }) => (typeof parameters.value === 'number' ? `${parameters.value}%` : '') },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [trend]);
  return <div ref={element} className="chart" data-testid="dual-leader-trend" />;
}
