import { aacFmtp, h264Fmtp, type SdpTrack } from '@heldar/rtsp';
import type { DecoderConfigs } from '../../../mp4/decoder-config.js';

export const H264_PAYLOAD_TYPE = 96;
export const AAC_PAYLOAD_TYPE = 97;
export const H264_CLOCK_RATE = 90_000;

/** The tracks an RTSP client may set up, in SDP order: the index is the `trackID=N` of its control URL. */
export interface RestreamTrack {
  readonly kind: 'video' | 'audio';
  readonly sdp: SdpTrack;
  /** RTP timestamp units per second. */
  readonly clockRate: number;
}

/**
 * The restream's tracks for an init segment: H.264 video (RFC 6184, packetization mode 1) and,
 * when the live copy carries AAC, MPEG4-GENERIC audio (RFC 3640 AAC-hbr). Null without H.264: the
 * restream sends nothing else (H.265 over RTP is not done here).
 */
export function restreamTracks(configs: DecoderConfigs): RestreamTrack[] | null {
  const video = configs.video;
  const sps = video?.sps[0];
  const pps = video?.pps[0];
  if (video === undefined || sps === undefined || pps === undefined) return null;
  const tracks: RestreamTrack[] = [
    {
      kind: 'video',
      clockRate: H264_CLOCK_RATE,
      sdp: { media: 'video', payloadType: H264_PAYLOAD_TYPE, rtpmap: `H264/${H264_CLOCK_RATE}`, fmtp: h264Fmtp(sps, pps), control: 'trackID=0' },
    },
  ];
  const audio = configs.audio;
  if (audio !== undefined) {
    tracks.push({
      kind: 'audio',
      clockRate: audio.sampleRate,
      sdp: {
        media: 'audio',
        payloadType: AAC_PAYLOAD_TYPE,
        rtpmap: `mpeg4-generic/${audio.sampleRate}/${audio.channels}`,
        fmtp: aacFmtp(audio.audioSpecificConfig.toString('hex')),
        control: 'trackID=1',
      },
    });
  }
  return tracks;
}
