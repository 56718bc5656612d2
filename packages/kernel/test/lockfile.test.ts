import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
const promised = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } }).engines.node;

describe('dependencies', () => {
  it('none asks for a newer Node.js than the one we promise (npm ci would warn EBADENGINE)', () => {
    expect(promised).toBe('>=20.19');
    // A lower bound of 21 or more excludes Node 20 (cookie 2 wanted >=22: pinned to 1.1.1 in overrides).
    const tooNew = Object.entries(lock.packages)
      .filter(([, p]) => /^>=\s*(2[1-9]|[3-9]\d)/.test(p.engines?.node ?? ''))
      .map(([name, p]) => `${name} ${p.engines?.node}`);
    expect(tooNew).toEqual([]);
  });

  it('links the heldar and camsim commands at npm ci, before anything is built', () => {
    expect(lock.packages['packages/kernel']).toMatchObject({ bin: { heldar: 'bin/heldar.mjs' } });
    expect(lock.packages['packages/camsim']).toMatchObject({ bin: { camsim: 'bin/camsim.mjs' } });
  });
});
