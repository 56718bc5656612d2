import type { Logger } from 'pino';

/**
 * One camera's segment work (inspect, promote, drop, bring back from the mirror), one task at a time
 * in the order ffmpeg reported it: a segment is never indexed before the one it follows. A failed
 * task is logged and the queue goes on; nothing that waits on it ever sees a rejection.
 */
export class SegmentWorkQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly log: Logger) {}

  enqueue(task: () => Promise<void>): void {
    this.tail = this.tail.then(task).catch((e: unknown) => {
      this.log.error({ err: e }, 'recorder: segment work failed');
    });
  }

  /** Resolves once every task enqueued so far has run (never rejects). */
  async idle(): Promise<void> {
    await this.tail;
  }
}
