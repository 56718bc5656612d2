import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { Clock } from '../clock.js';
import type { FreeSpaceFloor } from '../config.js';
import { toRfc3339, toRfc3339OrNull } from '../time.js';
import type { IncidentRepository } from './incident.repository.js';
import type { LeaseRepository } from './lease.repository.js';
import type { MirrorRetention } from './mirror-retention.js';
import type { NodeStorage } from './node-storage.js';
import type { RetentionRepository } from './retention.repository.js';
import type { RetentionSweeper } from './retention-sweeper.js';
import type { CameraStorageDto, StorageReportDto, VolumeDto } from './storage.schemas.js';
import { floorBytes, type VolumeStats, type VolumeStatsFn } from './volume-stats.js';

const HOUR_MS = 3_600_000;

export interface StorageReportDeps {
  recordingsRoot: string;
  mirrorRoot: string | null;
  /** Read per report: the global limits may change at run time. */
  limits: () => { maxBytes: number | null; minFree: FreeSpaceFloor | null; mirrorMaxBytes: number | null; mirrorMinFree: FreeSpaceFloor | null };
  retention: RetentionRepository;
  cameras: CameraRepository;
  incidents: IncidentRepository;
  leases: LeaseRepository;
  volumeStats: VolumeStatsFn;
  mirror: MirrorRetention | null;
  sweeper: RetentionSweeper;
  clock: Clock;
  /** Every node's volume and the total (one node on SQLite). */
  nodes: NodeStorage;
}

/**
 * `GET /api/storage`: what each volume holds and has left, what each camera has recorded, and how
 * long the space lasts at the current rate. Per-camera sums are index-only scans; nothing here reads
 * the disk beyond one statfs per volume.
 */
export class StorageReport {
  constructor(private readonly deps: StorageReportDeps) {}

  async report(): Promise<StorageReportDto> {
    const { deps } = this;
    const now = deps.clock.now();
    // Cameras of the registry: a camera's segments outlive it only until its purge, which deletes them.
    const registry = [...(await deps.cameras.list())].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    const cameras: (CameraStorageDto & { rate: number })[] = [];
    for (const camera of registry) {
      const id = camera.id;
      // Index-only sums per camera, yielding between cameras so a large index never holds the event loop.
      await yieldToIo();
      const usage = (await deps.retention.usage(id)).get(id);
      const span = await deps.retention.cameraSpan(id, now - 24 * HOUR_MS);
      // Average over the last 24 h, or over the footage's own age when the camera is younger.
      const windowStart = Math.max(now - 24 * HOUR_MS, span.oldest ?? now);
      const hours = Math.max((now - windowStart) / HOUR_MS, 1 / 60);
      const rate = span.oldest === null ? 0 : Math.round(span.bytesSince / hours);
      cameras.push({
        camera_id: id,
        bytes: usage?.bytes ?? 0,
        segments: usage?.segments ?? 0,
        oldest: toRfc3339OrNull(span.oldest),
        newest: toRfc3339OrNull(span.newest),
        bytes_per_hour: rate,
        retention_days: camera.retention_days,
        retention_max_bytes: camera.retention_max_bytes,
        estimated_days_left: null,
        rate,
      });
    }

    const totalRate = cameras.reduce((sum, c) => sum + c.rate, 0);
    const recordedBytes = cameras.reduce((sum, c) => sum + c.bytes, 0);
    const limits = deps.limits();
    const recordings = await this.volume('recordings', deps.recordingsRoot, limits.minFree, limits.maxBytes, recordedBytes, totalRate);
    for (const c of cameras) {
      const own = c.retention_max_bytes === null ? null : daysUntil(c.retention_max_bytes - c.bytes, c.rate);
      c.estimated_days_left = c.rate === 0 ? null : minOf(own, recordings.estimated_days_left);
    }

    const volumes: VolumeDto[] = [recordings];
    if (deps.mirrorRoot !== null) {
      const mirrored = new Set(registry.filter((c) => c.mirror_enabled).map((c) => c.id));
      const mirrorRate = cameras.filter((c) => mirrored.has(c.camera_id)).reduce((sum, c) => sum + c.rate, 0);
      const mirrorBytes = deps.mirror?.lastUsage()?.bytes ?? null;
      volumes.push(await this.volume('mirror', deps.mirrorRoot, limits.mirrorMinFree, limits.mirrorMaxBytes, mirrorBytes, mirrorRate));
    }

    const last = deps.sweeper.lastSweep;
    return {
      volumes,
      cameras: cameras.map(({ rate: _rate, ...dto }) => dto),
      holds: { open_incidents: await deps.incidents.countOpen(), active_leases: await deps.leases.countActive(now) },
      ...(await deps.nodes.report({ free_bytes: recordings.free_bytes, total_bytes: recordings.total_bytes })),
      last_sweep:
        last === null
          ? null
          : {
              at: toRfc3339(last.at),
              duration_ms: last.durationMs,
              deleted_segments: Object.values(last.deleted).reduce((a, b) => a + b, 0),
              bytes_freed: last.bytesFreed,
              mirror_files_deleted: last.mirror ? last.mirror.deletedAge + last.mirror.deletedSpace : 0,
              pressure: last.pressure,
            },
    };
  }

  private async volume(
    name: 'recordings' | 'mirror',
    root: string,
    floor: FreeSpaceFloor | null,
    maxBytes: number | null,
    recordedBytes: number | null,
    rate: number,
  ): Promise<VolumeDto> {
    let stats: VolumeStats;
    try {
      stats = await this.deps.volumeStats(root);
    } catch (e: unknown) {
      return {
        name,
        total_bytes: null,
        used_bytes: null,
        free_bytes: null,
        min_free_bytes: 0,
        max_bytes: maxBytes,
        recorded_bytes: recordedBytes,
        estimated_days_left: null,
        error: e instanceof Error ? e.message : String(e),
      };
    }
    const minFree = floorBytes(floor, stats.totalBytes);
    const bySpace = daysUntil(stats.freeBytes - minFree, rate);
    const byBudget = maxBytes === null || recordedBytes === null ? null : daysUntil(maxBytes - recordedBytes, rate);
    return {
      name,
      total_bytes: stats.totalBytes,
      used_bytes: stats.totalBytes - stats.freeBytes,
      free_bytes: stats.freeBytes,
      min_free_bytes: minFree,
      max_bytes: maxBytes,
      recorded_bytes: recordedBytes,
      estimated_days_left: rate === 0 ? null : minOf(bySpace, byBudget),
      error: null,
    };
  }
}

/** Days until `headroom` bytes are used at `ratePerHour`; 0 when there is none left. */
function daysUntil(headroom: number, ratePerHour: number): number | null {
  if (ratePerHour <= 0) return null;
  return Math.max(0, Math.round((headroom / ratePerHour / 24) * 10) / 10);
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
