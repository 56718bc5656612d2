import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { FreeSpaceFloor } from '../config.js';
import type { FootageDeleter } from './footage-deleter.js';
import { isDayFolder, isHourFolder, listDirs, parseSegmentName } from './footage-layout.js';
import type { IncidentHold, IncidentRepository } from './incident.repository.js';
import type { StoragePressure } from './storage-pressure.js';
import { floorBytes, type VolumeStatsFn } from './volume-stats.js';

const DAY_MS = 86_400_000;
/** A mirror file's end is not indexed; a camera we no longer know is assumed to cut segments this long. */
const UNKNOWN_SEGMENT_MS = 3_600_000;

export interface MirrorRetentionSettings {
  maxBytes: number | null;
  minFree: FreeSpaceFloor | null;
}

export interface MirrorSweepReport {
  deletedAge: number;
  deletedSpace: number;
  bytesFreed: number;
  failed: number;
  /** Bytes of segment files on the mirror after the sweep. */
  bytes: number;
  files: number;
}

interface HourFolder {
  /** `<camera>/<YYYY-MM-DD>/<HH>` */
  key: string;
  cameraId: string;
  /** `YYYY-MM-DD/HH` */
  hour: string;
  mtimeMs: number;
  bytes: number;
  files: number;
}

interface MirrorFile {
  relative: string;
  cameraId: string;
  startMs: number;
  size: number;
  folder: HourFolder;
}

/**
 * Retention for the mirror volume (HELDAR_MIRROR_DIR). The mirror is not indexed — it is a cold copy
 * written by the mirror copier under the same relative paths — so this walks its folders: hour
 * folders are cached by their modification time, so a sweep re-reads only the folders that changed
 * (the newest hours), not years of files. Rules: a camera's `retention_days` applies to its copies
 * too (an age limit is usually a legal maximum), then the mirror's own byte budget and free-space
 * floor delete the oldest copies across cameras. Footage held by an open incident is kept here as
 * well. It only ever deletes under the mirror root and refuses to run when that overlaps the
 * recordings root.
 */
export class MirrorRetention {
  private readonly folders = new Map<string, HourFolder>();
  private readonly overlap: string | null;
  private overlapLogged = false;
  private scanned = false;

  constructor(
    private readonly mirrorRoot: string,
    recordingsRoot: string,
    private readonly settings: MirrorRetentionSettings,
    private readonly cameras: CameraRepository,
    private readonly incidents: IncidentRepository,
    private readonly volumeStats: VolumeStatsFn,
    private readonly pressure: StoragePressure,
    private readonly footage: FootageDeleter,
    private readonly logger: Logger,
  ) {
    this.overlap = overlaps(path.resolve(mirrorRoot), path.resolve(recordingsRoot));
  }

  /** Bytes and files of segment copies on the mirror, as of the last sweep (null before the first). */
  lastUsage(): { bytes: number; files: number } | null {
    return this.scanned ? this.usage() : null;
  }

  private usage(): { bytes: number; files: number } {
    let bytes = 0;
    let files = 0;
    for (const f of this.folders.values()) {
      bytes += f.bytes;
      files += f.files;
    }
    return { bytes, files };
  }

  async sweep(now: number): Promise<MirrorSweepReport | null> {
    if (this.overlap !== null) {
      if (!this.overlapLogged) this.logger.error({ mirror: this.mirrorRoot }, `mirror retention disabled: ${this.overlap}`);
      this.overlapLogged = true;
      return null;
    }
    await this.scan();
    const report: MirrorSweepReport = { deletedAge: 0, deletedSpace: 0, bytesFreed: 0, failed: 0, bytes: 0, files: 0 };
    const cameras = new Map((await this.cameras.list()).map((c) => [c.id, c]));
    const holds = await this.incidents.openHolds();
    const segmentMs = (cameraId: string) => (cameras.get(cameraId)?.segment_seconds ?? UNKNOWN_SEGMENT_MS / 1000) * 1000;
    const held = (f: MirrorFile) => isHeld(holds, f.cameraId, f.startMs, f.startMs + segmentMs(f.cameraId));
    const deleted: string[] = [];

    // Age: a camera's retention_days covers its mirror copies.
    for (const camera of cameras.values()) {
      if (camera.retention_days === null) continue;
      const cutoff = now - camera.retention_days * DAY_MS;
      const old = [...this.folders.values()].filter((f) => f.cameraId === camera.id && hourStart(f.hour) < cutoff);
      for (const file of await this.filesOf(old)) {
        if (file.startMs + segmentMs(camera.id) > cutoff || held(file)) continue;
        if (await this.remove(file, report)) {
          report.deletedAge++;
          deleted.push(file.relative);
        }
      }
    }

    // Space: the mirror's byte budget and free-space floor, oldest copies first across cameras.
    const used = this.usage().bytes;
    const overBudget = this.settings.maxBytes === null ? 0 : used - this.settings.maxBytes;
    let belowFloor = 0;
    if (this.settings.minFree !== null) {
      const volume = await this.volumeStats(this.mirrorRoot);
      belowFloor = floorBytes(this.settings.minFree, volume.totalBytes) - volume.freeBytes;
    }
    const needed = Math.max(overBudget, belowFloor);
    let freed = 0;
    if (needed > 0) {
      const byHour = new Map<string, HourFolder[]>();
      for (const f of this.folders.values()) byHour.set(f.hour, [...(byHour.get(f.hour) ?? []), f]);
      outer: for (const hour of [...byHour.keys()].sort()) {
        const files = (await this.filesOf(byHour.get(hour)!)).sort((a, b) => a.startMs - b.startMs);
        for (const file of files) {
          if (freed >= needed) break outer;
          if (held(file)) continue;
          if (await this.remove(file, report)) {
            freed += file.size;
            report.deletedSpace++;
            deleted.push(file.relative);
          }
        }
      }
    }
    await this.judge('mirror_bytes', overBudget, freed, holds);
    await this.judge('mirror_free_space', belowFloor, freed, holds);

    await this.footage.pruneEmptyFolders('mirror', deleted, now).catch((e: unknown) => {
      this.logger.warn({ err: e }, 'mirror retention: could not remove an empty folder');
    });
    Object.assign(report, this.usage());
    return report;
  }

