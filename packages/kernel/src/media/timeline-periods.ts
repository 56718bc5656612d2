import { parseHhmm, scheduleActiveAt, type ScheduleWindow } from '../cameras/schedule.js';
import type { Interval } from './coverage.js';
import { localDays } from './timeline-days.js';

/**
 * Three kinds of time on a camera's timeline:
 * - `recorded`: footage in the index;
 * - `outage`: the camera should have been recording and was not (camera or recorder failure, or
 *   Heldar not running) — the thing an operator must look at;
 * - `not_recording`: nothing was recorded by design (before the camera existed, disabled, outside
 *   its schedule, an event camera waiting for a trigger, or the segment being written right now).
 */
export type PeriodKind = 'recorded' | 'outage' | 'not_recording';

export type PeriodReason =
  | 'footage'
  | 'camera_offline'
  | 'no_footage'
  | 'before_camera_existed'
  | 'camera_disabled'
  | 'recording_disabled'
  | 'outside_schedule'
  | 'waiting_for_trigger'
  | 'being_written';

export interface Period {
  from: number;
  to: number;
  kind: PeriodKind;
  reason: PeriodReason;
  /** For `camera_offline`: what the recorder reported (already masked), else null. */
  detail: string | null;
}

/** A stretch during which the camera was reported offline, with the recorder's words for why. */
export interface OfflineInterval extends Interval {
  detail: string | null;
}

export interface PeriodsCamera {
  createdAt: number;
  updatedAt: number;
  enabled: boolean;
  recordEnabled: boolean;
  mode: string;
  windows: readonly ScheduleWindow[];
  segmentSeconds: number;
  /** The recorder is writing this camera now (camera_status.state = recording). */
  recordingNow: boolean;
}

export interface PeriodsInput {
  from: number;
  to: number;
  now: number;
  /** Recorded spans, sorted, seam-merged (coverage().spans). */
  spans: readonly Interval[];
  camera: PeriodsCamera;
  offline: readonly OfflineInterval[];
  timeZone: string;
}

/** Slack after a segment's nominal end for ffmpeg to close it and the indexer to see it. */
const INDEX_SLACK_MS = 5_000;
/** Where a window boundary can land away from midnight + its minutes on a day the clocks change. */
const DST_SHIFTS_MS = [0, -3_600_000, 3_600_000, -1_800_000, 1_800_000];

/**
 * Splits [from, min(to, now)) into recorded, outage and not-recording periods. Time after `now` is
 * left out: the future is neither recorded nor missing. Disabled and record-disabled cameras are
 * judged by their current setting since their last change (settings have no history).
 */
export function timelinePeriods(input: PeriodsInput): Period[] {
  const end = Math.min(input.to, input.now);
  const out: Period[] = [];
  if (end <= input.from) return out;
  let cursor = input.from;
  for (const span of input.spans) {
    const a = Math.max(span.from, input.from);
    const b = Math.min(span.to, end);
    if (b <= a) continue;
    if (a > cursor) classifyGap(input, cursor, a, out);
    push(out, { from: a, to: b, kind: 'recorded', reason: 'footage', detail: null });
    cursor = b;
  }
  if (end > cursor) classifyGap(input, cursor, end, out);
  return out;
}

/**
 * The instants in (from, to) where the schedule turns on or off. A window starts or ends at its
 * local HH:MM, so the candidates are each local day's midnight plus those minutes (shifted by the
 * usual DST steps, for days the clocks change), kept where the state really flips: a few dozen
 * evaluations for a month instead of one per minute.
 */
