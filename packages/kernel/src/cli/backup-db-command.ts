import { access, chmod } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { copyDatabase, DatabaseCopyUnsupported } from '../backup/database-copy.js';
import { CliError, type CliIo } from './cli-io.js';

/**
 * `heldar backup-db <file>`: a consistent copy of the database while Heldar runs and records (`VACUUM INTO`
 * in a worker thread, see backup/database-copy.ts). The file is created readable by this account only: it holds password hashes
 * and the sealed camera credentials.
 */
export async function backupDbCommand(args: readonly string[], config: Config, io: CliIo): Promise<number> {
  const [target, ...extra] = args;
  if (target === undefined || extra.length > 0 || target.startsWith('-')) throw new CliError('usage: heldar backup-db <file>', 2);
  const file = path.resolve(target);
  if (await exists(file)) throw new CliError(`${file} exists; choose a new file name (a backup never overwrites one)`);
  const started = performance.now();
  try {
    const { bytes } = await copyDatabase(config.db, file);
    await chmod(file, 0o600);
    io.err(`database copied to ${file} (${bytes} bytes in ${Math.round(performance.now() - started)} ms)`);
    io.out(file);
    return 0;
  } catch (e: unknown) {
    if (e instanceof DatabaseCopyUnsupported) throw new CliError(e.message, 2);
    throw e;
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
