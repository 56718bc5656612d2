/**
 * The LL-HLS media playlist (RFC 8216bis, "Low-Latency HLS") of a window: a pure function from the
 * window's segments to the m3u8 text, so every tag is checked by unit tests without a stream.
 */

import { segmentDurationMs, type LlHlsSegment } from './ll-hls-window.js';

export interface LlHlsPlaylistInput {
  segments: readonly LlHlsSegment[];
  discontinuitySequence: number;
  /** The longest segment so far (ms); EXT-X-TARGETDURATION is its ceiling in seconds. */
  longestSegmentMs: number;
  /** The longest part so far (ms); PART-TARGET is never below it. */
  longestPartMs: number;
  /** The smallest part the packager makes (ms), PART-TARGET's floor before parts are seen. */
  minPartMs: number;
  /** The msn the next segment will get (the preload hint's target when the last segment is complete). */
  upcomingMsn: number;
  uris: LlHlsUris;
}

export interface LlHlsUris {
  init(generation: number): string;
  segment(msn: number): string;
  part(msn: number, index: number): string;
}

/** PART-HOLD-BACK in part targets: the spec asks for at least 2, Apple's tools use 3 for stable playback. */
export const PART_HOLD_BACK_PARTS = 3;
/** Parts are listed for the segments within this many target durations of the live edge (RFC 8216bis 4.4.4.9). */
const PART_LISTING_TARGETS = 3;

export function partTargetMs(input: Pick<LlHlsPlaylistInput, 'longestPartMs' | 'minPartMs'>): number {
  return Math.ceil(Math.max(input.longestPartMs, input.minPartMs));
}

export function targetDurationSeconds(longestSegmentMs: number): number {
  return Math.max(1, Math.ceil(longestSegmentMs / 1000));
}

export function renderLlHlsPlaylist(input: LlHlsPlaylistInput): string {
  const { segments, uris } = input;
  const targetDuration = targetDurationSeconds(input.longestSegmentMs);
  const partTarget = partTargetMs(input);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:9',
    `#EXT-X-TARGETDURATION:${targetDuration}`,
    `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${seconds(PART_HOLD_BACK_PARTS * partTarget)}`,
    `#EXT-X-PART-INF:PART-TARGET=${seconds(partTarget)}`,
    `#EXT-X-MEDIA-SEQUENCE:${segments[0]?.msn ?? input.upcomingMsn}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${input.discontinuitySequence}`,
  ];
  const partsFrom = firstSegmentWithParts(segments, targetDuration * PART_LISTING_TARGETS * 1000);
  let generation: number | null = null;
  segments.forEach((segment, i) => {
    if (segment.discontinuity && i > 0) lines.push('#EXT-X-DISCONTINUITY');
    if (segment.generation !== generation) {
      lines.push(`#EXT-X-MAP:URI="${uris.init(segment.generation)}"`);
      generation = segment.generation;
    }
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.startedAt).toISOString()}`);
    if (i >= partsFrom) {
      for (const part of segment.parts) {
        lines.push(`#EXT-X-PART:DURATION=${seconds(part.durationMs)},URI="${uris.part(segment.msn, part.index)}"${part.independent ? ',INDEPENDENT=YES' : ''}`);
      }
    }
    if (segment.complete) lines.push(`#EXTINF:${seconds(segmentDurationMs(segment))},`, uris.segment(segment.msn));
  });
  const last = segments.at(-1);
  const hinted = last === undefined || last.complete ? { msn: input.upcomingMsn, index: 0 } : { msn: last.msn, index: last.parts.length };
  lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${uris.part(hinted.msn, hinted.index)}"`);
  return `${lines.join('\n')}\n`;
}

/** The index of the first segment whose parts are listed: those ending within `spanMs` of the live edge. */
function firstSegmentWithParts(segments: readonly LlHlsSegment[], spanMs: number): number {
  let total = 0;
  for (let i = segments.length - 1; i >= 0; i--) {
    total += segmentDurationMs(segments[i]!);
    if (total > spanMs) return i + 1;
  }
  return 0;
}

/** Decimal seconds with millisecond precision, as EXTINF and the part attributes take them. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
