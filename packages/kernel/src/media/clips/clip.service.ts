import { mkdir, readdir, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Camera } from '../../cameras/camera.js';
import type { Clock } from '../../clock.js';
import { BadRequest, NotFound, ServiceUnavailable } from '../../errors.js';
import type { EventLog } from '../../events/event-log.js';
import { resolveUnder } from '../../storage/footage-layout.js';
import type { SegmentLeases } from '../../storage/segment-leases.js';
import { toRfc3339 } from '../../time.js';
import { coverage } from '../coverage.js';
import { clipIdOfFile, manifestFilename, newClipId } from './clip-id.js';
import type { SourceSegment } from './clip-plan.js';
import { ClipExporter, NoFootageError, type ExportOutput } from './clip-exporter.js';
import type { ClipSources } from './clip-sources.js';
import type { ClipRecord } from './clip.js';
import type { ClipRepository } from './clip.repository.js';
import type { HashThread } from '../../hash-thread.js';
import { MANIFEST_FORMAT, signManifest, type ClipManifest } from './manifest.js';
import type { ServerKey } from './server-key.js';
import type { SourceFiles } from './source-files.js';

export interface ClipSettings {
  clipsDir: string;
  ffmpegBin: string;
  timeoutMs: number;
  kernelVersion: string;
}

export interface ClipServiceDeps {
  settings: ClipSettings;
  clips: ClipRepository;
  /** The range checks, its segment rows and, once leased, their files. */
  sources: ClipSources;
  leases: SegmentLeases;
  events: Pick<EventLog, 'log'>;
  /** The signing key, loaded (or generated) on first use. */
  key: () => Promise<ServerKey>;
  files: SourceFiles;
  /** Hashes clips as they are written, on a second thread. */
  hasher: HashThread;
  clock: Clock;
  logger: Logger;
}

export interface ExportRequest {
  cameraId: string;
  from: number;
  to: number;
  /** Name of the signed-in user or API key; null when unknown. */
  exporter: string | null;
}

/** Leases outlive the export's own deadline by this much, so they never lapse while it still runs. */
const LEASE_MARGIN_MS = 60_000;

class ExportTimeout extends Error {
  override name = 'ExportTimeout';
}

/**
 * Clip export (after clip_v2 of the Rust original, docs/reference.md): validation and messages as there, the overlapping
 * segments leased for the whole export (refcounted, so retention cannot delete them mid-export and two
 * exports never release each other's hold), a deadline that aborts the work, partial files removed on
 * every failure; beyond it, the clip's SHA-256 and a signed manifest. Also listing, lookup, deletion and
 * the file lookup for /media/clips.
 */
export class ClipService {
  private readonly exporter: ClipExporter;
  private readonly running = new Map<AbortController, Promise<unknown>>();
  /** Ids of exports in progress: their files are not orphans, whatever the sweep finds. */
  private readonly activeIds = new Set<string>();
  private stopping = false;

  constructor(private readonly deps: ClipServiceDeps) {
    this.exporter = new ClipExporter({
      clipsDir: deps.settings.clipsDir,
      ffmpegBin: deps.settings.ffmpegBin,
      files: deps.files,
      hasher: deps.hasher,
      hashes: { get: (ids) => deps.clips.segmentHashes(ids), save: (hashes) => deps.clips.saveSegmentHashes(hashes, deps.clock.now()) },
      logger: deps.logger,
    });
  }

  async export(request: ExportRequest): Promise<ClipRecord> {
    const { camera, rows } = await this.deps.sources.range(request.cameraId, request.from, request.to);
    if (this.stopping) throw new ServiceUnavailable('the server is shutting down; try the export again');

    const id = newClipId();
    this.activeIds.add(id);
    const controller = new AbortController();
    const work = this.deps.leases.withLease(`clip:${id}`, rows.map((r) => r.id), this.deps.settings.timeoutMs + LEASE_MARGIN_MS, async (lease) => {
      // Segments retention marked or removed between the query and the lease were refused: they are gone.
      const sources = await this.deps.sources.leased(rows, lease);
      return this.produce(id, camera, request, sources, controller);
    });
    this.running.set(controller, work);
    try {
      return await work;
    } finally {
      this.running.delete(controller);
      this.activeIds.delete(id);
    }
  }

