import {
  AAC_SAMPLES_PER_FRAME,
  aacFmtp,
  aacRtpPayload,
  buildTemplate,
  h264Fmtp,
  packetizeAccessUnit,
  type PacketTemplate,
  parseAdts,
  type SdpTrack,
} from '@heldar/rtsp';
import { groupAccessUnits, NAL, nalType, splitAnnexB } from './annexb.js';
import { PCMU_SAMPLE_RATE } from './clip-args.js';

export const VIDEO_PAYLOAD_TYPE = 96;
export const AAC_PAYLOAD_TYPE = 97;
/** RFC 3551 static payload type of G.711 µ-law. */
export const PCMU_PAYLOAD_TYPE = 0;
/** 20 ms of 8 kHz µ-law per packet, the usual camera (and RFC 3551) packet time. */
const PCMU_SAMPLES_PER_PACKET = 160;

export interface VideoFrame {
  readonly template: PacketTemplate;
  readonly key: boolean;
  /** RTP bytes without interleave framing, for RTCP octet counts. */
  readonly rtpBytes: number;
}

/** A looped H.264 clip, packetized once and shared by every camera with the same parameters. */
export interface VideoClip {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frames: readonly VideoFrame[];
  readonly sdpTrack: SdpTrack;
}

export interface AudioClip {
  readonly clockRate: number;
  /** Samples (RTP timestamp units) each packet covers. */
  readonly samplesPerPacket: number;
  readonly packets: readonly PacketTemplate[];
  readonly rtpBytes: readonly number[];
  readonly sdpTrack: SdpTrack;
}

const rtpBytesOf = (tpl: PacketTemplate): number => tpl.data.length - 4 * tpl.offsets.length;

/**
 * Packetizes an Annex B clip. Only SPS, PPS and slices are kept (x264's SEI and any AUD or filler
 * are not needed by clients), and every IDR frame is made to start with SPS+PPS so a client can
 * join at any keyframe.
 */
export function loadVideoClip(data: Buffer, size: { width: number; height: number; fps: number }): VideoClip {
  const units = groupAccessUnits(splitAnnexB(data));
  const all = units.flatMap((u) => u.nals);
  const sps = all.find((n) => nalType(n) === NAL.SPS);
  const pps = all.find((n) => nalType(n) === NAL.PPS);
  if (sps === undefined || pps === undefined) throw new Error('clip has no SPS/PPS');
  if (units[0]?.key !== true) throw new Error('clip does not start with an IDR frame');
  const frames = units.map((u): VideoFrame => {
    let nals = u.nals.filter((n) => {
      const t = nalType(n);
      return t === NAL.SPS || t === NAL.PPS || t === NAL.SLICE || t === NAL.IDR;
    });
    if (u.key && !nals.some((n) => nalType(n) === NAL.SPS)) nals = [sps, pps, ...nals];
    const template = buildTemplate(packetizeAccessUnit(nals), VIDEO_PAYLOAD_TYPE, true);
    return { template, key: u.key, rtpBytes: rtpBytesOf(template) };
  });
  return {
    ...size,
    frames,
    sdpTrack: {
      media: 'video',
      payloadType: VIDEO_PAYLOAD_TYPE,
      rtpmap: 'H264/90000',
      fmtp: h264Fmtp(sps, pps),
      control: 'trackID=0',
    },
  };
}

/** One AAC frame per RTP packet (RFC 3640 AAC-hbr). */
export function loadAacClip(data: Buffer): AudioClip {
  const adts = parseAdts(data);
  const packets = adts.frames.map((f) => buildTemplate([aacRtpPayload(f)], AAC_PAYLOAD_TYPE, true));
  return {
    clockRate: adts.sampleRate,
    samplesPerPacket: AAC_SAMPLES_PER_FRAME,
    packets,
    rtpBytes: packets.map(rtpBytesOf),
    sdpTrack: {
      media: 'audio',
      payloadType: AAC_PAYLOAD_TYPE,
      rtpmap: `mpeg4-generic/${adts.sampleRate}/${adts.channels}`,
      fmtp: aacFmtp(adts.config),
      control: 'trackID=1',
    },
  };
}

/** Raw µ-law bytes cut into 20 ms packets; a trailing partial packet is dropped. */
export function loadPcmuClip(data: Buffer): AudioClip {
  const packets: PacketTemplate[] = [];
  for (let off = 0; off + PCMU_SAMPLES_PER_PACKET <= data.length; off += PCMU_SAMPLES_PER_PACKET) {
    // The M bit marks the first packet of a talkspurt (RFC 3551 4.1); a continuous tone has none.
    packets.push(buildTemplate([data.subarray(off, off + PCMU_SAMPLES_PER_PACKET)], PCMU_PAYLOAD_TYPE, false));
  }
  if (packets.length === 0) throw new Error('µ-law clip shorter than one packet');
  return {
    clockRate: PCMU_SAMPLE_RATE,
    samplesPerPacket: PCMU_SAMPLES_PER_PACKET,
    packets,
    rtpBytes: packets.map(rtpBytesOf),
    sdpTrack: {
      media: 'audio',
      payloadType: PCMU_PAYLOAD_TYPE,
      rtpmap: `PCMU/${PCMU_SAMPLE_RATE}`,
      control: 'trackID=1',
    },
  };
}
