import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, eventsOf, segmentsOf } from './helpers/recording.js';
import { waitFor } from './helpers/test-kernel.js';
import { testResources } from './helpers/resources.js';

const use = testResources();

/**
 * A real full disk: a 4 MiB tmpfs mounted as the recordings volume (needs root, as in CI and on the
 * development machines). Anything short of a real ENOSPC — a fake free-space figure — would not show
 * what ffmpeg says and leaves behind when the disk is really full.
 */
async function smallVolume(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e: unknown) {
    throw new Error('this test mounts a 4 MiB tmpfs as the recordings volume and must run as root (CI does)', { cause: e });
  }
}

describe('recorder: a full recordings volume', () => {
  it('says "recordings volume full" with the volume and its free bytes, quarantines nothing, and records again once there is room', async () => {
    const camsim = await use.camsim([smallCamera('cellar', { bitrateKbps: 600 })]);
    const dataDir = await use.dir();
    const recordings = path.join(dataDir, 'recordings');
    await smallVolume(recordings);
    // The floor off: this is about what happens when nothing frees the disk.
    const kernel = await use.recordingKernel({ HELDAR_MIN_FREE_BYTES: '0' }, { dataDir });
    // Runs first (disposers run in reverse): lazy, so a busy mount cannot keep the folder from going.
    use.defer(async () => {
      execFileSync('umount', ['-l', recordings]);
    });
    await addCamera(kernel, { id: 'cellar', name: 'Cellar', stream_url: camsim.url('cellar'), segment_seconds: 2 });
    await kernel.startRecording();
    await waitFor('a segment', async () => (await segmentsOf(kernel, 'cellar')).length >= 1, 20_000);
    // Fill what is left but ~100 kB: the next seconds of video do not fit.
    const filler = path.join(recordings, 'filler');
    const df = execFileSync('df', ['-B1', '--output=avail', recordings], { encoding: 'utf8' });
    const avail = Number(df.trim().split('\n').at(-1));
    await writeFile(filler, Buffer.alloc(Math.max(0, avail - 100_000)));

    const status = await waitFor('error: volume full', async () => {
      const s = await kernel.status.get('cellar');
      return s?.state === 'error' && s.last_error?.startsWith('recordings volume full') ? s : undefined;
    }, 30_000);
    expect(status.last_error).toMatch(new RegExp(`^recordings volume full: ${recordings} has \\d+ bytes free$`));
    const offline = await eventsOf(kernel, 'cellar', 'camera_offline');
    expect(offline[0]!.payload.detail).toMatch(/^recordings volume full/);
    // Retries on a full disk leave no empty files in quarantine, and say nothing about "unreadable" files.
    const reconnects = (await kernel.status.get('cellar'))!.reconnect_count;
    await waitFor('two more attempts on the full disk', async () => (await kernel.status.get('cellar'))!.reconnect_count >= reconnects + 2, 30_000);
    expect(await eventsOf(kernel, 'cellar', 'segment_quarantined')).toEqual([]);
    expect(await readdir(path.join(recordings, '.quarantine')).catch(() => [])).toEqual([]);

    await rm(filler);
    await waitFor('recording again', async () => (await kernel.status.get('cellar'))?.state === 'recording', 40_000);
    expect(await eventsOf(kernel, 'cellar', 'camera_online')).toHaveLength(1);
  });
});
