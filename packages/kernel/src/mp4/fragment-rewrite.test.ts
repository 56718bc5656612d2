import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childBoxes } from './box-reader.js';
import { Fmp4UnsupportedError } from './fmp4-error.js';
import { type FragmentIndex, indexFragmentFile, indexFragments } from './fragment-index.js';
import { rewriteMoof } from './fragment-rewrite.js';
import { FragmentSequencer } from './fragment-sequencer.js';
import { type Probe, ffmpeg, packetsInFileOrder, probe, recordSegments } from './media-fixture.test-helper.js';
import { parseMoof } from './movie-fragment.js';

let dir: string;
let segments: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heldar-fmp4-rewrite-'));
  segments = await recordSegments(dir, 'ab', { seconds: 6, segmentTime: 3, bframes: 2, audio: true, prft: true });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
}

/** Concatenates whole files the way clip export will: one init segment, then rewritten moof + mdat pairs. */
function concatenate(files: readonly { bytes: Buffer; index: FragmentIndex }[], transform = (moof: Buffer) => moof): Buffer {
  const first = files[0];
  if (first === undefined) throw new Error('no files');
  const parts = [first.bytes.subarray(0, first.index.init.range.size)];
  const sequencer = new FragmentSequencer();
  for (const { bytes, index } of files) {
    sequencer.beginFile(index.init);
    for (const f of index.fragments) {
      const moof = transform(bytes.subarray(f.moof.offset, f.moof.offset + f.moof.size));
      // prft boxes are left out: their media times belong to the source file's timeline.
      parts.push(rewriteMoof(moof, sequencer.next(f)), bytes.subarray(f.mdat.offset, f.mdat.offset + f.mdat.size));
    }
  }
  return Buffer.concat(parts);
}

function expectStrictlyIncreasingDts(p: Probe): void {
  for (const stream of p.streams) {
    const dts = packetsInFileOrder(p, stream.index).map((x) => x.dts);
    for (let i = 1; i < dts.length; i++) expect(dts[i]).toBeGreaterThan(dts[i - 1] ?? Number.NEGATIVE_INFINITY);
  }
}

async function load(path: string): Promise<{ bytes: Buffer; index: FragmentIndex }> {
  return { bytes: await readFile(path), index: await indexFragmentFile(path) };
}

