import { describe, expect, it } from 'vitest';
import { MAX_H264_PAYLOAD, packetizeAccessUnit, packetizeNal } from './h264-packetizer.js';

function nal(type: number, length: number, nri = 3): Buffer {
  const b = Buffer.alloc(length);
  b[0] = (nri << 5) | type;
  for (let i = 1; i < length; i++) b[i] = i & 0xff;
  return b;
}

/** What a receiver does (RFC 6184 5.8): rebuild the NAL header from indicator + FU header. */
function reassemble(fragments: Buffer[]): Buffer {
  const first = fragments[0] as Buffer;
  const header = ((first[0] ?? 0) & 0xe0) | ((first[1] ?? 0) & 0x1f);
  return Buffer.concat([Buffer.from([header]), ...fragments.map((f) => f.subarray(2))]);
}

describe('packetizeNal', () => {
  it('sends a NAL that fits as a single NAL unit packet, unchanged', () => {
    const n = nal(1, MAX_H264_PAYLOAD);
    const out = packetizeNal(n);
    expect(out).toHaveLength(1);
    expect(out[0]?.equals(n)).toBe(true);
  });

  it('fragments one byte over the limit into two FU-A packets', () => {
    const n = nal(5, MAX_H264_PAYLOAD + 1);
    const out = packetizeNal(n);
    expect(out).toHaveLength(2);
    expect(out.map((p) => (p[0] ?? 0) & 0x1f)).toEqual([28, 28]);
    expect(out.map((p) => (p[0] ?? 0) & 0xe0)).toEqual([0x60, 0x60]);
    expect(out.map((p) => (p[1] ?? 0) & 0xc0)).toEqual([0x80, 0x40]);
    expect(out.map((p) => (p[1] ?? 0) & 0x1f)).toEqual([5, 5]);
    expect(reassemble(out).equals(n)).toBe(true);
  });

  it('keeps every fragment within the payload limit and marks only first and last', () => {
    const max = 100;
    for (const len of [101, 197, 198, 199, 1000]) {
      const n = nal(1, len, 2);
      const out = packetizeNal(n, max);
      expect(out.every((p) => p.length <= max)).toBe(true);
      const flags = out.map((p) => (p[1] ?? 0) & 0xc0);
      expect(flags[0]).toBe(0x80);
      expect(flags[flags.length - 1]).toBe(0x40);
      expect(flags.slice(1, -1).every((f) => f === 0)).toBe(true);
      expect(reassemble(out).equals(n)).toBe(true);
    }
  });

  it('packetizes an access unit NAL by NAL in order', () => {
    const out = packetizeAccessUnit([nal(7, 10), nal(8, 4), nal(5, 250)], 100);
    expect(out.map((p) => (p[0] ?? 0) & 0x1f)).toEqual([7, 8, 28, 28, 28]);
  });
});
