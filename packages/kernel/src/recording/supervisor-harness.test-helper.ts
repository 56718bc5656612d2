/**
 * Test support for the recorder's parts in-process: a fake Launcher whose runs a test ends by hand, a
 * sleep that only ends when the test lets time pass on the ManualClock, and a SupervisorDeps over a
 * real in-memory SQLite database. Not a test file itself (no .test.ts suffix).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { CameraRepository } from '../cameras/camera.repository.js';
import { AesGcmSecretBox } from '../secrets/secret-box.js';
import { CameraStatusRepository } from '../cameras/camera-status.repository.js';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { openTestDatabase } from '../../test/helpers/test-database.js';
import type { NewCamera } from '../cameras/camera.js';
import { EventBus } from '../events/event-bus.js';
import { EventLog } from '../events/event-log.js';
import { EventRepository } from '../events/event.repository.js';
import { SegmentRepository } from '../storage/segment.repository.js';
import type { LaunchSpec, LaunchedRun, Launcher, RunExit } from './process-launcher.js';
import { SegmentIndexer } from './segment-indexer.js';
import { StagedFileSalvage } from './staged-file-salvage.js';
import type { SupervisorDeps } from './supervisor-deps.js';

/** Polls `check` until it returns something other than undefined/false (a deadline, not a sleep). */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** One run of the fake ffmpeg: the test ends it (`end`), or the supervisor stops it (`stop`). */
export class FakeRun implements LaunchedRun {
  readonly exited: Promise<RunExit>;
  touches = 0;
  stops = 0;
  private resolveExit!: (exit: RunExit) => void;

  constructor(
    readonly pid: number,
    readonly spec: LaunchSpec,
  ) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  /** The staging file name pattern this run writes to (`<stamp>-<nonce>-%06d.mp4`) and its folder. */
  get output(): { dir: string; prefix: string } {
    const pattern = this.spec.args.find((a) => a.endsWith('%06d.mp4'));
    if (pattern === undefined) throw new Error('no output pattern in the record arguments');
    return { dir: path.dirname(pattern), prefix: path.basename(pattern).replace('%06d.mp4', '') };
  }

  touch(): void {
    this.touches++;
  }

  end(exit: Partial<RunExit> = {}): void {
    this.resolveExit({ reason: 'exited', code: 1, signal: null, stderrTail: '', ranMs: 1000, ...exit });
  }

  async stop(): Promise<RunExit> {
    this.stops++;
    this.end({ reason: 'stopped', code: 0 });
    return this.exited;
  }
}

/** A Launcher that records every run it starts. */
export class FakeLauncher {
  readonly runs: FakeRun[] = [];
  /** What "ffmpeg" does as it starts (synchronously, before the supervisor's first tick). */
  onLaunch: (run: FakeRun) => void = () => undefined;
  readonly launch: Launcher = (spec) => {
    const run = new FakeRun(1001 + this.runs.length, spec);
    this.runs.push(run);
    this.onLaunch(run);
    return run;
  };

  /** Waits for the `n`-th run (1-based) to be launched. */
  async run(n: number): Promise<FakeRun> {
    return until(`ffmpeg run ${n}`, () => this.runs[n - 1]);
  }
}

/**
 * The supervisor's sleep: a pause ends when the test lets time pass (`elapse`, which moves the clock)
 * or when the supervisor wakes itself up (a run exited, a refresh, a stop).
 */
export class ManualSleep {
  /** Every pause asked for, in order (ms). */
  readonly asked: number[] = [];
  private pending: { ms: number; done: () => void } | null = null;

  constructor(private readonly clock: ManualClock) {}

  readonly sleep = (ms: number, signal: AbortSignal): Promise<void> => {
    this.asked.push(ms);
    return new Promise<void>((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        if (this.pending?.done === done) this.pending = null;
        resolve();
      };
      this.pending = { ms, done };
      signal.addEventListener('abort', done, { once: true });
    });
  };

  /** Waits until the supervisor is in a pause; returns how long it asked to wait. */
  async paused(): Promise<number> {
    return until('the supervisor to pause', () => this.pending?.ms);
  }

  /**
   * Polls `check`, letting every pending pause of `tickMs` run out meanwhile: the loop's tick goes
   * on as it would (a run that ends during a tick is noticed at the next one), longer pauses wait.
   */
  async ticksUntil<T>(what: string, tickMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
    return until(what, async () => {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      const pending = this.pending;
      if (pending?.ms === tickMs) {
        this.clock.advance(tickMs);
        pending.done();
      }
      return undefined;
    });
  }

  /** Lets the pending pause run out: the clock moves by its length. */
  async elapse(): Promise<number> {
    const ms = await this.paused();
    const pending = this.pending;
    this.clock.advance(ms);
    pending?.done();
    return ms;
  }
}

