import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { Conflict, NotFound } from '../errors.js';
import type { EventLog } from '../events/event-log.js';
import type { SegmentLeases } from '../storage/segment-leases.js';
import { toRfc3339OrNull, toRfc3339 } from '../time.js';
import type { Job, JobState } from './backup.js';
import type { BackupRepository } from './backup.repository.js';
import type { JobDto } from './backup.schemas.js';
import { runBackupJob, type JobRunDeps } from './job-run.js';

export interface BackupJobsDeps extends Omit<JobRunDeps, 'progress'> {
  repository: BackupRepository;
  events: EventLog;
  clock: Clock;
  logger: Logger;
  leases: SegmentLeases;
  /** A job running longer is cancelled and marked failed. */
  jobTimeoutMs: number;
  /** Jobs running at once; more wait as `pending`. */
  maxRunning: number;
  /** Where database copies are written before upload. */
  scratchDir: string;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

const PROGRESS_EVERY_MS = 5000;

/**
 * Backup jobs: a queue of at most `maxRunning` at once (the rest `pending`, in order), cancel, a
 * timeout, and the event-stream reports. The copy itself is job-run.ts. A job left `running` or
 * `pending` by a stopped process is marked failed at start; the next run copies only what is missing.
 */
export class BackupJobs {
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(private readonly deps: BackupJobsDeps) {}

  async recover(): Promise<void> {
    for (const job of await this.deps.repository.jobsIn(['pending', 'running'])) {
      await this.deps.repository.updateJob(job.id, { state: 'failed', error: 'interrupted: Heldar stopped during the job; the next run copies what is missing', finished_at: this.deps.clock.now() });
    }
  }

  /** Queues a run of a policy. Refused while the same policy already has a job waiting or running. */
  async enqueue(policyId: string, options: { verifyAll?: boolean } = {}): Promise<JobDto> {
    const policy = await this.deps.repository.policy(policyId);
    if (!policy) throw new NotFound(`backup policy ${policyId} not found`);
    const open = (await this.deps.repository.jobsIn(['pending', 'running'])).find((j) => j.policy_id === policyId);
    if (open) throw new Conflict(`backup policy ${policyId} already has job ${open.id} ${open.state}`);
    const job: Job = {
      id: `bkj_${randomBytes(8).toString('hex')}`,
      policy_id: policyId,
      destination_id: policy.destination_id,
      state: 'pending',
      files_total: 0,
      files_done: 0,
      files_skipped: 0,
      bytes_total: 0,
      bytes_done: 0,
      resent: 0,
      error: null,
      created_at: this.deps.clock.now(),
      started_at: null,
      finished_at: null,
    };
    await this.deps.repository.insertJob(job);
    await this.deps.repository.markPolicyRun(policyId, job.created_at);
    this.verifyAll.set(job.id, options.verifyAll === true);
    await this.pump();
    return this.get(job.id);
  }

  private readonly verifyAll = new Map<string, boolean>();

  async get(id: string): Promise<JobDto> {
    const job = await this.deps.repository.job(id);
    if (!job) throw new NotFound(`backup job ${id} not found`);
    return jobDto(job);
  }

  async list(limit: number, policyId?: string): Promise<JobDto[]> {
    return (await this.deps.repository.jobs(limit, policyId)).map(jobDto);
  }

  /** Cancels a waiting or running job; what it copied stays recorded (the next run skips it). */
  async cancel(id: string): Promise<JobDto> {
    const job = await this.deps.repository.job(id);
    if (!job) throw new NotFound(`backup job ${id} not found`);
    if (job.state === 'pending') {
      await this.finish(job, 'cancelled', 'cancelled by a user');
    } else if (job.state === 'running') {
      const run = this.running.get(id);
      run?.controller.abort(new JobStop('cancelled', 'cancelled by a user'));
      await run?.done;
    } else {
      throw new Conflict(`backup job ${id} is already ${job.state}`);
    }
    return this.get(id);
  }