  private async judge(budget: 'mirror_bytes' | 'mirror_free_space', needed: number, freed: number, holds: IncidentHold[]): Promise<void> {
    if (needed <= 0 || freed >= needed) {
      await this.pressure.clear(budget);
      return;
    }
    await this.pressure.report(budget, {
      budget,
      volume: 'mirror',
      cameraId: null,
      neededBytes: needed - freed,
      details: { reason: holds.length > 0 ? 'held' : 'nothing_left_to_delete', open_incidents: [...new Set(holds.map((h) => h.incidentId))] },
    });
  }

  /** Deletes one copy (through the storage's one deleter); a copy already gone counts as deleted. */
  private async remove(file: MirrorFile, report: MirrorSweepReport): Promise<boolean> {
    const removal = await this.footage.removeMirrorCopies([file.relative]);
    if (!removal.gone.has(file.relative)) {
      report.failed++;
      this.logger.warn({ error: removal.failed[0]?.error, file: file.relative }, 'mirror retention: could not delete a copy');
      return false;
    }
    file.folder.bytes -= file.size;
    file.folder.files--;
    // Our own unlink changed the folder's mtime: read it again next time rather than trust the sums.
    file.folder.mtimeMs = -1;
    report.bytesFreed += file.size;
    return true;
  }

  /** Refreshes the per-hour-folder sums, re-reading only folders whose mtime changed. */
  private async scan(): Promise<void> {
    const seen = new Set<string>();
    for (const cameraId of await listDirs(this.mirrorRoot)) {
      if (cameraId.startsWith('.')) continue;
      for (const day of await listDirs(path.join(this.mirrorRoot, cameraId))) {
        if (!isDayFolder(day)) continue;
        for (const hour of await listDirs(path.join(this.mirrorRoot, cameraId, day))) {
          if (!isHourFolder(hour)) continue;
          const key = `${cameraId}/${day}/${hour}`;
          seen.add(key);
          // stat before reading: a file added meanwhile changes the mtime, so the next scan re-reads.
          const info = await stat(path.join(this.mirrorRoot, key)).catch(() => null);
          if (info === null) continue;
          const cached = this.folders.get(key);
          if (cached !== undefined && cached.mtimeMs === info.mtimeMs) continue;
          const folder: HourFolder = { key, cameraId, hour: `${day}/${hour}`, mtimeMs: info.mtimeMs, bytes: 0, files: 0 };
          for (const file of await this.readFolder(folder)) {
            folder.bytes += file.size;
            folder.files++;
          }
          this.folders.set(key, folder);
        }
      }
    }
    for (const key of [...this.folders.keys()]) if (!seen.has(key)) this.folders.delete(key);
    this.scanned = true;
  }

  private async filesOf(folders: readonly HourFolder[]): Promise<MirrorFile[]> {
    const out: MirrorFile[] = [];
    for (const folder of [...folders].sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0))) out.push(...(await this.readFolder(folder)));
    return out;
  }

  /** Segment copies in a folder (not `*.tmp` copies in progress, not foreign files), oldest first. */
  private async readFolder(folder: HourFolder): Promise<MirrorFile[]> {
    const dir = path.join(this.mirrorRoot, folder.key);
    const names = await readdir(dir).catch(() => [] as string[]);
    const out: MirrorFile[] = [];
    for (const name of names) {
      const startMs = parseSegmentName(name);
      if (startMs === null) continue;
      const info = await stat(path.join(dir, name)).catch(() => null);
      if (info === null || !info.isFile()) continue;
      out.push({ relative: `${folder.key}/${name}`, cameraId: folder.cameraId, startMs, size: info.size, folder });
    }
    return out.sort((a, b) => a.startMs - b.startMs);
  }
}

function isHeld(holds: readonly IncidentHold[], cameraId: string, startMs: number, endMs: number): boolean {
  return holds.some((h) => h.cameraId === cameraId && h.fromMs < endMs && h.toMs > startMs);
}

function hourStart(hour: string): number {
  return Date.parse(`${hour.slice(0, 10)}T${hour.slice(11, 13)}:00:00Z`);
}

/** Why the two roots must not be used together, or null when they are separate trees. */
function overlaps(mirror: string, recordings: string): string | null {
  if (mirror === recordings) return 'HELDAR_MIRROR_DIR is the recordings folder itself';
  if (recordings.startsWith(mirror + path.sep)) return 'the recordings folder lies inside HELDAR_MIRROR_DIR';
  if (mirror.startsWith(recordings + path.sep)) return 'HELDAR_MIRROR_DIR lies inside the recordings folder';
  return null;
}
