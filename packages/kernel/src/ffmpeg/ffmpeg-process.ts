// Length: this is the one ffmpeg process class (start-up deadline, stall watchdog, graceful stop, typed
// exit reasons, bounded stderr). Its states and timers guard each other; split across files they would
// hide the invariants that keep a recorder from being killed mid-segment or left running.
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { LineSplitter, LineTail } from './lines.js';
import { underPrefix } from './parent-death.js';

/**
 * Why a run ended:
 * - `stopped`: we asked (stop(), kill() or the abort signal), whatever the exit code;
 * - `timeout`: no start signal before the start-up deadline, or the whole-run deadline passed;
 * - `stalled`: started, then no touch() within the stall timeout;
 * - `failed`: could not be started (binary missing, not executable), exited on its own with a
 *   non-zero code or a signal, or a line callback threw;
 * - `exited`: exited on its own with code 0 (a probe that finished, a stream that ended cleanly).
 */
export type ExitReason = 'stopped' | 'timeout' | 'stalled' | 'failed' | 'exited';

export interface ExitInfo {
  reason: ExitReason;
  /** Exit code, or null when it was ended by a signal or never ran. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last ≤ 8 KiB of stderr, whole lines, credentials masked. */
  stderrTail: string;
  /** Milliseconds from spawn to exit (0 when it never ran). */
  ranMs: number;
  /** For `timeout`, `stalled` and `failed`: what went wrong, written for a person, masked. */
  error?: Error;
}

/** How the process is ended when a deadline, the stall watchdog or the abort signal fires. */
export type StopMode = 'graceful' | 'kill';

export interface FfmpegProcessOptions {
  bin: string;
  args: readonly string[];
  /** Credential mask: applied to the arguments and to every stderr line before they are kept or logged. */
  redact: (text: string) => string;
  logger?: Logger;
  /** Short name for log lines and messages; default: the binary's file name. */
  name?: string;
  /**
   * A command the child is started under, e.g. parentDeathPrefix()'s `setpriv --pdeathsig TERM --` so
   * it cannot outlive Heldar. Default none.
   */
  prefix?: readonly string[];
  /** Variables added to (or overriding) the inherited environment, e.g. `{ TZ: 'UTC' }`. */
  env?: Readonly<Record<string, string>>;
  cwd?: string;
  /** Ends the run (with `stopMode`) when aborted; an already aborted signal means it never spawns. */
  signal?: AbortSignal;
  /**
   * What counts as "started": `manual` — the caller calls markStarted() (or touch());
   * `stdout-line` — the first stdout line (e.g. the first finished segment of a recorder).
   */
  startedOn?: 'manual' | 'stdout-line';
  /** No start signal within this time → stop with reason `timeout`. */
  startupTimeoutMs?: number;
  /**
   * Once started, no touch() within this time → stop with reason `stalled`. Armed when started, or at
   * spawn when there is no start-up deadline.
   */
  stallTimeoutMs?: number;
  /** Deadline for the whole run (probes) → reason `timeout`. */
  timeoutMs?: number;
  /** How deadlines, the watchdog and the abort signal end the run. Default `graceful`. */
  stopMode?: StopMode;
  /** Graceful stop: wait this long after `q` before SIGTERM. Default 5000. */
  quitGraceMs?: number;
  /** Graceful stop: wait this long after SIGTERM before SIGKILL. Default 3000 (8 s in all). */
  termGraceMs?: number;
  /** Bytes of stderr kept for ExitInfo.stderrTail. Default 8192. */
  stderrTailBytes?: number;
  /** Each stdout line, raw (not masked): ffmpeg's segment list, ffprobe's JSON. */
  onStdoutLine?: (line: string) => void;
  /**
   * Raw stdout bytes instead of lines (binary output such as a stream of JPEG frames). When set,
   * stdout is not split into lines and onStdoutLine is never called; with `startedOn: 'stdout-line'`
   * the first chunk counts as the start.
   */
  onStdoutData?: (chunk: Buffer) => void;
  /**
   * Bytes written to stdin at spawn, which is then closed (input `pipe:0`, e.g. a recorded fragment
   * for a snapshot). With it stdin cannot carry a graceful `q`: use stopMode `kill`.
   */
  stdinData?: Buffer;
  /** Each stderr line, already masked. */
  onStderrLine?: (line: string) => void;
  /**
   * A second output on file descriptor 3 (ffmpeg's `pipe:3`), e.g. the live copy of a recorder's
   * stream. Read eagerly and never paused, so ffmpeg never blocks on it; a throwing onData is logged
   * once and its chunks dropped, read errors are logged and ignored: this output cannot end the run.
   */
  extraOutput?: ExtraOutput;
  /**
   * Known harmless stderr lines (masked text in) to drop before they reach the tail or
   * onStderrLine, so a warning ffmpeg repeats every segment cannot crowd real errors out of the tail.
   */
  dropStderrLine?: (line: string) => boolean;
}

