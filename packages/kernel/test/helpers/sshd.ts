import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './mosquitto.js';
import { waitFor } from './test-kernel.js';

const run = promisify(execFile);

/** Debian's openssh-server (`.ci/run` installs it); the tests fail, not skip, when it is missing. */
export const SSHD_BIN = '/usr/sbin/sshd';

export interface TestSshd {
  readonly port: number;
  readonly username: string;
  /** The OpenSSH private key that the server's authorized_keys admits. */
  readonly privateKey: string;
  /** The server's host key fingerprint, as `ssh-keygen -l` prints it (without `SHA256:`). */
  readonly hostKeySha256: string;
  /** A folder the SFTP account can write (absolute). */
  readonly root: string;
  close(): Promise<void>;
}

/**
 * An OpenSSH server of the test's own on a free loopback port: a generated host key, one authorized
 * client key for the current user, internal-sftp, no PAM, no passwords. Not the system service.
 */
export async function startSshd(): Promise<TestSshd> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'heldar-sshd-'));
  const root = path.join(dir, 'files');
  await fs.mkdir(root);
  const port = await freePort();
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'client_key')]);
  await fs.copyFile(path.join(dir, 'client_key.pub'), path.join(dir, 'authorized_keys'));
  const { stdout } = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', path.join(dir, 'host_key.pub')]);
  const hostKeySha256 = /SHA256:(\S+)/.exec(stdout)?.[1] ?? '';
  const config = path.join(dir, 'sshd_config');
  await fs.writeFile(
    config,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${path.join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  // sshd wants its privilege separation folder even with -D.
  await fs.mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const stderr: string[] = [];
  const child: ChildProcess = spawn(SSHD_BIN, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  await waitFor(`sshd listening on ${port} (${stderr.join('').slice(-300)})`, () => canConnect(port), 10_000);
  return {
    port,
    username: os.userInfo().username,
    privateKey: await fs.readFile(path.join(dir, 'client_key'), 'utf8'),
    hostKeySha256,
    root,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
