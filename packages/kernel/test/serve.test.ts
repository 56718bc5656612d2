import { spawn } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { builtCli } from './helpers/built-cli.js';
import { tempDir } from './helpers/test-kernel.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('heldar serve', () => {
  it('listens, answers health, and shuts down cleanly on SIGTERM', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const child = spawn(process.execPath, [builtCli(), 'serve'], {
      env: { PATH: process.env.PATH, HELDAR_DATA_DIR: dir, HELDAR_HTTP_PORT: '0', HELDAR_RECORDER_ENABLED: 'false', HELDAR_TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line; got:\n${lines.join('\n')}`)), 20_000);
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        const parsed = JSON.parse(line) as { url?: string };
        if (parsed.url) {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      });
    });
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { db: string }).db).toBe('ok');

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
  });

  it('refuses to start with a bad variable, naming it, with exit code 2', async () => {
    const child = spawn(process.execPath, [builtCli(), 'serve'], {
      env: { PATH: process.env.PATH, HELDAR_HTTP_PORT: 'http' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain('heldar: configuration error: HELDAR_HTTP_PORT: "http" is not a port; use a whole number from 0 to 65535');
  });
});
