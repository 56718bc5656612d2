// Length: the worker sessions (registration, heartbeats, frame delivery over WebSocket or long poll,
// going offline) share one map of live sessions and its invariants; the pure parts (assignment,
// mailbox, frame messages, detection ingest) already live in their own files.
import { randomBytes } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { Forbidden, NotFound, Unprocessable } from '../errors.js';
import type { EventLog } from '../events/event-log.js';
import { assignCameras } from './assignment.js';
import {
  CLOSE_CODES,
  CONTRACT_VERSION,
  CreditMessage,
  HeartbeatMessage,
  type HeartbeatResponse,
  type WorkerRegistered,
  type WorkerRegistration,
} from './contract.schemas.js';
import type { Frame, FrameHub } from './frame-hub.js';
import { FrameMailbox, type DeliveryStats, type FrameSocket } from './frame-mailbox.js';
import type { WorkerRepository } from './worker.repository.js';
import type { WorkerRecord } from './worker-record.js';

export interface WorkerHubOptions {
  /** HELDAR_WORKER_TIMEOUT_SECONDS in ms. */
  timeoutMs: number;
  /** Most frames in flight to one worker (credits are capped here). */
  maxCredits: number;
  /** Frames are not sent while a socket has this much unsent data queued. */
  maxBufferedBytes: number;
  /** How often silent workers are looked for. */
  sweepMs: number;
}

export const DEFAULT_WORKER_HUB_OPTIONS: Readonly<Omit<WorkerHubOptions, 'timeoutMs'>> = Object.freeze({
  maxCredits: 64,
  maxBufferedBytes: 4 * 1024 * 1024,
  sweepMs: 1000,
});

/** A worker as listings show it. */
export interface WorkerDto extends DeliveryStats {
  id: string;
  name: string;
  version: string;
  labels: string[];
  cameras: string[];
  fps: number | null;
  state: 'online' | 'offline';
  registered_at: number;
  last_seen_at: number;
  assigned_cameras: string[];
  transport: 'push' | 'pull' | null;
  credits: number;
}

interface Session {
  id: string;
  name: string;
  version: string;
  labels: ReadonlySet<string>;
  labelList: string[];
  cameras: string[];
  wants: '*' | ReadonlySet<string>;
  owner: string | null;
  registeredAt: number;
  lastSeenAt: number;
  assigned: Set<string>;
  mailbox: FrameMailbox;
}

/** What ingest needs to know about a worker. */
export interface WorkerIdentity {
  id: string;
  name: string;
  labels: ReadonlySet<string>;
  labelList: readonly string[];
}

/**
 * The workers that are online right now and the frames on their way to them.
 *
 * Flow control is the FrameMailbox's (one per worker): a pushed frame costs one credit, a pull is one
 * credit by itself, and at most one frame per camera waits; a newer one replaces it and counts as a
 * drop. Nothing queues beyond that, however slow a worker is.
 *
 * Liveness: any message, pull, heartbeat or detection counts as a heartbeat. A worker silent for
 * `timeoutMs` is offline: it is forgotten (it must register again), its socket closed, and its
 * cameras go to the other workers of the same name.
 */
export class WorkerHub {
  private readonly sessions = new Map<string, Session>();
  private readonly droppedByCamera = new Map<string, number>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly options: WorkerHubOptions;

  constructor(
    private readonly frames: FrameHub,
    private readonly sampledCameras: () => readonly string[],
    private readonly cameraExists: (id: string) => Promise<boolean>,
    private readonly repository: WorkerRepository,
    private readonly events: EventLog,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<WorkerHubOptions> & { timeoutMs: number },
  ) {
    this.options = { ...DEFAULT_WORKER_HUB_OPTIONS, ...options };
  }