export function scheduleChanges(windows: readonly ScheduleWindow[], from: number, to: number, timeZone: string): number[] {
  const minutes = new Set<number>();
  for (const w of windows) {
    if (w.enabled === false) continue;
    for (const hhmm of [w.timeStart, w.timeEnd]) {
      const m = parseHhmm(hhmm);
      if (m !== null) minutes.add(m);
    }
  }
  const out = new Set<number>();
  if (minutes.size === 0) return [];
  for (const day of localDays(from, to, timeZone)) {
    for (const m of minutes) {
      for (const shift of DST_SHIFTS_MS) {
        const t = day.from + m * 60_000 + shift;
        if (t <= from || t >= to || out.has(t)) continue;
        if (scheduleActiveAt(windows, t - 1, timeZone) !== scheduleActiveAt(windows, t, timeZone)) out.add(t);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

function classifyGap(input: PeriodsInput, from: number, to: number, out: Period[]): void {
  const cam = input.camera;
  const lastSpanEnd = input.spans.at(-1)?.to ?? -Infinity;
  // The segment ffmpeg is writing now is not in the index until it closes.
  const writingFrom =
    cam.recordingNow && to >= input.now && input.now - Math.max(from, lastSpanEnd) <= 2 * cam.segmentSeconds * 1000 + INDEX_SLACK_MS
      ? Math.max(from, lastSpanEnd)
      : Infinity;
  const cuts = new Set<number>([from, to]);
  const cut = (t: number) => {
    if (t > from && t < to) cuts.add(t);
  };
  cut(cam.createdAt);
  cut(cam.updatedAt);
  cut(writingFrom);
  for (const o of input.offline) {
    cut(o.from);
    cut(o.to);
  }
  const scheduled = cam.mode === 'scheduled' || cam.mode === 'scheduled_event';
  if (scheduled) for (const t of scheduleChanges(cam.windows, from, to, input.timeZone)) cut(t);
  const points = [...cuts].sort((x, y) => x - y);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] as number;
    const b = points[i + 1] as number;
    push(out, { from: a, to: b, ...why(input, a, writingFrom) });
  }
}

/** Why nothing was recorded at instant `t` (the start of a piece with no cut inside). */
function why(input: PeriodsInput, t: number, writingFrom: number): Pick<Period, 'kind' | 'reason' | 'detail'> {
  const cam = input.camera;
  const idle = (reason: PeriodReason) => ({ kind: 'not_recording' as const, reason, detail: null });
  if (t < cam.createdAt) return idle('before_camera_existed');
  if (!cam.enabled && t >= cam.updatedAt) return idle('camera_disabled');
  if (!cam.recordEnabled && t >= cam.updatedAt) return idle('recording_disabled');
  if (t >= writingFrom) return idle('being_written');
  const offline = input.offline.find((o) => o.from <= t && t < o.to);
  if (offline) return { kind: 'outage', reason: 'camera_offline', detail: offline.detail };
  const scheduled = cam.mode === 'scheduled' || cam.mode === 'scheduled_event';
  if (scheduled && !scheduleActiveAt(cam.windows, t, input.timeZone)) return idle('outside_schedule');
  if (cam.mode === 'event' || cam.mode === 'scheduled_event') return idle('waiting_for_trigger');
  return { kind: 'outage', reason: 'no_footage', detail: null };
}

/** Appends, merging with the previous period when it is the same kind and reason. */
function push(out: Period[], p: Period): void {
  const last = out.at(-1);
  if (last && last.to === p.from && last.kind === p.kind && last.reason === p.reason && last.detail === p.detail) last.to = p.to;
  else out.push(p);
}

/**
 * Offline stretches from the camera's state events, oldest first: each `camera_offline` lasts until
 * the next `camera_online`, or else until footage resumes (the first span starting after it), or
 * else until `end`. Repeated `camera_offline` events (every failed retry) extend one stretch.
 */
export function offlineIntervals(
  events: readonly { kind: string; at: number; detail: string | null }[],
  spans: readonly Interval[],
  end: number,
): OfflineInterval[] {
  const out: OfflineInterval[] = [];
  let open: OfflineInterval | null = null;
  const close = (at: number) => {
    if (open && at > open.from) out.push({ ...open, to: at });
    open = null;
  };
  for (const e of events) {
    if (open !== null) {
      const resumed: Interval | undefined = spans.find((s) => s.from > (open as OfflineInterval).from && s.from <= e.at);
      if (resumed) close(resumed.from);
    }
    if (e.kind === 'camera_online') close(e.at);
    else if (e.kind === 'camera_offline' && open === null) open = { from: e.at, to: end, detail: e.detail };
  }
  if (open !== null) {
    const from: number = (open as OfflineInterval).from;
    const resumed = spans.find((s) => s.from > from);
    close(resumed ? resumed.from : end);
  }
  return out;
}
