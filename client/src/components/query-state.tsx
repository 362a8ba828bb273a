import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { asApiError } from '@/services/api';
import { goToLogin } from '@/features/auth/navigation';
import { StateView } from './state-view';

interface QueryStateProps<T> {
  query: UseQueryResult<T>;
  loading: string;
  /** Shown instead of `children` when the data counts as empty. */
  empty?: { when: (data: T) => boolean; title: string; hint?: string };
  children: (data: T) => ReactNode;
}

/** Loading, error (with retry; a lost session goes to sign-in), empty, or the content of one query. */
export function QueryState<T>({ query, loading, empty, children }: QueryStateProps<T>) {
  if (query.isPending) return <StateView kind='loading' title={loading} />;
  if (query.isError) {
    const error = asApiError(query.error);
    if (error.needsLogin) goToLogin();
    return <StateView kind='error' title={error.title} hint={error.code === 'NETWORK_ERROR' ? '检查网络后再试一次吧' : undefined} actionText='重试' onAction={() => void query.refetch()} />;
  }
  if (empty?.when(query.data)) {
    return <StateView kind='empty' title={empty.title} hint={empty.hint} actionText='刷新' onAction={() => void query.refetch()} />;
  }
  return <>{children(query.data)}</>;
}
