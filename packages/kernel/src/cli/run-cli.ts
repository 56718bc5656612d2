import { ConfigError, loadConfig, type Config } from '../config.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { createLogger } from '../logger.js';
import { MediaToolsError } from '../ffmpeg/binaries.js';
import { SecretKeyMismatch } from '../db/stored-secrets.js';
import { kernelVersion } from '../version.js';
import { CliError, stderr, stdout, terminalIo } from './cli-io.js';
import { configCommand } from './config-command.js';
import { demo } from './demo.js';
import { keyCommand } from './key-command.js';
import { userCommand } from './user-command.js';
import { secretsCommand } from './secrets-command.js';
import { serve } from './serve.js';
import { verifyCommand } from './verify-command.js';
import { backupDbCommand } from './backup-db-command.js';
import { restoreDbCommand } from './restore-db-command.js';

type Env = Readonly<Record<string, string | undefined>>;

const USAGE = `Usage: heldar <command>

Commands:
  serve            start the API and the recorder (configuration from HELDAR_* variables)
  demo             start Heldar with simulated demo cameras recording
  migrate          bring the database schema up to date and exit
  config           print each HELDAR_* variable in effect (--markdown: the README table of variables)
  user add|passwd|list   manage users (heldar user help)
  key add|list|revoke    manage API keys (heldar key help)
  secrets rotate   re-encrypt the stored secrets under a new key (heldar secrets help)
  verify <clip.mp4> <manifest.json> [--key <pem>]
                   check an exported clip against its signed manifest (exit 0 verified, 1 not)
  backup-db <file> a consistent copy of the database, also while Heldar runs
  restore-db <file>
                   put a database backup in place (Heldar stopped; the old file is kept)
  version          print the version
  help             this text

Configuration is read from HELDAR_* environment variables; see README.md.`;

/** Runs one CLI command and returns the process exit code (0 ok, 1 failure, 2 usage/config error). */
export async function runCli(argv: readonly string[], env: Env): Promise<number> {
  const [command = 'help', ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(loadConfig(env));
      case 'demo':
        return await demo(loadConfig(env));
      case 'migrate':
        return await migrate(loadConfig(env));
      case 'config':
        return await configCommand(rest, env);
      case 'user':
        return await userCommand(rest, loadConfig(env), terminalIo());
      case 'key':
        return await keyCommand(rest, loadConfig(env), terminalIo());
      case 'secrets':
        return await secretsCommand(rest, loadConfig(env), terminalIo());
      case 'verify':
        return await verifyCommand(rest);
      case 'backup-db':
        return await backupDbCommand(rest, loadConfig(env), terminalIo());
      case 'restore-db':
        return await restoreDbCommand(rest, loadConfig(env), terminalIo());
      case 'version':
      case '--version':
        stdout(kernelVersion());
        return 0;
      case 'help':
      case '--help':
      case '-h':
        stdout(USAGE);
        return 0;
      default:
        stderr(`heldar: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (e: unknown) {
    if (e instanceof CliError) {
      stderr(`heldar: ${e.message}`);
      return e.exitCode;
    }
    if (e instanceof ConfigError) {
      stderr(`heldar: configuration error: ${e.message}`);
      return 2;
    }
    if (e instanceof SecretKeyMismatch) {
      stderr(`heldar: ${e.message}`);
      return 2;
    }
    if (e instanceof MediaToolsError) {
      stderr(`heldar: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

async function migrate(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel);
  const db = openDatabase(config.db);
  try {
    const result = await migrateToLatest(db);
    const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
    logger.info({ applied }, applied.length === 0 ? 'database already up to date' : 'database migrated');
    return 0;
  } finally {
    await db.destroy();
  }
}
