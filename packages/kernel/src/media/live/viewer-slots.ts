import { LiveUnavailableError } from './live-types.js';

export interface ViewerLimits {
  /** Live viewers at once across the server (HELDAR_LIVE_MAX_VIEWERS). */
  maxViewers: number;
  /** Live viewers at once per user or API key (HELDAR_LIVE_MAX_VIEWERS_PER_USER). */
  maxViewersPerUser: number;
}

/**
 * Counts live viewers per user and overall, so a runaway client (a grid left open in 40 tabs, a
 * script reconnecting in a loop) meets a clear refusal instead of starving the recorders of CPU
 * and the server of sockets. A slot is taken before the WebSocket upgrade and given back when the
 * viewer leaves; every way of watching (WebSocket, LL-HLS, RTSP) takes one.
 */
export class ViewerSlots {
  private total = 0;
  private readonly perUser = new Map<string, number>();

  constructor(private readonly limits: ViewerLimits) {}

  /**
   * Takes a slot for `user` (a stable key: user id or API key id). Returns the function that gives
   * it back (calling it twice gives back once).
   * @throws LiveUnavailableError('too_many_viewers') over either limit.
   */
  take(user: string): () => void {
    const mine = this.perUser.get(user) ?? 0;
    if (mine >= this.limits.maxViewersPerUser) {
      throw new LiveUnavailableError(
        'too_many_viewers',
        `you already watch ${mine} live streams, the most one user may (HELDAR_LIVE_MAX_VIEWERS_PER_USER); close one and try again`,
      );
    }
    if (this.total >= this.limits.maxViewers) {
      throw new LiveUnavailableError(
        'too_many_viewers',
        `${this.total} live streams are being watched, the most this server allows (HELDAR_LIVE_MAX_VIEWERS); try again when one closes`,
      );
    }
    this.total += 1;
    this.perUser.set(user, mine + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.total -= 1;
      const left = (this.perUser.get(user) ?? 1) - 1;
      if (left === 0) this.perUser.delete(user);
      else this.perUser.set(user, left);
    };
  }

  count(): number {
    return this.total;
  }
}
