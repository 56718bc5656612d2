import type { SegmentChange, SegmentSpan } from '../storage/segment.repository.js';
import { coverage, type Coverage } from './coverage.js';
import { localDays, summariseDays, type DaySummary } from './timeline-days.js';

/** What the timeline reads from the segment index (SegmentRepository). */
export interface TimelineIndex {
  spansStartingIn(cameraId: string, fromStart: number, toStart: number): Promise<SegmentSpan[]>;
  tombstonedStarts(cameraId: string): Promise<number[]>;
  onChange(listener: (change: SegmentChange) => void): () => void;
}

export const HOUR_MS = 3_600_000;

/**
 * The longest a segment can last: segment_seconds is at most 3600 and a segment ends at the first
 * keyframe after it. Reads look this far back before a range for segments that overlap its start.
 */
export const MAX_SEGMENT_MS = 2 * HOUR_MS;

/** Cached hours across all cameras (one or two spans each, ~100 bytes): about 20 MB at most. */
const DEFAULT_MAX_CACHED_HOURS = 200_000;

interface CameraHours {
  /** Hour number (start_ms / HOUR_MS) → the merged spans of the live segments that start in it. */
  hours: Map<number, SegmentSpan[]>;
  /** Bumped by every change, so a computation that raced a change does not store a stale answer. */
  version: number;
}

/**
 * Spans and gaps of a camera's recordings, from the segment index only, fast enough for a month of
 * 10 s segments (~260k rows) per request.
 *
 * Reading 260k rows into JavaScript costs ~150 ms and merging them in SQL (window functions) no less,
 * so merged spans are kept per camera and UTC hour: the spans of the segments that *start* in that
 * hour. An answer stitches the cached hours (coverage() merges across hour boundaries exactly as it
 * would merge the rows), reading rows only for hours not cached yet and for the hours holding `from`
 * and `to`, so the edges are cut from real rows. The cache stays exact because every insert and
 * delete goes through SegmentRepository, which reports the camera and start of each row (onChange);
 * rows retention has tombstoned are found per request in their small partial index, and the hours
 * holding them are read from rows (never cached) until the rows are gone.
 */
export class Timeline {
  private readonly cameras = new Map<string, CameraHours>();
  private cachedHours = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly index: TimelineIndex,
    private readonly maxCachedHours = DEFAULT_MAX_CACHED_HOURS,
  ) {
    this.unsubscribe = index.onChange((change) => this.invalidate(change));
  }

  dispose(): void {
    this.unsubscribe();
    this.cameras.clear();
    this.cachedHours = 0;
  }

  /** Spans, gaps and covered time of [from, to) — the same answer as coverage() over every row. */
  async coverage(cameraId: string, from: number, to: number): Promise<Coverage> {
    return coverage(await this.intervals(cameraId, from, to), from, to);
  }

  /** Per local day of `timeZone` intersecting [from, to): recorded time, first and last instant. */
  async days(cameraId: string, from: number, to: number, timeZone: string): Promise<DaySummary[]> {
    const days = localDays(from, to, timeZone);
    const first = days[0];
    const last = days.at(-1);
    if (!first || !last) return [];
    const { spans } = await this.coverage(cameraId, first.from, last.to);
    return summariseDays(days, spans);
  }

  /** Sorted intervals whose seam-merged union is the camera's recorded time around [from, to). */
  private async intervals(cameraId: string, from: number, to: number): Promise<SegmentSpan[]> {
    const camera = this.cameraHours(cameraId);
    const version = camera.version;
    const firstHour = hourOf(from - MAX_SEGMENT_MS);
    const lastHour = hourOf(to - 1);
    const edges = new Set([hourOf(from), lastHour]);
    const tombstoned = new Set((await this.index.tombstonedStarts(cameraId)).map(hourOf));
    // A cached hour computed before retention marked one of its rows is stale now.
    for (const hour of tombstoned) this.forget(camera, hour);

    const fromRows = new Map<number, SegmentSpan[]>();
    let runStart: number | null = null;
    for (let hour = firstHour; hour <= lastHour + 1; hour++) {
      const needsRows = hour <= lastHour && (edges.has(hour) || !camera.hours.has(hour));
      if (needsRows && runStart === null) runStart = hour;
      if (!needsRows && runStart !== null) {
        // One query per run of consecutive hours: a cold month is one index-only range scan.
        for (const row of await this.index.spansStartingIn(cameraId, runStart * HOUR_MS, hour * HOUR_MS)) {
          const h = hourOf(row.start_ms);
          let rows = fromRows.get(h);
          if (!rows) fromRows.set(h, (rows = []));
          rows.push(row);
        }
        for (let h = runStart; h < hour; h++) if (!fromRows.has(h)) fromRows.set(h, []);
        runStart = null;
      }
    }

    const out: SegmentSpan[] = [];
    for (let hour = firstHour; hour <= lastHour; hour++) {
      const rows = fromRows.get(hour);
      if (rows === undefined) {
        out.push(...(camera.hours.get(hour) ?? []));
        continue;
      }
      const merged = mergeRows(rows);
      if (!tombstoned.has(hour) && camera.version === version) this.remember(camera, hour, merged);
      out.push(...(edges.has(hour) ? rows : merged));
    }
    this.touch(cameraId, camera);
    return out;
  }

  private invalidate(change: SegmentChange): void {
    const camera = this.cameras.get(change.cameraId);
    if (!camera) return;
    camera.version += 1;
    if (change.startMs === null) {
      this.cachedHours -= camera.hours.size;
      camera.hours.clear();
    } else {
      this.forget(camera, hourOf(change.startMs));
    }
  }

  private cameraHours(cameraId: string): CameraHours {
    let camera = this.cameras.get(cameraId);
    if (!camera) {
      camera = { hours: new Map(), version: 0 };
      this.cameras.set(cameraId, camera);
    }
    return camera;
  }

  private remember(camera: CameraHours, hour: number, spans: SegmentSpan[]): void {
    if (!camera.hours.has(hour)) this.cachedHours += 1;
    camera.hours.set(hour, spans);
  }

  private forget(camera: CameraHours, hour: number): void {
    if (camera.hours.delete(hour)) this.cachedHours -= 1;
  }

  /** Marks the camera most recently used and evicts the least recently used ones beyond the cap. */
  private touch(cameraId: string, camera: CameraHours): void {
    this.cameras.delete(cameraId);
    this.cameras.set(cameraId, camera);
    for (const [id, other] of this.cameras) {
      if (this.cachedHours <= this.maxCachedHours || id === cameraId) break;
      this.cachedHours -= other.hours.size;
      this.cameras.delete(id);
    }
  }
}

function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS);
}

/** The seam-merged spans of rows sorted by start (no clipping). */
function mergeRows(rows: readonly SegmentSpan[]): SegmentSpan[] {
  const first = rows[0];
  if (!first) return [];
  let end = first.end_ms;
  for (const r of rows) end = Math.max(end, r.end_ms);
  return coverage(rows, first.start_ms, end).spans.map((s) => ({ start_ms: s.from, end_ms: s.to }));
}
