/**
 * RTP packets precomputed once per clip frame, already framed for RTSP interleaving
 * (RFC 2326 10.12: `$`, channel, 16-bit length, then the RTP packet). At send time only the
 * per-stream fields (channel, sequence number, timestamp, SSRC) are stamped into a copy, so the
 * hot path is one allocation, one memcpy and a few integer writes per frame.
 */
export interface PacketTemplate {
  /** Never mutated after build: a stamped copy is what goes to sockets. */
  readonly data: Buffer;
  /** Offset of each packet's `$` byte in `data`. */
  readonly offsets: Uint32Array;
}

const INTERLEAVE_HEADER = 4;
const RTP_HEADER = 12;
const MAX_INTERLEAVED = 0xffff;

/** Builds a template from RTP payloads; `marker` sets the M bit on the last packet (end of frame). */
export function buildTemplate(payloads: readonly Buffer[], payloadType: number, marker: boolean): PacketTemplate {
  let total = 0;
  for (const p of payloads) {
    if (p.length + RTP_HEADER > MAX_INTERLEAVED) {
      throw new RangeError(`RTP payload of ${p.length} bytes does not fit an interleaved frame`);
    }
    total += INTERLEAVE_HEADER + RTP_HEADER + p.length;
  }
  const data = Buffer.alloc(total);
  const offsets = new Uint32Array(payloads.length);
  let off = 0;
  payloads.forEach((p, i) => {
    offsets[i] = off;
    data[off] = 0x24;
    data.writeUInt16BE(RTP_HEADER + p.length, off + 2);
    data[off + 4] = 0x80; // V=2, no padding, no extension, no CSRC
    const last = i === payloads.length - 1;
    data[off + 5] = (marker && last ? 0x80 : 0) | (payloadType & 0x7f);
    p.copy(data, off + INTERLEAVE_HEADER + RTP_HEADER);
    off += INTERLEAVE_HEADER + RTP_HEADER + p.length;
  });
  return { data, offsets };
}

/**
 * Returns a fresh buffer with the stream fields filled in; packets take consecutive sequence
 * numbers from `firstSeq` (mod 2^16). The template itself is left untouched because sockets may
 * still hold earlier copies.
 */
export function stampTemplate(
  tpl: PacketTemplate,
  channel: number,
  firstSeq: number,
  timestamp: number,
  ssrc: number,
): Buffer {
  const out = Buffer.allocUnsafe(tpl.data.length);
  tpl.data.copy(out);
  const ts = timestamp >>> 0;
  const ss = ssrc >>> 0;
  for (let i = 0; i < tpl.offsets.length; i++) {
    const off = tpl.offsets[i] ?? 0;
    out[off + 1] = channel;
    out.writeUInt16BE((firstSeq + i) & 0xffff, off + 6);
    out.writeUInt32BE(ts, off + 8);
    out.writeUInt32BE(ss, off + 12);
  }
  return out;
}

/** Rewrites the interleaved channel of every packet in place (for a client that chose other channels). */
export function rechannel(stamped: Buffer, offsets: Uint32Array, channel: number): Buffer {
  const out = Buffer.from(stamped);
  for (const off of offsets) out[off + 1] = channel;
  return out;
}
