import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFragmentIndex, encodeFragmentIndex, indexFragmentFile, toFragmentIndexRecord, type FragmentIndexRecord } from '../../mp4/index.js';
import { recordSegments } from '../../mp4/media-fixture.test-helper.js';
import { moofPatches, splice } from './shifted-media.js';

let dir: string;
let file: string;
let record: FragmentIndexRecord;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heldar-shift-'));
  [file] = (await recordSegments(dir, 'cam', { seconds: 3, segmentTime: 10, bframes: 2, audio: true, prft: true, fps: 10 })) as [string];
  record = decodeFragmentIndex(encodeFragmentIndex(toFragmentIndexRecord(await indexFragmentFile(file))));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(start: number, end: number, shiftUs: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of splice(file, start, end, await moofPatches(file, record, start, end, shiftUs))) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('shifted media', () => {
  it('moves every track’s tfdt by the shift in its own timescale and changes nothing else', async () => {
    const disk = await readFile(file);
    const shifted = await collect(0, disk.length - 1, 3_000_000);
    expect(shifted.length).toBe(disk.length);
    const before = await indexFragmentFile(file);
    const tmp = path.join(dir, 'shifted.mp4');
    await writeFile(tmp, shifted);
    const after = await indexFragmentFile(tmp);
    const scales = new Map(before.init.tracks.map((t) => [t.trackId, t.timescale]));
    expect(after.fragments).toHaveLength(before.fragments.length);
    before.fragments.forEach((f, i) => {
      const moved = after.fragments[i]!;
      for (const traf of f.tracks) {
        expect(moved.tracks.find((t) => t.trackId === traf.trackId)!.decodeTime).toBe(traf.decodeTime + 3 * scales.get(traf.trackId)!);
      }
      // Outside the moofs, byte for byte the file.
      expect(shifted.subarray(f.mdat.offset, f.mdat.offset + f.mdat.size).equals(disk.subarray(f.mdat.offset, f.mdat.offset + f.mdat.size))).toBe(true);
    });
    expect(shifted.subarray(0, record.initSize).equals(disk.subarray(0, record.initSize))).toBe(true);
  });

  it('serves any byte range of the shifted file, including ranges that start or end inside a moof', async () => {
    const whole = await collect(0, record.fileSize - 1, 1_500_000);
    const second = record.fragments[1]!;
    const ranges: [number, number][] = [
      [second.offset, second.offset + second.size - 1],
      [second.offset + 10, second.offset + 40],
      [second.offset - 5, second.offset + 200],
      [0, 99],
      [record.fileSize - 50, record.fileSize - 1],
    ];
    for (const [start, end] of ranges) {
      expect((await collect(start, end, 1_500_000)).equals(whole.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
  });

  it('never moves a decode time below zero', async () => {
    const shifted = await collect(0, record.fileSize - 1, -60_000_000);
    const tmp = path.join(dir, 'negative.mp4');
    await writeFile(tmp, shifted);
    expect((await indexFragmentFile(tmp)).fragments.every((f) => f.tracks.every((t) => t.decodeTime === 0))).toBe(true);
  });
});
