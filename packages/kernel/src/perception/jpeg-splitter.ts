/**
 * Splits ffmpeg's `image2pipe` MJPEG output (JPEG images back to back, no container) into whole
 * frames. It walks the JPEG marker structure instead of searching for the end marker bytes: a
 * quantisation or Huffman table may contain FF D9 by chance, while inside the entropy-coded scan
 * data a real FF is always stuffed (FF 00) or a restart marker (FF D0–D7). The frame size is read
 * from the SOF segment on the way.
 *
 * Memory is bounded: a frame that grows past `maxFrameBytes` without ending is thrown away and the
 * splitter looks for the next start-of-image marker.
 */

export interface JpegFrame {
  /** One complete JPEG image, SOI to EOI, in its own buffer. */
  data: Buffer;
  width: number;
  height: number;
}

type Phase = 'seek' | 'segments' | 'scan';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

export const DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

export class JpegSplitter {
  private buf: Buffer = Buffer.alloc(0);
  /** Parse position inside `buf` (the current frame starts at 0 once found). */
  private pos = 0;
  private phase: Phase = 'seek';
  private width = 0;
  private height = 0;
  private discarded = 0;

  constructor(private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** Bytes thrown away so far: garbage between frames, and frames over the size limit. */
  get discardedBytes(): number {
    return this.discarded;
  }

  /** Feeds a chunk of stdout; returns the frames it completed, in order. */
  push(chunk: Buffer): JpegFrame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const frames: JpegFrame[] = [];
    for (;;) {
      const frame = this.step();
      if (frame === 'more') break;
      if (frame !== null) frames.push(frame);
    }
    if (this.buf.length > this.maxFrameBytes) this.dropCurrent();
    return frames;
  }

  /** Advances the parser; a frame, null when it made progress without one, 'more' when it needs data. */
  private step(): JpegFrame | null | 'more' {
    const buf = this.buf;
    if (this.phase === 'seek') {
      const at = findMarker(buf, SOI, 0);
      if (at < 0) {
        // Keep a trailing 0xFF: it may be the first half of the next SOI.
        const keep = buf.length > 0 && buf[buf.length - 1] === 0xff ? 1 : 0;
        this.discarded += buf.length - keep;
        this.buf = buf.subarray(buf.length - keep);
        return 'more';
      }
      this.discarded += at;
      this.buf = buf.subarray(at);
      this.pos = 2;
      this.width = 0;
      this.height = 0;
      this.phase = 'segments';
      return null;
    }
    if (this.phase === 'segments') {
      let p = this.pos;
      if (p + 1 >= buf.length) return 'more';
      if (buf[p] !== 0xff) return this.corrupt();
      // Fill bytes: any number of 0xFF before a marker.
      while (p + 1 < buf.length && buf[p + 1] === 0xff) p++;
      if (p + 1 >= buf.length) return 'more';
      const marker = buf[p + 1] ?? 0;
      if (marker === EOI) return this.emit(p + 2);
      if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        this.pos = p + 2;
        return null;
      }
      if (marker === SOI || marker === 0x00) return this.corrupt();
      if (p + 3 >= buf.length) return 'more';
      const length = buf.readUInt16BE(p + 2);
      if (length < 2) return this.corrupt();
      const end = p + 2 + length;
      if (isStartOfFrame(marker)) {
        if (p + 8 >= buf.length) return 'more';
        this.height = buf.readUInt16BE(p + 5);
        this.width = buf.readUInt16BE(p + 7);
      }
      if (end > buf.length) return 'more';
      this.pos = end;
      if (marker === SOS) this.phase = 'scan';
      return null;
    }
    // Entropy-coded data: the next FF that is neither stuffing (FF 00) nor a restart marker ends it.
    let p = this.pos;
    for (;;) {
      const ff = buf.indexOf(0xff, p);
      if (ff < 0 || ff + 1 >= buf.length) {
        this.pos = ff < 0 ? buf.length : ff;
        return 'more';
      }
      const next = buf[ff + 1] ?? 0;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
        p = next === 0xff ? ff + 1 : ff + 2;
        continue;
      }
      if (next === EOI) return this.emit(ff + 2);
      // Another marker (a progressive JPEG's next table or scan): back to segment parsing.
      this.pos = ff;
      this.phase = 'segments';
      return null;
    }
  }

  private emit(end: number): JpegFrame {
    const data = Buffer.from(this.buf.subarray(0, end));
    const frame = { data, width: this.width, height: this.height };
    this.buf = this.buf.subarray(end);
    this.phase = 'seek';
    this.pos = 0;
    return frame;
  }

  /** Not a JPEG after all: skip the SOI and look for the next one. */
  private corrupt(): null {
    this.discarded += 2;
    this.buf = this.buf.subarray(2);
    this.phase = 'seek';
    this.pos = 0;
    return null;
  }

  private dropCurrent(): void {
    this.discarded += this.buf.length;
    this.buf = Buffer.alloc(0);
    this.phase = 'seek';
    this.pos = 0;
  }
}

function findMarker(buf: Buffer, marker: number, from: number): number {
  let p = from;
  for (;;) {
    const ff = buf.indexOf(0xff, p);
    if (ff < 0 || ff + 1 >= buf.length) return -1;
    if (buf[ff + 1] === marker) return ff;
    p = ff + 1;
  }
}

/** SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}
