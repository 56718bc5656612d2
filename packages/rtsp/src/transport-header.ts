export interface InterleavedTransport {
  rtpChannel: number;
  rtcpChannel: number;
}

/**
 * Picks the first RTP/AVP/TCP alternative of a Transport header (RFC 2326 12.39). Returns
 * undefined when the client offers only UDP or multicast, which this simulator answers with 461.
 * A TCP offer without `interleaved=` gets `defaultChannel` and the next one.
 */
export function parseTransport(value: string, defaultChannel: number): InterleavedTransport | undefined {
  for (const alternative of value.split(',')) {
    const parts = alternative.trim().split(';').map((p) => p.trim());
    const spec = (parts[0] ?? '').toUpperCase();
    if (spec !== 'RTP/AVP/TCP') continue;
    const inter = parts.find((p) => p.toLowerCase().startsWith('interleaved='));
    if (inter === undefined) return { rtpChannel: defaultChannel, rtcpChannel: defaultChannel + 1 };
    const m = /^interleaved=(\d{1,3})(?:-(\d{1,3}))?$/i.exec(inter);
    if (m === null) continue;
    const rtp = Number(m[1]);
    const rtcp = m[2] === undefined ? rtp + 1 : Number(m[2]);
    if (rtp > 255 || rtcp > 255) continue;
    return { rtpChannel: rtp, rtcpChannel: rtcp };
  }
  return undefined;
}
