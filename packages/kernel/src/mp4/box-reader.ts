import type { FileHandle } from 'node:fs/promises';
import { Fmp4FormatError } from './fmp4-error.js';

/** One ISO BMFF box header. Offsets are relative to whatever was scanned (file or buffer). */
export interface BoxHeader {
  /** Four-character type, latin1-decoded ('moof', 'mdat', '©nam'…). */
  readonly type: string;
  readonly offset: number;
  /** Whole box including its header; a size-0 box ("to the end") is resolved to the scan limit. */
  readonly size: number;
  /** 8, 16 with a 64-bit largesize, plus 16 for a 'uuid' box's extended type. */
  readonly headerSize: number;
  readonly end: number;
}

/** A top-level box met while scanning a file or a whole-file buffer. */
export interface TopLevelBox {
  readonly header: BoxHeader;
  /** False when the box claims to run past the end of the data (a cut-off file). */
  readonly complete: boolean;
  /** The whole box (header included) when its type was asked for and it is complete. */
  readonly data?: Buffer;
}

// Boxes we load into memory are moov/moof/prft-sized; anything bigger is a broken size field, and
// refusing it keeps a corrupt file from making the indexer allocate hundreds of megabytes.
const MAX_LOADED_BOX_BYTES = 32 * 1024 * 1024;

// One read per fragment is enough when a read covers prft + moof + the mdat header: ffmpeg's moof for
// a 1–2 s GOP of video + AAC is 0.5–2 KiB. Larger moofs simply cost a second read.
const FILE_READ_CHUNK_BYTES = 8 * 1024;

/**
 * Parses the box header at `pos`. Returns undefined when fewer header bytes than needed remain before
 * `limit` (the caller decides whether that is truncation or corruption).
 * @throws Fmp4FormatError('bad-box') when the size field is impossible.
 */
export function parseBoxHeader(buf: Buffer, pos: number, limit: number, baseOffset = 0): BoxHeader | undefined {
  if (limit - pos < 8) return undefined;
  const size32 = buf.readUInt32BE(pos);
  const type = buf.toString('latin1', pos + 4, pos + 8);
  let headerSize = 8;
  let size: number;
  if (size32 === 1) {
    if (limit - pos < 16) return undefined;
    size = readUint64(buf, pos + 8, 'largesize');
    headerSize = 16;
  } else if (size32 === 0) {
    size = limit - pos;
  } else {
    size = size32;
  }
  if (type === 'uuid') headerSize += 16;
  if (size < headerSize) {
    throw new Fmp4FormatError(
      'bad-box',
      `Box '${printable(type)}' at byte ${baseOffset + pos} declares ${size} bytes, less than its ${headerSize}-byte header.`,
    );
  }
  const offset = baseOffset + pos;
  return { type, offset, size, headerSize, end: offset + size };
}

/**
 * The child boxes of a container held in memory, strictly: a child running past `end` is corruption
 * here, because containers are only parsed once they were read completely.
 */
export function* childBoxes(buf: Buffer, start: number, end: number): Generator<BoxHeader> {
  let pos = start;
  while (pos < end) {
    const header = parseBoxHeader(buf, pos, end);
    if (header === undefined || header.end > end) {
      throw new Fmp4FormatError('bad-box', `A box inside bytes ${start}–${end} runs past its parent (at byte ${pos}).`);
    }
    yield header;
    pos = header.end;
  }
}

/** The first child of the given type, or undefined. */
export function findChild(buf: Buffer, parent: BoxHeader, type: string, skip = 0): BoxHeader | undefined {
  for (const child of childBoxes(buf, parent.offset + parent.headerSize + skip, parent.end)) {
    if (child.type === type) return child;
  }
  return undefined;
}

/** Like findChild, for boxes the format requires. */
export function requireChild(buf: Buffer, parent: BoxHeader, type: string): BoxHeader {
  const child = findChild(buf, parent, type);
  if (child === undefined) {
    throw new Fmp4FormatError('bad-box', `'${parent.type}' at byte ${parent.offset} has no '${type}' box.`);
  }
  return child;
}

/** Payload start of a box, i.e. where a full box's version byte sits. */
export function payloadStart(box: BoxHeader): number {
  return box.offset + box.headerSize;
}

/**
 * Reads a 64-bit big-endian field as a number. Every 64-bit field we meet (sizes, decode times) stays far
 * below 2^53 in practice; one that does not is treated as corruption rather than silently rounded.
 */
export function readUint64(buf: Buffer, pos: number, field: string): number {
  const value = buf.readBigUInt64BE(pos);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Fmp4FormatError('bad-box', `The 64-bit ${field} at byte ${pos} (${value}) is beyond 2^53.`);
  }
  return Number(value);
}