  /** Whether a policy has a job waiting or running (the scheduler does not queue a second). */
  async busy(policyId: string): Promise<boolean> {
    return (await this.deps.repository.jobsIn(['pending', 'running'])).some((j) => j.policy_id === policyId);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const run of this.running.values()) run.controller.abort(new JobStop('failed', 'interrupted: Heldar stopped during the job; the next run copies what is missing'));
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private async pump(): Promise<void> {
    if (this.stopping) return;
    for (const job of await this.deps.repository.jobsIn(['pending'])) {
      if (this.running.size >= this.deps.maxRunning) return;
      if (this.running.has(job.id)) continue;
      this.launch(job);
    }
  }

  private launch(job: Job): void {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new JobStop('failed', `timed out after ${Math.round(this.deps.jobTimeoutMs / 60_000)} min`)), this.deps.jobTimeoutMs);
    const entry: Running = { controller, done: Promise.resolve() };
    this.running.set(job.id, entry);
    entry.done = this.execute(job, controller.signal)
      .catch((e: unknown) => this.deps.logger.error({ err: e, job: job.id }, 'backup job bookkeeping failed'))
      .finally(() => {
        clearTimeout(timer);
        this.running.delete(job.id);
        this.verifyAll.delete(job.id);
        void this.pump().catch((e: unknown) => this.deps.logger.error({ err: e }, 'backup queue failed'));
      });
  }

  private async execute(job: Job, signal: AbortSignal): Promise<void> {
    const started = this.deps.clock.now();
    await this.deps.repository.updateJob(job.id, { state: 'running', started_at: started });
    let current: Job = { ...job, state: 'running', started_at: started };
    let lastEvent = 0;
    const progress = async (patch: Partial<Job>): Promise<void> => {
      current = { ...current, ...patch };
      await this.deps.repository.updateJob(job.id, patch);
      const now = this.deps.clock.now();
      if (now - lastEvent < PROGRESS_EVERY_MS) return;
      lastEvent = now;
      await this.deps.events.log(null, 'backup_job_progress', 'info', {
        job_id: job.id,
        policy_id: job.policy_id,
        destination_id: job.destination_id,
        files_total: current.files_total,
        files_done: current.files_done,
        files_skipped: current.files_skipped,
        bytes_total: current.bytes_total,
        bytes_done: current.bytes_done,
      });
    };
    const scratch = path.join(this.deps.scratchDir, job.id);
    try {
      await mkdir(scratch, { recursive: true, mode: 0o700 });
      await runBackupJob(job, { ...this.deps, scratchDir: scratch, progress }, this.verifyAll.get(job.id) === true, signal);
      current = { ...current, ...(await this.deps.repository.job(job.id)) };
      await this.finish(current, 'completed', null);
    } catch (e: unknown) {
      current = { ...current, ...(await this.deps.repository.job(job.id)) };
      const stop = signal.reason instanceof JobStop ? signal.reason : null;
      if (stop) await this.finish(current, stop.state, stop.message);
      else {
        this.deps.logger.warn({ err: e, job: job.id }, 'backup job failed');
        await this.finish(current, 'failed', e instanceof Error ? e.message : String(e));
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  private async finish(job: Job, state: JobState, error: string | null): Promise<void> {
    await this.deps.repository.updateJob(job.id, { state, error, finished_at: this.deps.clock.now() });
    const severity = state === 'completed' ? 'info' : state === 'cancelled' ? 'warning' : 'error';
    await this.deps.events.log(null, 'backup_job_done', severity, {
      job_id: job.id,
      policy_id: job.policy_id,
      destination_id: job.destination_id,
      state,
      files_done: job.files_done,
      files_skipped: job.files_skipped,
      bytes_done: job.bytes_done,
      resent: job.resent,
      error,
    });
  }
}

/** Why a job's signal was aborted: by a user (cancelled), the timeout or shutdown (failed). */
class JobStop extends Error {
  constructor(
    readonly state: 'cancelled' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'JobStop';
  }
}

export function jobDto(job: Job): JobDto {
  return {
    ...job,
    files_total: Number(job.files_total),
    files_done: Number(job.files_done),
    files_skipped: Number(job.files_skipped),
    bytes_total: Number(job.bytes_total),
    bytes_done: Number(job.bytes_done),
    resent: Number(job.resent),
    created_at: toRfc3339(job.created_at),
    started_at: toRfc3339OrNull(job.started_at),
    finished_at: toRfc3339OrNull(job.finished_at),
  };
}
