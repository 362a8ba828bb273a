import { Text, View } from '@tarojs/components';
import { formatYuan, type CampaignTally } from '@tongxin/shared';
import './live-progress-bar.css';

/** Whole percent of the goal raised (donors' money only), capped at 100 for the bar. */
export function progressPercent(tally: Pick<CampaignTally, 'raisedFen' | 'goalFen'>): number {
  if (tally.goalFen <= 0) return 0;
  return Math.min(100, Math.floor((tally.raisedFen * 100) / tally.goalFen));
}

/** A campaign's progress: raised of goal, donors, matching funds; `live` marks a connected feed. */
export function LiveProgressBar({ tally, live = false }: { tally: CampaignTally; live?: boolean }) {
  const percent = progressPercent(tally);
  return (
    <View className='progress' data-raised-fen={tally.raisedFen} data-seq={tally.seq}>
      <View className='progress__numbers'>
        <Text className='progress__raised' data-raised>已筹 {formatYuan(tally.raisedFen)}</Text>
        <Text className='progress__goal'>目标 {formatYuan(tally.goalFen)}</Text>
      </View>
      <View className='progress__track' role='progressbar' aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label='筹款进度'>
        <View className='progress__fill' style={{ width: `${percent}%` }} />
      </View>
      <View className='progress__numbers'>
        <Text className='progress__meta' data-donors>{tally.donorCount} 人次爱心 · {percent}%</Text>
        {live ? <Text className='progress__live'>● 实时</Text> : null}
      </View>
      {tally.matchedFen > 0 ? <Text className='progress__meta'>配捐 {formatYuan(tally.matchedFen)}（另计）</Text> : null}
    </View>
  );
}
