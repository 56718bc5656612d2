import type { Db } from '../db/database.js';
import type { ZoneKind, ZoneRow } from '../db/schema.js';

export interface ZoneFields {
  name: string;
  kind: ZoneKind;
  points: [number, number][];
  labels: string[];
  min_confidence: number;
  inertia_frames: number;
  dwell_seconds: number;
  trigger_recording: boolean;
}

/** The only place that reads or writes the `zones` table. */
export class ZoneRepository {
  constructor(private readonly db: Db) {}

  list(cameraId: string): Promise<ZoneRow[]> {
    return this.db.selectFrom('zones').selectAll().where('camera_id', '=', cameraId).orderBy('id').execute();
  }

  all(): Promise<ZoneRow[]> {
    return this.db.selectFrom('zones').selectAll().orderBy('camera_id').orderBy('id').execute();
  }

  find(cameraId: string, id: number): Promise<ZoneRow | undefined> {
    return this.db.selectFrom('zones').selectAll().where('camera_id', '=', cameraId).where('id', '=', id).executeTakeFirst();
  }

  async insert(cameraId: string, fields: ZoneFields, now: number): Promise<number> {
    const row = await this.db
      .insertInto('zones')
      .values({ camera_id: cameraId, ...toColumns(fields), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(cameraId: string, id: number, fields: ZoneFields, now: number): Promise<void> {
    await this.db.updateTable('zones').set({ ...toColumns(fields), updated_at: now }).where('camera_id', '=', cameraId).where('id', '=', id).execute();
  }

  async delete(cameraId: string, id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('zones').where('camera_id', '=', cameraId).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function toColumns(f: ZoneFields) {
  return {
    name: f.name,
    kind: f.kind,
    points: JSON.stringify(f.points),
    labels: JSON.stringify(f.labels),
    min_confidence: f.min_confidence,
    inertia_frames: f.inertia_frames,
    dwell_seconds: f.dwell_seconds,
    trigger_recording: f.trigger_recording ? 1 : 0,
  };
}
