import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { PendingDeletion } from './segment.repository.js';

type SegmentsAlias = Database & { s: Database['segments'] };

/**
 * Segments retention may delete: not already being deleted, no unexpired lease, and not inside the
 * range of an open incident on their camera. Evaluated inside the marking UPDATE itself, so a lease
 * or an incident committed before that statement is always respected — there is no window between
 * "choose" and "mark" (see LeaseRepository.insert for the other half).
 */
function unheld(now: number) {
  return (eb: ExpressionBuilder<SegmentsAlias, 's'>) =>
    eb.and([
      eb('s.deleting_at', 'is', null),
      eb.not(
        eb.exists(
          eb
            .selectFrom('segment_leases as l')
            .select(sql.lit(1).as('one'))
            .whereRef('l.segment_id', '=', 's.id')
            .where('l.expires_at', '>', now),
        ),
      ),
      eb.not(
        eb.exists(
          eb
            .selectFrom('incident_cameras as ic')
            .innerJoin('incidents as i', 'i.id', 'ic.incident_id')
            .select(sql.lit(1).as('one'))
            .whereRef('ic.camera_id', '=', 's.camera_id')
            .where('i.released_at', 'is', null)
            .whereRef('i.from_ms', '<', 's.end_ms')
            .whereRef('i.to_ms', '>', 's.start_ms'),
        ),
      ),
    ]);
}

const RETURNED = ['id', 'camera_id', 'path', 'size_bytes'] as const;

/**
 * Retention's queries on the segment index. Each `mark…` call is ONE statement that chooses the
 * oldest eligible segments and marks them (`deleting_at`), returning what the caller must delete;
 * the batch limit keeps every statement short so the recorder's inserts never wait long.
 */
export class RetentionRepository {
  /**
   * @param volumeNode with several nodes (PostgreSQL), this node: retention then chooses, counts and
   * deletes only segments whose file is on its own volume (`node_id`), never another node's — and
   * rows without a node (recorded before nodes existed), which every reader takes as local too. Null
   * (SQLite, one node): every segment.
   */
  constructor(
    private readonly db: Db,
    private readonly volumeNode: string | null = null,
  ) {}

  /** Unheld, and on this node's volume. */
  private eligible(now: number) {
    const node = this.volumeNode;
    return (eb: ExpressionBuilder<SegmentsAlias, 's'>) => (node === null ? unheld(now)(eb) : eb.and([unheld(now)(eb), eb.or([eb('s.node_id', '=', node), eb('s.node_id', 'is', null)])]));
  }

