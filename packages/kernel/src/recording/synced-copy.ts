import { copyFile, open } from 'node:fs/promises';

/** Copies `source` to `target` and fsyncs the copy: once this resolves, the bytes are on disk. */
export async function copySynced(source: string, target: string): Promise<void> {
  await copyFile(source, target);
  const handle = await open(target, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
