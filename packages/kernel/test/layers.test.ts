import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// The layering check (`npm run lint:deps`) must be able to fail: it runs here with the repository's
// own rule file over small source trees laid out like packages/kernel/src.
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const ruleFile = join(repo, '.dependency-cruiser.mjs');
const depcruise = join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface CruiseResult {
  exitCode: number;
  output: string;
}

let tree: string | undefined;

afterEach(() => {
  if (tree) rmSync(tree, { recursive: true, force: true });
  tree = undefined;
});

/** Writes `files` (paths below packages/kernel/src) into a fresh tree and runs the check over it. */
function cruise(files: Record<string, string>): Promise<CruiseResult> {
  tree = mkdtempSync(join(tmpdir(), 'heldar-layers-'));
  for (const [path, text] of Object.entries(files)) {
    const file = join(tree, 'packages/kernel/src', path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [depcruise, '--config', ruleFile, 'packages/kernel/src'], { cwd: tree }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ exitCode: code, output: `${stdout}${stderr}` });
    });
  });
}

describe('the layering check', () => {
  it('accepts imports that go down the layers', async () => {
    const result = await cruise({
      'clock.ts': 'export const now = (): number => 0;\n',
      'events/event-log.ts': "import { now } from '../clock.js';\nexport const logged = now();\n",
      'perception/worker-hub.ts': "import { logged } from '../events/event-log.js';\nexport const seen = logged;\n",
    });
    expect(result.output).toContain('no dependency violations found');
    expect(result.exitCode).toBe(0);
  });

  it('fails on an import up the layers, naming the rule', async () => {
    const result = await cruise({
      'events/event-log.ts': "import { seen } from '../perception/worker-hub.js';\nexport const logged = seen;\n",
      'perception/worker-hub.ts': 'export const seen = 1;\n',
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('no-upward-from-events');
    expect(result.output).toContain('packages/kernel/src/events/event-log.ts → packages/kernel/src/perception/worker-hub.ts');
  });

  it('fails on a type-only import up the layers', async () => {
    const result = await cruise({
      'clock.ts': "import type { Hub } from './perception/worker-hub.js';\nexport type Clock = Hub;\n",
      'perception/worker-hub.ts': 'export interface Hub { id: string }\n',
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('no-upward-from-foundation');
  });

  it('fails on an import cycle, even inside one folder', async () => {
    const result = await cruise({
      'cameras/a.ts': "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n",
      'cameras/b.ts': "import { a } from './a.js';\nexport const b = (): number => a() - 1;\n",
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('no-cycles');
  });
});
