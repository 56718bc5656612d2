import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/clock.js';
import { segmentRelativePath } from '../src/storage/footage-layout.js';
import { indexCopies, makeSegmentFile } from './clips-footage.js';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, eventsOf, segmentsOf, stagedFiles } from './helpers/recording.js';
import { waitFor } from './helpers/test-kernel.js';
import { testResources } from './helpers/resources.js';

const use = testResources();

/** Real time shifted by an offset the test moves: schedules see the shifted time, time still flows. */
class ShiftedClock implements Clock {
  constructor(private offsetMs: number) {}
  now(): number {
    return Date.now() + this.offsetMs;
  }
  jumpTo(ms: number): void {
    this.offsetMs = ms - Date.now();
  }
}

describe('recorder: scheduled mode', () => {
  it('starts at the window edge, never restarts mid-window, stops at its end', async () => {
    // Monday 2026-01-05, window 10:00–10:01 in Europe/Berlin (UTC+1 in January).
    const clock = new ShiftedClock(0);
    const camsim = await use.camsim([smallCamera('shop')]);
    const kernel = await use.recordingKernel({ HELDAR_TZ: 'Europe/Berlin' }, { clock });
    await addCamera(kernel, { id: 'shop', name: 'Shop', stream_url: camsim.url('shop'), segment_seconds: 2, record_mode: 'scheduled' });
    await kernel.inject({ method: 'PUT', url: '/api/cameras/shop/schedules', payload: { schedules: [{ days: [0], time_start: '10:00', time_end: '10:01' }] } });
    // A few seconds before the window as the recorder starts, not before the kernel is built: building
    // one (a fresh PostgreSQL schema and its migrations, on a loaded machine) took longer than that.
    clock.jumpTo(Date.UTC(2026, 0, 5, 8, 59, 55));
    await kernel.startRecording();

    await waitFor('idle before the window', async () => (await kernel.status.get('shop'))?.state === 'idle');
    expect((await kernel.status.get('shop'))!.pid).toBeNull();
    expect(await segmentsOf(kernel, 'shop')).toEqual([]);

    const inWindow = await waitFor('recording once the window opens', async () => {
      const s = await kernel.status.get('shop');
      return s?.state === 'recording' ? s : undefined;
    }, 15_000);
    expect(clock.now()).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 5, 9, 0, 0));
    await waitFor('segments in the window', async () => (await segmentsOf(kernel, 'shop')).length >= 2, 20_000);

    // Editing the schedule (still inside a window) must not restart the recording.
    await kernel.inject({
      method: 'PUT',
      url: '/api/cameras/shop/schedules',
      payload: { schedules: [{ days: [0], time_start: '10:00', time_end: '10:01' }, { days: [3], time_start: '22:00', time_end: '06:00' }] },
    });
    // The edit has been reconciled (awaited here, not guessed at with a sleep), and the same ffmpeg
    // goes on indexing: two more segments, the same pid, no reconnect.
    await kernel.recorder.reconcile('shop');
    const beforeEdit = (await segmentsOf(kernel, 'shop')).length;
    await waitFor('two more segments after the edit', async () => (await segmentsOf(kernel, 'shop')).length >= beforeEdit + 2, 20_000);
    const afterEdit = await kernel.status.get('shop');
    expect(afterEdit!.pid).toBe(inWindow.pid);
    expect(afterEdit!.reconnect_count).toBe(0);

    clock.jumpTo(Date.UTC(2026, 0, 5, 9, 0, 59));
    await waitFor('idle after the window', async () => (await kernel.status.get('shop'))?.state === 'idle', 20_000);
    const status = await kernel.status.get('shop');
    expect(status!.pid).toBeNull();
    expect(status!.reconnect_count).toBe(0);
    expect(await eventsOf(kernel, 'shop', 'camera_offline')).toEqual([]);
    // Nothing more can be indexed: no ffmpeg runs (no pid), its last files are indexed or gone from
    // staging, and the supervisor, asked again, stays idle without starting one.
    await waitFor('staging emptied', async () => (await stagedFiles(kernel, 'shop')).length === 0);
    const settled = (await segmentsOf(kernel, 'shop')).length;
    await kernel.recorder.reconcile('shop');
    expect(kernel.recorder.activeIds()).toContain('shop');
    const after = await kernel.status.get('shop');
    expect(after!.state).toBe('idle');
    expect(after!.pid).toBeNull();
    expect((await segmentsOf(kernel, 'shop')).length).toBe(settled);
  });
});

