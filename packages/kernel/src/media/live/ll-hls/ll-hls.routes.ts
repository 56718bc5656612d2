import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { CameraIdParams } from '../../../cameras/camera.schemas.js';
import { errorResponses, StringEnum } from '../../../contract/schemas.js';
import { NotFound, Unauthorized } from '../../../errors.js';
import { LiveUnavailableError } from '../live-types.js';
import { liveHttpError } from '../live-http-error.js';
import type { LlHlsService } from './ll-hls.service.js';

export interface LlHlsRoutesDeps {
  service: LlHlsService;
}

const HLS_CONTENT_TYPE = 'application/vnd.apple.mpegurl';
/** The playlist changes with every part: a cached copy would be stale at once. */
const PLAYLIST_CACHE = 'no-cache';
/** Parts and segments never change once made, but leave the window within seconds. */
const MEDIA_CACHE = 'private, max-age=30';

const StreamQuery = StringEnum(['main', 'sub'] as const, { default: 'main', description: 'The camera stream: `sub` where the camera has one (grid tiles).' });

const PlaylistQuery = Type.Object(
  {
    stream: StreamQuery,
    _HLS_msn: Type.Optional(Type.Integer({ minimum: 0, description: 'Blocking reload: answer once the segment with this media sequence number is in the playlist.' })),
    _HLS_part: Type.Optional(Type.Integer({ minimum: 0, description: 'With _HLS_msn: answer once this part of that segment is in the playlist.' })),
  },
  { additionalProperties: false },
);

const MediaParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  file: Type.String({ maxLength: 64, description: '`init-<generation>.mp4`, `seg-<msn>.mp4` or `part-<msn>.<part>.mp4`, as the playlist names them.' }),
});

const MediaQuery = Type.Object({ stream: StreamQuery }, { additionalProperties: false });

type MediaFile = { kind: 'init'; generation: number } | { kind: 'segment'; msn: number } | { kind: 'part'; msn: number; index: number };

/**
 * Low-Latency HLS live view: `GET /api/cameras/:id/live/index.m3u8` (blocking reload with `_HLS_msn`
 * and `_HLS_part`) and the media it names under `…/live/hls/`. Viewers may watch; the first playlist
 * request of a stream starts its packager (and, when nothing feeds the stream, an on-demand ffmpeg).
 */
export const llHlsRoutes: FastifyPluginAsyncTypebox<LlHlsRoutesDeps> = async (app, { service }) => {
  app.get('/api/cameras/:id/live/index.m3u8', {
    schema: {
      tags: ['live'],
      summary: 'Live view as Low-Latency HLS: the media playlist (blocking reload with _HLS_msn/_HLS_part)',
      params: CameraIdParams,
      querystring: PlaylistQuery,
      response: {
        200: { description: 'The LL-HLS media playlist.', content: { [HLS_CONTENT_TYPE]: { schema: Type.String() } } },
        ...errorResponses(400, 401, 404, 409, 429, 503),
      },
    },
    handler: async (request, reply) => {
      const principal = request.principal;
      if (principal === undefined) throw new Unauthorized('sign in first');
      const { stream, _HLS_msn: msn, _HLS_part: part } = request.query;
      const playlist = await withLiveErrors(() =>
        service.playlist(request.params.id, stream, { principal, ip: request.ip }, { msn, part }, abortOnClose(reply)),
      );
      return reply.header('content-type', HLS_CONTENT_TYPE).header('cache-control', PLAYLIST_CACHE).send(playlist);
    },
  });

  app.get('/api/cameras/:id/live/hls/:file', {
    schema: {
      tags: ['live'],
      summary: 'Live view as Low-Latency HLS: an init segment, segment or part the playlist names',
      params: MediaParams,
      querystring: MediaQuery,
      response: {
        200: { description: 'fMP4 bytes: ftyp + moov, or moof + mdat pairs.', content: { 'video/mp4': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } } },
        ...errorResponses(400, 401, 404),
      },
    },
    handler: async (request, reply) => {
      const { id, file } = request.params;
      const { stream } = request.query;
      const wanted = parseMediaFile(file);
      if (wanted === null) throw new NotFound('no such live media file (expected init-<n>.mp4, seg-<n>.mp4 or part-<n>.<n>.mp4)');
      const bytes =
        wanted.kind === 'init'
          ? await service.init(id, stream, wanted.generation)
          : wanted.kind === 'segment'
            ? await service.segment(id, stream, wanted.msn)
            : await service.part(id, stream, wanted.msn, wanted.index, abortOnClose(reply));
      return reply.header('content-type', 'video/mp4').header('cache-control', MEDIA_CACHE).send(bytes);
    },
  });
};

export function parseMediaFile(file: string): MediaFile | null {
  let m = /^init-(\d{1,9})\.mp4$/.exec(file);
  if (m) return { kind: 'init', generation: Number(m[1]) };
  m = /^seg-(\d{1,12})\.mp4$/.exec(file);
  if (m) return { kind: 'segment', msn: Number(m[1]) };
  m = /^part-(\d{1,12})\.(\d{1,4})\.mp4$/.exec(file);
  if (m) return { kind: 'part', msn: Number(m[1]), index: Number(m[2]) };
  return null;
}

/** Aborts when the client goes away before the answer, so a held request stops waiting. */
function abortOnClose(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The hubs' refusals as HTTP errors with their message. */
async function withLiveErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e: unknown) {
    if (e instanceof LiveUnavailableError) throw liveHttpError(e);
    throw e;
  }
}
