import type { ZoneKind, ZoneRow, ZonesTable } from '../db/schema.js';

/** What a client sets on a zone. */
export interface ZoneFields {
  name: string;
  kind: ZoneKind;
  points: [number, number][];
  labels: string[];
  min_confidence: number;
  inertia_frames: number;
  dwell_seconds: number;
  trigger_recording: boolean;
}

/**
 * A zone as the kernel works with it: parsed points and labels, a real boolean. The zone repository
 * is the only place that sees the stored form (JSON text, 0/1).
 */
export interface Zone extends ZoneFields {
  id: number;
  camera_id: string;
  created_at: number;
  updated_at: number;
}

export function zoneFromRow(row: ZoneRow): Zone {
  return {
    id: row.id,
    camera_id: row.camera_id,
    name: row.name,
    kind: row.kind,
    points: JSON.parse(row.points) as [number, number][],
    labels: JSON.parse(row.labels) as string[],
    min_confidence: row.min_confidence,
    inertia_frames: row.inertia_frames,
    dwell_seconds: row.dwell_seconds,
    trigger_recording: row.trigger_recording === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** The stored columns for a zone's fields. */
export function zoneColumns(f: ZoneFields): Omit<ZonesTable, 'id' | 'camera_id' | 'created_at' | 'updated_at'> {
  return {
    name: f.name,
    kind: f.kind,
    points: JSON.stringify(f.points),
    labels: JSON.stringify(f.labels),
    min_confidence: f.min_confidence,
    inertia_frames: f.inertia_frames,
    dwell_seconds: f.dwell_seconds,
    trigger_recording: f.trigger_recording ? 1 : 0,
  };
}
