import { startCamsim } from '@heldar/camsim';
import type { Logger } from 'pino';
import type { FirstAdmin } from '../auth/auth.module.js';
import type { Config } from '../config.js';
import { createKernel, type Kernel } from '../kernel.js';
import { stderr } from './cli-io.js';
import { CONTINUOUS, DEMO_ZONE, EVENT, SIM_CAMERAS, demoCameras, ensureDemoZone, upsertCamera } from './demo-cameras.js';
import { startDemoWorker, type DemoWorker } from './demo-worker.js';
import { createFirstAdmin } from './first-admin.js';
import { prepareServerProcess } from './server-process.js';
import { shutdownSignal } from './shutdown-signal.js';

/** Without a motion worker, the event camera is triggered this often instead. */
const TRIGGER_EVERY_MS = 60_000;
/** How long the ready summary waits for the first recorded segment before it is printed anyway. */
const READY_DEADLINE_MS = 60_000;

/**
 * `heldar demo`: the camera simulator with two cameras, Heldar recording them — one continuously,
 * one in event mode with a 5 s pre-roll — and the example motion worker, whose detections enter a
 * zone on the event camera and open its recording window, until Ctrl-C.
 */
export async function demo(config: Config): Promise<number> {
  const logger = prepareServerProcess(config);
  const stopping = shutdownSignal(logger);
  stderr('Heldar demo: preparing the simulated cameras (the first run encodes their clips once) …');
  const camsim = await startCamsim({ cameras: SIM_CAMERAS });
  const kernel = await createKernel({ ...config, recorderEnabled: true }, logger);
  let worker: DemoWorker | null = null;
  let timer: NodeJS.Timeout | undefined;
  try {
    const firstAdmin = await createFirstAdmin(kernel, config, logger);
    const url = await kernel.listen();
    for (const { id, fields } of demoCameras((name) => camsim.url(name))) await upsertCamera(kernel, id, fields);
    await ensureDemoZone(kernel);
    await kernel.startRecording();
    worker = await startDemoWorker(kernel, url, logger);
    if (worker === null) timer = triggerEvery(kernel, logger, TRIGGER_EVERY_MS);
    const ready = await Promise.race([firstSegment(kernel, READY_DEADLINE_MS).then(() => 'ready' as const), stopping]);
    if (ready === 'ready') stderr(readySummary({ url, dataDir: config.dataDir, firstAdmin, perception: worker !== null }));
    await stopping;
  } finally {
    clearInterval(timer);
    await worker?.stop();
    await kernel.close();
    await camsim.close();
  }
  return 0;
}

/** Resolves once the continuous camera has a segment in the index, or after `deadlineMs`. */
async function firstSegment(kernel: Kernel, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const status = await kernel.status.get(CONTINUOUS);
    if (status?.last_segment_at != null) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function triggerEvery(kernel: Kernel, logger: Logger, ms: number): NodeJS.Timeout {
  return setInterval(() => {
    kernel.recorder.trigger(EVENT, 'demo: once a minute').catch((e: unknown) => logger.warn({ err: e }, 'demo trigger failed'));
  }, ms);
}

export interface ReadyFacts {
  url: string;
  dataDir: string;
  firstAdmin: FirstAdmin;
  perception: boolean;
}

/** The few lines a person needs once the demo records: where, how to sign in, what to look at, how to stop. */
export function readySummary(f: ReadyFacts): string {
  return [
    '',
    '──────────────────────────────────────────────────────────────────────',
    `Heldar demo is recording. Open ${f.url}/ in a browser.`,
    `  sign in:    ${signInHint(f.firstAdmin)}`,
    `  cameras:    Entrance (continuous); Parking (event camera, 5 s pre-roll)`,
    f.perception
      ? `  perception: the example motion worker runs; motion entering the zone "${DEMO_ZONE}" on Parking records an event (see Events)`
      : `  perception: off (examples/motion-worker not built); Parking is triggered once a minute`,
    `  API docs:   ${f.url}/api/docs    data: ${f.dataDir}`,
    '  stop:       Ctrl-C',
    '──────────────────────────────────────────────────────────────────────',
    '',
  ].join('\n');
}

/** How to sign in: the new admin password on a first run (shown once), else where to get one. */
function signInHint(firstAdmin: FirstAdmin): string {
  if (!firstAdmin.created) return 'with your users (forgot the password? npx heldar user passwd admin)';
  if (firstAdmin.generatedPassword === null) return `${firstAdmin.username} / the password in HELDAR_ADMIN_PASSWORD`;
  return `${firstAdmin.username} / ${firstAdmin.generatedPassword}   (shown only this once)`;
}