describe('clip export building blocks against ffmpeg', () => {
  it('joins segment A and segment B into one MP4 that decodes cleanly', async () => {
    const [a, b] = await Promise.all(segments.slice(0, 2).map(load));
    if (a === undefined || b === undefined) throw new Error('need two segments');
    const out = join(dir, 'joined.mp4');
    await writeFile(out, concatenate([a, b]));

    expect(await ffmpeg(['-i', out, '-f', 'null', '-'])).toBe('');
    const [joined, pa, pb] = await Promise.all([probe(out), probe(segments[0] ?? ''), probe(segments[1] ?? '')]);
    expectStrictlyIncreasingDts(joined);
    expect(joined.packets).toHaveLength(pa.packets.length + pb.packets.length);
    const videoSeconds = (p: Probe): number => Number(p.streams.find((s) => s.codec_type === 'video')?.duration);
    expect(videoSeconds(joined)).toBeCloseTo(videoSeconds(pa) + videoSeconds(pb), 3);
    const audioTicks = (p: Probe): number => p.streams.find((s) => s.codec_type === 'audio')?.duration_ts ?? Number.NaN;
    // Audio continues where A's audio ended (it may start up to one AAC frame later, never earlier).
    expect(audioTicks(joined) - (audioTicks(pa) + audioTicks(pb))).toBeGreaterThanOrEqual(0);
    expect(audioTicks(joined) - (audioTicks(pa) + audioTicks(pb))).toBeLessThanOrEqual(1024);
    // The container duration adds the B-frame presentation delay (0.08 s) and audio that runs past the
    // last video frame, so it is only close to A + B.
    expect(Math.abs(Number(joined.format.duration) - (a.index.durationMs + b.index.durationMs) / 1000)).toBeLessThan(0.15);

    const index = indexFragments(await readFile(out));
    expect(index.fragments.map((f) => f.sequenceNumber)).toEqual(index.fragments.map((_, i) => i + 1));
    expect(index.durationMs).toBeCloseTo(a.index.durationMs + b.index.durationMs, 6);
    const videoId = index.init.referenceTrackId;
    let videoEnd = 0;
    for (const f of index.fragments) {
      const video = f.tracks.find((t) => t.trackId === videoId);
      if (video === undefined) continue;
      // Video is gapless across the join.
      expect(video.decodeTime).toBe(videoEnd);
      videoEnd = video.decodeTime + video.duration;
    }
  });

  it('upgrades version-0 tfdt boxes when decode times pass 2^32, and ffmpeg still decodes the result', async () => {
    const [a, b] = await Promise.all(segments.slice(0, 2).map(load));
    if (a === undefined || b === undefined) throw new Error('need two segments');
    const v0 = concatenate([a, b], downgradeTfdt);
    const v0Index = indexFragments(v0);
    // Start the whole clip 2^32 video ticks in (335544.32 s), the same instant on the audio track.
    const timescales = new Map(v0Index.init.tracks.map((t) => [t.trackId, t.timescale]));
    const videoScale = timescales.get(v0Index.init.referenceTrackId) ?? 1;
    const parts = [v0.subarray(0, v0Index.init.range.size)];
    for (const f of v0Index.fragments) {
      const decodeTimes = new Map(f.tracks.map((t) => [t.trackId, t.decodeTime + (2 ** 32 * (timescales.get(t.trackId) ?? 1)) / videoScale]));
      const moof = v0.subarray(f.moof.offset, f.moof.offset + f.moof.size);
      const rewritten = rewriteMoof(moof, { decodeTimes });
      expect(rewritten.length).toBe(moof.length + 4 * f.tracks.length);
      parts.push(rewritten, v0.subarray(f.mdat.offset, f.mdat.offset + f.mdat.size));
    }
    const out = join(dir, 'late.mp4');
    await writeFile(out, Buffer.concat(parts));

    expect(await ffmpeg(['-i', out, '-f', 'null', '-'])).toBe('');
    const p = await probe(out);
    expectStrictlyIncreasingDts(p);
    expect(p.packets).toHaveLength(v0Index.fragments.reduce((n, f) => n + f.tracks.reduce((m, t) => m + t.sampleCount, 0), 0));
    const video = p.streams.find((s) => s.codec_type === 'video');
    expect(packetsInFileOrder(p, video?.index ?? 0)[0]?.dts).toBe(2 ** 32);
  });
});

describe('rewriteMoof', () => {
  it('patches sequence number and tfdt in place and leaves the input alone', async () => {
    const { bytes, index } = await load(segments[0] ?? '');
    const f = index.fragments[1];
    if (f === undefined) throw new Error('need two fragments');
    const moof = bytes.subarray(f.moof.offset, f.moof.offset + f.moof.size);
    const before = Buffer.from(moof);
    const videoId = index.init.referenceTrackId;
    const out = rewriteMoof(moof, { sequenceNumber: 77, decodeTimes: new Map([[videoId, 2 ** 40]]) });
    expect(moof).toEqual(before);
    expect(out.length).toBe(moof.length);
    const defaults = new Map(index.init.tracks.map((t) => [t.trackId, t.defaults]));
    const parsed = parseMoof(out, f.moof.offset, (id) => defaults.get(id));
    expect(parsed.sequenceNumber).toBe(77);
    for (const traf of parsed.trafs) {
      const original = f.tracks.find((t) => t.trackId === traf.trackId);
      expect(traf.baseMediaDecodeTime).toBe(traf.trackId === videoId ? 2 ** 40 : original?.decodeTime);
      expect(traf.dataOffset).toBe(original?.dataOffset);
    }
  });

  it('grows version-0 and missing tfdt boxes and moves moof-relative data offsets with them', () => {
    const moof = syntheticMoof({ firstTfdt: 'v0', secondTfdt: 'none', mdatPayload: 12 });
    const out = rewriteMoof(moof, { decodeTimes: new Map([[1, 2 ** 33], [2, 5]]) });
    // +4 for the v0 → v1 tfdt of track 1, +20 for a new tfdt in track 2.
    expect(out.length).toBe(moof.length + 24);
    const defaults = (): { sampleDescriptionIndex: number; sampleDuration: number; sampleSize: number; sampleFlags: number } => ({
      sampleDescriptionIndex: 1,
      sampleDuration: 10,
      sampleSize: 0,
      sampleFlags: 0,
    });
    const before = parseMoof(moof, 0, defaults);
    const after = parseMoof(out, 0, defaults);
    expect(after.trafs.map((t) => t.baseMediaDecodeTime)).toEqual([2 ** 33, 5]);
    // The same samples, still right behind the (bigger) moof's mdat header.
    expect(after.trafs.map((t) => t.dataOffset - out.length)).toEqual(before.trafs.map((t) => t.dataOffset - moof.length));
    expect(after.trafs.map((t) => t.dataSize)).toEqual([7, 5]);
  });

  it('rewrites a version-0 tfdt in place while the value fits 32 bits', () => {
    const moof = syntheticMoof({ firstTfdt: 'v0', secondTfdt: 'v0', mdatPayload: 12 });
    const out = rewriteMoof(moof, { decodeTimes: new Map([[1, 0xffffffff]]) });
    expect(out.length).toBe(moof.length);
    expect(parseMoof(out, 0, () => ({ sampleDescriptionIndex: 1, sampleDuration: 1, sampleSize: 0, sampleFlags: 0 })).trafs[0]?.baseMediaDecodeTime).toBe(0xffffffff);
  });

  it('refuses moofs with an absolute base_data_offset', () => {
    const tfhd = box('tfhd', u32(0x000001, 1), Buffer.alloc(8));
    const moof = box('moof', box('mfhd', u32(0, 1)), box('traf', tfhd, box('trun', u32(0, 0))));
    expect(() => rewriteMoof(moof, { sequenceNumber: 2 })).toThrow(Fmp4UnsupportedError);
  });
});

