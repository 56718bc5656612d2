import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const benchDir = path.join(root, 'bench');

/**
 * The benchmarks import the kernel's built files by path (`dist('storage/footage-layout.js')`,
 * `new URL('kernel.js', kernelDist)`), which no type check follows, and CI does not run them (minutes
 * of load). A module moved in the source must not leave a benchmark that fails only when run by hand.
 */
describe('benchmark scripts', () => {
  it('import only kernel modules that exist in the source', () => {
    const missing: string[] = [];
    let seen = 0;
    const scripts = [...readdirSync(benchDir), ...readdirSync(path.join(benchDir, 'lib')).map((n) => `lib/${n}`)].filter((n) => n.endsWith('.mjs'));
    for (const name of scripts) {
      const text = readFileSync(path.join(benchDir, name), 'utf8');
      for (const m of text.matchAll(/(?:dist\(|new URL\()'([a-z0-9/.-]+)\.js'/g)) {
        seen += 1;
        if (!existsSync(path.join(root, 'packages/kernel/src', `${m[1]}.ts`))) missing.push(`${name}: ${m[1]}.js`);
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
