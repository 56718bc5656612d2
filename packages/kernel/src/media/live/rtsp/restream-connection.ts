import { randomBytes, randomInt } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { buildSdp, formatResponse, type InterleavedTransport, parseTransport, type RtspRequest, RtspRequestParser } from '@heldar/rtsp';
import type { Principal } from '../../../auth/principal.js';
import { parseDecoderConfigs } from '../../../mp4/decoder-config.js';
import { type LiveHub, LiveUnavailableError } from '../live-types.js';
import type { RestreamAuthenticator } from './restream-authenticator.js';
import { parseRestreamUri, type RestreamTarget } from './restream-path.js';
import { type RestreamTrack, restreamTracks } from './restream-tracks.js';
import { RestreamViewer } from './restream-viewer.js';
import type { RestreamContext } from './restream-context.js';

const PUBLIC = 'OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER';
export const SERVER_NAME = 'heldar';
/** Advertised; also how long a connection may stay without PLAYing. A playing TCP session lives as long as its connection. */
const SESSION_TIMEOUT_S = 60;

type Headers = Array<[string, string]>;

/** A stream this connection described: the hub, its tracks, and the viewer slot it holds. */
interface Described {
  readonly target: RestreamTarget;
  readonly hub: LiveHub;
  readonly tracks: readonly RestreamTrack[];
  readonly principal: Principal;
  readonly releaseSlot: () => void;
  transports: Array<InterleavedTransport | undefined>;
  sessionId: string | undefined;
  detach: (() => void) | undefined;
}

/**
 * One player's RTSP/TCP connection: OPTIONS, DESCRIBE, SETUP (TCP interleaved only), PLAY, TEARDOWN
 * and GET_PARAMETER keep-alives. Requests are answered one at a time, in order (authentication and
 * hub lookups are asynchronous). A viewer slot is taken at DESCRIBE and given back when the session
 * or the connection ends.
 */