/** Where the bytes of `pipe:3` go. */
export interface ExtraOutput {
  onData(chunk: Buffer): void;
}

const DEFAULT_QUIT_GRACE_MS = 5000;
const DEFAULT_TERM_GRACE_MS = 3000;
// After 'exit', 'close' waits for the stdio pipes; a grandchild that inherited them could hold them
// open forever, so the run is finished anyway after this long.
const CLOSE_AFTER_EXIT_MS = 2000;

type State = 'new' | 'running' | 'done';

/**
 * One run of an ffmpeg (or ffprobe) child: spawn, stdout lines, a bounded and masked stderr tail
 * (drained continuously so the pipe never fills and blocks ffmpeg), a start-up deadline, a stall
 * watchdog, graceful or immediate stop, and an `exited` promise that always resolves — never rejects —
 * with the reason the run ended.
 *
 * stdin stays a pipe: a graceful stop writes `q` to it, which makes ffmpeg stop reading input, flush
 * and write the trailer, so the segment muxer finishes (and lists) the last segment. A child that
 * ignores `q` (or is blocked in network I/O, where ffmpeg only looks at the keyboard between packets)
 * gets SIGTERM — which ffmpeg also handles gracefully and which interrupts blocking I/O — and then
 * SIGKILL.
 */
export class FfmpegProcess {
  /** Resolves once the child is gone (and its output read) or could not be started. */
  readonly exited: Promise<ExitInfo>;
  /** The command line with credentials masked, for logs and status. */
  readonly commandLine: string;
  readonly name: string;

  private readonly opts: FfmpegProcessOptions;
  private resolveExited: (info: ExitInfo) => void = () => undefined;
  private state: State = 'new';
  private child: ChildProcess | undefined;
  private spawnedAt = 0;
  private isStarted = false;
  private lastTouchAt = 0;
  private stopReason: ExitReason | undefined;
  private stopError: Error | undefined;
  private stopMode: StopMode | undefined;
  private spawnError: Error | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private startupTimer: NodeJS.Timeout | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private readonly stdoutLines = new LineSplitter();
  private readonly stderrLines = new LineSplitter();
  private readonly tail: LineTail;
  private readonly onAbort = (): void => {
    this.requestStop('stopped', undefined, this.opts.stopMode ?? 'graceful');
  };

  constructor(opts: FfmpegProcessOptions) {
    this.opts = opts;
    this.name = opts.name ?? basename(opts.bin);
    this.tail = new LineTail(opts.stderrTailBytes ?? 8192);
    this.commandLine = opts.redact([opts.bin, ...opts.args].map(quoteForLog).join(' '));
    this.exited = new Promise<ExitInfo>((resolve) => {
      this.resolveExited = resolve;
    });
  }

