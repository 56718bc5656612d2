import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { procHidesOtherUsers } from '../src/cli/local-exposure.js';
import { prepareDataDir } from '../src/data-dir.js';
import { builtCli } from './helpers/built-cli.js';
import { testResources } from './helpers/resources.js';
import { waitFor } from './helpers/test-kernel.js';

const resources = testResources();
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('heldar serve keeps its files from other local accounts', () => {
  it('creates the data folder 0700 and the database 0600, runs with umask 027 (ffmpeg inherits it), and warns when /proc shows every command line', async () => {
    const dataDir = path.join(await resources.dir(), 'data');
    const child = spawn(process.execPath, [builtCli(), 'serve'], {
      env: { PATH: process.env.PATH, HELDAR_DATA_DIR: dataDir, HELDAR_HTTP_PORT: '0', HELDAR_RECORDER_ENABLED: 'false', HELDAR_TZ: 'UTC', HELDAR_ADMIN_PASSWORD: 'not used in this test' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    resources.defer(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    });
    const lines: string[] = [];
    readline.createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
    await waitFor('the listening line', () => lines.some((l) => l.includes('"url"')));

    expect(modeOf(dataDir).toString(8)).toBe('700');
    for (const file of ['heldar.db', 'heldar.db-wal']) expect(modeOf(path.join(dataDir, file)).toString(8), file).toBe('600');
    const umask = /^Umask:\s*(\d+)$/m.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    expect(umask).toBe('0027');
    const warned = lines.some((l) => l.includes('"check":"proc_hidepid"'));
    expect(warned).toBe(!procHidesOtherUsers(fs.readFileSync('/proc/mounts', 'utf8')));

    child.kill('SIGTERM');
    await once(child, 'exit');
  });

  it('takes other accounts\' access away from a data folder and database an older version left open', async () => {
    const dataDir = path.join(await resources.dir(), 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    prepareDataDir(dataDir);
    expect(modeOf(dataDir).toString(8)).toBe('750');
    fs.writeFileSync(path.join(dataDir, 'heldar.db'), '');
    fs.chmodSync(path.join(dataDir, 'heldar.db'), 0o644);
    const kernel = await resources.kernel({}, { dataDir, sqliteOnly: 'the mode of the SQLite database file' });
    expect(modeOf(path.join(kernel.dataDir, 'heldar.db')).toString(8)).toBe('600');
  });
});

describe('procHidesOtherUsers', () => {
  it.each([
    ['proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0', false],
    ['proc /proc proc rw,relatime,hidepid=2 0 0', true],
    ['proc /proc proc rw,relatime,hidepid=invisible,gid=27 0 0', true],
    ['proc /proc proc rw,relatime,hidepid=0 0 0', false],
    ['sysfs /sys sysfs rw 0 0\nproc /proc proc rw,hidepid=1 0 0', true],
    ['proc /srv/proc proc rw,hidepid=2 0 0', false],
  ])('%s → %s', (mounts, hidden) => {
    expect(procHidesOtherUsers(mounts)).toBe(hidden);
  });
});
