import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FragmentIndexBlobError } from './fmp4-error.js';
import {
  type FragmentIndexRecord,
  decodeFragmentIndex,
  encodeFragmentIndex,
  toFragmentIndexRecord,
} from './fragment-index-codec.js';
import { indexFragmentFile, indexFragments } from './fragment-index.js';
import { recordSegments } from './media-fixture.test-helper.js';

let dir: string;
let plain: string;
let withPrft: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heldar-fmp4-codec-'));
  const [a, b] = await Promise.all([
    recordSegments(dir, 'plain', { seconds: 6, segmentTime: 6, bframes: 2, audio: true }),
    recordSegments(dir, 'prft', { seconds: 3, segmentTime: 3, bframes: 0, audio: true, prft: true }),
  ]);
  plain = a[0] ?? '';
  withPrft = b[0] ?? '';
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fragment index blob', () => {
  it('round-trips the index of real segments, with and without prft', async () => {
    for (const path of [plain, withPrft]) {
      const record = toFragmentIndexRecord(await indexFragmentFile(path));
      const blob = encodeFragmentIndex(record);
      expect(decodeFragmentIndex(blob)).toEqual(record);
      // Compact: well under the 16 bytes per fragment a fixed layout would take.
      expect(blob.length).toBeLessThan(16 + record.fragments.length * 16);
    }
  });

  it('keeps prft wall-clock times to the millisecond', async () => {
    const record = toFragmentIndexRecord(await indexFragmentFile(withPrft));
    expect(record.fragments.filter((f) => f.utcMs !== undefined).length).toBeGreaterThan(1);
    expect(decodeFragmentIndex(encodeFragmentIndex(record)).fragments.map((f) => f.utcMs)).toEqual(
      record.fragments.map((f) => f.utcMs),
    );
  });

  it('round-trips a truncated file', async () => {
    const bytes = await readFile(plain);
    const whole = indexFragments(bytes);
    const cut = (whole.fragments[2]?.mdat.offset ?? 0) + 10;
    const record = toFragmentIndexRecord(indexFragments(bytes.subarray(0, cut)));
    expect(record).toMatchObject({ truncated: true, fileSize: cut });
    expect(decodeFragmentIndex(encodeFragmentIndex(record))).toEqual(record);
  });

  it('round-trips values beyond 32 bits, gaps and backwards jumps', () => {
    const big = 2 ** 40;
    const record: FragmentIndexRecord = {
      timescale: 90000,
      initSize: 1000,
      fileSize: big + 1000 + 300 + 7,
      truncated: false,
      trailingBytes: 7,
      fragments: [
        { offset: 1000, size: big, decodeTime: 2 ** 45, duration: 90000, keyframe: true, utcMs: 1_795_237_356_053 },
        { offset: big + 1000, size: 100, decodeTime: 2 ** 45 + 90000 + 5, duration: 0, keyframe: false },
        { offset: big + 1100, size: 200, decodeTime: 12, duration: 2 ** 33, keyframe: true, utcMs: 1 },
      ],
    };
    expect(decodeFragmentIndex(encodeFragmentIndex(record))).toEqual(record);
  });

  it('refuses to encode fragments that do not tile the file', () => {
    const record: FragmentIndexRecord = {
      timescale: 1000,
      initSize: 10,
      fileSize: 100,
      truncated: false,
      trailingBytes: 0,
      fragments: [{ offset: 20, size: 80, decodeTime: 0, duration: 1000, keyframe: true }],
    };
    expect(() => encodeFragmentIndex(record)).toThrow(RangeError);
  });

  it('throws FragmentIndexBlobError on foreign, newer and damaged blobs', async () => {
    const blob = encodeFragmentIndex(toFragmentIndexRecord(await indexFragmentFile(plain)));
    const newer = Buffer.from(blob);
    newer[2] = 2;
    for (const bad of [Buffer.from('PK\x03\x04'), newer, blob.subarray(0, blob.length - 1), Buffer.concat([blob, Buffer.of(0)]), Buffer.alloc(0)]) {
      expect(() => decodeFragmentIndex(bad)).toThrow(FragmentIndexBlobError);
    }
    expect(() => decodeFragmentIndex(newer)).toThrow(/version 2 is not supported/);
  });
});
