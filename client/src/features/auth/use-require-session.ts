import { useEffect, useState } from 'react';
import { session } from '@/services/session';
import { goToLogin } from './navigation';

/** True once a session is known to exist; without one the page is replaced by the login page. */
export function useRequireSession(): boolean {
  const [signedIn] = useState(() => session.isSignedIn());
  useEffect(() => {
    if (!signedIn) goToLogin();
  }, [signedIn]);
  return signedIn;
}
