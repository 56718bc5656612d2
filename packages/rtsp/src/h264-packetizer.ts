/** RTP payload bound: 1400-byte packets (12-byte RTP header included) stay under a 1500 Ethernet MTU with room for tunnels. */
export const MAX_H264_PAYLOAD = 1400 - 12;

const FU_A = 28;

/**
 * RFC 6184 packetization mode 1 for one NAL unit: a Single NAL Unit packet when it fits, otherwise
 * FU-A fragments whose payloads are at most `maxPayload` bytes each.
 */
export function packetizeNal(nal: Buffer, maxPayload = MAX_H264_PAYLOAD): Buffer[] {
  if (nal.length <= maxPayload) return [nal];
  if (maxPayload < 3) throw new RangeError(`maxPayload ${maxPayload} leaves no room for FU-A data`);
  const header = nal[0] ?? 0;
  const indicator = (header & 0xe0) | FU_A;
  const type = header & 0x1f;
  const chunk = maxPayload - 2;
  const out: Buffer[] = [];
  // The original NAL header is not sent: its F/NRI go to the indicator, its type to the FU header.
  for (let off = 1; off < nal.length; off += chunk) {
    const end = Math.min(off + chunk, nal.length);
    const fu = Buffer.allocUnsafe(2 + end - off);
    fu[0] = indicator;
    fu[1] = (off === 1 ? 0x80 : 0) | (end === nal.length ? 0x40 : 0) | type;
    nal.copy(fu, 2, off, end);
    out.push(fu);
  }
  return out;
}

/** All RTP payloads of one access unit, in order; the last one carries the marker bit. */
export function packetizeAccessUnit(nals: readonly Buffer[], maxPayload = MAX_H264_PAYLOAD): Buffer[] {
  return nals.flatMap((nal) => packetizeNal(nal, maxPayload));
}
