import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileDigest } from './clip-assembler.js';

/** SHA-256 and size of a whole file, streamed (never held in memory at once), on the calling thread: for the CLI (`heldar verify`); the server hashes on its HashThread. */
export async function digestFile(file: string, signal?: AbortSignal): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024, ...(signal ? { signal } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}
