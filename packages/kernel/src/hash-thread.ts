import { Worker } from 'node:worker_threads';

/**
 * SHA-256 on a worker thread: the one file and stream hasher (clip exports, archives, backup
 * read-backs through backup/hash-pool.ts). A clip export hashes its output on the second core while
 * the main thread reads, rewrites and writes. On the main thread the hash was the export's largest cost (SHA-256
 * runs at ~1.7 GB/s with SHA-NI, slower than a page-cache copy), and it held up the I/O behind it.
 *
 * Bytes in a SharedArrayBuffer reach the worker without a copy; any other buffer (a rewritten moof,
 * a trimmed mdat — a few KB) is copied into the message. update() resolves once the worker has consumed
 * the bytes, which is when the caller may reuse its buffer.
 *
 * One worker serves every stream and file (it works in message order); it is started on first use and
 * ended by close(). While a request waits the worker keeps the process alive (a caller awaits it);
 * an idle one does not.
 */
export class HashThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: HashReply) => void; reject: (e: Error) => void }>();

  /** A new SHA-256 stream. */
  stream(): HashStream {
    return new HashStream(this, this.nextId++);
  }

  /**
   * SHA-256 and size of a whole file, read by the hashing thread itself (the main thread does nothing).
   * Fails like fs (ENOENT…) when the file cannot be read.
   */
  async file(path: string): Promise<{ sha256: string; size: number }> {
    const reply = await this.request({ op: 'file', path });
    return { sha256: reply.digest ?? '', size: reply.size ?? 0 };
  }

  /** Ends the worker; streams still in use fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failAll(new Error('the hashing thread was stopped'));
  }

  /** Sends one request; resolves with the worker's reply. */
  request(message: HashRequest, transfer: ArrayBuffer[] = []): Promise<HashReply> {
    const worker = this.start();
    const reply = this.nextId++;
    if (this.waiting.size === 0) worker.ref();
    return new Promise<HashReply>((resolve, reject) => {
      this.waiting.set(reply, { resolve, reject });
      worker.postMessage({ ...message, reply }, transfer);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on('message', (m: HashReply) => {
      const waiter = this.waiting.get(m.reply);
      if (!waiter) return;
      this.waiting.delete(m.reply);
      if (this.waiting.size === 0) worker.unref();
      if (m.error !== undefined) waiter.reject(Object.assign(new Error(`hashing failed: ${m.error}`), m.code ? { code: m.code } : {}));
      else waiter.resolve(m);
    });
    const lost = (e: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(e);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the hashing thread exited (code ${code})`)));
    // Idle until request() refs it; after the listeners, since adding a 'message' listener refs it.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(e: Error): void {
    const waiters = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiters) w.reject(e);
  }
}

/** One SHA-256 computation on the hashing thread. */
export class HashStream {
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly thread: HashThread,
    private readonly id: number,
  ) {}

  /** Hashes `pieces` after everything passed before; resolves once their buffers may be reused. */
  update(pieces: readonly Uint8Array[]): Promise<void> {
    const transfer: ArrayBuffer[] = [];
    const chunks = pieces.map((p) => {
      if (p.buffer instanceof SharedArrayBuffer) return { buffer: p.buffer, offset: p.byteOffset, length: p.byteLength };
      // A copy of exactly these bytes, moved (not cloned again) to the worker.
      const copy = new Uint8Array(p).buffer;
      transfer.push(copy);
      return { buffer: copy, offset: 0, length: p.byteLength };
    });
    const done = this.thread.request({ op: 'update', id: this.id, chunks }, transfer);
    this.last = done;
    return done.then(() => undefined);
  }

  /** The hex digest of everything passed to update(). */
  async digest(): Promise<string> {
    await this.last;
    return (await this.thread.request({ op: 'digest', id: this.id })).digest ?? '';
  }

  /** Forgets the stream (an export that failed midway). */
  discard(): void {
    this.thread.request({ op: 'discard', id: this.id }).catch(() => undefined);
  }
}

type HashRequest =
  | { op: 'update'; id: number; chunks: { buffer: ArrayBufferLike; offset: number; length: number }[] }
  | { op: 'digest'; id: number }
  | { op: 'discard'; id: number }
  | { op: 'file'; path: string };

interface HashReply {
  reply: number;
  digest?: string;
  size?: number;
  error?: string;
  /** The fs error code (ENOENT…) when reading a file failed. */
  code?: string;
}

// Plain CommonJS evaluated in the worker: no file to locate next to the compiled module (which also
// keeps it working when the kernel runs from TypeScript sources under the test runner).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const hashes = new Map();
let fileBuffer;
function hashFile(path) {
  fileBuffer ??= Buffer.allocUnsafe(1 << 20);
  const h = createHash('sha256');
  let size = 0;
  const fd = fs.openSync(path, 'r');
  try {
    for (let n; (n = fs.readSync(fd, fileBuffer, 0, fileBuffer.length, null)) > 0; size += n) h.update(fileBuffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return { digest: h.digest('hex'), size };
}
parentPort.on('message', (m) => {
  try {
    if (m.op === 'file') {
      parentPort.postMessage({ reply: m.reply, ...hashFile(m.path) });
    } else if (m.op === 'update') {
      let h = hashes.get(m.id);
      if (h === undefined) { h = createHash('sha256'); hashes.set(m.id, h); }
      for (const c of m.chunks) h.update(new Uint8Array(c.buffer, c.offset, c.length));
      parentPort.postMessage({ reply: m.reply });
    } else if (m.op === 'digest') {
      const h = hashes.get(m.id) ?? createHash('sha256');
      hashes.delete(m.id);
      parentPort.postMessage({ reply: m.reply, digest: h.digest('hex') });
    } else {
      hashes.delete(m.id);
      parentPort.postMessage({ reply: m.reply });
    }
  } catch (e) {
    if (m.id !== undefined) hashes.delete(m.id);
    parentPort.postMessage({ reply: m.reply, error: String((e && e.message) || e), code: e && e.code });
  }
});
`;
