import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_VARIABLES, CONFIG_VARIABLES } from '../src/config.js';
import { GENERATED_TABLES, withTable } from '../src/cli/docs-tables.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every HELDAR_* variable the code reads, with its default', () => {
    const table = readme.slice(readme.indexOf('<!-- config-table:start -->'), readme.indexOf('<!-- config-table:end -->'));
    const documented = [...table.matchAll(/^\| `(HELDAR_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual([...CONFIG_VARIABLES.map((v) => v.name), ...CLIENT_VARIABLES.map((v) => v.variable)]);
  });

  it('gives the test command that CI runs', () => {
    const ci = readFileSync(new URL('../../../.ci/run', import.meta.url), 'utf8');
    expect(readme).toContain('npm test ');
    expect(ci).toMatch(/^npm test$/m);
  });
});

describe('tables generated from code', () => {
  it.each(GENERATED_TABLES.map((t) => [`${t.file} ${t.marker}`, t] as const))('%s matches the code (npm run docs:tables writes it)', (_name, table) => {
    const text = readFileSync(new URL(`../../../${table.file}`, import.meta.url), 'utf8');
    expect(withTable(text, table.marker, table.render())).toBe(text);
  });

  it('fails on a drifted table and on missing markers', () => {
    const table = '<!-- t:start -->\n| old |\n<!-- t:end -->';
    expect(withTable(table, 't', '| new |')).toBe('<!-- t:start -->\n| new |\n<!-- t:end -->');
    expect(() => withTable('no markers', 't', '')).toThrowError('no <!-- t:start --> … <!-- t:end --> markers');
  });
});
