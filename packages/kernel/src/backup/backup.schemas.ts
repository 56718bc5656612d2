import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Rfc3339, StringEnum } from '../contract/schemas.js';

const Name = Type.String({ minLength: 1, maxLength: 100, format: 'single-line' });
const Line = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, format: 'single-line', ...(description ? { description } : {}) });
const KINDS = ['local', 'sftp', 's3'] as const;

const destinationFields = {
  name: Name,
  path: Type.Optional(Line(1024, 'local: an absolute folder outside the recordings; sftp: an absolute folder on the server.')),
  host: Type.Optional(Line(253, 'sftp: host name or address (checked by the outbound guard, HELDAR_OUTBOUND_ALLOW).')),
  port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'sftp: default 22.' })),
  username: Type.Optional(Line(200, 'sftp')),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'sftp: write-only; answers show `password_set`.' })),
  private_key: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000, description: 'sftp: an OpenSSH or PEM private key; write-only.' })),
  host_key_sha256: Type.Optional(Nullable(Line(100, "sftp: the server's host key fingerprint (`ssh-keygen -l` prints it after `SHA256:`); null: not checked."))),
  endpoint: Type.Optional(Line(2048, 's3: the service URL, e.g. `https://s3.eu-central-1.amazonaws.com` or a MinIO URL.')),
  region: Type.Optional(Line(64, 's3: default `us-east-1`.')),
  bucket: Type.Optional(Line(255, 's3')),
  prefix: Type.Optional(Type.String({ maxLength: 500, format: 'single-line', description: 's3: key prefix inside the bucket.' })),
  access_key_id: Type.Optional(Line(200, 's3')),
  secret_key: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 's3: write-only; answers show `secret_key_set`.' })),
  path_style: Type.Optional(Type.Boolean({ description: 's3: path-style URLs (default true: MinIO and most self-hosted servers).' })),
};

export const DestinationCreateBody = Type.Object({ kind: StringEnum(KINDS), ...destinationFields }, { additionalProperties: false });
export type DestinationCreateBody = Static<typeof DestinationCreateBody>;

export const DestinationPatchBody = Type.Partial(Type.Object(destinationFields), { additionalProperties: false, minProperties: 1 });
export type DestinationPatchBody = Static<typeof DestinationPatchBody>;

export const DestinationSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: StringEnum(KINDS),
    path: Nullable(Type.String()),
    host: Nullable(Type.String()),
    port: Nullable(Type.Integer()),
    username: Nullable(Type.String()),
    host_key_sha256: Nullable(Type.String()),
    endpoint: Nullable(Type.String()),
    region: Nullable(Type.String()),
    bucket: Nullable(Type.String()),
    prefix: Nullable(Type.String()),
    access_key_id: Nullable(Type.String()),
    path_style: Nullable(Type.Boolean()),
    password_set: Type.Boolean(),
    private_key_set: Type.Boolean(),
    secret_key_set: Type.Boolean(),
    created_at: Rfc3339,
    updated_at: Rfc3339,
  },
  { $id: 'BackupDestination', title: 'BackupDestination' },
);
export type DestinationDto = Static<typeof DestinationSchema>;

export const DestinationTestSchema = Type.Object(
  { ok: Type.Boolean(), error: Nullable(Type.String()), latency_ms: Type.Number() },
  { $id: 'BackupDestinationTest', title: 'BackupDestinationTest' },
);
export type DestinationTestDto = Static<typeof DestinationTestSchema>;

const policyFields = {
  name: Name,
  destination_id: Line(40),
  camera_ids: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 500, uniqueItems: true, description: 'Cameras backed up; empty: every camera.' }),
  every_minutes: Type.Integer({ minimum: 1, maximum: 10_080, description: 'How often the scheduler runs the policy.' }),
  look_back_hours: Type.Integer({ minimum: 1, maximum: 8760, description: 'Footage recorded this far back from each run is copied (what the destination lacks).' }),
  only_incidents: Type.Boolean({ description: 'Only footage held by incidents.' }),
  include_database: Type.Boolean({ description: 'Each run also uploads a fresh consistent copy of the database.' }),
  enabled: Type.Boolean({ description: 'false: the scheduler skips it; it can still be run by hand.' }),
};

export const PolicyCreateBody = Type.Object(
  {
    name: policyFields.name,
    destination_id: policyFields.destination_id,
    camera_ids: Type.Optional(policyFields.camera_ids),
    every_minutes: policyFields.every_minutes,
    look_back_hours: Type.Optional(policyFields.look_back_hours),
    only_incidents: Type.Optional(policyFields.only_incidents),
    include_database: Type.Optional(policyFields.include_database),
    enabled: Type.Optional(policyFields.enabled),
  },
  { additionalProperties: false },
);
export type PolicyCreateBody = Static<typeof PolicyCreateBody>;

export const PolicyPatchBody = Type.Partial(Type.Object(policyFields), { additionalProperties: false, minProperties: 1 });
export type PolicyPatchBody = Static<typeof PolicyPatchBody>;

export const PolicySchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    destination_id: Type.String(),
    camera_ids: Type.Array(Type.String()),
    every_minutes: Type.Integer(),
    look_back_hours: Type.Integer(),
    only_incidents: Type.Boolean(),
    include_database: Type.Boolean(),
    enabled: Type.Boolean(),
    last_run_at: Nullable(Rfc3339),
    created_at: Rfc3339,
    updated_at: Rfc3339,
  },
  { $id: 'BackupPolicy', title: 'BackupPolicy' },
);
export type PolicyDto = Static<typeof PolicySchema>;

export const RunBody = Type.Object(
  {
    verify_all: Type.Optional(
      Type.Boolean({ description: 'Read back and hash every copy the destination already holds (not only its size), re-sending any that differ.' }),
    ),
  },
  { additionalProperties: false },
);
export type RunBody = Static<typeof RunBody>;

export const JobSchema = Type.Object(
  {
    id: Type.String(),
    policy_id: Type.String(),
    destination_id: Type.String(),
    state: StringEnum(['pending', 'running', 'completed', 'failed', 'cancelled'] as const),
    files_total: Type.Integer(),
    files_done: Type.Integer({ description: 'Files copied and verified by this job.' }),
    files_skipped: Type.Integer({ description: 'Files the destination already held.' }),
    bytes_total: Type.Integer(),
    bytes_done: Type.Integer(),
    resent: Type.Integer({ description: 'Copies found damaged or missing on the destination and sent again.' }),
    error: Nullable(Type.String()),
    created_at: Rfc3339,
    started_at: Nullable(Rfc3339),
    finished_at: Nullable(Rfc3339),
  },
  { $id: 'BackupJob', title: 'BackupJob' },
);
export type JobDto = Static<typeof JobSchema>;

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
export const JobsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    policy_id: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
