import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { openTestDatabase } from '../../test/helpers/test-database.js';
import type { Db } from '../db/database.js';
import { Conflict } from '../errors.js';
import { EventBus } from '../events/event-bus.js';
import { EventLog } from '../events/event-log.js';
import { EventRepository } from '../events/event.repository.js';
import type { HeldarEvent } from '../events/event.types.js';
import { DetectionIngest } from './detection-ingest.js';
import { FrameHub } from './frame-hub.js';
import { TrackRepository } from './track.repository.js';
import type { WorkerIdentity } from './worker-hub.js';
import { ZoneEngine, type ZoneDef } from './zone-engine.js';

const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
const WORKER: WorkerIdentity = { id: 'wk_1', name: 'yolo', labels: new Set(['person']), labelList: ['person'] };

let db: Db;
let disposeDb: () => Promise<void>;
let clock: ManualClock;
let frames: FrameHub;
let engine: ZoneEngine;
let ingest: DetectionIngest;
let logged: HeldarEvent[];
let triggers: string[];
let triggerFails: boolean;

beforeEach(async () => {
  ({ db, dispose: disposeDb } = await openTestDatabase());
  clock = new ManualClock(T0);
  const bus = new EventBus((e) => {
    throw e;
  });
  logged = [];
  bus.subscribe((e) => logged.push(e));
  const logger = pino({ level: 'silent' });
  frames = new FrameHub((e) => {
    throw e;
  });
  engine = new ZoneEngine();
  triggers = [];
  triggerFails = false;
  ingest = new DetectionIngest({
    frames,
    worker: (id) => {
      if (id !== WORKER.id) throw new Error(`unexpected worker ${id}`);
      return WORKER;
    },
    zones: engine,
    tracks: new TrackRepository(db),
    events: new EventLog(new EventRepository(db), bus, clock, logger),
    trigger: async (cameraId, reason) => {
      if (triggerFails) throw new Conflict(`camera ${cameraId} records in continuous mode; triggers need event or scheduled_event`);
      triggers.push(`${clock.now() - T0} ${reason}`);
    },
    clock,
    logger,
    flushMs: 1000,
  });
});
afterEach(async () => {
  await disposeDb();
});

const porch = (extra: Partial<ZoneDef> = {}): ZoneDef => ({
  id: 7, cameraId: 'door', name: 'porch', kind: 'polygon', points: [[0.5, 0], [1, 0], [1, 1], [0.5, 1]],
  labels: ['person'], minConfidence: 0.5, inertiaFrames: 2, dwellSeconds: 3, triggerRecording: true, ...extra,
});

/** One frame now, with a person whose box's bottom-centre is at x; then the clock moves on 1 s. */
async function step(x: number | null, trackId?: string): Promise<string[]> {
  const frame = frames.publish('door', JPEG, 640, 360, clock.now());
  const box: [number, number, number, number] = [x ?? 0, 0.3, 0.1, 0.4];
  box[0] -= 0.05;
  const detections = x === null ? [] : [{ label: 'person', confidence: 0.9, box, ...(trackId ? { track_id: trackId } : {}) }];
  const result = await ingest.ingest({ worker_id: WORKER.id, frame_id: frame.id, camera_id: 'door', detections }, undefined);
  clock.advance(1000);
  return result.events;
}

describe('DetectionIngest with an injected clock', () => {
  it('times inertia and dwell by frame time, triggers recording, and closes a lost track with zone_exit', async () => {
    engine.setZones('door', [porch()]);
    const perFrame: string[][] = [];
    for (const x of [0.2, 0.3, 0.7, 0.75, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]) perFrame.push(await step(x, 'p1'));
    // Inside from t=2 s; confirmed at the second frame inside (t=3 s); dwell 3 s after t=2 s → t=5 s.
    expect(perFrame).toEqual([[], [], [], ['zone_enter'], [], ['zone_dwell'], [], [], [], [], []]);
    const enter = logged.find((e) => e.kind === 'zone_enter')!;
    expect(enter.at - T0).toBe(3000);
    expect(enter.payload).toMatchObject({ zone_id: 7, zone: 'porch', label: 'person', worker: 'yolo', frame_at: new Date(T0 + 3000).toISOString() });
    expect(logged.find((e) => e.kind === 'zone_dwell')?.payload).toMatchObject({ seconds: 3 });
    // The trigger fires on entry and dwell, and is renewed every 5 s of frame time while occupied.
    expect(triggers).toEqual(['3000 zone porch: person entered', '5000 zone porch: person stayed 3 s', '10000 zone porch: still occupied']);

    // No more detections of the person: after the lost-track timeout (5 of this worker's 1 s frame
    // intervals, as that is longer than 2 s) it leaves the zone as `lost`, dated when last seen.
    clock.advance(4000); // 5 s after the last sighting at t=10 s
    await ingest.maintain();
    expect(logged.filter((e) => e.kind === 'zone_exit')).toEqual([]);
    clock.advance(1);
    await ingest.maintain();
    const exit = logged.find((e) => e.kind === 'zone_exit')!;
    expect(exit.payload).toMatchObject({ reason: 'lost', seconds: 8 }); // inside from t=2 s, last seen t=10 s
    const [track, ...others] = await db.selectFrom('tracks').selectAll().execute();
    expect(others).toEqual([]);
    expect(track).toMatchObject({ camera_id: 'door', worker: 'yolo', label: 'person', external_id: 'p1', first_seen: T0, last_seen: T0 + 10_000, closed_at: T0 + 10_000, detections: 11 });
  });

  it('reports a zone that cannot trigger recording once, not on every frame', async () => {
    engine.setZones('door', [porch({ inertiaFrames: 1, dwellSeconds: 0 })]);
    triggerFails = true;
    for (const x of [0.7, 0.2, 0.7, 0.2, 0.7]) await step(x, 'p1');
    const failures = logged.filter((e) => e.kind === 'zone_trigger_failed');
    expect(failures.map((e) => e.payload)).toEqual([{ zone_id: 7, zone: 'porch', reason: 'camera door records in continuous mode; triggers need event or scheduled_event' }]);
    expect(logged.filter((e) => e.kind === 'zone_enter')).toHaveLength(3);
  });
});
