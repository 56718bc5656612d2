import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CameraRepository } from '../src/cameras/camera.repository.js';
import { decodeCheck, probeMedia } from '../src/ffmpeg/probe.js';
import { buildLiveArgs } from '../src/media/live/live-args.js';
import { LiveUnavailableError } from '../src/media/live/live-types.js';
import { OnDemandSource } from '../src/media/live/on-demand-source.js';
import type { LiveSink } from '../src/recording/live-sink.js';
import { sleep } from '../src/sleep.js';
import { smallCamera } from './helpers/camsim.js';
import { addCamera } from './helpers/recording.js';
import { collectingSink } from './helpers/collecting-sink.js';
import { testResources } from './helpers/resources.js';
import { waitFor, type TestKernel } from './helpers/test-kernel.js';

const use = testResources();

function source(kernel: TestKernel, sink: LiveSink): OnDemandSource {
  return new OnDemandSource({ ffmpegBin: 'ffmpeg', cameras: new CameraRepository(kernel.db, kernel.secretBox), sink, logger: pino({ level: 'silent' }), sleep });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('buildLiveArgs', () => {
  it('reads like the recorder and writes only the live fMP4 on pipe:3', () => {
    const out = ['-c', 'copy', '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '1', '-flush_packets', '1', 'pipe:3'];
    expect(buildLiveArgs({ inputUrl: 'rtsp://u:p@cam/s1', audio: true })).toEqual([
      '-hide_banner', '-loglevel', 'warning', '-rtsp_transport', 'tcp', '-timeout', '15000000', '-analyzeduration', '100000', '-i', 'rtsp://u:p@cam/s1',
      '-map', '0:v:0', '-map', '0:a:0?', ...out,
    ]);
    expect(buildLiveArgs({ inputUrl: 'http://cam/v', audio: false, ioTimeoutMs: 5000 }).slice(3, 7)).toEqual(['-rw_timeout', '5000000', '-i', 'http://cam/v']);
    // A demo camera's file plays at its own speed, looped, like a live camera.
    expect(buildLiveArgs({ inputUrl: '/media/demo.mp4', audio: false }).slice(3, 9)).toEqual(['-re', '-stream_loop', '-1', '-i', '/media/demo.mp4', '-map']);
    expect(() => buildLiveArgs({ inputUrl: 'ftp://cam', audio: false })).toThrow('unsupported input');
    expect(() => buildLiveArgs({ inputUrl: ' ', audio: false })).toThrow('live input URL is empty');
  });
});

describe('on-demand live source', () => {
  it('start: bytes arrive and decode over one camera session; stop: ffmpeg gone, the session closed, the tap ended', async () => {
    const camsim = await use.camsim([smallCamera('gate'), smallCamera('gate-sub', { width: 160, height: 120 })]);
    const kernel = await use.kernel();
    const dir = await use.dir('heldar-on-demand-');
    await addCamera(kernel, { id: 'gate', name: 'Gate', stream_url: camsim.url('gate'), sub_stream_url: camsim.url('gate-sub'), record_enabled: false });
    const { sink, taps } = collectingSink();
    const launcher = source(kernel, sink);

    const run = await launcher.start('gate', 'sub');
    await waitFor('live bytes', () => (taps[0]?.chunks.length ?? 0) > 20, 20_000);
    expect(taps.map((t) => t.key)).toEqual(['gate/sub/on-demand']);
    expect([camsim.activeSessions('gate-sub'), camsim.activeSessions('gate')]).toEqual([1, 0]);
    const pid = run.pid!;
    expect(alive(pid)).toBe(true);

    await run.stop();
    expect(taps[0]!.ended).toBe(true);
    expect(run.pid).toBeUndefined();
    expect(alive(pid)).toBe(false);
    await waitFor('the camera session closed', () => camsim.activeSessions('gate-sub') === 0, 5000);
    expect(camsim.sessionsOpened('gate-sub')).toBe(1);

    const file = path.join(dir, 'sub.mp4');
    await writeFile(file, Buffer.concat(taps[0]!.chunks));
    const check = await decodeCheck('ffmpeg', file);
    expect(check.errors).toBe('');
    expect(check.frames).toBeGreaterThan(10);
    expect((await probeMedia('ffprobe', file)).streams).toMatchObject([{ type: 'video', codec: 'h264', width: 160, height: 120 }]);
  }, 60_000);

  it('restarts with backoff when the camera drops it, in a new tap, until stopped', async () => {
    const camsim = await use.camsim([smallCamera('lane')]);
    const kernel = await use.kernel();
    await addCamera(kernel, { id: 'lane', name: 'Lane', stream_url: camsim.url('lane'), record_enabled: false });
    const { sink, taps } = collectingSink();
    const run = await source(kernel, sink).start('lane', 'main');
    await waitFor('live bytes', () => (taps[0]?.chunks.length ?? 0) > 5, 20_000);
    await camsim.setFault('lane', { kind: 'drop' });
    await waitFor('a second run with bytes', () => taps.length === 2 && taps[1]!.chunks.length > 5, 20_000);
    expect(taps[0]!.ended).toBe(true);
    expect(run.runs).toBe(2);
    await run.stop();
    expect(taps.map((t) => [t.key, t.ended])).toEqual([['lane/main/on-demand', true], ['lane/main/on-demand', true]]);
    await waitFor('the camera session closed', () => camsim.activeSessions('lane') === 0, 5000);
  }, 60_000);

  it('refuses an unknown camera and a sub-stream the camera does not have', async () => {
    const kernel = await use.kernel();
    await addCamera(kernel, { id: 'solo', name: 'Solo', stream_url: 'rtsp://127.0.0.1:9/solo', record_enabled: false });
    const { sink, taps } = collectingSink();
    const launcher = source(kernel, sink);
    await expect(launcher.start('nope', 'main')).rejects.toMatchObject({ code: 'unknown_camera' });
    await expect(launcher.start('solo', 'sub')).rejects.toThrow(LiveUnavailableError);
    await expect(launcher.start('solo', 'sub')).rejects.toMatchObject({ code: 'no_sub_stream', message: 'camera solo has no sub-stream (set sub_stream_url)' });
    expect(taps).toEqual([]);
  });
});
