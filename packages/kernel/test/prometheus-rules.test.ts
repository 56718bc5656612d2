import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const PROMTOOL = '/usr/bin/promtool';

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
