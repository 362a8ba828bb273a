import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateElderInput, ElderView } from '@tongxin/shared';
import { StateView } from '@/components/state-view';
import { asApiError } from '@/services/api';
import { useRequireSession } from '@/features/auth/use-require-session';
import { createElder, myEldersKey } from '@/features/care-map/care-map.api';
import { ElderForm } from '@/features/elders/elder-form';
import { RegionPicker, type PickedCommunity } from '@/features/regions/region-picker';
import '@/components/ui.css';

/** Registers an elder for meal bookings: community staff, or a family member with the elder's consent. */
export default function ElderNewPage() {
  const signedIn = useRequireSession();
  const queryClient = useQueryClient();
  const [community, setCommunity] = useState<PickedCommunity | null>(null);
  const [created, setCreated] = useState<ElderView | null>(null);
  const create = useMutation({
    mutationFn: (input: CreateElderInput) => createElder(input),
    onSuccess: async (elder) => {
      setCreated(elder);
      await queryClient.invalidateQueries({ queryKey: myEldersKey });
    },
  });
  if (!signedIn) return null;
  if (created) {
    return (
      <View className='ui-page'>
        <StateView kind='empty' title={`已登记 ${created.maskedName}`} hint='现在可以在关爱地图上为老人订餐了' />
        <Button className='ui-btn ui-btn--block' data-action='back' onClick={() => void Taro.navigateBack()}>返回</Button>
      </View>
    );
  }
  return (
    <View className='ui-page'>
      <View className='ui-card'>
        <Text className='ui-muted'>家属登记后即可为老人订餐；姓名和送餐地址加密保存，只在送餐时给助餐点和送餐志愿者看。</Text>
        <ElderForm
          communityCode={community?.code ?? null}
          communityPicker={<RegionPicker currentName={community?.name ?? null} onPick={setCommunity} />}
          busy={create.isPending}
          onSubmit={async (input) => { await create.mutateAsync(input).catch(() => undefined); }}
        />
        {create.isError ? <View className='ui-error' role='alert'>{asApiError(create.error).title}</View> : null}
      </View>
    </View>
  );
}
