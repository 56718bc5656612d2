import { describe, expect, it } from 'vitest';
import { groupAccessUnits, splitAnnexB } from './annexb.js';

const sc4 = [0, 0, 0, 1];
const sc3 = [0, 0, 1];
const sps = [0x67, 0x4d, 0x40, 0x1f];
const pps = [0x68, 0xee, 0x3c, 0x80];
const idr = (firstMb: boolean, fill: number) => [0x65, firstMb ? 0x88 : 0x21, fill, fill];
const slice = (firstMb: boolean, fill: number) => [0x41, firstMb ? 0x9a : 0x22, fill, fill];

describe('splitAnnexB', () => {
  it('splits on 3- and 4-byte start codes and strips trailing zeros', () => {
    const data = Buffer.from([...sc4, ...sps, ...sc3, ...pps, 0, 0, ...sc4, ...idr(true, 7)]);
    const nals = splitAnnexB(data);
    expect(nals.map((n) => [...n])).toEqual([sps, pps, idr(true, 7)]);
  });

  it('keeps zero bytes inside a NAL that are not followed by a start code', () => {
    const nal = [0x41, 0x9a, 0, 0, 3, 0, 5];
    expect(splitAnnexB(Buffer.from([...sc3, ...nal])).map((n) => [...n])).toEqual([nal]);
  });

  it('returns nothing for data without a start code', () => {
    expect(splitAnnexB(Buffer.from([1, 2, 3, 4]))).toEqual([]);
  });
});

describe('groupAccessUnits', () => {
  it('groups parameter sets with the following IDR and starts a unit per picture', () => {
    const nals = [sps, pps, idr(true, 1), slice(true, 2), slice(true, 3)].map((n) => Buffer.from(n));
    const units = groupAccessUnits(nals);
    expect(units.map((u) => [u.nals.length, u.key])).toEqual([
      [3, true],
      [1, false],
      [1, false],
    ]);
  });

  it('keeps the slices of a multi-slice picture together', () => {
    const nals = [idr(true, 1), idr(false, 2), slice(true, 3), slice(false, 4), slice(false, 5)].map((n) => Buffer.from(n));
    expect(groupAccessUnits(nals).map((u) => u.nals.length)).toEqual([2, 3]);
  });

  it('starts a new unit at an SPS that follows a slice', () => {
    const nals = [idr(true, 1), slice(true, 2), sps, pps, idr(true, 3)].map((n) => Buffer.from(n));
    expect(groupAccessUnits(nals).map((u) => u.key)).toEqual([true, false, true]);
  });
});
