import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { TransportError, type BackupTransport } from './transport.js';

export interface SftpSettings {
  /** The address the outbound guard checked (connections go to it, never to a fresh DNS answer). */
  address: string;
  /** The host name as the user gave it, for messages. */
  host: string;
  port: number;
  username: string;
  password: string | null;
  privateKey: string | null;
  /** Absolute folder on the server. */
  path: string;
  /** SHA-256 of the server's host key (base64, as `ssh-keygen -l` prints after `SHA256:`); null: not pinned. */
  hostKeySha256: string | null;
  timeoutMs: number;
}

/**
 * An SFTP server, through ssh2-sftp-client (pure JavaScript ssh2: no ssh binary, no known_hosts file
 * to manage). Uploads go to a temporary name and are renamed over the target (posix-rename), so a
 * cut connection never leaves a half file under a segment's name. Verification streams the stored
 * file back and hashes it: `sha256sum` cannot be assumed on an SFTP-only account.
 */
export class SftpTransport implements BackupTransport {
  private client: SftpClient | null = null;
  private connecting: Promise<SftpClient> | null = null;
  /** Folders made (or being made) on this connection: two uploads into one new folder make it once. */
  private readonly made = new Map<string, Promise<void>>();

  constructor(private readonly settings: SftpSettings) {}

  async test(): Promise<void> {
    const sftp = await this.connect();
    await this.mkdirs(this.settings.path);
    const probe = path.posix.join(this.settings.path, `.heldar-probe-${randomBytes(4).toString('hex')}`);
    await this.wrap(`write in ${this.settings.path}`, () => sftp.put(Buffer.from('heldar'), probe));
    await this.wrap('remove the probe', () => sftp.delete(probe, true));
  }

  async list(folder: string): Promise<Map<string, number>> {
    const sftp = await this.connect();
    const dir = this.remote(folder);
    const out = new Map<string, number>();
    if ((await sftp.exists(dir)) !== 'd') return out;
    for (const entry of await this.wrap(`list ${dir}`, () => sftp.list(dir))) {
      if (entry.type === '-' && !entry.name.endsWith('.tmp')) out.set(entry.name, entry.size);
    }
    return out;
  }

  async putFile(relative: string, file: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const sftp = await this.connect();
    await this.atomically(relative, (tmp) => sftp.fastPut(file, tmp));
  }

  async putBuffer(relative: string, data: Buffer): Promise<void> {
    const sftp = await this.connect();
    await this.atomically(relative, (tmp) => sftp.put(data, tmp));
  }

  async hash(relative: string, signal: AbortSignal): Promise<{ size: number; sha256: string } | null> {
    const sftp = await this.connect();
    const target = this.remote(relative);
    if ((await sftp.exists(target)) !== '-') return null;
    const hash = createHash('sha256');
    let size = 0;
    const stream = sftp.createReadStream(target, { highWaterMark: 256 * 1024 });
    const abort = (): void => {
      stream.destroy(new Error('cancelled'));
    };
    signal.addEventListener('abort', abort, { once: true });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        hash.update(chunk);
      }
    } finally {
      signal.removeEventListener('abort', abort);
    }
    return { size, sha256: hash.digest('hex') };
  }

  /** The server has the file once its upload's close returned (see BackupTransport.flush). */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.connecting = null;
    if (client) await client.end().catch(() => undefined); // a dead connection has nothing left to close
  }

  private async atomically(relative: string, write: (tmp: string) => Promise<unknown>): Promise<void> {
    const sftp = await this.connect();
    const target = this.remote(relative);
    await this.mkdirs(path.posix.dirname(target));
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await this.wrap(`upload ${relative}`, () => write(tmp));
      await this.wrap(`rename ${relative}`, () => sftp.posixRename(tmp, target));
    } catch (e: unknown) {
      await sftp.delete(tmp, true).catch(() => undefined); // the connection may be gone; the .tmp is ignored by list()
      throw e;
    }
  }

  /**
   * Creates a folder and its missing parents, one level at a time, each level once per connection:
   * a job uploads several files at once, and two recursive mkdirs of sibling folders both creating
   * their common parent made one of them fail.
   */
  private mkdirs(dir: string): Promise<void> {
    let made = this.made.get(dir);
    if (!made) {
      made = (async () => {
        const sftp = await this.connect();
        if ((await sftp.exists(dir)) === 'd') return;
        const parent = path.posix.dirname(dir);
        if (parent !== dir) await this.mkdirs(parent);
        await this.wrap(`create ${dir}`, async () => {
          try {
            await sftp.mkdir(dir, false);
          } catch (e: unknown) {
            // Made meanwhile by another client (another node's job): that is what was wanted.
            if ((await sftp.exists(dir)) !== 'd') throw e;
          }
        });
      })();
      made.catch(() => this.made.delete(dir));
      this.made.set(dir, made);
    }
    return made;
  }

  private remote(relative: string): string {
    const full = path.posix.resolve(this.settings.path, relative);
    if (full !== this.settings.path && !full.startsWith(`${this.settings.path.replace(/\/$/, '')}/`)) throw new TransportError(`path ${relative} leaves the destination`);
    return full;
  }

  private connect(): Promise<SftpClient> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().then(
      (client) => {
        this.client = client;
        return client;
      },
      (e: unknown) => {
        this.connecting = null;
        throw e;
      },
    );
    return this.connecting;
  }

  private async open(): Promise<SftpClient> {
    const s = this.settings;
    const client = new SftpClient('heldar-backup');
    // A dropped connection is noticed at the next call; the error event must have a listener.
    client.on('error', () => undefined);
    try {
      await client.connect({
        host: s.address,
        port: s.port,
        username: s.username,
        ...(s.password !== null ? { password: s.password } : {}),
        ...(s.privateKey !== null ? { privateKey: s.privateKey } : {}),
        readyTimeout: s.timeoutMs,
        retries: 0,
        ...(s.hostKeySha256 !== null ? { hostVerifier: (key: Buffer) => hostKeyFingerprint(key) === s.hostKeySha256?.replace(/^SHA256:/, '').replace(/=+$/, '') } : {}),
      });
    } catch (e: unknown) {
      throw new TransportError(`sftp ${s.host}:${s.port}: ${plainMessage(e)}`, { cause: e });
    }
    return client;
  }

  private async wrap<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e: unknown) {
      throw new TransportError(`sftp ${this.settings.host}: cannot ${what}: ${plainMessage(e)}`, { cause: e });
    }
  }
}

/** The fingerprint `ssh-keygen -l -E sha256` prints, without `SHA256:` and padding. */
export function hostKeyFingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

function plainMessage(e: unknown): string {
  // ssh2-sftp-client prefixes its own method names ("connect: ", "_put: "): keep the reason only.
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^(\w+: )+/, '');
}
