/**
 * How the recorder starts an ffmpeg run, as a narrow interface: production passes an adapter over
 * FfmpegProcess, and the supervisor never touches child_process itself.
 */
export interface LaunchSpec {
  args: string[];
  env: Record<string, string>;
  /** Stop with reason `stalled` when `touch()` is not called for this long. */
  stallTimeoutMs: number;
  /** Secrets to mask in stderr and arguments before anything is logged or stored. */
  secrets: readonly string[];
  onStdoutLine: (line: string) => void;
  /** The bytes of the live output (`pipe:3`) when the arguments have one; must not throw or block. */
  onLiveData?: (chunk: Buffer) => void;
}

export type RunEndReason = 'stopped' | 'timeout' | 'stalled' | 'failed' | 'exited';

export interface RunExit {
  reason: RunEndReason;
  code: number | null;
  signal: string | null;
  /** Masked tail of stderr. */
  stderrTail: string;
  ranMs: number;
  /** For timeout, stall and spawn failures: what went wrong, masked. */
  errorMessage?: string;
}

export interface LaunchedRun {
  readonly pid: number | undefined;
  readonly exited: Promise<RunExit>;
  /** Progress seen (a finished segment): resets the stall watchdog. */
  touch(): void;
  /** Graceful stop: ffmpeg finishes the segment it is writing, then exits; killed after a grace period. */
  stop(): Promise<RunExit>;
}

export type Launcher = (spec: LaunchSpec) => LaunchedRun;
