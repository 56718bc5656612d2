import type { Logger } from 'pino';
import type { CameraService } from '../../cameras/camera.service.js';
import type { Clock } from '../../clock.js';
import { BadRequest, NotFound } from '../../errors.js';
import type { Lease, SegmentLeases } from '../../storage/segment-leases.js';
import type { SegmentRepository, SegmentWithFragments } from '../../storage/segment.repository.js';
import { coverage, cutAt } from '../coverage.js';
import { decodeFragmentIndex, type FragmentIndexRecord } from '../../mp4/index.js';
import { MAX_SEGMENT_MS } from '../timeline.js';
import { buildPlaylist, type PlaylistSource } from './hls-playlist.js';
import type { PlaybackSessionRecord } from './playback-session.js';
import type { PlaybackRepository } from './playback.repository.js';
import { isValidSessionId, newSessionId } from './session-id.js';

export interface PlaybackSettings {
  /** Sliding lifetime of a session (HELDAR_PLAYBACK_TTL_MINUTES). */
  ttlMs: number;
  /** Longest range (HELDAR_MAX_PLAYBACK_SECONDS). */
  maxSeconds: number;
}

export interface PlaybackDeps {
  settings: PlaybackSettings;
  sessions: PlaybackRepository;
  segments: Pick<SegmentRepository, 'withFragments'>;
  cameras: Pick<CameraService, 'require'>;
  leases: Pick<SegmentLeases, 'acquire' | 'renew' | 'release'>;
  clock: Clock;
  logger: Logger;
}

/** A session that ended: closed by its client (DELETE) or expired unused. */
export interface PlaybackSessionEnded {
  reason: 'closed' | 'expired';
  /** From creation to the DELETE, or to its last use (expiry − TTL) for an expired one. */
  seconds: number;
}

export interface SessionSegmentFile {
  relative: string;
  /** The node whose volume holds it (null: recorded before nodes existed, so here). */
  nodeId: string | null;
  index: FragmentIndexRecord;
  shiftUs: number;
}

/**
 * A session's lease outlives the session by this much, so the sweeper (every minute) always renews it
 * before it lapses, and a session that slid forward on access is still covered until the next sweep.
 */
export const LEASE_GRACE_MS = 5 * 60_000;

/** A session's expiry moves forward on access at most this often (one UPDATE per minute, not per request). */
export const TOUCH_STEP_MS = 60_000;

/**
 * Playback sessions (after playback.rs of the Rust original, docs/reference.md — same contract, validation and messages). Where the
 * reference remuxed the range into HLS with ffmpeg, a session here is an HLS playlist that points
 * straight into the recorded fMP4 files, built from the segment index: creating one costs an index
 * query. The segments stay leased (retention cannot delete them) for the session's life; sessions
 * expire after HELDAR_PLAYBACK_TTL_MINUTES without use and the sweeper releases their leases.
 */
export class PlaybackService {
  private readonly endedListeners = new Set<(ended: PlaybackSessionEnded) => void>();

  constructor(private readonly deps: PlaybackDeps) {}

