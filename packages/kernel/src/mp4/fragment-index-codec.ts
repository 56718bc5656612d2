import { FragmentIndexBlobError } from './fmp4-error.js';
import type { FragmentIndex } from './fragment-index.js';

/**
 * The per-segment fragment index as the recorder stores it (one BLOB per segment row): what playback
 * needs to emit HLS byte ranges and what export needs to pick fragments, without reopening the file.
 *
 * Layout (version 1), all integers unsigned LEB128 varints unless noted:
 *   'H' 'F'  magic
 *   u8       version (1)
 *   u8       flags: bit 0 truncated
 *   timescale, initSize, fileSize, fragmentCount
 *   per fragment:
 *     u8     flags: bit 0 keyframe, bit 1 utcMs present
 *     size
 *     zigzag(decodeTime − previous decodeTime − previous duration)   — 0 when continuous
 *     duration
 *     [zigzag(utcMs − previous utcMs − round(previous duration ms))] — previous utcMs is 0 at first
 * Offsets are not stored: fragments tile the file from the end of the init segment, so each offset is
 * the previous one plus its size, and trailingBytes is what remains of fileSize. A 1 s fragment of
 * 25 fps video in a 12800 Hz timescale costs about 7 bytes, 13 with a prft time.
 */
export interface FragmentIndexRecord {
  /** Reference (video) track timescale: unit of decodeTime and duration. */
  readonly timescale: number;
  readonly initSize: number;
  readonly fileSize: number;
  readonly truncated: boolean;
  readonly trailingBytes: number;
  readonly fragments: readonly FragmentRecord[];
}

export interface FragmentRecord {
  readonly offset: number;
  readonly size: number;
  readonly decodeTime: number;
  readonly duration: number;
  readonly keyframe: boolean;
  /** prft wall-clock time, when the file has prft boxes. */
  readonly utcMs?: number;
}

export const FRAGMENT_INDEX_BLOB_VERSION = 1;

const MAGIC_0 = 0x48; // 'H'
const MAGIC_1 = 0x46; // 'F'
const FLAG_TRUNCATED = 1;
const FRAGMENT_KEYFRAME = 1;
const FRAGMENT_UTC = 2;

/** The part of a parsed index worth storing. */
export function toFragmentIndexRecord(index: FragmentIndex): FragmentIndexRecord {
  const reference = index.init.tracks.find((t) => t.trackId === index.init.referenceTrackId);
  return {
    timescale: reference?.timescale ?? 1,
    initSize: index.init.range.size,
    fileSize: index.fileSize,
    truncated: index.truncated,
    trailingBytes: index.trailingBytes,
    fragments: index.fragments.map((f) => {
      const record = { offset: f.offset, size: f.size, decodeTime: f.decodeTime, duration: f.duration, keyframe: f.keyframe };
      return f.prft === undefined ? record : { ...record, utcMs: f.prft.utcMs };
    }),
  };
}

/**
 * Serialises a record.
 * @throws RangeError when the fragments do not tile the file (offsets are implied, so they must).
 */
export function encodeFragmentIndex(record: FragmentIndexRecord): Buffer {
  const out = new ByteWriter();
  out.byte(MAGIC_0);
  out.byte(MAGIC_1);
  out.byte(FRAGMENT_INDEX_BLOB_VERSION);
  out.byte(record.truncated ? FLAG_TRUNCATED : 0);
  out.varint(record.timescale);
  out.varint(record.initSize);
  out.varint(record.fileSize);
  out.varint(record.fragments.length);
  let offset = record.initSize;
  let expectedDecode = 0;
  let expectedUtc = 0;
  for (const f of record.fragments) {
    if (f.offset !== offset) {
      throw new RangeError(`Fragment at ${f.offset} does not start where the previous one ended (${offset}).`);
    }
    out.byte((f.keyframe ? FRAGMENT_KEYFRAME : 0) | (f.utcMs === undefined ? 0 : FRAGMENT_UTC));
    out.varint(f.size);
    out.zigzag(f.decodeTime - expectedDecode);
    out.varint(f.duration);
    if (f.utcMs !== undefined) {
      out.zigzag(f.utcMs - expectedUtc);
      expectedUtc = f.utcMs + Math.round((f.duration * 1000) / record.timescale);
    }
    offset += f.size;
    expectedDecode = f.decodeTime + f.duration;
  }
  if (offset + record.trailingBytes !== record.fileSize) {
    throw new RangeError(`initSize + fragment sizes + trailingBytes (${offset + record.trailingBytes}) is not fileSize (${record.fileSize}).`);
  }
  return out.toBuffer();
}

/**
 * Parses a blob written by encodeFragmentIndex.
 * @throws FragmentIndexBlobError on a foreign, newer or damaged blob.
 */
export function decodeFragmentIndex(blob: Buffer): FragmentIndexRecord {
  const input = new ByteReader(blob);
  if (input.byte() !== MAGIC_0 || input.byte() !== MAGIC_1) {
    throw new FragmentIndexBlobError('Not a fragment index blob (bad magic).');
  }
  const version = input.byte();
  if (version !== FRAGMENT_INDEX_BLOB_VERSION) {
    throw new FragmentIndexBlobError(`Fragment index blob version ${version} is not supported (expected ${FRAGMENT_INDEX_BLOB_VERSION}).`);
  }
  const truncated = (input.byte() & FLAG_TRUNCATED) !== 0;
  const timescale = input.varint();
  const initSize = input.varint();
  const fileSize = input.varint();
  const count = input.varint();
  // Every fragment takes at least 4 bytes: a count beyond that is damage, not a reason to allocate.
  if (count > blob.length) throw new FragmentIndexBlobError(`Fragment index blob claims ${count} fragments in ${blob.length} bytes.`);
  const fragments: FragmentRecord[] = [];
  let offset = initSize;
  let expectedDecode = 0;
  let expectedUtc = 0;
  for (let i = 0; i < count; i++) {
    const flags = input.byte();
    const size = input.varint();
    const decodeTime = expectedDecode + input.zigzag();
    const duration = input.varint();
    const record = { offset, size, decodeTime, duration, keyframe: (flags & FRAGMENT_KEYFRAME) !== 0 };
    if ((flags & FRAGMENT_UTC) !== 0) {
      const utcMs = expectedUtc + input.zigzag();
      fragments.push({ ...record, utcMs });
      expectedUtc = utcMs + Math.round((duration * 1000) / timescale);
    } else {
      fragments.push(record);
    }
    offset += size;
    expectedDecode = decodeTime + duration;
  }
  if (!input.atEnd()) throw new FragmentIndexBlobError('Fragment index blob has trailing bytes.');
  if (offset > fileSize) throw new FragmentIndexBlobError('Fragment index blob describes more bytes than its file size.');
  return { timescale, initSize, fileSize, truncated, trailingBytes: fileSize - offset, fragments };
}

// Varints use arithmetic rather than bit operators, which would cut values to 32 bits; decode times
// and file sizes can exceed that.
class ByteWriter {
  private readonly bytes: number[] = [];

  byte(value: number): void {
    this.bytes.push(value);
  }

  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Cannot store ${value} as an unsigned varint.`);
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) + 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
  }

  zigzag(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

class ByteReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  byte(): number {
    const value = this.buf[this.pos];
    if (value === undefined) throw new FragmentIndexBlobError('Fragment index blob is cut short.');
    this.pos += 1;
    return value;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 49) throw new FragmentIndexBlobError('Fragment index blob has an oversized varint.');
    }
    return value;
  }

  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  atEnd(): boolean {
    return this.pos === this.buf.length;
  }
}