export class RestreamConnection {
  private readonly parser = new RtspRequestParser();
  private queue: Promise<void> = Promise.resolve();
  private described: Described | undefined;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly auth: RestreamAuthenticator,
    private readonly ctx: RestreamContext,
    private readonly log: Logger,
  ) {
    // RTP is written one fragment per write; Nagle would only add latency.
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e: Error) => this.log.debug({ err: e }, 'rtsp: connection error'));
    socket.on('close', () => this.cleanup());
    // A connection that never gets to PLAY (a port scanner, a stuck player) does not hold a socket and a viewer slot for ever.
    socket.setTimeout(SESSION_TIMEOUT_S * 1000, () => {
      if (this.described?.detach === undefined) this.close();
    });
  }

  close(): void {
    this.socket.destroy();
    this.cleanup();
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.endSession();
    this.ctx.closed(this);
  }

  private endSession(): void {
    const d = this.described;
    this.described = undefined;
    d?.detach?.();
    d?.releaseSlot();
  }

  private onData(chunk: Buffer): void {
    for (const msg of this.parser.push(chunk)) {
      if (msg.type === 'error') {
        this.reply(400, undefined);
        this.socket.end();
        return;
      }
      // Interleaved data from the player is RTCP receiver reports; nothing here needs them.
      if (msg.type !== 'request') continue;
      const request = msg.request;
      this.queue = this.queue
        .then(() => (this.closed ? undefined : this.handle(request)))
        .catch((e: unknown) => {
          this.log.error({ err: e, method: request.method }, 'rtsp: request failed');
          this.reply(500, request.headers.get('cseq'));
        });
    }
  }

  private reply(status: number, cseq: string | undefined, headers: Headers = [], body?: string): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(formatResponse(status, cseq, headers, body, SERVER_NAME));
  }

  private async handle(req: RtspRequest): Promise<void> {
    const cseq = req.headers.get('cseq');
    if (req.version !== 'RTSP/1.0') return this.reply(505, cseq);
    if (req.method === 'OPTIONS') return this.reply(200, cseq, [['Public', PUBLIC]]);
    const auth = await this.auth.check(req.headers.get('authorization'), req.method);
    if (!auth.ok) {
      if (auth.status === 401) return this.reply(401, cseq, [['WWW-Authenticate', this.auth.challenge()]]);
      return this.reply(403, cseq, [['Reason', auth.reason]]);
    }
    const target = parseRestreamUri(req.uri);
    switch (req.method) {
      case 'DESCRIBE':
        return this.describe(cseq, target, auth.principal);
      case 'SETUP':
        return this.setup(req, cseq, target);
      case 'PLAY':
        return this.play(req, cseq);
      case 'TEARDOWN':
        if (!this.sessionMatches(req)) return this.reply(454, cseq);
        this.endSession();
        return this.reply(200, cseq);
      case 'GET_PARAMETER':
        if (req.headers.has('session') && !this.sessionMatches(req)) return this.reply(454, cseq);
        return this.reply(200, cseq, this.sessionHeader());
      default:
        return this.reply(501, cseq, [['Public', PUBLIC]]);
    }
  }

  private async describe(cseq: string | undefined, target: RestreamTarget | undefined, principal: Principal): Promise<void> {
    if (target === undefined || target.track !== undefined) return this.reply(404, cseq);
    if (this.described !== undefined) {
      // A player may DESCRIBE again before SETUP; a second stream on one connection is not offered.
      if (this.described.sessionId !== undefined || this.described.target.cameraId !== target.cameraId) return this.reply(455, cseq);
      this.endSession();
    }
    let releaseSlot: () => void;
    let hub: LiveHub;
    try {
      releaseSlot = this.ctx.admitViewer(principal.id);
    } catch (e: unknown) {
      return this.unavailable(cseq, e);
    }
    try {
      hub = await this.ctx.hubs.acquire(target.cameraId, target.stream);
    } catch (e: unknown) {
      releaseSlot();
      return this.unavailable(cseq, e);
    }
    const info = hub.info() ?? (await this.ctx.waitForStream(hub));
    const tracks = info === null ? null : restreamTracks(parseDecoderConfigs(info.init));
    if (info === null || tracks === null) {
      releaseSlot();
      const reason = info === null ? 'the camera stream has not started yet; try again' : 'the camera stream is not H.264; the RTSP restream carries H.264 only';
      return this.reply(503, cseq, [['Reason', reason]]);
    }
    this.described = { target, hub, tracks, principal, releaseSlot, transports: [], sessionId: undefined, detach: undefined };
    const host = this.socket.localAddress ?? '127.0.0.1';
    const base = `rtsp://${host.includes(':') ? `[${host}]` : host}:${this.socket.localPort ?? 0}/${encodeURIComponent(target.cameraId)}${target.stream === 'sub' ? '/sub' : ''}/`;
    const sdp = buildSdp({ sessionId: info.generation, version: info.generation, host, title: `Heldar ${target.cameraId} ${hub.stream}`, tracks: tracks.map((t) => t.sdp) });
    this.reply(200, cseq, [['Content-Base', base], ['Content-Type', 'application/sdp']], sdp);
  }

  private unavailable(cseq: string | undefined, e: unknown): void {
    if (!(e instanceof LiveUnavailableError)) throw e;
    if (e.code === 'unknown_camera' || e.code === 'no_sub_stream') return this.reply(404, cseq, [['Reason', e.message]]);
    // RFC 2326 453 Not Enough Bandwidth is what players show for "too many viewers".
    this.reply(e.code === 'too_many_viewers' ? 453 : 503, cseq, [['Reason', e.message]]);
  }

  private setup(req: RtspRequest, cseq: string | undefined, target: RestreamTarget | undefined): void {
    const d = this.described;
    if (target === undefined) return this.reply(404, cseq);
    if (d === undefined || d.target.cameraId !== target.cameraId || d.target.stream !== target.stream) return this.reply(455, cseq);
    const track = target.track ?? (d.tracks.length === 1 ? 0 : undefined);
    if (track === undefined) return this.reply(459, cseq);
    if (Number.isNaN(track) || track >= d.tracks.length) return this.reply(404, cseq);
    const transport = parseTransport(req.headers.get('transport') ?? '', 2 * track);
    // Only RTP over the RTSP connection: it crosses NAT and firewalls, and the hub's backlog check sees one queue.
    if (transport === undefined) return this.reply(461, cseq, [['Reason', 'only RTP/AVP/TCP (interleaved) is offered']]);
    if (d.sessionId !== undefined && !this.sessionMatches(req)) return this.reply(454, cseq);
    if (d.sessionId === undefined && req.headers.has('session')) return this.reply(454, cseq);
    if (d.detach !== undefined) return this.reply(455, cseq);
    d.sessionId ??= randomBytes(8).toString('hex');
    d.transports[track] = transport;
    this.reply(200, cseq, [['Transport', `RTP/AVP/TCP;unicast;interleaved=${transport.rtpChannel}-${transport.rtcpChannel}`], ...this.sessionHeader()]);
  }

  private play(req: RtspRequest, cseq: string | undefined): void {
    const d = this.described;
    if (d === undefined || !this.sessionMatches(req)) return this.reply(454, cseq);
    if (!d.transports.some((t) => t !== undefined)) return this.reply(455, cseq);
    // The reply goes out before any media: the hub delivers the current GOP inside attach().
    this.reply(200, cseq, [...this.sessionHeader(), ['Range', 'npt=0.000-']]);
    if (d.detach !== undefined) return;
    const output = (kind: RestreamTrack['kind']) => {
      const index = d.tracks.findIndex((t) => t.kind === kind);
      const transport = index < 0 ? undefined : d.transports[index];
      if (transport === undefined) return undefined;
      return { ...transport, ssrc: randomInt(2 ** 32), firstSequence: randomInt(2 ** 16), firstTimestamp: randomInt(2 ** 32) };
    };
    const log = this.log.child({ camera: d.target.cameraId, stream: d.hub.stream });
    const viewer = new RestreamViewer(this.socket, { video: output('video'), audio: output('audio') }, log);
    d.detach = d.hub.attach(viewer);
    // Playing over TCP, the stream itself shows the player is there; a dead one ends in a write error.
    this.socket.setTimeout(0);
    this.ctx.sessionStarted(d.principal, d.target.cameraId, d.hub.stream, this.socket.remoteAddress ?? null);
  }

  private sessionMatches(req: RtspRequest): boolean {
    const header = req.headers.get('session');
    const id = this.described?.sessionId;
    return id !== undefined && header !== undefined && header.split(';')[0]?.trim() === id;
  }

  private sessionHeader(): Headers {
    const id = this.described?.sessionId;
    return id === undefined ? [] : [['Session', `${id};timeout=${SESSION_TIMEOUT_S}`]];
  }
}
