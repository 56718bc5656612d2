import type { Logger } from 'pino';
import type { CameraService } from '../../cameras/camera.service.js';
import type { CameraStatusRepository } from '../../cameras/camera-status.repository.js';
import type { EventBus } from '../../events/event-bus.js';
import type { HeldarEvent } from '../../events/event.types.js';
import type { TrackChange, TrackFeed } from '../../perception/track-feed.js';
import type { Track } from '../../perception/tracker.js';
import type { RecorderManager } from '../../recording/recorder-manager.js';
import { toRfc3339 } from '../../time.js';
import { frigateObject, type FrigateEvent, type FrigateObject } from './frigate-event.js';
import { discoveryMessages } from './ha-discovery.js';
import type { MqttTopics } from './mqtt-topics.js';

/** Where the bridge sends messages (MqttConnection; a fake in unit tests). */
export interface MqttSink {
  publish(message: { topic: string; payload: string | Buffer; retain: boolean }): void;
}

export interface MqttBridgeDeps {
  topics: MqttTopics;
  sink: MqttSink;
  cameras: Pick<CameraService, 'list' | 'update' | 'onChange'>;
  status: Pick<CameraStatusRepository, 'all'>;
  recorder: Pick<RecorderManager, 'trigger'>;
  bus: EventBus;
  tracks: TrackFeed;
  /** The latest sampled JPEG of a camera (the snapshot route's frame), or null. */
  latestFrame: (cameraId: string) => Buffer | null;
  /** Labels the registered perception workers report (a count sensor each). */
  labels: () => Promise<readonly string[]>;
  version: string;
  logger: Logger;
  /** A tracked object's `update` is sent at most this often unless its zones or best score change. */
  updateIntervalMs: number;
}

interface OpenTrack {
  track: Readonly<Track>;
  current: Set<string>;
  entered: Set<string>;
  last: FrigateObject;
  sentAt: number;
}

// Kinds after which a camera's recorder state (`<prefix>/<camera>/status`) is read again.
const STATUS_KINDS = new Set<string>(['camera_online', 'camera_offline', 'recorder_error', 'recorder_unhealthy', 'recorder_stalled', 'recording_degraded', 'recording_restored', 'camera_updated', 'camera_added']);

/**
 * Heldar ⇄ MQTT in Frigate's layout: turns log events, track changes and camera changes into messages
 * (retained states kept here, so a reconnect to a broker that lost them sends them again), and
 * commands (`recording/set`, `trigger`) into calls on the camera service and the recorder. Every
 * publish goes to the sink without waiting; listeners on the event bus and the track feed stay
 * synchronous and cheap.
 */
export class MqttBridge {
  private readonly retained = new Map<string, string | Buffer>();
  private readonly cameras = new Map<string, { name: string; recording: boolean }>();
  private readonly open = new Map<string, OpenTrack>();
  private readonly labelsSeen = new Set<string>();
  private readonly unsubscribe: (() => void)[] = [];
  private statusRefresh: Promise<void> | null = null;
  private statusAgain = false;

  constructor(private readonly deps: MqttBridgeDeps) {}

