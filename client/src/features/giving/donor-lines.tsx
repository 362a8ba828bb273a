import { Text, View } from '@tarojs/components';
import { formatYuan, type DonorLineView } from '@tongxin/shared';
import '@/components/ui.css';

/** A donor leaderboard's lines, highest first, numbered (a team's board and a campaign's 上榜). */
export function DonorLines({ lines, empty, marker }: { lines: DonorLineView[]; empty: string; marker: string }) {
  if (lines.length === 0) return <Text className='ui-muted'>{empty}</Text>;
  return (
    <View role='list'>
      {lines.map((d, i) => (
        <View key={`${d.donorName}-${i}`} role='listitem' className='ui-row' {...{ [`data-${marker}`]: true }} style={{ minHeight: '72px' }}>
          <Text className='ui-text'>{i + 1}. {d.donorName}</Text>
          <Text className='ui-text' style={{ color: '#a8321f' }}>{formatYuan(d.amountFen)}</Text>
        </View>
      ))}
    </View>
  );
}
