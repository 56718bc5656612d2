import { DEFAULT_SEAM_MS } from '../coverage.js';
import type { FragmentIndexRecord } from '../../mp4/index.js';
import { toRfc3339 } from '../../time.js';

/** A recorded segment file as the playlist needs it: where it sits in time and its fragment index. */
export interface PlaylistSource {
  segmentId: number;
  /** Wall-clock time of the file's first fragment (the segment's start_ms). */
  startMs: number;
  index: FragmentIndexRecord;
  /**
   * What the file's init segment declares (codec strings, picture size, init size): files whose keys
   * differ were encoded with other parameters.
   */
  encoding: string;
}

/**
 * One HLS media segment: a byte range of a recorded file that starts with a keyframe fragment
 * (`[prft] moof mdat`) and takes in the fragments after it that do not start with one (the audio-only
 * fragment ffmpeg flushes at the end of a file), so every range decodes on its own.
 */
export interface PlaylistPart {
  offset: number;
  size: number;
  startMs: number;
  /** Decode time of its first sample and its duration, in the file's reference-track timescale. */
  decodeTime: number;
  ticks: number;
}

export interface PlaylistFile {
  segmentId: number;
  initSize: number;
  timescale: number;
  parts: PlaylistPart[];
  /**
   * EXT-X-DISCONTINUITY before this file: footage is missing between it and the previous file (a gap
   * of a second or more: the camera's stream was interrupted, a new encoding sequence begins) or its
   * encoding parameters differ. Not between back-to-back files of one recording: with the shifted decode
   * times (below) nothing changes there but the EXT-X-MAP.
   */
  discontinuity: boolean;
  /**
   * Microseconds to add to this file's decode times so that the playlist is one timeline from zero:
   * the first part of the first file starts at 0 and each file continues where the previous one ended
   * (every recorded file restarts at zero, so later files move forward; a first file entered mid-way
   * moves back).
   */
  shiftUs: number;
}

export interface HlsPlaylist {
  text: string;
  /** The files the playlist points into, in order. */
  files: PlaylistFile[];
  /** Σ EXTINF: what a player plays (the recorded part of the range, widened to whole fragments). */
  durationMs: number;
}

/** Keyframe-led parts of one file, all of them. */
export function fileParts(source: PlaylistSource): PlaylistPart[] {
  const { index } = source;
  const base = index.fragments[0]?.decodeTime ?? 0;
  const parts: PlaylistPart[] = [];
  for (const f of index.fragments) {
    const startMs = source.startMs + ((f.decodeTime - base) * 1000) / index.timescale;
    const current = parts.at(-1);
    if (f.keyframe && f.duration > 0) {
      parts.push({ offset: f.offset, size: f.size, startMs, decodeTime: f.decodeTime, ticks: f.duration });
    } else if (current && current.offset + current.size === f.offset) {
      current.size += f.size;
      current.ticks += f.duration;
    }
    // Fragments before a file's first keyframe cannot be decoded on their own: left out.
  }
  return parts;
}

/**
 * The parts of the files that overlap [from, to): from the part holding `from` through the part
 * holding `to`. Files with no such part are left out. Each file gets the shift that puts its first
 * part where the playlist's EXTINFs say it is.
 */
export function selectParts(sources: readonly PlaylistSource[], from: number, to: number): PlaylistFile[] {
  const files: PlaylistFile[] = [];
  // Where the next file starts on the playlist's timeline, in seconds.
  let position = 0;
  let previous: { endMs: number; encoding: string } | null = null;
  for (const source of sources) {
    const { timescale } = source.index;
    const parts = fileParts(source).filter((p) => p.startMs < to && p.startMs + (p.ticks * 1000) / timescale > from);
    const first = parts[0];
    if (!first) continue;
    const start = first.decodeTime / timescale;
    const discontinuity = previous !== null && (first.startMs - previous.endMs >= DEFAULT_SEAM_MS || source.encoding !== previous.encoding);
    files.push({ segmentId: source.segmentId, initSize: source.index.initSize, timescale, parts, discontinuity, shiftUs: Math.round((position - start) * 1e6) });
    for (const part of parts) position += part.ticks / timescale;
    const last = parts.at(-1)!;
    previous = { endMs: last.startMs + (last.ticks * 1000) / timescale, encoding: source.encoding };
  }
  return files;
}

/**
 * An HLS media playlist (RFC 8216, version 7) that points straight into the recorded fMP4 files: per
 * file an EXT-X-MAP with the init segment's byte range and one EXT-X-BYTERANGE per part, and an
 * EXT-X-DISCONTINUITY where footage is missing or the encoding changes (see PlaylistFile).
 * EXT-X-PROGRAM-DATE-TIME gives each file's wall-clock start, so a player can show the real time
 * across gaps. Media URIs are `<segment id>.mp4`, relative to the playlist's own URL.
 */
export function renderPlaylist(files: readonly PlaylistFile[], from: number): HlsPlaylist {
  const body: string[] = [];
  let maxSeconds = 0;
  let totalMs = 0;
  for (const file of files) {
    const first = file.parts[0];
    if (!first) continue;
    if (file.discontinuity) body.push('#EXT-X-DISCONTINUITY');
    body.push(`#EXT-X-PROGRAM-DATE-TIME:${toRfc3339(Math.round(first.startMs))}`);
    const uri = `${file.segmentId}.mp4`;
    body.push(`#EXT-X-MAP:URI="${uri}",BYTERANGE="${file.initSize}@0"`);
    for (const part of file.parts) {
      const seconds = part.ticks / file.timescale;
      maxSeconds = Math.max(maxSeconds, seconds);
      totalMs += seconds * 1000;
      body.push(`#EXTINF:${seconds.toFixed(5)},`, `#EXT-X-BYTERANGE:${part.size}@${part.offset}`, uri);
    }
  }
  const header = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    // Each EXTINF rounded to the nearest integer must not exceed it (RFC 8216 §4.3.3.1).
    `#EXT-X-TARGETDURATION:${Math.max(1, Math.round(maxSeconds))}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  // The first part starts at the keyframe before `from`: ask the player to begin at `from` itself.
  const lead = (files[0]?.parts[0]?.startMs ?? from) < from ? (from - files[0]!.parts[0]!.startMs) / 1000 : 0;
  if (lead > 0) header.push(`#EXT-X-START:TIME-OFFSET=${lead.toFixed(3)},PRECISE=YES`);
  return { text: [...header, ...body, '#EXT-X-ENDLIST', ''].join('\n'), files: [...files], durationMs: totalMs };
}

/** selectParts + renderPlaylist. */
export function buildPlaylist(sources: readonly PlaylistSource[], from: number, to: number): HlsPlaylist {
  return renderPlaylist(selectParts(sources, from, to), from);
}