  start(): void {
    this.unsubscribe.push(
      this.deps.bus.subscribe((event) => this.onEvent(event)),
      this.deps.tracks.subscribe((change) => this.onTrack(change)),
      this.deps.cameras.onChange((id) => {
        this.background(this.refreshCamera(id), 'camera refresh');
      }),
    );
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** After every (re)connect: availability, then discovery and every retained state again. */
  onConnected(): void {
    this.deps.sink.publish({ topic: this.deps.topics.available, payload: 'online', retain: true });
    for (const [topic, payload] of this.retained) this.deps.sink.publish({ topic, payload, retain: true });
    this.background(this.announceAll(), 'discovery');
  }

  onMessage(topic: string, payload: Buffer): void {
    const text = payload.toString('utf8').trim();
    if (topic === this.deps.topics.homeAssistantStatus) {
      // Home Assistant restarted (its birth message): it forgot the entities unless they are retained
      // on a broker that kept them, so they are announced again.
      if (text === 'online') this.background(this.announceAll(), 'discovery after Home Assistant came online');
      return;
    }
    const command = this.deps.topics.command(topic);
    if (!command) return;
    if (command.command === 'trigger') {
      const reason = text === '' ? 'mqtt trigger' : `mqtt trigger: ${text.slice(0, 100)}`;
      this.background(this.deps.recorder.trigger(command.camera, reason), `trigger of camera ${command.camera}`);
      return;
    }
    const on = text.toUpperCase();
    if (on !== 'ON' && on !== 'OFF') {
      this.deps.logger.warn({ topic, payload: text.slice(0, 50) }, 'mqtt: recording/set takes ON or OFF');
      return;
    }
    this.background(
      this.deps.cameras.update(command.camera, { record_enabled: on === 'ON' }).then((camera) => this.setCamera(camera.id, camera.name, camera.record_enabled)),
      `recording/set of camera ${command.camera}`,
    );
  }

  /** Sends discovery for every camera (after connect and Home Assistant's birth). */
  async announceAll(): Promise<void> {
    const labels = await this.deps.labels();
    for (const label of labels) this.labelsSeen.add(label);
    for (const camera of await this.deps.cameras.list()) this.setCamera(camera.id, camera.name, camera.record_enabled, true);
    await this.refreshStatus();
  }

  private async refreshCamera(id: string): Promise<void> {
    const camera = (await this.deps.cameras.list()).find((c) => c.id === id);
    if (camera) {
      this.setCamera(camera.id, camera.name, camera.record_enabled, true);
      return;
    }
    // Deleted: its entities are removed from Home Assistant (an empty retained config) and its states cleared.
    if (!this.cameras.delete(id)) return;
    for (const m of discoveryMessages(this.deps.topics, { id, name: id }, [...this.labelsSeen], this.deps.version)) this.deps.sink.publish({ topic: m.topic, payload: '', retain: true });
    for (const topic of [...this.retained.keys()].filter((t) => t.startsWith(`${this.deps.topics.prefix}/${id}/`))) {
      this.retained.delete(topic);
      this.deps.sink.publish({ topic, payload: '', retain: true });
    }
  }

  private setCamera(id: string, name: string, recording: boolean, announce = false): void {
    const known = this.cameras.get(id);
    this.cameras.set(id, { name, recording });
    if (announce || !known || known.name !== name) {
      for (const m of discoveryMessages(this.deps.topics, { id, name }, [...this.labelsSeen], this.deps.version)) this.deps.sink.publish({ ...m, retain: true });
      this.state(this.deps.topics.motion(id), this.retained.get(this.deps.topics.motion(id)) ?? 'OFF');
      for (const label of this.labelsSeen) this.state(this.deps.topics.count(id, label), this.retained.get(this.deps.topics.count(id, label)) ?? '0');
      const frame = this.deps.latestFrame(id);
      if (frame) this.state(this.deps.topics.snapshot(id), frame);
    }
    this.state(this.deps.topics.recordingState(id), recording ? 'ON' : 'OFF');
  }

  private onEvent(event: HeldarEvent): void {
    this.deps.sink.publish({
      topic: this.deps.topics.eventLog,
      payload: JSON.stringify({ id: event.id, kind: event.kind, severity: event.severity, camera_id: event.camera_id, payload: event.payload, at: toRfc3339(event.at) }),
      retain: false,
    });
    if (event.kind === 'zone_enter' || event.kind === 'zone_exit') this.onZone(event);
    if (event.camera_id !== null && STATUS_KINDS.has(event.kind)) this.background(this.refreshStatus(), 'camera status');
  }

  private onZone(event: HeldarEvent): void {
    const trackId = event.payload.track_id;
    const zone = event.payload.zone;
    if (typeof trackId !== 'string' || typeof zone !== 'string') return;
    const open = this.open.get(trackId);
    if (!open) return;
    if (event.kind === 'zone_enter') {
      open.current.add(zone);
      open.entered.add(zone);
    } else {
      open.current.delete(zone);
    }
    this.sendTrack('update', open, open.track);
  }

  private onTrack({ type, track }: TrackChange): void {
    const camera = track.cameraId;
    if (!this.labelsSeen.has(track.label)) {
      this.labelsSeen.add(track.label);
      const known = this.cameras.get(camera);
      if (known) this.setCamera(camera, known.name, known.recording, true);
    }
    let open = this.open.get(track.id);
    if (!open) {
      // A track seen first here: `new` (also for one whose start this bridge missed, before its `end`).
      open = { track, current: new Set(), entered: new Set(), last: frigateObject(track, { current: [], entered: [] }), sentAt: 0 };
      this.open.set(track.id, open);
      this.sendTrack('new', open, track);
      this.countsChanged(camera);
      if (type !== 'end') return;
    }
    if (type === 'end') {
      this.open.delete(track.id);
      open.current.clear();
      this.sendTrack('end', open, track);
      this.countsChanged(camera);
      return;
    }
    const due = track.lastSeen - open.sentAt >= this.deps.updateIntervalMs || track.bestConfidence > open.last.top_score + 1e-9 || track.label !== open.last.label;
    if (due) this.sendTrack('update', open, track);
    else open.track = track;
  }

  private sendTrack(type: FrigateEvent['type'], open: OpenTrack, track: Readonly<Track>): void {
    const after = frigateObject(track, { current: [...open.current], entered: [...open.entered] });
    const event: FrigateEvent = { type, before: type === 'new' ? after : open.last, after };
    open.last = after;
    open.track = track;
    open.sentAt = track.lastSeen;
    this.deps.sink.publish({ topic: this.deps.topics.events, payload: JSON.stringify(event), retain: false });
    if (type !== 'update') {
      const frame = this.deps.latestFrame(track.cameraId);
      if (frame) this.state(this.deps.topics.snapshot(track.cameraId), frame);
    }
  }

  /** Motion (any open track) and the count per label of one camera, sent when they change. */
  private countsChanged(camera: string): void {
    const counts = new Map<string, number>([...this.labelsSeen].map((l) => [l, 0]));
    for (const { track } of this.open.values()) if (track.cameraId === camera) counts.set(track.label, (counts.get(track.label) ?? 0) + 1);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    this.state(this.deps.topics.motion(camera), total > 0 ? 'ON' : 'OFF');
    for (const [label, n] of counts) this.state(this.deps.topics.count(camera, label), String(n));
  }

  /** Reads every camera's recorder state; one read at a time, one more if asked meanwhile. */
  refreshStatus(): Promise<void> {
    if (this.statusRefresh) {
      this.statusAgain = true;
      return this.statusRefresh;
    }
    this.statusRefresh = (async () => {
      do {
        this.statusAgain = false;
        for (const row of await this.deps.status.all()) this.state(this.deps.topics.status(row.camera_id), row.state);
      } while (this.statusAgain);
    })().finally(() => {
      this.statusRefresh = null;
    });
    return this.statusRefresh;
  }

  /** A retained state: sent when it changes, kept for the next reconnect. */
  private state(topic: string, payload: string | Buffer): void {
    const before = this.retained.get(topic);
    if (before !== undefined && (typeof payload === 'string' ? before === payload : Buffer.isBuffer(before) && before.equals(payload))) return;
    this.retained.set(topic, payload);
    this.deps.sink.publish({ topic, payload, retain: true });
  }

  private background(work: Promise<unknown>, what: string): void {
    work.catch((e: unknown) => this.deps.logger.warn({ err: e }, `mqtt: ${what} failed`));
  }
}
