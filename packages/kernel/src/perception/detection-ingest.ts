import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { Conflict, Unprocessable } from '../errors.js';
import type { EventLog } from '../events/event-log.js';
import type { DetectionsAccepted, DetectionsRequest } from './contract.schemas.js';
import type { FrameHub } from './frame-hub.js';
import type { Box } from './geometry.js';
import type { TrackRecord } from './track-record.js';
import type { TrackRepository } from './track.repository.js';
import type { TrackFeed } from './track-feed.js';
import { Tracker, type Track, type TrackInput } from './tracker.js';
import type { WorkerIdentity } from './worker-hub.js';
import type { Observation, ZoneEngine, ZoneEvent } from './zone-engine.js';

/** The recorder's trigger, as ingest uses it. */
export type TriggerRecording = (cameraId: string, reason: string) => Promise<unknown>;

export interface IngestDeps {
  frames: FrameHub;
  /** Resolves a worker id for the caller (404 unknown, 403 not theirs) and counts as a heartbeat. */
  worker: (id: string, principal: Principal | undefined) => WorkerIdentity;
  zones: ZoneEngine;
  tracks: TrackRepository;
  events: EventLog;
  trigger: TriggerRecording;
  clock: Clock;
  logger: Logger;
  /** How often changed tracks are written and lost tracks closed. */
  flushMs: number;
  /** Live consumers of track changes (integrations); optional so unit tests can leave it out. */
  feed?: TrackFeed;
}

// Boxes touching the frame's edge come out a hair past 1 from float maths in some models.
const RANGE_SLACK = 1e-6;

/**
 * Detection ingest: checks every detection of a frame (the worker is registered and may report these
 * labels; the frame is one the kernel sampled recently; confidences and boxes are within 0..1) and
 * refuses the whole frame with 422 naming the first problem, so nothing is half-applied. Accepted
 * detections become tracks (kept in memory, written in batches) and go through the zone engine, whose
 * events are logged and whose recording zones trigger the recorder.
 */
export class DetectionIngest {
  private readonly trackers = new Map<string, Tracker>();
  private readonly dirty = new Map<string, Track>();
  private readonly run = randomBytes(4).toString('hex');
  private trackCounter = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Zones whose last trigger failed, so the failure is reported once rather than every frame. */
  private readonly failingTriggers = new Set<number>();
  private accepted = 0;
  private readonly acceptedByCamera = new Map<string, number>();

  constructor(private readonly deps: IngestDeps) {}

  /** Detections accepted since start. */
  get detectionsAccepted(): number {
    return this.accepted;
  }

