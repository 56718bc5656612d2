import { expect } from 'vitest';
import { waitFor, type TestKernel } from './helpers/test-kernel.js';

/** Backup API calls shared by the backup tests. */

export interface JobJson {
  id: string;
  state: string;
  files_total: number;
  files_done: number;
  files_skipped: number;
  bytes_total: number;
  bytes_done: number;
  resent: number;
  error: string | null;
}

export async function createDestination(kernel: TestKernel, body: Record<string, unknown>): Promise<{ id: string } & Record<string, unknown>> {
  const res = await kernel.inject({ method: 'POST', url: '/api/backup/destinations', payload: { name: 'Off-site', ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function createPolicy(kernel: TestKernel, destinationId: string, body: Record<string, unknown> = {}): Promise<{ id: string }> {
  const res = await kernel.inject({ method: 'POST', url: '/api/backup/policies', payload: { name: 'Nightly', destination_id: destinationId, every_minutes: 60, look_back_hours: 8760, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function startJob(kernel: TestKernel, policyId: string, body: Record<string, unknown> = {}): Promise<JobJson> {
  const res = await kernel.inject({ method: 'POST', url: `/api/backup/policies/${policyId}/run`, payload: body });
  expect(res.statusCode, res.body).toBe(202);
  return res.json<JobJson>();
}

export async function jobOf(kernel: TestKernel, id: string): Promise<JobJson> {
  return (await kernel.inject({ method: 'GET', url: `/api/backup/jobs/${id}` })).json<JobJson>();
}

/** Runs a policy and waits until its job has ended; returns the ended job. */
export async function runJob(kernel: TestKernel, policyId: string, body: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<JobJson> {
  const job = await startJob(kernel, policyId, body);
  return waitFor(
    `backup job ${job.id} to end`,
    async () => {
      const now = await jobOf(kernel, job.id);
      return ['completed', 'failed', 'cancelled'].includes(now.state) && now;
    },
    timeoutMs,
  );
}
