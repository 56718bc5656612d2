import { startCamsim } from '@heldar/camsim';
import type { Logger } from 'pino';
import type { FirstAdmin } from '../auth/auth.module.js';
import type { Config } from '../config.js';
import { createKernel, type Kernel } from '../kernel.js';
import { stderr } from './cli-io.js';
import { CONTINUOUS, DEMO_ZONE, EVENT, SIM_CAMERAS, demoCameras, ensureDemoZone, upsertCamera } from './demo-cameras.js';
import { DEMO_DISCOVERY_INTERFACE, DEMO_ONVIF_LOGIN, startDemoDiscovery } from './demo-onvif.js';
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
  // The simulator's ONVIF device (PTZ on Entrance) on loopback, and a WS-Discovery responder for it.
  const camsim = await startCamsim({ cameras: SIM_CAMERAS, onvif: { host: '127.0.0.1', ...DEMO_ONVIF_LOGIN } });
  const onvif = camsim.onvif!;
  const discoveryInterface = config.discoveryInterface ?? DEMO_DISCOVERY_INTERFACE;
  const discovery = await startDemoDiscovery(onvif, 'entrance', discoveryInterface, logger);
  const kernel = await createKernel({ ...config, recorderEnabled: true, discoveryInterface }, logger);
  let worker: DemoWorker | null = null;
  let timer: NodeJS.Timeout | undefined;
  try {
    const firstAdmin = await createFirstAdmin(kernel, config, logger);
    const url = await kernel.listen();
    const cameras = demoCameras((name) => camsim.url(name), { url: onvif.deviceUrl('entrance'), ...DEMO_ONVIF_LOGIN });
    for (const { id, fields } of cameras) await upsertCamera(kernel, id, fields);
    await ensureDemoZone(kernel);
    await kernel.startRecording();
    worker = await startDemoWorker(kernel, url, logger);
    if (worker === null) timer = triggerEvery(kernel, logger, TRIGGER_EVERY_MS);
    const ready = await Promise.race([firstSegment(kernel, READY_DEADLINE_MS).then(() => 'ready' as const), stopping]);
    if (ready === 'ready') stderr(readySummary({ url, dataDir: config.dataDir, firstAdmin, perception: worker !== null, discovery: discovery !== null }));
    await stopping;
  } finally {
    clearInterval(timer);
    await worker?.stop();
    await kernel.close();
    await discovery?.close();
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
  /** Whether the demo's ONVIF camera answers WS-Discovery on loopback. */
  discovery: boolean;
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
    `  ONVIF:      Entrance has PTZ (Watch live); ${
      f.discovery ? 'Add camera → Discover (ONVIF) finds it' : 'discovery is off (no multicast on lo)'
    }, probe it as ${DEMO_ONVIF_LOGIN.username} / ${DEMO_ONVIF_LOGIN.password}`,
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
