/**
 * The LL-HLS packager of one camera stream: a LiveViewer of the stream's hub that keeps the sliding
 * window and wakes the requests waiting for a part (blocking playlist reload, preload hints). It takes
 * fragments as they come, synchronously, so it never holds a backlog and the hub never skips it.
 */

import type { LiveFragment, LiveStreamInfo, LiveViewer } from '../live-types.js';
import { DEFAULT_WINDOW_SETTINGS, LlHlsWindow, type LlHlsWindowSettings } from './ll-hls-window.js';

interface Waiter {
  ready(): boolean;
  wake(): void;
}

export class LlHlsPackager implements LiveViewer {
  readonly window: LlHlsWindow;
  private readonly waiters = new Set<Waiter>();
  private endReason: string | null = null;

  /** `firstMsn`: where the stream's numbering continues when a packager replaces an ended one (players keep their place). */
  constructor(readonly settings: LlHlsWindowSettings = DEFAULT_WINDOW_SETTINGS, firstMsn = 0) {
    this.window = new LlHlsWindow(settings, firstMsn);
  }

  start(info: LiveStreamInfo): void {
    this.window.start(info);
    this.wakeReady();
  }

  fragment(fragment: LiveFragment): void {
    this.window.add(fragment);
    this.wakeReady();
  }

  skipped(): void {
    this.window.skipped();
    this.wakeReady();
  }

  end(reason: string): void {
    this.endReason = reason;
    this.window.flush();
    for (const waiter of this.waiters) waiter.wake();
    this.waiters.clear();
  }

  backlogBytes(): number {
    return 0;
  }

  /** Why the source ended, or null while it runs. */
  ended(): string | null {
    return this.endReason;
  }

  /**
   * Resolves true as soon as `ready()` holds (at once if it does now), false after `timeoutMs`, when
   * the source ends, or when `signal` aborts (the client went away).
   */
  async waitUntil(ready: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (ready()) return true;
    if (this.endReason !== null || signal?.aborted === true) return false;
    return new Promise<boolean>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        this.waiters.delete(waiter);
        resolve(ready());
      };
      const waiter: Waiter = { ready, wake: finish };
      const timer = setTimeout(finish, timeoutMs);
      signal?.addEventListener('abort', finish, { once: true });
      this.waiters.add(waiter);
    });
  }

  private wakeReady(): void {
    for (const waiter of this.waiters) if (waiter.ready()) waiter.wake();
  }
}
