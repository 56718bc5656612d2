/**
 * LL-HLS for every camera stream somebody watches: one packager per camera stream, created on the
 * first playlist request through LiveHubs.acquire() (on-demand start, viewer limits) and released
 * once nobody has asked for it for a while. Answers the playlist (with blocking reload), the init
 * segments, segments and parts.
 */

import type { Logger } from 'pino';
import type { AuditLog } from '../../../auth/audit-log.js';
import type { Principal } from '../../../auth/principal.js';
import type { Clock } from '../../../clock.js';
import { BadRequest, NotFound, ServiceUnavailable } from '../../../errors.js';
import type { LiveHubs, LiveStreamName } from '../live-types.js';
import { LlHlsPackager } from './ll-hls-packager.js';
import { renderLlHlsPlaylist, targetDurationSeconds, type LlHlsUris } from './ll-hls-playlist.js';
import { DEFAULT_WINDOW_SETTINGS, type LlHlsWindowSettings } from './ll-hls-window.js';

/** The hubs, and the viewer slots every way of watching takes (per-user and global limits). */
export interface LlHlsHubs extends Pick<LiveHubs, 'acquire'> {
  /** @throws LiveUnavailableError('too_many_viewers'). Returns the function that gives the slot back. */
  admitViewer(user: string): () => void;
}

export interface LlHlsServiceDeps {
  hubs: LlHlsHubs;
  audit: Pick<AuditLog, 'recordQuietly'>;
  clock: Clock;
  logger: Logger;
  /** A packager nobody requested anything from for this long is detached from its hub. */
  idleMs: number;
  /** How long the first playlist request waits for the stream's first segment (an on-demand start connects first). */
  firstSegmentWaitMs: number;
  window?: LlHlsWindowSettings;
}

/** Who asks, for the audit row written once per packager start and user. */
export interface LlHlsRequester {
  principal: Principal;
  ip: string;
}

/** _HLS_msn beyond the last segment by more than this is refused (RFC 8216bis 6.2.5.2). */
const MSN_ADVANCE_LIMIT = 2;
/** _HLS_part beyond the last part by more than this is refused (the spec's Advance Part Limit). */
const PART_ADVANCE_LIMIT = 3;
/** A blocking request is held at most this many target durations (RFC 8216bis 6.2.5.2). */
const BLOCK_TARGET_DURATIONS = 3;

interface Entry {
  packager: LlHlsPackager;
  detach: () => void;
  lastRequestAt: number;
  inFlight: number;
  /** The users (or keys) watching through this packager, each holding a viewer slot until it is released. */
  viewers: Map<string, () => void>;
}

export class LlHlsService {
  private readonly entries = new Map<string, Promise<Entry>>();
  /** Where each stream's numbering continues when its packager is replaced. */
  private readonly nextMsn = new Map<string, number>();
  private readonly settings: LlHlsWindowSettings;

  constructor(private readonly deps: LlHlsServiceDeps) {
    this.settings = deps.window ?? DEFAULT_WINDOW_SETTINGS;
  }

  /**
   * The media playlist. With `msn` (and `part`) the request is held until that segment (part) is in
   * the playlist, at most three target durations. The first request of a stream waits for its first segment.
   */
  async playlist(cameraId: string, stream: LiveStreamName, who: LlHlsRequester, wanted: { msn?: number; part?: number }, signal?: AbortSignal): Promise<string> {
    if (wanted.part !== undefined && wanted.msn === undefined) throw new BadRequest('_HLS_part needs _HLS_msn');
    return this.using(cameraId, stream, who, async ({ packager }) => {
      const window = packager.window;
      const hasSegment = () => window.segments().some((s) => s.complete);
      if (!(await packager.waitUntil(hasSegment, this.deps.firstSegmentWaitMs, signal))) {
        throw new ServiceUnavailable(packager.ended() ?? 'the camera’s live stream has not started yet; try again in a few seconds');
      }
      if (wanted.msn !== undefined) {
        const { msn, part } = wanted;
        const last = window.segments().at(-1)!;
        if (msn > last.msn + MSN_ADVANCE_LIMIT) throw new BadRequest(`_HLS_msn ${msn} is too far ahead of the live edge (the last segment is ${last.msn})`);
        if (part !== undefined && msn === last.msn && part > last.parts.length - 1 + PART_ADVANCE_LIMIT) {
          throw new BadRequest(`_HLS_part ${part} is too far ahead of the live edge (segment ${msn} has ${last.parts.length} parts)`);
        }
        const holdMs = BLOCK_TARGET_DURATIONS * targetDurationSeconds(window.longestSegment()) * 1000;
        await packager.waitUntil(() => this.available(packager, msn, part), holdMs, signal);
      }
      return renderLlHlsPlaylist({
        segments: window.segments(),
        discontinuitySequence: window.discontinuitySequence(),
        longestSegmentMs: window.longestSegment(),
        longestPartMs: window.longestPart(),
        minPartMs: this.settings.minPartMs,
        upcomingMsn: window.upcomingMsn(),
        uris: mediaUris(stream),
      });
    });
  }

