import { Type, type Static } from '@sinclair/typebox';
import { SINGLE_LINE } from '../contract/text-format.js';
import { RECORD_MODES } from '../db/schema.js';
import { Nullable, Rfc3339, StringEnum } from '../contract/schemas.js';

export const CAMERA_ID_PATTERN = '^[a-z0-9][a-z0-9_-]{0,63}$';
/** A node id (HELDAR_NODE_ID). */
export const NODE_ID_PATTERN = '^[a-z0-9][a-z0-9_.-]{0,63}$';

/** Ids a camera cannot have: `GET /api/cameras/status` is every camera's status, so `status` would be shadowed. */
export const RESERVED_CAMERA_IDS: readonly string[] = ['status'];

const RecordModeSchema = StringEnum(RECORD_MODES, {
  description: 'continuous: always; scheduled: inside schedule windows; event: on triggers; scheduled_event: both.',
});

/** Writable camera fields; every one optional so PATCH can reuse it. */
const cameraFields = {
  name: Type.String({ minLength: 1, maxLength: 200, format: SINGLE_LINE }),
  enabled: Type.Boolean(),
  record_enabled: Type.Boolean(),
  record_mode: RecordModeSchema,
  stream_url: Nullable(Type.String({ maxLength: 2048, description: 'Explicit stream URL (rtsp, rtsps, http, https, file). Overrides address/port/path.' })),
  address: Nullable(Type.String({ minLength: 1, maxLength: 255, description: 'Camera host name or IP; the RTSP URL is built from it.' })),
  port: Nullable(Type.Integer({ minimum: 1, maximum: 65535 })),
  path: Nullable(Type.String({ maxLength: 1024 })),
  username: Nullable(Type.String({ maxLength: 255 })),
  password: Nullable(Type.String({ maxLength: 255, description: 'Write-only: never returned.' })),
  sub_stream_url: Nullable(Type.String({ maxLength: 2048, description: 'Lower-resolution stream for the frame sampler.' })),
  segment_seconds: Type.Integer({ minimum: 2, maximum: 3600 }),
  record_audio: Type.Boolean(),
  mirror_enabled: Type.Boolean(),
  pre_roll_seconds: Type.Integer({ minimum: 0, maximum: 3600 }),
  post_roll_seconds: Type.Integer({ minimum: 0, maximum: 3600 }),
  retention_days: Nullable(Type.Integer({ minimum: 1, maximum: 36500, description: 'Delete footage older than this; null keeps it until a byte budget needs the space.' })),
  retention_max_bytes: Nullable(Type.Integer({ minimum: 1, description: 'Byte budget of this camera\'s recordings: the oldest unheld footage is deleted beyond it; null: none.' })),
  detect_fps: Nullable(Type.Number({ minimum: 0.1, maximum: 30 })),
  onvif_url: Nullable(
    Type.String({ maxLength: 2048, description: 'ONVIF device service URL (http or https, no credentials: the camera\'s username and password are used); enables PTZ and ONVIF events.' }),
  ),
  onvif_trigger_topics: Type.Array(Type.String({ minLength: 1, maxLength: 200, format: SINGLE_LINE }), {
    maxItems: 32,
    description: 'ONVIF event topics that trigger event recording, e.g. `RuleEngine/CellMotionDetector/Motion` (a topic matches itself and the topics under it); empty: none.',
  }),
  failover_priority: Type.Integer({ minimum: -1000, maximum: 1000, description: 'Several nodes: cameras with a higher priority move to a surviving node first (default 0).' }),
  preferred_node_id: Nullable(
    Type.String({
      pattern: NODE_ID_PATTERN,
      description: 'Several nodes: the node that records this camera while it is up (it comes back there after a failover); null: any. May name a node that has not joined yet.',
    }),
  ),
};

export const CameraCreateBody = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: CAMERA_ID_PATTERN, description: 'Lower-case letters, digits, - and _; generated when absent.' })),
    ...Type.Partial(Type.Object(cameraFields)).properties,
    name: cameraFields.name,
  },
  { additionalProperties: false },
);
export type CameraCreateBody = Static<typeof CameraCreateBody>;

export const CameraPatchBody = Type.Partial(Type.Object(cameraFields), { additionalProperties: false, minProperties: 1 });
export type CameraPatchBody = Static<typeof CameraPatchBody>;

export const CameraSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    enabled: Type.Boolean(),
    record_enabled: Type.Boolean(),
    record_mode: RecordModeSchema,
    stream_url: Nullable(Type.String({ description: 'The explicit URL with its password masked.' })),
    record_url: Nullable(Type.String({ description: 'The URL the recorder opens, password masked.' })),
    address: Nullable(Type.String()),
    port: Nullable(Type.Integer()),
    path: Nullable(Type.String()),
    username: Nullable(Type.String()),
    password_set: Type.Boolean({ description: 'Whether a password is stored (the password itself is never returned).' }),
    sub_stream_url: Nullable(Type.String()),
    segment_seconds: Type.Integer(),
    record_audio: Type.Boolean(),
    mirror_enabled: Type.Boolean(),
    pre_roll_seconds: Type.Integer(),
    post_roll_seconds: Type.Integer(),
    retention_days: Nullable(Type.Integer()),
    retention_max_bytes: Nullable(Type.Integer()),
    detect_fps: Nullable(Type.Number()),
    onvif_url: Nullable(Type.String()),
    onvif_trigger_topics: Type.Array(Type.String()),
    failover_priority: Type.Integer(),
    preferred_node_id: Nullable(Type.String()),
    node_id: Nullable(Type.String({ description: 'The node recording it now (holding its lease); null: none (disabled, or failing over).' })),
    created_at: Rfc3339,
    updated_at: Rfc3339,
  },
  { $id: 'Camera', title: 'Camera' },
);
export type CameraDto = Static<typeof CameraSchema>;

export const CameraIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const CameraDeleteQuery = Type.Object(
  { purge: Type.Optional(Type.Boolean({ description: 'Also delete the camera\'s recordings (index rows and files).' })) },
  { additionalProperties: false },
);

export const ScheduleWindowSchema = Type.Object(
  {
    days: Type.Array(Type.Integer(), { description: 'Weekdays, 0 = Monday … 6 = Sunday.' }),
    time_start: Type.String({ description: 'HH:MM, local time in HELDAR_TZ.' }),
    time_end: Type.String({ description: 'HH:MM; earlier than time_start means the window runs overnight.' }),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type ScheduleWindowInput = Static<typeof ScheduleWindowSchema>;

export const SchedulesBody = Type.Object(
  { schedules: Type.Array(ScheduleWindowSchema, { maxItems: 64 }) },
  { additionalProperties: false },
);
export type SchedulesBody = Static<typeof SchedulesBody>;

export const SchedulesResponse = Type.Object({
  schedules: Type.Array(
    Type.Object({ days: Type.Array(Type.Integer()), time_start: Type.String(), time_end: Type.String(), enabled: Type.Boolean() }),
  ),
});
