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

  /** Keys of the episodes in progress, e.g. `free_space`, `camera_bytes:door`. */
  activeKeys(): string[] {
    return [...this.active.keys()].sort();
  }
}