  /** How many of a camera's segments are held now (a lease or an open incident): a purge must not take them. */
  async countHeld(cameraId: string, now: number): Promise<number> {
    const row = await this.db
      .selectFrom('segments as s')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('s.camera_id', '=', cameraId)
      .where('s.deleting_at', 'is', null)
      .where((eb) => eb.not(unheld(now)(eb)))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Marks up to `limit` of a camera's unheld segments, oldest first, whatever their age (a purge). */
  markCamera(cameraId: string, now: number, limit: number): Promise<PendingDeletion[]> {
    const chosen = this.db.selectFrom('segments as s').select('s.id').where('s.camera_id', '=', cameraId).where(this.eligible(now)).orderBy('s.start_ms').limit(limit);
    return this.db.updateTable('segments').set({ deleting_at: now }).where('id', 'in', chosen).returning(RETURNED).execute();
  }

  /** Marks up to `limit` of a camera's oldest unheld segments that ended at or before `cutoff`. */
  markOlderThan(cameraId: string, cutoff: number, now: number, limit: number): Promise<PendingDeletion[]> {
    const chosen = this.db
      .selectFrom('segments as s')
      .select('s.id')
      .where('s.camera_id', '=', cameraId)
      // start < cutoff bounds the index range; end <= cutoff is the rule (wholly older than the cutoff).
      .where('s.start_ms', '<', cutoff)
      .where('s.end_ms', '<=', cutoff)
      .where(this.eligible(now))
      .orderBy('s.start_ms')
      .limit(limit);
    return this.db.updateTable('segments').set({ deleting_at: now }).where('id', 'in', chosen).returning(RETURNED).execute();
  }

  /**
   * Marks the oldest unheld segments — of one camera, or of all cameras when `cameraId` is null —
   * whose sizes add up to at least `bytes` (the last one may overshoot), at most `limit` of them.
   * A running sum over the oldest `limit` candidates picks exactly the prefix that is needed.
   */
  markOldestBytes(cameraId: string | null, bytes: number, now: number, limit: number): Promise<PendingDeletion[]> {
    let candidates = this.db.selectFrom('segments as s').select(['s.id', 's.start_ms', 's.size_bytes']).where(this.eligible(now));
    if (cameraId !== null) candidates = candidates.where('s.camera_id', '=', cameraId);
    // Ties on start_ms (two cameras, same millisecond) may come in any order; the running sum below
    // orders them by id so the choice is deterministic within the batch.
    const oldest = candidates.orderBy('s.start_ms').limit(limit).as('c');
    const running = this.db
      .selectFrom(oldest)
      .select((eb) => [
        'c.id',
        'c.size_bytes',
        eb.fn
          .sum<number>('c.size_bytes')
          .over((ob) => ob.orderBy('c.start_ms').orderBy('c.id'))
          .as('cum'),
      ])
      .as('w');
    const chosen = this.db
      .selectFrom(running)
      .select('w.id')
      .where((eb) => eb(eb('w.cum', '-', eb.ref('w.size_bytes')), '<', bytes));
    return this.db.updateTable('segments').set({ deleting_at: now }).where('id', 'in', chosen).returning(RETURNED).execute();
  }

  /**
   * Bytes and segments in the index per camera (rows being deleted included: their files still take
   * space). An index-only scan of (camera_id, start_ms, size_bytes).
   */
  async usage(cameraId?: string): Promise<Map<string, { bytes: number; segments: number }>> {
    let q = this.db
      .selectFrom('segments')
      .select((eb) => ['camera_id', eb.fn.sum<number>('size_bytes').as('bytes'), eb.fn.countAll<number>().as('segments')])
      .groupBy('camera_id');
    if (cameraId !== undefined) q = q.where('camera_id', '=', cameraId);
    const node = this.volumeNode;
    if (node !== null) q = q.where((eb) => eb.or([eb('node_id', '=', node), eb('node_id', 'is', null)]));
    const rows = await q.execute();
    return new Map(rows.map((r) => [r.camera_id, { bytes: Number(r.bytes ?? 0), segments: Number(r.segments) }]));
  }

  /** Oldest start, newest end and the bytes of segments started since `since`, for one camera. */
  async cameraSpan(cameraId: string, since: number): Promise<{ oldest: number | null; newest: number | null; bytesSince: number }> {
    const oldest = await this.db
      .selectFrom('segments')
      .select('start_ms')
      .where('camera_id', '=', cameraId)
      .where('deleting_at', 'is', null)
      .orderBy('start_ms')
      .limit(1)
      .executeTakeFirst();
    const newest = await this.db
      .selectFrom('segments')
      .select('end_ms')
      .where('camera_id', '=', cameraId)
      .where('deleting_at', 'is', null)
      .orderBy('start_ms', 'desc')
      .limit(1)
      .executeTakeFirst();
    const recent = await this.db
      .selectFrom('segments')
      .select((eb) => eb.fn.sum<number>('size_bytes').as('bytes'))
      .where('camera_id', '=', cameraId)
      .where('start_ms', '>=', since)
      .executeTakeFirst();
    return { oldest: oldest?.start_ms ?? null, newest: newest?.end_ms ?? null, bytesSince: Number(recent?.bytes ?? 0) };
  }

  /** Open incidents that hold footage of the camera (or of any camera when null): for pressure reports. */
  async openIncidentIds(cameraId: string | null): Promise<number[]> {
    let q = this.db.selectFrom('incidents as i').select('i.id').distinct().where('i.released_at', 'is', null);
    if (cameraId !== null) {
      q = q.innerJoin('incident_cameras as ic', 'ic.incident_id', 'i.id').where('ic.camera_id', '=', cameraId);
    }
    return (await q.orderBy('i.id').execute()).map((r) => r.id);
  }

  /** Unexpired lease rows on segments of the camera (or of all cameras when null). */
  async activeLeases(cameraId: string | null, now: number): Promise<number> {
    let q = this.db
      .selectFrom('segment_leases as l')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('l.expires_at', '>', now);
    if (cameraId !== null) q = q.innerJoin('segments as s', 's.id', 'l.segment_id').where('s.camera_id', '=', cameraId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }
}
