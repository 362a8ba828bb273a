import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { FollowButton } from '@/features/campaigns/follow-button';

function Harness({ fail = false, calls }: { fail?: boolean; calls: boolean[] }) {
  const [following, setFollowing] = useState(false);
  return (
    <FollowButton
      following={following}
      onToggle={async (next) => {
        calls.push(next);
        if (fail) throw new Error('network');
        setFollowing(next);
      }}
    />
  );
}

describe('FollowButton', () => {
  it('follows, then unfollows, saying which it is', async () => {
    const calls: boolean[] = [];
    render(<Harness calls={calls} />);
    const button = screen.getByRole('button');
    expect(button.textContent).toBe('关注项目');
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('已关注'));
    expect(screen.getByRole('button').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button'));
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('关注项目'));
    expect(calls).toEqual([true, false]);
  });

  it('says so when the request fails and keeps the state', async () => {
    const calls: boolean[] = [];
    render(<Harness fail calls={calls} />);
    fireEvent.click(screen.getByRole('button'));
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('操作失败，点此重试'));
    expect(screen.getByRole('button').getAttribute('aria-pressed')).toBe('false');
    expect(calls).toEqual([true]);
  });
});
