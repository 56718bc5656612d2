import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegProcess } from './ffmpeg-process.js';
import { decodeCheck, MediaProbeError, probeMedia } from './probe.js';

let dir = '';
const file = (name: string): string => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heldar-probe-'));
  // 4 s of 320x240 H.264 (a keyframe, so a fragment, every second) + mono AAC, as a recorder writes.
  const exit = await new FfmpegProcess({
    bin: 'ffmpeg',
    args: [
      '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
      '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25',
      '-f', 'lavfi', '-i', 'sine=sample_rate=48000',
      '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac',
      '-movflags', '+frag_keyframe+empty_moov+default_base_moof', file('full.mp4'),
    ],
    redact: (t) => t,
    timeoutMs: 30_000,
  }).start().exited;
  if (exit.reason !== 'exited') throw new Error(`cannot make test media: ${exit.stderrTail}`, { cause: exit.error });
  const full = await readFile(file('full.mp4'));
  // What a crash leaves behind: cut in the middle of a fragment, or after the header only.
  await writeFile(file('half.mp4'), full.subarray(0, Math.floor(full.length / 2)));
  const firstMoof = full.indexOf('moof') - 4;
  await writeFile(file('header-only.mp4'), full.subarray(0, firstMoof));
  await writeFile(file('garbage.mp4'), Buffer.from('this is not a video file '.repeat(200)));
  await writeFile(file('empty.mp4'), Buffer.alloc(0));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('probeMedia', () => {
  it('reads duration, container, size and typed streams', async () => {
    const info = await probeMedia('ffprobe', file('full.mp4'));
    expect(info.formatName).toContain('mp4');
    expect(info.sizeBytes).toBe((await stat(file('full.mp4'))).size);
    expect(info.durationMs).toBeGreaterThanOrEqual(4000);
    expect(info.durationMs).toBeLessThan(4200);
    expect(info.startMs).toBe(0);
    expect(info.streams).toHaveLength(2);
    expect(info.streams[0]).toMatchObject({ index: 0, type: 'video', codec: 'h264', width: 320, height: 240 });
    expect(info.streams[0]?.sampleRate).toBeUndefined();
    expect(info.streams[1]).toMatchObject({ index: 1, type: 'audio', codec: 'aac', sampleRate: 48000, channels: 1 });
    expect(info.streams[1]?.width).toBeUndefined();
  });

  it('reads what remains of a file cut mid-fragment', async () => {
    const info = await probeMedia('ffprobe', file('half.mp4'));
    expect(info.durationMs).toBeGreaterThan(0);
    expect(info.durationMs).toBeLessThan(4000);
  });

  it('reports no duration for a header without fragments', async () => {
    const info = await probeMedia('ffprobe', file('header-only.mp4'));
    expect(info.durationMs).toBeNull();
    expect(info.streams.map((s) => s.type)).toEqual(['video', 'audio']);
  });

  it('throws a typed error for a file that is not media', async () => {
    for (const name of ['garbage.mp4', 'empty.mp4']) {
      const err = await probeMedia('ffprobe', file(name)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MediaProbeError);
      expect(err).toMatchObject({ kind: 'unreadable', path: file(name) });
      expect((err as Error).message).toMatch(/is not readable media: .*Invalid data found/);
    }
  });

  it('distinguishes a missing file, a missing ffprobe and a timeout', async () => {
    await expect(probeMedia('ffprobe', file('nope.mp4'))).rejects.toMatchObject({ kind: 'missing' });
    await expect(probeMedia('/nonexistent/ffprobe', file('full.mp4'))).rejects.toMatchObject({
      kind: 'tool-failed',
      message: expect.stringContaining('/nonexistent/ffprobe') as unknown,
    });
    // ffprobe needs tens of milliseconds just to load; 1 ms is always too short.
    await expect(probeMedia('ffprobe', file('full.mp4'), { timeoutMs: 1 })).rejects.toMatchObject({ kind: 'timeout' });
  });
});

describe('decodeCheck', () => {
  it('passes a whole file as clean and playable', async () => {
    const r = await decodeCheck('ffmpeg', file('full.mp4'));
    expect(r).toMatchObject({ clean: true, playable: true, frames: 100, errors: '' });
    expect(r.decodedMs).toBeGreaterThanOrEqual(4000);
  });

  it('finds a file cut by a crash playable up to the cut, but not clean', async () => {
    const r = await decodeCheck('ffmpeg', file('half.mp4'));
    expect(r.playable).toBe(true);
    expect(r.clean).toBe(false);
    expect(r.frames).toBeGreaterThan(0);
    expect(r.frames).toBeLessThan(100);
    expect(r.errors).toMatch(/partial file|Invalid data/);
  });

  it('finds a header-only file, garbage and an empty file unplayable', async () => {
    for (const name of ['header-only.mp4', 'garbage.mp4', 'empty.mp4']) {
      const r = await decodeCheck('ffmpeg', file(name));
      expect({ name, playable: r.playable, clean: r.clean }).toEqual({ name, playable: false, clean: false });
      expect(r.errors).not.toBe('');
    }
  });

  it('throws rather than give a verdict when the check cannot run', async () => {
    await expect(decodeCheck('ffmpeg', file('nope.mp4'))).rejects.toMatchObject({ kind: 'missing' });
    await expect(decodeCheck('/nonexistent/ffmpeg', file('full.mp4'))).rejects.toMatchObject({ kind: 'tool-failed' });
    await expect(decodeCheck('ffmpeg', file('full.mp4'), { timeoutMs: 1 })).rejects.toMatchObject({ kind: 'timeout' });
  });
});
