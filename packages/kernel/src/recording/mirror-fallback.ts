import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { EventLog } from '../events/event-log.js';
import { restoreFromMirror, type MirrorOnlySegment, type MirrorVolume } from './mirror-restore.js';
import type { HeldSegment } from './pre-roll-buffer.js';
import type { RecorderStatus } from './recorder-status.js';
import type { SegmentIndexer } from './segment-indexer.js';
import { resolveUnder, segmentRelativePath, stagingDir } from '../storage/footage-layout.js';
import type { StagedFileSalvage } from './staged-file-salvage.js';
import { writable } from './staging-volume.js';

export interface MirrorFallbackDeps {
  recordingsRoot: string;
  /** HELDAR_MIRROR_DIR, or null. */
  mirror: MirrorVolume | null;
  salvage: StagedFileSalvage;
  indexer: SegmentIndexer;
  events: EventLog;
  logger: Logger;
}

/**
 * Where one camera's ffmpeg writes: the primary volume's staging folder when it can be written; else,
 * for a mirror_enabled camera with a mirror volume, the mirror's — a failing primary must not stop the
 * mirror. Segments recorded there go straight to their place on the mirror volume (unindexed) and are
 * brought back into the primary and the index once it can be written again.
 */
export class MirrorFallback {
  /** Set while recording to the mirror volume only. */
  private active: { staging: string; root: string } | null = null;
  /** Segments recorded mirror-only, oldest first, not yet brought back. */
  private pending: MirrorOnlySegment[] = [];

  constructor(
    private readonly cameraId: string,
    private readonly deps: MirrorFallbackDeps,
    private readonly status: RecorderStatus,
    private readonly log: Logger,
  ) {}

  get primaryStaging(): string {
    return stagingDir(this.deps.recordingsRoot, this.cameraId);
  }

  /** The staging folder for the next run, or null when no volume can be written. */
  async choose(mirrorEnabled: boolean): Promise<string | null> {
    if (await writable(this.primaryStaging)) {
      this.active = null;
      return this.primaryStaging;
    }
    const root = this.deps.mirror?.root ?? null;
    if (!mirrorEnabled || root === null) return null;
    const staging = stagingDir(root, this.cameraId);
    if (!(await writable(staging))) return null;
    if (!this.active) {
      this.log.error('recorder: primary volume cannot be written; recording to the mirror volume only');
      this.status.event('recording_degraded', 'error', {
        reason: 'the primary recordings volume cannot be written; recording to the mirror volume only (not indexed)',
      });
    }
    this.active = { staging, root };
    return staging;
  }

  /** Recording mirror-only and the primary can be written again: time to go back. */
  async primaryIsBack(): Promise<boolean> {
    return this.active !== null && (await writable(this.primaryStaging));
  }

  /**
   * Back on the primary with mirror-only segments to bring back: returns the work that does it (for
   * the segment queue, after the last mirror-only segment and before the first new one), else null.
   */
  takeRestore(signal: AbortSignal): (() => Promise<void>) | null {
    if (this.active !== null || this.pending.length === 0) return null;
    const segments = this.pending;
    this.pending = [];
    return async () => {
      const deps = { recordingsRoot: this.deps.recordingsRoot, indexer: this.deps.indexer, events: this.deps.events, logger: this.log };
      const left = await restoreFromMirror(this.cameraId, segments, deps, signal);
      this.pending.unshift(...left);
    };
  }

  /** A finished segment recorded on the mirror goes to its place there; false for a primary one. */
  async place(segment: HeldSegment): Promise<boolean> {
    const mirror = this.active;
    if (!mirror || path.dirname(segment.file) !== mirror.staging) return false;
    const relative = segmentRelativePath(this.cameraId, segment.startMs);
    const target = resolveUnder(mirror.root, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(segment.file, target);
    this.pending.push({ mirrorFile: target, relative, startMs: segment.startMs, info: segment.info });
    this.status.segmentAt(segment.endMs);
    return true;
  }

  /** The salvage of the volume `dir` is on: a mirror staging file is quarantined on the mirror. */
  salvageFor(dir: string): StagedFileSalvage {
    const mirror = this.deps.mirror;
    return mirror !== null && dir === stagingDir(mirror.root, this.cameraId) ? mirror.salvage : this.deps.salvage;
  }

  /** The recordings root (primary or mirror) a staging folder belongs to. */
  rootOf(dir: string): string {
    const mirror = this.deps.mirror;
    return mirror !== null && dir === stagingDir(mirror.root, this.cameraId) ? mirror.root : this.deps.recordingsRoot;
  }
}
