import { Button, Text, View } from '@tarojs/components';
import { formatYuan, MEALS, SERVICE_MODES, type CareMapItem } from '@tongxin/shared';
import { distanceLabel } from '@/features/matching/match-reasons';
import { categoryLabel, placesLabel, shiftTimeRange } from '@/features/needs/need-labels';
import { PIN_LABELS, type CareEntry } from './care-map-pins';
import '@/components/ui.css';
import './care-map.css';

const MEAL_LABEL = new Map<string, string>(MEALS.map((m) => [m.code, m.label]));
const MODE_LABEL = new Map<string, string>(SERVICE_MODES.map((m) => [m.code, m.label]));

function MealLine({ meal }: { meal: NonNullable<CareMapItem['meal']> }) {
  const { price } = meal;
  const priceText = price.subsidyFen > 0 ? `${formatYuan(price.payableFen)}（原价 ${formatYuan(price.priceFen)}，补贴 ${formatYuan(price.subsidyFen)}）` : formatYuan(price.priceFen);
  return (
    <Text className='ui-text' data-meal-line>
      {MEAL_LABEL.get(meal.meal)}：{!meal.open ? '已截止预订' : meal.remaining > 0 ? `剩 ${meal.remaining}/${meal.capacity} 份` : '已订满'} · {priceText}
    </Text>
  );
}

interface CareEntryCardProps {
  entry: CareEntry;
  number: number;
  selected: boolean;
  onSelect: () => void;
  onBook: (pointId: string) => void;
  onOpenNeed: (needId: string) => void;
}

/** One row of the care map's list: a meal point (places, price, 订餐), a service station, or an open need. */
export function CareEntryCard({ entry, number, selected, onSelect, onBook, onOpenNeed }: CareEntryCardProps) {
  const head = (title: string) => (
    <View className='ui-row' style={{ minHeight: '56px' }}>
      <Text className='ui-text' style={{ fontWeight: 600, flex: 1 }}>
        <Text className={`care-entry__num care-kind--${entry.kind}`}>{number}</Text>
        {title}
      </Text>
      <Text className='ui-muted'>{distanceLabel(entry.distanceKm)}</Text>
    </View>
  );
  if (entry.kind === 'need') {
    const { need } = entry;
    const next = need.shifts.find((s) => s.slotsLeft > 0) ?? need.shifts[0];
    return (
      <View className={`ui-card${selected ? ' care-entry--on' : ''}`} data-entry={entry.key} data-kind='need' onClick={onSelect}>
        {head(need.title)}
        <Text className='ui-muted'>{PIN_LABELS.need} · {categoryLabel(need.category)} · {need.communityName}</Text>
        {next ? <Text className='ui-muted'>{shiftTimeRange(next)} · {placesLabel(next.slotsLeft, next.capacity)}</Text> : null}
        <Button className='ui-btn ui-btn--plain ui-btn--block' data-action='open-need' onClick={() => onOpenNeed(need.id)}>查看并报名</Button>
      </View>
    );
  }
  const { point } = entry;
  return (
    <View className={`ui-card${selected ? ' care-entry--on' : ''}`} data-entry={entry.key} data-kind={point.kind} onClick={onSelect}>
      {head(point.name)}
      <Text className='ui-muted'>{PIN_LABELS[point.kind]} · {point.address}</Text>
      {point.kind === 'meal_point' ? <Text className='ui-muted'>{point.modes.map((m) => MODE_LABEL.get(m)).join(' / ')}</Text> : null}
      {point.meal ? <MealLine meal={point.meal} /> : point.kind === 'meal_point' ? <Text className='ui-muted'>这一餐不供应</Text> : null}
      {point.accessibilityNotes ? <Text className='ui-muted'>无障碍：{point.accessibilityNotes}</Text> : null}
      <Text className='ui-muted'>电话：{point.contactPhone}</Text>
      {point.kind === 'meal_point' && point.meal?.open && point.meal.remaining > 0 ? (
        <Button className='ui-btn ui-btn--block' data-action='book-meal' onClick={() => onBook(point.id)}>为老人订餐</Button>
      ) : null}
    </View>
  );
}
