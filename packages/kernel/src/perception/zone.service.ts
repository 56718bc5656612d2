import type { Clock } from '../clock.js';
import { BadRequest, Conflict, NotFound } from '../errors.js';
import { toRfc3339 } from '../time.js';
import { polygonArea, selfIntersects, type Point } from './geometry.js';
import type { ZoneCreateBody, ZoneDto, ZonePatchBody } from './perception.schemas.js';
import type { ZoneDef, ZoneEngine } from './zone-engine.js';
import type { ZoneRepository } from './zone.repository.js';
import type { Zone, ZoneFields } from './zone.js';

export const ZONE_DEFAULTS = Object.freeze({ labels: [] as string[], min_confidence: 0.5, inertia_frames: 1, dwell_seconds: 0, trigger_recording: false });

/** The zones of each camera: rules for their shape, storage, and keeping the zone engine in step. */
export class ZoneService {
  constructor(
    private readonly zones: ZoneRepository,
    private readonly engine: ZoneEngine,
    private readonly requireCamera: (id: string) => Promise<unknown>,
    private readonly clock: Clock,
  ) {}

  /** Loads every zone into the engine (at start). */
  async loadAll(): Promise<void> {
    const byCamera = new Map<string, ZoneDef[]>();
    for (const zone of await this.zones.all()) {
      const list = byCamera.get(zone.camera_id) ?? [];
      list.push(toDef(zone));
      byCamera.set(zone.camera_id, list);
    }
    for (const [cameraId, defs] of byCamera) this.engine.setZones(cameraId, defs);
  }

  /** Re-reads one camera's zones into the engine (after a change, or the camera was deleted). */
  async reload(cameraId: string): Promise<void> {
    this.engine.setZones(cameraId, (await this.zones.list(cameraId)).map(toDef));
  }

  async list(cameraId: string): Promise<ZoneDto[]> {
    await this.requireCamera(cameraId);
    return (await this.zones.list(cameraId)).map(toDto);
  }

  async get(cameraId: string, id: number): Promise<ZoneDto> {
    return toDto(await this.require(cameraId, id));
  }

  async create(cameraId: string, body: ZoneCreateBody): Promise<ZoneDto> {
    await this.requireCamera(cameraId);
    const fields: ZoneFields = {
      name: body.name.trim(),
      kind: body.kind,
      points: body.points.map(([x, y]) => [x, y]),
      labels: body.labels ?? ZONE_DEFAULTS.labels,
      min_confidence: body.min_confidence ?? ZONE_DEFAULTS.min_confidence,
      inertia_frames: body.inertia_frames ?? ZONE_DEFAULTS.inertia_frames,
      dwell_seconds: body.dwell_seconds ?? ZONE_DEFAULTS.dwell_seconds,
      trigger_recording: body.trigger_recording ?? ZONE_DEFAULTS.trigger_recording,
    };
    await this.validate(cameraId, fields, null);
    const id = await this.zones.insert(cameraId, fields, this.clock.now());
    await this.reload(cameraId);
    return this.get(cameraId, id);
  }

  async update(cameraId: string, id: number, patch: ZonePatchBody): Promise<ZoneDto> {
    const current = fieldsOf(await this.require(cameraId, id));
    const fields: ZoneFields = {
      ...current,
      ...patch,
      name: patch.name?.trim() ?? current.name,
      points: patch.points ? patch.points.map(([x, y]) => [x, y]) : current.points,
    };
    await this.validate(cameraId, fields, id);
    await this.zones.update(cameraId, id, fields, this.clock.now());
    await this.reload(cameraId);
    return this.get(cameraId, id);
  }

  async delete(cameraId: string, id: number): Promise<void> {
    await this.require(cameraId, id);
    await this.zones.delete(cameraId, id);
    await this.reload(cameraId);
  }

  private async require(cameraId: string, id: number): Promise<Zone> {
    await this.requireCamera(cameraId);
    const zone = await this.zones.find(cameraId, id);
    if (!zone) throw new NotFound(`zone ${id} of camera ${cameraId} not found`);
    return zone;
  }

  private async validate(cameraId: string, f: ZoneFields, selfId: number | null): Promise<void> {
    if (f.name === '') throw new BadRequest('name must not be blank');
    const points = f.points as Point[];
    if (f.kind === 'line') {
      if (points.length !== 2) throw new BadRequest(`a line zone has exactly 2 points (got ${points.length})`);
      const [a, b] = points as [Point, Point];
      if (a[0] === b[0] && a[1] === b[1]) throw new BadRequest("a line zone's two points must differ");
    } else {
      if (points.length < 3) throw new BadRequest(`a polygon zone needs at least 3 points (got ${points.length})`);
      if (selfIntersects(points)) throw new BadRequest("the polygon's edges cross each other; list its corners in order around the zone");
      if (polygonArea(points) < 1e-6) throw new BadRequest('the polygon has no area: its points lie on one line');
    }
    const clash = (await this.zones.list(cameraId)).find((z) => z.name === f.name && z.id !== selfId);
    if (clash) throw new Conflict(`camera ${cameraId} already has a zone named "${f.name}" (zone ${clash.id})`);
  }
}

function fieldsOf(zone: Zone): ZoneFields {
  const { name, kind, points, labels, min_confidence, inertia_frames, dwell_seconds, trigger_recording } = zone;
  return { name, kind, points, labels, min_confidence, inertia_frames, dwell_seconds, trigger_recording };
}

function toDto(zone: Zone): ZoneDto {
  return { id: zone.id, camera_id: zone.camera_id, ...fieldsOf(zone), created_at: toRfc3339(zone.created_at), updated_at: toRfc3339(zone.updated_at) };
}

export function toDef(zone: Zone): ZoneDef {
  return {
    id: zone.id,
    cameraId: zone.camera_id,
    name: zone.name,
    kind: zone.kind,
    points: zone.points,
    labels: zone.labels,
    minConfidence: zone.min_confidence,
    inertiaFrames: zone.inertia_frames,
    dwellSeconds: zone.dwell_seconds,
    triggerRecording: zone.trigger_recording,
  };
}
