import { Type, type Static } from '@sinclair/typebox';
import { SINGLE_LINE } from '../contract/text-format.js';
import { Nullable, Rfc3339, StringEnum } from '../contract/schemas.js';

/** Route schemas of the perception API other than the worker contract (contract.schemas.ts). */

const Coordinate = Type.Number({ minimum: 0, maximum: 1 });
const ZonePoint = Type.Tuple([Coordinate, Coordinate], { description: '[x, y], normalised: 0,0 is the top-left corner, 1,1 the bottom-right.' });
const ZoneKindSchema = StringEnum(['polygon', 'line'] as const, { description: 'polygon: an area (3–64 corners in order); line: a tripwire of exactly 2 points.' });

const zoneFields = {
  name: Type.String({ minLength: 1, maxLength: 100, format: SINGLE_LINE }),
  kind: ZoneKindSchema,
  points: Type.Array(ZonePoint, { minItems: 2, maxItems: 64 }),
  labels: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 64, uniqueItems: true, description: 'Only these labels; [] (the default) for every label.' }),
  min_confidence: Type.Number({ minimum: 0, maximum: 1, description: 'Detections below this are ignored by the zone. Default 0.5.' }),
  inertia_frames: Type.Integer({ minimum: 1, maximum: 100, description: 'Frames an object must be seen on the new side before entering, leaving or crossing counts. Default 1.' }),
  dwell_seconds: Type.Number({ minimum: 0, maximum: 86_400, description: 'zone_dwell once an object has been inside this long; 0 (default): no dwell events.' }),
  trigger_recording: Type.Boolean({ description: "Enter, dwell and line crossing open the camera's event-recording window (event cameras)." }),
};

export const ZoneCreateBody = Type.Object(
  {
    ...Type.Partial(Type.Object(zoneFields)).properties,
    name: zoneFields.name,
    kind: zoneFields.kind,
    points: zoneFields.points,
  },
  { additionalProperties: false },
);
export type ZoneCreateBody = Static<typeof ZoneCreateBody>;

export const ZonePatchBody = Type.Partial(Type.Object(zoneFields), { additionalProperties: false, minProperties: 1 });
export type ZonePatchBody = Static<typeof ZonePatchBody>;

export const ZoneSchema = Type.Object(
  {
    id: Type.Integer(),
    camera_id: Type.String(),
    name: Type.String(),
    kind: ZoneKindSchema,
    points: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
    labels: Type.Array(Type.String()),
    min_confidence: Type.Number(),
    inertia_frames: Type.Integer(),
    dwell_seconds: Type.Number(),
    trigger_recording: Type.Boolean(),
    created_at: Rfc3339,
    updated_at: Rfc3339,
  },
  { $id: 'Zone', title: 'Zone' },
);
export type ZoneDto = Static<typeof ZoneSchema>;

export const ZoneParams = Type.Object({ id: Type.String({ maxLength: 64 }), zid: Type.Integer({ minimum: 1 }) });

export const TrackSchema = Type.Object(
  {
    id: Type.String(),
    camera_id: Type.String(),
    worker: Type.String(),
    label: Type.String(),
    external_id: Nullable(Type.String()),
    first_seen: Rfc3339,
    last_seen: Rfc3339,
    detections: Type.Integer(),
    best_frame: Type.Object({ frame_id: Type.String(), at: Rfc3339, confidence: Type.Number(), box: Type.Array(Type.Number()) }),
    closed_at: Nullable(Rfc3339),
  },
  { $id: 'Track', title: 'Track' },
);
export type TrackDto = Static<typeof TrackSchema>;

export const TracksQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'RFC 3339: tracks seen at or after.' })),
    to: Type.Optional(Type.String({ description: 'RFC 3339: tracks first seen before.' })),
    label: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const SamplerStatusSchema = Type.Object(
  {
    camera_id: Type.String(),
    state: StringEnum(['starting', 'sampling', 'offline', 'error', 'stopped', 'off'] as const, { description: '`off`: the camera has no detect_fps or is disabled.' }),
    source: Nullable(StringEnum(['sub_stream', 'main_stream'] as const)),
    fps: Nullable(Type.Number()),
    measured_fps: Nullable(Type.Number()),
    width: Nullable(Type.Integer()),
    frame_width: Nullable(Type.Integer()),
    frame_height: Nullable(Type.Integer()),
    pid: Nullable(Type.Integer()),
    since: Nullable(Rfc3339),
    restarts: Type.Integer(),
    last_error: Nullable(Type.String({ description: 'Masked: never contains a password.' })),
    frames: Type.Integer(),
    frames_dropped: Type.Integer({ description: 'Frames of this camera that a worker did not get because it had no credit (replaced by a newer one).' }),
    last_frame_at: Nullable(Rfc3339),
    last_frame_id: Nullable(Type.String()),
    workers: Type.Array(Type.String(), { description: 'Workers the camera is assigned to.' }),
  },
  { $id: 'SamplerStatus', title: 'SamplerStatus' },
);

export const WorkerSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    version: Type.String(),
    labels: Type.Array(Type.String()),
    cameras: Type.Array(Type.String()),
    fps: Nullable(Type.Number()),
    state: StringEnum(['online', 'offline'] as const),
    registered_at: Rfc3339,
    last_seen_at: Rfc3339,
    assigned_cameras: Type.Array(Type.String()),
    transport: Nullable(StringEnum(['push', 'pull'] as const)),
    credits: Type.Integer(),
    frames_sent: Type.Integer(),
    frames_dropped: Type.Integer(),
    frames_skipped: Type.Integer(),
  },
  { $id: 'Worker', title: 'Worker' },
);

export const WorkersQuery = Type.Object(
  {
    state: Type.Optional(StringEnum(['online', 'offline'] as const)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);

export const WorkerIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const PullQuery = Type.Object(
  { wait_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 25_000, default: 10_000, description: 'Long poll: wait this long for a frame before answering 204.' })) },
  { additionalProperties: false },
);


export const EventStreamQuery = Type.Object(
  {
    camera_id: Type.Optional(Type.String({ maxLength: 2048, description: 'Comma-separated camera ids.' })),
    kind: Type.Optional(Type.String({ maxLength: 2048, description: 'Comma-separated kinds; `zone_*` matches a prefix.' })),
    after_id: Type.Optional(Type.Integer({ minimum: 0, description: 'Replay events after this id first (like the Last-Event-ID header).' })),
  },
  { additionalProperties: false },
);
