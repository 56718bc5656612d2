import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Rfc3339, StringEnum } from '../contract/schemas.js';

export const NODE_STATES = ['active', 'draining', 'stopped'] as const;

export const NodeSchema = Type.Object(
  {
    id: Type.String(),
    url: Nullable(Type.String({ description: 'How peers reach it (HELDAR_NODE_URL); null: not set.' })),
    state: StringEnum(NODE_STATES, { description: 'active: records and takes cameras; draining: hands its cameras to the others and takes none; stopped: shut down cleanly.' }),
    healthy: Type.Boolean({ description: 'Its heartbeat is fresher than one lease (HELDAR_NODE_LEASE_SECONDS).' }),
    self: Type.Boolean({ description: 'The node that answered this request.' }),
    heartbeat_at: Rfc3339,
    started_at: Rfc3339,
    cameras: Type.Object({
      count: Type.Integer(),
      ids: Type.Array(Type.String(), { description: 'The cameras it holds a live lease on (records).' }),
    }),
    capacity: Type.Integer({ description: 'The most cameras it records (HELDAR_NODE_CAPACITY).' }),
    free_bytes: Nullable(Type.Integer({ description: 'Free space of its recordings volume at the last heartbeat.' })),
    total_bytes: Nullable(Type.Integer()),
    version: Nullable(Type.String()),
  },
  { $id: 'Node', title: 'Node' },
);
export type NodeDto = Static<typeof NodeSchema>;

export const NodeIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
