const NTP_UNIX_OFFSET_S = 2_208_988_800;
const DEFAULT_CNAME = 'camsim@heldar';

export interface SenderReportFields {
  channel: number;
  ssrc: number;
  /** Wall-clock time (ms since the Unix epoch) that `rtpTimestamp` corresponds to. */
  wallMs: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  /** SDES CNAME naming the sender; default the camera simulator's. */
  cname?: string;
}

/**
 * A compound RTCP packet (SR + SDES CNAME, RFC 3550 6.1 requires both), framed for interleaving.
 * Clients such as ffmpeg map RTP time to wall-clock time from the SR's NTP/RTP pair and use it to
 * line up audio with video.
 */
export function buildSenderReport(f: SenderReportFields): Buffer {
  const cname = Buffer.from(f.cname ?? DEFAULT_CNAME, 'ascii');
  // SDES chunk: SSRC, item (type, length, text), end-of-list zero, padded to 32 bits.
  const sdesChunk = 4 + 2 + cname.length + 1;
  const sdesLen = 4 + Math.ceil(sdesChunk / 4) * 4;
  const srLen = 28;
  const rtcpLen = srLen + sdesLen;
  const out = Buffer.alloc(4 + rtcpLen);
  out[0] = 0x24;
  out[1] = f.channel;
  out.writeUInt16BE(rtcpLen, 2);

  let o = 4;
  out[o] = 0x80; // V=2, RC=0
  out[o + 1] = 200;
  out.writeUInt16BE(srLen / 4 - 1, o + 2);
  out.writeUInt32BE(f.ssrc >>> 0, o + 4);
  const seconds = Math.floor(f.wallMs / 1000);
  const fraction = Math.floor(((f.wallMs - seconds * 1000) / 1000) * 0x1_0000_0000);
  out.writeUInt32BE((seconds + NTP_UNIX_OFFSET_S) >>> 0, o + 8);
  out.writeUInt32BE(Math.min(fraction, 0xffff_ffff) >>> 0, o + 12);
  out.writeUInt32BE(f.rtpTimestamp >>> 0, o + 16);
  out.writeUInt32BE(f.packetCount >>> 0, o + 20);
  out.writeUInt32BE(f.octetCount >>> 0, o + 24);

  o += srLen;
  out[o] = 0x81; // V=2, SC=1
  out[o + 1] = 202;
  out.writeUInt16BE(sdesLen / 4 - 1, o + 2);
  out.writeUInt32BE(f.ssrc >>> 0, o + 4);
  out[o + 8] = 1; // CNAME
  out[o + 9] = cname.length;
  cname.copy(out, o + 10);
  return out;
}
