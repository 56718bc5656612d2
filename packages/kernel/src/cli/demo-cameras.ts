import type { CameraSpec } from '@heldar/camsim';
import type { CameraCreateBody } from '../cameras/camera.schemas.js';
import { NotFound } from '../errors.js';
import type { Kernel } from '../kernel.js';

export const CONTINUOUS = 'demo-entrance';
export const EVENT = 'demo-parking';
export const DEMO_ZONE = 'Parking bay';

// Two modest simulated cameras, so the demo runs on a laptop next to everything else; different
// pictures and captions so they are told apart at a glance, and the real time drawn on them (a
// fresh 20 s clip per camera and stretch) so playback can be checked against the timeline.
const SIM = { width: 640, height: 360, fps: 15, bitrateKbps: 800, clipSeconds: 20, clock: 'wall' } as const;
export const SIM_CAMERAS: CameraSpec[] = [
  { ...SIM, name: 'entrance', pattern: 'testsrc2', label: 'ENTRANCE' },
  // A white block crosses the bars once per clip: the motion worker sees it enter the zone.
  { ...SIM, name: 'parking', pattern: 'smptehdbars', label: 'PARKING' },
];

type Fields = Omit<CameraCreateBody, 'id'> & { stream_url: string };

/** The entrance camera's ONVIF device (PTZ; the wizard's Discover finds it) and its login. */
export interface DemoOnvif {
  url: string;
  username: string;
  password: string;
}

export function demoCameras(url: (name: string) => string, onvif: DemoOnvif): { id: string; fields: Fields }[] {
  return [
    {
      id: CONTINUOUS,
      fields: {
        name: 'Entrance (demo, continuous)',
        stream_url: url('entrance'),
        record_mode: 'continuous',
        segment_seconds: 4,
        detect_fps: 1,
        onvif_url: onvif.url,
        username: onvif.username,
        password: onvif.password,
      },
    },
    {
      id: EVENT,
      fields: {
        name: 'Parking (demo, event)',
        stream_url: url('parking'),
        record_mode: 'event',
        segment_seconds: 4,
        pre_roll_seconds: 5,
        post_roll_seconds: 10,
        detect_fps: 2,
      },
    },
  ];
}

/** Creates a demo camera, or points an existing one (from an earlier demo run) at this simulator. */
export async function upsertCamera(kernel: Kernel, id: string, fields: Fields): Promise<void> {
  try {
    await kernel.cameras.get(id);
    // The simulator's ports are new on every run: point the stream and the ONVIF device at them.
    const onvif = fields.onvif_url ? { onvif_url: fields.onvif_url, username: fields.username ?? null, password: fields.password ?? null } : {};
    await kernel.cameras.update(id, { stream_url: fields.stream_url, enabled: true, record_enabled: true, detect_fps: fields.detect_fps, ...onvif });
  } catch (e: unknown) {
    if (!(e instanceof NotFound)) throw e;
    await kernel.cameras.create({ id, ...fields });
  }
}

/**
 * The zone on the event camera: the middle of the picture, where the block crosses. Motion that
 * enters it emits zone_enter and opens the camera's event-recording window.
 */
export async function ensureDemoZone(kernel: Kernel): Promise<void> {
  const zones = kernel.modules.perception.zones;
  if ((await zones.list(EVENT)).some((z) => z.name === DEMO_ZONE)) return;
  await zones.create(EVENT, {
    name: DEMO_ZONE,
    kind: 'polygon',
    points: [
      [0.4, 0.2],
      [0.6, 0.2],
      [0.6, 0.8],
      [0.4, 0.8],
    ],
    labels: ['motion'],
    // The motion worker's confidence is the mean change of the box's cells; the block's is ~1.
    min_confidence: 0.2,
    // Seen on the new side twice before it counts: one jittery box does not enter and leave at once.
    inertia_frames: 2,
    trigger_recording: true,
  });
}