/**
 * A moof of two trafs: track 1 with a moof-relative base (default_base_moof) and two samples of 3 and 4
 * bytes, track 2 with no base flags (its data follows track 1's) and one sample of 5 bytes.
 */
function syntheticMoof(options: { firstTfdt: 'v0' | 'none'; secondTfdt: 'v0' | 'none'; mdatPayload: number }): Buffer {
  const tfdt = (kind: 'v0' | 'none', value: number): Buffer[] => (kind === 'v0' ? [box('tfdt', u32(0, value))] : []);
  const build = (dataOffset: number): Buffer =>
    box(
      'moof',
      box('mfhd', u32(0, 1)),
      box('traf', box('tfhd', u32(0x020000, 1)), ...tfdt(options.firstTfdt, 100), box('trun', u32(0x000201, 2, dataOffset, 3, 4))),
      box('traf', box('tfhd', u32(0, 2)), ...tfdt(options.secondTfdt, 200), box('trun', u32(0x000201, 1, 0, 5))),
    );
  const size = build(0).length;
  return build(size + 8);
}

/** Test-only inverse of the upgrade: turns ffmpeg's version-1 tfdt boxes into version 0. */
function downgradeTfdt(moof: Buffer): Buffer {
  const children: Buffer[] = [];
  let shrink = 0;
  for (const child of childBoxes(moof, 8, moof.length)) {
    if (child.type !== 'traf') {
      children.push(moof.subarray(child.offset, child.end));
      continue;
    }
    const trafChildren: Buffer[] = [];
    for (const c of childBoxes(moof, child.offset + 8, child.end)) {
      if (c.type === 'tfdt' && moof.readUInt8(c.offset + 8) === 1) {
        trafChildren.push(box('tfdt', u32(0, Number(moof.readBigUInt64BE(c.offset + 12)))));
        shrink += 4;
      } else {
        trafChildren.push(moof.subarray(c.offset, c.end));
      }
    }
    children.push(box('traf', ...trafChildren));
  }
  const out = box('moof', ...children);
  // ffmpeg's trafs are all default_base_moof: every data offset counts from the moof start.
  for (const child of childBoxes(out, 8, out.length)) {
    if (child.type !== 'traf') continue;
    for (const c of childBoxes(out, child.offset + 8, child.end)) {
      if (c.type === 'trun' && (out.readUInt32BE(c.offset + 8) & 1) !== 0) out.writeInt32BE(out.readInt32BE(c.offset + 16) - shrink, c.offset + 16);
    }
  }
  return out;
}
