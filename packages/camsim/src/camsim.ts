import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { Camera } from './camera.js';
import { resolveCameraSpec, validateFault, type ResolvedCameraSpec } from './camera-spec.js';
import { ClipCache, errorText } from './clip-cache.js';
import { ClipLibrary } from './clip-library.js';
import { systemClock, type Clock } from './clock.js';
import type { AudioClip } from './media-clip.js';
import type { AuthConfig } from '@heldar/rtsp';
import { RtspConnection, type ConnectionContext } from './rtsp-connection.js';
import { Ticker } from './ticker.js';
import { startDiscoveryResponder } from './discovery/ws-discovery-responder.js';
import { WallClockFeeder } from './wall-clock.js';
import { startOnvifDevice, type CamsimOnvif } from './onvif/onvif-device.js';
import { onvifSources } from './onvif/onvif-sources.js';
import type { CameraSpec, Camsim, CamsimOptions, CamsimStats, Fault, FaultKind, UrlOptions } from './types.js';

/** 10 ms keeps frame jitter well under a 25 fps frame interval while waking the process only 100 times a second. */
const TICK_MS = 10;
const REALM = 'camsim';

export interface CamsimInternals {
  /** Receives progress and problems; silent when omitted. */
  log?: (message: string) => void;
  clock?: Clock;
}

/**
 * Starts the simulator: generates (or finds in the cache) every camera's clips, then listens.
 * When the promise resolves every camera is ready to serve.
 */
