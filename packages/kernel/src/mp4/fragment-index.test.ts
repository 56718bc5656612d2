import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fmp4FormatError } from './fmp4-error.js';
import { type FragmentIndex, indexFragmentFile, indexFragmentRange, indexFragments, indexFragmentsAt } from './fragment-index.js';
import { type Probe, ffmpeg, packetsInFileOrder, probe, recordSegments } from './media-fixture.test-helper.js';

let dir: string;
const recordings = new Map<string, string[]>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heldar-fmp4-index-'));
  const made = await Promise.all([
    recordSegments(dir, 'video-bf0', { seconds: 6, segmentTime: 3, bframes: 0, audio: false, source: 'mpegts' }),
    recordSegments(dir, 'video-bf2-audio', { seconds: 6, segmentTime: 3, bframes: 2, audio: true }),
    recordSegments(dir, 'video-bf0-audio-prft', { seconds: 4, segmentTime: 2, bframes: 0, audio: true, prft: true }),
  ]);
  recordings.set('video-bf0', made[0]);
  recordings.set('video-bf2-audio', made[1]);
  recordings.set('video-bf0-audio-prft', made[2]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function files(name: string): string[] {
  const list = recordings.get(name);
  if (list === undefined || list.length < 2) throw new Error(`fixture ${name} missing`);
  return list;
}

/** Checks an index against what ffprobe reads from the same file. */
function expectMatchesProbe(index: FragmentIndex, p: Probe): void {
  const { init, fragments } = index;
  expect(init.range.size + fragments.reduce((s, f) => s + f.size, 0) + index.trailingBytes).toBe(index.fileSize);
  expect(Number(p.format.size)).toBe(index.fileSize);
  let expectedOffset = init.range.size;
  for (const f of fragments) {
    expect(f.offset).toBe(expectedOffset);
    expect(f.mdat.offset + f.mdat.size).toBe(f.offset + f.size);
    expect(f.moof.offset + f.moof.size).toBe(f.mdat.offset);
    expectedOffset += f.size;
  }

  const video = p.streams.find((s) => s.codec_type === 'video');
  if (video === undefined) throw new Error('no video stream');
  expect(Number.parseInt(video.id, 16)).toBe(init.referenceTrackId);
  const videoPackets = packetsInFileOrder(p, video.index);
  const keyframes = videoPackets.filter((x) => x.flags.startsWith('K')).length;
  // Every fragment with video starts on a keyframe and every keyframe starts a fragment; only ffmpeg's
  // final flush of left-over audio may form a fragment without video.
  expect(fragments.filter((f) => f.keyframe)).toHaveLength(keyframes);
  const withoutVideo = fragments.filter((f) => !f.tracks.some((t) => t.trackId === init.referenceTrackId));
  expect(withoutVideo.length).toBeLessThanOrEqual(1);
  if (withoutVideo.length === 1) expect(withoutVideo[0]).toBe(fragments[fragments.length - 1]);

  const frameMs = 1000 / 25;
  expect(Math.abs(index.durationMs - Number(video.duration) * 1000)).toBeLessThanOrEqual(frameMs);

  for (const stream of p.streams) {
    const trackId = Number.parseInt(stream.id, 16);
    const packets = packetsInFileOrder(p, stream.index);
    let consumed = 0;
    let expectedDecode: number | undefined;
    let total = 0;
    for (const f of fragments) {
      const traf = f.tracks.find((t) => t.trackId === trackId);
      if (traf === undefined) continue;
      const first = packets[consumed];
      if (first === undefined) throw new Error(`track ${trackId}: more samples indexed than ffprobe reads`);
      expect(traf.dataOffset).toBe(Number(first.pos));
      expect(traf.decodeTime).toBe(first.dts);
      if (stream.codec_type === 'video') {
        expect(first.flags.startsWith('K')).toBe(true);
        expect(traf.startsWithSync).toBe(true);
        expect(f.keyframe).toBe(true);
      }
      if (expectedDecode !== undefined) expect(traf.decodeTime).toBe(expectedDecode);
      expectedDecode = traf.decodeTime + traf.duration;
      consumed += traf.sampleCount;
      total += traf.duration;
    }
    expect(consumed).toBe(packets.length);
    expect(total).toBe(stream.duration_ts);
  }
}

describe('indexFragmentFile against ffprobe', () => {
  it.each(['video-bf0', 'video-bf2-audio', 'video-bf0-audio-prft'])('%s', async (name) => {
    for (const path of files(name)) {
      const [index, p] = await Promise.all([indexFragmentFile(path), probe(path)]);
      expect(index.truncated).toBe(false);
      expect(index.fragments.length).toBeGreaterThan(1);
      expectMatchesProbe(index, p);
      // The buffer path and the file path are the same parser fed differently.
      expect(indexFragments(await readFile(path))).toEqual(index);
    }
  });

  it('reports composition offsets of B-frame video', async () => {
    const index = await indexFragmentFile(files('video-bf2-audio')[0] ?? '');
    const video = index.fragments[0]?.tracks.find((t) => t.trackId === index.init.referenceTrackId);
    // Two B-frames delay presentation by two frame durations (12800 Hz / 25 fps = 512 per frame).
    expect(video?.earliestPresentationOffset).toBe(1024);
  });

  it('describes the trailing mfra as trailing bytes, not as truncation', async () => {
    const path = files('video-bf0')[0] ?? '';
    const index = await indexFragmentFile(path);
    const tail = (await readFile(path)).subarray(index.fileSize - index.trailingBytes);
    expect(tail.toString('latin1', 4, 8)).toBe('mfra');
    expect(tail.readUInt32BE(0)).toBe(index.trailingBytes);
  });

  it('parses prft boxes written with write_prft=wallclock', async () => {
    const started = Date.now();
    for (const path of files('video-bf0-audio-prft')) {
      const index = await indexFragmentFile(path);
      const withVideo = index.fragments.filter((f) => f.keyframe);
      for (const [i, f] of withVideo.entries()) {
        // ffmpeg 5.1: version 1, flags 24, reference track = first track, NTP = the muxer's wall clock
        // when it wrote the fragment, media time = PTS of the fragment's first video sample — except in
        // a file's first fragment, where it is the PTS from before the muxer moved the first sample to
        // zero (ahead by the audio priming offset, less than a frame).
        expect(f.prft).toMatchObject({ trackId: index.init.referenceTrackId, flags: 24 });
        const video = f.tracks.find((t) => t.trackId === index.init.referenceTrackId);
        const pts = f.decodeTime + (video?.earliestPresentationOffset ?? 0);
        const ahead = (f.prft?.mediaTime ?? 0) - pts;
        if (i === 0) expect(ahead).toBeGreaterThanOrEqual(0);
        expect(ahead).toBeLessThan(i === 0 ? 512 : 1);
        expect(Math.abs((f.prft?.utcMs ?? 0) - started)).toBeLessThan(60_000);
      }
      expect(index.fragments[0]?.offset).toBe(index.init.range.size);
      expect(index.fragments[0]?.moof.offset).toBe(index.init.range.size + 32);
    }
  });

  it('indexes fragments from a part of the file (in memory, or read from the open file), exactly as from the whole file', async () => {
    for (const name of ['video-bf2-audio', 'video-bf0-audio-prft']) {
      const path = files(name)[0] ?? '';
      const whole = await indexFragmentFile(path);
      const bytes = await readFile(path);
      // Fragments 1..last (prft, moof and mdat each), from their file offsets: what clip export reads.
      const first = whole.fragments[1];
      const last = whole.fragments.at(-1);
      if (first === undefined || last === undefined) throw new Error('need two fragments');
      const part = bytes.subarray(first.offset, last.offset + last.size);
      expect(indexFragmentsAt(whole.init, part, first.offset)).toEqual(whole.fragments.slice(1));
      // The same from the open file, reading only the moofs.
      const handle = await open(path, 'r');
      try {
        const ranged = await indexFragmentRange(handle, whole.init, first.offset, last.offset + last.size);
        expect(ranged.map(({ moofBytes: _, ...f }) => f)).toEqual(whole.fragments.slice(1));
        for (const f of ranged) expect(f.moofBytes).toEqual(bytes.subarray(f.moof.offset, f.moof.offset + f.moof.size));
        await expect(indexFragmentRange(handle, whole.init, first.offset, last.offset + last.size - 1)).rejects.toThrow(/do not end with a complete fragment/);
      } finally {
        await handle.close();
      }
      // A part that stops inside a fragment is refused, not half-indexed.
      expect(() => indexFragmentsAt(whole.init, part.subarray(0, part.length - 1), first.offset)).toThrow(/do not end with a complete fragment/);
    }
  });
});

describe('cut-off files', () => {
  async function cut(path: string, length: number): Promise<string> {
    const target = join(dir, `cut-${length}.mp4`);
    await writeFile(target, (await readFile(path)).subarray(0, length));
    return target;
  }

  it('keeps the complete fragments of a file cut inside an mdat', async () => {
    const path = files('video-bf2-audio')[0] ?? '';
    const whole = await indexFragmentFile(path);
    const second = whole.fragments[1];
    if (second === undefined) throw new Error('need two fragments');
    const length = second.mdat.offset + 1000;
    const index = await indexFragmentFile(await cut(path, length));
    expect(index.truncated).toBe(true);
    expect(index.fragments).toEqual(whole.fragments.slice(0, 1));
    expect(index.trailingBytes).toBe(length - second.offset);
    expect(index.fileSize).toBe(length);
    expect(indexFragments((await readFile(path)).subarray(0, length))).toEqual(index);
  });

  it('treats a moof without its mdat, or a cut moof, as truncated', async () => {
    const path = files('video-bf0')[0] ?? '';
    const whole = await indexFragmentFile(path);
    const second = whole.fragments[1];
    if (second === undefined) throw new Error('need two fragments');
    for (const length of [second.mdat.offset, second.moof.offset + 40, second.moof.offset + 3]) {
      const index = await indexFragmentFile(await cut(path, length));
      expect(index).toMatchObject({ truncated: true, trailingBytes: length - second.offset });
      expect(index.fragments).toHaveLength(1);
    }
  });

  it('accepts a last mdat whose size is 0 ("to the end of the file")', async () => {
    const path = files('video-bf0')[0] ?? '';
    const whole = await indexFragmentFile(path);
    const last = whole.fragments[whole.fragments.length - 1];
    if (last === undefined) throw new Error('no fragments');
    const bytes = Buffer.from((await readFile(path)).subarray(0, last.mdat.offset + last.mdat.size));
    bytes.writeUInt32BE(0, last.mdat.offset);
    const target = join(dir, 'size-zero.mp4');
    await writeFile(target, bytes);
    const index = await indexFragmentFile(target);
    expect(index).toMatchObject({ truncated: false, trailingBytes: 0 });
    expect(index.fragments).toEqual(whole.fragments);
    expect(indexFragments(bytes)).toEqual(index);
  });

  it('indexes an init segment with no fragments yet', async () => {
    const path = files('video-bf0')[0] ?? '';
    const whole = await indexFragmentFile(path);
    const index = await indexFragmentFile(await cut(path, whole.init.range.size));
    expect(index).toMatchObject({ truncated: false, trailingBytes: 0, durationMs: 0, fragments: [] });
  });

  it('throws truncated-init when the file ends inside the moov', async () => {
    const path = files('video-bf0')[0] ?? '';
    await expect(indexFragmentFile(await cut(path, 100))).rejects.toMatchObject({
      name: 'Fmp4FormatError',
      code: 'truncated-init',
    });
  });
});

describe('files that are not fragmented MP4', () => {
  async function codeOf(bytes: Buffer): Promise<string> {
    const path = join(dir, 'garbage.bin');
    await writeFile(path, bytes);
    try {
      await indexFragmentFile(path);
    } catch (e: unknown) {
      expect(e).toBeInstanceOf(Fmp4FormatError);
      expect(() => indexFragments(bytes)).toThrow(Fmp4FormatError);
      if (e instanceof Fmp4FormatError) return e.code;
    }
    throw new Error('expected indexFragmentFile to throw');
  }

  it('rejects random bytes, text, an empty file and a JPEG with not-mp4', async () => {
    const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');
    for (const bytes of [randomBytes(4096), Buffer.from('hello, this is not a video\n'.repeat(20)), Buffer.alloc(0), jpeg]) {
      expect(await codeOf(bytes)).toBe('not-mp4');
    }
  });

  it('explains what is wrong in the message', async () => {
    expect(() => indexFragments(Buffer.from('hello, this is not a video'))).toThrow(/Not an MP4 file.*not 'ftyp'/);
  });

  it('rejects a regular (non-fragmented) MP4 with not-fragmented', async () => {
    const path = join(dir, 'regular.mp4');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', path]);
    expect(await codeOf(await readFile(path))).toBe('not-fragmented');
  });

  it('rejects a moof whose trun claims more samples than it holds with bad-fragment', async () => {
    const path = files('video-bf0')[0] ?? '';
    const bytes = Buffer.from(await readFile(path));
    const index = indexFragments(bytes);
    const moof = index.fragments[0]?.moof;
    if (moof === undefined) throw new Error('no fragment');
    const trun = bytes.indexOf('trun', moof.offset, 'latin1');
    bytes.writeUInt32BE(0x00ffffff, trun + 8); // sample_count
    expect(await codeOf(bytes)).toBe('bad-fragment');
  });

  it('rejects samples pointing outside their mdat with bad-fragment', async () => {
    const path = files('video-bf0')[0] ?? '';
    const bytes = Buffer.from(await readFile(path));
    const moof = indexFragments(bytes).fragments[0]?.moof;
    if (moof === undefined) throw new Error('no fragment');
    const trun = bytes.indexOf('trun', moof.offset, 'latin1');
    bytes.writeInt32BE(-100, trun + 12); // data_offset
    expect(await codeOf(bytes)).toBe('bad-fragment');
    expect((await stat(path)).size).toBe(bytes.length);
  });
});
