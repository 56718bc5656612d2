import type { Clock } from '../clock.js';
import type { CameraState } from '../db/schema.js';
import type { RuntimeSettings } from '../settings/runtime-settings.js';
import type { SweepReport } from '../storage/retention-sweeper.js';
import { floorBytes, type VolumeStatsFn } from '../storage/volume-stats.js';
import type { DiskHealthReport } from './disk-health.js';
import type { SystemRepository } from './system.repository.js';

const DAY_MS = 86_400_000;
/** The rate is not extrapolated from less than an hour of footage (a minute of it says little about a day). */
const MIN_WINDOW_MS = 3_600_000;

export const CAMERA_STATES: readonly CameraState[] = ['connecting', 'recording', 'idle', 'error', 'offline', 'disabled'];

export interface SystemFigures {
  version: string;
  startedAt: number;
  uptimeSeconds: number;
  cameras: { total: number; byState: Record<CameraState, number> };
  volumes: { name: 'recordings' | 'mirror'; path: string; totalBytes: number; usedBytes: number; freeBytes: number }[];
  footage: {
    bytes: number;
    segments: number;
    oldestStart: number | null;
    /** Bytes per day measured over the last 24 h of the index (scaled up when the index is younger); null without footage. */
    writeRatePerDay: number | null;
    /** Hours the rate was measured over (24, or the index's age). */
    rateWindowHours: number;
    /** Room left for footage: free space above the floor, within the byte budget. */
    roomBytes: number;
    daysUntilFull: number | null;
    /** Days of footage the volume holds at this rate (what is kept plus the room left). */
    daysOfFootage: number | null;
  };
  lastSweep: SweepReport | null;
  diskHealth: DiskHealthReport | null;
}

export interface SystemReportDeps {
  repository: SystemRepository;
  clock: Clock;
  version: string;
  startedAt: number;
  recordingsDir: string;
  mirrorDir: string | null;
  volumeStats: VolumeStatsFn;
  settings: () => Pick<RuntimeSettings, 'retentionMaxBytes' | 'minFree'>;
  lastSweep: () => SweepReport | null;
  diskHealth: () => DiskHealthReport | null;
}

/**
 * GET /api/system: what an operator checks first. The write rate is measured (segment bytes that
 * started in the last 24 h), never assumed from bitrates; the forecasts divide the room left by it.
 */
export class SystemReport {
  constructor(private readonly deps: SystemReportDeps) {}

  async figures(): Promise<SystemFigures> {
    const { deps } = this;
    const now = deps.clock.now();
    const [cameras, index] = await Promise.all([deps.repository.camerasByState(), deps.repository.indexWindow(now - DAY_MS)]);
    const volumes: SystemFigures['volumes'] = [];
    const roots: ['recordings' | 'mirror', string][] = [['recordings', deps.recordingsDir]];
    if (deps.mirrorDir !== null) roots.push(['mirror', deps.mirrorDir]);
    for (const [name, root] of roots) {
      const stats = await deps.volumeStats(root);
      volumes.push({ name, path: root, totalBytes: stats.totalBytes, freeBytes: stats.freeBytes, usedBytes: Math.max(0, stats.totalBytes - stats.freeBytes) });
    }
    const recordings = volumes[0]!;

    const windowMs = index.oldestStart === null ? DAY_MS : Math.min(DAY_MS, Math.max(MIN_WINDOW_MS, now - index.oldestStart));
    const rate = index.oldestStart === null ? null : (index.bytesSince * DAY_MS) / windowMs;
    const { retentionMaxBytes, minFree } = deps.settings();
    let room = Math.max(0, recordings.freeBytes - floorBytes(minFree, recordings.totalBytes));
    if (retentionMaxBytes !== null) room = Math.min(room, Math.max(0, retentionMaxBytes - index.bytes));
    const days = (bytes: number) => (rate === null || rate <= 0 ? null : round1(bytes / rate));

    return {
      version: deps.version,
      startedAt: deps.startedAt,
      uptimeSeconds: Math.max(0, Math.round((now - deps.startedAt) / 1000)),
      cameras: { total: cameras.total, byState: Object.fromEntries(CAMERA_STATES.map((s) => [s, cameras.byState[s] ?? 0])) as Record<CameraState, number> },
      volumes,
      footage: {
        bytes: index.bytes,
        segments: index.segments,
        oldestStart: index.oldestStart,
        writeRatePerDay: rate === null ? null : Math.round(rate),
        rateWindowHours: round1(windowMs / 3_600_000),
        roomBytes: room,
        daysUntilFull: days(room),
        daysOfFootage: days(index.bytes + room),
      },
      lastSweep: deps.lastSweep(),
      diskHealth: deps.diskHealth(),
    };
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
