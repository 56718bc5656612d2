import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Clock } from '../clock.js';
import type { CameraState } from '../db/schema.js';
import type { IndexedSegment } from '../recording/segment-indexer.js';
import type { VolumeStatsFn } from '../storage/volume-stats.js';
import type { MetricsRepository } from './metrics.repository.js';

export interface KernelSeriesDeps {
  registry: Registry;
  repository: MetricsRepository;
  clock: Clock;
  version: string;
  recordingsDir: string;
  volumeStats: VolumeStatsFn;
  liveViewers?: (() => number) | undefined;
}

/** Every state a camera can be in, so heldar_camera_up has one series per camera and state (0 or 1). */
const STATES: readonly CameraState[] = ['connecting', 'recording', 'idle', 'error', 'offline', 'disabled'];

/** How long the index totals (heldar_segments_total, heldar_recordings_bytes) are reused. */
const INDEX_REUSE_MS = 15_000;

/** Seconds from a segment's end (the file closed) to its row in the index: 10 ms up to a minute. */
const INDEX_LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The NVR's own series. Gauges are computed when Prometheus scrapes (collect callbacks over the
 * repository, one cheap query each); what only the indexer sees as it happens (segments written,
 * their bitrate, the index lag) is counted from its onIndexed listener. Labels are camera ids and
 * states only: bounded, never free text.
 */
export class KernelSeries {
  private readonly written: Counter<'camera'>;
  private readonly bitrate: Gauge<'camera'>;
  private readonly indexLag: Histogram;
  /** Segments indexed since the index totals were last queried. */
  private sinceIndexQuery = { segments: 0, bytes: 0 };

