import { useCallback, useEffect, useRef, useState } from 'react';
import type { NeedView } from '@tongxin/shared';
import { asApiError, type ApiError } from '@/services/api';
import { goToLogin } from '@/features/auth/navigation';
import { listOpenNeeds } from './needs.api';

export type NeedsStatus = 'loading' | 'ready' | 'error';

export interface OpenNeeds {
  status: NeedsStatus;
  needs: NeedView[];
  /** The error of the first page (status 'error') or of the last "load more". */
  error: ApiError | null;
  hasMore: boolean;
  loadingMore: boolean;
  /** Loads the first page again; resolves when done, for pull-down refresh. */
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
}

/** The needs square's list: first page, cursor paging, reload; a lost session sends the user to sign in. */
export function useOpenNeeds(enabled = true): OpenNeeds {
  const [status, setStatus] = useState<NeedsStatus>('loading');
  const [needs, setNeeds] = useState<NeedView[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // Answers to superseded loads (a reload while a page is in flight) are dropped.
  const generation = useRef(0);

  const fail = useCallback((thrown: unknown): ApiError => {
    const apiError = asApiError(thrown);
    if (apiError.needsLogin) goToLogin();
    setError(apiError);
    return apiError;
  }, []);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setError(null);
    setStatus((current) => (current === 'ready' ? current : 'loading'));
    try {
      const page = await listOpenNeeds();
      if (mine !== generation.current) return;
      setNeeds(page.items);
      setCursor(page.nextCursor);
      setStatus('ready');
    } catch (thrown) {
      if (mine !== generation.current) return;
      fail(thrown);
      setStatus('error');
    }
  }, [fail]);

  const loadMore = useCallback(async () => {
    if (cursor === null || loadingMore || status !== 'ready') return;
    const mine = generation.current;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await listOpenNeeds({ cursor });
      if (mine !== generation.current) return;
      setNeeds((current) => [...current, ...page.items.filter((n) => !current.some((c) => c.id === n.id))]);
      setCursor(page.nextCursor);
    } catch (thrown) {
      if (mine === generation.current) fail(thrown);
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, loadingMore, status, fail]);

  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);

  return { status, needs, error, hasMore: cursor !== null, loadingMore, reload, loadMore };
}
