import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { digestResponse, parseAuthParams, RtspRequestParser, type RtspRequest } from '@heldar/rtsp';
import { replayTime } from './replay-url.js';

export interface ReplayBridgeOptions {
  /** The camera's replay URI (ONVIF GetReplayUri); credentials in it are ignored. */
  replayUri: string;
  username: string | null;
  password: string | null;
  /** The span to play, UTC ms. */
  fromMs: number;
  toMs: number;
  /** Connecting to the camera gives up after this long. */
  connectTimeoutMs: number;
}

const DEFAULT_RTSP_PORT = 554;
const HEADER_END = Buffer.from('\r\n\r\n');
/** A camera's answer before PLAY is headers and an SDP: far below this. */
const MAX_RESPONSE_BYTES = 256 * 1024;

interface Challenge {
  scheme: 'basic' | 'digest';
  params: Map<string, string>;
}

interface Response {
  status: number;
  headers: Map<string, string[]>;
  /** The whole response as the camera sent it. */
  raw: Buffer;
}

/**
 * ONVIF Profile G replay for ffmpeg. Which span a Profile G camera replays is not in its replay URI
 * but in PLAY: `Range: clock=<start>-<end>` with `Require: onvif-replay` (and `Rate-Control: no` for
 * faster than real time) — headers ffmpeg's RTSP client cannot send. This bridge listens on a
 * loopback port for the one ffmpeg that records the replay and relays its RTSP session to the camera,
 * request by request, rewriting only what must change: its address becomes the camera's replay URI,
 * PLAY gets the span and those two headers, and the bridge answers the camera's authentication
 * challenge itself (ffmpeg never sees the credentials, and a digest covers the camera's own URI).
 * Once PLAY is answered the media (RTP interleaved on the same TCP connection) flows through
 * untouched, so ffmpeg records the replay exactly as it records live.
 */
export class OnvifReplayBridge {
  /** The last thing that went wrong with the camera, for the gap's error (ffmpeg only sees a closed connection). */
  problem: string | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly target: { host: string; port: number; uri: string };
  private readonly path = `/replay-${randomBytes(6).toString('hex')}`;

  private constructor(
    private readonly server: net.Server,
    private readonly options: ReplayBridgeOptions,
  ) {
    const parsed = new URL(options.replayUri);
    if (parsed.protocol !== 'rtsp:') throw new Error(`replay URI ${parsed.protocol}// is not supported (rtsp:// only)`);
    parsed.username = '';
    parsed.password = '';
    this.target = { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port === '' ? DEFAULT_RTSP_PORT : Number(parsed.port), uri: parsed.toString() };
    server.on('connection', (client) => this.relay(client));
  }

