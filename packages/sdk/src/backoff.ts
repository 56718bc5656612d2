/** Exponential reconnect delay with ±20 % jitter, so many workers do not reconnect in step. */
export class Backoff {
  private previous = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  next(): number {
    this.previous = this.previous === 0 ? this.initialMs : Math.min(this.previous * 2, this.maxMs);
    return Math.round(this.previous * (0.8 + Math.random() * 0.4));
  }

  reset(): void {
    this.previous = 0;
  }
}

/** Waits `ms`, or less when `signal` aborts; never rejects. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
