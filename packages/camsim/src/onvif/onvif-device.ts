import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { DEVICE_HANDLERS } from './device-service.js';
import { OnvifFault, type DeviceContext, type Handler, type OnvifSource } from './device-context.js';
import { EVENT_HANDLERS } from './event-service.js';
import { MEDIA_HANDLERS } from './media-service.js';
import { PtzState, type PtzPosition } from './ptz-state.js';
import { PTZ_HANDLERS } from './ptz-service.js';
import { REPLAY_HANDLERS } from './replay-service.js';
import type { PullPointSubscription } from './pull-point.js';
import { parseSoapRequest, soapEnvelope, soapFault } from './soap.js';
import { verifyUsernameToken } from './ws-security.js';

export interface OnvifDeviceOptions {
  /** 0 (default): any free port. */
  port?: number;
  host?: string;
  /** Credentials every call but GetSystemDateAndTime must carry (WS-Security digest); none: open device. */
  username?: string;
  password?: string;
  /** The device clock runs this far from the real one (ms), to test clock-skew correction. */
  clockOffsetMs?: number;
  /** Every camera reports motion (IsMotion true, then false 2 s later) this often; off when absent. */
  motionEverySeconds?: number;
}

/** The camsim side an ONVIF device needs: its cameras as video sources. */
export interface OnvifSourceProvider {
  sources(): OnvifSource[];
}

/** The simulated device as tests and part B's WS-Discovery responder see it. */
export interface CamsimOnvif {
  readonly port: number;
  /** The whole simulator as one device (every camera a video source): http://host:port/onvif/device_service */
  readonly deviceServiceUrl: string;
  /** One camera as its own device (its main and sub profile only). */
  deviceUrl(camera: string): string;
  /** Emits a motion event (RuleEngine/CellMotionDetector/Motion, IsMotion) for a camera. */
  motion(camera: string, isMotion: boolean): void;
  /** Emits any event, e.g. RuleEngine/LineDetector/Crossed with { ObjectId: '1' }. */
  emit(camera: string, topic: string, data: Record<string, string>): void;
  ptzPosition(camera: string): PtzPosition;
  setClockOffset(ms: number): void;
  /** Active PullPoint subscriptions (expired ones are gone). */
  subscriptionCount(): number;
  /** Renew calls answered since the start (tests see a subscription kept alive). */
  renewals(): number;
  /** Drops every subscription, as a camera reboot does. */
  dropSubscriptions(): void;
  close(): Promise<void>;
}

// A 16×16 grey JPEG: GetSnapshotUri has to point at a real picture, its content does not matter.
const SNAPSHOT_JPEG = Buffer.from('/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgEBAQEBAUFBQUFBQYGBgYGBgYGBgYGBgYHBwcICAgHBwcGBgcHCAgICAkJCQgICAgJCQoKCgwMCwsODg4RERT/xABKAAEAAAAAAAAAAAAAAAAAAAAAAQEAAAAAAAAAAAAAAAAAAAAAEAEAAAAAAAAAAAAAAAAAAAAAEQEAAAAAAAAAAAAAAAAAAAAA/8AAEQgAEAAQAwEiAAIRAAMRAP/aAAwDAQACEQMRAD8AAA//2Q==', 'base64');
const MAX_BODY_BYTES = 256 * 1024;
const HANDLERS: Readonly<Record<string, Handler>> = { ...DEVICE_HANDLERS, ...MEDIA_HANDLERS, ...PTZ_HANDLERS, ...EVENT_HANDLERS, ...REPLAY_HANDLERS };
/** ONVIF lets a client read the clock before it can authenticate (it needs the time for the digest). */
const UNAUTHENTICATED = new Set(['GetSystemDateAndTime']);

