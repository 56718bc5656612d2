import type { Db } from '../db/database.js';
import { trackFromRow, trackRow, type TrackRecord } from './track-record.js';

export interface TrackQuery {
  cameraId: string;
  /** Tracks seen at or after (last_seen ≥ from). */
  from?: number;
  /** Tracks first seen before. */
  to?: number;
  label?: string;
  limit: number;
}

// 14 columns per row: 400 rows stay well under SQLite's limit of bound parameters per statement.
const UPSERT_CHUNK = 400;

/** The only place that reads or writes the `tracks` table. */
export class TrackRepository {
  constructor(private readonly db: Db) {}

  /** Inserts new tracks and updates known ones, in one transaction. */
  async upsert(tracks: readonly TrackRecord[]): Promise<void> {
    if (tracks.length === 0) return;
    const rows = tracks.map(trackRow);
    await this.db.transaction().execute(async (tx) => {
      for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
        await tx
          .insertInto('tracks')
          .values(rows.slice(i, i + UPSERT_CHUNK))
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              label: eb.ref('excluded.label'),
              first_seen: eb.ref('excluded.first_seen'),
              last_seen: eb.ref('excluded.last_seen'),
              detections: eb.ref('excluded.detections'),
              best_frame_id: eb.ref('excluded.best_frame_id'),
              best_confidence: eb.ref('excluded.best_confidence'),
              best_box: eb.ref('excluded.best_box'),
              best_at: eb.ref('excluded.best_at'),
              closed_at: eb.ref('excluded.closed_at'),
            })),
          )
          .execute();
      }
    });
  }

  /** Newest first (by last_seen). */
  async find(query: TrackQuery): Promise<TrackRecord[]> {
    let q = this.db.selectFrom('tracks').selectAll().where('camera_id', '=', query.cameraId);
    if (query.from !== undefined) q = q.where('last_seen', '>=', query.from);
    if (query.to !== undefined) q = q.where('first_seen', '<', query.to);
    if (query.label !== undefined) q = q.where('label', '=', query.label);
    return (await q.orderBy('last_seen', 'desc').orderBy('id').limit(query.limit).execute()).map(trackFromRow);
  }

  async get(id: string): Promise<TrackRecord | undefined> {
    const row = await this.db.selectFrom('tracks').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : trackFromRow(row);
  }

  /** Tracks left open by a kernel that stopped without closing them: closed at their last sighting. */
  async closeLeftOpen(): Promise<number> {
    const result = await this.db
      .updateTable('tracks')
      .set((eb) => ({ closed_at: eb.ref('last_seen') }))
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
