import { stat } from 'node:fs/promises';
import { encodeFragmentIndex, indexFragmentFile, toFragmentIndexRecord, type FragmentIndex } from '../media/fmp4/index.js';

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
}

const CODEC_NAMES: Readonly<Record<string, string>> = { avc1: 'h264', avc3: 'h264', hvc1: 'hevc', hev1: 'hevc', av01: 'av1', vp09: 'vp9' };

/**
 * Reads a segment's box structure once (a few small reads: init segment and one moof per fragment)
 * and returns what the index needs. Throws Fmp4FormatError when the file is not a fragmented MP4.
 */
export async function inspectSegment(file: string): Promise<InspectedSegment> {
  const index = await indexFragmentFile(file);
  return describe(index, (await stat(file)).size);
}

export function describe(index: FragmentIndex, sizeBytes: number): InspectedSegment {
  const video = index.init.tracks.find((t) => t.kind === 'video');
  const first = index.fragments[0];
  return {
    durationMs: Math.round(index.durationMs),
    codec: video ? (CODEC_NAMES[video.codec] ?? video.codec) : 'none',
    codecs: index.init.codecs,
    width: video?.width ?? null,
    height: video?.height ?? null,
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
