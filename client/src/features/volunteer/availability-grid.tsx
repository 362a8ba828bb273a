import { Text, View } from '@tarojs/components';
import { availabilityFromGrid, availabilityToGrid, TIME_SLOTS, WEEKDAY_LABELS } from '@tongxin/shared';
import './availability-grid.css';

interface AvailabilityGridProps {
  /** The weekly bitmask (shared/domain/availability). */
  value: number;
  onChange: (mask: number) => void;
}

/**
 * Weekly availability as 7 rows (周一…周日) × 4 time slots; tapping a cell toggles it, tapping a
 * day's name toggles the whole day. The value stays the shared bitmask, so the grid can never
 * disagree with the server about which bit is which.
 */
export function AvailabilityGrid({ value, onChange }: AvailabilityGridProps) {
  const grid = availabilityToGrid(value);
  const toggle = (day: number, slot: number) => {
    const next = grid.map((row) => [...row]);
    next[day]![slot] = !next[day]![slot];
    onChange(availabilityFromGrid(next));
  };
  const toggleDay = (day: number) => {
    const allOn = grid[day]!.every(Boolean);
    const next = grid.map((row, d) => (d === day ? row.map(() => !allOn) : [...row]));
    onChange(availabilityFromGrid(next));
  };

  return (
    <View className='availability' role='grid' aria-label='每周空闲时间'>
      <View className='availability__row' role='row'>
        <View className='availability__corner' />
        {TIME_SLOTS.map((slot) => (
          <View key={slot.code} className='availability__head' role='columnheader'>{slot.label}</View>
        ))}
      </View>
      {WEEKDAY_LABELS.map((dayLabel, day) => (
        <View key={dayLabel} className='availability__row' role='row'>
          <View className='availability__day' role='rowheader' aria-label={`${dayLabel}全天`} onClick={() => toggleDay(day)}>{dayLabel}</View>
          {TIME_SLOTS.map((slot, s) => {
            const on = grid[day]![s]!;
            return (
              <View
                key={slot.code}
                className={`availability__cell${on ? ' availability__cell--on' : ''}`}
                role='gridcell'
                aria-selected={on}
                aria-label={`${dayLabel}${slot.label}`}
                data-day={day}
                data-slot={s}
                onClick={() => toggle(day, s)}
              >
                {on ? '✓' : ''}
              </View>
            );
          })}
        </View>
      ))}
      <Text className='availability__legend'>早 6–9 点 · 上午 9–12 点 · 下午 12–18 点 · 晚上 18–22 点</Text>
    </View>
  );
}
