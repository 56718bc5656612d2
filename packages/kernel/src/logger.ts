import { pino, type Logger, type DestinationStream } from 'pino';
import { build as prettyStream } from 'pino-pretty';
import type { LogLevel } from './config.js';

/**
 * Paths that may carry a secret anywhere in a log object. Redaction is the second line of defence:
 * the first is never putting a secret into a log object (URLs and ffmpeg output pass maskText).
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'stream_url',
  '*.stream_url',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'token',
  '*.token',
  'api_key',
  '*.api_key',
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '***' } }, destination);
}

/**
 * The logger of `serve` and `demo`: readable lines (pino-pretty: time, level, message, then the
 * fields) when `out` is a terminal, JSON lines otherwise — for journald, Docker or a log collector.
 */
export function createConsoleLogger(level: LogLevel, out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout): Logger {
  if (out.isTTY !== true) return createLogger(level, out === process.stdout ? undefined : (out as DestinationStream));
  const pretty = prettyStream({
    destination: out,
    sync: true,
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    singleLine: true,
  });
  return createLogger(level, pretty);
}
