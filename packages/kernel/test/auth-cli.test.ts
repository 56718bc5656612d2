import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, type CliIo } from '../src/cli/cli-io.js';
import { keyCommand } from '../src/cli/key-command.js';
import { userCommand } from '../src/cli/user-command.js';
import { loadConfig, type Config } from '../src/config.js';
import { bearer } from './helpers/auth.js';
import { testDatabaseEnv } from './helpers/test-database.js';
import { startTestKernel, tempDir, type TestKernel } from './helpers/test-kernel.js';

/** A terminal that types `answers` at the password prompts and keeps what was printed. */
function fakeIo(answers: string[], interactive = false): CliIo & { outLines: string[]; errLines: string[]; prompts: string[] } {
  const io = {
    outLines: [] as string[],
    errLines: [] as string[],
    prompts: [] as string[],
    interactive,
    out: (line: string) => void io.outLines.push(line),
    err: (line: string) => void io.errLines.push(line),
    readSecret: (prompt: string) => {
      io.prompts.push(prompt);
      const answer = answers.shift();
      return answer === undefined ? Promise.reject(new CliError('no input')) : Promise.resolve(answer);
    },
  };
  return io;
}

let dir: string;
let remove: () => Promise<void>;
let config: Config;
let dbEnv: Record<string, string>;
beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  // The commands and the test kernels open the same database (on the PostgreSQL pass, too).
  dbEnv = await testDatabaseEnv(dir);
  config = loadConfig({ HELDAR_DATA_DIR: dir, HELDAR_LOG_LEVEL: 'silent', ...dbEnv });
});
afterAll(async () => {
  await remove();
});

describe('heldar user', () => {
  it('adds a user with a piped password, lists users, changes a password', async () => {
    const io = fakeIo(['first password!']);
    expect(await userCommand(['add', 'Gina', '--role', 'operator'], config, io)).toBe(0);
    expect(io.errLines).toEqual(['added user gina (operator)']);
    expect(io.prompts).toEqual(['new password for Gina: ']);

    expect(await userCommand(['add', 'hal'], config, fakeIo(['hal password 12']))).toBe(0);
    const list = fakeIo([]);
    expect(await userCommand(['list'], config, list)).toBe(0);
    expect(list.outLines[0]).toMatch(/^USER\s+ROLE\s+CREATED\s+LAST LOGIN$/);
    expect(list.outLines.slice(1).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ['gina', 'operator'],
      ['hal', 'viewer'],
    ]);
    expect(list.outLines.join('\n')).not.toContain('argon2');

    const passwd = fakeIo(['second password']);
    expect(await userCommand(['passwd', 'gina'], config, passwd)).toBe(0);
    expect(passwd.errLines).toEqual(['password of gina changed; their sessions have ended']);

    // The server sees the new password, and the audit log has both changes by the CLI.
    const kernel: TestKernel = await startTestKernel({}, { dataDir: dir });
    try {
      const login = (password: string) => kernel.injectAnonymous({ method: 'POST', url: '/api/auth/login', payload: { username: 'gina', password } });
      expect((await login('first password!')).statusCode).toBe(401);
      expect((await login('second password')).statusCode).toBe(200);
      const entries = (await kernel.inject({ url: '/api/audit?action=user*' })).json().entries as { action: string; actor_kind: string; actor: string }[];
      expect(entries.map((e) => e.action)).toEqual(['user passwd', 'user add', 'user add']);
      expect(entries.every((e) => e.actor_kind === 'cli' && e.actor.startsWith('cli:'))).toBe(true);
    } finally {
      await kernel.close();
    }
  });

  it('asks twice on a terminal and refuses when the two differ', async () => {
    const io = fakeIo(['interactive pass', 'interactive pas'], true);
    await expect(userCommand(['add', 'ivy'], config, io)).rejects.toThrow('the two passwords differ; nothing changed');
    expect(io.prompts).toEqual(['new password for ivy: ', 'again: ']);
    expect(await userCommand(['add', 'ivy'], config, fakeIo(['interactive pass', 'interactive pass'], true))).toBe(0);
  });

  it.each([
    [['add', 'jo'], ['short'], 'the password must be at least 12 characters long', 1],
    [['add', 'gina'], ['long enough password'], 'user name "gina" is already taken', 1],
    [['passwd', 'nobody'], ['long enough password'], 'user nobody not found', 1],
    [['add', 'jo', '--role', 'root'], [], '--role must be one of viewer, operator, admin (got "root")', 2],
    [['add'], [], 'Usage:', 2],
    [['add', 'jo', '--colour', 'red'], [], "Unknown option '--colour'", 2],
    [['frobnicate'], [], 'Usage:', 2],
  ])('user %j fails with a message', async (args, answers, message, exitCode) => {
    const error = await userCommand(args, config, fakeIo(answers)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toContain(message);
    expect((error as CliError).exitCode).toBe(exitCode);
  });
});

describe('heldar key', () => {
  it('creates a key (printed alone on stdout), lists it without the secret, revokes it', async () => {
    const add = fakeIo([]);
    expect(await keyCommand(['add', '--name', 'bench', '--scope', 'admin', '--scope', 'worker'], config, add)).toBe(0);
    expect(add.outLines).toHaveLength(1);
    const key = add.outLines[0]!;
    expect(key).toMatch(/^hk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const id = key.slice(3, 19);
    expect(add.errLines).toEqual([`API key ${id} (bench; worker, admin) created; it is shown only now:`]);

    const list = fakeIo([]);
    expect(await keyCommand(['list'], config, list)).toBe(0);
    expect(list.outLines.join('\n')).toContain(id);
    expect(list.outLines.join('\n')).not.toContain(key.slice(20));

    const kernel = await startTestKernel({}, { dataDir: dir });
    try {
      expect((await kernel.inject({ url: '/api/users', headers: bearer(key) })).statusCode).toBe(200);
      expect(await keyCommand(['revoke', id], config, fakeIo([]))).toBe(0);
      expect((await kernel.inject({ url: '/api/users', headers: bearer(key) })).statusCode).toBe(401);
    } finally {
      await kernel.close();
    }
    await expect(keyCommand(['add', '--name', 'x', '--scope', 'root'], config, fakeIo([]))).rejects.toThrow('--scope must be one of worker, integration, admin, metrics (got "root")');
    await expect(keyCommand(['revoke', 'nope'], config, fakeIo([]))).rejects.toThrow('API key nope not found');
  });

  it('creates a key in a shell set up for a worker (HELDAR_API_KEY and HELDAR_URL exported, as docs/workers.md does)', async () => {
    const workerShell = { ...dbEnv, HELDAR_DATA_DIR: dir, HELDAR_LOG_LEVEL: 'silent', HELDAR_API_KEY: 'hk_from_an_earlier_key', HELDAR_URL: 'http://127.0.0.1:8080' };
    const add = fakeIo([]);
    expect(await keyCommand(['add', '--name', 'second-worker', '--scope', 'worker'], loadConfig(workerShell), add)).toBe(0);
    expect(add.outLines[0]).toMatch(/^hk_/);
  });
});
