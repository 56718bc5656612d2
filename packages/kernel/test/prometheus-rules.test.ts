import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testResources } from './helpers/resources.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const PROMTOOL = '/usr/bin/promtool';
const use = testResources();

describe('docs/prometheus-alerts.yml', () => {
  it('passes promtool check rules', async () => {
    expect(existsSync(PROMTOOL), 'promtool (Debian package prometheus)').toBe(true);
    const { stdout } = await run(PROMTOOL, ['check', 'rules', path.join(root, 'docs/prometheus-alerts.yml')]);
    expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('fires on the series Heldar exports (promtool test rules: camera down, gaps, disk filling, retention not running)', async () => {
    const dir = path.join(root, 'packages/kernel/test/fixtures/prometheus');
    const result = await run(PROMTOOL, ['test', 'rules', 'alerts.test.yml'], { cwd: dir }).catch((e: unknown) => {
      const failure = e as { stdout: string; stderr: string };
      throw new Error(`promtool test rules failed:\n${failure.stdout}${failure.stderr}`);
    });
    expect(result.stdout).toContain('SUCCESS');
  });
});

describe('docs/grafana-dashboard.json', () => {
  const dashboard = JSON.parse(readFileSync(path.join(root, 'docs/grafana-dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
  const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })));

  it('queries only series a kernel exports', async () => {
    const kernel = await use.kernel();
    const exported = new Set(kernel.modules.metrics.registry.getMetricsAsArray().map((m) => m.name));
    const used = new Set(exprs.flatMap(({ expr }) => [...expr.matchAll(/\b((?:heldar|nodejs|process)_[a-z0-9_]+)/g)].map((m) => m[1]!)));
    const unknown = [...used].filter((name) => !exported.has(name) && !exported.has(name.replace(/_(bucket|sum|count)$/, '')));
    expect(used.size).toBeGreaterThan(15);
    expect(unknown).toEqual([]);
  });

  it('has PromQL that Prometheus parses (each query checked as a recording rule by promtool)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heldar-dashboard-'));
    try {
      const rules = exprs.map(({ expr }, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(expr.replaceAll('$instance', '.*'))}`);
      const file = path.join(dir, 'dashboard-rules.yml');
      await writeFile(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join('\n')}\n`);
      const { stdout } = await run(PROMTOOL, ['check', 'rules', file]).catch((e: unknown) => {
        const failure = e as { stdout: string; stderr: string };
        throw new Error(`a dashboard query does not parse:\n${failure.stdout}${failure.stderr}`);
      });
      expect(stdout).toContain(`SUCCESS: ${exprs.length} rules found`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