  /** Told when a session ends (metrics observe how long sessions last). */
  onEnded(listener: (ended: PlaybackSessionEnded) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  async create(input: { cameraId: string; from: number; to: number; createdBy: string | null }): Promise<PlaybackSessionRecord> {
    const { cameraId, from, to } = input;
    const { settings, clock } = this.deps;
    if (to <= from) throw new BadRequest('`to` must be after `from`');
    const requested = (to - from) / 1000;
    if (requested > settings.maxSeconds) {
      throw new BadRequest(`playback range too long (${requested.toFixed(0)}s); max ${settings.maxSeconds.toFixed(0)}s`);
    }
    await this.deps.cameras.require(cameraId);
    const rows = await this.deps.segments.withFragments(cameraId, from, to, MAX_SEGMENT_MS);
    const sources = this.sources(rows);
    let playlist = buildPlaylist(sources, from, to);
    if (playlist.files.length === 0) throw new NotFound('no recorded footage in the requested range');

    const id = newSessionId();
    const lease = await this.deps.leases.acquire(`pbs:${id}`, playlist.files.map((f) => f.segmentId), settings.ttlMs + LEASE_GRACE_MS);
    try {
      if (lease.refused.length > 0) {
        // Retention started deleting some of them between the query and the lease: play without them.
        const refused = new Set(lease.refused);
        playlist = buildPlaylist(sources.filter((s) => !refused.has(s.segmentId)), from, to);
        if (playlist.files.length === 0) throw new NotFound('no recorded footage in the requested range');
      }
      const now = clock.now();
      const held = new Set(playlist.files.map((f) => f.segmentId));
      const covered = coverage(rows.filter((r) => held.has(r.id)), from, to);
      const record: PlaybackSessionRecord = {
        id,
        camera_id: cameraId,
        from_ms: from,
        to_ms: to,
        covered_ms: covered.coveredMs,
        gaps: cutAt(covered.gaps, now),
        segment_count: playlist.files.length,
        lease_holder: lease.holder,
        created_by: input.createdBy,
        created_at: now,
        expires_at: now + settings.ttlMs,
      };
      await this.deps.sessions.insert(
        record,
        playlist.text,
        playlist.files.map((f) => ({ segmentId: f.segmentId, shiftUs: f.shiftUs })),
      );
      this.deps.logger.info(
        { session: id, camera_id: cameraId, segments: playlist.files.length, duration_s: requested, created_by: input.createdBy },
        'playback: created session',
      );
      return record;
    } catch (e: unknown) {
      await this.deps.leases.release(lease);
      throw e;
    }
  }

  async get(id: string): Promise<PlaybackSessionRecord> {
    return this.require(id);
  }

  async delete(id: string): Promise<void> {
    this.check(id);
    const deleted = await this.deps.sessions.delete(id);
    if (deleted === undefined) throw new NotFound(`playback session ${id} not found`);
    await this.deps.leases.release(leaseOf(deleted.lease_holder));
    this.deps.logger.info({ session: id }, 'playback: deleted session');
    this.ended({ reason: 'closed', seconds: Math.max(0, this.deps.clock.now() - deleted.created_at) / 1000 });
  }

  /** The session's HLS playlist; using it keeps the session alive. */
  async playlist(id: string): Promise<string> {
    this.check(id);
    const now = this.deps.clock.now();
    const row = await this.deps.sessions.playlist(id, now);
    if (!row) throw new NotFound(`playback session ${id} not found`);
    await this.touch(id, row.expires_at, now);
    return row.playlist;
  }

  /**
   * The recorded file behind `<segment id>.mp4` of a session — only for a segment the session's
   * playlist points into: its path relative to the recordings root, its fragment index and the
   * decode-time shift this session serves it with.
   */
  async segmentFile(id: string, segmentId: number): Promise<SessionSegmentFile> {
    this.check(id);
    const now = this.deps.clock.now();
    const row = await this.deps.sessions.segmentFile(id, segmentId, now);
    if (!row?.fragments) throw new NotFound('media file not found');
    await this.touch(id, row.expires_at, now);
    return { relative: row.path, nodeId: row.node_id, index: decodeFragmentIndex(row.fragments), shiftUs: Number(row.shift_us) };
  }

  /**
   * Removes expired sessions and releases their leases, then renews the leases of live ones to their
   * (possibly slid) expiry plus the grace. One log line with the counts.
   */
  async sweep(): Promise<{ removed: number; renewed: number }> {
    const now = this.deps.clock.now();
    const expired = await this.deps.sessions.deleteExpired(now);
    for (const session of expired) {
      await this.deps.leases.release(leaseOf(session.lease_holder));
      this.ended({ reason: 'expired', seconds: Math.max(0, session.expires_at - this.deps.settings.ttlMs - session.created_at) / 1000 });
    }
    const live = await this.deps.sessions.live(now);
    for (const session of live) await this.deps.leases.renew(leaseOf(session.lease_holder), session.expires_at - now + LEASE_GRACE_MS);
    if (expired.length > 0) {
      this.deps.logger.info({ removed: expired.length, sessions: expired.map((s) => s.id), live: live.length }, 'playback: removed expired sessions');
    }
    return { removed: expired.length, renewed: live.length };
  }

  private ended(ended: PlaybackSessionEnded): void {
    for (const listener of this.endedListeners) {
      try {
        listener(ended);
      } catch (e: unknown) {
        // A listener's failure must not turn a finished DELETE or sweep into an error.
        this.deps.logger.error({ err: e }, 'playback: session-ended listener failed');
      }
    }
  }

  private async require(id: string): Promise<PlaybackSessionRecord> {
    this.check(id);
    const row = await this.deps.sessions.find(id, this.deps.clock.now());
    if (!row) throw new NotFound(`playback session ${id} not found`);
    return row;
  }

  private check(id: string): void {
    if (!isValidSessionId(id)) throw new BadRequest('invalid session id');
  }

  /** Sliding expiry, written at most once per TOUCH_STEP_MS per session. */
  private async touch(id: string, expiresAt: number, now: number): Promise<void> {
    const wanted = now + this.deps.settings.ttlMs;
    if (wanted - expiresAt >= TOUCH_STEP_MS) await this.deps.sessions.extend(id, wanted, now);
  }

  /** Segments with a readable fragment index, as playlist sources; others are logged and skipped. */
  private sources(rows: readonly SegmentWithFragments[]): PlaylistSource[] {
    const out: PlaylistSource[] = [];
    for (const row of rows) {
      if (row.fragments === null) continue;
      try {
        const encoding = `${row.codecs ?? ''}|${row.width ?? ''}x${row.height ?? ''}|${row.init_size ?? ''}`;
        out.push({ segmentId: row.id, startMs: row.start_ms, index: decodeFragmentIndex(row.fragments), encoding });
      } catch (e: unknown) {
        this.deps.logger.warn({ err: e, segment_id: row.id }, 'playback: unreadable fragment index; segment left out');
      }
    }
    return out;
  }
}

/** A lease known only by its holder (after a restart, or from a session row): enough to renew or release it. */
function leaseOf(holder: string): Lease {
  return { holder, segmentIds: [], refused: [], expiresAt: 0 };
}
