import type { Logger } from 'pino';
import type { SegmentHash } from './clip.repository.js';
import type { HashThread } from '../../hash-thread.js';

export interface SegmentHashRecorderDeps {
  hasher: Pick<HashThread, 'file'>;
  save: (hashes: ReadonlyMap<number, SegmentHash>) => Promise<void>;
  logger: Logger;
}

// Behind by this many segments (a long stall of the disk), the oldest are left to be hashed by the
// export that first needs them: the queue must not grow without bound while recording goes on.
const MAX_QUEUE = 10_000;

/**
 * Hashes each segment the recorder indexes, seconds after it was closed, so the SHA-256 a clip
 * manifest lists for a source dates from recording time — evidence that the footage has not changed
 * since — and an export no longer reads and hashes whole source files on top of its own output.
 *
 * The hashing thread reads and hashes the file (nothing on the main thread), one file at a time.
 * A segment deleted meanwhile (retention) is simply skipped: its row, and so its hash, is gone.
 */
export class SegmentHashRecorder {
  private readonly queue: { segmentId: number; file: string }[] = [];
  private draining: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: SegmentHashRecorderDeps) {}

  /** Queues a newly indexed segment (`file`: its absolute path). */
  enqueue(segmentId: number, file: string): void {
    if (this.stopped) return;
    if (this.queue.length >= MAX_QUEUE) this.queue.shift();
    this.queue.push({ segmentId, file });
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  /** Resolves once every queued segment has been hashed (or skipped). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Stops taking segments and waits for the one being hashed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    await this.idle();
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next !== undefined && !this.stopped; next = this.queue.shift()) {
      try {
        const { sha256, size } = await this.deps.hasher.file(next.file);
        await this.deps.save(new Map([[next.segmentId, { sha256, size_bytes: size }]]));
      } catch (e: unknown) {
        // Gone already (retention, a purge) or unreadable: the export that needs it hashes it then.
        this.deps.logger.debug({ err: e, segment_id: next.segmentId }, 'clips: segment not hashed at recording time');
      }
    }
  }
}
