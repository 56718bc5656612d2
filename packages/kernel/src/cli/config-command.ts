import { CONFIG_VARIABLES, loadConfig, type Config, type FreeSpaceFloor } from '../config.js';
import { findExecutable } from '../ffmpeg/binaries.js';
import { stdout } from './cli-io.js';

type Env = Readonly<Record<string, string | undefined>>;

const bytes = (n: number | null) => (n === null ? '(none)' : `${n} bytes`);
const floor = (f: FreeSpaceFloor | null) => (f === null ? '0 (off)' : 'bytes' in f ? `${f.bytes} bytes` : `${f.percent}%`);

/** The value in effect of each HELDAR_* variable, as a person would write it. */
const SHOW: Record<string, (c: Config) => string> = {
  HELDAR_DATA_DIR: (c) => c.dataDir,
  HELDAR_HTTP_PORT: (c) => String(c.httpPort),
  HELDAR_HTTP_HOST: (c) => c.httpHost,
  HELDAR_DB_URL: (c) => `sqlite:${c.db.file}`,
  HELDAR_MIRROR_DIR: (c) => c.mirrorDir ?? '(none)',
  HELDAR_RETENTION_INTERVAL_SECONDS: (c) => String(c.retentionIntervalMs / 1000),
  HELDAR_RETENTION_MAX_BYTES: (c) => bytes(c.retentionMaxBytes),
  HELDAR_MIN_FREE_BYTES: (c) => floor(c.minFree),
  HELDAR_MIRROR_MAX_BYTES: (c) => bytes(c.mirrorMaxBytes),
  HELDAR_MIRROR_MIN_FREE_BYTES: (c) => floor(c.mirrorMinFree),
  HELDAR_FFMPEG: (c) => c.ffmpegBin,
  HELDAR_FFPROBE: (c) => c.ffprobeBin,
  HELDAR_RECORDER_ENABLED: (c) => String(c.recorderEnabled),
  HELDAR_TZ: (c) => c.timeZone,
  HELDAR_LOG_LEVEL: (c) => c.logLevel,
  HELDAR_ADMIN_PASSWORD: (c) => (c.adminPassword === null ? '(none: a random one on the first start)' : '***'),
  HELDAR_SESSION_IDLE_MINUTES: (c) => String(c.sessionIdleMs / 60_000),
  HELDAR_SESSION_MAX_DAYS: (c) => String(c.sessionMaxMs / 86_400_000),
  HELDAR_TRUST_PROXY: (c) => String(c.trustProxy),
  HELDAR_MAX_CLIP_SECONDS: (c) => String(c.maxClipSeconds),
  HELDAR_CLIP_TIMEOUT_SECONDS: (c) => String(c.clipTimeoutSeconds),
  HELDAR_PLAYBACK_TTL_MINUTES: (c) => String(c.playbackTtlMinutes),
  HELDAR_MAX_PLAYBACK_SECONDS: (c) => String(c.maxPlaybackSeconds),
  HELDAR_SAMPLER_WIDTH: (c) => String(c.samplerWidth),
  HELDAR_SAMPLER_STALL_SECONDS: (c) => String(c.samplerStallSeconds),
  HELDAR_WORKER_TIMEOUT_SECONDS: (c) => String(c.workerTimeoutSeconds),
};

/** Which variables have no display rule (a new variable must get one; a test checks). */
export function unshownVariables(): string[] {
  return CONFIG_VARIABLES.map((v) => v.name).filter((name) => !(name in SHOW));
}

/**
 * `heldar config`: each HELDAR_* variable with the value in effect and whether it was set or is the
 * default; ffmpeg and ffprobe given by name are shown with the file found on PATH (not PATH itself).
 * `--markdown`: the README's table of variables.
 */
export async function configCommand(args: readonly string[], env: Env): Promise<number> {
  if (args.includes('--markdown')) {
    stdout('| variable | default | meaning |\n|---|---|---|');
    for (const v of CONFIG_VARIABLES) stdout(`| \`${v.name}\` | ${codeIfToken(v.default)} | ${v.description} |`);
    return 0;
  }
  const config = loadConfig(env);
  const found: Record<string, string> = {
    HELDAR_FFMPEG: await located(config.ffmpegBin, config.searchPath, 'ffmpeg'),
    HELDAR_FFPROBE: await located(config.ffprobeBin, config.searchPath, 'ffprobe'),
  };
  const width = Math.max(...CONFIG_VARIABLES.map((v) => v.name.length));
  for (const v of CONFIG_VARIABLES) {
    const value = found[v.name] ?? SHOW[v.name]?.(config) ?? '(see README)';
    const source = env[v.name] !== undefined && env[v.name] !== '' ? 'set' : 'default';
    stdout(`${v.name.padEnd(width)}  ${value}   (${source})`);
  }
  return 0;
}

async function located(bin: string, searchPath: string | undefined, tool: 'ffmpeg' | 'ffprobe'): Promise<string> {
  if (bin.includes('/')) return bin;
  try {
    return `${await findExecutable(bin, searchPath, tool)} (${bin} found on PATH)`;
  } catch {
    // The recorder says the same, with what to install, when it starts: here it is one line.
    return `${bin} (not found on PATH)`;
  }
}

/** `8080` → `` `8080` ``; prose such as "the system zone" stays prose. */
function codeIfToken(text: string): string {
  return /^[^\s`()]+$/.test(text) ? `\`${text}\`` : text;
}
