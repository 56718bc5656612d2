import os from 'node:os';
import { createAuthServices, type AuthServices } from '../auth/auth.module.js';
import { systemClock } from '../clock.js';
import type { Config } from '../config.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { AppError } from '../errors.js';
import { createLogger } from '../logger.js';
import { CliError } from './cli-io.js';

/** The auth services on the configured database, without the server: for `heldar user|key`. */
export async function withAuthServices<T>(config: Config, work: (services: AuthServices) => Promise<T>): Promise<T> {
  const db = openDatabase(config.db);
  try {
    await migrateToLatest(db);
    const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
    const services = createAuthServices(db, systemClock, logger, { idleMs: config.sessionIdleMs, maxMs: config.sessionMaxMs });
    return await work(services);
  } catch (e: unknown) {
    // Rule violations (short password, name taken, last admin) are for the person, not a stack trace.
    if (e instanceof AppError) throw new CliError(e.message);
    throw e;
  } finally {
    await db.destroy();
  }
}

/** The audit actor for a change made on this machine's command line: the OS account that ran it. */
export function cliActor(): { kind: 'cli'; name: string } {
  let account = 'unknown';
  try {
    account = os.userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): the audit row still says it came from the CLI.
  }
  return { kind: 'cli', name: `cli:${account}` };
}

/** "2026-05-01 12:00" (UTC) for tables; "-" for never. */
export function shortTime(ms: number | null): string {
  return ms === null ? '-' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** Left-aligned columns, two spaces apart. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
}

/** Runs util.parseArgs; an unknown option or a missing value becomes a usage error (exit code 2). */
export function parseCliArgs<T>(usage: string, parse: () => T): T {
  try {
    return parse();
  } catch (e: unknown) {
    throw new CliError(`${e instanceof Error ? e.message : String(e)}\n\n${usage}`, 2);
  }
}