export interface Harness {
  db: Db;
  root: string;
  clock: ManualClock;
  sleeper: ManualSleep;
  launcher: FakeLauncher;
  deps: SupervisorDeps;
  cameras: CameraRepository;
  close(): Promise<void>;
}

export const T0 = Date.UTC(2026, 10, 1, 12);

export async function harness(): Promise<Harness> {
  const { db, dispose: disposeDb } = await openTestDatabase();
  const root = await mkdtemp(path.join(tmpdir(), 'heldar-supervisor-'));
  const clock = new ManualClock(T0);
  const logger = pino({ level: process.env.HARNESS_LOG ?? 'silent' });
  const events = new EventLog(new EventRepository(db), new EventBus(() => undefined), clock, logger);
  const cameras = new CameraRepository(db, new AesGcmSecretBox(randomBytes(32)));
  const status = new CameraStatusRepository(db);
  const indexer = new SegmentIndexer(root, new SegmentRepository(db), status, clock, logger);
  const sleeper = new ManualSleep(clock);
  const launcher = new FakeLauncher();
  const deps: SupervisorDeps = {
    recordingsRoot: root,
    timeZone: 'UTC',
    cameras,
    status,
    indexer,
    salvage: new StagedFileSalvage(root, () => Promise.resolve(true), events, logger),
    events,
    clock,
    logger,
    launch: launcher.launch,
    // Shorter than the first backoff (1 s): a test tells a tick's pause from a retry's.
    tickMs: 250,
    stallGraceMs: 30_000,
    mirror: null,
    sleep: sleeper.sleep,
    // The camera answers all along: a retry waits its whole backoff.
    probe: () => Promise.resolve(true),
    volumeStats: () => Promise.resolve({ freeBytes: 1e12, totalBytes: 2e12 }),
    // No live output unless a test hands in a sink.
    live: null,
  };
  return {
    db,
    root,
    clock,
    sleeper,
    launcher,
    deps,
    cameras,
    close: async () => {
      await disposeDb();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A continuous camera with a stream URL (nothing listens: the launcher is fake). */
export async function addCamera(h: Harness, id: string, fields: Partial<NewCamera> = {}): Promise<void> {
  await h.cameras.insert(
    {
      id,
      name: id,
      enabled: true,
      record_enabled: true,
      record_mode: 'continuous',
      stream_url: 'rtsp://127.0.0.1:1/stream',
      address: null,
      port: null,
      path: null,
      username: null,
      password: null,
      sub_stream_url: null,
      segment_seconds: 2,
      record_audio: false,
      mirror_enabled: false,
      pre_roll_seconds: 5,
      post_roll_seconds: 10,
      retention_days: null,
      retention_max_bytes: null,
      detect_fps: null,
      created_at: T0,
      updated_at: T0,
      ...fields,
    },
    'idle',
  );
}

export async function statusOf(h: Harness, id: string) {
  return h.db.selectFrom('camera_status').selectAll().where('camera_id', '=', id).executeTakeFirstOrThrow();
}

export async function eventKinds(h: Harness, id: string): Promise<string[]> {
  const rows = await h.db.selectFrom('events').select('kind').where('camera_id', '=', id).orderBy('id').execute();
  return rows.map((r) => r.kind);
}

/**
 * A camera's event kinds once `kind` is among them. The supervisor writes its events in the
 * background (they never hold up the recording), so a test that saw another effect of the same step
 * waits for the event too.
 */
export async function eventKindsOnceLogged(h: Harness, id: string, kind: string): Promise<string[]> {
  return until(`${kind} logged`, async () => {
    const kinds = await eventKinds(h, id);
    return kinds.includes(kind) && kinds;
  });
}
