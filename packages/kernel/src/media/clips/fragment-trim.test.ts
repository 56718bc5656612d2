import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexFragmentFile, indexFragments } from '../../mp4/index.js';
import { ffmpeg, probe, recordSegments } from '../../mp4/media-fixture.test-helper.js';
import { trimFragment } from './fragment-trim.js';

let dir: string;
let segment: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'heldar-trim-'));
  [segment = ''] = await recordSegments(dir, 'trim', { seconds: 3, segmentTime: 10, bframes: 2, audio: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trimFragment', () => {
  it('keeps a decode-order prefix per track; the shortened file decodes cleanly', async () => {
    const bytes = await readFile(segment);
    const index = await indexFragmentFile(segment);
    const f = index.fragments[1];
    if (f === undefined) throw new Error('need two fragments');
    const video = index.init.tracks.find((t) => t.kind === 'video');
    const audio = index.init.tracks.find((t) => t.kind === 'audio');
    if (!video || !audio) throw new Error('need video and audio');
    // Cut 0.5 s into the second fragment (it starts at 1 s): 12 of 25 video frames stay.
    const cuts = new Map([
      [video.trackId, Math.round(1.5 * video.timescale)],
      [audio.trackId, Math.round(1.5 * audio.timescale)],
    ]);
    const moof = bytes.subarray(f.moof.offset, f.moof.offset + f.moof.size);
    const mdat = bytes.subarray(f.mdat.offset, f.mdat.offset + f.mdat.size);
    const defaults = new Map(index.init.tracks.map((t) => [t.trackId, t.defaults]));
    const trimmed = trimFragment(moof, mdat, cuts, (id) => defaults.get(id));
    if (trimmed === null) throw new Error('ffmpeg layout not recognised');
    expect(trimmed.mdat.length).toBeLessThan(mdat.length);

    const first = index.fragments[0];
    if (first === undefined) throw new Error('no first fragment');
    const out = Buffer.concat([bytes.subarray(0, first.offset + first.size), trimmed.moof, trimmed.mdat]);
    const file = path.join(dir, 'trimmed.mp4');
    await writeFile(file, out);
    expect(await ffmpeg(['-i', file, '-f', 'null', '-'])).toBe('');

    const reindexed = indexFragments(out);
    const last = reindexed.fragments[1];
    const videoTraf = last?.tracks.find((t) => t.trackId === video.trackId);
    const audioTraf = last?.tracks.find((t) => t.trackId === audio.trackId);
    expect(videoTraf?.sampleCount).toBe(13); // frames at 1.00 … 1.48 s
    expect(videoTraf?.decodeTime).toBe(video.timescale);
    expect((audioTraf?.decodeTime ?? 0) + (audioTraf?.duration ?? 0)).toBeGreaterThanOrEqual(1.5 * audio.timescale);
    expect((audioTraf?.decodeTime ?? 0) + (audioTraf?.duration ?? 0)).toBeLessThan(1.5 * audio.timescale + 1024);
    const p = await probe(file);
    expect(Number(p.streams.find((s) => s.codec_type === 'video')?.duration)).toBeCloseTo(1.52, 1);
  });

  it('returns null for a layout it does not handle', () => {
    const moof = Buffer.from('0000000c6d6f6f6600000000', 'hex');
    expect(trimFragment(moof, Buffer.from('000000086d646174', 'hex'), new Map(), () => undefined)).toBeNull();
  });
});
