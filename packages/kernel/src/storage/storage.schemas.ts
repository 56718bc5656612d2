import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Rfc3339, StringEnum } from '../contract/schemas.js';

const DaysLeft = Nullable(
  Type.Number({
    description:
      'Days until a byte limit (camera budget, global budget, free-space floor) is reached at the current recording rate — from then on retention deletes footage to make room. 0: reached already; null: no limit applies or nothing is being recorded.',
  }),
);

export const VolumeSchema = Type.Object({
  name: StringEnum(['recordings', 'mirror'] as const),
  total_bytes: Nullable(Type.Integer()),
  used_bytes: Nullable(Type.Integer({ description: 'total − free: everything on the volume, not only recordings.' })),
  free_bytes: Nullable(Type.Integer({ description: 'Space Heldar can still write.' })),
  min_free_bytes: Type.Integer({ description: 'The free-space floor retention keeps (0: none).' }),
  max_bytes: Nullable(Type.Integer({ description: 'The byte budget for recordings on this volume (null: none).' })),
  recorded_bytes: Nullable(Type.Integer({ description: 'Bytes of Heldar\'s segment files on this volume (mirror: as of the last sweep).' })),
  estimated_days_left: DaysLeft,
  error: Nullable(Type.String({ description: 'Why the volume could not be measured.' })),
});

export const CameraStorageSchema = Type.Object({
  camera_id: Type.String(),
  bytes: Type.Integer(),
  segments: Type.Integer(),
  oldest: Nullable(Rfc3339),
  newest: Nullable(Rfc3339),
  bytes_per_hour: Type.Integer({ description: 'Average over the last 24 h (or since the oldest segment when younger).' }),
  retention_days: Nullable(Type.Integer()),
  retention_max_bytes: Nullable(Type.Integer()),
  estimated_days_left: DaysLeft,
});

export const NodeStorageSchema = Type.Object({
  node_id: Nullable(Type.String({ description: 'The node whose volume holds the files; null: segments recorded before nodes existed (several nodes).' })),
  recorded_bytes: Type.Integer({ description: 'Bytes of segment files on its volume (from the index).' }),
  segments: Type.Integer(),
  free_bytes: Nullable(Type.Integer({ description: 'Free space of its recordings volume: measured now for this node, as of its last heartbeat for the others.' })),
  total_bytes: Nullable(Type.Integer()),
  heartbeat_at: Nullable(Rfc3339),
});

export const StorageTotalSchema = Type.Object({
  recorded_bytes: Type.Integer(),
  segments: Type.Integer(),
  free_bytes: Nullable(Type.Integer({ description: 'Sum over the nodes; null when a node has not reported its volume.' })),
  total_bytes: Nullable(Type.Integer()),
});

export const StorageReportSchema = Type.Object(
  {
    volumes: Type.Array(VolumeSchema),
    cameras: Type.Array(CameraStorageSchema),
    holds: Type.Object({ open_incidents: Type.Integer(), active_leases: Type.Integer() }),
    nodes: Type.Array(NodeStorageSchema, { description: 'Per node: its volume’s footage and free space (one entry on SQLite). `volumes` and `cameras` are this node’s.' }),
    total: StorageTotalSchema,
    last_sweep: Nullable(
      Type.Object({
        at: Rfc3339,
        duration_ms: Type.Integer(),
        deleted_segments: Type.Integer(),
        bytes_freed: Type.Integer(),
        mirror_files_deleted: Type.Integer(),
        pressure: Type.Array(Type.String(), { description: 'Storage pressure episodes in progress, e.g. free_space, camera_bytes:door.' }),
      }),
    ),
  },
  { $id: 'StorageReport', title: 'StorageReport' },
);
export type StorageReportDto = Static<typeof StorageReportSchema>;
export type VolumeDto = Static<typeof VolumeSchema>;
export type CameraStorageDto = Static<typeof CameraStorageSchema>;
export type NodeStorageDto = Static<typeof NodeStorageSchema>;
export type StorageTotalDto = Static<typeof StorageTotalSchema>;
