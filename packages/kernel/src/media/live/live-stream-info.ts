import type { InitInfo, TrackInfo } from '../../mp4/init-segment.js';
import type { MovieFragmentInfo } from '../../mp4/movie-fragment.js';
import type { LiveRunFacts } from '../../recording/live-sink.js';
import type { LiveStreamInfo } from './live-types.js';

/**
 * What a viewer is told about a stream, from its init segment: the MSE MIME type with RFC 6381
 * codecs, the picture size, and whether the audio plays (`facts`: audio the run left out).
 */
export function streamInfoOf(init: InitInfo, data: Buffer, generation: number, facts: LiveRunFacts = {}): LiveStreamInfo {
  const video = init.tracks.find((t) => t.kind === 'video');
  const audio = init.tracks.find((t) => t.kind === 'audio');
  const audioIncluded = audio !== undefined && isAac(audio);
  const codecs = [video?.codecString, audioIncluded ? audio.codecString : undefined].filter((c): c is string => typeof c === 'string' && c !== '').join(',');
  return {
    generation,
    mime: `video/mp4; codecs="${codecs}"`,
    codecs,
    video: {
      codec: video?.codecString ?? video?.codec ?? 'none',
      width: video?.width ?? 0,
      height: video?.height ?? 0,
      timescale: video?.timescale ?? init.tracks[0]?.timescale ?? 1000,
    },
    audio: audio === undefined ? leftOut(facts.audioLeftOut) : audioIncluded ? { codec: audio.codecString ?? 'mp4a.40', included: true } : notPlayable(audio),
    init: data,
  };
}

/** The timing a hub reports for a fragment, from its video track (else the init's reference track). */
export function fragmentTiming(init: InitInfo, moof: MovieFragmentInfo): { keyframe: boolean; decodeTimeMs: number; durationMs: number } {
  const track = init.tracks.find((t) => t.kind === 'video') ?? init.tracks.find((t) => t.trackId === init.referenceTrackId);
  const traf = moof.trafs.find((t) => t.trackId === track?.trackId);
  if (track === undefined || traf === undefined) return { keyframe: false, decodeTimeMs: 0, durationMs: 0 };
  return {
    keyframe: traf.startsWithSync,
    decodeTimeMs: ((traf.baseMediaDecodeTime ?? 0) * 1000) / track.timescale,
    durationMs: (traf.duration * 1000) / track.timescale,
  };
}

// Browsers' MSE plays AAC in MP4 everywhere; MP3, Opus or AC-3 in MP4 only in some, and G.711 cannot
// be put in MP4 at all (the live output drops it). Anything but AAC is reported as not included and
// left out of `codecs`, so a player does not promise sound it may not have.
function isAac(track: TrackInfo): boolean {
  return track.codec === 'mp4a' && (track.codecString === null || track.codecString.startsWith('mp4a.40'));
}

function notPlayable(track: TrackInfo): { codec: string; included: false; note: string } {
  const codec = track.codecString ?? track.codec;
  return { codec, included: false, note: `${codec} audio is not played in live view (only AAC is); live view is video only` };
}

const G711: Readonly<Record<string, string>> = { pcm_mulaw: 'G.711 µ-law', pcm_alaw: 'G.711 A-law' };

/** Audio the run left out (ffmpeg refused it for MP4): said, so nobody hunts for a muted player. */
function leftOut(codec: string | undefined): { codec: string; included: false; note: string } | null {
  if (codec === undefined) return null;
  const name = G711[codec];
  const note =
    name === undefined
      ? `camera audio (${codec}) cannot be carried in MP4; live view is video only`
      : `camera audio is ${name} (${codec}), which MP4 cannot carry; live view is video only`;
  return { codec, included: false, note };
}