  constructor(private readonly deps: KernelSeriesDeps) {
    const { registry, repository, clock } = deps;
    const registers = [registry];
    new Gauge({ name: 'heldar_build_info', help: 'Always 1; the kernel version as a label.', labelNames: ['version'], registers }).set({ version: deps.version }, 1);
    new Gauge({
      name: 'heldar_cameras_total',
      help: 'Cameras configured.',
      registers,
      async collect() {
        this.set(await repository.cameraCount());
      },
    });
    // One status query per scrape feeds four series (collects run concurrently and share it).
    const statuses = perScrape(() => repository.cameraStatuses());
    new Gauge({
      name: 'heldar_camera_up',
      help: '1 for the state a camera is in, 0 for the others.',
      labelNames: ['camera', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const s of await statuses()) for (const state of STATES) this.set({ camera: s.cameraId, state }, s.state === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'heldar_cameras_recording',
      help: 'Cameras in the recording state.',
      registers,
      async collect() {
        this.set((await statuses()).filter((s) => s.state === 'recording').length);
      },
    });
    new Counter({
      name: 'heldar_camera_reconnects_total',
      help: 'Reconnects of a camera since it was added (kept in its status row).',
      labelNames: ['camera'],
      registers,
      async collect() {
        this.reset();
        for (const s of await statuses()) this.inc({ camera: s.cameraId }, s.reconnects);
      },
    });
    new Gauge({
      name: 'heldar_camera_last_segment_age_seconds',
      help: 'Seconds since the camera last indexed a segment (absent before its first).',
      labelNames: ['camera'],
      registers,
      async collect() {
        this.reset();
        const now = clock.now();
        for (const s of await statuses()) if (s.lastSegmentAt !== null) this.set({ camera: s.cameraId }, Math.max(0, (now - s.lastSegmentAt) / 1000));
      },
    });
    // Counting and summing the whole index is the one scan whose cost grows with the footage kept
    // (~0.1 s for 550k rows on a busy 2-core machine): it is reused for 15 s, plus the segments
    // indexed since (so a new segment shows at once); deletions show at the next refresh.
    const indexed = reusedFor(INDEX_REUSE_MS, () => {
      this.sinceIndexQuery = { segments: 0, bytes: 0 };
      return repository.index();
    });
    const index = async () => {
      const base = await indexed();
      return { segments: base.segments + this.sinceIndexQuery.segments, bytes: base.bytes + this.sinceIndexQuery.bytes };
    };
    // The reference's name; a gauge all the same (retention lowers it), which promtool's lint notes.
    new Gauge({
      name: 'heldar_segments_total',
      help: 'Segments in the index.',
      registers,
      async collect() {
        this.set((await index()).segments);
      },
    });
    new Gauge({
      name: 'heldar_recordings_bytes',
      help: 'Bytes of footage in the index.',
      registers,
      async collect() {
        this.set((await index()).bytes);
      },
    });
    const volume = perScrape(() => deps.volumeStats(deps.recordingsDir));
    new Gauge({
      name: 'heldar_disk_total_bytes',
      help: 'Size of the recordings volume.',
      registers,
      async collect() {
        this.set((await volume()).totalBytes);
      },
    });
    new Gauge({
      name: 'heldar_disk_free_bytes',
      help: 'Free bytes on the recordings volume (what Heldar may still write).',
      registers,
      async collect() {
        this.set((await volume()).freeBytes);
      },
    });
    new Gauge({
      name: 'heldar_disk_used_percent',
      help: 'Used share of the recordings volume, in percent.',
      registers,
      async collect() {
        const { totalBytes, freeBytes } = await volume();
        this.set(totalBytes > 0 ? (100 * (totalBytes - freeBytes)) / totalBytes : 0);
      },
    });
    new Gauge({
      name: 'heldar_leases_held',
      help: 'Segment leases held (playback, export, workers keep footage from retention).',
      registers,
      async collect() {
        this.set(await repository.leasesHeld());
      },
    });
    const liveViewers = deps.liveViewers;
    if (liveViewers !== undefined) {
      new Gauge({
        name: 'heldar_live_viewers',
        help: 'Live viewers watching now, across all cameras and ways of watching.',
        registers,
        collect() {
          this.set(liveViewers());
        },
      });
    }
    this.written = new Counter({ name: 'heldar_camera_segments_written_total', help: 'Segments a camera wrote and indexed since start.', labelNames: ['camera'], registers });
    this.bitrate = new Gauge({ name: 'heldar_camera_bitrate_kbps', help: "Bitrate of the camera's last segment, in kbit/s.", labelNames: ['camera'], registers });
    this.indexLag = new Histogram({
      name: 'heldar_index_lag_seconds',
      help: 'Seconds from a segment closing to its row in the index.',
      buckets: INDEX_LAG_BUCKETS,
      registers,
    });
  }

  /** The indexer's onIndexed listener: a segment closed and got its row just now. */
  segmentIndexed(segment: IndexedSegment): void {
    const camera = segment.cameraId;
    this.sinceIndexQuery.segments += 1;
    this.sinceIndexQuery.bytes += segment.sizeBytes;
    this.written.inc({ camera });
    const seconds = (segment.endMs - segment.startMs) / 1000;
    if (seconds > 0) this.bitrate.set({ camera }, (segment.sizeBytes * 8) / 1000 / seconds);
    this.indexLag.observe(Math.max(0, (this.deps.clock.now() - segment.endMs) / 1000));
  }
}

/**
 * `load` run once for all the collects of one scrape: they start together, so the first call starts
 * the query and the others share its promise; once it settles the next scrape queries afresh.
 */
function perScrape<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().finally(() => {
      pending = null;
    });
    return pending;
  };
}

/**
 * `load` run at most once per `ms`: callers within that time share its last result (or the query in
 * flight); a failed load is not kept.
 */
function reusedFor<T>(ms: number, load: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return () => {
    const now = performance.now();
    if (cached === null || now - cached.at >= ms) {
      const value = load();
      const entry = { at: now, value };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = null;
      });
    }
    return cached.value;
  };
}
