/**
 * The live output of an ffmpeg that reads a camera: the same stream copy as fragmented MP4 on a pipe,
 * appended after the recorder's segment output (or the sampler's JPEG output, or alone in an
 * on-demand run). Pure: settings in, arguments out.
 */

export interface LiveOutputSettings {
  /**
   * Copy the first audio stream, if any. Only for audio MP4 can carry (AAC): ffmpeg 5.1 refuses
   * G.711 in MP4, and a refused stream fails every output of the process, the recording included.
   * The recorder passes its own recordAudio (the segments are MP4 too, so what they accept this
   * accepts); see liveCarriesAudio for a probed codec.
   */
  audio: boolean;
  /** Where ffmpeg writes it: `pipe:3` beside another output (default), `pipe:1` in a live-only run. */
  target?: 'pipe:1' | 'pipe:3';
}

/**
 * The fMP4 options. frag_keyframe+empty_moov: an init segment (ftyp+moov) first, then moof+mdat
 * fragments, each keyframe starting a new one, which is what Media Source Extensions take.
 * default_base_moof: each fragment's data offsets are relative to its own moof, so a fragment can be
 * handed on alone. frag_duration 1 µs: every packet closes the fragment before it, so a frame leaves
 * ffmpeg when the next packet arrives (one frame interval, 33–100 ms) instead of waiting for the
 * next keyframe (a whole GOP, often 1–4 s). Measured with ffmpeg 5.1 on a 25 fps H.264 + AAC source:
 * one fragment per video frame with the audio that arrived with it, and audio-only fragments between
 * them when two audio packets arrive in a row. frag_every_frame would flush without waiting for the
 * next packet but leaves the last sample's duration unknown: ffmpeg 5.1 then warns "Packet duration
 * out of range" for every AAC packet. flush_packets 1: each fragment reaches the pipe at once
 * instead of waiting in the muxer's 32 KiB buffer. No write_prft: it refers to the video track and
 * ffmpeg warns for every fragment without video.
 */
export const LIVE_MOVFLAGS = '+frag_keyframe+empty_moov+default_base_moof';
export const LIVE_FRAG_DURATION_US = '1';

/** The arguments of the live output, to append after the command's other output (or its input). */
export function liveOutputArgs(settings: LiveOutputSettings): string[] {
  const maps = settings.audio ? ['-map', '0:v:0', '-map', '0:a:0?'] : ['-map', '0:v:0'];
  return [
    ...maps,
    '-c',
    'copy',
    '-f',
    'mp4',
    '-movflags',
    LIVE_MOVFLAGS,
    '-frag_duration',
    LIVE_FRAG_DURATION_US,
    '-flush_packets',
    '1',
    settings.target ?? 'pipe:3',
  ];
}

/** Whether a camera's audio (ffprobe's codec name, null for none) can go into the live copy. */
export function liveCarriesAudio(codec: string | null): boolean {
  return codec === 'aac';
}