  /** The child's pid (undefined before start() and when spawning failed; kept after exit). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get started(): boolean {
    return this.isStarted;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** Spawns the child. Throws only when called twice; every failure to run resolves `exited`. */
  start(): this {
    if (this.state !== 'new') throw new Error(`${this.name}: start() called on a run that was already started or stopped`);
    const { signal } = this.opts;
    if (signal?.aborted) {
      this.finish({ reason: 'stopped', code: null, signal: null, ranMs: 0 });
      return this;
    }
    this.state = 'running';
    this.spawnedAt = performance.now();
    this.opts.logger?.debug({ proc: this.name, cmd: this.commandLine }, `${this.name}: starting`);

    let child: ChildProcess;
    try {
      const command = underPrefix(this.opts.prefix ?? [], this.opts.bin, this.opts.args);
      child = spawn(command.file, command.args, {
        cwd: this.opts.cwd,
        // Inherit the environment (PATH, locale) and add the caller's variables on top.
        env: this.opts.env ? { ...process.env, ...this.opts.env } : undefined,
        // fd 3 only when asked for: an ffmpeg writing to pipe:3 without it would fail to open it.
        stdio: this.opts.extraOutput ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'],
        // Its own process group: a Ctrl-C in Heldar's terminal reaches Heldar alone, which then stops
        // every ffmpeg in order (q, then signals) instead of each one dying on its own mid-shutdown.
        detached: true,
      });
    } catch (e: unknown) {
      // spawn() throws synchronously for invalid arguments (e.g. a NUL byte), asynchronously for
      // a missing binary; both end the run the same way.
      this.spawnError = this.describeSpawnError(e);
      this.finish({ reason: 'failed', code: null, signal: null, ranMs: 0 });
      return this;
    }
    this.child = child;

    child.on('error', (err: Error) => {
      if (child.pid === undefined) {
        this.spawnError = this.describeSpawnError(err);
        this.finish({ reason: 'failed', code: null, signal: null, ranMs: 0 });
      } else {
        // E.g. kill() failing on a process that is already gone; the exit path still runs.
        this.opts.logger?.warn({ proc: this.name, pid: child.pid, err: this.maskError(err) }, `${this.name}: process error`);
      }
    });
    child.on('exit', (code, sig) => {
      if (this.state === 'done') return;
      const timer = setTimeout(() => this.finishExit(code, sig), CLOSE_AFTER_EXIT_MS);
      this.timers.add(timer);
    });
    child.on('close', (code: number | null, sig: NodeJS.Signals | null) => this.finishExit(code, sig));

    child.stdout?.on('data', (chunk: Buffer) => {
      if (this.opts.onStdoutData) this.handleStdoutData(this.opts.onStdoutData, chunk);
      else this.handleStdout(this.stdoutLines.push(chunk));
    });
    child.stderr?.on('data', (chunk: Buffer) => this.handleStderr(this.stderrLines.push(chunk)));
    if (this.opts.extraOutput) this.readExtraOutput(child, this.opts.extraOutput);
    for (const stream of [child.stdout, child.stderr, child.stdin]) {
      // EPIPE on stdin when the child has already exited is expected and harmless (the exit path
      // reports what matters); without a listener it would be an uncaught exception.
      stream?.on('error', (err: Error) => {
        this.opts.logger?.debug({ proc: this.name, err: this.maskError(err) }, `${this.name}: stdio error`);
      });
    }

    if (this.opts.stdinData) child.stdin?.end(this.opts.stdinData);

    signal?.addEventListener('abort', this.onAbort, { once: true });
    if (this.opts.startupTimeoutMs !== undefined) {
      const ms = this.opts.startupTimeoutMs;
      this.startupTimer = this.addTimer(ms, () => {
        if (!this.isStarted) {
          this.requestStop('timeout', new Error(`${this.name} did not start within ${ms} ms`), this.opts.stopMode ?? 'graceful');
        }
      });
    } else if (this.opts.stallTimeoutMs !== undefined) {
      this.armStallWatchdog();
    }
    if (this.opts.timeoutMs !== undefined) {
      const ms = this.opts.timeoutMs;
      this.addTimer(ms, () => {
        this.requestStop('timeout', new Error(`${this.name} did not finish within ${ms} ms`), this.opts.stopMode ?? 'graceful');
      });
    }
    return this;
  }

  /** The caller saw the run start (e.g. the first segment opened). Ends the start-up deadline. */
  markStarted(): void {
    if (this.isStarted || this.state !== 'running') return;
    this.isStarted = true;
    if (this.startupTimer) this.clearTimer(this.startupTimer);
    this.startupTimer = undefined;
    if (this.opts.stallTimeoutMs !== undefined && !this.stallTimer) this.armStallWatchdog();
  }

  /** The caller saw progress (e.g. a finished segment): feeds the stall watchdog; implies started. */
  touch(): void {
    this.lastTouchAt = performance.now();
    this.markStarted();
  }

  /** Graceful stop: `q`, then SIGTERM, then SIGKILL. Resolves with the run's ExitInfo. */
  stop(): Promise<ExitInfo> {
    this.requestStop('stopped', undefined, 'graceful');
    return this.exited;
  }

