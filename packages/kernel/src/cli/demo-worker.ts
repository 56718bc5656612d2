import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Kernel } from '../kernel.js';

/** The example motion worker of this repository, built by `npm run build` next to the kernel. */
export const MOTION_WORKER = fileURLToPath(new URL('../../../../examples/motion-worker/dist/main.js', import.meta.url));
const STOP_DEADLINE_MS = 5_000;

export interface DemoWorker {
  /** Stops the worker process and revokes its API key. */
  stop(): Promise<void>;
}

/**
 * Runs the example motion worker (examples/motion-worker) as its own process, the way a real
 * perception worker runs, with an API key of the `worker` scope made for it and revoked at stop.
 * Null when the example is not built (the demo then runs without perception).
 */
export async function startDemoWorker(kernel: Kernel, url: string, logger: Logger): Promise<DemoWorker | null> {
  if (!existsSync(MOTION_WORKER)) {
    logger.warn({ path: MOTION_WORKER }, 'demo: the example motion worker is not built (npm run build); no perception in this demo');
    return null;
  }
  const keys = kernel.modules.auth.keys;
  const { key, id } = await keys.create({ name: 'demo-motion-worker', scopes: ['worker'] }, 'demo');
  const log = logger.child({ module: 'motion-worker' });
  const child = spawn(process.execPath, [MOTION_WORKER], {
    env: { PATH: process.env.PATH ?? '', HELDAR_URL: url, HELDAR_API_KEY: key, MOTION_FPS: '2' },
    // Its stdout is a line per frame with motion; the kernel's own events tell the same story.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    for (const line of text.split('\n').filter(Boolean)) log.warn(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => log.info({ code, signal }, 'motion worker exited'));
  return {
    async stop() {
      await stopChild(child, exited);
      await keys.revoke(id).catch((e: unknown) => log.warn({ err: e }, 'demo: could not revoke the worker key'));
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_DEADLINE_MS)));
  if ((await Promise.race([exited, late])) === 'late') child.kill('SIGKILL');
  clearTimeout(timer);
  await exited;
}
