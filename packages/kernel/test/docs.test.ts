import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../src/config.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every HELDAR_* variable the code reads, with its default', () => {
    const table = readme.slice(readme.indexOf('<!-- config-table:start -->'), readme.indexOf('<!-- config-table:end -->'));
    for (const v of CONFIG_VARIABLES) {
      expect(table, v.name).toContain(`| \`${v.name}\` |`);
      expect(table, v.name).toContain(v.description);
    }
    const documented = [...table.matchAll(/\| `(HELDAR_[A-Z_]+)` \|/g)].map((m) => m[1]);
    expect(documented).toEqual(CONFIG_VARIABLES.map((v) => v.name));
  });

  it('gives the test command that CI runs', () => {
    const ci = readFileSync(new URL('../../../.ci/run', import.meta.url), 'utf8');
    expect(readme).toContain('npm test ');
    expect(ci).toMatch(/^npm test$/m);
  });
});
