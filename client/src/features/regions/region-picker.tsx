import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useQuery } from '@tanstack/react-query';
import type { Region } from '@tongxin/shared';
import { asApiError } from '@/services/api';
import { fetchRegions } from './regions.api';
import '@/components/ui.css';

export interface PickedCommunity {
  code: string;
  name: string;
  /** [lat, lng] of the community's centre. */
  centre: [number, number];
}

interface RegionPickerProps {
  /** The chosen community's name, or null. */
  currentName: string | null;
  onPick: (community: PickedCommunity) => void;
}

const LEVEL_LABELS = ['区（市）县', '街道（镇）', '社区'] as const;

function Level({ parent, level, chosen, onChoose }: { parent: string | undefined; level: 0 | 1 | 2; chosen: string | undefined; onChoose: (r: Region) => void }) {
  const regions = useQuery({ queryKey: ['regions', parent ?? 'city'], queryFn: () => fetchRegions(parent), staleTime: 3_600_000 });
  return (
    <View className='region-level' data-level={level}>
      <Text className='ui-muted'>选择{LEVEL_LABELS[level]}</Text>
      {regions.isPending ? <Text className='ui-muted'>加载中…</Text> : null}
      {regions.isError ? (
        <Text className='ui-error' onClick={() => void regions.refetch()}>{asApiError(regions.error).title}，点此重试</Text>
      ) : null}
      <View className='ui-chips'>
        {(regions.data ?? []).map((region) => (
          <View
            key={region.code}
            className={`ui-chip${region.code === chosen ? ' ui-chip--on' : ''}`}
            role='button'
            aria-pressed={region.code === chosen}
            data-region={region.code}
            onClick={() => onChoose(region)}
          >
            {region.name}
          </View>
        ))}
      </View>
    </View>
  );
}

/** Home community picked down the region tree (区县 → 街道 → 社区), loaded level by level from the API. */
export function RegionPicker({ currentName, onPick }: RegionPickerProps) {
  const [open, setOpen] = useState(currentName === null);
  const [division, setDivision] = useState<string>();
  const [street, setStreet] = useState<string>();

  if (!open) {
    return (
      <View className='ui-row'>
        <Text className='ui-text' data-picked-community>{currentName}</Text>
        <Button className='ui-btn ui-btn--plain ui-btn--small' onClick={() => setOpen(true)}>更改</Button>
      </View>
    );
  }
  return (
    <View className='region-picker'>
      <Level parent={undefined} level={0} chosen={division} onChoose={(r) => { setDivision(r.code); setStreet(undefined); }} />
      {division ? <Level parent={division} level={1} chosen={street} onChoose={(r) => setStreet(r.code)} /> : null}
      {street ? (
        <Level
          parent={street}
          level={2}
          chosen={undefined}
          onChoose={(r) => {
            onPick({ code: r.code, name: r.name, centre: r.centre });
            setOpen(false);
          }}
        />
      ) : null}
    </View>
  );
}
