import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Camera, CameraConnection, MediaClient } from './camera.js';
import type { Clock } from './clock.js';
import {
  type AuthConfig,
  challenge,
  formatResponse,
  type InterleavedTransport,
  parseRtspUri,
  parseTransport,
  type RtspRequest,
  RtspRequestParser,
  type RtspTarget,
  verifyAuthorization,
} from '@heldar/rtsp';
import { ReplaySession } from './replay/replay-session.js';
import { parseClockRange, parseReplayUri } from './replay/replay-uri.js';

/** Advertised session timeout; TCP sessions live as long as their connection, so it is not enforced. */
export const SESSION_TIMEOUT_S = 60;
const PUBLIC = 'OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER, SET_PARAMETER';

export interface ConnectionContext {
  readonly clock: Clock;
  camera(name: string): Camera | undefined;
  /** Credentials the camera requires, or undefined for an open camera. */
  auth(camera: Camera): AuthConfig | undefined;
  closed(conn: RtspConnection): void;
}

interface Session {
  readonly id: string;
  readonly camera: Camera;
  readonly transports: Array<InterleavedTransport | undefined>;
  client: MediaClient | undefined;
  /** Set when the session plays a past span (replay/) instead of the live stream. */
  replay?: ReplaySession;
  /** An ONVIF recording's session: `replay` is opened by PLAY, with the span it names. */
  recording?: boolean;
}

type Headers = Array<[string, string]>;

