import { startCamsim, type CameraSpec } from '@heldar/camsim';
import type { FirstAdmin } from '../auth/auth.module.js';
import type { CameraCreateBody } from '../cameras/camera.schemas.js';
import type { Config } from '../config.js';
import { NotFound } from '../errors.js';
import { createKernel, type Kernel } from '../kernel.js';
import { createLogger } from '../logger.js';
import { createFirstAdmin } from './first-admin.js';
import { shutdownSignal } from './shutdown-signal.js';
import { stdout } from './cli-io.js';

const CONTINUOUS = 'demo-entrance';
const EVENT = 'demo-parking';
const TRIGGER_EVERY_MS = 60_000;
// Two modest simulated cameras, so the demo runs on a laptop next to everything else.
const SIM: CameraSpec = { name: '', width: 640, height: 360, fps: 15, bitrateKbps: 800, clipSeconds: 10 };

/**
 * `heldar demo`: the camera simulator with two cameras, and Heldar recording them — one continuously,
 * one in event mode with a 5 s pre-roll, triggered once a minute — until Ctrl-C.
 */
export async function demo(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel);
  stdout('Heldar demo: preparing the simulated cameras (the first run encodes their clips once) …');
  const camsim = await startCamsim({ cameras: [{ ...SIM, name: 'entrance' }, { ...SIM, name: 'parking' }] });
  const kernel = await createKernel({ ...config, recorderEnabled: true }, logger);
  try {
    const firstAdmin = await createFirstAdmin(kernel, config, logger);
    const url = await kernel.listen();
    await upsertCamera(kernel, CONTINUOUS, {
      name: 'Entrance (demo, continuous)',
      stream_url: camsim.url('entrance'),
      record_mode: 'continuous',
      segment_seconds: 4,
      detect_fps: 1,
    });
    await upsertCamera(kernel, EVENT, {
      name: 'Parking (demo, event)',
      stream_url: camsim.url('parking'),
      record_mode: 'event',
      segment_seconds: 4,
      pre_roll_seconds: 5,
      post_roll_seconds: 20,
      detect_fps: 1,
    });
    await kernel.startRecording();
    const trigger = async () => {
      try {
        await kernel.recorder.trigger(EVENT, 'demo: once a minute');
      } catch (e: unknown) {
        logger.warn({ err: e }, 'demo trigger failed');
      }
    };
    const first = setTimeout(() => void trigger(), 15_000);
    const timer = setInterval(() => void trigger(), TRIGGER_EVERY_MS);
    stdout(
      [
        '',
        `Heldar demo is running: open ${url}/ in a browser`,
        `  API docs:  ${url}/api/docs (after signing in)`,
        `  data:      ${config.dataDir}`,
        `  sign in:   ${signInHint(firstAdmin)}`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await shutdownSignal(logger);
    clearTimeout(first);
    clearInterval(timer);
  } finally {
    await kernel.close();
    await camsim.close();
  }
  return 0;
}

/** How to sign in: the new admin password on a first run (shown once), else where to get one. */
function signInHint(firstAdmin: FirstAdmin): string {
  if (!firstAdmin.created) return 'with your users (reset a password: heldar user passwd admin)';
  if (firstAdmin.generatedPassword === null) return `${firstAdmin.username} / the password in HELDAR_ADMIN_PASSWORD`;
  return `${firstAdmin.username} / ${firstAdmin.generatedPassword}   (shown only this once)`;
}

/** Creates the demo camera, or points an existing one (from an earlier demo run) at this simulator. */
async function upsertCamera(kernel: Kernel, id: string, fields: Omit<CameraCreateBody, 'id'> & { stream_url: string }): Promise<void> {
  try {
    await kernel.cameras.get(id);
    await kernel.cameras.update(id, { stream_url: fields.stream_url, enabled: true, record_enabled: true });
  } catch (e: unknown) {
    if (!(e instanceof NotFound)) throw e;
    await kernel.cameras.create({ id, ...fields });
  }
}
