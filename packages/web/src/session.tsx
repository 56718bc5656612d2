import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, http, onUnauthorized, unwrap } from './api/client';
import type { Me, Role } from './api/models';

/**
 * Who is signed in. The session is the kernel's httpOnly cookie (set by
 * POST /api/auth/login); the UI never sees or stores a token. A 401 on any call ends the session here.
 */
export interface Session {
  status: 'loading' | 'signed-out' | 'signed-in' | 'failed';
  user: Me | null;
  /** Why the user is on the login page (the session ended on the server). */
  notice: string | null;
  failure: string | null;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Whether the signed-in user has at least `role`. */
  can(role: Role): boolean;
}

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

interface State {
  status: Session['status'];
  user: Me | null;
  notice: string | null;
  failure: string | null;
}

/** Who is signed in: GET /api/auth/me, whose 401 is the only request a signed-out page makes. */
async function resolveSession(signal?: AbortSignal): Promise<Omit<State, 'notice'>> {
  try {
    const user = await unwrap(http.GET('/api/auth/me', { signal }), { quiet401: true });
    return { status: 'signed-in', user, failure: null };
  } catch (e: unknown) {
    if (e instanceof ApiError && e.status === 401) return { status: 'signed-out', user: null, failure: null };
    throw e;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({
    status: 'loading',
    user: null,
    notice: null,
    failure: null,
  });

  const refresh = useCallback(async (signal?: AbortSignal) => {
    try {
      const next = await resolveSession(signal);
      setState((s) => ({ ...next, notice: next.status === 'signed-out' ? s.notice : null }));
    } catch (e: unknown) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      const message = e instanceof Error ? e.message : String(e);
      setState((s) => ({ ...s, status: 'failed', failure: message }));
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void refresh(controller.signal);
    return () => controller.abort();
  }, [refresh]);

  useEffect(
    () =>
      onUnauthorized(() =>
        setState((s) =>
          s.status === 'signed-in' ? { ...s, status: 'signed-out', user: null, notice: 'Your session has ended. Sign in again to continue.' } : s,
        ),
      ),
    [],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      await unwrap(http.POST('/api/auth/login', { body: { username, password } }), { quiet401: true });
      await refresh();
    },
    [refresh],
  );

  const logout = useCallback(async () => {
    try {
      await unwrap(http.POST('/api/auth/logout'), { quiet401: true });
    } finally {
      setState((s) => ({ ...s, status: 'signed-out', user: null, notice: 'You have signed out.' }));
    }
  }, []);

  const session = useMemo<Session>(
    () => ({
      ...state,
      login,
      logout,
      can: (role: Role) => state.user !== null && RANK[state.user.role] >= RANK[role],
    }),
    [state, login, logout],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
