import type { CopyRecord } from './backup.repository.js';

/** A batch is flushed at this many files or bytes: fsyncs grouped, yet progress moves every few seconds. */
const BATCH_FILES = 64;
const BATCH_BYTES = 256 * 1024 * 1024;

export interface CopyBatchDeps {
  /** Makes what the transport wrote durable (BackupTransport.flush). */
  flush(): Promise<void>;
  /** Records the batch's copies (one transaction). */
  record(copies: readonly CopyRecord[]): Promise<void>;
  /** Told after each recorded batch. */
  recorded(copies: readonly CopyRecord[]): Promise<void>;
}

/**
 * Verified copies waiting to be recorded: a copy counts as done (copy record, progress) only after
 * the destination has flushed it, so a crash never leaves a record of a file that is not on disk.
 * Flushes run one after another: a flush covers every file put before it started, so a later batch
 * cannot be recorded while an earlier flush that holds one of its files is still running.
 */
export class CopyBatch {
  private pending: CopyRecord[] = [];
  private bytes = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CopyBatchDeps) {}

  /** Adds a verified copy; flushes when the batch is full. */
  async add(copy: CopyRecord): Promise<void> {
    this.pending.push(copy);
    this.bytes += Number(copy.size_bytes);
    if (this.pending.length >= BATCH_FILES || this.bytes >= BATCH_BYTES) await this.flush();
  }

  /** Flushes and records what is pending (also when a job stops early: what was verified still counts). */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.bytes = 0;
    const run = this.chain.then(async () => {
      await this.deps.flush();
      if (batch.length === 0) return;
      await this.deps.record(batch);
      await this.deps.recorded(batch);
    });
    // A failed flush fails its caller; the next one still runs (and retries the files it holds).
    this.chain = run.catch(() => undefined);
    return run;
  }
}
