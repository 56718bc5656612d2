// Length: the export's copy loop (prefetching reads, moof rewrite checks, hashing on a worker thread,
// fsync, fallback) is one pipeline whose steps share buffers; split, the zero-copy hand-offs would leak out.
import { open, type FileHandle } from 'node:fs/promises';
import { FragmentSequencer, indexFragmentsAt, rewriteMoof, type Fragment } from '../../mp4/index.js';
import { cutLastFragment, expectIndexedFragments, type FilePlan, type IndexedSource, type PartPlan, type SourceFragment } from './clip-plan.js';
import type { HashStream, HashThread } from '../../hash-thread.js';
import type { SourceFiles, SourceHandle } from './source-files.js';

/** SHA-256 (hex) and size of a file. */
export interface FileDigest {
  sha256: string;
  size: number;
}

export interface AssembleOptions {
  files: SourceFiles;
  signal: AbortSignal;
  /** Segments whose whole file is to be hashed while it is read (those without a cached hash). */
  hashSources: ReadonlySet<number>;
  /** Where the output and the sources are hashed, off the main thread. */
  hasher: HashThread;
}

export interface AssembledPart extends FileDigest {
  /** Whole-file digests of the sources named in hashSources, by segment id. */
  sourceDigests: Map<number, FileDigest>;
}

// Reads cover whole fragments, several at a time: few system calls, and a batch stays small enough
// that two in flight (the prefetch) cost little memory.
const BATCH_BYTES = 4 * 1024 * 1024;
const SLOTS = 4;
const READ_AHEAD = 2;

/**
 * Writes one output MP4 from recorded fragments, in-process: the init segment of the part's first file,
 * then every chosen fragment as its moof (mfhd sequence number and tfdt decode times rewritten by a
 * FragmentSequencer so the timeline runs on without a jump) followed by its untouched mdat. prft boxes
 * are left out: their media times belong to the source file. The last fragment may be cut short at the
 * clip's end (fragment-trim.ts).
 *
 * I/O is pipelined: the next batch is read while the current one is written, and writes are
 * positioned, so several can be in flight. The output's SHA-256 is computed on the hashing thread from
 * the bytes as they are written (read buffers are shared memory, so it sees them without a copy), so
 * the file is never read back and hashing overlaps the I/O instead of following it.
 * `target` must not exist (opened with O_EXCL); the caller removes it on failure.
 */