describe('recorder: mirror', () => {
  it('writes byte-identical copies, and a failing mirror volume never stops the primary', async () => {
    const mirrorDir = await use.dir('heldar-mirror-');
    const camsim = await use.camsim([smallCamera('bank')]);
    const kernel = await use.recordingKernel({ HELDAR_MIRROR_DIR: mirrorDir });
    await addCamera(kernel, { id: 'bank', name: 'Bank', stream_url: camsim.url('bank'), segment_seconds: 2, mirror_enabled: true });
    await kernel.startRecording();
    const rows = await waitFor('3 segments', async () => {
      const r = await segmentsOf(kernel, 'bank');
      return r.length >= 3 ? r : undefined;
    }, 20_000);
    await kernel.mirror!.idle();
    for (const row of rows) {
      const primary = await readFile(path.join(kernel.config.recordingsDir, row.path));
      const copy = await readFile(path.join(mirrorDir, row.path));
      expect(copy.equals(primary), row.path).toBe(true);
    }

    // The mirror volume goes away (a file where the folder was: every write fails).
    await rename(mirrorDir, `${mirrorDir}-gone`);
    use.defer(() => rm(`${mirrorDir}-gone`, { recursive: true, force: true }));
    await writeFile(mirrorDir, 'not a folder');
    const before = (await segmentsOf(kernel, 'bank')).length;
    await waitFor('mirror_error event', async () => (await eventsOf(kernel, 'bank', 'mirror_error')).length === 1, 20_000);
    await waitFor('primary keeps recording', async () => (await segmentsOf(kernel, 'bank')).length >= before + 3, 20_000);
    expect((await eventsOf(kernel, 'bank', 'mirror_error')).length).toBe(1);
    expect((await kernel.status.get('bank'))!.state).toBe('recording');
  });

  it('a failing primary volume never stops the mirror: the camera records to the mirror until it is back, then indexes what it missed', async () => {
    const mirrorDir = await use.dir('heldar-mirror-');
    const camsim = await use.camsim([smallCamera('vault')]);
    const kernel = await use.recordingKernel({ HELDAR_MIRROR_DIR: mirrorDir });
    await addCamera(kernel, { id: 'vault', name: 'Vault', stream_url: camsim.url('vault'), segment_seconds: 2, mirror_enabled: true });
    await kernel.startRecording();
    await waitFor('2 segments', async () => (await segmentsOf(kernel, 'vault')).length >= 2, 20_000);

    // The primary volume fails: its staging folder can no longer be written.
    const staging = path.join(kernel.config.recordingsDir, '.staging', 'vault');
    await rename(staging, `${staging}-broken`);
    await writeFile(staging, 'not a folder');
    await waitFor('recording_degraded event', async () => (await eventsOf(kernel, 'vault', 'recording_degraded')).length === 1, 30_000);
    const indexedWhileDown = (await segmentsOf(kernel, 'vault')).length;
    const mirrorFiles = async () => (await listMp4(path.join(mirrorDir, 'vault'))).length;
    const before = await mirrorFiles();
    await waitFor('the mirror keeps receiving segments', async () => (await mirrorFiles()) >= before + 3, 30_000);
    expect((await segmentsOf(kernel, 'vault')).length).toBe(indexedWhileDown);

    // The primary comes back: recording returns to it and the index grows again.
    await rm(staging, { force: true });
    await waitFor('recording_restored event', async () => (await eventsOf(kernel, 'vault', 'recording_restored')).length === 1, 30_000);
    await waitFor('indexed again', async () => (await segmentsOf(kernel, 'vault')).length >= indexedWhileDown + 2, 30_000);

    // What was recorded mirror-only is brought back: copied to the primary and indexed like any segment.
    await waitFor('mirror_segments_restored event', async () => (await eventsOf(kernel, 'vault', 'mirror_segments_restored')).length === 1, 30_000);
    const restored = (await eventsOf(kernel, 'vault', 'mirror_segments_restored'))[0]?.payload ?? {};
    expect(restored.left_on_mirror_only).toBe(0);
    expect(restored.restored).toBeGreaterThanOrEqual(3);
    const rows = new Set((await segmentsOf(kernel, 'vault')).map((r) => r.path));
    const onMirror = (await listMp4(path.join(mirrorDir, 'vault'), true)).map((f) => `vault/${f}`);
    // Every segment on the mirror — copies of indexed ones and the mirror-only ones — is in the index
    // now, and its primary file has the same bytes.
    for (const relative of onMirror) {
      expect(rows.has(relative), relative).toBe(true);
      expect((await readFile(path.join(kernel.config.recordingsDir, relative))).equals(await readFile(path.join(mirrorDir, relative))), relative).toBe(true);
    }
    expect((await readdir(kernel.config.recordingsDir, { recursive: true })).some((f) => String(f).endsWith('.restoring'))).toBe(false);
  });
});

