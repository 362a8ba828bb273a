import { Text, View } from '@tarojs/components';
import type { ChartProps } from './chart';

export type { ChartProps, ChartSeries } from './chart';

/**
 * In the mini-program the dashboard shows the latest values as text: ECharts would need a canvas
 * wrapper and hundreds of KB in the admin package, and the dashboard is meant for H5.
 */
export function Chart({ labels, series, title }: ChartProps) {
  const last = labels.length - 1;
  return (
    <View className='dash-chart dash-chart--text' aria-label={title}>
      {series.map((s) => <Text key={s.name} className='ui-muted'>{s.name}：{last >= 0 ? s.values[last] ?? '—' : '—'}（{labels[last] ?? ''}）</Text>)}
    </View>
  );
}
