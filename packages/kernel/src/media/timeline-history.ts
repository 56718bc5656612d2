import type { CameraStatusRepository } from '../cameras/camera-status.repository.js';
import type { CameraService } from '../cameras/camera.service.js';
import type { EventLog } from '../events/event-log.js';
import type { Interval } from './coverage.js';
import { offlineIntervals, timelinePeriods, type Period } from './timeline-periods.js';

export interface TimelineHistoryDeps {
  cameras: Pick<CameraService, 'require' | 'schedules'>;
  status: Pick<CameraStatusRepository, 'get'>;
  events: Pick<EventLog, 'history'>;
  timeZone: string;
}

/** The event kinds that open and close a camera's offline stretches. */
export const STATE_EVENT_KINDS = ['camera_offline', 'camera_online'] as const;

/**
 * Gathers what timelinePeriods needs about one camera — its settings and schedule, whether the
 * recorder writes it now, and its offline/online events — and tells its recorded, outage and
 * not-recording time apart.
 */
export class TimelineHistory {
  constructor(private readonly deps: TimelineHistoryDeps) {}

  async periods(cameraId: string, spans: readonly Interval[], from: number, to: number, now: number): Promise<Period[]> {
    const end = Math.min(to, now);
    if (end <= from) return [];
    const camera = await this.deps.cameras.require(cameraId);
    const [stored, status, events] = await Promise.all([
      camera.record_mode === 'scheduled' || camera.record_mode === 'scheduled_event' ? this.deps.cameras.schedules(cameraId) : [],
      this.deps.status.get(cameraId),
      this.deps.events.history(cameraId, STATE_EVENT_KINDS, from, end),
    ]);
    const offline = offlineIntervals(
      events.map((e) => ({ kind: e.kind, at: e.at, detail: typeof e.payload.detail === 'string' ? e.payload.detail : null })),
      spans,
      end,
    );
    const windows = stored.map((w) => ({ days: w.days, timeStart: w.time_start, timeEnd: w.time_end, enabled: w.enabled }));
    return timelinePeriods({
      from,
      to,
      now,
      spans,
      offline,
      timeZone: this.deps.timeZone,
      camera: {
        // Footage older than the row (a camera re-created over its recordings) proves it existed.
        createdAt: Math.min(camera.created_at, spans[0]?.from ?? Infinity),
        updatedAt: camera.updated_at,
        enabled: camera.enabled,
        recordEnabled: camera.record_enabled,
        mode: camera.record_mode,
        windows,
        segmentSeconds: camera.segment_seconds,
        recordingNow: status?.state === 'recording',
      },
    });
  }
}