  async start(): Promise<void> {
    const stale = await this.repository.markAllOffline();
    if (stale > 0) this.logger.info({ workers: stale }, 'workers from the previous run marked offline; they register again');
    this.unsubscribe = this.frames.subscribe((frame) => this.onFrame(frame));
    this.sweepTimer = setInterval(() => {
      this.sweep().catch((e: unknown) => this.logger.error({ err: e }, 'worker sweep failed'));
    }, this.options.sweepMs);
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.unsubscribe?.();
    for (const session of this.sessions.values()) {
      session.mailbox.connection?.close(1001, 'the kernel is shutting down');
      session.mailbox.releasePulls();
    }
    const now = this.clock.now();
    for (const id of this.sessions.keys()) await this.repository.setState(id, 'offline', now);
    this.sessions.clear();
  }

  /** Answers every waiting pull (with no frame): the HTTP server closes only once they are done. */
  releasePulls(): void {
    for (const session of this.sessions.values()) session.mailbox.releasePulls();
  }

  get timeoutSeconds(): number {
    return this.options.timeoutMs / 1000;
  }

  async register(input: WorkerRegistration, principal: Principal | undefined): Promise<WorkerRegistered> {
    const cameras = input.cameras ?? ['*'];
    if (!cameras.includes('*')) {
      for (const id of cameras) {
        if (!(await this.cameraExists(id))) throw new Unprocessable(`cameras: camera "${id}" not found`);
      }
    }
    const now = this.clock.now();
    const id = `wk_${randomBytes(8).toString('hex')}`;
    const session: Session = {
      id,
      name: input.name,
      version: input.version,
      labels: new Set(input.labels),
      labelList: [...input.labels],
      cameras,
      wants: cameras.includes('*') ? '*' : new Set(cameras),
      owner: principal?.id ?? null,
      registeredAt: now,
      lastSeenAt: now,
      assigned: new Set(),
      mailbox: new FrameMailbox(
        input.fps ?? null,
        { maxCredits: this.options.maxCredits, maxBufferedBytes: this.options.maxBufferedBytes, maxAgeMs: this.frames.limitsInEffect.recentMs / 2 },
        () => this.clock.now(),
        (cameraId) => this.droppedByCamera.set(cameraId, (this.droppedByCamera.get(cameraId) ?? 0) + 1),
      ),
    };
    await this.repository.insert({
      id,
      name: session.name,
      version: session.version,
      labels: session.labelList,
      cameras,
      fps: input.fps ?? null,
      owner: session.owner,
      state: 'online',
      registered_at: now,
      last_seen_at: now,
    });
    this.sessions.set(id, session);
    this.reassign();
    this.logger.info({ worker_id: id, name: session.name, version: session.version, assigned: [...session.assigned] }, 'worker registered');
    await this.events.log(null, 'worker_online', 'info', {
      worker_id: id,
      name: session.name,
      version: session.version,
      labels: session.labelList,
      assigned_cameras: [...session.assigned],
    });
    return {
      worker_id: id,
      contract_version: CONTRACT_VERSION,
      heartbeat_interval_s: this.heartbeatIntervalSeconds(),
      timeout_s: this.timeoutSeconds,
      max_credits: this.options.maxCredits,
      assigned_cameras: [...session.assigned].sort(),
      stream_path: `/api/workers/${id}/stream`,
      pull_path: `/api/workers/${id}/frames/next`,
    };
  }

  heartbeat(id: string, principal: Principal | undefined): HeartbeatResponse {
    const session = this.require(id, principal);
    this.touch(session);
    return {
      worker_id: id,
      state: 'online',
      assigned_cameras: [...session.assigned].sort(),
      frames_sent: session.mailbox.stats.frames_sent,
      frames_dropped: session.mailbox.stats.frames_dropped,
    };
  }

  /** A worker leaving on purpose: its cameras are reassigned at once. */
  async deregister(id: string, principal: Principal | undefined): Promise<void> {
    const session = this.require(id, principal);
    await this.goOffline(session, 'deregistered');
  }

  /** Checks that the worker exists and the caller may act for it (also before a WebSocket upgrade). */
  identity(id: string, principal: Principal | undefined): WorkerIdentity {
    const session = this.require(id, principal);
    this.touch(session);
    return session;
  }

