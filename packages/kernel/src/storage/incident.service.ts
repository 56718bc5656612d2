import type { CameraService } from '../cameras/camera.service.js';
import type { Clock } from '../clock.js';
import { BadRequest, Conflict, NotFound } from '../errors.js';
import type { EventLog } from '../events/event-log.js';
import { parseRfc3339, toRfc3339, toRfc3339OrNull } from '../time.js';
import type { Incident, IncidentRepository, IncidentStatus } from './incident.repository.js';
import type { IncidentCreateBody, IncidentDto } from './incident.schemas.js';

/**
 * Incidents are evidence holds: while one is open, retention keeps every segment of its cameras that
 * overlaps its range — including segments recorded later into a range that reaches into the future,
 * because holds are evaluated by range when retention runs, not copied as a list of segment ids.
 */
export class IncidentService {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly cameras: CameraService,
    private readonly events: EventLog,
    private readonly clock: Clock,
  ) {}

  async open(body: IncidentCreateBody, createdBy: string | null): Promise<IncidentDto> {
    const title = body.title.trim();
    if (title === '') throw new BadRequest('title must not be empty');
    const cameras = [...new Set(body.cameras)];
    if (cameras.length === 0) throw new BadRequest('cameras must name at least one camera');
    const fromMs = parseRfc3339(body.from, 'from');
    const toMs = parseRfc3339(body.to, 'to');
    if (toMs <= fromMs) throw new BadRequest('`to` must be after `from`');
    for (const id of cameras) await this.cameras.require(id);

    const id = await this.incidents.insert({ title, notes: body.notes ?? '', cameras, fromMs, toMs, createdBy, createdAt: this.clock.now() });
    await this.events.log(null, 'incident_opened', 'info', {
      incident_id: id,
      title,
      cameras,
      from: toRfc3339(fromMs),
      to: toRfc3339(toMs),
      created_by: createdBy,
    });
    return this.get(id);
  }

  async release(id: number, releasedBy: string | null): Promise<IncidentDto> {
    const incident = await this.require(id);
    if (!(await this.incidents.release(id, this.clock.now(), releasedBy))) {
      throw new Conflict(`incident ${id} was already released at ${toRfc3339OrNull(incident.released_at) ?? 'an earlier time'}`);
    }
    await this.events.log(null, 'incident_released', 'info', { incident_id: id, title: incident.title, cameras: incident.cameras, released_by: releasedBy });
    return this.get(id);
  }

  async get(id: number): Promise<IncidentDto> {
    return this.toDto(await this.require(id));
  }

  async list(status: IncidentStatus, limit: number): Promise<IncidentDto[]> {
    const rows = await this.incidents.list(status, limit);
    const out: IncidentDto[] = [];
    for (const row of rows) out.push(await this.toDto(row));
    return out;
  }

  private async require(id: number): Promise<Incident> {
    const incident = await this.incidents.find(id);
    if (!incident) throw new NotFound(`incident ${id} not found`);
    return incident;
  }

  private async toDto(row: Incident): Promise<IncidentDto> {
    const footage = await this.incidents.footage(row.cameras, row.from_ms, row.to_ms);
    return {
      id: row.id,
      title: row.title,
      notes: row.notes,
      cameras: row.cameras,
      from: toRfc3339(row.from_ms),
      to: toRfc3339(row.to_ms),
      status: row.released_at === null ? 'open' : 'released',
      created_by: row.created_by,
      created_at: toRfc3339(row.created_at),
      released_at: toRfc3339OrNull(row.released_at),
      released_by: row.released_by,
      segments: footage.segments,
      bytes: footage.bytes,
    };
  }
}