  /** Detections accepted per camera since start (heldar_detections_ingested_total). */
  get detectionsByCamera(): ReadonlyMap<string, number> {
    return this.acceptedByCamera;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.maintain().catch((e: unknown) => this.deps.logger.error({ err: e }, 'track maintenance failed'));
    }, this.deps.flushMs);
    this.timer.unref();
  }

  /** Closes every open track (a track cannot outlive the process that follows it) and writes them. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const tracker of this.trackers.values()) {
      for (const track of tracker.closeAll()) {
        this.dirty.set(track.id, track);
        this.deps.feed?.publish('end', track);
      }
    }
    await this.flush();
  }

  async ingest(body: DetectionsRequest, principal: Principal | undefined): Promise<DetectionsAccepted> {
    const worker = this.deps.worker(body.worker_id, principal);
    const frame = this.deps.frames.lookup(body.camera_id, body.frame_id);
    if (!frame) {
      const { recentFrames, recentMs } = this.deps.frames.limitsInEffect;
      throw new Unprocessable(
        `frame_id "${body.frame_id}" is not a recent frame of camera ${body.camera_id} (detections are accepted for ${recentMs / 1000} s or ${recentFrames} frames after capture)`,
      );
    }
    if (frame.answeredBy?.has(worker.id)) throw new Conflict(`worker ${worker.id} already sent detections for frame ${frame.id}`);
    const inputs = body.detections.map((d, i) => checkDetection(d, i, worker));

    (frame.answeredBy ??= new Set()).add(worker.id);
    const tracker = this.trackerFor(body.camera_id, worker.name);
    const tracks = tracker.update(frame.id, frame.capturedAt, inputs);
    const observations: Observation[] = [];
    tracks.forEach((track, i) => {
      this.dirty.set(track.id, track);
      this.deps.feed?.publish(track.detections === 1 ? 'new' : 'update', track);
      const d = inputs[i] as TrackInput;
      observations.push({ trackId: track.id, label: d.label, confidence: d.confidence, box: d.box, frameId: frame.id, at: frame.capturedAt });
    });
    this.accepted += inputs.length;
    this.acceptedByCamera.set(body.camera_id, (this.acceptedByCamera.get(body.camera_id) ?? 0) + inputs.length);

    const { events, triggers } = this.deps.zones.observeFrame(body.camera_id, observations, frame.capturedAt);
    for (const event of events) await this.logZoneEvent(event, worker.name);
    for (const { zone, reason } of triggers) await this.trigger(body.camera_id, zone.id, zone.name, reason);
    return { frame_id: frame.id, accepted: inputs.length, track_ids: tracks.map((t) => t.id), events: events.map((e) => e.kind) };
  }

  /** Writes changed tracks, in one transaction. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.dirty.size === 0) return;
      const rows = [...this.dirty.values()].map(toRecord);
      this.dirty.clear();
      await this.deps.tracks.upsert(rows);
    });
    return this.flushing;
  }

  /** Periodic work: close tracks not seen for a while (leaving their zones), then write changes. */
  async maintain(): Promise<void> {
    const now = this.deps.clock.now();
    for (const tracker of this.trackers.values()) {
      for (const track of tracker.expire(now)) {
        this.dirty.set(track.id, track);
        this.deps.feed?.publish('end', track);
        for (const event of this.deps.zones.trackEnded(track.cameraId, track.id, track.lastSeen)) await this.logZoneEvent(event, track.worker);
      }
    }
    await this.flush();
  }

  private trackerFor(cameraId: string, worker: string): Tracker {
    const key = `${cameraId}\u0000${worker}`;
    let tracker = this.trackers.get(key);
    if (!tracker) {
      tracker = new Tracker(cameraId, worker, () => `trk_${this.run}_${(++this.trackCounter).toString(36)}`);
      this.trackers.set(key, tracker);
    }
    return tracker;
  }

  private async logZoneEvent(event: ZoneEvent, worker: string): Promise<void> {
    await this.deps.events.log(event.zone.cameraId, event.kind, 'info', {
      zone_id: event.zone.id,
      zone: event.zone.name,
      track_id: event.trackId,
      label: event.label,
      confidence: round(event.confidence),
      box: event.box.map(round),
      point: event.point.map(round),
      frame_id: event.frameId,
      frame_at: new Date(event.at).toISOString(),
      worker,
      ...(event.direction === undefined ? {} : { direction: event.direction }),
      ...(event.seconds === undefined ? {} : { seconds: event.seconds }),
      ...(event.reason === undefined ? {} : { reason: event.reason }),
    });
  }

  private async trigger(cameraId: string, zoneId: number, zoneName: string, reason: string): Promise<void> {
    try {
      await this.deps.trigger(cameraId, reason);
      this.failingTriggers.delete(zoneId);
    } catch (e: unknown) {
      if (this.failingTriggers.has(zoneId)) return;
      this.failingTriggers.add(zoneId);
      const message = e instanceof Error ? e.message : String(e);
      this.deps.logger.warn({ camera_id: cameraId, zone_id: zoneId, err: e }, 'zone could not trigger recording');
      await this.deps.events.log(cameraId, 'zone_trigger_failed', 'warning', { zone_id: zoneId, zone: zoneName, reason: message });
    }
  }
}

/** Range and capability checks of one detection; the schema has already checked its shape. */
function checkDetection(d: DetectionsRequest['detections'][number], i: number, worker: WorkerIdentity): TrackInput {
  const at = `detections[${i}]`;
  if (!worker.labels.has(d.label)) {
    throw new Unprocessable(`${at}.label "${d.label}" is not one of the labels worker ${worker.name} registered (${worker.labelList.join(', ')})`);
  }
  if (!(d.confidence >= 0 && d.confidence <= 1)) throw new Unprocessable(`${at}.confidence must be from 0 to 1 (got ${d.confidence})`);
  const [x, y, w, h] = d.box;
  const names = ['x', 'y', 'w', 'h'] as const;
  d.box.forEach((v, k) => {
    if (!(v >= 0 && v <= 1 + RANGE_SLACK)) throw new Unprocessable(`${at}.box ${names[k]} must be from 0 to 1, normalised to the frame (got ${v})`);
  });
  if (w <= 0 || h <= 0) throw new Unprocessable(`${at}.box must have a width and height above 0 (got w=${w}, h=${h})`);
  if (x + w > 1 + RANGE_SLACK) throw new Unprocessable(`${at}.box reaches past the right edge: x + w = ${round(x + w)} (at most 1)`);
  if (y + h > 1 + RANGE_SLACK) throw new Unprocessable(`${at}.box reaches past the bottom edge: y + h = ${round(y + h)} (at most 1)`);
  const box: Box = [x, y, Math.min(w, 1 - x), Math.min(h, 1 - y)];
  return d.track_id === undefined ? { label: d.label, confidence: d.confidence, box } : { label: d.label, confidence: d.confidence, box, track_id: d.track_id };
}

function toRecord(t: Track): TrackRecord {
  return {
    id: t.id,
    camera_id: t.cameraId,
    worker: t.worker,
    label: t.label,
    external_id: t.externalId,
    first_seen: t.firstSeen,
    last_seen: t.lastSeen,
    detections: t.detections,
    best_frame_id: t.bestFrameId,
    best_confidence: t.bestConfidence,
    best_box: t.bestBox.map(round),
    best_at: t.bestAt,
    closed_at: t.closedAt,
  };
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}