  /** A WebSocket for pushed frames; a newer one replaces an older one of the same worker. */
  attach(id: string, principal: Principal | undefined, socket: FrameSocket): void {
    const session = this.sessions.get(id);
    if (!session) {
      socket.close(CLOSE_CODES.unknownWorker, `worker ${id} is not registered; register again`);
      return;
    }
    this.authorize(session, principal);
    session.mailbox.connect(socket)?.close(CLOSE_CODES.replaced, 'replaced by a newer connection of the same worker');
    this.touch(session);
    socket.send(
      JSON.stringify({
        type: 'welcome',
        worker_id: id,
        assigned_cameras: [...session.assigned].sort(),
        max_credits: this.options.maxCredits,
        heartbeat_interval_s: this.heartbeatIntervalSeconds(),
      }),
    );
  }

  detach(id: string, socket: FrameSocket): void {
    this.sessions.get(id)?.mailbox.disconnect(socket);
  }

  /** A text message from a worker's socket: credits or a heartbeat. Anything else closes it. */
  message(id: string, socket: FrameSocket, text: string): void {
    const session = this.sessions.get(id);
    if (!session || session.mailbox.connection !== socket) {
      socket.close(CLOSE_CODES.unknownWorker, `worker ${id} is not registered; register again`);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON at all: reported to the worker below, like any other malformed message.
      parsed = undefined;
    }
    this.touch(session);
    if (Value.Check(CreditMessage, parsed)) {
      session.mailbox.grant(parsed.frames);
      return;
    }
    if (Value.Check(HeartbeatMessage, parsed)) return;
    const message = 'messages must be {"type":"credit","frames":1..64} or {"type":"heartbeat"}';
    socket.send(JSON.stringify({ type: 'error', message }));
    socket.close(CLOSE_CODES.protocolError, message);
  }

  /**
   * The next frame for a worker that pulls: at once when one is waiting, else the first to arrive
   * within `waitMs`, else null. `cancelled` (the client went away) gives up the wait.
   */
  async next(id: string, principal: Principal | undefined, waitMs: number, cancelled: AbortSignal): Promise<Frame | null> {
    const session = this.require(id, principal);
    this.touch(session);
    const frame = await session.mailbox.pull(waitMs, cancelled);
    if (this.sessions.has(id)) this.touch(session);
    return frame;
  }

  async list(state: 'online' | 'offline' | undefined, limit: number): Promise<WorkerDto[]> {
    const workers = await this.repository.list(state, limit);
    return workers.map((worker) => this.toDto(worker));
  }

  async get(id: string): Promise<WorkerDto> {
    const worker = await this.repository.find(id);
    if (!worker) throw new NotFound(`worker ${id} not found`);
    return this.toDto(worker);
  }

  /** Frames of a camera dropped on the way to any worker since start. */
  droppedFor(cameraId: string): number {
    return this.droppedByCamera.get(cameraId) ?? 0;
  }

  /** Frames sent, dropped and skipped per online worker (the metrics scrape). */
  deliveryFigures(): { workerId: string; sent: number; dropped: number; skipped: number }[] {
    return [...this.sessions.values()].map((s) => ({ workerId: s.id, sent: s.mailbox.stats.frames_sent, dropped: s.mailbox.stats.frames_dropped, skipped: s.mailbox.stats.frames_skipped }));
  }

  /** Which workers have a camera right now. */
  workersOf(cameraId: string): string[] {
    return [...this.sessions.values()].filter((s) => s.assigned.has(cameraId)).map((s) => s.id);
  }

  /** The set of sampled cameras changed (a camera started or stopped being sampled). */
  reassign(): void {
    const sessions = [...this.sessions.values()];
    const next = assignCameras(this.sampledCameras(), sessions);
    for (const session of sessions) {
      const cameras = next.get(session.id) ?? new Set<string>();
      const changed = cameras.size !== session.assigned.size || [...cameras].some((c) => !session.assigned.has(c));
      if (!changed) continue;
      for (const camera of session.assigned) if (!cameras.has(camera)) session.mailbox.forget(camera);
      session.assigned = cameras;
      session.mailbox.connection?.send(JSON.stringify({ type: 'assignment', assigned_cameras: [...cameras].sort() }));
    }
  }

