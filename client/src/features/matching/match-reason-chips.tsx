import { Text, View } from '@tarojs/components';
import type { MatchReasons } from '@tongxin/shared';
import { reasonPhrases } from './match-reasons';
import './matching.css';

/** The reasons of a match as small chips, distance first (highlighted). */
export function MatchReasonChips({ reasons, who }: { reasons: MatchReasons; who: 'TA' | '你' }) {
  return (
    <View className='match-reasons' data-reasons>
      {reasonPhrases(reasons, who).map((phrase, i) => (
        <Text key={phrase} className={`match-reason${i === 0 ? ' match-reason--distance' : ''}`}>{phrase}</Text>
      ))}
    </View>
  );
}
