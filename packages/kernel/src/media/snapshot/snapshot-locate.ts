import { fileParts, type PlaylistPart, type PlaylistSource } from '../playback/hls-playlist.js';

/** The keyframe-led part of a recorded file that holds a moment. */
export interface SnapshotPart {
  segmentId: number;
  /** Byte range of the file's init segment (always at 0). */
  initSize: number;
  part: PlaylistPart;
  timescale: number;
}

export type LocatedMoment = { found: SnapshotPart } | { found: null; nearestMs: number | null };

/**
 * The part (a byte range that starts with a keyframe, as HLS playback serves it) whose span
 * [start, start + duration) holds `at`; otherwise the recorded moment nearest to `at` among the
 * sources (the edge of the closest part), or null when they hold none.
 */
export function locateMoment(sources: readonly PlaylistSource[], at: number): LocatedMoment {
  let nearestMs: number | null = null;
  for (const source of sources) {
    const { timescale } = source.index;
    for (const part of fileParts(source)) {
      const end = part.startMs + (part.ticks * 1000) / timescale;
      if (part.startMs <= at && at < end) {
        return { found: { segmentId: source.segmentId, initSize: source.index.initSize, part, timescale } };
      }
      // The last moment a part shows is a frame before its end; its end is close enough for a hint.
      const edge = at < part.startMs ? part.startMs : end;
      if (nearestMs === null || Math.abs(edge - at) < Math.abs(nearestMs - at)) nearestMs = edge;
    }
  }
  return { found: null, nearestMs };
}
