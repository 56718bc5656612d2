import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../contract/schemas.js';
import { toRfc3339, toRfc3339OrNull } from '../time.js';
import type { SystemFigures, SystemReport } from './system-report.js';
import { SystemSchema } from './system.schemas.js';

function systemJson(f: SystemFigures) {
  const sweep = f.lastSweep;
  const health = f.diskHealth;
  return {
    version: f.version,
    started_at: toRfc3339(f.startedAt),
    uptime_seconds: f.uptimeSeconds,
    cameras: { total: f.cameras.total, by_state: f.cameras.byState },
    volumes: f.volumes.map((v) => ({ name: v.name, path: v.path, total_bytes: v.totalBytes, used_bytes: v.usedBytes, free_bytes: v.freeBytes })),
    footage: {
      bytes: f.footage.bytes,
      segments: f.footage.segments,
      oldest: toRfc3339OrNull(f.footage.oldestStart),
      write_rate_bytes_per_day: f.footage.writeRatePerDay,
      rate_window_hours: f.footage.rateWindowHours,
      room_bytes: f.footage.roomBytes,
      days_until_full: f.footage.daysUntilFull,
      days_of_footage: f.footage.daysOfFootage,
    },
    last_sweep:
      sweep === null
        ? null
        : {
            at: toRfc3339(sweep.at),
            duration_ms: Math.round(sweep.durationMs),
            deleted_segments: Object.values(sweep.deleted).reduce((a, b) => a + b, 0),
            freed_bytes: sweep.bytesFreed,
            files_failed: sweep.filesFailed,
          },
    disk_health:
      health === null
        ? null
        : { checked_at: toRfc3339(health.checkedAt), devices: health.devices, arrays: health.arrays, mdstat_error: health.mdstatError },
  };
}

/** GET /api/system: the node at a glance, for admins (it names volumes and disks). */
export const systemRoutes: FastifyPluginAsyncTypebox<{ report: SystemReport }> = async (app, { report }) => {
  app.get('/api/system', {
    config: { access: { minRole: 'admin' } },
    schema: {
      tags: ['system'],
      summary: 'The node at a glance',
      description:
        'Version, uptime, cameras by state, each volume, the write rate measured over the last 24 h of the index with the days until full and the days of footage kept at that rate, the last retention sweep and the disk health checks.',
      response: { 200: SystemSchema, ...errorResponses(401, 403) },
    },
    handler: async () => systemJson(await report.figures()),
  });
};
