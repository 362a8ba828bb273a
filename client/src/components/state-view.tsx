import { Button, Text, View } from '@tarojs/components';
import './state-view.css';

interface StateViewProps {
  kind: 'loading' | 'empty' | 'error';
  title: string;
  hint?: string;
  /** Shown as a button under the text, e.g. "重试". */
  actionText?: string;
  onAction?: () => void;
}

/** A whole-area placeholder for a list that is loading, empty or failed. */
export function StateView({ kind, title, hint, actionText, onAction }: StateViewProps) {
  return (
    <View className={`state-view state-view--${kind}`} data-state={kind}>
      {kind === 'loading' ? <View className='state-view__spinner' /> : <Text className='state-view__icon' aria-hidden='true'>{kind === 'empty' ? '☕' : '⚠'}</Text>}
      <Text className='state-view__title'>{title}</Text>
      {hint ? <Text className='state-view__hint'>{hint}</Text> : null}
      {actionText && onAction ? (
        <Button className='state-view__action' size='mini' onClick={onAction}>
          {actionText}
        </Button>
      ) : null}
    </View>
  );
}
