/**
 * Waits `ms`, or less when `signal` aborts. Never rejects: resolves `'elapsed'` after the full time,
 * `'aborted'` as soon as the signal aborts (at once when it already has). Supervisor loops use it for
 * backoff so a stop request never waits out a 30 s backoff.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<'elapsed' | 'aborted'> {
  if (signal?.aborted) return Promise.resolve('aborted');
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve('aborted');
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve('elapsed');
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
