import type { CopyRecord } from './backup.repository.js';

/**
 * The manifest of one camera-day on a destination, `<camera>/<YYYY-MM-DD>/manifest.json`: every file
 * with its size, SHA-256 and recorded span, so footage can be found and checked without Heldar
 * (`sha256sum` and the list are enough).
 */
export interface DayManifest {
  format: 'heldar-backup-day/1';
  camera_id: string;
  day: string;
  files: { file: string; size_bytes: number; sha256: string; start: string; end: string }[];
}

export function dayManifest(cameraId: string, day: string, copies: readonly CopyRecord[]): DayManifest {
  const prefix = `${cameraId}/${day}/`;
  return {
    format: 'heldar-backup-day/1',
    camera_id: cameraId,
    day,
    files: copies.map((c) => ({
      file: c.path.startsWith(prefix) ? c.path.slice(prefix.length) : c.path,
      size_bytes: Number(c.size_bytes),
      sha256: c.sha256,
      start: new Date(Number(c.start_ms)).toISOString(),
      end: new Date(Number(c.end_ms)).toISOString(),
    })),
  };
}

export function manifestPath(cameraId: string, day: string): string {
  return `${cameraId}/${day}/manifest.json`;
}
