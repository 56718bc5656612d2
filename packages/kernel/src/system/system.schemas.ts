import { Type } from '@sinclair/typebox';
import { Nullable, Rfc3339, StringEnum } from '../contract/schemas.js';

const Count = Type.Integer({ minimum: 0 });

export const SystemSchema = Type.Object(
  {
    version: Type.String(),
    started_at: Rfc3339,
    uptime_seconds: Count,
    cameras: Type.Object({
      total: Count,
      by_state: Type.Object({ connecting: Count, recording: Count, idle: Count, error: Count, offline: Count, disabled: Count }),
    }),
    volumes: Type.Array(
      Type.Object({ name: StringEnum(['recordings', 'mirror'] as const), path: Type.String(), total_bytes: Count, used_bytes: Count, free_bytes: Count }),
    ),
    footage: Type.Object({
      bytes: Count,
      segments: Count,
      oldest: Nullable(Rfc3339),
      write_rate_bytes_per_day: Nullable(Type.Integer({ description: 'Segment bytes that started in the last 24 h, scaled to a day when the index is younger.' })),
      rate_window_hours: Type.Number({ description: 'Hours the rate was measured over (24 at most, 1 at least).' }),
      room_bytes: Type.Integer({ description: 'Free space above the free-space floor, within the byte budget.' }),
      days_until_full: Nullable(Type.Number({ description: 'room_bytes ÷ the rate: when retention starts deleting.' })),
      days_of_footage: Nullable(Type.Number({ description: '(footage + room) ÷ the rate: how many days the volume keeps at this rate.' })),
    }),
    last_sweep: Nullable(
      Type.Object({
        at: Rfc3339,
        duration_ms: Type.Number(),
        deleted_segments: Count,
        freed_bytes: Count,
        files_failed: Count,
      }),
    ),
    disk_health: Nullable(
      Type.Object({
        checked_at: Rfc3339,
        devices: Type.Array(Type.Object({ device: Type.String(), status: Type.String({ description: '`passed`, `failed` or `unknown` (no verdict: no SMART support, smartctl could not run).' }), detail: Type.String() })),
        arrays: Type.Array(
          Type.Object({ name: Type.String(), level: Nullable(Type.String()), members: Count, active: Count, status: Type.String(), degraded: Type.Boolean() }),
        ),
        mdstat_error: Nullable(Type.String()),
      }),
    ),
  },
  { $id: 'System', title: 'System' },
);
