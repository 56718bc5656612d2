import { randomBytes } from 'node:crypto';
import type { ArchiveState } from '../../db/schema.js';

export type { ArchiveState };

/** An evidence archive job and, once completed, its zip. */
export interface ArchiveRecord {
  id: string;
  camera_ids: string[];
  from_ms: number;
  to_ms: number;
  incident_id: number | null;
  state: ArchiveState;
  /** 0…1. */
  progress: number;
  /** The recorded footage in the range before export: what the size cap is checked against. */
  estimated_bytes: number;
  size_bytes: number | null;
  sha256: string | null;
  /** The zip's name in the archives folder, once completed. */
  filename: string | null;
  error: string | null;
  created_by: string | null;
  created_at: number;
  finished_at: number | null;
}

const ID_RE = /^arc_[0-9a-f]{32}$/;

export function newArchiveId(): string {
  return `arc_${randomBytes(16).toString('hex')}`;
}

export function isArchiveId(id: string): boolean {
  return ID_RE.test(id);
}
