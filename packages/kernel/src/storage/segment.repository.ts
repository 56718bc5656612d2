import type { Db } from '../db/database.js';
import type { NewSegmentRow, SegmentRow } from '../db/schema.js';

/** The only place that reads or writes the segment index. */
export class SegmentRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewSegmentRow): Promise<number> {
    const { id } = await this.db.insertInto('segments').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  /** Segments of a camera that overlap [from, to), oldest first. */
  inRange(cameraId: string, from: number, to: number): Promise<SegmentRow[]> {
    return this.db
      .selectFrom('segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('start_ms', '<', to)
      .where('end_ms', '>', from)
      .orderBy('start_ms')
      .execute();
  }

  async countForCamera(cameraId: string): Promise<number> {
    const row = await this.db
      .selectFrom('segments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('camera_id', '=', cameraId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Removes every index row of a camera and returns their paths (relative to the recordings root). */
  async deleteForCamera(cameraId: string): Promise<string[]> {
    const rows = await this.db.deleteFrom('segments').where('camera_id', '=', cameraId).returning('path').execute();
    return rows.map((r) => r.path);
  }
}
