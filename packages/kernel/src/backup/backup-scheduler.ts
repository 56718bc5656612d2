import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { BackupRepository } from './backup.repository.js';
import type { BackupJobs } from './backup-jobs.js';

/**
 * Runs every enabled policy whose `every_minutes` has passed since its last run (or that never ran).
 * Checks once a minute by default; a policy with a job still open is left for the next check.
 */
export class BackupScheduler {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly repository: BackupRepository,
    private readonly jobs: BackupJobs,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.ticking ??= this.tick()
        .catch((e: unknown) => this.logger.error({ err: e }, 'backup scheduler failed'))
        .finally(() => {
          this.ticking = null;
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    const now = this.clock.now();
    for (const policy of await this.repository.policies()) {
      if (!policy.enabled) continue;
      if (policy.last_run_at !== null && now - policy.last_run_at < policy.every_minutes * 60_000) continue;
      if (await this.jobs.busy(policy.id)) continue;
      await this.jobs.enqueue(policy.id);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }
}
