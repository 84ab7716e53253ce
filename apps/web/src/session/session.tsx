/**
 * The signed-in user. The session itself is the httpOnly cookie set by POST /auth/login; on load GET /auth/session
 * says who is signed in and gives the CSRF token again, which is kept in memory only (never Web Storage), so a
 * script injected into the page cannot carry it away beyond the page's life.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setBearerToken, setCsrfToken, unwrap } from '../api/client';
import type { Language, LoginResponse, SessionResponse, SessionUser } from '../api/types';

export interface Session {
  user: SessionUser;
  csrfToken: string | null;
  signOut: () => Promise<void>;
}

interface SessionState {
  status: 'loading' | 'signedOut' | 'signedIn';
  session: Session | null;
  signIn: (username: string, password: string) => Promise<void>;
  /** A change of the user's stored preferences (the language) reflected without a reload. */
  updateUser: (patch: Partial<SessionUser>) => void;
}

const SessionContext = createContext<SessionState | null>(null);

const LANGUAGES: readonly Language[] = ['en', 'fr', 'ar'];
function toUser(raw: SessionResponse['user']): SessionUser {
  const language = LANGUAGES.includes(raw.language as Language) ? (raw.language as Language) : null;
  return { ...raw, displayName: raw.displayName ?? raw.username, language };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionState['status']>('loading');
  const [user, setUser] = useState<SessionUser | null>(null);
  const [csrf, setCsrf] = useState<string | null>(null);
  const queryClient = useQueryClient();

  // Signed out: nothing the previous user was shown stays in memory for the next one on the same screen.
  const clear = useCallback(() => {
    queryClient.clear();
    setCsrfToken(null);
    setBearerToken(null);
    setCsrf(null);
    setUser(null);
    setStatus('signedOut');
  }, [queryClient]);

  const adopt = useCallback((body: SessionResponse) => {
    setCsrfToken(body.csrfToken ?? null);
    setCsrf(body.csrfToken ?? null);
    setUser(toUser(body.user));
    setStatus('signedIn');
  }, []);

  useEffect(() => {
    let live = true;
    unwrap<SessionResponse>(api.GET('/auth/session'))
      .then((body) => live && adopt(body))
      .catch(() => live && clear());
    return () => {
      live = false;
    };
  }, [adopt, clear]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const login = await unwrap<LoginResponse>(api.POST('/auth/login', { body: { username, password } }));
      try {
        adopt(await unwrap<SessionResponse>(api.GET('/auth/session')));
      } catch (err) {
        // An API without the cookie session: keep its bearer token in memory for this page only.
        if (!(err instanceof ApiError) || !login.accessToken || !login.user) throw err;
        setBearerToken(login.accessToken);
        const me = await unwrap<SessionResponse['user']>(api.GET('/me'));
        adopt({ user: { ...login.user, ...me }, csrfToken: login.csrfToken });
      }
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    try {
      await unwrap(api.POST('/auth/logout'));
    } finally {
      clear();
    }
  }, [clear]);

  const updateUser = useCallback((patch: Partial<SessionUser>) => {
    setUser((u) => (u ? { ...u, ...patch } : u));
  }, []);

  const value = useMemo<SessionState>(
    () => ({
      status,
      session: user ? { user, csrfToken: csrf, signOut } : null,
      signIn,
      updateUser,
    }),
    [status, user, csrf, signOut, signIn, updateUser],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The session of a signed-in screen (every screen under the app shell). */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession before sign-in');
  return session;
}

export { useSessionState };
