import type { Logger } from 'pino';
import { Backoff } from '../../backoff.js';
import { OnvifClient } from '../../onvif/onvif-client.js';
import { OnvifError } from '../../onvif/onvif-error.js';
import type { OnvifNotification } from '../../onvif/onvif-types.js';
import { sleep } from '../../sleep.js';

export interface PullPointTiming {
  /** The termination time asked for at subscribe and renew, s. */
  terminationSeconds: number;
  /** Longest PullMessages wait, s. */
  pullSeconds: number;
  /** Backoff of re-subscribing; first delay, ms. */
  retryInitialMs: number;
}

export const DEFAULT_PULL_POINT_TIMING: Readonly<PullPointTiming> = Object.freeze({ terminationSeconds: 60, pullSeconds: 5, retryInitialMs: 1000 });

export interface PullPointLoopOptions {
  url: string;
  username: string | null;
  password: string | null;
  timing: Readonly<PullPointTiming>;
  logger: Logger;
  onMessage(message: OnvifNotification): Promise<void>;
  /** The subscription failed (once per outage, until one works again). */
  onLost(reason: string, retryInMs: number): Promise<void>;
  onSubscribed(warnings: readonly string[]): void;
}

/**
 * One camera's PullPoint subscription kept alive until `signal` aborts: subscribe, then long-poll
 * PullMessages; renew when half the termination time is left (every pull is short enough that the
 * renewal comes before the end); on any failure (the subscription expired, the camera restarted and
 * forgot it, the network) subscribe afresh after a backoff that doubles up to 30 s.
 */
export async function runPullPointLoop(options: PullPointLoopOptions, signal: AbortSignal): Promise<void> {
  const { timing } = options;
  const backoff = new Backoff({ initialMs: timing.retryInitialMs, maxMs: 30_000, healthyRunMs: 30_000 });
  let lost = false;
  while (!signal.aborted) {
    const startedAt = Date.now();
    let client: OnvifClient | undefined;
    let address: string | undefined;
    try {
      client = await OnvifClient.connect({ url: options.url, username: options.username, password: options.password });
      const sub = await client.createPullPoint(timing.terminationSeconds);
      address = sub.address;
      let terminationAt = sub.terminationAt;
      options.onSubscribed(client.warnings);
      lost = false;
      const renewAheadMs = (timing.terminationSeconds * 1000) / 2;
      while (!signal.aborted) {
        if (terminationAt - Date.now() < renewAheadMs) terminationAt = await client.renew(address, timing.terminationSeconds);
        const waitSeconds = Math.max(1, Math.min(timing.pullSeconds, Math.floor((terminationAt - Date.now() - renewAheadMs) / 1000)));
        const pulled = await client.pullMessages(address, waitSeconds);
        terminationAt = pulled.terminationAt;
        for (const message of pulled.messages) await options.onMessage(message);
      }
    } catch (e: unknown) {
      if (signal.aborted) break;
      const delay = backoff.next(Date.now() - startedAt);
      const reason = e instanceof OnvifError ? e.message : e instanceof Error ? e.message : String(e);
      options.logger.warn({ reason, retryInMs: delay }, 'ONVIF event subscription failed; subscribing again');
      if (!lost) {
        lost = true;
        await options.onLost(reason, delay).catch((err: unknown) => options.logger.error({ err }, 'could not log onvif_events_lost'));
      }
      await sleep(delay, signal);
    } finally {
      if (signal.aborted && client !== undefined && address !== undefined) {
        // Best effort: a camera has few subscription slots; an unanswered Unsubscribe just expires.
        await client.unsubscribe(address).catch(() => undefined);
      }
    }
  }
}
