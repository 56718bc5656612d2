import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { builtCli } from './helpers/built-cli.js';
import { tempDir, waitFor } from './helpers/test-kernel.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('heldar serve', () => {
  it('listens, answers health, creates the first admin with a password shown once, and shuts down cleanly on SIGTERM', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const child = spawn(process.execPath, [builtCli(), 'serve'], {
      env: { PATH: process.env.PATH, HELDAR_DATA_DIR: dir, HELDAR_HTTP_PORT: '0', HELDAR_RECORDER_ENABLED: 'false', HELDAR_TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
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

    // Everything else needs credentials; the first start printed the admin's password on stderr only.
    expect((await fetch(`${url}/api/cameras`)).status).toBe(401);
    const password = await waitFor('the first admin password on stderr', () => /\n {4}([A-Za-z0-9]{20})\n/.exec(stderr)?.[1]);
    expect(lines.join('\n')).not.toContain(password);
    expect(lines.some((l) => l.includes('created the user admin with a random password'))).toBe(true);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await fetch(`${url}/api/users`, { headers: { cookie } })).status).toBe(200);

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
  });

  it('takes the first admin password from HELDAR_ADMIN_PASSWORD and accepts keys made with `heldar key add`', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const env = { PATH: process.env.PATH, HELDAR_DATA_DIR: dir, HELDAR_HTTP_PORT: '0', HELDAR_RECORDER_ENABLED: 'false', HELDAR_TZ: 'UTC', HELDAR_ADMIN_PASSWORD: 'from the environment' };
    const added = spawnSync(process.execPath, [builtCli(), 'key', 'add', '--name', 'ops', '--scope', 'admin'], { env, encoding: 'utf8' });
    expect(added.status).toBe(0);
    const key = added.stdout.trim();
    expect(key).toMatch(/^hk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);

    const child = spawn(process.execPath, [builtCli(), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no listening line')), 20_000);
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        const parsed = JSON.parse(line) as { url?: string };
        if (parsed.url) {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      });
    });
    expect((await fetch(`${url}/api/cameras`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'from the environment' }),
    });
    expect(login.status).toBe(200);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(stderr).not.toContain('shown only this once');
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
