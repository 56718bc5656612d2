import type { EventLog } from '../events/event-log.js';
import type { EventPayload } from '../events/event.types.js';

/** Which limit could not be met. */
export type PressureBudget = 'camera_bytes' | 'global_bytes' | 'free_space' | 'mirror_bytes' | 'mirror_free_space';

export interface PressureReport {
  budget: PressureBudget;
  volume: 'recordings' | 'mirror';
  cameraId: string | null;
  /** Bytes that still had to be freed when nothing more could be deleted. */
  neededBytes: number;
  details: EventPayload;
}

/**
 * `storage_pressure` events, one per episode: the first sweep that cannot meet a limit (because the
 * remaining footage is held, or there is nothing left to delete) logs it; later sweeps of the same
 * episode stay quiet; the first sweep that meets the limit again logs `storage_pressure_cleared`.
 */
export class StoragePressure {
  private readonly active = new Map<string, PressureReport>();
  private floorDeleting = false;

  constructor(private readonly events: EventLog) {}

  async report(key: string, report: PressureReport): Promise<void> {
    if (this.active.has(key)) return;
    this.active.set(key, report);
    await this.events.log(report.cameraId, 'storage_pressure', 'warning', {
      budget: report.budget,
      volume: report.volume,
      needed_bytes: report.neededBytes,
      ...report.details,
    });
  }

  async clear(key: string): Promise<void> {
    const report = this.active.get(key);
    if (report === undefined) return;
    this.active.delete(key);
    await this.events.log(report.cameraId, 'storage_pressure_cleared', 'info', { budget: report.budget, volume: report.volume });
  }

  /**
   * The free-space floor deleted footage in a sweep: the first sweep of such an episode logs
   * `storage_floor_deleting` with how much went (footage is being lost to a disk that is too small or
   * filled by something else — worth a person's attention); a sweep that deletes nothing for the floor
   * ends the episode.
   */
  async floorSweep(deleted: { segments: number; bytes: number; freeBytes: number; floorBytes: number }): Promise<void> {
    if (deleted.segments === 0) {
      this.floorDeleting = false;
      return;
    }
    if (this.floorDeleting) return;
    this.floorDeleting = true;
    await this.events.log(null, 'storage_floor_deleting', 'warning', {
      volume: 'recordings',
      deleted_segments: deleted.segments,
      freed_bytes: deleted.bytes,
      free_bytes: deleted.freeBytes,
      min_free_bytes: deleted.floorBytes,
    });
  }

  /** Keys of the episodes in progress, e.g. `free_space`, `camera_bytes:door`. */
  activeKeys(): string[] {
    return [...this.active.keys()].sort();
  }
}
