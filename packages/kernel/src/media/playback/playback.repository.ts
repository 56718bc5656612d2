import type { Db } from '../../db/database.js';
import { playbackSessionFromRow, playbackSessionRow, type PlaybackSessionRecord } from './playback-session.js';

const RECORD_COLUMNS = [
  'id',
  'camera_id',
  'from_ms',
  'to_ms',
  'covered_ms',
  'gaps',
  'segment_count',
  'lease_holder',
  'created_by',
  'created_at',
  'expires_at',
] as const;

/** The only place that reads or writes `playback_sessions` and `playback_session_segments`. */
export class PlaybackRepository {
  constructor(private readonly db: Db) {}

  /** The session and the segments it may serve (with their decode-time shifts), in one transaction. */
  async insert(session: PlaybackSessionRecord, playlist: string, segments: readonly { segmentId: number; shiftUs: number }[]): Promise<void> {
    const row = playbackSessionRow(session, playlist);
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('playback_sessions').values(row).execute();
      // Chunked: SQLite limits the number of bound parameters per statement.
      for (let i = 0; i < segments.length; i += 300) {
        const chunk = segments.slice(i, i + 300).map((s) => ({ session_id: row.id, segment_id: s.segmentId, shift_us: s.shiftUs }));
        await trx.insertInto('playback_session_segments').values(chunk).execute();
      }
    });
  }

  /** An unexpired session, without its playlist. */
  async find(id: string, now: number): Promise<PlaybackSessionRecord | undefined> {
    const row = await this.db.selectFrom('playback_sessions').select(RECORD_COLUMNS).where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
    return row === undefined ? undefined : playbackSessionFromRow(row);
  }

  /** An unexpired session's playlist. */
  playlist(id: string, now: number): Promise<{ playlist: string; expires_at: number } | undefined> {
    return this.db
      .selectFrom('playback_sessions')
      .select(['playlist', 'expires_at'])
      .where('id', '=', id)
      .where('expires_at', '>', now)
      .executeTakeFirst();
  }

  /**
   * One of an unexpired session's segments: its file (relative to the recordings root), fragment index
   * and the session's decode-time shift for it.
   */
  segmentFile(
    id: string,
    segmentId: number,
    now: number,
  ): Promise<{ path: string; node_id: string | null; fragments: Buffer | null; shift_us: number; expires_at: number } | undefined> {
    return this.db
      .selectFrom('playback_session_segments as m')
      .innerJoin('playback_sessions as p', 'p.id', 'm.session_id')
      .innerJoin('segments as s', 's.id', 'm.segment_id')
      .select(['s.path', 's.node_id', 's.fragments', 'm.shift_us', 'p.expires_at'])
      .where('m.session_id', '=', id)
      .where('m.segment_id', '=', segmentId)
      .where('p.expires_at', '>', now)
      .executeTakeFirst();
  }

  /** Moves an unexpired session's expiry to `expiresAt`. */
  async extend(id: string, expiresAt: number, now: number): Promise<void> {
    await this.db.updateTable('playback_sessions').set({ expires_at: expiresAt }).where('id', '=', id).where('expires_at', '>', now).execute();
  }

  /** Deletes a session (its memberships cascade); returns its lease holder and creation, or undefined when there was none. */
  async delete(id: string): Promise<{ lease_holder: string; created_at: number } | undefined> {
    const row = await this.db.deleteFrom('playback_sessions').where('id', '=', id).returning(['lease_holder', 'created_at']).executeTakeFirst();
    return row === undefined ? undefined : { lease_holder: row.lease_holder, created_at: Number(row.created_at) };
  }

  /** Deletes every session expired at `now`; returns their ids, lease holders, creation and expiry. */
  async deleteExpired(now: number): Promise<{ id: string; lease_holder: string; created_at: number; expires_at: number }[]> {
    const rows = await this.db.deleteFrom('playback_sessions').where('expires_at', '<=', now).returning(['id', 'lease_holder', 'created_at', 'expires_at']).execute();
    return rows.map((r) => ({ id: r.id, lease_holder: r.lease_holder, created_at: Number(r.created_at), expires_at: Number(r.expires_at) }));
  }

  /** Lease holder and expiry of every live session (the sweeper renews their leases). */
  live(now: number): Promise<{ lease_holder: string; expires_at: number }[]> {
    return this.db.selectFrom('playback_sessions').select(['lease_holder', 'expires_at']).where('expires_at', '>', now).execute();
  }
}
