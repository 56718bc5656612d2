export interface SdpTrack {
  media: 'video' | 'audio';
  payloadType: number;
  /** e.g. `H264/90000` */
  rtpmap: string;
  fmtp?: string;
  /** Relative control URL, e.g. `trackID=0`. */
  control: string;
}

export interface SdpSession {
  sessionId: number;
  version: number;
  /** Address of the server as the client reached it. */
  host: string;
  title: string;
  tracks: readonly SdpTrack[];
}

/** RFC 6184 fmtp: profile-level-id is the three bytes after the SPS NAL header. */
export function h264Fmtp(sps: Buffer, pps: Buffer): string {
  const profileLevelId = sps.subarray(1, 4).toString('hex');
  const sprop = `${sps.toString('base64')},${pps.toString('base64')}`;
  return `packetization-mode=1;profile-level-id=${profileLevelId};sprop-parameter-sets=${sprop}`;
}

/** RFC 3640 AAC-hbr fmtp with the AudioSpecificConfig in hex. */
export function aacFmtp(config: string): string {
  return `streamtype=5;profile-level-id=15;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=${config}`;
}

export function buildSdp(s: SdpSession): string {
  const ipVersion = s.host.includes(':') ? 'IP6' : 'IP4';
  const lines = [
    'v=0',
    `o=- ${s.sessionId} ${s.version} IN ${ipVersion} ${s.host}`,
    `s=${s.title}`,
    `c=IN ${ipVersion} ${ipVersion === 'IP6' ? '::' : '0.0.0.0'}`,
    't=0 0',
    'a=control:*',
    'a=range:npt=0-',
  ];
  for (const t of s.tracks) {
    lines.push(`m=${t.media} 0 RTP/AVP ${t.payloadType}`, `a=rtpmap:${t.payloadType} ${t.rtpmap}`);
    if (t.fmtp !== undefined) lines.push(`a=fmtp:${t.payloadType} ${t.fmtp}`);
    lines.push(`a=control:${t.control}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}
