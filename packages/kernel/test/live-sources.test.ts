import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCheck, probeMedia } from '../src/ffmpeg/probe.js';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, segmentsOf } from './helpers/recording.js';
import { collectingSink } from './helpers/collecting-sink.js';
import { testResources } from './helpers/resources.js';
import { waitFor } from './helpers/test-kernel.js';

const use = testResources();

describe('live sources: one camera connection per stream', () => {
  it('recording (main) and the sampler (sub) feed live view over one RTSP session on each path', async () => {
    const camsim = await use.camsim([smallCamera('front'), smallCamera('front-sub', { width: 160, height: 120 })]);
    const { sink, taps } = collectingSink();
    const kernel = await use.recordingKernel({ HELDAR_SAMPLER_WIDTH: '160' }, { liveSink: sink });
    const dir = await use.dir('heldar-live-sources-');
    await addCamera(kernel, {
      id: 'front',
      name: 'Front',
      stream_url: camsim.url('front'),
      sub_stream_url: camsim.url('front-sub'),
      detect_fps: 2,
      segment_seconds: 2,
    });
    await kernel.startRecording();
    await waitFor('two segments', async () => (await segmentsOf(kernel, 'front')).length >= 2, 30_000);
    await waitFor('sampled frames', async () => ((await kernel.inject({ url: '/api/cameras/front/sampler' })).json() as { frames: number }).frames >= 2, 30_000);
    await waitFor('bytes on both taps', () => taps.length === 2 && taps.every((t) => t.chunks.length > 10), 30_000);

    expect(taps.map((t) => t.key).sort()).toEqual(['front/main/recorder', 'front/sub/sampler']);
    // One connection per stream: the recorder's on the main path, the sampler's on the sub path.
    expect([camsim.activeSessions('front'), camsim.sessionsOpened('front')]).toEqual([1, 1]);
    expect([camsim.activeSessions('front-sub'), camsim.sessionsOpened('front-sub')]).toEqual([1, 1]);

    await kernel.close();
    expect(taps.every((t) => t.ended)).toBe(true);
    // The sub-stream's live copy is the sub-stream itself (stream copy, not the sampler's scaled frames).
    const file = path.join(dir, 'sub.mp4');
    await writeFile(file, Buffer.concat(taps.find((t) => t.key === 'front/sub/sampler')!.chunks));
    const check = await decodeCheck('ffmpeg', file);
    expect(check.errors).toBe('');
    expect(check.frames).toBeGreaterThan(10);
    const info = await probeMedia('ffprobe', file);
    expect(info.streams).toMatchObject([{ type: 'video', codec: 'h264', width: 160, height: 120 }]);
  }, 90_000);
});
