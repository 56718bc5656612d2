import { aacRtpPayload, buildSenderReport, buildTemplate, packetizeAccessUnit, stampTemplate } from '@heldar/rtsp';
import type { DecoderConfigs } from '../../../mp4/decoder-config.js';
import { fragmentSamples, type FragmentSample } from '../../../mp4/fragment-samples.js';
import { AAC_PAYLOAD_TYPE, H264_CLOCK_RATE, H264_PAYLOAD_TYPE } from './restream-tracks.js';

/** Where one set-up track goes: the interleaved channels the client chose in SETUP. */
export interface TrackOutput {
  rtpChannel: number;
  rtcpChannel: number;
  ssrc: number;
  /** Random per session (RFC 3550 5.1). */
  firstSequence: number;
  /** Random per session (RFC 3550 5.1). */
  firstTimestamp: number;
}

interface TrackState {
  readonly out: TrackOutput;
  readonly clockRate: number;
  sequence: number;
  packets: number;
  octets: number;
  /** RTP timestamp of the end of the last sample sent (for sender reports). */
  endTimestamp: number;
  /** Wall clock of the last sender report. */
  reportedAt: number;
}

const NAL_SPS = 7;
const NAL_PPS = 8;
const NAL_AUD = 9;
const NAL_FILLER = 12;
const RTCP_CNAME = 'heldar';
/** Fragments come once per frame; a sender report per second is what RFC 3550's interval rules give for one receiver. */
const REPORT_EVERY_MS = 1000;

/**
 * Turns fMP4 fragments of the live copy into RTP packets framed for RTSP interleaving: H.264 samples
 * (AVCC length-prefixed NAL units) as RFC 6184 single NAL / FU-A packets with the marker bit on an
 * access unit's last packet, AAC samples as RFC 3640 AAC-hbr. Timestamps come from each sample's
 * decode time plus composition offset, on one time line for both tracks so players keep audio and
 * video in sync; a new generation (ffmpeg restarted, its times start over) continues where the
 * previous one ended. One instance per RTSP session.
 */
export class Fmp4RtpPacketizer {
  private configs: DecoderConfigs;
  private readonly video: TrackState | undefined;
  private readonly audio: TrackState | undefined;
  /** Media seconds of the current generation that map to `continueAtSec` on the session's time line. */
  private originSec: number | undefined;
  private continueAtSec = 0;
  /** Session seconds where the latest sample sent ends. */
  private endSec = 0;

  constructor(configs: DecoderConfigs, outputs: { video?: TrackOutput; audio?: TrackOutput }) {
    this.configs = configs;
    this.video = outputs.video === undefined ? undefined : state(outputs.video, H264_CLOCK_RATE);
    const audioRate = configs.audio?.sampleRate;
    this.audio = outputs.audio === undefined || audioRate === undefined ? undefined : state(outputs.audio, audioRate);
  }

  /** A new init segment: its samples start a new media time line, placed right after the last one. */
  newGeneration(configs: DecoderConfigs): void {
    this.configs = configs;
    this.originSec = undefined;
    this.continueAtSec = this.endSec;
  }

  /**
   * The interleaved RTP packets of one fragment (moof + mdat), then, at most once a second, a sender
   * report per track that maps the fragment's end to `receivedAt` (wall clock). Samples of tracks
   * not set up are skipped.
   * @throws Fmp4FormatError when the fragment is malformed.
   */
  packetize(fragment: Buffer, receivedAt: number): Buffer[] {
    const { video, audio } = this.configs;
    const defaults = (trackId: number) =>
      trackId === video?.trackId ? video.defaults : trackId === audio?.trackId ? audio.defaults : undefined;
    const out: Buffer[] = [];
    for (const sample of fragmentSamples(fragment, defaults)) {
      if (video !== undefined && sample.trackId === video.trackId && this.video !== undefined) {
        this.sendVideo(sample, video.timescale, out);
      } else if (audio !== undefined && sample.trackId === audio.trackId && this.audio !== undefined) {
        this.sendAudio(sample, audio.timescale, out);
      }
    }
    for (const track of [this.video, this.audio]) {
      if (track === undefined || track.packets === 0 || receivedAt - track.reportedAt < REPORT_EVERY_MS) continue;
      track.reportedAt = receivedAt;
      out.push(
        buildSenderReport({
          channel: track.out.rtcpChannel,
          ssrc: track.out.ssrc,
          wallMs: receivedAt,
          rtpTimestamp: track.endTimestamp,
          packetCount: track.packets,
          octetCount: track.octets,
          cname: RTCP_CNAME,
        }),
      );
    }
    return out;
  }

