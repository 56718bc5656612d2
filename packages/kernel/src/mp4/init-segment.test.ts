import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hevcCodecString, parseEsds } from './codec-string.js';
import { indexFragmentFile } from './fragment-index.js';
import { parseInitSegment } from './init-segment.js';
import { probe, recordSegments } from './media-fixture.test-helper.js';

let dir: string;
let h264: string;
let hevc: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heldar-fmp4-init-'));
  const [a, b] = await Promise.all([
    recordSegments(dir, 'h264', { seconds: 2, segmentTime: 2, bframes: 2, audio: true, size: '640x360' }),
    recordSegments(dir, 'hevc', { seconds: 1, segmentTime: 1, bframes: 0, audio: false, codec: 'libx265' }),
  ]);
  h264 = a[0] ?? '';
  hevc = b[0] ?? '';
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// ffprobe's H.264 profile names → profile_idc, as RFC 6381 puts it in the first hex byte.
const AVC_PROFILES: Record<string, number> = { Baseline: 66, 'Constrained Baseline': 66, Main: 77, High: 100 };

describe('parseInitSegment', () => {
  it('describes H.264 + AAC tracks as ffprobe does', async () => {
    const bytes = await readFile(h264);
    const init = parseInitSegment(bytes);
    const p = await probe(h264);
    const video = p.streams.find((s) => s.codec_type === 'video');
    const audio = p.streams.find((s) => s.codec_type === 'audio');
    const v = init.tracks.find((t) => t.kind === 'video');
    const a = init.tracks.find((t) => t.kind === 'audio');
    expect(v).toMatchObject({ codec: 'avc1', handlerType: 'vide', width: 640, height: 360, displayWidth: 640, displayHeight: 360 });
    expect(v?.trackId).toBe(Number.parseInt(video?.id ?? '', 16));
    expect(`1/${v?.timescale}`).toBe(video?.time_base);
    const profileIdc = AVC_PROFILES[video?.profile ?? ''];
    expect(v?.codecString?.slice(0, 7)).toBe(`avc1.${profileIdc?.toString(16)}`);
    expect(Number.parseInt(v?.codecString?.slice(9, 11) ?? '', 16)).toBe(video?.level);

    expect(audio?.profile).toBe('LC');
    expect(a).toMatchObject({ codec: 'mp4a', codecString: 'mp4a.40.2', handlerType: 'soun', timescale: 48000 });
    expect(a?.sampleRate).toBe(Number(audio?.sample_rate));
    expect(a?.channelCount).toBe(audio?.channels);

    expect(init.codecs).toBe(`${v?.codecString},mp4a.40.2`);
    expect(init.referenceTrackId).toBe(v?.trackId);
    // default_base_moof makes ffmpeg declare iso5, the first brand that knows that tfhd flag.
    expect(init.majorBrand).toBe('iso5');
    // The init range ends where the first top-level box after moov starts.
    const next = bytes.toString('latin1', init.range.size + 4, init.range.size + 8);
    expect(['moof', 'prft']).toContain(next);
    // trex defaults exist for every track (ffmpeg leaves them zero and puts values in tfhd/trun).
    for (const t of init.tracks) expect(t.defaults.sampleDescriptionIndex).toBe(1);
  });

  it('agrees with the init info of the fragment index', async () => {
    const index = await indexFragmentFile(h264);
    expect(parseInitSegment(await readFile(h264))).toEqual(index.init);
    // Only the init range is needed, as for serving EXT-X-MAP.
    const file = await open(h264, 'r');
    try {
      const head = Buffer.alloc(index.init.range.size);
      await file.read(head, 0, head.length, 0);
      expect(parseInitSegment(head)).toEqual(index.init);
    } finally {
      await file.close();
    }
  });

  it('derives the hvc1 codec string from hvcC', async () => {
    const init = parseInitSegment(await readFile(hevc));
    const p = await probe(hevc);
    const stream = p.streams[0];
    expect(stream?.profile).toBe('Main');
    const track = init.tracks[0];
    expect(track?.codec).toBe('hvc1');
    // Main profile (1), compatible with Main and Main 10 (flags 0x60000000 reversed = 6), Main tier,
    // level_idc as ffprobe reports it, then the constraint byte x265 writes: progressive_source +
    // frame_only (0x90; encoders that also set non_packed give the familiar B0).
    expect(track?.codecString).toBe(`hvc1.1.6.L${stream?.level}.90`);
    expect(init.codecs).toBe(track?.codecString);
  });

  it('throws truncated-init when moov is incomplete and not-mp4 without ftyp', async () => {
    const bytes = await readFile(h264);
    expect(() => parseInitSegment(bytes.subarray(0, 200))).toThrow(expect.objectContaining({ code: 'truncated-init' }));
    expect(() => parseInitSegment(Buffer.from('0000000c6d6f6f7600000000', 'hex'))).toThrow(expect.objectContaining({ code: 'not-mp4' }));
  });
});

describe('codec strings', () => {
  it('reads escaped audio object types and non-AAC object types from esds', () => {
    // esds full box: ES_Descriptor(3) > DecoderConfigDescriptor(4) > DecoderSpecificInfo(5).
    const esds = (oti: number, dsi: number[]): Buffer => {
      const dsiDesc = [0x05, dsi.length, ...dsi];
      const dc = [0x04, 13 + dsiDesc.length, oti, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...dsiDesc];
      const es = [0x03, 3 + dc.length, 0, 1, 0, ...dc];
      return Buffer.from([0, 0, 0, 0, ...es]);
    };
    // AAC LC, 44.1 kHz (index 4), stereo.
    expect(parseEsds(esds(0x40, [0x12, 0x10]))).toEqual({ codecString: 'mp4a.40.2', sampleRate: 44100, channelCount: 2 });
    expect(parseEsds(esds(0x40, [0x2b, 0x92, 0x08, 0x00])).codecString).toBe('mp4a.40.5');
    // Object type 31 escapes to 32 + 6 more bits: 0xf8 0x40 → 32 + 2 = 34 (MPEG-1 layer 3 in ASC).
    expect(parseEsds(esds(0x40, [0xf8, 0x40, 0x00])).codecString).toBe('mp4a.40.34');
    expect(parseEsds(esds(0x6b, []))).toEqual({ codecString: 'mp4a.6b' });
    // No DecoderSpecificInfo: the object type is unknown, so only the OTI is given.
    expect(parseEsds(esds(0x40, []))).toEqual({ codecString: 'mp4a.40' });
  });

  it('keeps non-zero constraint bytes of hvcC and marks high tier', () => {
    const hvcC = Buffer.from('01' + '21' + '20000000' + '900000000000' + '99', 'hex');
    expect(hevcCodecString('hev1', hvcC)).toBe('hev1.1.4.H153.90');
  });
});
