import type { Logger } from 'pino';

/** The part of `process` the handlers attach to (a test passes an EventEmitter). */
export interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: Error) => void): unknown;
}

/**
 * The last resort of `heldar serve`: a promise rejection nobody handled, or an exception nobody
 * caught, is logged as the bug it is — and Heldar keeps running. Node's default (exit) would stop every
 * camera's recording for one failed status write; its ffmpegs would die with it (parent-death signal).
 * Every such log line is a defect to fix where it was thrown. Returns a function that removes them.
 */
export function installLastResortHandlers(proc: ProcessEvents, logger: Logger): () => void {
  const onRejection = (reason: unknown): void => {
    logger.error({ err: reason }, 'unhandled promise rejection (a bug); Heldar keeps running and recording');
  };
  const onException = (error: Error): void => {
    logger.error({ err: error }, 'uncaught exception (a bug); Heldar keeps running and recording');
  };
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return () => {
    proc.off('unhandledRejection', onRejection);
    proc.off('uncaughtException', onException);
  };
}
