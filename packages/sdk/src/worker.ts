// Length: the worker SDK's one public entry point (connect, handshake, frames, detections, reconnect);
// a worker author reads it top to bottom, and its parts share the connection's state.
import WebSocket, { type RawData } from 'ws';
import {
  CLOSE_CODES,
  CONTRACT_VERSION,
  type Detection,
  type DetectionsAccepted,
  type FrameHeader,
  type HeartbeatResponse,
  type KernelMessage,
  type WorkerRegistered,
  type WorkerRegistration,
} from './contract.js';
import { Backoff, sleep } from './backoff.js';
import { decodeFrameMessage, frameFrom, type Frame } from './frame-codec.js';
import { HeldarHttpError, httpError, isPermanent } from './http.js';

export type WorkerState = 'idle' | 'registering' | 'connecting' | 'online' | 'reconnecting' | 'stopped';

/** What onFrame gets besides the frame. */
export interface FrameContext {
  worker: HeldarWorker;
  /** Aborted when the worker stops: long work should give up. */
  signal: AbortSignal;
}

export interface WorkerOptions {
  /** The kernel's base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** An API key with the `worker` scope (`Authorization: Bearer …`). */
  apiKey?: string;
  name: string;
  version: string;
  /** The labels this worker reports; the kernel refuses any other. */
  labels: string[];
  /** Camera ids wanted; default every sampled camera. */
  cameras?: string[];
  /** At most this many frames per second per camera. */
  fps?: number;
  /** `push` (default): frames over a WebSocket. `pull`: HTTP long polling, for networks without WebSockets. */
  transport?: 'push' | 'pull';
  /** Frames handled at once (the credit window). Default 1. */
  concurrency?: number;
  /**
   * Called for every frame. Return the detections (an empty array when nothing was found) and the SDK
   * posts them; return undefined to post nothing (or post yourself with postDetections).
   */
  onFrame: (frame: Frame, context: FrameContext) => Detection[] | undefined | Promise<Detection[] | undefined>;
  /** Cameras assigned to this worker changed. */
  onAssignment?: (cameras: readonly string[]) => void;
  onStateChange?: (state: WorkerState) => void;
  /** Anything that went wrong and was recovered from (reconnects, refused detections). Default: a line on stderr. */
  onError?: (error: Error) => void;
  /** Reconnect backoff: first delay and cap, ms. Default 500 → 10000. */
  reconnect?: { initialMs?: number; maxMs?: number };
}

export interface WorkerStats {
  framesReceived: number;
  detectionsPosted: number;
  /** Frames whose detections the kernel refused (or that failed to post). */
  postErrors: number;
  handlerErrors: number;
  reconnects: number;
  registrations: number;
}

export interface HeldarWorker {
  /** Registers (retrying while the kernel is unreachable) and starts receiving frames in the background. */
  start(): Promise<void>;
  /** Stops receiving, waits for frames in progress, and deregisters. */
  stop(): Promise<void>;
  readonly state: WorkerState;
  readonly workerId: string | null;
  readonly assignedCameras: readonly string[];
  readonly stats: Readonly<WorkerStats>;
  postDetections(frame: Pick<Frame, 'id' | 'cameraId'>, detections: Detection[]): Promise<DetectionsAccepted>;
  heartbeat(): Promise<HeartbeatResponse>;
}

export function createWorker(options: WorkerOptions): HeldarWorker {
  return new WorkerClient(options);
}

type Outcome = 'reregister' | 'reconnect' | 'stopped';

const PULL_WAIT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 15_000;

class WorkerClient implements HeldarWorker {
  private currentState: WorkerState = 'idle';
  private registration: WorkerRegistered | null = null;
  private assigned: string[] = [];
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;
  private socket: WebSocket | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  /** Pushed frames being handled now (the credit window minus these is what the kernel may send). */
  private busy = 0;
  private readonly base: string;
  readonly stats: WorkerStats = { framesReceived: 0, detectionsPosted: 0, postErrors: 0, handlerErrors: 0, reconnects: 0, registrations: 0 };