/** Starts the simulated ONVIF device (device, media, PTZ, events, and Profile G's recording and replay services) on its own HTTP port. */
export async function startOnvifDevice(options: OnvifDeviceOptions, provider: OnvifSourceProvider): Promise<CamsimOnvif> {
  let offsetMs = options.clockOffsetMs ?? 0;
  const deviceNow = () => Date.now() + offsetMs;
  const heads = new Map<string, PtzState>();
  const subscriptions = new Map<string, PullPointSubscription>();
  const ptz = (camera: string) => {
    let h = heads.get(camera);
    if (h === undefined) heads.set(camera, (h = new PtzState(() => Date.now())));
    return h;
  };
  const host = options.host ?? '127.0.0.1';
  let baseUrl = '';
  const counters = { renewals: 0 };

  const contextFor = (scope: string | undefined, subscriptionId?: string): DeviceContext => ({
    deviceNow,
    baseUrl,
    servicePrefix: scope === undefined ? '/onvif' : `/onvif/cameras/${encodeURIComponent(scope)}`,
    sources: () => provider.sources().filter((s) => scope === undefined || s.name === scope),
    ptz,
    subscriptions,
    scope,
    ...(subscriptionId === undefined ? {} : { subscriptionId }),
  });

  const emit = (camera: string, topic: string, data: Record<string, string>) => {
    const message = { topic, utcMs: deviceNow(), camera, source: { VideoSourceConfigurationToken: `vsc_${camera}` }, data };
    for (const sub of subscriptions.values()) sub.push(message);
  };

  const server = createServer((req, res) => void handle(req, res));
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://device');
    const snapshot = /^\/onvif\/snapshot\/([^/]+)\.jpg$/.exec(url.pathname);
    if (req.method === 'GET' && snapshot !== null) {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': SNAPSHOT_JPEG.length }).end(SNAPSHOT_JPEG);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/camsim/motion') {
      // Test and demo control: POST /camsim/motion?camera=cam1&state=on|off
      const camera = url.searchParams.get('camera') ?? '';
      if (!provider.sources().some((s) => s.name === camera)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`no camera named ${camera}\n`);
        return;
      }
      emit(camera, 'RuleEngine/CellMotionDetector/Motion', { IsMotion: String(url.searchParams.get('state') !== 'off') });
      res.writeHead(204).end();
      return;
    }
    const service = /^\/onvif(?:\/cameras\/([^/]+))?\/(device|media|ptz|events|recording|replay)_service$/.exec(url.pathname);
    const subscription = /^\/onvif\/subscription\/([0-9a-f]+)$/.exec(url.pathname);
    if (req.method !== 'POST' || (service === null && subscription === null)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const scope = service?.[1] === undefined ? undefined : decodeURIComponent(service[1]);
    if (scope !== undefined && !provider.sources().some((s) => s.name === scope)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such camera\n');
      return;
    }
    const reply = (status: number, xml: string) =>
      res.writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8' }).end(xml);
    try {
      const request = parseSoapRequest(await readBody(req));
      const handler = HANDLERS[request.operation];
      if (handler === undefined) throw new OnvifFault(400, 'Receiver', 'ter:ActionNotSupported', `${request.operation} is not supported`);
      if (options.username !== undefined && options.password !== undefined && !UNAUTHENTICATED.has(request.operation)) {
        const verdict = verifyUsernameToken(request.header, options.username, options.password, deviceNow());
        if (!verdict.ok) throw new OnvifFault(401, 'Sender', 'ter:NotAuthorized', `Sender not authorized: ${verdict.reason}`);
      }
      const answer = soapEnvelope(await handler(contextFor(scope, subscription?.[1]), request.body));
      if (request.operation === 'Renew') counters.renewals++;
      reply(200, answer);
    } catch (e: unknown) {
      if (e instanceof OnvifFault) reply(e.status, soapFault(e.code, e.subcode, e.message));
      else reply(400, soapFault('Sender', 'ter:InvalidArgs', e instanceof Error ? e.message : String(e)));
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('ONVIF server has no TCP address');
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  // Expired subscriptions go even when nobody asks about them again (their pullers are released).
  const sweep = setInterval(() => {
    for (const sub of subscriptions.values()) {
      if (sub.terminationMs <= deviceNow()) {
        subscriptions.delete(sub.id);
        sub.wake();
      }
    }
  }, 250);
  sweep.unref();
  const motionTimers: NodeJS.Timeout[] = [];
  if (options.motionEverySeconds !== undefined) {
    const every = setInterval(() => {
      for (const s of provider.sources()) {
        emit(s.name, 'RuleEngine/CellMotionDetector/Motion', { IsMotion: 'true' });
        const off = setTimeout(() => emit(s.name, 'RuleEngine/CellMotionDetector/Motion', { IsMotion: 'false' }), 2000);
        off.unref();
      }
    }, options.motionEverySeconds * 1000);
    every.unref();
    motionTimers.push(every);
  }

  return {
    port: address.port,
    deviceServiceUrl: `${baseUrl}/onvif/device_service`,
    deviceUrl: (camera) => `${baseUrl}/onvif/cameras/${encodeURIComponent(camera)}/device_service`,
    motion: (camera, isMotion) => emit(camera, 'RuleEngine/CellMotionDetector/Motion', { IsMotion: String(isMotion) }),
    emit,
    ptzPosition: (camera) => ptz(camera).position(),
    setClockOffset: (ms) => {
      offsetMs = ms;
    },
    renewals: () => counters.renewals,
    subscriptionCount: () => [...subscriptions.values()].filter((s) => s.terminationMs > deviceNow()).length,
    dropSubscriptions: () => {
      for (const sub of subscriptions.values()) sub.wake();
      subscriptions.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweep);
        for (const t of motionTimers) clearInterval(t);
        for (const sub of subscriptions.values()) sub.wake();
        subscriptions.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new OnvifFault(413, 'Sender', 'ter:InvalidArgs', 'request too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
