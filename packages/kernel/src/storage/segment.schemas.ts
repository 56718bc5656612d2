import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Rfc3339 } from '../contract/schemas.js';
import type { SegmentSummary } from './segment.repository.js';
import { toRfc3339 } from '../time.js';

export const SegmentSchema = Type.Object(
  {
    id: Type.Integer(),
    camera_id: Type.String(),
    start_time: Rfc3339,
    end_time: Rfc3339,
    duration_s: Type.Number(),
    codec: Type.String(),
    width: Nullable(Type.Integer()),
    height: Nullable(Type.Integer()),
    size_bytes: Type.Integer(),
  },
  { $id: 'Segment', title: 'Segment' },
);
export type SegmentDto = Static<typeof SegmentSchema>;

export function toSegmentDto(row: SegmentSummary): SegmentDto {
  return {
    id: row.id,
    camera_id: row.camera_id,
    start_time: toRfc3339(row.start_ms),
    end_time: toRfc3339(row.end_ms),
    duration_s: row.duration_ms / 1000,
    codec: row.codec,
    width: row.width,
    height: row.height,
    size_bytes: row.size_bytes,
  };
}