  /** Immediate stop with SIGKILL (probes; or escalating a graceful stop that takes too long). */
  kill(): Promise<ExitInfo> {
    this.requestStop('stopped', undefined, 'kill');
    return this.exited;
  }

  private requestStop(reason: ExitReason, error: Error | undefined, mode: StopMode): void {
    if (this.state === 'new') {
      this.stopReason = reason;
      this.stopError = error;
      this.finish({ reason, code: null, signal: null, ranMs: 0 });
      return;
    }
    if (this.state !== 'running') return;
    if (this.stopReason === undefined) {
      // The first reason wins: a stop() during a stall-stop still reports `stalled`.
      this.stopReason = reason;
      this.stopError = error;
      this.opts.logger?.debug({ proc: this.name, pid: this.pid, reason, mode }, `${this.name}: stopping`);
    }
    if (mode === 'kill') {
      if (this.stopMode !== 'kill') {
        this.stopMode = 'kill';
        this.signalChild('SIGKILL');
      }
      return;
    }
    if (this.stopMode !== undefined) return; // a stop is already under way
    this.stopMode = 'graceful';
    const stdin = this.child?.stdin;
    if (stdin && stdin.writable) stdin.write('q');
    this.addTimer(this.opts.quitGraceMs ?? DEFAULT_QUIT_GRACE_MS, () => {
      if (this.stopMode !== 'graceful') return;
      this.signalChild('SIGTERM');
      this.addTimer(this.opts.termGraceMs ?? DEFAULT_TERM_GRACE_MS, () => {
        if (this.stopMode !== 'graceful') return;
        this.opts.logger?.warn({ proc: this.name, pid: this.pid }, `${this.name}: did not exit after q and SIGTERM; killing`);
        this.stopMode = 'kill';
        this.signalChild('SIGKILL');
      });
    });
  }

  private signalChild(sig: NodeJS.Signals): void {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill(sig);
  }

  private armStallWatchdog(): void {
    const timeout = this.opts.stallTimeoutMs;
    if (timeout === undefined) return;
    this.lastTouchAt = performance.now();
    const check = (): void => {
      const idle = performance.now() - this.lastTouchAt;
      if (idle >= timeout) {
        this.stallTimer = undefined;
        this.requestStop('stalled', new Error(`${this.name} made no progress for ${Math.round(idle)} ms (limit ${timeout} ms)`), this.opts.stopMode ?? 'graceful');
      } else {
        // Re-arm for the rest of the interval rather than on every touch(): touches can be frequent.
        this.stallTimer = this.addTimer(timeout - idle, check);
      }
    };
    this.stallTimer = this.addTimer(timeout, check);
  }

  private handleStdout(lines: string[]): void {
    if (this.opts.startedOn === 'stdout-line' && lines.length > 0) this.markStarted();
    const cb = this.opts.onStdoutLine;
    if (!cb) return;
    for (const line of lines) this.callback(cb, line, 'onStdoutLine');
  }

  private handleStdoutData(cb: (chunk: Buffer) => void, chunk: Buffer): void {
    if (this.state !== 'running') return;
    if (this.opts.startedOn === 'stdout-line') this.markStarted();
    try {
      cb(chunk);
    } catch (e: unknown) {
      const error = new Error(`${this.name}: onStdoutData callback threw`, { cause: e });
      this.opts.logger?.error({ proc: this.name, pid: this.pid, err: error }, error.message);
      this.requestStop('failed', error, this.opts.stopMode ?? 'graceful');
    }
  }

  /**
   * ffmpeg ends every output when a write to one fails (EPIPE), so our end of fd 3 stays open and is
   * read to the end whatever the consumer does: its failures are contained here, never stop the run.
   */
  private readExtraOutput(child: ChildProcess, output: ExtraOutput): void {
    // A 'pipe' beyond stdio is a duplex socket; typed as either direction, it is read here.
    const stream = child.stdio[3] as Readable | null | undefined;
    if (!stream) return;
    let failures = 0;
    stream.on('data', (chunk: Buffer) => {
      if (failures > 0) {
        failures += 1;
        return;
      }
      try {
        output.onData(chunk);
      } catch (e: unknown) {
        // A broken consumer loses its output, not the recording: drop from here on, keep draining.
        failures = 1;
        const error = new Error(`${this.name}: extra output callback threw; its data is dropped from now on`, { cause: e });
        this.opts.logger?.error({ proc: this.name, pid: child.pid, err: error }, error.message);
      }
    });
    stream.on('error', (err: Error) => {
      this.opts.logger?.warn({ proc: this.name, pid: child.pid, err: this.maskError(err) }, `${this.name}: extra output read error (ignored)`);
    });
  }

