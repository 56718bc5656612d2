import { parseBoxHeader } from '../../mp4/box-reader.js';
import { Fmp4FormatError } from '../../mp4/fmp4-error.js';
import { type InitInfo, parseInitSegment } from '../../mp4/init-segment.js';
import { type MovieFragmentInfo, parseMoof } from '../../mp4/movie-fragment.js';

/** ftyp + moov (and whatever sat between them), parsed. */
export interface SplitInit {
  readonly kind: 'init';
  readonly data: Buffer;
  readonly info: InitInfo;
}

/** Any styp/prft/sidx boxes before a moof, the moof, and its mdat, as one buffer. */
export interface SplitFragment {
  readonly kind: 'fragment';
  readonly data: Buffer;
  readonly moof: MovieFragmentInfo;
}

export type SplitPart = SplitInit | SplitFragment;

// A live fragment is a fraction of a GOP; a box claiming more than this is a broken size field, and
// refusing it keeps a corrupt pipe from making us buffer without end.
const MAX_BOX_BYTES = 64 * 1024 * 1024;

/** A top-level box as the pieces of the pipe chunks it arrived in (views, not copies). */
interface PendingBox {
  readonly type: string;
  readonly pieces: Buffer[];
  readonly size: number;
}

/**
 * Cuts a live fragmented-MP4 byte stream (ffmpeg `-f mp4 -movflags +frag_keyframe+empty_moov+
 * default_base_moof … pipe:1`) into the init segment and moof+mdat fragments, over arbitrary chunk
 * boundaries. Boxes are kept as views of the chunks they came in. A part (init, or styp/prft… +
 * moof + mdat) that lies in one chunk — the usual case: ffmpeg flushes each fragment in one write,
 * and a pipe read returns a buffer of exactly the bytes read — is handed on as a view of it, without
 * a copy; a part spread over chunks is joined into one fresh buffer. A view pins at most the chunk it
 * lies in, which holds little else than the part.
 */
export class Fmp4StreamSplitter {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Boxes of the part being assembled (init: ftyp…; fragment: styp/prft… moof). */
  private pending: PendingBox[] = [];
  private init: InitInfo | undefined;
  private moof: PendingBox | undefined;
  private readonly header = Buffer.alloc(16);

  /**
   * Feeds the next bytes; returns the parts they completed, in order.
   * @throws Fmp4FormatError when the bytes are not an fMP4 stream (the caller stops feeding).
   */
  push(chunk: Buffer): SplitPart[] {
    if (chunk.length === 0) return [];
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const parts: SplitPart[] = [];
    for (let box = this.nextBox(); box !== undefined; box = this.nextBox()) {
      const part = this.take(box);
      if (part !== undefined) parts.push(part);
    }
    return parts;
  }

  /** The init segment of the stream so far, once seen. */
  initInfo(): InitInfo | undefined {
    return this.init;
  }

  /** The next complete top-level box, or undefined until more bytes arrive. */
  private nextBox(): PendingBox | undefined {
    if (this.buffered < 8) return undefined;
    const head = this.peek(Math.min(this.buffered, 16));
    const header = parseBoxHeader(head, 0, head.length);
    if (header === undefined) return undefined;
    if (head.readUInt32BE(0) === 0) {
      throw new Fmp4FormatError('bad-box', `a '${header.type}' box of unknown size (0) cannot be cut out of a live stream`);
    }
    if (header.size > MAX_BOX_BYTES) {
      throw new Fmp4FormatError('bad-box', `a '${header.type}' box claims ${header.size} bytes; more than a live fragment can be`);
    }
    if (this.buffered < header.size) return undefined;
    return { type: header.type, pieces: this.consume(header.size), size: header.size };
  }

  private take(box: PendingBox): SplitPart | undefined {
    const { type } = box;
    if (type === 'ftyp') {
      // A new stream (init) starts: whatever was half assembled belongs to nothing now.
      this.init = undefined;
      this.moof = undefined;
      this.pending = [box];
      return undefined;
    }
    if (type === 'moov') {
      const bytes = join([...this.pending, box]);
      this.pending = [];
      this.init = parseInitSegment(bytes);
      return { kind: 'init', data: bytes, info: this.init };
    }
    if (this.init === undefined) {
      if (this.pending.length === 0) throw new Fmp4FormatError('not-mp4', `the stream starts with '${printable(type)}', not 'ftyp'`);
      this.pending.push(box);
      return undefined;
    }
    if (type === 'moof') {
      this.moof = box;
      this.pending.push(box);
      return undefined;
    }
    if (type === 'mdat') {
      if (this.moof === undefined) throw new Fmp4FormatError('not-fragmented', 'media data (mdat) came before any moof');
      const init = this.init;
      const moofSize = this.moof.size;
      const bytes = join([...this.pending, box]);
      this.pending = [];
      this.moof = undefined;
      // Data offsets relative to where the moof sits in this fragment's buffer.
      const moofOffset = bytes.length - box.size - moofSize;
      const moofBytes = bytes.subarray(moofOffset, moofOffset + moofSize);
      const moof = parseMoof(moofBytes, moofOffset, (trackId) => init.tracks.find((t) => t.trackId === trackId)?.defaults);
      return { kind: 'fragment', data: bytes, moof };
    }
    // mfra at the end of a run says nothing a live viewer needs; styp/prft/sidx/free before a moof
    // travel with it.
    if (type !== 'mfra') this.pending.push(box);
    return undefined;
  }

  /** The first `n` (≤ 16) buffered bytes, contiguous (n ≤ buffered), without consuming them. */
  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first.subarray(0, n);
    // A header across chunks: only its bytes are gathered, not the chunks joined.
    let filled = 0;
    for (const chunk of this.chunks) {
      filled += chunk.copy(this.header, filled, 0, Math.min(chunk.length, n - filled));
      if (filled === n) break;
    }
    return this.header.subarray(0, n);
  }

  /** Removes the first `n` buffered bytes (n ≤ buffered) and returns them as views of their chunks. */
  private consume(n: number): Buffer[] {
    const pieces: Buffer[] = [];
    let left = n;
    while (left > 0) {
      const first = this.chunks[0]!;
      if (first.length <= left) {
        pieces.push(first);
        this.chunks.shift();
        left -= first.length;
      } else {
        pieces.push(first.subarray(0, left));
        this.chunks[0] = first.subarray(left);
        left = 0;
      }
    }
    this.buffered -= n;
    return pieces;
  }
}

/** The boxes' bytes as one buffer: a view when they lie back to back in one chunk, else a copy. */
function join(boxes: readonly PendingBox[]): Buffer {
  let size = 0;
  for (const box of boxes) size += box.size;
  const first = boxes[0]!.pieces[0]!;
  if (contiguous(boxes, first)) return Buffer.from(first.buffer, first.byteOffset, size);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const box of boxes) for (const piece of box.pieces) at += piece.copy(out, at);
  return out;
}

/** Whether every piece of the boxes follows the one before in the memory of `first`'s chunk. */
function contiguous(boxes: readonly PendingBox[], first: Buffer): boolean {
  let end = first.byteOffset;
  for (const box of boxes) {
    for (const piece of box.pieces) {
      if (piece.buffer !== first.buffer || piece.byteOffset !== end) return false;
      end += piece.length;
    }
  }
  return true;
}

function printable(type: string): string {
  return type.replace(/[^\x20-\x7e]/g, '?');
}
