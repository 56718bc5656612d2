import type { Logger } from 'pino';

/**
 * Resolves on the first SIGINT or SIGTERM. A second one while shutting down exits at once, for an
 * operator who does not want to wait for ffmpeg to finish its segments.
 */
export async function shutdownSignal(logger: Logger): Promise<NodeJS.Signals> {
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'shutting down');
  const forceExit = () => {
    logger.warn('second signal: exiting without a clean shutdown');
    process.exit(1);
  };
  process.once('SIGINT', forceExit);
  process.once('SIGTERM', forceExit);
  return signal;
}
