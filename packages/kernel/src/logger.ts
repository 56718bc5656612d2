import { pino, type Logger, type DestinationStream } from 'pino';
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
