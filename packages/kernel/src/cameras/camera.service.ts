import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { BadRequest, Conflict, NotFound } from '../errors.js';
import type { EventLog } from '../events/event-log.js';
import type { Camera, CameraChanges, NewCamera } from './camera.js';
import { BUILT_IN_CAMERA_DEFAULTS, type CameraDefaults } from './camera-defaults.js';
import { toCameraDto } from './camera.mapper.js';
import type { CameraRepository, ScheduleWindow } from './camera.repository.js';
import type { CameraCreateBody, CameraDto, CameraPatchBody, ScheduleWindowInput } from './camera.schemas.js';
import { RESERVED_CAMERA_IDS } from './camera.schemas.js';
import { isCredentialParam, MASK } from '../secrets/credential-mask.js';
import { validateWindow } from './schedule.js';
import { checkOnvifUrl } from '../onvif/onvif-url.js';
import { storedTopics } from './onvif-topics.js';

/**
 * Told after a camera's configuration or schedule changed, or it was deleted (the recorder and the
 * sampler listen). A returned promise is awaited when the camera is deleted: its recorder and sampler
 * must have stopped before its recordings go.
 */
export type CameraChangeListener = (cameraId: string) => void | Promise<void>;

/** What a purge removed and what it kept (held segments). */
export interface PurgeResult {
  segments: number;
  held: number;
}

/**
 * Removes a deleted camera's recordings, rows and files, through storage's FootageDeleter (its
 * mark → unlink → delete protocol); held segments are kept.
 */
export type RecordingsPurger = (cameraId: string) => Promise<PurgeResult>;

/**
 * What the registry asks of the segment index (storage/segment.repository.ts has it): declared here
 * so cameras/ stays below storage/, which builds on the camera registry.
 */
export interface CameraSegmentCount {
  countForCamera(cameraId: string): Promise<number>;
}

/** How many of a camera's segments are held (an export, a playback, an open incident): never purged. */
export type HeldFootage = (cameraId: string) => Promise<number>;

const STREAM_SCHEMES = ['rtsp:', 'rtsps:', 'http:', 'https:', 'rtmp:', 'rtmps:', 'file:'];

/** The camera registry's rules. */
export class CameraService {
  private readonly listeners = new Set<CameraChangeListener>();

  constructor(
    private readonly cameras: CameraRepository,
    private readonly segments: CameraSegmentCount,
    private readonly events: EventLog,
    private readonly clock: Clock,
    private readonly purgeRecordings: RecordingsPurger,
    private readonly heldFootage: HeldFootage = () => Promise.resolve(0),
    /** Read at each creation (the run-time settings), so a change applies to the next camera. */
    private readonly defaults: () => CameraDefaults = () => BUILT_IN_CAMERA_DEFAULTS,
  ) {}

