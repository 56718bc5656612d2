import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { EventKind } from '../events/event-kinds.js';
import type { HeldarEvent } from '../events/event.types.js';
import type { IndexedSegment } from '../recording/segment-indexer.js';
import type { PlaybackSessionEnded } from '../media/playback/playback.service.js';
import type { RetentionRule, SweepReport } from '../storage/retention-sweeper.js';
import type { MetricsRepository } from './metrics.repository.js';

/** A hole between two segments of a camera up to this long is the normal seam of a segment boundary. */
const GAP_TOLERANCE_MS = 1000;

/** Clip lengths: 10 s up to the longest export allowed by default (an hour) and beyond. */
const CLIP_BUCKETS = [10, 30, 60, 300, 900, 1800, 3600, 14_400];

/** Time an export takes: a short clip copied in a fraction of a second up to a long re-encode. */
const EXPORT_SECONDS_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 180, 600];

/** How long a playback session lasts: a glance (seconds) up to an evening of review (hours). */
const SESSION_SECONDS_BUCKETS = [10, 30, 60, 300, 900, 1800, 3600, 7200, 14_400, 43_200];

/** Events that mean ffmpeg was replaced because it stopped writing. */
const STALL_KINDS: ReadonlySet<EventKind> = new Set(['recorder_stalled', 'recorder_unhealthy']);

export interface ActivitySeriesDeps {
  registry: Registry;
  repository: MetricsRepository;
  lastSweep: () => SweepReport | null;
}

/**
 * What happened since start, counted where it happens: gaps between a camera's segments (the
 * indexer's listener), stall restarts, outages and exports (the event bus), retention deletions (the
 * sweeper's listener). Labels are camera ids and retention rules only.
 */
export class ActivitySeries {
  private readonly lastEnd = new Map<string, number>();
  private readonly gaps: Counter<'camera'>;
  private readonly gapSeconds: Counter<'camera'>;
  private readonly stalls: Counter<'camera'>;
  private readonly outages: Counter<'camera'>;
  private readonly exports: Counter;
  private readonly clipSeconds: Histogram;
  private readonly exportSeconds: Histogram;
  private readonly sessionSeconds: Histogram<'reason'>;
  private readonly deleted: Counter<'rule'>;
  private readonly freed: Counter;
  private readonly failedFiles: Counter;

  constructor(deps: ActivitySeriesDeps) {
    const registers = [deps.registry];
    this.gaps = new Counter({ name: 'heldar_camera_gaps_total', help: 'Holes between consecutive segments of a camera (longer than 1 s) since start.', labelNames: ['camera'], registers });
    this.gapSeconds = new Counter({ name: 'heldar_camera_gap_seconds_total', help: 'Seconds of those holes: time not recorded.', labelNames: ['camera'], registers });
    this.stalls = new Counter({ name: 'heldar_camera_stall_restarts_total', help: 'ffmpeg replaced because it stopped writing (stall watchdog or no-segment health check).', labelNames: ['camera'], registers });
    this.outages = new Counter({ name: 'heldar_camera_outages_total', help: 'Times the recorder lost the camera (camera_offline events) since start.', labelNames: ['camera'], registers });
    this.exports = new Counter({ name: 'heldar_exports_total', help: 'Clips exported since start.', registers });
    this.clipSeconds = new Histogram({ name: 'heldar_export_clip_seconds', help: 'Length of the footage of each exported clip, in seconds.', buckets: CLIP_BUCKETS, registers });
    this.exportSeconds = new Histogram({ name: 'heldar_export_duration_seconds', help: 'Time each successful clip export took, in seconds.', buckets: EXPORT_SECONDS_BUCKETS, registers });
    this.sessionSeconds = new Histogram({
      name: 'heldar_playback_session_duration_seconds',
      help: 'How long playback sessions lasted, by how they ended (closed by the client, or expired: up to their last use).',
      labelNames: ['reason'],
      buckets: SESSION_SECONDS_BUCKETS,
      registers,
    });
    this.deleted = new Counter({ name: 'heldar_retention_deleted_segments_total', help: 'Segments retention deleted, by rule.', labelNames: ['rule'], registers });
    this.freed = new Counter({ name: 'heldar_retention_freed_bytes_total', help: 'Bytes retention freed.', registers });
    this.failedFiles = new Counter({ name: 'heldar_retention_failed_files_total', help: 'Files retention could not delete (retried next sweep).', registers });
    new Gauge({
      name: 'heldar_retention_last_sweep_timestamp_seconds',
      help: 'When the last retention sweep finished (Unix seconds; absent before the first).',
      registers,
      collect() {
        this.reset();
        const last = deps.lastSweep();
        if (last !== null) this.set((last.at + last.durationMs) / 1000);
      },
    });
    new Gauge({
      name: 'heldar_playback_sessions',
      help: 'Playback sessions open (each holds a lease on its footage).',
      registers,
      async collect() {
        this.set(await deps.repository.playbackSessions());
      },
    });
  }

  segmentIndexed(segment: IndexedSegment): void {
    const camera = segment.cameraId;
    const previous = this.lastEnd.get(camera);
    if (previous !== undefined && segment.startMs - previous > GAP_TOLERANCE_MS) {
      this.gaps.inc({ camera });
      this.gapSeconds.inc({ camera }, (segment.startMs - previous) / 1000);
    }
    if (previous === undefined || segment.endMs > previous) this.lastEnd.set(camera, segment.endMs);
  }

  event(event: HeldarEvent): void {
    const camera = event.camera_id;
    if (camera !== null && STALL_KINDS.has(event.kind)) this.stalls.inc({ camera });
    else if (camera !== null && event.kind === 'camera_offline') this.outages.inc({ camera });
    else if (event.kind === 'clip_exported') {
      this.exports.inc();
      const from = Date.parse(String(event.payload.from));
      const to = Date.parse(String(event.payload.to));
      if (Number.isFinite(from) && Number.isFinite(to) && to > from) this.clipSeconds.observe((to - from) / 1000);
      const took = event.payload.duration_ms;
      if (typeof took === 'number' && Number.isFinite(took) && took >= 0) this.exportSeconds.observe(took / 1000);
    }
  }

  playbackEnded(ended: PlaybackSessionEnded): void {
    this.sessionSeconds.observe({ reason: ended.reason }, ended.seconds);
  }

  swept(report: SweepReport): void {
    for (const [rule, count] of Object.entries(report.deleted) as [RetentionRule, number][]) if (count > 0) this.deleted.inc({ rule }, count);
    this.freed.inc(report.bytesFreed);
    this.failedFiles.inc(report.filesFailed);
  }
}