  private async produce(id: string, camera: Camera, request: ExportRequest, sources: SourceSegment[], controller: AbortController): Promise<ClipRecord> {
    const { settings } = this.deps;
    const timeoutS = settings.timeoutMs / 1000;
    const timer = setTimeout(() => controller.abort(new ExportTimeout(`clip export timed out after ${timeoutS}s`)), settings.timeoutMs);
    const created: string[] = [];
    const startedAt = performance.now();
    let record: ClipRecord;
    try {
      await mkdir(settings.clipsDir, { recursive: true });
      const output = await this.exporter.run({ id, from: request.from, to: request.to, sources, signal: controller.signal, created });
      const cover = coverage(sources, request.from, request.to);
      record = {
        id,
        camera_id: camera.id,
        from_ms: request.from,
        to_ms: request.to,
        covered_ms: cover.coveredMs,
        gaps: cover.gaps,
        method: output.method,
        files: output.files,
        manifest_filename: manifestFilename(id),
        size_bytes: output.files.reduce((n, f) => n + f.size_bytes, 0),
        segment_count: output.sources.length,
        exported_by: request.exporter,
        created_at: this.deps.clock.now(),
      };
      const manifest = signManifest(this.manifestBody(record, camera, output), await this.deps.key());
      await this.writeManifest(record, manifest, created);
      controller.signal.throwIfAborted();
      await this.deps.clips.insert(record);
    } catch (e: unknown) {
      await this.removeFiles(created);
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
      if (reason instanceof ExportTimeout) {
        this.deps.logger.warn({ clip_id: id, camera_id: camera.id, timeout_s: timeoutS }, 'clip export timed out; partial files removed');
        throw new ServiceUnavailable(`${reason.message}; try a shorter range`, { cause: e });
      }
      if (reason instanceof ServiceUnavailable) throw reason;
      if (e instanceof NoFootageError) throw new NotFound(e.message);
      throw e;
    } finally {
      clearTimeout(timer);
    }
    // The clip exists from here on: what follows must not undo it.
    this.deps.logger.info(
      { clip_id: id, camera_id: camera.id, method: record.method, files: record.files.length, size_bytes: record.size_bytes, ms: Math.round(performance.now() - startedAt) },
      'clip exported',
    );
    await this.deps.events
      .log(camera.id, 'clip_exported', 'info', {
        clip_id: id,
        from: toRfc3339(record.from_ms),
        to: toRfc3339(record.to_ms),
        method: record.method,
        size_bytes: record.size_bytes,
        exported_by: record.exported_by,
        duration_ms: Math.round(performance.now() - startedAt),
      })
      .catch((e: unknown) => this.deps.logger.warn({ err: e, clip_id: id }, 'clips: could not log the export event'));
    return record;
  }

  private manifestBody(record: ClipRecord, camera: Camera, output: ExportOutput) {
    return {
      format: MANIFEST_FORMAT,
      clip_id: record.id,
      camera: { id: camera.id, name: camera.name },
      range: { from: toRfc3339(record.from_ms), to: toRfc3339(record.to_ms) },
      requested_ms: record.to_ms - record.from_ms,
      covered_ms: record.covered_ms,
      gaps: record.gaps.map((g) => ({ from: toRfc3339(g.from), to: toRfc3339(g.to) })),
      method: output.method,
      files: output.files.map((f) => ({ filename: f.filename, size_bytes: f.size_bytes, sha256: f.sha256, from: toRfc3339(f.from_ms), to: toRfc3339(f.to_ms) })),
      sources: output.sources.map((s) => ({
        segment_id: s.id,
        path: s.path,
        start_time: toRfc3339(s.start_ms),
        end_time: toRfc3339(s.end_ms),
        size_bytes: s.size_bytes,
        sha256: s.sha256,
      })),
      exporter: record.exported_by,
      exported_at: toRfc3339(record.created_at),
      kernel_version: this.deps.settings.kernelVersion,
    };
  }

