import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Camera } from '../../cameras/camera.js';
import type { Clock } from '../../clock.js';
import { BadRequest, NotFound, PayloadTooLarge, ServiceUnavailable } from '../../errors.js';
import type { EventLog } from '../../events/event-log.js';
import type { IncidentRepository } from '../../storage/incident.repository.js';
import type { SegmentLeases } from '../../storage/segment-leases.js';
import type { SegmentRepository, SegmentWithFragments } from '../../storage/segment.repository.js';
import { toRfc3339 } from '../../time.js';
import type { ClipExporter } from '../clips/clip-exporter.js';
import type { ClipSources } from '../clips/clip-sources.js';
import type { ServerKey } from '../clips/server-key.js';
import { coverage } from '../coverage.js';
import { newArchiveId, type ArchiveRecord } from './archive.js';
import { ARCHIVE_MANIFEST_FORMAT, ARCHIVE_MANIFEST_NAME, signArchiveManifest, type ArchiveManifestCamera, type ArchiveManifestFile } from './archive-manifest.js';
import type { ArchiveRepository } from './archive.repository.js';
import { writeZip, type ZipEntry } from './archive-zip.js';

export interface ArchiveSettings {
  archivesDir: string;
  maxBytes: number;
  /** The whole job (every camera's export and the zip) is aborted after this long. */
  timeoutMs: number;
  maxCameras: number;
  kernelVersion: string;
}

export interface ArchiveServiceDeps {
  settings: ArchiveSettings;
  archives: ArchiveRepository;
  /** The clip export's range checks, rows and leased files: the same validation as clips. */
  sources: ClipSources;
  segments: Pick<SegmentRepository, 'inRange'>;
  incidents: Pick<IncidentRepository, 'find'>;
  leases: SegmentLeases;
  /** The clip exporter writing into `dir` (one per camera and job). */
  exporter: (dir: string) => ClipExporter;
  key: () => Promise<ServerKey>;
  events: Pick<EventLog, 'log'>;
  clock: Clock;
  logger: Logger;
}

export interface ArchiveRequest {
  cameraIds: readonly string[];
  from: number;
  to: number;
  incidentId: number | null;
  createdBy: string | null;
}

interface CameraFootage {
  camera: Camera;
  rows: SegmentWithFragments[];
}

const MIB = 1024 * 1024;
const LEASE_MARGIN_MS = 60_000;

class ArchiveTimeout extends Error {
  override name = 'ArchiveTimeout';
}

/**
 * Evidence archives: several cameras' footage of one range as ONE zip — a clip per camera made by the
 * clip exporter (not a second implementation), the incident's notes, and a signed manifest with every
 * file's SHA-256. Checked as clip exports are (range limits, cameras exist, footage there) plus a
 * size cap on the footage, then run as a job in the background (state and progress in its row) with
 * the segments leased so retention cannot delete them mid-read.
 */
export class ArchiveService {
  private readonly running = new Map<string, { controller: AbortController; work: Promise<void> }>();
  private stopping = false;

  constructor(private readonly deps: ArchiveServiceDeps) {}