/** The .mp4 files under `dir`: names, or with `relative` their paths relative to `dir`. */
describe('recovery: mirror-only footage', () => {
  it('brings back at start what was recorded mirror-only before Heldar stopped (a cut-off one repaired), and nothing older', async () => {
    const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
    const mirrorDir = await use.dir('heldar-mirror-');
    const footage = await use.dir('heldar-mirror-footage-');
    const kernel = await use.recordingKernel({ HELDAR_MIRROR_DIR: mirrorDir });
    await addCamera(kernel, { id: 'attic', name: 'Attic', stream_url: 'rtsp://127.0.0.1:9/none', record_enabled: false, mirror_enabled: true });
    const file = await makeSegmentFile(footage, 'attic', { seconds: 4 });
    await indexCopies(kernel, 'attic', file, [T0]);
    // On the mirror only: two segments after the newest indexed one (the primary was down), and an
    // older one whose primary copy retention deleted (its row is gone on purpose).
    const plant = async (startMs: number) => {
      const relative = segmentRelativePath('attic', startMs);
      await mkdir(path.dirname(path.join(mirrorDir, relative)), { recursive: true });
      await copyFile(file, path.join(mirrorDir, relative));
      return relative;
    };
    const newer = [await plant(T0 + 4_021), await plant(T0 + 8_042)];
    const older = await plant(T0 - 60_000);
    // And the segment ffmpeg was writing into the mirror's staging folder when Heldar died: cut short.
    const mirrorStaging = path.join(mirrorDir, '.staging', 'attic');
    await mkdir(mirrorStaging, { recursive: true });
    const whole = await readFile(file);
    await writeFile(path.join(mirrorStaging, '20261120T100012Z.mp4'), whole.subarray(0, whole.length - 5_000));

    const report = await kernel.startRecording();
    expect(report?.mirrorOnlyRestored).toBe(3);
    expect(await readdir(mirrorStaging)).toEqual([]);
    expect(await eventsOf(kernel, 'attic', 'segment_repaired')).toHaveLength(1);
    const rows = (await segmentsOf(kernel, 'attic')).map((r) => r.path);
    for (const relative of newer) {
      expect(rows).toContain(relative);
      expect((await readFile(path.join(kernel.config.recordingsDir, relative))).equals(await readFile(file))).toBe(true);
    }
    expect(rows).not.toContain(older);
    expect(existsSync(path.join(kernel.config.recordingsDir, older))).toBe(false);
    expect(await eventsOf(kernel, 'attic', 'mirror_segments_restored')).toHaveLength(1);
  });
});

async function listMp4(dir: string, relative = false): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (entry.isFile() && entry.name.endsWith('.mp4')) out.push(relative ? path.relative(dir, path.join(entry.parentPath, entry.name)) : entry.name);
  }
  return out;
}
