import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HashPool } from './hash-pool.js';
import { TransportError, type BackupTransport } from './transport.js';

/** fsyncs in flight at once in a flush: enough to keep the disk's queue full, few enough for libuv's pool. */
const SYNCS_AT_ONCE = 4;

/**
 * A folder on this machine (a USB disk, an NFS or SMB mount): files copied by the kernel
 * (copy_file_range, or a reflink where the file system shares blocks) under a temporary name and
 * renamed into place; fsynced in batches by flush(), files then their folders. A crash before the
 * flush can leave such a file short: no copy record names it yet, so the next run sends it again.
 */
export class LocalTransport implements BackupTransport {
  /** Files renamed into place since the last flush. */
  private unsynced = new Set<string>();
  /** Read-back hashes off the event loop, two at once: CPU-bound, one per core of a 2-core box (a job has four files in flight, two of them copying). */
  private readonly hashes = new HashPool(2);

  constructor(private readonly root: string) {}

  async test(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const probe = path.join(this.root, `.heldar-probe-${randomBytes(4).toString('hex')}`);
    try {
      await writeFile(probe, 'heldar');
    } catch (e: unknown) {
      throw new TransportError(`cannot write in ${this.root}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
    } finally {
      await rm(probe, { force: true });
    }
  }

  async list(folder: string): Promise<Map<string, number>> {
    const dir = this.resolve(folder);
    const out = new Map<string, number>();
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
      throw e;
    }
    for (const name of names) {
      if (name.endsWith('.tmp')) continue;
      try {
        out.set(name, (await stat(path.join(dir, name))).size);
      } catch {
        // Removed between readdir and stat: it is not there.
      }
    }
    return out;
  }

  async putFile(relative: string, file: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    await this.atomically(relative, async (tmp) => {
      // FICLONE shares blocks where the file system can (btrfs, XFS) and falls back to copy_file_range.
      await copyFile(file, tmp, constants.COPYFILE_FICLONE);
    });
  }

  async putBuffer(relative: string, data: Buffer): Promise<void> {
    await this.atomically(relative, (tmp) => writeFile(tmp, data));
  }

  async hash(relative: string, signal: AbortSignal): Promise<{ size: number; sha256: string } | null> {
    try {
      return await this.hashes.hash(this.resolve(relative), signal);
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async flush(): Promise<void> {
    const files = [...this.unsynced];
    this.unsynced = new Set();
    try {
      await syncAll(files);
      // The renames are durable once the folders holding them are.
      await syncAll([...new Set(files.map((f) => path.dirname(f)))]);
    } catch (e: unknown) {
      for (const f of files) this.unsynced.add(f);
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.hashes.close();
  }

  private async atomically(relative: string, write: (tmp: string) => Promise<void>): Promise<void> {
    const target = this.resolve(relative);
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await write(tmp);
      await rename(tmp, target);
      this.unsynced.add(target);
    } catch (e: unknown) {
      await unlink(tmp).catch(() => undefined); // already gone or never written: nothing to clean
      throw e;
    }
  }

  private resolve(relative: string): string {
    const full = path.resolve(this.root, relative);
    if (full !== this.root && !full.startsWith(this.root + path.sep)) throw new TransportError(`path ${relative} leaves the destination`);
    return full;
  }
}

/** fsync of files or folders, a few at once so the disk sees them together. */
async function syncAll(paths: readonly string[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const handle = await open(paths[next++]!, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SYNCS_AT_ONCE, paths.length) }, worker));
}
