import { useQuery } from '@tanstack/react-query';
import { useRequireSession } from '@/features/auth/use-require-session';
import { fetchMe, meKey } from '@/features/volunteer/volunteer.api';

/** The meal point the signed-in operator runs (from their account's scope), once known. */
export function useOperatorPoint() {
  const signedIn = useRequireSession();
  const me = useQuery({ queryKey: meKey, queryFn: fetchMe, enabled: signedIn });
  const pointId = me.data?.scopes.mealPointId ?? '';
  return { signedIn, me, pointId, unbound: me.isSuccess && pointId === '' };
}
