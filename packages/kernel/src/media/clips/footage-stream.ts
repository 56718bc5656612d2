import { Readable } from 'node:stream';
import type { FootageLayout, LayoutPiece } from './footage-layout.js';
import type { SourceFiles, SourceHandle } from './source-files.js';

// Media is read in chunks of at most this size: one read per mdat of a 1–2 s GOP at camera bitrates.
const READ_CHUNK_BYTES = 1024 * 1024;

/** Bytes `start`..`end` (inclusive) of a virtual MP4, as a byte stream; the files are opened as it is read. */
export function streamLayout(layout: FootageLayout, start: number, end: number, files: SourceFiles): Readable {
  return Readable.from(chunks(layout.pieces, start, end, files), { objectMode: false });
}

async function* chunks(pieces: readonly LayoutPiece[], start: number, end: number, files: SourceFiles): AsyncGenerator<Buffer> {
  let current: { file: string; handle: SourceHandle } | undefined;
  let pos = 0;
  try {
    for (const piece of pieces) {
      const size = 'bytes' in piece ? piece.bytes.length : piece.size;
      const from = Math.max(start, pos);
      const to = Math.min(end + 1, pos + size);
      if (from < to) {
        if ('bytes' in piece) {
          yield piece.bytes.subarray(from - pos, to - pos);
        } else {
          // Consecutive pieces come from the same file: one handle per file, not per piece.
          if (current?.file !== piece.file) {
            const previous = current;
            current = undefined;
            await previous?.handle.close();
            current = { file: piece.file, handle: await files.open(piece.file) };
          }
          for (let p = from; p < to; p += READ_CHUNK_BYTES) {
            yield await current.handle.read(piece.offset + (p - pos), Math.min(READ_CHUNK_BYTES, to - p));
          }
        }
      }
      pos += size;
      if (pos > end) break;
    }
  } finally {
    await current?.handle.close();
  }
}
