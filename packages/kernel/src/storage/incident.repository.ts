import type { Db } from '../db/database.js';
import type { IncidentRow } from '../db/schema.js';

export interface Incident extends IncidentRow {
  cameras: string[];
}

export interface NewIncident {
  title: string;
  notes: string;
  cameras: readonly string[];
  fromMs: number;
  toMs: number;
  createdBy: string | null;
  createdAt: number;
}

/** An open incident's hold on one camera: retention keeps every segment overlapping [fromMs, toMs). */
export interface IncidentHold {
  incidentId: number;
  cameraId: string;
  fromMs: number;
  toMs: number;
}

export type IncidentStatus = 'open' | 'released' | 'all';

/** The only place that reads or writes `incidents` and `incident_cameras`. */
export class IncidentRepository {
  constructor(private readonly db: Db) {}

  /** Inserts the incident and its cameras in one transaction: a hold is never half-created. */
  async insert(incident: NewIncident): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const { id } = await tx
        .insertInto('incidents')
        .values({
          title: incident.title,
          notes: incident.notes,
          from_ms: incident.fromMs,
          to_ms: incident.toMs,
          created_by: incident.createdBy,
          created_at: incident.createdAt,
          released_at: null,
          released_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('incident_cameras')
        .values(incident.cameras.map((camera_id) => ({ incident_id: id, camera_id })))
        .execute();
      return id;
    });
  }

  async find(id: number): Promise<Incident | undefined> {
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    return (await this.withCameras([row]))[0];
  }

  /** Newest first. */
  async list(status: IncidentStatus, limit: number): Promise<Incident[]> {
    let q = this.db.selectFrom('incidents').selectAll().orderBy('id', 'desc').limit(limit);
    if (status === 'open') q = q.where('released_at', 'is', null);
    if (status === 'released') q = q.where('released_at', 'is not', null);
    return this.withCameras(await q.execute());
  }

  /** Marks the incident released unless it already is; true when this call released it. */
  async release(id: number, at: number, by: string | null): Promise<boolean> {
    const r = await this.db
      .updateTable('incidents')
      .set({ released_at: at, released_by: by })
      .where('id', '=', id)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Every open incident's hold, one per (incident, camera). */
  async openHolds(): Promise<IncidentHold[]> {
    const rows = await this.db
      .selectFrom('incidents as i')
      .innerJoin('incident_cameras as ic', 'ic.incident_id', 'i.id')
      .select(['i.id', 'ic.camera_id', 'i.from_ms', 'i.to_ms'])
      .where('i.released_at', 'is', null)
      .execute();
    return rows.map((r) => ({ incidentId: r.id, cameraId: r.camera_id, fromMs: r.from_ms, toMs: r.to_ms }));
  }

  async countOpen(): Promise<number> {
    const row = await this.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('released_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Segments (not being deleted) and their bytes in the range, over the given cameras. */
  async footage(cameras: readonly string[], fromMs: number, toMs: number): Promise<{ segments: number; bytes: number }> {
    if (cameras.length === 0) return { segments: 0, bytes: 0 };
    const row = await this.db
      .selectFrom('segments')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('size_bytes').as('bytes')])
      .where('camera_id', 'in', cameras)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs)
      .where('deleting_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { segments: Number(row.n), bytes: Number(row.bytes ?? 0) };
  }

  private async withCameras(rows: IncidentRow[]): Promise<Incident[]> {
    if (rows.length === 0) return [];
    const links = await this.db
      .selectFrom('incident_cameras')
      .select(['incident_id', 'camera_id'])
      .where(
        'incident_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('camera_id')
      .execute();
    return rows.map((r) => ({ ...r, cameras: links.filter((l) => l.incident_id === r.id).map((l) => l.camera_id) }));
  }
}