  /** Marks workers silent for longer than the timeout offline. */
  async sweep(): Promise<void> {
    const now = this.clock.now();
    for (const session of [...this.sessions.values()]) {
      if (now - session.lastSeenAt > this.options.timeoutMs) await this.goOffline(session, 'timed out');
    }
  }

  private async goOffline(session: Session, reason: 'timed out' | 'deregistered'): Promise<void> {
    if (!this.sessions.delete(session.id)) return;
    const cameras = [...session.assigned].sort();
    const socket = session.mailbox.connection;
    if (socket) {
      session.mailbox.disconnect(socket);
      socket.close(reason === 'timed out' ? CLOSE_CODES.timedOut : 1000, reason === 'timed out' ? `silent for more than ${this.timeoutSeconds} s; register again` : 'deregistered');
    }
    session.mailbox.releasePulls();
    this.reassign();
    const now = this.clock.now();
    await this.repository.setState(session.id, 'offline', session.lastSeenAt);
    const reassigned = Object.fromEntries(cameras.map((c) => [c, this.workersOf(c).find((w) => this.sessions.get(w)?.name === session.name) ?? null]));
    this.logger.warn({ worker_id: session.id, name: session.name, reason, cameras, reassigned }, 'worker offline');
    await this.events.log(null, 'worker_offline', reason === 'timed out' ? 'warning' : 'info', {
      worker_id: session.id,
      name: session.name,
      reason,
      silent_seconds: Math.round((now - session.lastSeenAt) / 100) / 10,
      cameras,
      reassigned,
    });
  }

  private onFrame(frame: Frame): void {
    for (const session of this.sessions.values()) {
      if (session.assigned.has(frame.cameraId)) session.mailbox.offer(frame);
    }
  }

  private require(id: string, principal: Principal | undefined): Session {
    const session = this.sessions.get(id);
    if (!session) throw new NotFound(`worker ${id} is not registered (it may have timed out or the kernel restarted); register again`);
    this.authorize(session, principal);
    return session;
  }

  /**
   * A worker is driven by the key that registered it; besides, admin keys and operators/admins
   * signed in as users may act for it (to deregister a stuck worker, say). No principal: auth is off.
   */
  private authorize(session: Session, principal: Principal | undefined): void {
    if (!principal || session.owner === null || principal.id === session.owner) return;
    if (principal.kind === 'api_key' ? principal.scopes.includes('admin') : principal.role !== 'viewer') return;
    throw new Forbidden(`worker ${session.id} was registered with another API key`);
  }

  private touch(session: Session): void {
    session.lastSeenAt = this.clock.now();
  }

  private heartbeatIntervalSeconds(): number {
    return Math.max(1, Math.floor(this.timeoutSeconds / 3));
  }

  private toDto(worker: WorkerRecord): WorkerDto {
    const session = this.sessions.get(worker.id);
    return {
      id: worker.id,
      name: worker.name,
      version: worker.version,
      labels: worker.labels,
      cameras: worker.cameras,
      fps: worker.fps,
      state: session ? 'online' : 'offline',
      registered_at: worker.registered_at,
      last_seen_at: session?.lastSeenAt ?? worker.last_seen_at,
      assigned_cameras: session ? [...session.assigned].sort() : [],
      transport: session ? (session.mailbox.connection ? 'push' : session.mailbox.pulledRecently ? 'pull' : null) : null,
      credits: session?.mailbox.creditsLeft ?? 0,
      frames_sent: session?.mailbox.stats.frames_sent ?? 0,
      frames_dropped: session?.mailbox.stats.frames_dropped ?? 0,
      frames_skipped: session?.mailbox.stats.frames_skipped ?? 0,
    };
  }
}
