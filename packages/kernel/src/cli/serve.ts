import type { Config } from '../config.js';
import { createKernel } from '../kernel.js';
import { createFirstAdmin, printGeneratedPassword } from './first-admin.js';
import { prepareServerProcess } from './server-process.js';
import { shutdownSignal } from './shutdown-signal.js';

/**
 * `heldar serve`: recovery, recorders and the API until SIGINT or SIGTERM, then an orderly shutdown
 * (HTTP, recorders — each ffmpeg finishes its segment —, database). Resolves with the exit code.
 */
export async function serve(config: Config): Promise<number> {
  const logger = prepareServerProcess(config);
  const kernel = await createKernel(config, logger);
  const firstAdmin = await createFirstAdmin(kernel, config, logger);
  const url = await kernel.listen();
  await kernel.startRecording();
  logger.info({ url, data_dir: config.dataDir }, `Heldar is listening on ${url} (API docs at ${url}/api/docs)`);
  printGeneratedPassword(firstAdmin, url);
  await shutdownSignal(logger);
  await kernel.close();
  logger.info('stopped');
  return 0;
}
