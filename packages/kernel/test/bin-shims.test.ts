import { execFile } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/test-kernel.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
let work: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  work = await tempDir('heldar-bin-');
});

afterAll(async () => {
  await work?.remove();
});

describe('the committed bin shims (what npm links as heldar and camsim at npm ci)', () => {
  it('run the built CLI', async () => {
    const { stdout } = await run(process.execPath, [path.join(repo, 'packages/kernel/bin/heldar.mjs'), 'version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const camsim = await run(process.execPath, [path.join(repo, 'packages/camsim/bin/camsim.mjs'), '--help']);
    expect(camsim.stdout).toContain('Usage: camsim');
  });

  it('say what to do when nothing is built yet, instead of a stack trace', async () => {
    for (const [pkg, bin] of [['kernel', 'heldar.mjs'], ['camsim', 'camsim.mjs']] as const) {
      const dir = path.join(work.dir, pkg, 'bin');
      await mkdir(dir, { recursive: true });
      await copyFile(path.join(repo, 'packages', pkg, 'bin', bin), path.join(dir, bin));
      const failed = await run(process.execPath, [path.join(dir, bin)]).then(
        () => null,
        (e: unknown) => e as { code: number; stderr: string },
      );
      expect(failed?.code, bin).toBe(1);
      expect(failed?.stderr, bin).toContain('run `npm run build`');
    }
  });
});