/** One client's RTSP/TCP connection: parses requests, answers them, and carries its session's media. */
export class RtspConnection implements CameraConnection {
  private readonly parser = new RtspRequestParser();
  private readonly cameras = new Set<Camera>();
  private session: Session | undefined;
  private closed = false;
  /** The replay asked for by the last replay DESCRIBE on this connection, for the SETUP that follows. */
  private replay: ReplaySession | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: ConnectionContext,
  ) {
    // Media is already batched into one write per frame; Nagle would only add latency.
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {
      // Resets by clients that go away are routine; 'close' follows and does the cleanup.
    });
    socket.on('close', () => this.cleanup());
  }

  drop(_reason: string): void {
    this.socket.destroy();
    this.cleanup();
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.endSession();
    for (const c of this.cameras) c.connections.delete(this);
    this.cameras.clear();
    this.ctx.closed(this);
  }

  private endSession(): void {
    const s = this.session;
    s?.replay?.stop();
    if (s?.client !== undefined) s.camera.removeClient(s.client);
    this.session = undefined;
  }

  private onData(chunk: Buffer): void {
    for (const msg of this.parser.push(chunk)) {
      if (this.closed) return;
      if (msg.type === 'error') {
        this.reply(400, undefined);
        this.socket.end();
        return;
      }
      // Interleaved data from the client is RTCP receiver reports; nothing here needs them.
      if (msg.type === 'request') this.handle(msg.request);
    }
  }

  private reply(status: number, cseq: string | undefined, headers: Headers = [], body?: string): void {
    if (!this.closed) this.socket.write(formatResponse(status, cseq, headers, body));
  }

  private handle(req: RtspRequest): void {
    const cseq = req.headers.get('cseq');
    if (req.version !== 'RTSP/1.0') return this.reply(505, cseq);
    const replay = parseReplayUri(req.uri);
    const target = replay ?? parseRtspUri(req.uri);
    if (req.method === 'OPTIONS' && target === undefined) return this.reply(200, cseq, [['Public', PUBLIC]]);
    const camera = target === undefined ? undefined : this.ctx.camera(target.camera);
    if (target === undefined || camera === undefined) return this.reply(404, cseq);
    if (!this.cameras.has(camera)) {
      this.cameras.add(camera);
      camera.connections.add(this);
    }
    const refuse = this.session === undefined ? camera.refusing() : undefined;
    if (refuse !== undefined) {
      if (refuse.mode === '503') return this.reply(503, cseq);
      this.drop('refuse fault');
      return;
    }
    if (req.method === 'OPTIONS') return this.reply(200, cseq, [['Public', PUBLIC]]);
    const auth = this.ctx.auth(camera);
    if (auth !== undefined && !verifyAuthorization(req.headers.get('authorization'), req.method, auth)) {
      return this.reply(401, cseq, [['WWW-Authenticate', challenge(auth)]]);
    }
    switch (req.method) {
      case 'DESCRIBE':
        if (replay !== undefined) return this.describeReplay(cseq, camera, replay);
        return this.describe(cseq, camera, target);
      case 'SETUP':
        return this.setup(req, cseq, camera, target);
      case 'PLAY':
        return this.play(req, cseq);
      case 'TEARDOWN':
        if (!this.sessionMatches(req)) return this.reply(454, cseq);
        this.endSession();
        return this.reply(200, cseq);
      case 'GET_PARAMETER':
      case 'SET_PARAMETER':
        // Keep-alives. They may name a session or not.
        if (req.headers.has('session') && !this.sessionMatches(req)) return this.reply(454, cseq);
        return this.reply(200, cseq, this.sessionHeader());
      default:
        return this.reply(501, cseq, [['Public', PUBLIC]]);
    }
  }

  private describe(cseq: string | undefined, camera: Camera, target: RtspTarget): void {
    if (target.track !== undefined) return this.reply(404, cseq);
    const origin = target.origin ?? `rtsp://${this.socket.localAddress ?? '127.0.0.1'}:${this.socket.localPort ?? 0}`;
    const host = this.socket.localAddress ?? '127.0.0.1';
    this.reply(
      200,
      cseq,
      [
        ['Content-Base', `${origin}/${encodeURIComponent(camera.name)}/`],
        ['Content-Type', 'application/sdp'],
      ],
      camera.describe(host),
    );
  }

  /** A replay DESCRIBE: the span checked against the camera's life, SETUPs then go to `<camera>/replay/trackID=n`. */
  private describeReplay(cseq: string | undefined, camera: Camera, target: NonNullable<ReturnType<typeof parseReplayUri>>): void {
    if (target.track !== undefined) return this.reply(404, cseq);
    if (target.onvif === true) return this.describeRecording(cseq, camera, target);
    if (target.span === undefined) return this.reply(400, cseq, [['X-Problem', target.problem ?? 'bad replay request']]);
    const opened = ReplaySession.open(camera, target.span);
    if (!(opened instanceof ReplaySession)) return this.reply(opened.status, cseq, [['X-Problem', opened.reason]]);
    this.replay?.stop();
    this.replay = opened;
    const origin = target.origin ?? `rtsp://${this.socket.localAddress ?? '127.0.0.1'}:${this.socket.localPort ?? 0}`;
    this.reply(
      200,
      cseq,
      [
        ['Content-Base', `${origin}/${encodeURIComponent(camera.name)}/replay/`],
        ['Content-Type', 'application/sdp'],
      ],
      camera.describe(this.socket.localAddress ?? '127.0.0.1'),
    );
  }

  /** An ONVIF recording's DESCRIBE: the camera's tracks; the span comes with PLAY. */
  private describeRecording(cseq: string | undefined, camera: Camera, target: NonNullable<ReturnType<typeof parseReplayUri>>): void {
    const origin = target.origin ?? `rtsp://${this.socket.localAddress ?? '127.0.0.1'}:${this.socket.localPort ?? 0}`;
    this.reply(
      200,
      cseq,
      [
        ['Content-Base', `${origin}/${encodeURIComponent(camera.name)}/recording/`],
        ['Content-Type', 'application/sdp'],
      ],
      camera.describe(this.socket.localAddress ?? '127.0.0.1'),
    );
  }

  private setup(req: RtspRequest, cseq: string | undefined, camera: Camera, target: RtspTarget): void {
    // A camera with one track may be set up by its aggregate URL.
    const track = target.track ?? (camera.trackCount === 1 ? 0 : undefined);
    if (track === undefined) return this.reply(459, cseq);
    if (Number.isNaN(track) || track >= camera.trackCount) return this.reply(404, cseq);
    const transport = parseTransport(req.headers.get('transport') ?? '', 2 * track);
    if (transport === undefined) return this.reply(461, cseq);
    if (this.session !== undefined) {
      if (!this.sessionMatches(req)) return this.reply(454, cseq);
      if (this.session.camera !== camera || this.session.client !== undefined) return this.reply(455, cseq);
    } else {
      if (req.headers.has('session')) return this.reply(454, cseq);
      const target = parseReplayUri(req.uri);
      const replay = target !== undefined && target.onvif !== true && this.replay?.camera === camera ? this.replay : undefined;
      const recording = target?.onvif === true ? { recording: true } : {};
      this.session = { id: randomBytes(8).toString('hex'), camera, transports: [], client: undefined, ...(replay ? { replay } : {}), ...recording };
    }
    this.session.transports[track] = transport;
    // An ONVIF recording's SSRCs are drawn at PLAY, when its span is known: SETUP names none.
    const ssrc = this.session.recording === true ? '' : `;ssrc=${(this.session.replay ?? camera).ssrc(track).toString(16).toUpperCase().padStart(8, '0')}`;
    this.reply(200, cseq, [['Transport', `RTP/AVP/TCP;unicast;interleaved=${transport.rtpChannel}-${transport.rtcpChannel}${ssrc}`], ...this.sessionHeader()]);
  }

  private play(req: RtspRequest, cseq: string | undefined): void {
    const s = this.session;
    if (s === undefined || !this.sessionMatches(req)) return this.reply(454, cseq);
    if (!s.transports.some((t) => t !== undefined)) return this.reply(455, cseq);
    const socket = this.socket;
    const transports = Array.from({ length: s.camera.trackCount }, (_, i) => s.transports[i]);
    if (s.recording === true && s.replay === undefined) {
      // ONVIF Streaming: a recording is played only with Require: onvif-replay, its span in Range: clock=.
      if (!(req.headers.get('require') ?? '').split(',').some((o) => o.trim() === 'onvif-replay')) {
        return this.reply(551, cseq, [['Unsupported', req.headers.get('require') ?? ''], ['X-Problem', 'PLAY of a recording needs Require: onvif-replay']]);
      }
      const span = parseClockRange(req.headers.get('range'), req.headers.get('rate-control'), this.ctx.clock.wallNow());
      if (typeof span === 'string') return this.reply(457, cseq, [['X-Problem', span]]);
      const opened = ReplaySession.open(s.camera, span);
      if (!(opened instanceof ReplaySession)) return this.reply(opened.status, cseq, [['X-Problem', opened.reason]]);
      s.replay = opened;
    }
    if (s.replay !== undefined) return this.playReplay(cseq, s.replay, transports);
    // The reply goes out before any media: media is only written from the ticker, later.
    this.reply(200, cseq, [...this.sessionHeader(), ['Range', 'npt=0.000-']]);
    if (s.client !== undefined) return;
    s.client = {
      transports,
      playAtMs: this.ctx.clock.now(),
      bufferedBytes: () => socket.writableLength,
      send: (data) => {
        socket.write(data);
      },
      drop: (reason) => this.drop(reason),
    };
    s.camera.addClient(s.client);
  }

  /** Streams the span; the connection ends after its last packet (and the RTCP BYEs). */
  private playReplay(cseq: string | undefined, replay: ReplaySession, transports: Array<InterleavedTransport | undefined>): void {
    this.reply(200, cseq, [...this.sessionHeader(), ['Range', `npt=0.000-${replay.durationSeconds.toFixed(3)}`]]);
    const socket = this.socket;
    replay.play({
      transports,
      bufferedBytes: () => socket.writableLength,
      send: (data) => {
        if (!this.closed) socket.write(data);
      },
      finished: () => {
        if (!this.closed) socket.end();
      },
    });
  }

  private sessionMatches(req: RtspRequest): boolean {
    const header = req.headers.get('session');
    return this.session !== undefined && header !== undefined && header.split(';')[0]?.trim() === this.session.id;
  }

  private sessionHeader(): Headers {
    return this.session === undefined ? [] : [['Session', `${this.session.id};timeout=${SESSION_TIMEOUT_S}`]];
  }
}
