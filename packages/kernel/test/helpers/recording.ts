import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SegmentRow } from '../../src/db/schema.js';
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

export async function eventsOf(kernel: TestKernel, cameraId: string, kind?: string) {
  let q = kernel.db.selectFrom('events').selectAll().where('camera_id', '=', cameraId);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('id').execute();
}
