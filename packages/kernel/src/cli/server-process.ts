import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createConsoleLogger } from '../logger.js';
import { installLastResortHandlers } from './last-resort.js';
import { PRIVATE_UMASK, warnAboutProcessList } from './local-exposure.js';

/**
 * What every command that runs the server (`serve`, `demo`) sets up before its first file or camera:
 * a umask that keeps the database, recordings and clips from other local accounts (ffmpeg inherits
 * it), the console logger, handlers that log what escapes instead of ending every recording, and a
 * warning when other local users can read camera passwords from the process list.
 */
export function prepareServerProcess(config: Config): Logger {
  process.umask(PRIVATE_UMASK);
  const logger = createConsoleLogger(config.logLevel);
  installLastResortHandlers(process, logger);
  warnAboutProcessList(logger);
  return logger;
}
