import { Text, View } from '@tarojs/components';
import type { NeedView } from '@tongxin/shared';
import { categoryLabel, placesLabel, shiftTimeRange } from './need-labels';
import { withLiveSlots, type SlotsByShift } from './use-live-slots';
import './need-card.css';

interface NeedCardProps {
  need: NeedView;
  slots: SlotsByShift;
}

export function NeedCard({ need, slots }: NeedCardProps) {
  return (
    <View className='need-card' data-need-id={need.id}>
      <View className='need-card__head'>
        <Text className='need-card__category'>{categoryLabel(need.category)}</Text>
        <Text className='need-card__community'>{need.communityName}</Text>
      </View>
      <Text className='need-card__title'>{need.title}</Text>
      <View className='need-card__shifts'>
        {need.shifts.map((shift) => {
          const live = withLiveSlots(shift, slots);
          return (
            <View className='need-card__shift' key={shift.id} data-shift-id={shift.id}>
              <Text className='need-card__time'>{shiftTimeRange(shift)}</Text>
              <Text className={`need-card__places${live.slotsLeft > 0 ? '' : ' need-card__places--full'}`}>
                {placesLabel(live.slotsLeft, live.capacity)}
              </Text>
            </View>
          );
        })}
      </View>
    </View>
  );
}
