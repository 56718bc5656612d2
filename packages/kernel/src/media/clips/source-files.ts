import { open } from 'node:fs/promises';
import { indexFragmentFile, type FragmentIndex } from '../../mp4/index.js';

/** A recorded file opened for reading. */
export interface SourceHandle {
  /**
   * Exactly `length` bytes from `position`; fails when the file ends earlier. With `into` (at least
   * `length` bytes) the bytes land there and a view of it is returned: no allocation per read.
   */
  read(position: number, length: number, into?: Buffer): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * How export reads recorded files — an adapter so a test can slow reads down (the timeout and lease
 * tests) without patching the file system.
 */
export interface SourceFiles {
  index(file: string): Promise<FragmentIndex>;
  open(file: string): Promise<SourceHandle>;
}

export class SourceFileError extends Error {
  override name = 'SourceFileError';
}

export const nodeSourceFiles: SourceFiles = {
  index: (file) => indexFragmentFile(file),
  async open(file) {
    const handle = await open(file, 'r');
    return {
      async read(position, length, into) {
        const buf = into !== undefined && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
        let filled = 0;
        while (filled < length) {
          const { bytesRead } = await handle.read(buf, filled, length - filled, position + filled);
          if (bytesRead === 0) throw new SourceFileError(`${file} ends at byte ${position + filled}, before the ${length} bytes wanted from ${position}`);
          filled += bytesRead;
        }
        return buf;
      },
      close: () => handle.close(),
    };
  },
};
