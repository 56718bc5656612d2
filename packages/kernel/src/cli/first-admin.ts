import type { Logger } from 'pino';
import type { FirstAdmin } from '../auth/auth.module.js';
import type { Config } from '../config.js';
import type { Kernel } from '../kernel.js';

/**
 * First start: when no user exists, creates `admin` (password from HELDAR_ADMIN_PASSWORD, else a
 * random one). Call before listening, so the API is never reachable with no way to sign in.
 */
export async function createFirstAdmin(kernel: Kernel, config: Config, logger: Logger): Promise<FirstAdmin> {
  const result = await kernel.modules.auth.ensureFirstAdmin(config.adminPassword?.reveal() ?? null);
  if (!result.created) {
    if (config.adminPassword !== null) logger.info('HELDAR_ADMIN_PASSWORD is ignored: users exist already');
    return result;
  }
  logger.info(
    { user: result.username, password_source: result.generatedPassword === null ? 'HELDAR_ADMIN_PASSWORD' : 'generated' },
    result.generatedPassword === null
      ? `first start: created the user ${result.username} with the password from HELDAR_ADMIN_PASSWORD`
      : `first start: created the user ${result.username} with a random password, shown once on the console (stderr)`,
  );
  return result;
}

/**
 * Shows a generated password on the console, once. Standard error, not the log: stdout carries the
 * JSON log (shipped, kept, searched), and a password must never be in a log line.
 */
export function printGeneratedPassword(result: FirstAdmin, url: string): void {
  if (!result.created || result.generatedPassword === null) return;
  process.stderr.write(
    [
      '',
      `heldar: first start: created the user "${result.username}" with this password (shown only this once):`,
      '',
      `    ${result.generatedPassword}`,
      '',
      `Sign in with POST ${url}/api/auth/login, or create an API key: npx heldar key add --name <name> --scope admin`,
      `Change the password with: npx heldar user passwd ${result.username}`,
      '',
      '',
    ].join('\n'),
  );
}
