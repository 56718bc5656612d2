import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCheck, probeMedia } from '../src/ffmpeg/probe.js';
import type { LiveSink } from '../src/recording/live-sink.js';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, eventsOf, segmentsOf } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor, type TestKernel } from './helpers/test-kernel.js';

const use = testResources();

/** One tap as the sink saw it: what opened it, its bytes, whether it ended. */
interface TapLog {
  cameraId: string;
  label: string;
  chunks: Buffer[];
  ended: boolean;
  openedAt: number;
}

/** A LiveSink that keeps every tap; `write` may be made to misbehave per camera. */
function collectingSink(misbehave: (cameraId: string) => void = () => undefined): { sink: LiveSink; taps: TapLog[] } {
  const taps: TapLog[] = [];
  const sink: LiveSink = {
    open(cameraId, stream, source) {
      const tap: TapLog = { cameraId, label: `${stream}/${source}`, chunks: [], ended: false, openedAt: Date.now() };
      taps.push(tap);
      return {
        write: (chunk) => {
          tap.chunks.push(chunk);
          misbehave(cameraId);
        },
        end: () => {
          tap.ended = true;
        },
      };
    },
  };
  return { sink, taps };
}

/** Gaps between consecutive indexed segments (ms). */
async function gapsOf(kernel: TestKernel, cameraId: string): Promise<number[]> {
  const rows = await segmentsOf(kernel, cameraId);
  return rows.slice(1).map((r, i) => r.start_ms - rows[i]!.end_ms);
}

async function decodes(dir: string, name: string, bytes: Buffer): Promise<{ decodedMs: number; streams: string[] }> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  const check = await decodeCheck('ffmpeg', file);
  expect(check.errors).toBe('');
  expect(check.clean).toBe(true);
  const info = await probeMedia('ffprobe', file);
  return { decodedMs: check.decodedMs, streams: info.streams.map((s) => `${s.type}:${s.codec}:${s.width ?? ''}`) };
}

describe('recorder: the live output beside the segments', () => {
  it('hands a live copy that decodes to the sink, indexes segments with no gap, and opens a new tap per run', async () => {
    const camsim = await use.camsim([smallCamera('cam')]);
    const { sink, taps } = collectingSink();
    const kernel = await use.recordingKernel({}, { liveSink: sink, stallGraceMs: 5000 });
    const dir = await use.dir('heldar-live-');
    await addCamera(kernel, { id: 'cam', name: 'cam', stream_url: camsim.url('cam'), segment_seconds: 2 });
    await kernel.startRecording();
    await waitFor('three segments', async () => (await segmentsOf(kernel, 'cam')).length >= 3, 30_000);
    expect(taps.map((t) => [t.cameraId, t.label, t.ended])).toEqual([['cam', 'main/recorder', false]]);
    expect(await gapsOf(kernel, 'cam')).toEqual([0, 0]);

    // The camera drops the session: the run ends, its tap ends, the next run opens a new one.
    await camsim.setFault('cam', { kind: 'drop' });
    await waitFor('a second tap with bytes', () => taps.length === 2 && taps[1]!.chunks.length > 10, 30_000);
    expect(taps[0]!.ended).toBe(true);
    expect(taps[1]).toMatchObject({ label: 'main/recorder', ended: false });
    const before = (await segmentsOf(kernel, 'cam')).length;
    await waitFor('a segment of the second run', async () => (await segmentsOf(kernel, 'cam')).length > before, 30_000);
    // Stopping the recorder (ffmpeg finishes its last segment) ends the second tap.
    await kernel.recorder.shutdown();
    expect(taps[1]!.ended).toBe(true);

    // Each run's bytes, concatenated, are a whole fMP4 stream: init segment, then fragments.
    const first = await decodes(dir, 'run1.mp4', Buffer.concat(taps[0]!.chunks));
    const second = await decodes(dir, 'run2.mp4', Buffer.concat(taps[1]!.chunks));
    expect(first.streams).toEqual(['video:h264:320']);
    expect(second.streams).toEqual(['video:h264:320']);
    // The first run's live copy is as long as what it recorded (the segments before the drop).
    const rows = await segmentsOf(kernel, 'cam');
    const recordedFirst = rows.filter((r) => r.start_ms < taps[1]!.openedAt).reduce((sum, r) => sum + (r.end_ms - r.start_ms), 0);
    expect(Math.abs(first.decodedMs - recordedFirst)).toBeLessThan(1500);
  }, 120_000);

  it('a sink that throws or is slow delays neither the index nor ffmpeg: no reconnect, contiguous segments', async () => {
    const cameras = ['ok', 'throws', 'slow'];
    const camsim = await use.camsim(cameras.map((id) => smallCamera(id)));
    const { sink, taps } = collectingSink((cameraId) => {
      if (cameraId === 'throws') throw new Error('a broken live hub');
      if (cameraId === 'slow') {
        // Hogs the event loop 5 ms per chunk (the whole of Node, not just this tap).
        const until = Date.now() + 5;
        while (Date.now() < until);
      }
    });
    const kernel = await use.recordingKernel({}, { liveSink: sink, stallGraceMs: 5000 });
    for (const id of cameras) await addCamera(kernel, { id, name: id, stream_url: camsim.url(id), segment_seconds: 2 });
    await kernel.startRecording();
    await waitFor('five segments of every camera', async () => {
      for (const id of cameras) if ((await segmentsOf(kernel, id)).length < 5) return false;
      return true;
    }, 60_000);
    const counts = await Promise.all(cameras.map(async (id) => (await segmentsOf(kernel, id)).length));
    const ends = await Promise.all(cameras.map(async (id) => (await segmentsOf(kernel, id)).at(-1)!.end_ms));
    for (const [i, id] of cameras.entries()) {
      expect((await kernel.status.get(id))?.reconnect_count, id).toBe(0);
      expect(await eventsOf(kernel, id, 'camera_offline'), id).toEqual([]);
      expect(await gapsOf(kernel, id), id).toEqual(Array.from({ length: counts[i]! - 1 }, () => 0));
      // Indexed as promptly as the well-behaved camera's: within one segment of it.
      expect(Math.abs(ends[i]! - ends[0]!), id).toBeLessThanOrEqual(2500);
      expect(taps.filter((t) => t.cameraId === id), id).toHaveLength(1);
    }
    // The throwing tap got its first chunk only: the process dropped the rest and kept draining.
    expect(taps.find((t) => t.cameraId === 'throws')!.chunks).toHaveLength(1);
    expect(taps.find((t) => t.cameraId === 'slow')!.chunks.length).toBeGreaterThan(20);
  }, 120_000);

  it('HELDAR_LIVE_ENABLED=false: no tap is opened and recording goes on', async () => {
    const camsim = await use.camsim([smallCamera('cam')]);
    const { sink, taps } = collectingSink();
    const kernel = await use.recordingKernel({ HELDAR_LIVE_ENABLED: 'false' }, { liveSink: sink });
    await addCamera(kernel, { id: 'cam', name: 'cam', stream_url: camsim.url('cam'), segment_seconds: 2 });
    await kernel.startRecording();
    await waitFor('two segments', async () => (await segmentsOf(kernel, 'cam')).length >= 2, 30_000);
    expect(taps).toEqual([]);
  }, 60_000);
});