export async function assemblePart(part: PartPlan, target: string, options: AssembleOptions): Promise<AssembledPart> {
  const first = part.files[0];
  if (first === undefined) throw new Error('a clip part needs at least one file');
  const { files, signal } = options;
  const jobs = planReads(part, options.hashSources);
  const out = await open(target, 'wx', 0o644);
  const writer = new HashingWriter(out, options.hasher.stream());
  const sourceDigests = new Map<number, FileDigest>();
  // Read buffers reused for every batch of every file: allocating a fresh 4 MiB buffer per read kept the
  // garbage collector busy for a third of the export's time.
  const slots = Array.from({ length: SLOTS }, (): Slot => ({ buffer: Buffer.from(new SharedArrayBuffer(BATCH_BYTES)), written: Promise.resolve() }));
  // Open handles by file position in the part: at most the file being copied and the next one.
  const handles = new Map<number, Promise<SourceHandle>>();
  const handleFor = (n: number): Promise<SourceHandle> => {
    let h = handles.get(n);
    if (h === undefined) {
      const file = (part.files[n] as FilePlan).source.segment.file;
      h = files.open(file);
      // Handled here; failures surface through the read that needs the handle.
      h.catch(() => undefined);
      handles.set(n, h);
    }
    return h;
  };
  // Job j goes into slot j % SLOTS: job j + 1 is read (possibly from the next file) while job j is
  // rewritten and its write issued, and up to SLOTS − 1 writes run while later jobs are read. A slot's
  // buffer is read into again only once the write and the hashing of the job it held have completed.
  const read = (j: number): Promise<Buffer> | undefined => {
    const job = jobs[j];
    if (job === undefined) return undefined;
    const slot = slots[j % SLOTS] as Slot;
    return abortable(
      slot.written.then(async () => (await handleFor(job.file)).read(job.batch.offset, job.batch.size, slot.buffer)),
      signal,
    );
  };
  // Reads issued ahead of the job being processed, oldest first.
  const ahead: Promise<Buffer>[] = [];
  const readAhead = (j: number): void => {
    for (let k = j + ahead.length; k < Math.min(jobs.length, j + READ_AHEAD + 1); k++) {
      const r = read(k) as Promise<Buffer>;
      // Marked handled at once: a read ahead may fail while an earlier one is still awaited; its
      // failure then surfaces when it is awaited, or not at all once the part has already failed.
      r.catch(() => undefined);
      ahead.push(r);
    }
  };
  const sourceHashes: HashStream[] = [];
  const sourceDigested: Promise<void>[] = [];
  try {
    await writer.write([first.source.init]);
    const sequencer = new FragmentSequencer();
    let sourceHash: HashStream | null = null;
    readAhead(0);
    for (let j = 0; j < jobs.length; j++) {
      const job = jobs[j] as ReadJob;
      const plan = part.files[job.file] as FilePlan;
      const { index, init, segment } = plan.source;
      if (job.firstOfFile) {
        sequencer.beginFile(index.init);
        sourceHash = options.hashSources.has(segment.id) ? options.hasher.stream() : null;
        if (sourceHash) {
          sourceHashes.push(sourceHash);
          void sourceHash.update([init]).catch(() => undefined);
        }
      }
      const buf = await (ahead.shift() as Promise<Buffer>);
      readAhead(j + 1);
      signal.throwIfAborted();
      const sourceHashed = sourceHash ? sourceHash.update([buf]) : Promise.resolve();
      const pieces: Buffer[] = [];
      const { batch } = job;
      const lo = Math.max(batch.from, plan.first);
      const hi = Math.min(batch.to, plan.last);
      for (const [n, f] of fragmentsIn(plan.source, buf, batch.offset, lo, hi).entries()) {
        let moof = buf.subarray(f.moof.offset - batch.offset, f.moof.offset - batch.offset + f.moof.size);
        let mdat = buf.subarray(f.mdat.offset - batch.offset, f.mdat.offset - batch.offset + f.mdat.size);
        const trimmed = lo + n === plan.last ? cutLastFragment(plan, moof, mdat) : null;
        if (trimmed) ({ moof, mdat } = trimmed);
        pieces.push(rewriteMoof(moof, sequencer.next(f)), mdat);
      }
      const written = Promise.all([pieces.length > 0 ? writer.write(pieces) : undefined, sourceHashed]).then(() => undefined);
      // Handled here so a failed write is never an unhandled rejection before its slot is awaited
      // (by the next read into that buffer, or at the end of the part), where the failure surfaces.
      written.catch(() => undefined);
      (slots[j % SLOTS] as Slot).written = written;
      if (job.lastOfFile) {
        if (sourceHash) {
          const size = index.fileSize;
          // Collected at the end: waiting here would stall the copy until the hashing thread caught up.
          const digest = sourceHash.digest().then((sha256) => void sourceDigests.set(segment.id, { sha256, size }));
          digest.catch(() => undefined);
          sourceDigested.push(digest);
        }
        // Every read of this file has completed (this was its last), so its handle can go.
        const handle = handles.get(job.file);
        handles.delete(job.file);
        if (handle) await closeQuietly(await handle);
      }
    }
    // No fsync: like the index (SQLite synchronous=NORMAL), a clip survives a crash of Heldar but not
    // necessarily of the machine; `heldar verify` tells a damaged clip apart, and it can be exported again.
    await Promise.all(slots.map((s) => s.written));
    await Promise.all(sourceDigested);
    return { ...(await writer.digest()), sourceDigests };
  } catch (e: unknown) {
    writer.discard();
    for (const h of sourceHashes) h.discard();
    throw e;
  } finally {
    // A read or write still in flight after a failure: its outcome no longer matters (close() waits for
    // the writes); the failure itself is already on its way up.
    for (const s of slots) s.written.catch(() => undefined);
    for (const h of handles.values()) await h.then(closeQuietly, () => undefined);
    await out.close();
  }
}

/**
 * Fragments lo..hi of a source, indexed from the batch just read (`buf` holds the file from `offset`):
 * their moofs are parsed here rather than in a pass over the file before the copy. They must be exactly
 * the byte ranges the source's index promised — otherwise the file is not what was indexed.
 */
function fragmentsIn(source: IndexedSource, buf: Buffer, offset: number, lo: number, hi: number): Fragment[] {
  if (lo > hi) return [];
  const { fragments, init } = source.index;
  const start = (fragments[lo] as SourceFragment).offset;
  const last = fragments[hi] as SourceFragment;
  const found = indexFragmentsAt(init, buf.subarray(start - offset, last.offset + last.size - offset), start);
  expectIndexedFragments(source, found, lo, hi);
  return found;
}

