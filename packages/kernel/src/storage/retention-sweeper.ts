import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { Clock } from '../clock.js';
import type { FreeSpaceFloor } from '../config.js';
import type { EventPayload } from '../events/event.types.js';
import type { MirrorRetention, MirrorSweepReport } from './mirror-retention.js';
import type { BatchDeletion, DeletionOutcome, FootageDeleter } from './footage-deleter.js';
import type { RetentionRepository } from './retention.repository.js';
import type { SegmentLeases } from './segment-leases.js';
import type { PressureBudget, StoragePressure } from './storage-pressure.js';
import { floorBytes, type VolumeStatsFn } from './volume-stats.js';

const DAY_MS = 86_400_000;

/** Why a segment was deleted, in the order the rules run. */
export type RetentionRule = 'pending' | 'age' | 'camera_bytes' | 'global_bytes' | 'free_space';

/** The global limits; read at the start of every sweep, so a change (PUT /api/settings) applies to the next one. */
export interface RetentionLimits {
  maxBytes: number | null;
  minFree: FreeSpaceFloor | null;
}

export interface RetentionSettings {
  /** Segments marked per statement: small enough that a statement never holds the writer for long. */
  batchSize: number;
}

export interface SweepReport {
  at: number;
  durationMs: number;
  leasesReclaimed: number;
  deleted: Record<RetentionRule, number>;
  bytesFreed: number;
  /** Files that were already gone (harmless: their rows were removed). */
  filesMissing: number;
  /** Files that could not be deleted: their rows stay marked and are retried next sweep. */
  filesFailed: number;
  mirror: MirrorSweepReport | null;
  /** Storage pressure episodes in progress after this sweep. */
  pressure: string[];
}

export interface RetentionSweeperDeps {
  recordingsRoot: string;
  settings: RetentionSettings;
  limits: () => RetentionLimits;
  /** Usage and hold queries (read-only here: every deletion goes through `footage`). */
  retention: RetentionRepository;
  footage: FootageDeleter;
  leases: SegmentLeases;
  cameras: CameraRepository;
  volumeStats: VolumeStatsFn;
  pressure: StoragePressure;
  mirror: MirrorRetention | null;
  clock: Clock;
  logger: Logger;
  /** Where the last report is kept across restarts (SweepHistoryRepository); absent: only in memory. */
  history?: SweepHistory;
}

export interface SweepHistory {
  save(report: SweepReport): Promise<void>;
  last(): Promise<SweepReport | null>;
}

/**
 * The retention sweeper. Each sweep, in order: reclaim expired leases; finish deletions left marked
 * (a crash, a file that could not be deleted); then the rules — each camera's `retention_days`, each
 * camera's `retention_max_bytes`, the global HELDAR_RETENTION_MAX_BYTES, the free-space floor
 * HELDAR_MIN_FREE_BYTES — and the mirror volume's own limits.
 *
 * Every rule works in batches through FootageDeleter's three steps: ONE statement chooses the oldest
 * eligible segments and marks them (`deleting_at`) — leased and incident-held segments are never
 * eligible; then their files are deleted (already-missing files are fine); then their rows. Marked rows are invisible to
 * playback and export, and start-up recovery finishes a deletion a crash interrupted. A batch is a
 * few milliseconds of database work and the sweep yields between batches, so the recorder's inserts
 * (same process, same database) are never held up behind a long sweep.
 *
 * When a byte limit cannot be met because what is left is held, the sweeper does not touch held
 * footage: it logs one `storage_pressure` event per episode.
 */
export class RetentionSweeper {
  private running: Promise<SweepReport> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private last: SweepReport | null = null;
  private readonly listeners = new Set<(report: SweepReport) => void>();

  constructor(private readonly deps: RetentionSweeperDeps) {}

  /**
   * Loads the report kept by the previous run, so the last sweep is known before this run's first
   * one. A table that cannot be read only costs that: the next sweep writes a new report.
   */
  async restoreLast(): Promise<void> {
    if (this.last !== null || this.deps.history === undefined) return;
    try {
      this.last = await this.deps.history.last();
    } catch (e: unknown) {
      this.deps.logger.warn({ err: e }, 'retention: the last sweep report could not be read');
    }
  }

