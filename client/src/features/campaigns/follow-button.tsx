import { Button } from '@tarojs/components';
import { useState } from 'react';

export interface FollowButtonProps {
  following: boolean;
  /** Follows (true) or unfollows (false); the button is busy until it settles. */
  onToggle: (next: boolean) => Promise<void>;
}

/** 关注 / 已关注 on a campaign: followers are told a day before it ends and when it has ended. */
export function FollowButton({ following, onToggle }: FollowButtonProps) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const toggle = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await onToggle(!following);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      className={`ui-btn ${following ? 'ui-btn--plain' : ''}`}
      aria-pressed={following}
      disabled={busy}
      onClick={() => void toggle()}
    >
      {failed ? '操作失败，点此重试' : following ? '已关注' : '关注项目'}
    </Button>
  );
}