export async function startCamsim(options: CamsimOptions & CamsimInternals): Promise<Camsim> {
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? systemClock;
  const library = new ClipLibrary(new ClipCache({ cacheDir: options.cacheDir, log }));
  const nonce = randomBytes(16).toString('hex');
  const cameras = new Map<string, Camera>();
  const feeders = new Map<string, WallClockFeeder>();
  const authByCamera = new WeakMap<Camera, AuthConfig>();
  const connections = new Set<RtspConnection>();
  let closing: Promise<void> | undefined;

  const createCamera = async (spec: CameraSpec): Promise<Camera> => {
    const r = resolveCameraSpec(spec);
    const wall = r.clock === 'wall' && library.hasFont;
    if (r.clock === 'wall' && !wall) log(`camera ${r.name}: no font for a wall clock; none is drawn`);
    const videoKey = (width: number, height: number) => ({
      width,
      height,
      fps: r.fps,
      bitrateKbps: r.bitrateKbps,
      seconds: r.clipSeconds,
      pattern: r.pattern,
      label: r.label,
      // Until the first wall-clock clip is in, no clock rather than the clip's own (it would pass for the time).
      clock: wall ? ('none' as const) : ('clip' as const),
    });
    const [video, audio] = await Promise.all([
      library.videoClip(videoKey(r.width, r.height)),
      r.audio === 'none' ? Promise.resolve<AudioClip | undefined>(undefined) : library.audioClip(r.audio, r.clipSeconds),
    ]);
    const camera = new Camera(r, video, audio, {
      clock,
      loadVideo: (width, height) => library.videoClip(videoKey(width, height)),
    });
    for (const f of r.faults) await camera.setFault(f);
    if (wall) {
      const make = (firstFrameWallMs: number) => library.freshVideoClip({ ...videoKey(r.width, r.height), clock: firstFrameWallMs });
      feeders.set(r.name, new WallClockFeeder(camera, make, clock, r.clipSeconds * 1000, log));
    }
    const auth = authFor(r, nonce);
    if (auth !== undefined) authByCamera.set(camera, auth);
    return camera;
  };

  const specs = options.cameras.map((c) => c.name);
  const duplicate = specs.find((n, i) => specs.indexOf(n) !== i);
  if (duplicate !== undefined) throw new Error(`camera name ${duplicate} is used twice`);
  for (const camera of await Promise.all(options.cameras.map(createCamera))) cameras.set(camera.name, camera);

  const ticker = new Ticker(TICK_MS, () => {
    const now = clock.now();
    for (const camera of cameras.values()) {
      try {
        camera.tick(now);
      } catch (e: unknown) {
        // A bug in one camera must not stop the others; the camera is removed so it cannot spam.
        log(`camera ${camera.name} failed and was removed: ${errorText(e)}`);
        camera.close();
        cameras.delete(camera.name);
      }
    }
  });

  const ctx: ConnectionContext = {
    clock,
    camera: (name) => cameras.get(name),
    auth: (camera) => authByCamera.get(camera),
    closed: (conn) => connections.delete(conn),
  };
  const server = createServer((socket) => {
    if (closing !== undefined) {
      socket.destroy();
      return;
    }
    connections.add(new RtspConnection(socket, ctx));
  });
  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  ticker.start();
  for (const feeder of feeders.values()) feeder.start();
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  const host = options.host ?? '127.0.0.1';
  const port = address.port;
  log(`listening on ${host}:${port} with ${cameras.size} camera(s)`);
  let onvif: CamsimOnvif | undefined;
  if (options.onvif !== undefined) {
    const rtspHost = host.includes(':') ? `[${host}]` : host;
    onvif = await startOnvifDevice(
      { host, ...options.onvif },
      { sources: () => onvifSources([...cameras.values()].map((c) => c.spec), (name) => `rtsp://${rtspHost}:${port}/${encodeURIComponent(name)}`) },
    );
    log(`ONVIF device at ${onvif.deviceServiceUrl}`);
  }
  const d = options.discovery;
  const discovery =
    d === undefined
      ? undefined
      : await startDiscoveryResponder({
          interfaceAddress: d.interfaceAddress,
          unicastHost: host,
          ...(d.multicast !== undefined ? { multicast: d.multicast } : {}),
          ...(d.unicastPort !== undefined ? { unicastPort: d.unicastPort } : {}),
          device: {
            name: d.name ?? options.cameras[0]?.name ?? 'camsim',
            hardware: d.hardware ?? 'camsim',
            ...(d.location !== undefined ? { location: d.location } : {}),
            // The ONVIF device's own URL when it runs, so a discovered device can be probed at once.
            xaddrs: d.xaddrs ?? [onvif?.deviceServiceUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}/onvif/device_service`],
          },
          log,
        });

  const cameraOf = (name: string): Camera => {
    const c = cameras.get(name);
    if (c === undefined) throw new Error(`no camera named ${name}`);
    return c;
  };

  return {
    port,
    host,
    ...(discovery !== undefined ? { discovery } : {}),
    url(name: string, opts: UrlOptions = {}): string {
      const camera = cameraOf(name);
      const creds = camera.spec.credentials;
      const userinfo =
        creds !== undefined && opts.credentials !== false
          ? `${encodeURIComponent(creds.username)}:${encodeURIComponent(creds.password)}@`
          : '';
      const h = host.includes(':') ? `[${host}]` : host;
      return `rtsp://${userinfo}${h}:${port}/${encodeURIComponent(name)}`;
    },
    setFault: (name: string, fault: Fault) => cameraOf(name).setFault(validateFault(fault)),
    clearFault: (name: string, kind?: FaultKind) => cameraOf(name).clearFault(kind),
    async addCamera(spec: CameraSpec): Promise<void> {
      if (cameras.has(spec.name)) throw new Error(`camera name ${spec.name} is used twice`);
      const camera = await createCamera(spec);
      if (cameras.has(spec.name)) throw new Error(`camera name ${spec.name} is used twice`);
      cameras.set(camera.name, camera);
      feeders.get(camera.name)?.start();
    },
    removeCamera(name: string): void {
      cameraOf(name).close();
      cameras.delete(name);
      void feeders.get(name)?.stop();
      feeders.delete(name);
    },
    stats(): CamsimStats {
      const list = [...cameras.values()].map((c) => c.stats());
      return {
        cameras: list,
        bytesSent: list.reduce((a, c) => a + c.bytesSent, 0),
        clients: list.reduce((a, c) => a + c.clients, 0),
      };
    },
    ...(onvif === undefined ? {} : { onvif }),
    activeSessions: (name: string) => cameraOf(name).stats().clients,
    sessionsOpened: (name: string) => cameraOf(name).stats().sessionsOpened,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        const onvifClosed = onvif?.close() ?? Promise.resolve();
        ticker.stop();
        const stopping = Promise.all([...[...feeders.values()].map((f) => f.stop()), discovery?.close()]);
        feeders.clear();
        // server.close() waits for open connections, so they are dropped right after.
        server.close(() => void Promise.all([stopping, onvifClosed]).then(() => resolve()));
        for (const conn of [...connections]) conn.drop('simulator closing');
        for (const camera of cameras.values()) camera.close();
        cameras.clear();
      });
      return closing;
    },
  };
}

function authFor(r: ResolvedCameraSpec, nonce: string): AuthConfig | undefined {
  if (r.credentials === undefined) return undefined;
  return { scheme: r.auth, realm: REALM, nonce, ...r.credentials };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
