import { statfs } from 'node:fs/promises';
import path from 'node:path';
import type { FreeSpaceFloor } from '../config.js';

/** Size and free space of the volume a folder lives on. */
export interface VolumeStats {
  totalBytes: number;
  /** Space an unprivileged process can still write (statfs `bavail`, not `bfree`). */
  freeBytes: number;
}

/**
 * How the storage layer learns a volume's free space: `fs.statfs` in production, a function over a
 * fake capacity in tests (filling a real disk to test the floor is neither fast nor kind).
 */
export type VolumeStatsFn = (folder: string) => Promise<VolumeStats>;

/** statfs of the folder, or of its nearest existing parent when it does not exist yet. */
export const statfsVolume: VolumeStatsFn = async (folder) => {
  let current = path.resolve(folder);
  for (;;) {
    try {
      const s = await statfs(current);
      return { totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
    } catch (e: unknown) {
      const parent = path.dirname(current);
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw e;
      current = parent;
    }
  }
};

/** The floor in bytes for a volume of this size (0 when there is none). */
export function floorBytes(floor: FreeSpaceFloor | null, totalBytes: number): number {
  if (floor === null) return 0;
  return 'bytes' in floor ? floor.bytes : Math.ceil((totalBytes * floor.percent) / 100);
}
