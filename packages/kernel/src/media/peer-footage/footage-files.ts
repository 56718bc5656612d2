import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { PeerClient } from '../../cluster/peers/peer-client.js';
import { NotFound, ServiceUnavailable } from '../../errors.js';
import { resolveRecordedFile } from '../../storage/footage-layout.js';
import type { SegmentLocation } from '../../storage/segment.repository.js';
import { serveFile, type ServeFileOptions } from '../file-range.js';

// Headers of a peer's answer passed on to the viewer as they are (the content type is ours).
const FORWARDED_HEADERS = ['content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified'] as const;

export interface FootageFilesDeps {
  /** This node. */
  nodeId: string;
  /** False on SQLite: one node, so every segment is local whatever its node_id says. */
  clustered: boolean;
  recordingsDir: string;
  /** Copies of other nodes' segments, for the readers that need a file (export, snapshot, shifted playback). */
  cacheDir: string;
  peers: PeerClient;
  clock: Clock;
  logger: Logger;
}

/**
 * The one place media/ finds a segment's bytes. A segment is local when its node_id is null (recorded
 * before nodes existed), this node, or the database is SQLite; otherwise its file is on another
 * node's volume and comes through that node: Range requests are passed through and streamed (playback,
 * downloads), and readers that need a seekable file (clip export and its ffmpeg fallback, snapshots,
 * footage hashing) get a copy streamed to disk once and shared by every request for that segment.
 * Recorded files never change, so a copy never goes stale; unused copies are swept by age.
 */
export class FootageFiles {
  private readonly fetching = new Map<number, Promise<string>>();

  constructor(private readonly deps: FootageFilesDeps) {}

  isLocal(segment: Pick<SegmentLocation, 'node_id'>): boolean {
    return !this.deps.clustered || segment.node_id === null || segment.node_id === this.deps.nodeId;
  }

  /** A readable path of the segment's file: the recorded file itself, or a local copy of a peer's. */
  async localFile(segment: SegmentLocation): Promise<string> {
    if (this.isLocal(segment)) return resolveRecordedFile(this.deps.recordingsDir, segment.path, this.deps.logger);
    const pending = this.fetching.get(segment.id);
    if (pending !== undefined) return pending;
    const work = this.copyOf(segment.id, segment.node_id as string).finally(() => this.fetching.delete(segment.id));
    this.fetching.set(segment.id, work);
    return work;
  }

  /** Sends the segment's file with Range support, from this node's volume or streamed from its node. */
  async serve(request: FastifyRequest, reply: FastifyReply, segment: SegmentLocation, options: Omit<ServeFileOptions, 'window'>): Promise<FastifyReply> {
    if (this.isLocal(segment)) return serveFile(request, reply, await resolveRecordedFile(this.deps.recordingsDir, segment.path, this.deps.logger), options);
    const aborted = new AbortController();
    // The viewer went away (or the response ended): stop pulling from the peer.
    reply.raw.once('close', () => aborted.abort());
    const peer = await this.deps.peers.segmentFile(segment.node_id as string, segment.id, request.headers.range, aborted.signal, request.method);
    if (peer.status === 404 || peer.status === 401) {
      peer.body.destroy();
      if (peer.status === 404) throw new NotFound('media file not found');
      throw new ServiceUnavailable(`node ${segment.node_id ?? '?'} refused this node's signature (every node must share the same HELDAR_SECRET_KEY)`);
    }
    reply.status(peer.status).header('content-type', options.contentType);
    for (const name of FORWARDED_HEADERS) {
      const value = peer.headers.get(name);
      if (value !== null) reply.header(name, value);
    }
    if (options.cacheControl) reply.header('cache-control', options.cacheControl);
    if (options.downloadName) reply.header('content-disposition', `attachment; filename="${options.downloadName.replace(/["\\\r\n]/g, '_')}"`);
    if (request.method === 'HEAD') {
      peer.body.destroy();
      return reply.send(Readable.from([]));
    }
    return reply.send(peer.body);
  }

  /** Removes copies not used for `maxAgeMs`; returns how many. */
  async sweep(maxAgeMs: number): Promise<number> {
    const names = await readdir(this.deps.cacheDir).catch(() => [] as string[]);
    const cutoff = this.deps.clock.now() - maxAgeMs;
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.deps.cacheDir, name);
      const info = await stat(file).catch(() => null);
      if (info === null || info.mtimeMs >= cutoff) continue;
      // Gone already (another sweep, a restart's cleanup): nothing to do.
      await unlink(file).then(() => removed++, () => undefined);
    }
    if (removed > 0) this.deps.logger.info({ removed }, 'peer footage: removed unused copies of other nodes’ segments');
    return removed;
  }

  private async copyOf(segmentId: number, nodeId: string): Promise<string> {
    const file = path.join(this.deps.cacheDir, `${segmentId}.mp4`);
    const now = new Date(this.deps.clock.now());
    // Touched on every use so the sweep keeps copies that are being read.
    if (await utimes(file, now, now).then(() => true, () => false)) return file;
    await mkdir(this.deps.cacheDir, { recursive: true, mode: 0o700 });
    const peer = await this.deps.peers.segmentFile(nodeId, segmentId, undefined);
    if (peer.status !== 200) {
      peer.body.destroy();
      if (peer.status === 404) throw new NotFound('media file not found');
      throw new ServiceUnavailable(`node ${nodeId} answered ${peer.status} for segment ${segmentId}`);
    }
    // Written under a temporary name and renamed: a reader never sees half a file.
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await pipeline(peer.body, createWriteStream(tmp, { mode: 0o600 }));
      await rename(tmp, file);
    } catch (e: unknown) {
      await unlink(tmp).catch(() => undefined); // never written, or already gone
      throw new ServiceUnavailable(`copying segment ${segmentId} from node ${nodeId} failed`, { cause: e });
    }
    return file;
  }
}