  static async start(options: ReplayBridgeOptions): Promise<OnvifReplayBridge> {
    const server = net.createServer();
    const bridge = new OnvifReplayBridge(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return bridge;
  }

  /** What ffmpeg opens. The path is random, so nothing else on the machine guesses it by chance. */
  get url(): string {
    const address = this.server.address() as net.AddressInfo;
    return `rtsp://127.0.0.1:${address.port}${this.path}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: net.Socket): void {
    const camera = net.connect({ host: this.target.host, port: this.target.port, timeout: this.options.connectTimeoutMs });
    for (const s of [client, camera]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    }
    const end = (why?: string): void => {
      if (why !== undefined) this.problem ??= why;
      client.destroy();
      camera.destroy();
    };
    camera.once('timeout', () => end(`no connection to the camera at ${this.target.host}:${this.target.port} within ${this.options.connectTimeoutMs} ms`));
    camera.once('connect', () => camera.setTimeout(0));
    camera.on('error', (e: NodeJS.ErrnoException) => end(`camera ${this.target.host}:${this.target.port}: ${e.code ?? e.message}`));
    client.on('error', () => end());
    camera.on('close', () => client.end());
    client.on('close', () => camera.destroy());

    // Camera → ffmpeg: answers are read whole until PLAY is answered (401s are handled here), then
    // everything is piped.
    let piping = false;
    let pending = Buffer.alloc(0);
    let waiter: ((r: Response | null) => void) | undefined;
    const nextResponse = (): Promise<Response | null> => {
      const ready = takeResponse();
      if (ready !== undefined) return Promise.resolve(ready);
      return new Promise((resolve) => (waiter = resolve));
    };
    const takeResponse = (): Response | undefined => {
      const response = parseResponse(pending);
      if (response === undefined) return undefined;
      pending = pending.subarray(response.raw.length);
      return response;
    };
    camera.on('data', (chunk: Buffer) => {
      if (piping) {
        client.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      if (pending.length > MAX_RESPONSE_BYTES) return end('the camera sent an RTSP answer that does not parse');
      if (waiter !== undefined) {
        const response = takeResponse();
        if (response !== undefined) {
          const w = waiter;
          waiter = undefined;
          w(response);
        }
      }
    });
    camera.on('close', () => waiter?.(null));

    // ffmpeg → camera: requests one at a time, rewritten; its RTCP receiver reports as they are.
    let challenge: Challenge | undefined;
    let nonceCount = 0;
    const send = (req: RtspRequest): void => {
      camera.write(this.serialize(req, challenge, ++nonceCount));
    };
    const forward = async (req: RtspRequest): Promise<void> => {
      const rewritten = this.rewrite(req);
      send(rewritten);
      if (piping) return;
      let response = await nextResponse();
      if (response?.status === 401 && this.options.username !== null) {
        challenge = pickChallenge(response.headers.get('www-authenticate') ?? []);
        if (challenge !== undefined) {
          send(rewritten);
          response = await nextResponse();
        }
      }
      if (response === null) return end(this.problem ?? `the camera closed the connection during ${req.method}`);
      if (response.status !== 200) this.problem ??= `the camera answered ${req.method} with ${statusLine(response)}`;
      client.write(response.raw);
      if (req.method === 'PLAY' && response.status === 200) {
        piping = true;
        if (pending.length > 0) client.write(pending);
        pending = Buffer.alloc(0);
      }
    };
    const parser = new RtspRequestParser();
    let queue = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      for (const msg of parser.push(chunk)) {
        if (msg.type === 'interleaved') {
          const head = Buffer.from([0x24, msg.channel, 0, 0]);
          head.writeUInt16BE(msg.data.length, 2);
          queue = queue.then(() => void camera.write(Buffer.concat([head, msg.data])));
        } else if (msg.type === 'request') {
          queue = queue.then(() => forward(msg.request));
        } else {
          end(`ffmpeg sent what is not RTSP: ${msg.message}`);
        }
      }
    });
  }

  /** ffmpeg's request, addressed to the camera; PLAY with the span and ONVIF's replay headers. */
  private rewrite(req: RtspRequest): RtspRequest {
    const base = this.url;
    const uri = req.uri.startsWith(base) ? this.target.uri.replace(/\/$/, '') + req.uri.slice(base.length) : req.uri;
    const headers = new Map(req.headers);
    headers.delete('authorization');
    if (req.method === 'PLAY') {
      headers.set('range', `clock=${replayTime(this.options.fromMs)}-${replayTime(this.options.toMs)}`);
      headers.set('require', 'onvif-replay');
      headers.set('rate-control', 'no');
    }
    return { ...req, uri, headers };
  }

  private serialize(req: RtspRequest, challenge: Challenge | undefined, nc: number): Buffer {
    const lines = [`${req.method} ${req.uri} RTSP/1.0`];
    for (const [name, value] of req.headers) if (name !== 'content-length') lines.push(`${name}: ${value}`);
    const auth = challenge === undefined ? undefined : this.authorization(challenge, req.method, req.uri, nc);
    if (auth !== undefined) lines.push(`Authorization: ${auth}`);
    if (req.body.length > 0) lines.push(`Content-Length: ${req.body.length}`);
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), req.body]);
  }

  private authorization(challenge: Challenge, method: string, uri: string, nc: number): string {
    const username = this.options.username ?? '';
    const password = this.options.password ?? '';
    if (challenge.scheme === 'basic') return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const realm = challenge.params.get('realm') ?? '';
    const nonce = challenge.params.get('nonce') ?? '';
    const qop = (challenge.params.get('qop') ?? '').split(',').some((q) => q.trim() === 'auth') ? 'auth' : undefined;
    const ncText = nc.toString(16).padStart(8, '0');
    const cnonce = randomBytes(8).toString('hex');
    const response = digestResponse({ username, password, realm, nonce, method, uri, ...(qop === undefined ? {} : { qop, nc: ncText, cnonce }) });
    const parts = [`username="${username}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${uri}"`, `response="${response}"`];
    if (qop !== undefined) parts.push(`qop=auth`, `nc=${ncText}`, `cnonce="${cnonce}"`);
    const opaque = challenge.params.get('opaque');
    if (opaque !== undefined) parts.push(`opaque="${opaque}"`);
    return `Digest ${parts.join(', ')}`;
  }
}

/** Digest when the camera offers it, else Basic. */
function pickChallenge(values: readonly string[]): Challenge | undefined {
  const parsed = values.map((v) => {
    const m = /^\s*(\w+)\s*(.*)$/.exec(v);
    return { scheme: (m?.[1] ?? '').toLowerCase(), params: parseAuthParams(m?.[2] ?? '') };
  });
  const digest = parsed.find((c) => c.scheme === 'digest');
  if (digest !== undefined) return { scheme: 'digest', params: digest.params };
  const basic = parsed.find((c) => c.scheme === 'basic');
  return basic === undefined ? undefined : { scheme: 'basic', params: basic.params };
}

/** One whole RTSP response at the start of `buf` (headers and Content-Length body), or undefined. */
function parseResponse(buf: Buffer): Response | undefined {
  const headerEnd = buf.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const [statusLine = '', ...lines] = buf.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const length = Number(headers.get('content-length')?.[0] ?? 0);
  const total = headerEnd + HEADER_END.length + (Number.isFinite(length) ? length : 0);
  if (buf.length < total) return undefined;
  const status = Number(/^RTSP\/\d\.\d\s+(\d{3})/.exec(statusLine)?.[1] ?? 0);
  return { status, headers, raw: buf.subarray(0, total) };
}

function statusLine(response: Response): string {
  return response.raw.subarray(0, response.raw.indexOf('\r\n')).toString('latin1').replace(/^RTSP\/\d\.\d\s+/, '');
}