  /** The most recent finished sweep (this run's, or the one before the restart). */
  get lastSweep(): SweepReport | null {
    return this.last;
  }

  /** Called with each finished sweep's report (metrics count deletions from it). */
  onSwept(listener: (report: SweepReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs a sweep now (after the one in progress, if any) and resolves with its report. */
  async sweep(): Promise<SweepReport> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.run();
    try {
      const report = await this.running;
      this.last = report;
      for (const listener of this.listeners) listener(report);
      await this.keep(report);
      return report;
    } finally {
      this.running = null;
    }
  }

  /** Stores the report; a failure is logged, never turned into a failed sweep (the deletions happened). */
  private async keep(report: SweepReport): Promise<void> {
    try {
      await this.deps.history?.save(report);
    } catch (e: unknown) {
      this.deps.logger.warn({ err: e }, 'retention: the sweep report could not be stored');
    }
  }

  /** Sweeps now and then every `intervalMs` after the previous sweep ended (never two at once). */
  start(intervalMs: number): void {
    this.stopping = false;
    const tick = (): void => {
      this.timer = null;
      this.sweep()
        .catch((e: unknown) => this.deps.logger.error({ err: e }, 'retention sweep failed; retrying at the next interval'))
        .finally(() => {
          if (!this.stopping) this.timer = setTimeout(tick, intervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  /** Stops the loop; a sweep in progress stops after its current batch. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<SweepReport> {
    const { deps } = this;
    const started = performance.now();
    const now = deps.clock.now();
    const limits = deps.limits();
    const report: SweepReport = {
      at: now,
      durationMs: 0,
      leasesReclaimed: (await deps.leases.reclaimExpired()).length,
      deleted: { pending: 0, age: 0, camera_bytes: 0, global_bytes: 0, free_space: 0 },
      bytesFreed: 0,
      filesMissing: 0,
      filesFailed: 0,
      mirror: null,
      pressure: [],
    };
    const paths: string[] = [];
    const tally = (rule: RetentionRule, outcome: DeletionOutcome): void => {
      report.deleted[rule] += outcome.rows;
      report.bytesFreed += outcome.bytes;
      report.filesMissing += outcome.missing;
      report.filesFailed += outcome.failed.length;
      paths.push(...outcome.paths);
      if (outcome.failed.length > 0) {
        deps.logger.warn({ failed: outcome.failed.length, first: outcome.failed[0] }, 'retention: some files could not be deleted; their rows stay marked for a retry');
      }
    };
    // Bytes per camera, read once per sweep (only when a byte budget needs them) and kept current
    // as rows are marked: marked bytes count as freed (a failed unlink is retried next sweep).
    let usage: Map<string, number> | null = null;
    const usageByCamera = async (): Promise<Map<string, number>> => {
      if (usage === null) {
        const sums = new Map<string, number>();
        for (const camera of cameras) {
          sums.set(camera.id, (await deps.retention.usage(camera.id)).get(camera.id)?.bytes ?? 0);
          // One index-only range per camera, with a yield between: never one long block.
          await yieldToIo();
        }
        usage = sums;
      }
      return usage;
    };
    const remove = (rule: RetentionRule, batch: BatchDeletion): void => {
      for (const row of batch.marked) usage?.set(row.camera_id, (usage.get(row.camera_id) ?? 0) - row.size_bytes);
      tally(rule, batch.outcome);
    };

    tally('pending', await deps.footage.finishPending(deps.settings.batchSize));

    const cameras = await deps.cameras.list();
    for (const camera of cameras) {
      if (camera.retention_days === null) continue;
      const cutoff = now - camera.retention_days * DAY_MS;
      for (;;) {
        await yieldToIo();
        const batch = await deps.footage.deleteOlderThan(camera.id, cutoff, now, deps.settings.batchSize);
        remove('age', batch);
        if (batch.marked.length < deps.settings.batchSize || this.stopping) break;
      }
    }

    for (const camera of cameras) {
      if (camera.retention_max_bytes === null || this.stopping) continue;
      const used = (await usageByCamera()).get(camera.id) ?? 0;
      await this.enforce('camera_bytes', camera.id, used - camera.retention_max_bytes, now, remove);
    }

    if (limits.maxBytes !== null && !this.stopping) {
      let used = 0;
      for (const bytes of (await usageByCamera()).values()) used += bytes;
      await this.enforce('global_bytes', null, used - limits.maxBytes, now, remove);
    }

    if (limits.minFree !== null && !this.stopping) {
      const volume = await deps.volumeStats(deps.recordingsRoot);
      const floor = floorBytes(limits.minFree, volume.totalBytes);
      const before = { segments: report.deleted.free_space, bytes: report.bytesFreed };
      await this.enforce('free_space', null, floor - volume.freeBytes, now, remove, { free_bytes: volume.freeBytes, min_free_bytes: floor });
      await deps.pressure.floorSweep({
        segments: report.deleted.free_space - before.segments,
        bytes: report.bytesFreed - before.bytes,
        freeBytes: volume.freeBytes,
        floorBytes: floor,
      });
    }

    if (deps.mirror && !this.stopping) report.mirror = await deps.mirror.sweep(now);
    await deps.footage.pruneEmptyFolders('recordings', paths, now).catch((e: unknown) => {
      deps.logger.warn({ err: e }, 'retention: could not remove an empty recordings folder');
    });

    report.durationMs = Math.round(performance.now() - started);
    report.pressure = deps.pressure.activeKeys();
    const total = Object.values(report.deleted).reduce((a, b) => a + b, 0) + (report.mirror ? report.mirror.deletedAge + report.mirror.deletedSpace : 0);
    deps.logger[total > 0 || report.filesFailed > 0 ? 'info' : 'debug'](
      {
        deleted: report.deleted,
        bytes_freed: report.bytesFreed,
        files_missing: report.filesMissing,
        files_failed: report.filesFailed,
        leases_reclaimed: report.leasesReclaimed,
        mirror_deleted: report.mirror ? report.mirror.deletedAge + report.mirror.deletedSpace : 0,
        pressure: report.pressure,
        duration_ms: report.durationMs,
      },
      'retention sweep',
    );
    return report;
  }

  /**
   * Frees `excess` bytes from the oldest eligible segments (of a camera, or of all), batch by batch.
   * If what remains eligible is not enough, the limit stays unmet: held footage is never touched,
   * and one `storage_pressure` event reports the episode.
   */
  private async enforce(
    budget: Extract<PressureBudget, 'camera_bytes' | 'global_bytes' | 'free_space'>,
    cameraId: string | null,
    excess: number,
    now: number,
    remove: (rule: RetentionRule, batch: BatchDeletion) => void,
    context: EventPayload = {},
  ): Promise<void> {
    const key = cameraId === null ? budget : `${budget}:${cameraId}`;
    let remaining = excess;
    while (remaining > 0 && !this.stopping) {
      const batch = await this.deps.footage.deleteOldestBytes(cameraId, remaining, now, this.deps.settings.batchSize);
      remaining -= batch.marked.reduce((sum, r) => sum + r.size_bytes, 0);
      remove(budget, batch);
      if (batch.marked.length < this.deps.settings.batchSize) break;
      await yieldToIo();
    }
    if (remaining <= 0) {
      await this.deps.pressure.clear(key);
      return;
    }
    if (this.stopping) return;
    const incidents = await this.deps.retention.openIncidentIds(cameraId);
    const leases = await this.deps.retention.activeLeases(cameraId, now);
    await this.deps.pressure.report(key, {
      budget,
      volume: 'recordings',
      cameraId,
      neededBytes: remaining,
      details: {
        reason: incidents.length > 0 || leases > 0 ? 'held' : 'nothing_left_to_delete',
        open_incidents: incidents,
        active_leases: leases,
        ...context,
      },
    });
  }
}
