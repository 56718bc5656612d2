import { Worker } from 'node:worker_threads';

// Runs in a worker thread: SHA-256 of a file, read in 4 MiB blocks. Synchronous reads are fine there;
// the point is that hashing — a job's main CPU cost — leaves the event loop and uses a second core.
const WORKER = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
parentPort.on('message', ({ id, file }) => {
  let fd;
  try {
    fd = openSync(file, 'r');
    const hash = createHash('sha256');
    let size = 0;
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) {
      hash.update(buffer.subarray(0, n));
      size += n;
    }
    parentPort.postMessage({ id, size, sha256: hash.digest('hex') });
  } catch (e) {
    parentPort.postMessage({ id, code: e && e.code, message: e instanceof Error ? e.message : String(e) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
`;

interface Reply {
  id: number;
  size?: number;
  sha256?: string;
  code?: string;
  message?: string;
}

/**
 * A few worker threads that hash files (SHA-256 and size). A backup job verifies every copy by reading
 * it back; on the event loop two such hashes ran one after the other and held up everything else.
 * Workers start on first use; an idle pool never keeps the process alive.
 */
export class HashPool {
  private readonly workers: Worker[] = [];
  private readonly busy = new Map<Worker, number>();
  private readonly waiting = new Map<number, { resolve: (r: { size: number; sha256: string }) => void; reject: (e: Error) => void; worker: Worker }>();
  private nextId = 0;

  constructor(private readonly size = 2) {}

  hash(file: string, signal?: AbortSignal): Promise<{ size: number; sha256: string }> {
    signal?.throwIfAborted();
    const worker = this.leastBusy();
    const id = this.nextId++;
    this.busy.set(worker, (this.busy.get(worker) ?? 0) + 1);
    worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, worker });
      worker.postMessage({ id, file });
    });
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private leastBusy(): Worker {
    if (this.workers.length < this.size) return this.spawn();
    return this.workers.reduce((a, b) => ((this.busy.get(a) ?? 0) <= (this.busy.get(b) ?? 0) ? a : b));
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER, { eval: true });
    worker.on('message', (reply: Reply) => {
      const entry = this.waiting.get(reply.id);
      if (!entry) return;
      this.waiting.delete(reply.id);
      const left = (this.busy.get(worker) ?? 1) - 1;
      this.busy.set(worker, left);
      // Busy workers keep the process alive (a caller awaits them); idle ones do not.
      if (left === 0) worker.unref();
      if (reply.sha256 !== undefined && reply.size !== undefined) entry.resolve({ size: reply.size, sha256: reply.sha256 });
      else entry.reject(Object.assign(new Error(reply.message ?? 'hashing failed'), { code: reply.code }));
    });
    worker.on('error', (e: Error) => this.fail(worker, e));
    worker.on('exit', () => this.fail(worker, new Error('the hashing thread stopped')));
    // Idle until hash() refs it; after the listeners, since adding a 'message' listener refs it.
    worker.unref();
    this.workers.push(worker);
    return worker;
  }

  /** A worker died: its requests fail, and the next request starts another. */
  private fail(worker: Worker, error: Error): void {
    const i = this.workers.indexOf(worker);
    if (i >= 0) this.workers.splice(i, 1);
    this.busy.delete(worker);
    for (const [id, entry] of this.waiting) {
      if (entry.worker !== worker) continue;
      this.waiting.delete(id);
      entry.reject(error);
    }
  }
}