/** A read buffer and the write of the job it last held (it is reused only after that write). */
interface Slot {
  buffer: Buffer;
  written: Promise<void>;
}

interface Batch {
  offset: number;
  size: number;
  from: number;
  to: number;
}

/** One read: a batch of a file of the part (by position), in the order the output needs them. */
interface ReadJob {
  file: number;
  batch: Batch;
  firstOfFile: boolean;
  lastOfFile: boolean;
}

/** Hashing a source needs every byte of it; otherwise only its chosen fragments are read. */
function planReads(part: PartPlan, hashSources: ReadonlySet<number>): ReadJob[] {
  const jobs: ReadJob[] = [];
  part.files.forEach((plan, file) => {
    const { index, init, segment } = plan.source;
    const batches = hashSources.has(segment.id)
      ? wholeFileBatches(index.fragments, init.length, index.fileSize)
      : fragmentBatches(index.fragments, plan.first, plan.last);
    batches.forEach((batch, k) => jobs.push({ file, batch, firstOfFile: k === 0, lastOfFile: k === batches.length - 1 }));
  });
  return jobs;
}

/** Batches of consecutive fragments first..last, each read as one range. */
function fragmentBatches(fragments: readonly SourceFragment[], first: number, last: number): Batch[] {
  const batches: Batch[] = [];
  let current: Batch | undefined;
  for (let i = first; i <= last; i++) {
    const f = fragments[i] as SourceFragment;
    if (current && current.size + f.size <= BATCH_BYTES) {
      current.size += f.size;
      current.to = i;
    } else {
      current = { offset: f.offset, size: f.size, from: i, to: i };
      batches.push(current);
    }
  }
  return batches;
}

/** Batches covering the whole file after the init segment: all fragments, then any trailing bytes. */
function wholeFileBatches(fragments: readonly SourceFragment[], initSize: number, fileSize: number): Batch[] {
  const batches = fragments.length === 0 ? [] : fragmentBatches(fragments, 0, fragments.length - 1);
  const end = batches.reduce((n, b) => n + b.size, initSize);
  // Trailing bytes (ffmpeg's mfra) belong to no fragment: a batch whose from > to selects nothing.
  if (fileSize > end) batches.push({ offset: end, size: fileSize - end, from: fragments.length, to: fragments.length - 1 });
  return batches;
}

/** Appends to a file and hashes exactly what was written. */
class HashingWriter {
  private size = 0;

  constructor(
    private readonly out: FileHandle,
    private readonly hash: HashStream,
  ) {}

  /**
   * Issues a positioned write of `pieces` after everything written before (positions are assigned
   * now, so writes may complete in any order) and hashes them in order. The buffers must stay
   * untouched until the returned promise settles.
   */
  write(pieces: readonly Buffer[]): Promise<void> {
    const total = pieces.reduce((n, p) => n + p.length, 0);
    const position = this.size;
    this.size += total;
    // The write runs in libuv's pool and the hash on the hashing thread: neither waits for the other.
    return Promise.all([this.writeAt([...pieces], total, position), this.hash.update(pieces)]).then(() => undefined);
  }

  private async writeAt(pieces: Buffer[], total: number, position: number): Promise<void> {
    const { bytesWritten } = await this.out.writev(pieces, position);
    if (bytesWritten < total) {
      // A short write (rare on regular files): finish it from where it stopped.
      const rest = Buffer.concat(pieces).subarray(bytesWritten);
      let done = 0;
      while (done < rest.length) {
        const r = await this.out.write(rest, done, rest.length - done, position + bytesWritten + done);
        if (r.bytesWritten === 0) throw new Error('the clip file could not be written (no space left?)');
        done += r.bytesWritten;
      }
    }
  }

  async digest(): Promise<FileDigest> {
    return { sha256: await this.hash.digest(), size: this.size };
  }

  discard(): void {
    this.hash.discard();
  }
}

/** Rejects with the signal's reason as soon as it aborts, whatever `promise` is still doing. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // The promise may still settle later; its outcome no longer matters but must not go unhandled.
    promise.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

async function closeQuietly(handle: SourceHandle): Promise<void> {
  try {
    await handle.close();
  } catch {
    // Closing a read-only handle cannot lose data; the export's own outcome is what matters.
  }
}
