import { open, stat } from 'node:fs/promises';
import { inbandPictureSize } from '../mp4/h264-sps.js';
import { encodeFragmentIndex, indexFragmentFile, toFragmentIndexRecord, type FragmentIndex } from '../mp4/index.js';

/** What the index stores about a segment file, read from its fMP4 boxes (no ffprobe, no decode). */
export interface InspectedSegment {
  durationMs: number;
  codec: string;
  codecs: string;
  width: number | null;
  height: number | null;
  sizeBytes: number;
  initSize: number;
  fragments: Buffer;
  fragmentCount: number;
  truncated: boolean;
  /** Bytes after the last complete fragment (a cut-off fragment when truncated, else e.g. mfra). */
  trailingBytes: number;
  /** Wall-clock start from the first producer reference time (prft), when the file has one. */
  prftStartMs: number | null;
  /**
   * The in-band SPS of the first keyframe says another picture size than the init segment: the camera
   * changed resolution while ffmpeg was stream-copying. width/height hold the in-band (true) size.
   */
  sizeChanged: boolean;
}

const CODEC_NAMES: Readonly<Record<string, string>> = { avc1: 'h264', avc3: 'h264', hvc1: 'hevc', hev1: 'hevc', av01: 'av1', vp09: 'vp9' };

/**
 * Reads a segment's box structure once (a few small reads: init segment and one moof per fragment)
 * and returns what the index needs. Throws Fmp4FormatError when the file is not a fragmented MP4.
 */
export async function inspectSegment(file: string): Promise<InspectedSegment> {
  const index = await indexFragmentFile(file);
  return describe(index, (await stat(file)).size, await readInbandSize(file, index));
}

/** Bytes read from the first video sample: enough for SPS, PPS and SEI ahead of the slice. */
const SAMPLE_HEAD_BYTES = 1024;

/** The picture size in the SPS carried in-band with the first H.264 keyframe, if there is one. */
async function readInbandSize(file: string, index: FragmentIndex): Promise<{ width: number; height: number } | null> {
  const video = index.init.tracks.find((t) => t.kind === 'video');
  if (!video || (video.codec !== 'avc1' && video.codec !== 'avc3')) return null;
  const traf = index.fragments[0]?.tracks.find((t) => t.trackId === video.trackId);
  if (!traf || traf.dataSize === 0) return null;
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(SAMPLE_HEAD_BYTES, traf.dataSize));
    const { bytesRead } = await handle.read(head, 0, head.length, traf.dataOffset);
    try {
      return inbandPictureSize(head.subarray(0, bytesRead));
    } catch {
      // A malformed or cut SPS tells us nothing; the init segment's size stands.
      return null;
    }
  } finally {
    await handle.close();
  }
}

export function describe(index: FragmentIndex, sizeBytes: number, inband: { width: number; height: number } | null = null): InspectedSegment {
  const video = index.init.tracks.find((t) => t.kind === 'video');
  const first = index.fragments[0];
  const initWidth = video?.width ?? null;
  const initHeight = video?.height ?? null;
  const sizeChanged = inband !== null && (inband.width !== initWidth || inband.height !== initHeight);
  return {
    durationMs: Math.round(index.durationMs),
    codec: video ? (CODEC_NAMES[video.codec] ?? video.codec) : 'none',
    codecs: index.init.codecs,
    width: sizeChanged ? inband.width : initWidth,
    height: sizeChanged ? inband.height : initHeight,
    sizeChanged,
    sizeBytes,
    initSize: index.init.range.size,
    fragments: encodeFragmentIndex(toFragmentIndexRecord(index)),
    fragmentCount: index.fragments.length,
    truncated: index.truncated,
    trailingBytes: index.trailingBytes,
    // prft is written when the fragment is flushed, i.e. about when it ends.
    prftStartMs: first?.prft ? Math.round(first.prft.utcMs - first.durationMs) : null,
  };
}
