import type { MediaClient } from '../../src/camera.js';
import type { Clock } from '../../src/clock.js';
import type { AudioClip, VideoClip } from '../../src/media-clip.js';
import { buildTemplate } from '@heldar/rtsp';

/** A clip of tiny frames: keyframes carry a fake "SPS" whose second byte is the width (mod 256). */
export function fakeVideo(frames: number, gop: number, fps: number, width = 320): VideoClip {
  return {
    width,
    height: 240,
    fps,
    frames: Array.from({ length: frames }, (_, i) => {
      const key = i % gop === 0;
      const payloads = key ? [Buffer.from([0x67, width & 0xff]), Buffer.from([0x65, i])] : [Buffer.from([0x41, i])];
      return { template: buildTemplate(payloads, 96, true), key, rtpBytes: 0 };
    }),
    sdpTrack: { media: 'video', payloadType: 96, rtpmap: 'H264/90000', control: 'trackID=0' },
  };
}

export function fakeAudio(packets: number): AudioClip {
  const tpl = Array.from({ length: packets }, (_, i) => buildTemplate([Buffer.from([i])], 0, false));
  return {
    clockRate: 8000,
    samplesPerPacket: 160,
    packets: tpl,
    rtpBytes: tpl.map(() => 13),
    sdpTrack: { media: 'audio', payloadType: 0, rtpmap: 'PCMU/8000', control: 'trackID=1' },
  };
}

export class FakeClock implements Clock {
  t = 1000;
  now(): number {
    return this.t;
  }
  wallNow(): number {
    return 1_700_000_000_000 + this.t;
  }
}

/** Records what the camera sends; `buffered` simulates a socket that does not drain. */
export class FakeClient implements MediaClient {
  readonly sent: Buffer[] = [];
  buffered = 0;
  dropped: string | undefined;

  constructor(
    readonly playAtMs: number,
    readonly transports: MediaClient['transports'] = [{ rtpChannel: 0, rtcpChannel: 1 }],
  ) {}

  bufferedBytes(): number {
    return this.buffered;
  }
  send(data: Buffer): void {
    this.sent.push(data);
  }
  drop(reason: string): void {
    this.dropped = reason;
  }

  /** Interleaved packets received: channel and the RTP/RTCP payload type byte. */
  packets(): Array<{ channel: number; type: number; data: Buffer }> {
    const out: Array<{ channel: number; type: number; data: Buffer }> = [];
    for (const buf of this.sent) {
      let off = 0;
      while (off + 4 <= buf.length) {
        const len = buf.readUInt16BE(off + 2);
        out.push({ channel: buf[off + 1] ?? -1, type: buf[off + 5] ?? -1, data: buf.subarray(off + 4, off + 4 + len) });
        off += 4 + len;
      }
    }
    return out;
  }
}
