import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SegmentRow } from '../../src/db/schema.js';
import type { EventKind } from '../../src/events/event-kinds.js';
import { EventRepository } from '../../src/events/event.repository.js';
import type { HeldarEvent } from '../../src/events/event.types.js';
import type { TestKernel } from './test-kernel.js';

export async function segmentsOf(kernel: TestKernel, cameraId: string): Promise<SegmentRow[]> {
  return kernel.db.selectFrom('segments').selectAll().where('camera_id', '=', cameraId).orderBy('start_ms').execute();
}

export async function stagedFiles(kernel: TestKernel, cameraId: string): Promise<string[]> {
  return readdir(path.join(kernel.config.recordingsDir, '.staging', cameraId)).catch(() => []);
}

export async function addCamera(kernel: TestKernel, body: Record<string, unknown>): Promise<void> {
  const res = await kernel.inject({ method: 'POST', url: '/api/cameras', payload: body });
  if (res.statusCode !== 201) throw new Error(`camera not created: ${res.statusCode} ${res.body}`);
}

/** A camera's events (of one kind), oldest first, as the kernel's event repository returns them. */
export async function eventsOf(kernel: TestKernel, cameraId: string, kind?: EventKind): Promise<HeldarEvent[]> {
  const events = await new EventRepository(kernel.db).find({ camera_id: cameraId, kind, limit: 100_000 });
  return events.sort((a, b) => a.id - b.id);
}
