import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { findOrphanRecorders } from '../src/recording/orphan-processes.js';
import { builtCli } from './helpers/built-cli.js';
import { smallCamera } from './helpers/camsim.js';
import { segmentsOf } from './helpers/recording.js';
import { testDatabaseEnv } from './helpers/test-database.js';
import { waitFor } from './helpers/test-kernel.js';
import { testResources } from './helpers/resources.js';

const use = testResources();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone.
    return false;
  }
}

/** Every .mp4 under the final folders (not staging, not quarantine), relative to the recordings root. */
async function finishedFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) await walk(path.join(dir, e.name), rel ? `${rel}/${e.name}` : e.name);
      else if (e.name.endsWith('.mp4')) out.push(`${rel}/${e.name}`);
    }
  }
  await walk(root, '');
  return out.sort();
}

describe('recorder: crash recovery', () => {
  it('after SIGKILL mid-recording: its ffmpeg stops with it, every finished segment indexed, recording resumes', async () => {
    const camsim = await use.camsim([smallCamera('hall')]);
    const dir = await use.dir();
    // The killed server and the kernel restarted on its folder share one database: the file in the
    // folder on SQLite, the folder's schema on PostgreSQL.
    const env = { ...(await testDatabaseEnv(dir)), PATH: process.env.PATH, HELDAR_DATA_DIR: dir, HELDAR_HTTP_PORT: '0', HELDAR_TZ: 'UTC', HELDAR_LOG_LEVEL: 'info', HELDAR_ADMIN_PASSWORD: 'crash test admin' };
    // An admin API key made the way an operator makes one; the server's API needs it.
    const key = spawnSync(process.execPath, [builtCli(), 'key', 'add', '--name', 'crash-test', '--scope', 'admin'], { env, encoding: 'utf8' }).stdout.trim();
    const auth = { authorization: `Bearer ${key}` };
    const child = spawn(process.execPath, [builtCli(), 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    use.defer(async () => {
      child.kill('SIGKILL');
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('heldar did not start')), 20_000);
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        const parsed = JSON.parse(line) as { url?: string };
        if (parsed.url) {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      });
    });
    const created = await fetch(`${url}/api/cameras`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ id: 'hall', name: 'Hall', stream_url: camsim.url('hall'), segment_seconds: 2 }),
    });
    expect(created.status).toBe(201);
    await waitFor('3 indexed segments', async () => {
      const res = await fetch(`${url}/api/cameras/hall/segments`, { headers: auth });
      return ((await res.json()) as { segments: unknown[] }).segments.length >= 3;
    }, 30_000);
    const staging = path.join(dir, 'recordings', '.staging');
    // Kill it mid-segment: ffmpeg is writing the next segment into staging right now.
    await waitFor('a fragment of the next segment on disk', async () => {
      for (const name of await readdir(path.join(staging, 'hall')).catch(() => [] as string[])) {
        if ((await stat(path.join(staging, 'hall', name))).size > 4096) return true;
      }
      return false;
    }, 10_000);
    const ffmpegs = await findOrphanRecorders(staging, []);
    expect(ffmpegs).toHaveLength(1);
    child.kill('SIGKILL');
    await once(child, 'exit');
    // Its ffmpeg does not record on unsupervised: the parent-death signal stops it within seconds.
    const killedAt = Date.now();
    await waitFor('ffmpeg to stop with Heldar', () => ffmpegs.every((pid) => !alive(pid)), 5000);
    console.log(`ffmpeg stopped ${Date.now() - killedAt} ms after Heldar was killed`);

    const kernel = await use.recordingKernel({}, { dataDir: dir });
    const report = await kernel.startRecording();
    expect(report).not.toBeNull();
    // The segment being written at the crash was salvaged (kept if it had a complete fragment).
    console.log('recovery report', report);
    expect(report!.orphansKilled).toBe(0);
    expect(report!.stagedKept + report!.stagedRemoved).toBeGreaterThanOrEqual(1);
    expect(report!.stagedQuarantined).toBe(0);

    // Every finished file on disk is in the index.
    const onDisk = await finishedFiles(kernel.config.recordingsDir);
    const indexed = new Set((await segmentsOf(kernel, 'hall')).map((r) => r.path));
    for (const file of onDisk) expect(indexed.has(file), file).toBe(true);

    // Recording resumes.
    const count = indexed.size;
    await waitFor('new segments after restart', async () => (await segmentsOf(kernel, 'hall')).length > count + 1, 30_000);
    const status = await kernel.status.get('hall');
    expect(status?.state).toBe('recording');
    // Nothing of the dead run is left writing: the only ffmpeg on this staging area is the new one.
    expect(await findOrphanRecorders(staging, [])).toEqual([status!.pid]);
  });
});
