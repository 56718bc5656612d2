import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fmp4FormatError } from '../../mp4/fmp4-error.js';
import { type SplitPart, Fmp4StreamSplitter } from './fmp4-stream-splitter.js';
import { fragmentTiming, streamInfoOf } from './live-stream-info.js';

const execFileAsync = promisify(execFile);

/** What a live output writes: fragments of ~100 ms, a keyframe every 25 frames (1 s at 25 fps). */
async function liveFmp4(args: { audio: 'aac' | 'none'; seconds: number }): Promise<Buffer> {
  const inputs = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25'];
  if (args.audio === 'aac') inputs.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  const { stdout } = await execFileAsync(
    'ffmpeg',
    [
      '-hide_banner', '-nostdin', '-v', 'error',
      ...inputs,
      '-t', String(args.seconds),
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-bf', '0', '-pix_fmt', 'yuv420p',
      ...(args.audio === 'aac' ? ['-c:a', 'aac'] : []),
      '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '100000',
      'pipe:1',
    ],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

/** A deterministic pseudo-random split (mulberry32), so a failure can be reproduced. */
function randomChunks(data: Buffer, seed: number, maxChunk: number): Buffer[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chunks: Buffer[] = [];
  for (let pos = 0; pos < data.length; ) {
    const size = 1 + Math.floor(next() * maxChunk);
    chunks.push(data.subarray(pos, pos + size));
    pos += size;
  }
  return chunks;
}

function split(chunks: readonly Buffer[]): SplitPart[] {
  const splitter = new Fmp4StreamSplitter();
  return chunks.flatMap((c) => splitter.push(c));
}

describe('Fmp4StreamSplitter', () => {
  let dir: string;
  let videoOnly: Buffer;
  let withAudio: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'heldar-splitter-'));
    [videoOnly, withAudio] = await Promise.all([liveFmp4({ audio: 'none', seconds: 3 }), liveFmp4({ audio: 'aac', seconds: 3 })]);
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('cuts init + fragments that reassemble byte-identically, whatever the chunk sizes', () => {
    const whole = split([videoOnly]);
    for (const [seed, max] of [[1, 7], [2, 100], [3, 4096], [4, 70_000]] as const) {
      const parts = split(randomChunks(videoOnly, seed, max));
      expect(parts.map((p) => p.kind)).toEqual(whole.map((p) => p.kind));
      // ffmpeg's closing mfra box is not part of the live stream; everything before it is.
      const joined = Buffer.concat(parts.map((p) => p.data));
      expect(joined.equals(videoOnly.subarray(0, joined.length))).toBe(true);
      expect(videoOnly.toString('latin1', joined.length + 4, joined.length + 8)).toBe('mfra');
    }
    expect(whole[0]?.kind).toBe('init');
    // 3 s at 25 fps in ~100 ms fragments.
    expect(whole.length).toBeGreaterThanOrEqual(25);
  });

  it('reports keyframes, decode times and durations of the video track', () => {
    const parts = split(randomChunks(videoOnly, 9, 5000));
    const init = parts[0]!;
    if (init.kind !== 'init') throw new Error('no init first');
    const timings = parts.slice(1).map((p) => (p.kind === 'fragment' ? fragmentTiming(init.info, p.moof) : undefined));
    const keyframes = timings.filter((t) => t?.keyframe === true);
    // A keyframe at 0, 1 and 2 s (-g 25 at 25 fps).
    expect(keyframes.map((k) => Math.round(k!.decodeTimeMs))).toEqual([0, 1000, 2000]);
    const total = timings.reduce((sum, t) => sum + (t?.durationMs ?? 0), 0);
    expect(total).toBeCloseTo(3000, -1);
    // Fragments follow each other without gaps.
    for (let i = 1; i < timings.length; i++) {
      expect(timings[i]!.decodeTimeMs).toBeCloseTo(timings[i - 1]!.decodeTimeMs + timings[i - 1]!.durationMs, 3);
    }
  });

  it('describes the stream for MSE: mime, codecs, size, AAC audio included', async () => {
    const parts = split(randomChunks(withAudio, 5, 3000));
    const init = parts[0]!;
    if (init.kind !== 'init') throw new Error('no init first');
    const info = streamInfoOf(init.info, init.data, 1);
    expect(info.codecs).toMatch(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/);
    expect(info.mime).toBe(`video/mp4; codecs="${info.codecs}"`);
    expect(info.video).toMatchObject({ width: 320, height: 240 });
    expect(info.audio).toEqual({ codec: 'mp4a.40.2', included: true });
    // The reassembled stream decodes without a single error.
    const file = join(dir, 'reassembled.mp4');
    await writeFile(file, Buffer.concat(parts.map((p) => p.data)));
    const { stderr } = await execFileAsync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-']);
    expect(stderr).toBe('');
  });

  it('marks non-AAC audio as not included, with a note', async () => {
    const { stdout } = await execFileAsync(
      'ffmpeg',
      ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-f', 'lavfi', '-i', 'sine', '-t', '1',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'libopus', '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', 'pipe:1'],
      { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
    );
    const init = split([stdout])[0]!;
    if (init.kind !== 'init') throw new Error('no init first');
    const info = streamInfoOf(init.info, init.data, 1);
    expect(info.audio).toMatchObject({ included: false });
    expect(info.audio?.note).toMatch(/video only/);
    expect(info.codecs).not.toMatch(/,/);
  });

  it('hands out a part lying in one chunk as a view of it, without a copy', () => {
    const chunk = Buffer.from(videoOnly);
    const parts = split([chunk]);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(part.data.buffer).toBe(chunk.buffer);
  });

  it('joins a part spread over chunks into a buffer of its own', () => {
    // Copies of the chunks, each in its own memory, so scribbling over them leaves the fixture alone.
    const chunks = randomChunks(videoOnly, 5, 7).map((c) => new Uint8Array(c)).map((c) => Buffer.from(c.buffer));
    const parts = split(chunks);
    const before = Buffer.concat(parts.map((p) => p.data));
    expect(before.equals(Buffer.concat(split([Buffer.from(videoOnly)]).map((p) => p.data)))).toBe(true);
    for (const chunk of chunks) chunk.fill(0);
    expect(Buffer.concat(parts.map((p) => p.data)).equals(before)).toBe(true);
  });

  it('refuses bytes that are not an fMP4 stream', () => {
    const splitter = new Fmp4StreamSplitter();
    expect(() => splitter.push(Buffer.from('\x00\x00\x00\x10mdat0123456789ab', 'latin1'))).toThrow(Fmp4FormatError);
  });

  it('starts over at a new ftyp (the same tap writing a second run)', () => {
    const parts = split(randomChunks(Buffer.concat([videoOnly, videoOnly]), 11, 9000));
    expect(parts.filter((p) => p.kind === 'init')).toHaveLength(2);
  });
});
