import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { parseDecoderConfigs } from '../../../mp4/decoder-config.js';
import type { LiveFragment, LiveStreamInfo, LiveViewer } from '../live-types.js';
import { Fmp4RtpPacketizer, type TrackOutput } from './fmp4-rtp-packetizer.js';

/**
 * An RTSP session as a live hub viewer: each fragment becomes one socket write of interleaved RTP.
 * The hub reads the socket's queue (backlogBytes) and skips this viewer to the next keyframe when
 * the player does not keep up, so nothing here buffers beyond the socket's own queue.
 */
export class RestreamViewer implements LiveViewer {
  private packetizer: Fmp4RtpPacketizer | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly outputs: { video?: TrackOutput; audio?: TrackOutput },
    private readonly log: Logger,
  ) {}

  start(info: LiveStreamInfo): void {
    const configs = parseDecoderConfigs(info.init);
    if (configs.video === undefined) {
      // The camera came back with another codec: the SDP the player got no longer fits.
      this.end(`the stream is now ${info.video.codec}, which the RTSP restream does not carry`);
      return;
    }
    if (this.packetizer === undefined) this.packetizer = new Fmp4RtpPacketizer(configs, this.outputs);
    else this.packetizer.newGeneration(configs);
  }

  fragment(fragment: LiveFragment): void {
    if (this.packetizer === undefined || this.socket.destroyed) return;
    let packets: Buffer[];
    try {
      packets = this.packetizer.packetize(fragment.data, fragment.receivedAt);
    } catch (e: unknown) {
      // One unreadable fragment costs the player a glitch, not the session.
      this.log.warn({ err: e, sequence: fragment.sequence }, 'rtsp: a live fragment could not be packetised; skipped');
      return;
    }
    if (packets.length > 0) this.socket.write(packets.length === 1 ? (packets[0] as Buffer) : Buffer.concat(packets));
  }

  skipped(dropped: number): void {
    this.log.debug({ dropped }, 'rtsp: a slow player was skipped to the next keyframe');
  }

  /** The source is gone for good: RTSP has no message for that, so the connection closes. */
  end(reason: string): void {
    this.log.info({ reason }, 'rtsp: live stream ended, closing the session');
    this.socket.end();
  }

  backlogBytes(): number {
    return this.socket.writableLength;
  }
}
