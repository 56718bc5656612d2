import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again now (keeps showing the last data meanwhile). */
  reload: () => void;
}

/**
 * Reads `load` through the shared query cache under `key` (and every `pollMs` when given, while the
 * page is visible), keeping the last good data while a refresh is under way. `key` null means
 * "nothing to load". Two components with the same key share one request.
 */
export function useLoad<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>, pollMs?: number): Loaded<T> {
  const query = useQuery({
    queryKey: ['load', key],
    queryFn: ({ signal }) => load(signal),
    enabled: key !== null,
    refetchInterval: pollMs ?? false,
  });
  return {
    data: query.data,
    error: query.error ?? undefined,
    loading: key !== null && query.isFetching,
    reload: () => void query.refetch(),
  };
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
