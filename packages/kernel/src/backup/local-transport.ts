import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hashFile } from './file-hash.js';
import { TransportError, type BackupTransport } from './transport.js';

/** A folder on this machine (a USB disk, an NFS or SMB mount): plain file copies, fsynced, renamed into place. */
export class LocalTransport implements BackupTransport {
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
      // copyFile uses copy_file_range/reflinks where the file system has them: as fast as cp.
      await copyFile(file, tmp);
    });
  }

  async putBuffer(relative: string, data: Buffer): Promise<void> {
    await this.atomically(relative, (tmp) => writeFile(tmp, data));
  }

  async hash(relative: string, signal: AbortSignal): Promise<{ size: number; sha256: string } | null> {
    try {
      return await hashFile(this.resolve(relative), signal);
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async close(): Promise<void> {}

  private async atomically(relative: string, write: (tmp: string) => Promise<void>): Promise<void> {
    const target = this.resolve(relative);
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await write(tmp);
      const handle = await open(tmp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, target);
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
