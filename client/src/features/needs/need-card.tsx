import { Button, Text, View } from '@tarojs/components';
import type { NeedView } from '@tongxin/shared';
import { categoryLabel, placesLabel, shiftTimeRange } from './need-labels';
import { withLiveSlots, type SlotsByShift } from './use-live-slots';
import type { SignUp } from './use-sign-up';
import './need-card.css';

interface NeedCardProps {
  need: NeedView;
  slots: SlotsByShift;
  signUp: SignUp;
  /** Opens the need's detail page. */
  onOpen?: () => void;
}

function signUpLabel(signedUp: boolean, pending: boolean, full: boolean): string {
  if (signedUp) return '已报名';
  if (pending) return '报名中…';
  return full ? '已满员' : '报名';
}

export function NeedCard({ need, slots, signUp, onOpen }: NeedCardProps) {
  return (
    <View className='need-card' data-need-id={need.id}>
      <View className='need-card__head'>
        <Text className='need-card__category'>{categoryLabel(need.category)}</Text>
        <Text className='need-card__community'>{need.communityName}</Text>
      </View>
      <Text className='need-card__title' onClick={onOpen}>{need.title}</Text>
      <View className='need-card__shifts'>
        {need.shifts.map((shift) => {
          const live = withLiveSlots(shift, slots);
          return (
            <View className='need-card__shift' key={shift.id} data-shift-id={shift.id}>
              <Text className='need-card__time'>{shiftTimeRange(shift)}</Text>
              <Text className={`need-card__places${live.slotsLeft > 0 ? '' : ' need-card__places--full'}`}>
                {placesLabel(live.slotsLeft, live.capacity)}
              </Text>
              <Button
                className='need-card__sign-up'
                size='mini'
                disabled={signUp.signedUp.has(shift.id) || live.slotsLeft === 0 || signUp.pending !== null}
                onClick={() => void signUp.signUp(need.id, shift.id)}
              >
                {signUpLabel(signUp.signedUp.has(shift.id), signUp.pending === shift.id, live.slotsLeft === 0)}
              </Button>
            </View>
          );
        })}
      </View>
    </View>
  );
}
