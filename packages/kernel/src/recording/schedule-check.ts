import type { CameraRepository } from '../cameras/camera.repository.js';
import { scheduleActiveAt } from '../cameras/schedule.js';
import type { Clock } from '../clock.js';
import type { Camera } from '../cameras/camera.js';

/** Whether a scheduled camera is inside one of its enabled windows now (read fresh each time). */
export class ScheduleCheck {
  constructor(
    private readonly cameras: Pick<CameraRepository, 'schedules'>,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** Always false for modes without a schedule (continuous, event). */
  async activeNow(cam: Camera): Promise<boolean> {
    if (cam.record_mode !== 'scheduled' && cam.record_mode !== 'scheduled_event') return false;
    const windows = await this.cameras.schedules(cam.id);
    const active = windows.filter((w) => w.enabled).map((w) => ({ days: w.days, timeStart: w.time_start, timeEnd: w.time_end }));
    return scheduleActiveAt(active, this.clock.now(), this.timeZone);
  }
}
