import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { abortable, assemblePart, type FileDigest } from './clip-assembler.js';
import { clipFilename } from './clip-id.js';
import { planClip, type IndexedSource, type SourceSegment } from './clip-plan.js';
import type { ClipFileRecord } from './clip.js';
import type { SegmentHash } from './clip.repository.js';
import { runConcat } from './concat-fallback.js';
import type { HashThread } from '../../hash-thread.js';
import { indexSources, isUnusableMp4 } from './indexed-sources.js';
import type { ExportMethod } from './manifest.js';
import { SourceFileError, type SourceFiles } from './source-files.js';

export interface ExportJob {
  id: string;
  from: number;
  to: number;
  /** Overlapping segments, oldest first, already leased. */
  sources: SourceSegment[];
  signal: AbortSignal;
  /** Every file the job creates is added here first, so the caller can remove them on failure. */
  created: string[];
}

export interface ExportedSource extends SourceSegment {
  sha256: string;
  size_bytes: number;
}

export interface ExportOutput {
  method: ExportMethod;
  files: ClipFileRecord[];
  /** The segments whose bytes are in the clip, with their file hashes. */
  sources: ExportedSource[];
}

export interface ClipExporterDeps {
  clipsDir: string;
  ffmpegBin: string;
  files: SourceFiles;
  hasher: HashThread;
  /** Cached source hashes, and where newly computed ones go. */
  hashes: {
    get(segmentIds: readonly number[]): Promise<Map<number, SegmentHash>>;
    save(hashes: ReadonlyMap<number, SegmentHash>): Promise<void>;
  };
  logger: Logger;
}

/** No fragment of the sources falls in the range (e.g. only a trailing audio fragment overlaps). */
export class NoFootageError extends Error {
  override name = 'NoFootageError';
}

/**
 * Produces a clip's MP4 file(s) from leased segments: in-process from the recorded fragments
 * (`fragments`), or — when some source is not a fragmented MP4 the assembler can use — with the
 * reference's ffmpeg concat stream copy (`ffmpeg_concat`). Also returns every source's SHA-256, each
 * file hashed once ever (the hash is cached per segment; recorded files never change).
 */
export class ClipExporter {
  constructor(private readonly deps: ClipExporterDeps) {}

  async run(job: ExportJob): Promise<ExportOutput> {
    const indexed = await this.indexSources(job);
    return indexed === null ? this.viaFfmpeg(job) : this.viaFragmentsOrFfmpeg(job, indexed);
  }

  /** Index and init segment of every source, or null when one cannot be assembled in-process. */
  private async indexSources(job: ExportJob): Promise<IndexedSource[] | null> {
    try {
      return await indexSources(job.sources, this.deps.files, job.signal);
    } catch (e: unknown) {
      if (isUnusableMp4(e)) {
        this.deps.logger.info({ clip_id: job.id, err: e }, 'clip: a source is not a usable fragmented MP4; exporting with ffmpeg concat');
        return null;
      }
      throw e;
    }
  }

  /**
   * In-process assembly; a source whose bytes turn out not to be the fragments its index describes
   * (found only while copying, as moofs are parsed from what is read) sends the whole clip to ffmpeg.
   */
  private async viaFragmentsOrFfmpeg(job: ExportJob, indexed: IndexedSource[]): Promise<ExportOutput> {
    try {
      return await this.viaFragments(job, indexed);
    } catch (e: unknown) {
      if (!(isUnusableMp4(e) || e instanceof SourceFileError) || job.signal.aborted) throw e;
      this.deps.logger.info({ clip_id: job.id, err: e }, 'clip: a source does not match its fragment index; exporting with ffmpeg concat');
      for (const file of job.created.splice(0)) await unlink(file).catch(() => undefined);
      return this.viaFfmpeg(job);
    }
  }

  private async viaFragments(job: ExportJob, indexed: IndexedSource[]): Promise<ExportOutput> {
    const parts = planClip(indexed, job.from, job.to);
    if (parts.length === 0) throw new NoFootageError('no recorded footage in the requested range');
    const used = parts.flatMap((p) => p.files.map((f) => f.source));
    const cached = await this.deps.hashes.get(used.map((s) => s.segment.id));
    const fresh = (s: IndexedSource): boolean => cached.get(s.segment.id)?.size_bytes === s.index.fileSize;
    const hashSources = new Set(used.filter((s) => !fresh(s)).map((s) => s.segment.id));

    const files: ClipFileRecord[] = [];
    const computed = new Map<number, SegmentHash>();
    for (const [k, part] of parts.entries()) {
      const filename = clipFilename(job.id, k);
      const digest = await this.writeAtomically(job, filename, (tmp) => assemblePart(part, tmp, { files: this.deps.files, signal: job.signal, hashSources, hasher: this.deps.hasher }));
      for (const [id, d] of digest.sourceDigests) computed.set(id, { sha256: d.sha256, size_bytes: d.size });
      files.push({ filename, size_bytes: digest.size, sha256: digest.sha256, from_ms: part.fromMs, to_ms: part.toMs });
    }
    if (computed.size > 0) await this.deps.hashes.save(computed);
    const sources = used.map((s) => {
      const h = computed.get(s.segment.id) ?? cached.get(s.segment.id);
      if (h === undefined) throw new Error(`segment ${s.segment.id} was not hashed`);
      return { ...s.segment, sha256: h.sha256, size_bytes: h.size_bytes };
    });
    return { method: 'fragments', files, sources };
  }

  private async viaFfmpeg(job: ExportJob): Promise<ExportOutput> {
    const filename = clipFilename(job.id, 0);
    const listFile = path.join(this.deps.clipsDir, `${job.id}.concat.txt`);
    job.created.push(listFile);
    let digest: FileDigest;
    try {
      digest = await this.writeAtomically(job, filename, async (tmp) => {
        await runConcat({ ffmpegBin: this.deps.ffmpegBin, sources: job.sources, from: job.from, to: job.to, listFile, output: tmp, signal: job.signal, logger: this.deps.logger });
        return abortable(this.deps.hasher.file(tmp), job.signal);
      });
    } finally {
      await unlink(listFile).catch(() => undefined);
    }
    const cached = await this.deps.hashes.get(job.sources.map((s) => s.id));
    const computed = new Map<number, SegmentHash>();
    for (const s of job.sources) {
      if (cached.has(s.id)) continue;
      const d = await abortable(this.deps.hasher.file(s.file), job.signal);
      computed.set(s.id, { sha256: d.sha256, size_bytes: d.size });
    }
    if (computed.size > 0) await this.deps.hashes.save(computed);
    const sources = job.sources.map((s) => {
      const h = (computed.get(s.id) ?? cached.get(s.id)) as SegmentHash;
      return { ...s, sha256: h.sha256, size_bytes: h.size_bytes };
    });
    const first = job.sources[0] as SourceSegment;
    const last = job.sources.at(-1) as SourceSegment;
    const file = { filename, size_bytes: digest.size, sha256: digest.sha256, from_ms: Math.max(job.from, first.start_ms), to_ms: Math.min(job.to, last.end_ms) };
    return { method: 'ffmpeg_concat', files: [file], sources };
  }

  /** Writes `<name>.tmp` with `write`, then renames it into place: a clip file is whole or absent. */
  private async writeAtomically<T>(job: ExportJob, filename: string, write: (tmp: string) => Promise<T>): Promise<T> {
    const final = path.join(this.deps.clipsDir, filename);
    const tmp = `${final}.tmp`;
    job.created.push(tmp);
    const result = await write(tmp);
    job.signal.throwIfAborted();
    job.created.push(final);
    await rename(tmp, final);
    return result;
  }
}