  private async writeManifest(record: ClipRecord, manifest: ClipManifest, created: string[]): Promise<void> {
    const final = path.join(this.deps.settings.clipsDir, record.manifest_filename);
    const tmp = `${final}.tmp`;
    created.push(tmp);
    await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx', mode: 0o644 });
    created.push(final);
    await rename(tmp, final);
  }

  async get(id: string): Promise<ClipRecord> {
    const clip = await this.deps.clips.get(id);
    if (!clip) throw new NotFound(`clip ${id} not found`);
    return clip;
  }

  list(filter: { cameraId?: string; beforeMs?: number; limit: number }): Promise<ClipRecord[]> {
    return this.deps.clips.list(filter);
  }

  /** Removes the row first (the clip disappears from the API at once), then its files. */
  async delete(id: string, actor: string | null): Promise<void> {
    const clip = await this.deps.clips.delete(id);
    if (!clip) throw new NotFound(`clip ${id} not found`);
    const names = [...clip.files.map((f) => f.filename), clip.manifest_filename];
    await this.removeFiles(names.map((n) => resolveUnder(this.deps.settings.clipsDir, n)));
    await this.deps.events
      .log(clip.camera_id, 'clip_deleted', 'info', { clip_id: id, deleted_by: actor })
      .catch((e: unknown) => this.deps.logger.warn({ err: e, clip_id: id }, 'clips: could not log the deletion event'));
  }

  /**
   * The absolute path of a served clip file (an MP4 or the manifest): the name must match the clip
   * file pattern, belong to an existing clip, resolve under the clips folder and — symlinks followed —
   * stay there.
   */
  async fileFor(filename: string): Promise<{ file: string; contentType: string }> {
    const id = clipIdOfFile(filename);
    if (id === null) throw new BadRequest('invalid media path');
    const clip = await this.deps.clips.get(id);
    const known = clip !== undefined && (clip.manifest_filename === filename || clip.files.some((f) => f.filename === filename));
    if (!known) throw new NotFound('media file not found');
    const root = this.deps.settings.clipsDir;
    const file = resolveUnder(root, filename);
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file).catch(() => null)]);
    if (realFile === null) throw new NotFound('media file not found');
    if (!realFile.startsWith(realRoot + path.sep)) throw new NotFound('media file not found');
    return { file: realFile, contentType: filename.endsWith('.json') ? 'application/json' : 'video/mp4' };
  }

  async publicKey(): Promise<ServerKey> {
    return this.deps.key();
  }

  /**
   * Start-up: removes what a crash can leave in the clips folder — `*.tmp` files and clip files whose
   * export never reached the database. The API may already be listening, so the files of exports in
   * progress are left alone.
   */
  async sweepOrphans(): Promise<number> {
    const names = await readdir(this.deps.settings.clipsDir).catch(() => [] as string[]);
    const orphans: string[] = [];
    const known = new Map<string, boolean>();
    for (const name of names) {
      const id = /^clip_[0-9a-f]{32}/.exec(name)?.[0];
      if (id === undefined || this.activeIds.has(id)) continue;
      if (!known.has(id)) known.set(id, await this.deps.clips.exists(id));
      if (name.endsWith('.tmp') || name.endsWith('.concat.txt') || known.get(id) === false) orphans.push(path.join(this.deps.settings.clipsDir, name));
    }
    await this.removeFiles(orphans);
    if (orphans.length > 0) this.deps.logger.info({ removed: orphans.length }, 'clips: removed files left by interrupted exports');
    return orphans.length;
  }

  /**
   * Removes files, newest first; one that is already gone (or was never created) is the state wanted,
   * any other failure is logged — never thrown, as this runs while another error is on its way up.
   */
  private async removeFiles(files: readonly string[]): Promise<void> {
    for (const file of [...files].reverse()) {
      await unlink(file).catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.deps.logger.warn({ err: e, file }, 'clips: could not remove a file');
      });
    }
  }

  /** Shutdown: cancels running exports (their partial files are removed) and waits for them. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const controller of this.running.keys()) controller.abort(new ServiceUnavailable('the server is shutting down; the clip export was cancelled'));
    await Promise.allSettled([...this.running.values()]);
  }
}

