import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, onUnauthorized } from './api/client';
import { ALL_FEATURES, probeFeatures, type Features } from './api/features';
import type { Me, Role } from './api/types';

/**
 * Who is signed in, and what this kernel can do. The session is the kernel's httpOnly cookie (set by
 * POST /api/auth/login); the UI never sees or stores a token. A 401 on any call ends the session here.
 */
export interface Session {
  status: 'loading' | 'signed-out' | 'signed-in' | 'failed';
  user: Me | null;
  /** False when the kernel has no authentication routes: everyone may do everything. */
  authEnabled: boolean;
  features: Features;
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

/** GET /api/auth/me answers the principal, possibly wrapped as {user} or {principal}. */
export function normaliseMe(body: unknown): Me | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const inner = (record.user ?? record.principal ?? record) as Record<string, unknown>;
  if (typeof inner !== 'object' || inner === null) return null;
  const role = inner.role;
  if (role !== 'viewer' && role !== 'operator' && role !== 'admin') return null;
  const name = inner.username ?? inner.name ?? inner.id;
  return {
    kind: inner.kind === 'api_key' ? 'api_key' : 'user',
    id: String(inner.id ?? name ?? ''),
    name: String(name ?? ''),
    role,
  };
}

const ANONYMOUS_ADMIN: Me = { kind: 'user', id: 'anonymous', name: 'anonymous', role: 'admin' };

interface State {
  status: Session['status'];
  user: Me | null;
  authEnabled: boolean;
  features: Features;
  notice: string | null;
  failure: string | null;
}

/**
 * Who is signed in, then what the kernel offers. /api/auth/me comes first: signed out, its 401 is the
 * only request (the OpenAPI document needs a session too, and asking it first put a second 401 in
 * the console of every page). A kernel without authentication answers 404 there: everyone is admin.
 */
async function resolveSession(signal?: AbortSignal): Promise<Omit<State, 'notice'>> {
  let user: Me | null = ANONYMOUS_ADMIN;
  let authEnabled = true;
  try {
    user = normaliseMe(await api.get<unknown>('/api/auth/me', undefined, { signal, quiet401: true }));
    if (!user) return { status: 'failed', user: null, authEnabled, features: ALL_FEATURES, failure: 'The server answered /api/auth/me with an unexpected shape.' };
  } catch (e: unknown) {
    if (e instanceof ApiError && e.status === 401) return { status: 'signed-out', user: null, authEnabled, features: ALL_FEATURES, failure: null };
    if (!(e instanceof ApiError && e.routeMissing)) throw e;
    user = ANONYMOUS_ADMIN;
    authEnabled = false;
  }
  const probe = await probeFeatures(signal);
  // Signed out between the two calls (rare): the sign-in page again.
  if (probe.kind === 'unauthorized') return { status: 'signed-out', user: null, authEnabled: true, features: ALL_FEATURES, failure: null };
  return { status: 'signed-in', user, authEnabled: authEnabled && probe.features.auth, features: probe.features, failure: null };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({
    status: 'loading',
    user: null,
    authEnabled: true,
    features: ALL_FEATURES,
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
      await api.post('/api/auth/login', { username, password }, { quiet401: true });
      await refresh();
    },
    [refresh],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', {}, { quiet401: true });
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
