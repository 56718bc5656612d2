import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hourKey } from './footage-layout.js';
import { pruneEmptyFolders, removeSegmentFiles } from './segment-files.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'heldar-segment-files-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(relative: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await writeFile(path.join(root, relative), 'x');
}
const present = (relative: string) =>
  access(path.join(root, relative)).then(
    () => true,
    () => false,
  );

describe('removeSegmentFiles', () => {
  it('deletes files, counts already-missing ones as gone, and reports the ones it cannot delete', async () => {
    await put('cam/2026-03-01/10/a.mp4');
    await put('cam/2026-03-01/10/b.mp4');
    // A folder where a file is expected: unlink fails with EISDIR/EPERM, not ENOENT.
    await mkdir(path.join(root, 'cam/2026-03-01/10/dir.mp4'));
    const result = await removeSegmentFiles(root, ['cam/2026-03-01/10/a.mp4', 'cam/2026-03-01/10/gone.mp4', 'cam/2026-03-01/10/dir.mp4', '../escape.mp4', 'cam/2026-03-01/10/b.mp4']);
    expect([...result.gone].sort()).toEqual(['cam/2026-03-01/10/a.mp4', 'cam/2026-03-01/10/b.mp4', 'cam/2026-03-01/10/gone.mp4']);
    expect(result.missing).toBe(1);
    expect(result.failed.map((f) => f.path).sort()).toEqual(['../escape.mp4', 'cam/2026-03-01/10/dir.mp4']);
    expect(await present('cam/2026-03-01/10/a.mp4')).toBe(false);
  });
});

describe('pruneEmptyFolders', () => {
  it('removes empty hour and day folders of past hours only, never a folder with footage left', async () => {
    await put('cam/2026-03-01/08/keep.mp4');
    await mkdir(path.join(root, 'cam/2026-03-01/09'), { recursive: true });
    await mkdir(path.join(root, 'cam/2026-02-28/23'), { recursive: true });
    await mkdir(path.join(root, 'cam/2026-03-01/11'), { recursive: true });
    const before = hourKey(Date.parse('2026-03-01T10:30:00Z'));
    expect(before).toBe('2026-03-01/10');

    const removed = await pruneEmptyFolders(
      root,
      ['cam/2026-03-01/08/x.mp4', 'cam/2026-03-01/09/y.mp4', 'cam/2026-02-28/23/z.mp4', 'cam/2026-03-01/11/new.mp4'],
      before,
    );

    expect(removed).toBe(3); // 09, 2026-02-28/23 and then 2026-02-28
    expect(await present('cam/2026-03-01/08/keep.mp4')).toBe(true);
    expect(await present('cam/2026-03-01/09')).toBe(false);
    expect(await present('cam/2026-02-28')).toBe(false);
    // The current hour's folder stays even when empty: the recorder may be about to rename into it.
    expect(await present('cam/2026-03-01/11')).toBe(true);
  });
});
