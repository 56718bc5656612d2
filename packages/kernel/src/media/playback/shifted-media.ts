import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '../../errors.js';
import { parseRange } from '../file-range.js';
import { Fmp4FormatError, parseBoxHeader, parseInitSegment, parseMoof, rewriteMoof, type FragmentIndexRecord } from '../../mp4/index.js';

/**
 * A recorded file as one playback session serves it: byte for byte the file, except that every moof's
 * tfdt decode times are moved by the session's shift for that file, so the files of a playlist form
 * one continuous timeline instead of each restarting at zero.
 *
 * Why: every recorded file starts its tracks at decode time 0. Players that honour
 * EXT-X-DISCONTINUITY (hls.js, Safari) re-base each file anyway, but ffmpeg's HLS demuxer keeps one
 * MP4 demuxer across the files and drops, as duplicates, the samples whose decode times it has seen
 * before — the first GOP of every file after the first when decoding. With continuous times every
 * client plays every frame. The mdat payloads (all but ~0.1 % of the bytes) still go straight from
 * the file; only the few-hundred-byte moofs in the requested range are read, patched in memory and
 * spliced in. ffmpeg writes version-1 (64-bit) tfdt boxes, so a patched moof keeps its size and every
 * byte range of the playlist stays valid.
 */
export interface ShiftedFileOptions {
  contentType: string;
  cacheControl?: string;
  /** The file's fragment index (segments.fragments): where its fragments are. */
  index: FragmentIndexRecord;
  /** Seconds × 10⁶ added to every track's decode times (converted to each track's timescale). */
  shiftUs: number;
  /** Distinguishes this shifted variant from other sessions' in the ETag. */
  etagTag: string;
}

interface Patch {
  offset: number;
  bytes: Buffer;
}

/** Like serveFile (200/206/416, HEAD), for the shifted variant of a recorded file. */
export async function serveShiftedFile(request: FastifyRequest, reply: FastifyReply, file: string, options: ShiftedFileOptions): Promise<FastifyReply> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new NotFound('media file not found');
  const size = info.size;
  const etag = `"${size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}-${options.etagTag}"`;
  reply.header('accept-ranges', 'bytes').header('content-type', options.contentType).header('etag', etag);
  reply.header('last-modified', info.mtime.toUTCString());
  if (options.cacheControl) reply.header('cache-control', options.cacheControl);

  const range = parseRange(request.headers.range, size);
  if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${size}`).send();
  const [start, end] = range ?? [0, size - 1];
  if (range) reply.status(206).header('content-range', `bytes ${start}-${end}/${size}`);
  reply.header('content-length', String(Math.max(0, end - start + 1)));
  if (request.method === 'HEAD' || size === 0) return reply.send();
  const patches = await moofPatches(file, options.index, start, end, options.shiftUs);
  return reply.send(Readable.from(splice(file, start, end, patches)));
}

/** The patched moof of every fragment that overlaps [start, end], in file order. */
export async function moofPatches(file: string, index: FragmentIndexRecord, start: number, end: number, shiftUs: number): Promise<Patch[]> {
  const fragments = index.fragments.filter((f) => f.offset <= end && f.offset + f.size > start);
  if (fragments.length === 0 || shiftUs === 0) return [];
  const handle = await open(file, 'r');
  try {
    const init = parseInitSegment(await readAt(handle, 0, index.initSize));
    const tracks = new Map(init.tracks.map((t) => [t.trackId, t]));
    const patches: Patch[] = [];
    for (const fragment of fragments) {
      // A fragment is [prft] moof mdat (storage/fmp4: the byte ranges tile the file).
      let at = fragment.offset;
      let header = boxAt(await readAt(handle, at, 16), at);
      if (header.type === 'prft') {
        at += header.size;
        header = boxAt(await readAt(handle, at, 16), at);
      }
      if (header.type !== 'moof') throw new Fmp4FormatError('bad-fragment', `expected a moof at byte ${at}, found '${header.type}'`);
      const moof = await readAt(handle, at, header.size);
      const parsed = parseMoof(moof, at, (id) => tracks.get(id)?.defaults);
      const decodeTimes = new Map<number, number>();
      for (const traf of parsed.trafs) {
        const timescale = tracks.get(traf.trackId)?.timescale ?? 1;
        // Never below zero: a fragment before a playlist's first part may be asked for by a raw Range.
        decodeTimes.set(traf.trackId, Math.max(0, (traf.baseMediaDecodeTime ?? 0) + Math.round((shiftUs * timescale) / 1e6)));
      }
      const bytes = rewriteMoof(moof, { decodeTimes });
      if (bytes.length !== moof.length) throw new Fmp4FormatError('bad-fragment', `the moof at byte ${at} has a 32-bit tfdt; it cannot be shifted in place`);
      patches.push({ offset: at, bytes });
    }
    return patches;
  } finally {
    await handle.close();
  }
}

/** Bytes [start, end] of the file with the patches laid over it. */
export async function* splice(file: string, start: number, end: number, patches: readonly Patch[]): AsyncGenerator<Buffer> {
  let pos = start;
  for (const patch of patches) {
    const patchEnd = patch.offset + patch.bytes.length - 1;
    if (patchEnd < pos || patch.offset > end) continue;
    if (patch.offset > pos) {
      for await (const chunk of createReadStream(file, { start: pos, end: patch.offset - 1 })) yield chunk as Buffer;
      pos = patch.offset;
    }
    const to = Math.min(end, patchEnd);
    yield patch.bytes.subarray(pos - patch.offset, to - patch.offset + 1);
    pos = to + 1;
  }
  if (pos <= end) for await (const chunk of createReadStream(file, { start: pos, end })) yield chunk as Buffer;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

function boxAt(buf: Buffer, offset: number) {
  const header = parseBoxHeader(buf, 0, buf.length, offset);
  if (header === undefined) throw new Fmp4FormatError('bad-fragment', `no box header at byte ${offset}`);
  return header;
}
