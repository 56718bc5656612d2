import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

export type ZipEntry = { path: string; file: string } | { path: string; data: Buffer };

/**
 * Writes a zip of `entries` to `target`, streaming (file entries are read as they are written, never
 * held in memory), and returns the zip's size and SHA-256. Clips are stored, not deflated: H.264 does
 * not compress, and stored bytes let a person check a file's hash even with a tool that only lists the zip.
 */
export async function writeZip(target: string, entries: readonly ZipEntry[], mtime: Date, signal: AbortSignal): Promise<{ size: number; sha256: string }> {
  const zip = new ZipFile();
  for (const e of entries) {
    if ('file' in e) zip.addFile(e.file, e.path, { compress: false, mtime });
    else zip.addBuffer(e.data, e.path, { compress: true, mtime });
  }
  zip.end();
  const hash = createHash('sha256');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(zip.outputStream, count, createWriteStream(target, { flags: 'wx', mode: 0o644 }), { signal });
  return { size, sha256: hash.digest('hex') };
}
