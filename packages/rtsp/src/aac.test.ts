import { describe, expect, it } from 'vitest';
import { aacRtpPayload, parseAdts } from './aac.js';

/** ADTS header (no CRC) for AAC-LC, 16 kHz (index 8), mono. */
function adtsFrame(payload: number[]): Buffer {
  const len = 7 + payload.length;
  const h = [0xff, 0xf1, (1 << 6) | (8 << 2), (1 << 6) | ((len >> 11) & 0x3), (len >> 3) & 0xff, ((len & 7) << 5) | 0x1f, 0xfc];
  return Buffer.from([...h, ...payload]);
}

describe('AAC', () => {
  it('strips ADTS headers and derives the AudioSpecificConfig', () => {
    const s = parseAdts(Buffer.concat([adtsFrame([1, 2, 3]), adtsFrame([4, 5])]));
    expect(s.frames.map((f) => [...f])).toEqual([[1, 2, 3], [4, 5]]);
    expect([s.sampleRate, s.channels, s.config]).toEqual([16000, 1, '1408']);
  });

  it('rejects data that is not ADTS', () => {
    expect(() => parseAdts(Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]))).toThrow(/sync/);
  });

  it('prefixes one 13-bit AU header (RFC 3640 AAC-hbr)', () => {
    const p = aacRtpPayload(Buffer.alloc(300, 9));
    expect(p.readUInt16BE(0)).toBe(16);
    expect(p.readUInt16BE(2) >> 3).toBe(300);
    expect(p.readUInt16BE(2) & 7).toBe(0);
    expect(p.length).toBe(304);
  });
});