/**
 * Top-level boxes of a file held in memory — the whole file, or with `baseOffset` the part of it that
 * starts at that file offset (header offsets then come out as file offsets). `data` is a view into
 * `buf`, not a copy.
 */
export function* scanBufferBoxes(buf: Buffer, load: ReadonlySet<string>, baseOffset = 0): Generator<TopLevelBox> {
  let pos = 0;
  while (pos < buf.length) {
    const header = parseBoxHeader(buf, pos, buf.length, baseOffset);
    if (header === undefined) {
      yield { header: partialHeader(baseOffset + pos, baseOffset + buf.length), complete: false };
      return;
    }
    checkTopLevelType(header);
    const end = pos + header.size;
    const complete = end <= buf.length;
    const data = complete && load.has(header.type) ? buf.subarray(pos, end) : undefined;
    yield data === undefined ? { header, complete } : { header, complete, data };
    if (!complete) return;
    pos = end;
  }
}

/**
 * Top-level boxes of an open file, reading only box headers and the boxes named in `load` — never the
 * mdat payloads, which are 99 % of a segment. Each `data` is a fresh buffer the caller may keep.
 * With `start`, the scan begins there (a box boundary); `fileSize` is where it ends.
 */
export async function* scanFileBoxes(
  file: FileHandle,
  fileSize: number,
  load: ReadonlySet<string>,
  start = 0,
): AsyncGenerator<TopLevelBox> {
  const window = new ReadWindow(file, fileSize);
  let pos = start;
  while (pos < fileSize) {
    const head = await window.bytes(pos, Math.min(32, fileSize - pos));
    let header = parseBoxHeader(head, 0, head.length, pos);
    // A size-0 box runs to the end of the file, not to the end of the few header bytes parsed.
    if (header !== undefined && head.readUInt32BE(0) === 0) header = { ...header, size: fileSize - pos, end: fileSize };
    if (header === undefined) {
      yield { header: partialHeader(pos, fileSize), complete: false };
      return;
    }
    checkTopLevelType(header);
    const complete = header.end <= fileSize;
    if (complete && load.has(header.type)) {
      if (header.size > MAX_LOADED_BOX_BYTES) {
        throw new Fmp4FormatError(
          'bad-box',
          `Box '${header.type}' at byte ${pos} claims ${header.size} bytes; refusing to load more than ${MAX_LOADED_BOX_BYTES}.`,
        );
      }
      yield { header, complete, data: Buffer.from(await window.bytes(pos, header.size)) };
    } else {
      yield { header, complete };
    }
    if (!complete) return;
    pos = header.end;
  }
}

/** Positioned reads through a small read-ahead window, so consecutive small boxes cost one syscall. */
class ReadWindow {
  private start = 0;
  private buf = Buffer.alloc(0);

  constructor(
    private readonly file: FileHandle,
    private readonly fileSize: number,
  ) {}

  /** `length` bytes at `pos`; the view is valid until the next call. */
  async bytes(pos: number, length: number): Promise<Buffer> {
    if (pos >= this.start && pos + length <= this.start + this.buf.length) {
      return this.buf.subarray(pos - this.start, pos - this.start + length);
    }
    const want = Math.min(Math.max(length, FILE_READ_CHUNK_BYTES), this.fileSize - pos);
    const buf = Buffer.allocUnsafe(want);
    let filled = 0;
    while (filled < want) {
      const { bytesRead } = await this.file.read(buf, filled, want - filled, pos + filled);
      // The file shrank under us (rotated or truncated while indexing): work with what was read.
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    this.start = pos;
    this.buf = buf.subarray(0, filled);
    if (filled < length) {
      throw new Fmp4FormatError('bad-box', `The file ended at byte ${pos + filled} while reading ${length} bytes at ${pos}.`);
    }
    return this.buf.subarray(0, length);
  }
}

function partialHeader(pos: number, limit: number): BoxHeader {
  return { type: '', offset: pos, size: limit - pos, headerSize: 0, end: limit };
}

// A real top-level fourcc is printable ASCII; checking it turns "this is a JPEG / text / zeros" into a
// clear message at the first box instead of a misleading size error later.
function checkTopLevelType(header: BoxHeader): void {
  for (let i = 0; i < 4; i++) {
    const c = header.type.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      throw new Fmp4FormatError(
        'not-mp4',
        `Not an MP4 box at byte ${header.offset}: type bytes ${Buffer.from(header.type, 'latin1').toString('hex')} are not a fourcc.`,
      );
    }
  }
}

function printable(type: string): string {
  return type.replace(/[^\x20-\x7e]/g, '?');
}

/** A full box's version-dependent field: 64 bits in version 1, 32 bits otherwise. */
export function readVersionedUint(buf: Buffer, pos: number, version: number, field: string): number {
  return version === 1 ? readUint64(buf, pos, field) : buf.readUInt32BE(pos);
}
