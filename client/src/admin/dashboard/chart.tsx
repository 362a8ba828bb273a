import { useEffect, useRef } from 'react';
import { View } from '@tarojs/components';

/** One series of a line or bar chart; values line up with `labels`. */
export interface ChartSeries {
  name: string;
  values: Array<number | null>;
}

export interface ChartProps {
  kind: 'line' | 'bar';
  labels: string[];
  series: ChartSeries[];
  /** Accessible summary, also shown while the charting library loads. */
  title: string;
  height?: number;
}

type EChartsModule = typeof import('./echarts-setup');

let loading: Promise<EChartsModule> | undefined;
/** ECharts loads on first use, in its own chunk, so only the dashboard pays for it. */
const loadECharts = () => (loading ??= import('./echarts-setup'));

/** A line or bar chart drawn by ECharts (SVG renderer) on H5; resizes with its box. */
export function Chart({ kind, labels, series, title, height = 220 }: ChartProps) {
  const box = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption(o: object): void; resize(): void; dispose(): void } | undefined;
    let observer: ResizeObserver | undefined;
    void loadECharts().then(({ echarts }) => {
      const element = box.current;
      if (disposed || !element) return;
      chart = echarts.init(element, undefined, { renderer: 'svg' });
      chart.setOption({
        aria: { enabled: true, label: { description: title } },
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 40, right: 12, top: 32, bottom: 28, containLabel: true },
        xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
        yAxis: { type: 'value' },
        series: series.map((s) => ({ name: s.name, type: kind, data: s.values, smooth: kind === 'line', showSymbol: false })),
      });
      if (typeof ResizeObserver !== 'undefined') {
        observer = new ResizeObserver(() => chart?.resize());
        observer.observe(element);
      }
    }).catch(() => undefined);
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [kind, labels, series, title]);
  return (
    <View className='dash-chart' style={{ height: `${height}px` }} aria-label={title} data-chart={kind}>
      <div ref={box} style={{ width: '100%', height: '100%' }} />
    </View>
  );
}
