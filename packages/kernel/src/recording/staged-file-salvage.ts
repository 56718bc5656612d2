import { mkdir, rename, rm, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { EventLog } from '../events/event-log.js';
import { Fmp4FormatError } from '../mp4/index.js';
import { inspectSegment, type InspectedSegment } from './segment-inspector.js';
import { parseStagingName, quarantineDir } from '../storage/footage-layout.js';

/** What became of a file left in staging that ffmpeg never reported as finished. */
export type SalvageOutcome =
  | { kind: 'keep'; info: InspectedSegment; startMs: number }
  | { kind: 'removed'; reason: string }
  | { kind: 'quarantined'; reason: string; to: string };

/** Decides whether a repaired file really plays (production: ffmpeg decodes it; tests may pass a stub). */
export type DecodeCheck = (file: string) => Promise<boolean>;

/**
 * Makes the best of a segment file ffmpeg did not finish (it was killed, or Heldar crashed): a file
 * with complete fragments is cut back to its last complete fragment and kept if it decodes; a file
 * with no complete fragment (or nothing at all) holds no footage and is removed; anything unreadable is quarantined
 * (moved to `recordings/.quarantine/<camera>/`) for a person to look at, never silently deleted.
 * The files it removes are staging files, not indexed recordings: indexed footage is only ever deleted
 * by storage's FootageDeleter.
 */
export class StagedFileSalvage {
  constructor(
    private readonly recordingsRoot: string,
    private readonly decodes: DecodeCheck,
    private readonly events: EventLog,
    private readonly logger: Logger,
  ) {}

  async salvage(cameraId: string, file: string): Promise<SalvageOutcome> {
    const size = await stat(file).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) return { kind: 'removed', reason: 'already gone' };
    if (size === 0) {
      // ffmpeg created it and could write nothing (a full volume): no footage, nothing to look at.
      await rm(file, { force: true });
      return { kind: 'removed', reason: 'empty' };
    }
    let info: InspectedSegment;
    try {
      info = await inspectSegment(file);
    } catch (e: unknown) {
      if (e instanceof Fmp4FormatError && e.code === 'truncated-init') {
        await rm(file, { force: true });
        return { kind: 'removed', reason: 'ended before its first fragment' };
      }
      if (isMissing(e)) return { kind: 'removed', reason: 'already gone' };
      return this.quarantine(cameraId, file, e instanceof Error ? e.message : String(e));
    }
    if (info.fragmentCount === 0 || info.durationMs === 0) {
      await rm(file, { force: true });
      return { kind: 'removed', reason: 'no complete fragment' };
    }
    if (info.truncated) {
      const keep = (await stat(file)).size - trailingPartial(info);
      await truncate(file, keep);
      info = await inspectSegment(file);
      if (!(await this.decodes(file))) return this.quarantine(cameraId, file, 'does not decode after repair');
      await this.events.log(cameraId, 'segment_repaired', 'warning', {
        file: path.basename(file),
        kept_seconds: info.durationMs / 1000,
      });
    }
    const named = parseStagingName(path.basename(file));
    const startMs = info.prftStartMs ?? named ?? (await stat(file)).mtimeMs - info.durationMs;
    return { kind: 'keep', info, startMs: Math.round(startMs) };
  }

  private async quarantine(cameraId: string, file: string, reason: string): Promise<SalvageOutcome> {
    const dir = quarantineDir(this.recordingsRoot, cameraId);
    await mkdir(dir, { recursive: true });
    const to = path.join(dir, path.basename(file));
    await rename(file, to);
    this.logger.warn({ camera_id: cameraId, file: to, reason }, 'segment quarantined');
    await this.events.log(cameraId, 'segment_quarantined', 'warning', { file: path.basename(file), reason });
    return { kind: 'quarantined', reason, to };
  }
}

/** Bytes after the last complete fragment that belong to a cut-off one (not ffmpeg's trailing mfra). */
function trailingPartial(info: InspectedSegment): number {
  return info.truncated ? info.trailingBytes : 0;
}

function isMissing(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ENOENT';
}
