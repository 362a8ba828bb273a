import { Text, View } from '@tarojs/components';
import { useQuery } from '@tanstack/react-query';
import { SectionNav } from '@/components/section-nav';
import { StateView } from '@/components/state-view';
import { openPage } from '@/features/auth/navigation';
import { fetchRecommendations, recommendationsKey } from '@/features/matching/matching.api';
import { RecommendedShifts } from '@/features/matching/recommended-shifts';
import { NeedCard } from '@/features/needs/need-card';
import { useNeedsSquare } from '@/features/needs/use-needs-square';
import { useSignUp } from '@/features/needs/use-sign-up';
import './index.css';

type Square = ReturnType<typeof useNeedsSquare>;

const LIVE_LABELS = { live: '名额实时更新中', connecting: '正在连接实时名额…', idle: '正在连接实时名额…', offline: '实时名额暂不可用' } as const;

function ListFooter({ square }: { square: Square }) {
  if (square.loadingMore) return <Text>加载中…</Text>;
  if (square.error) {
    return <Text className='needs-page__more' onClick={() => void square.loadMore()}>{square.error.title}，点此重试</Text>;
  }
  if (square.hasMore) return <Text className='needs-page__more' onClick={() => void square.loadMore()}>加载更多</Text>;
  return square.needs.length > 0 ? <Text>没有更多了</Text> : null;
}

function Body({ square }: { square: Square }) {
  const signUp = useSignUp();
  // Only volunteers with a profile get recommendations; for anyone else the feed simply stays hidden.
  const recommended = useQuery({ queryKey: recommendationsKey, queryFn: () => fetchRecommendations(3), retry: false });
  if (square.status === 'loading') return <StateView kind='loading' title='正在加载需求…' />;
  if (square.status === 'error') {
    return (
      <StateView
        kind='error'
        title={square.error?.title ?? '加载失败'}
        hint={square.error?.code === 'NETWORK_ERROR' ? '检查网络后再试一次吧' : undefined}
        actionText='重试'
        onAction={() => void square.reload()}
      />
    );
  }
  return (
    <>
      <View className='needs-page__intro'>
        <Text className='needs-page__lead'>成都各社区正在招募志愿者</Text>
        <Text className={`needs-page__live needs-page__live--${square.live}`}>{LIVE_LABELS[square.live]}</Text>
      </View>
      {recommended.isSuccess ? <RecommendedShifts items={recommended.data} onOpen={(id) => openPage('need', { id })} /> : null}
      {square.needs.length === 0 ? (
        <StateView kind='empty' title='暂时没有开放的需求' hint='新需求发布后会出现在这里，过会儿再来看看吧' actionText='刷新' onAction={() => void square.reload()} />
      ) : (
        <View className='needs-page__list'>
          {square.needs.map((need) => <NeedCard key={need.id} need={need} slots={square.slots} signUp={signUp} onOpen={() => openPage('need', { id: need.id })} />)}
        </View>
      )}
      <View className='needs-page__footer'>
        <ListFooter square={square} />
      </View>
    </>
  );
}

export default function NeedsSquarePage() {
  const square = useNeedsSquare();
  return (
    <View className='needs-page'>
      {square.signedIn ? <Body square={square} /> : null}
      <SectionNav current='home' />
    </View>
  );
}