  constructor(private readonly options: WorkerOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  get state(): WorkerState {
    return this.currentState;
  }

  get workerId(): string | null {
    return this.registration?.worker_id ?? null;
  }

  get assignedCameras(): readonly string[] {
    return this.assigned;
  }

  async start(): Promise<void> {
    if (this.loop) throw new Error('start() was already called');
    const backoff = this.backoff();
    // The first registration happens here, so a configuration mistake (bad key, unknown label
    // format) rejects start(); an unreachable kernel is waited for.
    for (;;) {
      try {
        await this.register();
        break;
      } catch (e: unknown) {
        if (isPermanent(e) || this.stopping.signal.aborted) throw e;
        this.report(e);
        await sleep(backoff.next(), this.stopping.signal);
      }
    }
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (this.currentState === 'stopped') return;
    this.stopping.abort();
    this.socket?.close(1000, 'worker stopping');
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    const reg = this.registration;
    if (reg) {
      // Best effort: deregistering hands the cameras on at once instead of after the timeout.
      await this.request('DELETE', `/api/workers/${reg.worker_id}`, undefined, AbortSignal.timeout(5000)).catch(() => undefined);
    }
    this.registration = null;
    this.setState('stopped');
  }

  postDetections(frame: Pick<Frame, 'id' | 'cameraId'>, detections: Detection[]): Promise<DetectionsAccepted> {
    const reg = this.registration;
    if (!reg) return Promise.reject(new Error('the worker is not registered'));
    return this.request<DetectionsAccepted>('POST', '/api/detections', {
      worker_id: reg.worker_id,
      frame_id: frame.id,
      camera_id: frame.cameraId,
      detections,
    });
  }

  heartbeat(): Promise<HeartbeatResponse> {
    const reg = this.registration;
    if (!reg) return Promise.reject(new Error('the worker is not registered'));
    return this.request<HeartbeatResponse>('POST', `/api/workers/${reg.worker_id}/heartbeat`);
  }

  private async run(): Promise<void> {
    const backoff = this.backoff();
    while (!this.stopping.signal.aborted) {
      let outcome: Outcome = 'reconnect';
      const startedAt = Date.now();
      try {
        if (!this.registration) await this.register();
        const reg = this.registration as WorkerRegistered | null;
        if (!reg) continue;
        outcome = this.options.transport === 'pull' ? await this.runPull(reg) : await this.runPush(reg);
      } catch (e: unknown) {
        if (!this.stopping.signal.aborted) this.report(e);
      }
      if (this.stopping.signal.aborted || outcome === 'stopped') break;
      if (outcome === 'reregister') this.registration = null;
      // A connection that lasted a while was healthy: the next attempt starts from the first delay.
      if (Date.now() - startedAt > 30_000) backoff.reset();
      this.stats.reconnects += 1;
      this.setState('reconnecting');
      await sleep(backoff.next(), this.stopping.signal);
    }
  }

  private async register(): Promise<void> {
    this.setState('registering');
    const body: WorkerRegistration = {
      name: this.options.name,
      version: this.options.version,
      labels: this.options.labels,
      contract_version: CONTRACT_VERSION,
      ...(this.options.cameras ? { cameras: this.options.cameras } : {}),
      ...(this.options.fps !== undefined ? { fps: this.options.fps } : {}),
    };
    const reg = await this.request<WorkerRegistered>('POST', '/api/workers', body);
    this.registration = reg;
    this.stats.registrations += 1;
    this.setAssigned(reg.assigned_cameras);
  }

  private runPush(reg: WorkerRegistered): Promise<Outcome> {
    this.setState('connecting');
    const url = this.base.replace(/^http/, 'ws') + reg.stream_path;
    const credits = Math.max(1, Math.min(this.options.concurrency ?? 1, reg.max_credits));
    return new Promise<Outcome>((resolve) => {
      const ws = new WebSocket(url, { headers: this.headers(), maxPayload: 64 * 1024 * 1024 });
      this.socket = ws;
      let refusedWith: number | null = null;
      let heartbeat: NodeJS.Timeout | undefined;
      ws.on('unexpected-response', (_req, res) => {
        refusedWith = res.statusCode ?? 0;
        res.resume();
        ws.terminate();
      });
      ws.on('open', () => {
        this.setState('online');
        // Frames still being worked on from before a reconnect count against the window.
        const free = credits - this.busy;
        if (free > 0) ws.send(JSON.stringify({ type: 'credit', frames: free }));
        heartbeat = setInterval(() => {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'heartbeat' }));
        }, reg.heartbeat_interval_s * 1000);
      });
      ws.on('message', (data: RawData, isBinary: boolean) => {
        if (isBinary) this.onPushedFrame(ws, toBuffer(data));
        else this.onKernelMessage(toBuffer(data).toString('utf8'));
      });
      ws.on('error', (err: Error) => {
        if (refusedWith === null && !this.stopping.signal.aborted) this.report(new Error(`frame stream: ${err.message}`, { cause: err }));
      });
      ws.on('close', (code: number, reason: Buffer) => {
        clearInterval(heartbeat);
        if (this.socket === ws) this.socket = null;
        if (this.stopping.signal.aborted) return resolve('stopped');
        if (refusedWith !== null) {
          this.report(new Error(`frame stream refused with HTTP ${refusedWith}`));
          return resolve(refusedWith === 404 ? 'reregister' : 'reconnect');
        }
        const lost = code === CLOSE_CODES.unknownWorker || code === CLOSE_CODES.timedOut;
        if (code !== 1000) this.report(new Error(`frame stream closed (${code}${reason.length > 0 ? `: ${reason.toString('utf8')}` : ''})`));
        resolve(lost || this.registration !== reg ? 'reregister' : 'reconnect');
      });
    });
  }

  private onPushedFrame(ws: WebSocket, data: Buffer): void {
    let frame: Frame;
    try {
      frame = decodeFrameMessage(data);
    } catch (e: unknown) {
      this.report(e);
      // The credit it used is given back, or the window would shrink with every bad message.
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'credit', frames: 1 }));
      return;
    }
    this.busy += 1;
    this.track(
      this.handle(frame).finally(() => {
        this.busy -= 1;
        // The frame is done: the kernel may send the next one, on whatever connection is current.
        const current = this.socket;
        if (current?.readyState === WebSocket.OPEN) current.send(JSON.stringify({ type: 'credit', frames: 1 }));
      }),
    );
  }

  private onKernelMessage(text: string): void {
    let message: KernelMessage;
    try {
      message = JSON.parse(text) as KernelMessage;
    } catch (e: unknown) {
      this.report(new Error('the kernel sent a message that is not JSON', { cause: e }));
      return;
    }
    if (message.type === 'welcome' || message.type === 'assignment') this.setAssigned(message.assigned_cameras);
    else if (message.type === 'error') this.report(new Error(`kernel: ${message.message}`));
  }

  private async runPull(reg: WorkerRegistered): Promise<Outcome> {
    this.setState('online');
    const session = new AbortController();
    const onStop = () => session.abort();
    this.stopping.signal.addEventListener('abort', onStop, { once: true });
    // Pulls count as heartbeats, but a long onFrame could leave a gap: heartbeat on a timer too.
    const heartbeat = setInterval(() => {
      this.heartbeat()
        .then((hb) => this.setAssigned(hb.assigned_cameras))
        .catch((e: unknown) => {
          if (e instanceof HeldarHttpError && e.status === 404) session.abort();
        });
    }, reg.heartbeat_interval_s * 1000);
    const loops = Array.from({ length: Math.max(1, this.options.concurrency ?? 1) }, () => this.pullLoop(reg, session.signal));
    try {
      const outcome = await Promise.race(loops);
      session.abort();
      const all = await Promise.all(loops);
      return this.stopping.signal.aborted ? 'stopped' : all.includes('reregister') || outcome === 'reregister' || this.registration !== reg ? 'reregister' : outcome;
    } finally {
      clearInterval(heartbeat);
      this.stopping.signal.removeEventListener('abort', onStop);
    }
  }

  private async pullLoop(reg: WorkerRegistered, signal: AbortSignal): Promise<Outcome> {
    while (!signal.aborted) {
      let res: Response;
      try {
        res = await fetch(`${this.base}${reg.pull_path}?wait_ms=${PULL_WAIT_MS}`, {
          headers: this.headers(),
          signal: AbortSignal.any([signal, AbortSignal.timeout(PULL_WAIT_MS + REQUEST_TIMEOUT_MS)]),
        });
      } catch (e: unknown) {
        if (signal.aborted) return this.stopping.signal.aborted ? 'stopped' : 'reregister';
        this.report(e);
        return 'reconnect';
      }
      if (res.status === 204) continue;
      if (res.status === 404) {
        await res.body?.cancel();
        return 'reregister';
      }
      if (!res.ok) {
        this.report(await httpError(res));
        return 'reconnect';
      }
      const header: FrameHeader = {
        type: 'frame',
        frame_id: res.headers.get('x-heldar-frame-id') ?? '',
        camera_id: res.headers.get('x-heldar-camera-id') ?? '',
        seq: Number(res.headers.get('x-heldar-seq') ?? 0),
        captured_at: res.headers.get('x-heldar-captured-at') ?? '',
        width: Number(res.headers.get('x-heldar-width') ?? 0),
        height: Number(res.headers.get('x-heldar-height') ?? 0),
      };
      const jpeg = Buffer.from(await res.arrayBuffer());
      const work = this.handle(frameFrom(header, jpeg));
      this.track(work);
      await work;
    }
    return this.stopping.signal.aborted ? 'stopped' : 'reregister';
  }

  /** Runs onFrame and posts what it returns; errors are reported, never thrown. */
  private async handle(frame: Frame): Promise<void> {
    this.stats.framesReceived += 1;
    let detections: Detection[] | undefined;
    try {
      detections = await this.options.onFrame(frame, { worker: this, signal: this.stopping.signal });
    } catch (e: unknown) {
      this.stats.handlerErrors += 1;
      this.report(new Error(`onFrame failed for frame ${frame.id}`, { cause: e }));
      return;
    }
    if (detections === undefined) return;
    try {
      await this.postDetections(frame, detections);
      this.stats.detectionsPosted += detections.length;
    } catch (e: unknown) {
      this.stats.postErrors += 1;
      this.report(e);
      // Not registered any more (timed out while busy): drop the connection, the loop re-registers.
      if (e instanceof HeldarHttpError && e.status === 404 && this.registration !== null) {
        this.registration = null;
        this.socket?.close(1000, 'registering again');
      }
    }
  }

  private async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? this.headers() : { ...this.headers(), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!res.ok) throw await httpError(res);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  private headers(): Record<string, string> {
    return this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {};
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private setAssigned(cameras: readonly string[]): void {
    const next = [...cameras].sort();
    if (next.join('\u0000') === this.assigned.join('\u0000')) return;
    this.assigned = next;
    this.options.onAssignment?.(next);
  }

  private setState(state: WorkerState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.options.onStateChange?.(state);
  }

  private report(e: unknown): void {
    const error = e instanceof Error ? e : new Error(String(e));
    if (this.options.onError) this.options.onError(error);
    else process.stderr.write(`[heldar worker ${this.options.name}] ${error.message}\n`);
  }

  private backoff(): Backoff {
    return new Backoff(this.options.reconnect?.initialMs ?? 500, this.options.reconnect?.maxMs ?? 10_000);
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
