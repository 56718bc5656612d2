import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { childBoxes, parseBoxHeader, scanBufferBoxes, scanFileBoxes } from './box-reader.js';
import { Fmp4FormatError } from './fmp4-error.js';
import { recordSegments } from './media-fixture.test-helper.js';

function box(type: string, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heldar-fmp4-box-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseBoxHeader', () => {
  it('reads 32-bit, 64-bit largesize, size-0 and uuid headers', () => {
    expect(parseBoxHeader(box('free', Buffer.alloc(4)), 0, 12)).toEqual({ type: 'free', offset: 0, size: 12, headerSize: 8, end: 12 });

    const large = Buffer.alloc(24);
    large.writeUInt32BE(1, 0);
    large.write('mdat', 4, 'latin1');
    large.writeBigUInt64BE(24n, 8);
    expect(parseBoxHeader(large, 0, 24)).toMatchObject({ type: 'mdat', size: 24, headerSize: 16 });

    // A largesize beyond 4 GiB is fine as long as it stays below 2^53.
    large.writeBigUInt64BE(6n * 2n ** 30n, 8);
    expect(parseBoxHeader(large, 0, 24, 100)).toMatchObject({ offset: 100, size: 6 * 2 ** 30, end: 100 + 6 * 2 ** 30 });

    const toEnd = box('mdat', Buffer.alloc(30));
    toEnd.writeUInt32BE(0, 0);
    expect(parseBoxHeader(toEnd, 0, toEnd.length)).toMatchObject({ size: 38, end: 38 });

    expect(parseBoxHeader(box('uuid', Buffer.alloc(16)), 0, 24)).toMatchObject({ headerSize: 24 });
  });

  it('returns undefined for a header cut short and throws on an impossible size', () => {
    expect(parseBoxHeader(Buffer.alloc(7), 0, 7)).toBeUndefined();
    const bad = box('moof');
    bad.writeUInt32BE(4, 0);
    expect(() => parseBoxHeader(bad, 0, 8)).toThrow(Fmp4FormatError);
  });
});

describe('childBoxes', () => {
  it('iterates children and rejects one running past its parent', () => {
    const parent = Buffer.concat([box('mfhd', Buffer.alloc(8)), box('traf', box('tfhd', Buffer.alloc(8)))]);
    expect([...childBoxes(parent, 0, parent.length)].map((b) => [b.type, b.offset])).toEqual([
      ['mfhd', 0],
      ['traf', 16],
    ]);
    expect(() => [...childBoxes(parent, 0, parent.length - 1)]).toThrow(/runs past its parent/);
  });
});

describe('scanning top-level boxes', () => {
  it('marks a box cut by the end of the data as incomplete and stops', () => {
    const data = Buffer.concat([box('ftyp', Buffer.alloc(8)), box('mdat', Buffer.alloc(100))]).subarray(0, 60);
    const boxes = [...scanBufferBoxes(data, new Set(['ftyp']))];
    expect(boxes.map((b) => [b.header.type, b.complete, b.data?.length])).toEqual([
      ['ftyp', true, 16],
      ['mdat', false, undefined],
    ]);
  });

  it('reads a real segment file without reading its mdat payloads', async () => {
    const [path] = await recordSegments(dir, 'scan', { seconds: 4, segmentTime: 4, bframes: 0, audio: true, size: '640x360' });
    if (path === undefined) throw new Error('no segment');
    const bytes = await readFile(path);
    const file = await open(path, 'r');
    const read = vi.spyOn(file, 'read');
    try {
      const load = new Set(['ftyp', 'moov', 'moof']);
      const fromFile = [];
      for await (const b of scanFileBoxes(file, bytes.length, load)) fromFile.push(b);
      expect(fromFile).toEqual([...scanBufferBoxes(bytes, load)]);
      // Four 1 s GOPs, plus possibly ffmpeg's final audio-only fragment.
      expect(fromFile.filter((b) => b.header.type === 'moof').length).toBeGreaterThanOrEqual(4);
      // read(buffer, offset, length, position): the spy's type only knows the last overload.
      const bytesRead = read.mock.calls.reduce((sum, call) => sum + Number((call as unknown[])[2] ?? 0), 0);
      // Headers and moofs are a few KiB out of a file of hundreds of KiB.
      expect(bytesRead).toBeLessThan(bytes.length / 10);
      expect(read.mock.calls.length).toBeLessThanOrEqual(fromFile.length);
    } finally {
      await file.close();
    }
  });

  it('refuses non-fourcc top-level types', async () => {
    const path = join(dir, 'zeros.bin');
    await writeFile(path, Buffer.from('0000001000000000000000000000000000', 'hex'));
    const file = await open(path, 'r');
    try {
      const iterate = async (): Promise<void> => {
        for await (const _ of scanFileBoxes(file, 17, new Set())) {
          // draining
        }
      };
      await expect(iterate()).rejects.toMatchObject({ code: 'not-mp4' });
    } finally {
      await file.close();
    }
  });
});
