import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-error';

/**
 * The app's request cache (TanStack Query). Pages refetch on show and on pull-down themselves, so
 * window-focus refetching stays off (the mini-program has no window focus); errors that only a new
 * sign-in or a changed request can fix are not retried.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) => failures < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
    },
    mutations: { retry: false },
  },
});