  /** Validates and starts the job; resolves with its row (state `pending`) before the work is done. */
  async create(request: ArchiveRequest): Promise<ArchiveRecord> {
    const { settings } = this.deps;
    const cameraIds = [...new Set(request.cameraIds)];
    if (cameraIds.length === 0) throw new BadRequest('camera_ids must name at least one camera');
    if (cameraIds.length > settings.maxCameras) throw new BadRequest(`an archive holds at most ${settings.maxCameras} cameras (got ${cameraIds.length})`);
    const footage: CameraFootage[] = [];
    let estimated = 0;
    for (const id of cameraIds) {
      footage.push(await this.deps.sources.range(id, request.from, request.to));
      for (const s of await this.deps.segments.inRange(id, request.from, request.to)) estimated += s.size_bytes;
    }
    const incident = request.incidentId === null ? undefined : await this.deps.incidents.find(request.incidentId);
    if (request.incidentId !== null && incident === undefined) throw new NotFound(`incident ${request.incidentId} not found`);
    if (estimated > settings.maxBytes) {
      throw new PayloadTooLarge(
        `archive too large: about ${mib(estimated)} MiB of footage for ${cameraIds.length} camera(s), the limit is ${mib(settings.maxBytes)} MiB (HELDAR_ARCHIVE_MAX_MB); choose fewer cameras or a shorter range`,
      );
    }
    if (this.stopping) throw new ServiceUnavailable('the server is shutting down; ask for the archive again');
    const record: ArchiveRecord = {
      id: newArchiveId(),
      camera_ids: cameraIds,
      from_ms: request.from,
      to_ms: request.to,
      incident_id: request.incidentId,
      state: 'pending',
      progress: 0,
      estimated_bytes: estimated,
      size_bytes: null,
      sha256: null,
      filename: null,
      error: null,
      created_by: request.createdBy,
      created_at: this.deps.clock.now(),
      finished_at: null,
    };
    await this.deps.archives.insert(record);
    const controller = new AbortController();
    const work = this.run(record, footage, incident ?? null, controller).finally(() => this.running.delete(record.id));
    this.running.set(record.id, { controller, work });
    return record;
  }