  private handleStderr(lines: string[]): void {
    for (const raw of lines) {
      const line = this.opts.redact(raw);
      if (this.opts.dropStderrLine?.(line)) continue;
      this.tail.push(line);
      if (this.opts.onStderrLine) this.callback(this.opts.onStderrLine, line, 'onStderrLine');
    }
  }

  private callback(cb: (line: string) => void, line: string, which: string): void {
    try {
      cb(line);
    } catch (e: unknown) {
      // A throwing consumer is a bug; fail loudly rather than keep a run whose output nobody handles.
      const error = new Error(`${this.name}: ${which} callback threw`, { cause: e });
      this.opts.logger?.error({ proc: this.name, pid: this.pid, err: error }, error.message);
      this.requestStop('failed', error, this.opts.stopMode ?? 'graceful');
    }
  }

  private finishExit(code: number | null, sig: NodeJS.Signals | null): void {
    if (this.state === 'done') return;
    if (this.child?.pid === undefined) {
      // Never ran: the 'error' event carries the reason (it normally arrives first).
      this.spawnError ??= new Error(`cannot start ${this.name} (${this.opts.redact(this.opts.bin)})`);
      this.finish({ reason: 'failed', code: null, signal: null, ranMs: 0 });
      return;
    }
    this.handleStdout(this.stdoutLines.end());
    this.handleStderr(this.stderrLines.end());
    const ranMs = Math.round(performance.now() - this.spawnedAt);
    if (this.stopReason !== undefined) {
      this.finish({ reason: this.stopReason, code, signal: sig, ranMs });
    } else if (code === 0) {
      this.finish({ reason: 'exited', code, signal: sig, ranMs });
    } else {
      const how = code !== null ? `exited with code ${code}` : `was killed by ${sig ?? 'a signal'}`;
      const last = this.tail.last();
      this.stopError = new Error(`${this.name} ${how}${last ? `: ${last}` : ''}`);
      this.finish({ reason: 'failed', code, signal: sig, ranMs });
    }
  }

  private finish(info: Omit<ExitInfo, 'stderrTail' | 'error'>): void {
    if (this.state === 'done') return;
    this.state = 'done';
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    const error = this.spawnError ?? this.stopError;
    const result: ExitInfo = { ...info, stderrTail: this.tail.text(), ...(error ? { error } : {}) };
    const log = this.opts.logger;
    if (log) {
      const fields = { proc: this.name, pid: this.child?.pid, reason: result.reason, code: result.code, signal: result.signal, ranMs: result.ranMs };
      if (result.reason === 'exited' || result.reason === 'stopped') {
        log.debug(fields, `${this.name}: ended (${result.reason})`);
      } else {
        log.warn({ ...fields, err: error, stderrTail: result.stderrTail }, `${this.name}: ended (${result.reason})`);
      }
    }
    this.resolveExited(result);
  }

  private addTimer(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private clearTimer(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  /**
   * A spawn error carries `spawnargs` (the unmasked command line, camera password included) and is
   * serialised whole by pino's error serialiser, so it is never passed on: only a masked copy of its
   * message and code is.
   */
  private describeSpawnError(e: unknown): Error {
    const cause = this.maskError(e);
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file (is it installed and on PATH, or is the configured path right?)'
        : code === 'EACCES'
          ? 'permission denied (is the file executable?)'
          : cause.message;
    return new Error(`cannot start ${this.name} (${this.opts.redact(this.opts.bin)}): ${why}`, { cause });
  }

  private maskError(e: unknown): Error {
    const message = e instanceof Error ? e.message : String(e);
    const masked = new Error(this.opts.redact(message));
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string') Object.assign(masked, { code });
    return masked;
  }
}

function quoteForLog(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