  /** The init segment (ftyp + moov) of one ffmpeg run. */
  async init(cameraId: string, stream: LiveStreamName, generation: number): Promise<Buffer> {
    return this.usingOpen(cameraId, stream, ({ packager }) => {
      const info = packager.window.init(generation);
      if (info === undefined) throw new NotFound(`no init segment ${generation} for this live stream (it is no longer kept or never was)`);
      return info.init;
    });
  }

  /** A complete segment: its parts' fragments, concatenated. */
  async segment(cameraId: string, stream: LiveStreamName, msn: number): Promise<Buffer> {
    return this.usingOpen(cameraId, stream, ({ packager }) => {
      const segment = packager.window.segment(msn);
      if (segment === undefined || !segment.complete) throw new NotFound(`segment ${msn} of this live stream is not available (too old, or not complete yet)`);
      return Buffer.concat(segment.parts.flatMap((p) => p.data));
    });
  }

  /** A part; the next one (the playlist's preload hint) is held until it is made, as a blocking playlist reload is. */
  async part(cameraId: string, stream: LiveStreamName, msn: number, index: number, signal?: AbortSignal): Promise<Buffer> {
    return this.usingOpen(cameraId, stream, async ({ packager }) => {
      const window = packager.window;
      const find = () => window.segment(msn)?.parts[index];
      if (find() === undefined && this.isNextPart(packager, msn, index)) {
        const holdMs = BLOCK_TARGET_DURATIONS * targetDurationSeconds(window.longestSegment()) * 1000;
        await packager.waitUntil(() => find() !== undefined || this.available(packager, msn + 1, undefined), holdMs, signal);
      }
      const part = find();
      if (part === undefined) throw new NotFound(`part ${msn}.${index} of this live stream is not available (too old, or not made yet)`);
      return Buffer.concat(part.data);
    });
  }

  /** Detaches the packagers nobody asked anything of for `idleMs`. */
  async sweep(): Promise<void> {
    const now = this.deps.clock.now();
    for (const [key, pending] of this.entries) {
      const entry = await pending.catch(() => null);
      if (entry === null) continue;
      if (entry.inFlight === 0 && (now - entry.lastRequestAt >= this.deps.idleMs || entry.packager.ended() !== null)) this.release(key, entry);
    }
  }

  async stop(): Promise<void> {
    for (const [key, pending] of this.entries) {
      const entry = await pending.catch(() => null);
      if (entry !== null) this.release(key, entry);
    }
  }

  /** Packagers attached to a hub now (metrics, tests). */
  activeCount(): number {
    return this.entries.size;
  }

  /** Segment `msn` (part `part`) is in the playlist, or something after it is. */
  private available(packager: LlHlsPackager, msn: number, part: number | undefined): boolean {
    const segments = packager.window.segments();
    if (segments.some((s) => s.msn > msn && (s.complete || s.parts.length > 0))) return true;
    const segment = packager.window.segment(msn);
    if (segment === undefined) return false;
    return part === undefined ? segment.complete : segment.parts.length > part;
  }

