import { describe, expect, it } from 'vitest';
import { buildTemplate, rechannel, stampTemplate } from './rtp-template.js';

describe('RTP templates', () => {
  const tpl = buildTemplate([Buffer.from([1, 2, 3]), Buffer.from([4, 5])], 96, true);

  it('frames each packet for interleaving with a version-2 RTP header', () => {
    expect(tpl.data.length).toBe(2 * (4 + 12) + 5);
    expect([...tpl.offsets]).toEqual([0, 19]);
    expect(tpl.data[0]).toBe(0x24);
    expect(tpl.data.readUInt16BE(2)).toBe(15);
    expect(tpl.data[4]).toBe(0x80);
  });

  it('sets the marker bit on the last packet only', () => {
    expect(tpl.data[5]).toBe(96);
    expect(tpl.data[19 + 5]).toBe(0x80 | 96);
  });

  it('stamps consecutive sequence numbers (wrapping), timestamp, SSRC and channel into a copy', () => {
    const out = stampTemplate(tpl, 2, 0xffff, 0xfffffff0 + 3, 0xdeadbeef);
    expect(out.readUInt16BE(6)).toBe(0xffff);
    expect(out.readUInt16BE(19 + 6)).toBe(0);
    expect(out.readUInt32BE(8)).toBe(0xfffffff3);
    expect(out.readUInt32BE(19 + 12)).toBe(0xdeadbeef);
    expect([out[1], out[20]]).toEqual([2, 2]);
    expect(out.subarray(16, 19)).toEqual(Buffer.from([1, 2, 3]));
    expect(tpl.data.readUInt32BE(12)).toBe(0);
  });

  it('rechannels a stamped buffer without touching the original', () => {
    const out = stampTemplate(tpl, 0, 1, 2, 3);
    const moved = rechannel(out, tpl.offsets, 6);
    expect([moved[1], moved[20]]).toEqual([6, 6]);
    expect(out[1]).toBe(0);
  });
});