  private sendVideo(sample: FragmentSample, timescale: number, out: Buffer[]): void {
    const track = this.video;
    const config = this.configs.video;
    if (track === undefined || config === undefined) return;
    const nals = splitAvcc(sample.data, config.nalLengthSize).filter((n) => {
      const type = (n[0] ?? 0) & 0x1f;
      return type !== NAL_AUD && type !== NAL_FILLER;
    });
    // A client that joins at this keyframe needs the parameter sets; cameras often send them only in the avcC.
    const has = (type: number) => nals.some((n) => ((n[0] ?? 0) & 0x1f) === type);
    if (sample.sync && !has(NAL_SPS)) nals.unshift(...config.sps, ...(has(NAL_PPS) ? [] : config.pps));
    if (nals.length === 0) return;
    const presentSec = this.sessionSec(sample.decodeTime + sample.compositionOffset, sample.duration, timescale, sample.decodeTime);
    this.emit(track, packetizeAccessUnit(nals), H264_PAYLOAD_TYPE, true, presentSec, out);
  }

  private sendAudio(sample: FragmentSample, timescale: number, out: Buffer[]): void {
    const track = this.audio;
    if (track === undefined || sample.data.length === 0) return;
    const sec = this.sessionSec(sample.decodeTime, sample.duration, timescale, sample.decodeTime);
    this.emit(track, [aacRtpPayload(sample.data)], AAC_PAYLOAD_TYPE, true, sec, out);
  }

  /** Session seconds of a media time; the first sample of a generation fixes the generation's origin. */
  private sessionSec(mediaTime: number, duration: number, timescale: number, decodeTime: number): number {
    this.originSec ??= decodeTime / timescale;
    const sec = this.continueAtSec + mediaTime / timescale - this.originSec;
    this.endSec = Math.max(this.endSec, this.continueAtSec + (decodeTime + duration) / timescale - this.originSec);
    return sec;
  }

  private emit(track: TrackState, payloads: Buffer[], payloadType: number, marker: boolean, sec: number, out: Buffer[]): void {
    const timestamp = (track.out.firstTimestamp + Math.round(sec * track.clockRate)) >>> 0;
    const packet = stampTemplate(buildTemplate(payloads, payloadType, marker), track.out.rtpChannel, track.sequence, timestamp, track.out.ssrc);
    track.sequence = (track.sequence + payloads.length) & 0xffff;
    track.packets += payloads.length;
    track.octets += payloads.reduce((sum, p) => sum + p.length, 0);
    track.endTimestamp = (track.out.firstTimestamp + Math.round(this.endSec * track.clockRate)) >>> 0;
    out.push(packet);
  }
}

function state(out: TrackOutput, clockRate: number): TrackState {
  return { out, clockRate, sequence: out.firstSequence & 0xffff, packets: 0, octets: 0, endTimestamp: out.firstTimestamp, reportedAt: Number.NEGATIVE_INFINITY };
}

/** The NAL units of an AVCC sample (each prefixed by its length in `lengthSize` bytes). A truncated tail is dropped. */
export function splitAvcc(sample: Buffer, lengthSize: number): Buffer[] {
  const nals: Buffer[] = [];
  let pos = 0;
  while (pos + lengthSize <= sample.length) {
    const length = sample.readUIntBE(pos, lengthSize);
    pos += lengthSize;
    if (length === 0) continue;
    if (pos + length > sample.length) break;
    nals.push(sample.subarray(pos, pos + length));
    pos += length;
  }
  return nals;
}