  /** The part the playlist's preload hint names. */
  private isNextPart(packager: LlHlsPackager, msn: number, index: number): boolean {
    const last = packager.window.segments().at(-1);
    if (last === undefined || last.complete) return msn === packager.window.upcomingMsn() && index === 0;
    return (msn === last.msn && index === last.parts.length) || (msn === last.msn + 1 && index === 0);
  }

  private async using<T>(cameraId: string, stream: LiveStreamName, who: LlHlsRequester, work: (entry: Entry) => Promise<T>): Promise<T> {
    const entry = await this.open(cameraId, stream);
    // The same key the WebSocket route takes slots under, so the per-user limit counts both.
    const actor = `${who.principal.kind}:${who.principal.id}`;
    if (!entry.viewers.has(actor)) {
      // One slot and one audit row per user and packager run, however many playlist reloads follow.
      entry.viewers.set(actor, this.deps.hubs.admitViewer(actor));
      await this.deps.audit.recordQuietly({
        actor: who.principal,
        action: 'live_view',
        method: 'GET',
        route: '/api/cameras/:id/live/index.m3u8',
        target: cameraId,
        outcome: 'ok',
        ip: who.ip,
        detail: { stream, protocol: 'll-hls' },
      });
    }
    return this.run(entry, () => work(entry));
  }

  /** Media requests need the playlist first: they never start a stream. */
  private async usingOpen<T>(cameraId: string, stream: LiveStreamName, work: (entry: Entry) => T | Promise<T>): Promise<T> {
    const entry = await this.entries.get(keyOf(cameraId, stream))?.catch(() => undefined);
    if (entry === undefined) throw new NotFound('this live stream is not open: load its index.m3u8 first');
    return this.run(entry, async () => work(entry));
  }

  private async run<T>(entry: Entry, work: () => Promise<T>): Promise<T> {
    entry.inFlight++;
    entry.lastRequestAt = this.deps.clock.now();
    try {
      return await work();
    } finally {
      entry.inFlight--;
      entry.lastRequestAt = this.deps.clock.now();
    }
  }

  private async open(cameraId: string, stream: LiveStreamName): Promise<Entry> {
    const key = keyOf(cameraId, stream);
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      const entry = await existing.catch(() => null);
      if (entry !== null && entry.packager.ended() === null) return entry;
      // Its source ended (or its start failed): the first request here replaces it, the others use the new one.
      if (this.entries.get(key) !== existing) return this.open(cameraId, stream);
      if (entry !== null) this.release(key, entry);
    }
    const pending = this.attach(cameraId, stream, key);
    this.entries.set(key, pending);
    // A refused start (unknown camera, too many viewers) leaves nothing behind.
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    return pending;
  }

  private async attach(cameraId: string, stream: LiveStreamName, key: string): Promise<Entry> {
    const hub = await this.deps.hubs.acquire(cameraId, stream);
    const packager = new LlHlsPackager(this.settings, this.nextMsn.get(key) ?? 0);
    const detach = hub.attach(packager);
    this.deps.logger.info({ camera: cameraId, stream }, 'live: LL-HLS packager started');
    return { packager, detach, lastRequestAt: this.deps.clock.now(), inFlight: 0, viewers: new Map() };
  }

  private release(key: string, entry: Entry): void {
    entry.detach();
    for (const giveBack of entry.viewers.values()) giveBack();
    this.nextMsn.set(key, entry.packager.window.upcomingMsn());
    this.entries.delete(key);
    this.deps.logger.info({ key }, 'live: LL-HLS packager released');
  }
}

function keyOf(cameraId: string, stream: LiveStreamName): string {
  return `${cameraId}\u0000${stream}`;
}

/** Relative to the playlist (`…/live/index.m3u8`); the stream travels along, as the query is not inherited. */
export function mediaUris(stream: LiveStreamName): LlHlsUris {
  const query = stream === 'main' ? '' : `?stream=${stream}`;
  return {
    init: (generation) => `hls/init-${generation}.mp4${query}`,
    segment: (msn) => `hls/seg-${msn}.mp4${query}`,
    part: (msn, index) => `hls/part-${msn}.${index}.mp4${query}`,
  };
}