  /** The job's work; every failure ends in the row (state failed, a message for a person). */
  private async run(record: ArchiveRecord, footage: CameraFootage[], incident: { id: number; title: string; notes: string } | null, controller: AbortController): Promise<void> {
    const { settings, archives } = this.deps;
    const workDir = path.join(settings.archivesDir, `${record.id}.work`);
    const target = path.join(settings.archivesDir, `${record.id}.zip`);
    const tmp = `${target}.tmp`;
    const timer = setTimeout(() => controller.abort(new ArchiveTimeout(`the archive took longer than ${settings.timeoutMs / 1000}s and was stopped; try fewer cameras or a shorter range`)), settings.timeoutMs);
    const startedAt = performance.now();
    try {
      await archives.update(record.id, { state: 'running' });
      await mkdir(workDir, { recursive: true });
      const ids = footage.flatMap((f) => f.rows.map((r) => r.id));
      const { entries, cameras } = await this.deps.leases.withLease(`archive:${record.id}`, ids, settings.timeoutMs + LEASE_MARGIN_MS, async (lease) => {
        const entries: ZipEntry[] = [];
        const files: ArchiveManifestFile[] = [];
        const cameras: ArchiveManifestCamera[] = [];
        for (const [i, { camera, rows }] of footage.entries()) {
          const sources = await this.deps.sources.leased(rows, lease);
          const dir = path.join(workDir, String(i));
          await mkdir(dir, { recursive: true });
          const output = await this.deps.exporter(dir).run({ id: camera.id, from: record.from_ms, to: record.to_ms, sources, signal: controller.signal, created: [] });
          const cover = coverage(sources, record.from_ms, record.to_ms);
          const clips = output.files.map((f) => `clips/${f.filename}`);
          output.files.forEach((f, k) => {
            entries.push({ path: clips[k] as string, file: path.join(dir, f.filename) });
            files.push({ path: clips[k] as string, size_bytes: f.size_bytes, sha256: f.sha256 });
          });
          cameras.push({
            id: camera.id,
            name: camera.name,
            covered_ms: cover.coveredMs,
            gaps: cover.gaps.map((g) => ({ from: toRfc3339(g.from), to: toRfc3339(g.to) })),
            method: output.method,
            clips,
            sources: output.sources.map((s) => ({ segment_id: s.id, path: s.path, start_time: toRfc3339(s.start_ms), end_time: toRfc3339(s.end_ms), size_bytes: s.size_bytes, sha256: s.sha256 })),
          });
          await archives.update(record.id, { progress: (i + 1) / (footage.length + 1) });
        }
        return { entries: { entries, files }, cameras };
      });
      if (incident !== null) {
        const notes = Buffer.from(incident.notes.endsWith('\n') || incident.notes === '' ? incident.notes : `${incident.notes}\n`, 'utf8');
        entries.entries.push({ path: 'incident/notes.txt', data: notes });
        entries.files.push({ path: 'incident/notes.txt', size_bytes: notes.length, sha256: sha256(notes) });
      }
      const manifest = signArchiveManifest(
        {
          format: ARCHIVE_MANIFEST_FORMAT,
          archive_id: record.id,
          range: { from: toRfc3339(record.from_ms), to: toRfc3339(record.to_ms) },
          cameras,
          incident: incident === null ? null : { id: incident.id, title: incident.title, notes_file: 'incident/notes.txt' },
          files: entries.files,
          created_by: record.created_by,
          created_at: toRfc3339(record.created_at),
          kernel_version: settings.kernelVersion,
        },
        await this.deps.key(),
      );
      const zipEntries: ZipEntry[] = [{ path: ARCHIVE_MANIFEST_NAME, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') }, ...entries.entries];
      const zip = await writeZip(tmp, zipEntries, new Date(record.created_at), controller.signal);
      await rename(tmp, target);
      const finishedAt = this.deps.clock.now();
      await archives.update(record.id, { state: 'completed', progress: 1, size_bytes: zip.size, sha256: zip.sha256, filename: path.basename(target), finished_at: finishedAt });
      this.deps.logger.info({ archive_id: record.id, cameras: record.camera_ids.length, size_bytes: zip.size, ms: Math.round(performance.now() - startedAt) }, 'archive created');
      await this.deps.events
        .log(null, 'archive_created', 'info', {
          archive_id: record.id,
          cameras: record.camera_ids,
          from: toRfc3339(record.from_ms),
          to: toRfc3339(record.to_ms),
          incident_id: record.incident_id,
          size_bytes: zip.size,
          created_by: record.created_by,
        })
        .catch((e: unknown) => this.deps.logger.warn({ err: e, archive_id: record.id }, 'archives: could not log the event'));
    } catch (e: unknown) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
      const message = reason instanceof Error ? reason.message : e instanceof NotFound ? e.message : 'the archive could not be made; see the server log';
      this.deps.logger.warn({ err: e, archive_id: record.id }, 'archive failed');
      await rm(tmp, { force: true }).catch(() => undefined);
      await archives.update(record.id, { state: 'failed', error: message, finished_at: this.deps.clock.now() }).catch((err: unknown) => this.deps.logger.error({ err, archive_id: record.id }, 'archives: could not record the failure'));
    } finally {
      clearTimeout(timer);
      await rm(workDir, { recursive: true, force: true }).catch((e: unknown) => this.deps.logger.warn({ err: e, dir: workDir }, 'archives: could not remove a work folder'));
    }
  }

  async get(id: string): Promise<ArchiveRecord> {
    const record = await this.deps.archives.get(id);
    if (!record) throw new NotFound(`archive ${id} not found`);
    return record;
  }

  list(limit: number): Promise<ArchiveRecord[]> {
    return this.deps.archives.list(limit);
  }

  /** The finished zip's path; 409 while the job still runs or when it failed. */
  async fileFor(id: string): Promise<{ file: string; record: ArchiveRecord }> {
    const record = await this.get(id);
    if (record.state !== 'completed' || record.filename === null) {
      throw new NotFound(record.state === 'failed' ? `archive ${id} failed: ${record.error ?? 'unknown error'}` : `archive ${id} is not ready yet (${Math.round(record.progress * 100)}%)`);
    }
    return { file: path.join(this.deps.settings.archivesDir, record.filename), record };
  }

  /** Waits for a job (tests, shutdown). */
  async settled(id: string): Promise<void> {
    await this.running.get(id)?.work;
  }

  /** Start-up: jobs a restart cut off are failed, their partial files removed. */
  async sweep(): Promise<void> {
    await this.deps.archives.failUnfinished(this.deps.clock.now());
    const dir = this.deps.settings.archivesDir;
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (name.endsWith('.work') || name.endsWith('.tmp')) await rm(path.join(dir, name), { recursive: true, force: true });
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const { controller } of this.running.values()) controller.abort(new ServiceUnavailable('the server shut down while the archive was made; ask for it again'));
    await Promise.allSettled([...this.running.values()].map((r) => r.work));
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function mib(bytes: number): string {
  return (bytes / MIB).toFixed(1);
}