  onChange(listener: CameraChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async list(): Promise<CameraDto[]> {
    const [rows, nodes] = await Promise.all([this.cameras.list(), this.cameras.recordingNodes(this.clock.now())]);
    return rows.map((row) => toCameraDto(row, nodes.get(row.id) ?? null));
  }

  async get(id: string): Promise<CameraDto> {
    const [row, nodes] = await Promise.all([this.require(id), this.cameras.recordingNodes(this.clock.now(), id)]);
    return toCameraDto(row, nodes.get(id) ?? null);
  }

  /** The stored camera, for services that need the credentials (the recorder). Never sent to a client. */
  async require(id: string): Promise<Camera> {
    const row = await this.cameras.find(id);
    if (!row) throw new NotFound(`camera ${id} not found`);
    return row;
  }

  async create(body: CameraCreateBody): Promise<CameraDto> {
    const now = this.clock.now();
    if (body.id !== undefined && RESERVED_CAMERA_IDS.includes(body.id)) {
      throw new BadRequest(`camera id "${body.id}" is reserved (GET /api/cameras/${body.id} is another route); choose another id`);
    }
    const id = body.id ?? (await this.freeIdFor(body.name));
    const defaults = this.defaults();
    if (body.id !== undefined && (await this.cameras.find(body.id))) {
      throw new Conflict(`camera id "${body.id}" is already taken`);
    }
    const row: NewCamera = {
      id,
      name: body.name.trim(),
      enabled: body.enabled ?? true,
      record_enabled: body.record_enabled ?? true,
      record_mode: body.record_mode ?? defaults.cameraRecordMode,
      stream_url: body.stream_url ?? null,
      address: body.address ?? null,
      port: body.port ?? null,
      path: body.path ?? null,
      username: body.username ?? null,
      password: body.password ?? null,
      sub_stream_url: body.sub_stream_url ?? null,
      segment_seconds: body.segment_seconds ?? defaults.cameraSegmentSeconds,
      record_audio: body.record_audio ?? false,
      mirror_enabled: body.mirror_enabled ?? false,
      pre_roll_seconds: body.pre_roll_seconds ?? defaults.cameraPreRollSeconds,
      post_roll_seconds: body.post_roll_seconds ?? defaults.cameraPostRollSeconds,
      retention_days: body.retention_days === undefined ? defaults.cameraRetentionDays : body.retention_days,
      retention_max_bytes: body.retention_max_bytes ?? null,
      detect_fps: body.detect_fps === undefined ? defaults.cameraDetectFps : body.detect_fps,
      onvif_url: body.onvif_url ?? null,
      onvif_trigger_topics: storedTopics(body.onvif_trigger_topics),
      failover_priority: body.failover_priority ?? 0,
      preferred_node_id: body.preferred_node_id ?? null,
      created_at: now,
      updated_at: now,
    };
    validateCamera(row);
    await this.cameras.insert(row, row.enabled && row.record_enabled ? 'idle' : 'disabled');
    await this.events.log(id, 'camera_added', 'info', { name: row.name });
    this.notify(id);
    return this.get(id);
  }

  async update(id: string, patch: CameraPatchBody): Promise<CameraDto> {
    const current = await this.require(id);
    const changes: CameraChanges = { updated_at: this.clock.now() };
    for (const [key, value] of Object.entries(patch) as [keyof CameraPatchBody, unknown][]) {
      (changes as Record<string, unknown>)[key] =
        key === 'onvif_trigger_topics' ? storedTopics(value as string[]) : typeof value === 'string' && key === 'name' ? value.trim() : value;
    }
    validateCamera({ ...current, ...changes } as Camera);
    await this.cameras.update(id, changes);
    await this.events.log(id, 'camera_updated', 'info', { fields: Object.keys(patch).filter((k) => k !== 'password') });
    this.notify(id);
    return this.get(id);
  }

  /**
   * Deletes a camera. Its footage is never removed as a side effect: a camera with recordings can only
   * be deleted with `purge`, which deletes the index rows and files too.
   */
  async delete(id: string, purge: boolean): Promise<void> {
    await this.require(id);
    const count = await this.segments.countForCamera(id);
    if (count > 0 && !purge) {
      throw new Conflict(
        `camera ${id} has ${count} recorded segment${count === 1 ? '' : 's'}; delete with ?purge=true to remove them too, or disable the camera instead`,
      );
    }
    if (purge) {
      const held = await this.heldFootage(id);
      if (held > 0) {
        throw new Conflict(
          `camera ${id} has ${held} segment${held === 1 ? '' : 's'} held by an open incident, an export or a playback; release them before purging`,
        );
      }
    }
    // Without the row nothing starts its recorder or sampler again; then both are stopped and
    // awaited (ffmpeg finishes its segment, the recorder indexes it) before any file goes, so nothing
    // writes a file or a row after the purge.
    await this.cameras.delete(id);
    await this.notifyAndWait(id);
    // Also without `purge` (allowed only when it had no segments): what its recorder finished while
    // stopping belongs to no camera any more.
    const purged = await this.purgeRecordings(id);
    await this.events.log(id, 'camera_deleted', 'info', { purged_segments: purged.segments, kept_held_segments: purged.held });
  }

  async schedules(id: string): Promise<ScheduleWindow[]> {
    await this.require(id);
    return this.cameras.schedules(id);
  }

  async replaceSchedules(id: string, input: readonly ScheduleWindowInput[]): Promise<ScheduleWindow[]> {
    await this.require(id);
    const windows = input.map((w, i) => {
      const problem = validateWindow({ days: w.days, timeStart: w.time_start, timeEnd: w.time_end });
      if (problem) throw new BadRequest(`schedules[${i}].${problem}`);
      return { days: [...w.days].sort(), time_start: w.time_start, time_end: w.time_end, enabled: w.enabled ?? true };
    });
    await this.cameras.replaceSchedules(id, windows);
    await this.events.log(id, 'camera_schedule_updated', 'info', { windows: windows.length });
    this.notify(id);
    return windows;
  }

  private notify(id: string): void {
    for (const listener of this.listeners) {
      const result = listener(id);
      // Listeners handle their own failures; a rejection that still escapes must not go unhandled.
      if (result instanceof Promise) result.catch(() => undefined);
    }
  }

  private async notifyAndWait(id: string): Promise<void> {
    await Promise.allSettled([...this.listeners].map(async (listener) => listener(id)));
  }

  /** A readable id from the name (`Front door` → `front-door`), made unique with a suffix. */
  private async freeIdFor(name: string): Promise<string> {
    const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48);
    const stem = base === '' ? `cam-${randomBytes(4).toString('hex')}` : base;
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? stem : `${stem}-${n}`;
      if (!RESERVED_CAMERA_IDS.includes(candidate) && !(await this.cameras.find(candidate))) return candidate;
    }
  }
}

/** Rules that span fields or need more than a schema can say. Throws BadRequest with the reason. */
function validateCamera(row: NewCamera | Camera): void {
  if (row.name.trim() === '') throw new BadRequest('name must not be empty');
  for (const field of ['stream_url', 'sub_stream_url'] as const) {
    const value = row[field];
    if (value === null || value === undefined) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch (e: unknown) {
      throw new BadRequest(`${field} is not a URL (expected e.g. rtsp://camera.local:554/stream)`, { cause: e });
    }
    if (!STREAM_SCHEMES.includes(url.protocol)) {
      throw new BadRequest(`${field} must use one of ${STREAM_SCHEMES.map((s) => s.slice(0, -1)).join(', ')} (got ${url.protocol.slice(0, -1)})`);
    }
    const maskedParam = [...url.searchParams].some(([name, value]) => isCredentialParam(name) && value === MASK);
    if (decodeURIComponent(url.password) === MASK || maskedParam) {
      throw new BadRequest(`${field} contains a masked password (${MASK}); send the real password or leave ${field} out`);
    }
  }
  if (row.address !== null && row.address !== undefined && /[\s/@?#]/.test(row.address)) {
    throw new BadRequest('address must be a host name or IP address, without scheme, path or credentials');
  }
  if (!row.stream_url && !row.address) {
    throw new BadRequest('a camera needs either stream_url or address');
  }
  if (row.password && !row.username) {
    throw new BadRequest('password given without username');
  }
  if (row.onvif_url !== null && row.onvif_url !== undefined) {
    try {
      checkOnvifUrl(row.onvif_url);
    } catch (e: unknown) {
      throw new BadRequest(e instanceof Error ? e.message.replace(/^onvif url/, 'onvif_url') : String(e), { cause: e });
    }
  }
}
