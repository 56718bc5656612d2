import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONFIG_VARIABLES } from '../config.js';
import { configCommand } from './config-command.js';

/** Runs `heldar config` with `env`, returning what it printed on stdout. */
async function printed(args: string[], env: Record<string, string>): Promise<string> {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  expect(await configCommand(args, env)).toBe(0);
  return out.join('');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('heldar config', () => {
  it('prints every HELDAR_* variable by name with its value and whether it was set, never camelCase or PATH', async () => {
    const path = `/nowhere/a:/nowhere/b:${process.env.PATH ?? ''}`;
    const text = await printed([], { PATH: path, HELDAR_HTTP_PORT: '9090', HELDAR_ADMIN_PASSWORD: 'a-secret-password', HELDAR_DATA_DIR: '/srv/heldar' });
    const lines = text.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(CONFIG_VARIABLES.map((v) => v.name));
    expect(text).toMatch(/^HELDAR_HTTP_PORT +9090 {3}\(set\)$/m);
    expect(text).toMatch(/^HELDAR_SESSION_IDLE_MINUTES +720 {3}\(default\)$/m);
    expect(text).toMatch(/^HELDAR_DB_URL +sqlite:\/srv\/heldar\/heldar\.db {3}\(default\)$/m);
    expect(text).toMatch(/^HELDAR_FFMPEG +\/\S+\/ffmpeg \(ffmpeg found on PATH\) {3}\(default\)$/m);
    expect(text).toContain('***');
    expect(text).not.toContain('a-secret-password');
    expect(text).not.toContain('/nowhere/a');
    expect(text).not.toMatch(/dataDir|httpPort|searchPath|[a-z][A-Z]\w*"?:/);
  });

  it('--markdown prints the README table', async () => {
    const text = await printed(['--markdown'], {});
    expect(text.split('\n')[0]).toBe('| variable | type | default | meaning |');
    expect(text).toContain('| `HELDAR_HTTP_PORT` | port, 0–65535 | `8080` |');
    expect(text).toContain('| `HELDAR_API_KEY` |');
  });
});
