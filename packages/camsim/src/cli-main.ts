import { parseCliArgs, USAGE } from './cli-args.js';
import { errorText } from './clip-cache.js';
import { startCamsim } from './camsim.js';
import type { Camsim } from './types.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

/** Exit codes: 0 clean stop or help, 1 failed to start, 2 bad arguments. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    io.stderr(`camsim: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const { config } = parsed;
  let sim: Camsim;
  try {
    sim = await startCamsim({
      port: config.port,
      host: config.host,
      cacheDir: config.cacheDir,
      cameras: config.cameras,
      ...(config.discoveryInterface !== undefined ? { discovery: { interfaceAddress: config.discoveryInterface } } : {}),
      ...(config.onvif === undefined ? {} : { onvif: config.onvif }),
      log: (m) => io.stderr(`camsim: ${m}\n`),
    });
  } catch (e: unknown) {
    // Arguments were validated already, so this is the environment: ffmpeg missing or failing, port taken.
    io.stderr(`camsim: could not start: ${errorText(e)}${e instanceof Error && e.cause !== undefined ? ` (${errorText(e.cause)})` : ''}\n`);
    return 1;
  }
  // Stop signals that arrived while clips were generating count too.
  const stopped = new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stdout(config.cameras.map((c) => `${sim.url(c.name)}\n`).join(''));
  await stopped;
  io.stderr('camsim: stopping\n');
  await sim.close();
  return 0;
}
