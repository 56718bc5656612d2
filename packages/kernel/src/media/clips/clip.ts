import type { ClipRow, ClipsTable } from '../../db/schema.js';
import type { Interval } from '../coverage.js';
import type { ExportMethod } from './manifest.js';

/** One MP4 of a clip (a clip has several only when the codec configuration changed mid-range). */
export interface ClipFileRecord {
  filename: string;
  size_bytes: number;
  sha256: string;
  from_ms: number;
  to_ms: number;
}

/**
 * A clip export as the kernel works with it: gaps as intervals, files as records. The clip repository
 * is the only place that sees the stored JSON text.
 */
export interface ClipRecord {
  id: string;
  camera_id: string;
  from_ms: number;
  to_ms: number;
  covered_ms: number;
  gaps: Interval[];
  method: ExportMethod;
  files: ClipFileRecord[];
  manifest_filename: string;
  size_bytes: number;
  segment_count: number;
  exported_by: string | null;
  created_at: number;
}

export function clipFromRow(row: ClipRow): ClipRecord {
  const gaps = JSON.parse(row.gaps) as { from_ms: number; to_ms: number }[];
  return {
    ...row,
    method: row.method as ExportMethod,
    gaps: gaps.map((g) => ({ from: g.from_ms, to: g.to_ms })),
    files: JSON.parse(row.files) as ClipFileRecord[],
  };
}

export function newClipRow(clip: ClipRecord): ClipsTable {
  return {
    ...clip,
    gaps: JSON.stringify(clip.gaps.map((g) => ({ from_ms: g.from, to_ms: g.to }))),
    files: JSON.stringify(clip.files),
  };
}
