import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { createKernel, type Kernel, type KernelOptions } from '../../src/kernel.js';
import { createTestSchema, testPostgresUrl } from './test-database.js';

export interface TestKernel extends Kernel {
  dataDir: string;
  /** The admin API key `inject` signs its requests with. */
  adminKey: string;
  /** An HTTP request through the real app, as a signed-in administrator would make it. */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** An HTTP request with no credentials at all. */
  injectAnonymous(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Closes the kernel and removes its data folder. */
  dispose(): Promise<void>;
}

/** A temporary data folder for one test file; removed by the returned function. */
export async function tempDir(prefix = 'heldar-test-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

export interface TestKernelOptions extends KernelOptions {
  logLines?: string[];
  dataDir?: string;
  /**
   * Why this test is about SQLite itself (its file's mode, a read-only file, the bytes in the file):
   * the kernel then uses SQLite in both passes of the suite, also when HELDAR_TEST_DB_URL is set.
   */
  sqliteOnly?: string;
}

/**
 * A kernel on a real database — a SQLite file in a temporary folder, or with HELDAR_TEST_DB_URL a fresh
 * schema on that PostgreSQL server (see test-database.ts) — quiet logs, recorder off unless asked.
 */
export async function startTestKernel(env: Record<string, string> = {}, options: TestKernelOptions = {}): Promise<TestKernel> {
  const { dir, remove: removeDir } = options.dataDir ? { dir: options.dataDir, remove: () => fs.rm(options.dataDir!, { recursive: true, force: true }) } : await tempDir();
  const postgres = testPostgresUrl();
  // The schema belongs to the data folder, as the SQLite file would: a kernel restarted on the same
  // folder finds its data. It goes with the folder when this kernel owns it; a folder the test brought
  // keeps it (the process's test database is dropped at the end of the run).
  const dataDir = env.HELDAR_DATA_DIR ?? dir;
  const schema = postgres !== undefined && options.sqliteOnly === undefined && env.HELDAR_DB_URL === undefined ? await createTestSchema(postgres, dataDir) : undefined;
  const remove = async () => {
    await removeDir();
    if (dataDir === dir && options.dataDir === undefined) await schema?.drop();
  };
  if (schema !== undefined) env = { HELDAR_DB_URL: schema.url, ...env };
  const config: Config = loadConfig({
    HELDAR_DATA_DIR: dir,
    HELDAR_HTTP_PORT: '0',
    HELDAR_RECORDER_ENABLED: 'false',
    HELDAR_LOG_LEVEL: 'silent',
    HELDAR_TZ: 'UTC',
    PATH: process.env.PATH ?? '',
    ...env,
  });
  const { logLines, dataDir: _dataDir, sqliteOnly: _sqliteOnly, ...kernelOptions } = options;
  // With logLines, every log line (debug and up) is kept so a test can search them for secrets.
  const logger = logLines
    ? pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) })
    : pino({ level: config.logLevel });
  let kernel: Kernel;
  try {
    kernel = await createKernel(config, logger, kernelOptions);
  } catch (e: unknown) {
    await schema?.drop();
    throw e;
  }
  // Every test request is made as an administrator, through the real auth hook, with an admin key.
  const { key: adminKey } = await kernel.modules.auth.keys.create({ name: 'test-admin', scopes: ['admin'] }, 'test helper');
  return Object.assign(kernel, {
    dataDir: dir,
    adminKey,
    inject: (opts: InjectOptions) => kernel.app.inject(withAdminKey(opts, adminKey)),
    injectAnonymous: (opts: InjectOptions) => kernel.app.inject(opts),
    async dispose() {
      await kernel.close();
      await remove();
    },
  });
}

/** Adds the admin key unless the caller brought credentials of its own (an authorization or cookie header). */
function withAdminKey(opts: InjectOptions, key: string): InjectOptions {
  const headers = opts.headers ?? {};
  const own = opts.cookies !== undefined || Object.keys(headers).some((h) => ['authorization', 'cookie'].includes(h.toLowerCase()));
  return own ? opts : { ...opts, headers: { ...headers, authorization: `Bearer ${key}` } };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (e: unknown) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
