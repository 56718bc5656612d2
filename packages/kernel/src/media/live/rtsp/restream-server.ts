import { createServer, type Server } from 'node:net';
import type { Logger } from 'pino';
import type { RtspCredential } from '../../../auth/api-key.service.js';
import type { Principal } from '../../../auth/principal.js';
import type { LiveHub, LiveHubs, LiveStreamInfo, LiveStreamName } from '../live-types.js';
import { RestreamAuthenticator } from './restream-authenticator.js';
import { RestreamConnection } from './restream-connection.js';
import type { RestreamContext } from './restream-context.js';

export interface RestreamServerDeps {
  hubs: LiveHubs;
  admitViewer(principalId: string): () => void;
  /** The principal and RTSP password of an API key id (ApiKeyService.rtspCredential). */
  rtspCredential(keyId: string): Promise<RtspCredential | null>;
  /** Audits a session start (PLAY). */
  sessionStarted(principal: Principal, cameraId: string, stream: LiveStreamName, ip: string | null): void;
  logger: Logger;
  /** How long DESCRIBE waits for a stream that has no init segment yet (an on-demand start). */
  streamWaitMs?: number;
}

const DEFAULT_STREAM_WAIT_MS = 15_000;

/** The RTSP restream's TCP listener and its open connections. */
export class RestreamServer {
  private readonly server: Server;
  private readonly connections = new Set<{ close(): void }>();
  private readonly ctx: RestreamContext;
  private readonly log: Logger;

  constructor(private readonly deps: RestreamServerDeps) {
    this.log = deps.logger.child({ module: 'rtsp' });
    const connections = this.connections;
    this.ctx = {
      hubs: deps.hubs,
      admitViewer: (id) => deps.admitViewer(id),
      waitForStream: (hub) => waitForStream(hub, deps.streamWaitMs ?? DEFAULT_STREAM_WAIT_MS),
      sessionStarted: (...args) => deps.sessionStarted(...args),
      closed: (c) => connections.delete(c),
    };
    this.server = createServer((socket) => {
      const connection = new RestreamConnection(socket, new RestreamAuthenticator((id) => deps.rtspCredential(id)), this.ctx, this.log);
      connections.add(connection);
    });
  }

  /** Listens; resolves with the port (the one asked for, or the one picked for 0). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  /** Stops accepting, closes every session (their viewer slots are given back). */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const c of [...this.connections]) c.close();
    await closed;
  }

  connectionCount(): number {
    return this.connections.size;
  }
}

/** Attaches a throwaway viewer that only waits for start(). */
function waitForStream(hub: LiveHub, timeoutMs: number): Promise<LiveStreamInfo | null> {
  return new Promise((resolve) => {
    const wait: { detach?: () => void; done: boolean } = { done: false };
    const finish = (info: LiveStreamInfo | null) => {
      if (wait.done) return;
      wait.done = true;
      clearTimeout(timer);
      // start() may run inside attach(), before attach has returned the detach function.
      setImmediate(() => wait.detach?.());
      resolve(info);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    wait.detach = hub.attach({
      start: (info) => finish(info),
      fragment: () => undefined,
      skipped: () => undefined,
      end: () => finish(null),
      backlogBytes: () => 0,
    });
  });
}
