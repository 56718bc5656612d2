import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from './api/client';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again now (keeps showing the last data meanwhile). */
  reload: () => void;
}

/**
 * Runs `load` when `key` changes (and every `pollMs` when given, while the page is visible), keeping
 * the last good data while a refresh is under way. `key` null means "nothing to load".
 */
export function useLoad<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>, pollMs?: number): Loaded<T> {
  const [state, setState] = useState<{ key: string | null; data: T | undefined; error: unknown; loading: boolean }>({
    key,
    data: undefined,
    error: undefined,
    loading: key !== null,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((s) => (s.key === key ? { ...s, loading: true } : { key, data: undefined, error: undefined, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => setState({ key, data, error: undefined, loading: false }),
      (error: unknown) => {
        if (!isAbort(error)) setState((s) => ({ key, data: s.key === key ? s.data : undefined, error, loading: false }));
      },
    );
    return () => controller.abort();
  }, [key, tick]);

  useEffect(() => {
    if (key === null || !pollMs) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    }, pollMs);
    return () => window.clearInterval(timer);
  }, [key, pollMs]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = state.key === key;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: current ? state.loading : key !== null, reload };
}

/** The current time, updated every `everyMs`. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
