import { access, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EventKind } from '../src/events/event-kinds.js';
import { EventRepository } from '../src/events/event.repository.js';
import type { HeldarEvent } from '../src/events/event.types.js';
import { segmentRelativePath } from '../src/storage/footage-layout.js';
import type { VolumeStatsFn } from '../src/storage/volume-stats.js';
import { addCamera } from './helpers/recording.js';
import type { TestKernel } from './helpers/test-kernel.js';

/** Synthetic footage for storage tests: index rows plus small files, no ffmpeg (retention only reads rows and unlinks files). */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** A fixed "now" for tests on a ManualClock. */
export const NOW = Date.parse('2026-03-01T12:00:00Z');

export interface SyntheticSegment {
  id: number;
  cameraId: string;
  path: string;
  start: number;
  end: number;
  size: number;
}

/** A camera that never records here (the recorder is off in these tests). */
export async function addStillCamera(kernel: TestKernel, id: string, extra: Record<string, unknown> = {}): Promise<void> {
  await addCamera(kernel, { id, name: id, stream_url: 'rtsp://127.0.0.1:9/none', segment_seconds: 10, record_enabled: false, ...extra });
}

/**
 * `count` back-to-back segments of a camera from `start`, each `durationMs` long and `size` bytes,
 * as index rows and (unless `files: false`) files of exactly that size.
 */
export async function addSegments(
  kernel: TestKernel,
  cameraId: string,
  opts: { count: number; start: number; durationMs?: number; size?: number; files?: boolean },
): Promise<SyntheticSegment[]> {
  const durationMs = opts.durationMs ?? 10_000;
  const size = opts.size ?? 1000;
  const out: SyntheticSegment[] = [];
  for (let i = 0; i < opts.count; i++) {
    const start = opts.start + i * durationMs;
    const relative = segmentRelativePath(cameraId, start);
    if (opts.files !== false) {
      const file = path.join(kernel.config.recordingsDir, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, Buffer.alloc(size, 7));
    }
    const id = await kernel.segments.insert({
      camera_id: cameraId,
      path: relative,
      start_ms: start,
      end_ms: start + durationMs,
      duration_ms: durationMs,
      codec: 'h264',
      codecs: 'avc1.42c01e',
      width: 320,
      height: 240,
      size_bytes: size,
      container: 'fmp4',
      init_size: null,
      fragments: null,
      created_at: start + durationMs,
    });
    out.push({ id, cameraId, path: relative, start, end: start + durationMs, size });
  }
  return out;
}

/** Ids of a camera's index rows, oldest first (marked rows included). */
export async function rowIds(kernel: TestKernel, cameraId?: string): Promise<number[]> {
  let q = kernel.db.selectFrom('segments').select('id').orderBy('start_ms').orderBy('id');
  if (cameraId !== undefined) q = q.where('camera_id', '=', cameraId);
  return (await q.execute()).map((r) => r.id);
}

export async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

export async function fileOf(kernel: TestKernel, segment: SyntheticSegment): Promise<boolean> {
  return exists(path.join(kernel.config.recordingsDir, segment.path));
}

/** Total size of the regular files under a folder. */
export async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    const info = await stat(path.join(entry.parentPath, entry.name)).catch(() => null);
    total += info?.size ?? 0;
  }
  return total;
}

/**
 * Pretend volumes of `capacity` bytes, one per folder asked about, each holding only what is under
 * that folder: free space goes up when retention deletes files, like a real disk's, without filling
 * a real disk.
 */
export function fakeVolumes(capacity: number): VolumeStatsFn {
  return async (folder) => ({ totalBytes: capacity, freeBytes: capacity - (await bytesUnder(folder)) });
}

/** Events of one kind, oldest first, as the kernel's event repository returns them. */
export async function eventsOfKind(kernel: TestKernel, kind: EventKind): Promise<HeldarEvent[]> {
  const events = await new EventRepository(kernel.db).find({ kind, limit: 100_000 });
  return events.sort((a, b) => a.id - b.id);
}

/** Opens an incident through the API (as the test admin). */
export async function openIncident(kernel: TestKernel, body: Record<string, unknown>): Promise<{ id: number }> {
  const res = await kernel.inject({ method: 'POST', url: '/api/incidents', payload: body });
  if (res.statusCode !== 201) throw new Error(`incident not opened: ${res.statusCode} ${res.body}`);
  return res.json<{ id: number }>();
}
