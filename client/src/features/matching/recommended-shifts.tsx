import { Text, View } from '@tarojs/components';
import type { ShiftRecommendationView } from '@tongxin/shared';
import { categoryLabel, shiftTimeRange } from '@/features/needs/need-labels';
import { MatchReasonChips } from './match-reason-chips';
import '@/components/ui.css';
import './matching.css';

/** The home feed's "为你推荐": shifts that fit the volunteer, with the distance and why. */
export function RecommendedShifts({ items, onOpen }: { items: ShiftRecommendationView[]; onOpen: (needId: string) => void }) {
  if (items.length === 0) return null;
  return (
    <View className='ui-card' data-recommendations>
      <Text className='ui-subtitle'>为你推荐</Text>
      {items.map((r) => (
        <View key={r.shiftId} className='ui-link' style={{ lineHeight: 'normal', padding: '16px 0' }} role='link' data-recommendation={r.shiftId} onClick={() => onOpen(r.needId)}>
          <Text className='ui-text' style={{ fontWeight: 600 }}>{r.title}</Text>
          <Text className='ui-muted'>{categoryLabel(r.category)} · {shiftTimeRange(r)} · 剩 {r.slotsLeft} 个名额</Text>
          <MatchReasonChips reasons={r.reasons} who='你' />
        </View>
      ))}
    </View>
  );
}
