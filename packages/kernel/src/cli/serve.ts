import type { Config } from '../config.js';
import { createKernel } from '../kernel.js';
import { createLogger } from '../logger.js';

/**
 * `heldar serve`: runs until SIGINT or SIGTERM, then shuts down in order (HTTP, recorders, database)
 * and resolves with the exit code. A second signal during shutdown exits at once.
 */
export async function serve(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel);
  const kernel = await createKernel(config, logger);
  const url = await kernel.listen();
  await kernel.startRecording();
  logger.info({ url, data_dir: config.dataDir }, `Heldar is listening on ${url} (API docs at ${url}/api/docs)`);

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
  await kernel.close();
  logger.info('stopped');
  return 0;
}
