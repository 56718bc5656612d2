import path from 'node:path';
import { zoneFormatter } from './time-zone.js';

/**
 * Heldar's configuration: every HELDAR_* variable, parsed and validated once at start into a frozen
 * object. Nothing else in the server reads `process.env`. The table below is also the source of the
 * README's configuration table (`heldar config --markdown`), so the docs cannot drift from the code.
 */
export interface Config {
  readonly dataDir: string;
  readonly httpPort: number;
  readonly httpHost: string;
  readonly db: DbLocation;
  readonly mirrorDir: string | null;
  readonly ffmpegBin: string;
  readonly ffprobeBin: string;
  readonly recorderEnabled: boolean;
  readonly timeZone: string;
  readonly logLevel: LogLevel;
  /** Longest clip export accepted, in seconds. */
  readonly maxClipSeconds: number;
  /** A clip export that takes longer is aborted and its partial files removed. */
  readonly clipTimeoutSeconds: number;
  /** A playback session unused for this long is removed and its segments released (sliding). */
  readonly playbackTtlMinutes: number;
  /** Longest range a playback session may cover, in seconds. */
  readonly maxPlaybackSeconds: number;
  /** Perception: width of sampled JPEG frames, sampler stall limit, worker heartbeat timeout. */
  readonly samplerWidth: number;
  readonly samplerStallSeconds: number;
  readonly workerTimeoutSeconds: number;
  /** Password for the `admin` user created on first start when no user exists (else a random one). */
  readonly adminPassword: SecretValue | null;
  /** A session not used for this long ends (sliding expiry). */
  readonly sessionIdleMs: number;
  /** A session ends this long after sign-in however busy it is. */
  readonly sessionMaxMs: number;
  /** Believe X-Forwarded-For/-Proto/-Host from a reverse proxy (client IP for rate limits and audit). */
  readonly trustProxy: boolean;
  /** Storage: how often the retention sweeper runs. */
  readonly retentionIntervalMs: number;
  /** Byte budget for all recordings together (null: none). */
  readonly retentionMaxBytes: number | null;
  /** Free space kept on the recordings volume by deleting the oldest footage (null: none). */
  readonly minFree: FreeSpaceFloor | null;
  /** Byte budget and free-space floor of the mirror volume. */
  readonly mirrorMaxBytes: number | null;
  readonly mirrorMinFree: FreeSpaceFloor | null;
  /** The PATH ffmpeg/ffprobe are looked up on when given as bare names. */
  readonly searchPath: string | undefined;
  /** Derived folders under dataDir. */
  readonly recordingsDir: string;
  readonly clipsDir: string;
  readonly playbackDir: string;
}

export type DbLocation = { readonly kind: 'sqlite'; readonly file: string | ':memory:' };

/** A free-space floor: a number of bytes, or a percentage of the volume's size. */
export type FreeSpaceFloor = { readonly bytes: number } | { readonly percent: number };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A secret read from the environment: `reveal()` gives it to the one place that needs it; printing or
 * logging the config shows `***` instead (`heldar config`, pino, util.inspect).
 */
export class SecretValue {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '***';
  }
  toString(): string {
    return '***';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '***';
  }
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${variable}: ${message}`, options);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** One documented variable: its name, default (as shown to a person) and meaning. */
export interface ConfigVariable {
  readonly name: string;
  readonly default: string;
  readonly description: string;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'HELDAR_DATA_DIR', default: './data', description: 'Folder for the database, recordings, clips and playback sessions.' },
  { name: 'HELDAR_HTTP_PORT', default: '8080', description: 'TCP port of the HTTP API and UI (1–65535, 0 = any free port).' },
  { name: 'HELDAR_HTTP_HOST', default: '127.0.0.1', description: 'Address to listen on; `0.0.0.0` to accept connections from other machines.' },
  { name: 'HELDAR_DB_URL', default: 'sqlite:<data>/heldar.db', description: 'Database location: `sqlite:<file>` or `sqlite::memory:`.' },
  { name: 'HELDAR_MIRROR_DIR', default: '(none)', description: 'Second volume for byte-identical mirror recordings of `mirror_enabled` cameras.' },
  { name: 'HELDAR_RETENTION_INTERVAL_SECONDS', default: '60', description: 'How often the retention sweeper runs, in seconds (1–86400).' },
  { name: 'HELDAR_RETENTION_MAX_BYTES', default: '(none)', description: 'Byte budget for all recordings together, e.g. `8TB` or `500GiB`; the oldest unheld footage is deleted beyond it.' },
  { name: 'HELDAR_MIN_FREE_BYTES', default: '5%', description: 'Free space kept on the recordings volume, in bytes (`50GB`) or percent of its size (`5%`); the oldest unheld footage of any camera is deleted below it. `0` turns it off.' },
  { name: 'HELDAR_MIRROR_MAX_BYTES', default: '(none)', description: 'Byte budget for the mirror volume\'s recordings; the oldest mirror files are deleted beyond it.' },
  { name: 'HELDAR_MIRROR_MIN_FREE_BYTES', default: '5%', description: 'Free space kept on the mirror volume, in bytes or percent; the oldest mirror files are deleted below it. `0` turns it off.' },
  { name: 'HELDAR_FFMPEG', default: '`ffmpeg` on PATH', description: 'Path of the ffmpeg binary (version 5 or newer).' },
  { name: 'HELDAR_FFPROBE', default: '`ffprobe` on PATH', description: 'Path of the ffprobe binary (version 5 or newer).' },
  { name: 'HELDAR_RECORDER_ENABLED', default: 'true', description: '`false` starts the API without recording any camera.' },
  { name: 'HELDAR_TZ', default: 'the system zone', description: 'IANA time zone for recording schedules, e.g. `Europe/Berlin`.' },
  { name: 'HELDAR_LOG_LEVEL', default: 'info', description: `Log level: ${LOG_LEVELS.join(', ')}.` },
  { name: 'HELDAR_ADMIN_PASSWORD', default: '(random, printed once)', description: 'Password of the `admin` user created on the first start, when no user exists yet (at least 12 characters); ignored once users exist.' },
  { name: 'HELDAR_SESSION_IDLE_MINUTES', default: '720', description: 'A signed-in session unused for this many minutes ends (sliding expiry; 1–43200).' },
  { name: 'HELDAR_SESSION_MAX_DAYS', default: '7', description: 'A session ends this many days after sign-in, however active (1–365).' },
  { name: 'HELDAR_TRUST_PROXY', default: 'false', description: '`true` when Heldar runs behind a reverse proxy: the client address and protocol are taken from X-Forwarded-For/-Proto/-Host (rate limits, audit log, Secure cookies). Never enable it when clients can reach Heldar directly.' },
  { name: 'HELDAR_MAX_CLIP_SECONDS', default: '3600', description: 'Longest clip export accepted, in seconds (1–86400).' },
  { name: 'HELDAR_CLIP_TIMEOUT_SECONDS', default: '180', description: 'A clip export still running after this many seconds is aborted and its partial files removed (1–3600).' },
  { name: 'HELDAR_PLAYBACK_TTL_MINUTES', default: '60', description: 'A playback session not used for this many minutes is removed and its footage released (sliding expiry; 1–10080).' },
  { name: 'HELDAR_MAX_PLAYBACK_SECONDS', default: '14400', description: 'Longest range one playback session may cover, in seconds (1–86400).' },
  { name: 'HELDAR_SAMPLER_WIDTH', default: '640', description: 'Width in pixels of the JPEG frames sampled for perception workers (aspect kept, never upscaled; 64–3840).' },
  { name: 'HELDAR_SAMPLER_STALL_SECONDS', default: '10', description: 'A frame sampler that delivers no frame for this long is restarted (2–600).' },
  { name: 'HELDAR_WORKER_TIMEOUT_SECONDS', default: '30', description: 'A perception worker silent this long is marked offline and its cameras reassigned (2–3600).' },
];

const KNOWN = new Set(CONFIG_VARIABLES.map((v) => v.name));

/** Reads and validates the HELDAR_* variables of `env`; throws a ConfigError naming the variable. */
export function loadConfig(env: Env, cwd: string = process.cwd()): Config {
  for (const name of Object.keys(env)) {
    if (name.startsWith('HELDAR_') && !KNOWN.has(name)) {
      throw new ConfigError(name, `unknown variable; known variables are ${[...KNOWN].join(', ')}`);
    }
  }
  const dataDir = path.resolve(cwd, nonEmpty(env, 'HELDAR_DATA_DIR') ?? './data');
  const mirror = nonEmpty(env, 'HELDAR_MIRROR_DIR');
  const config: Config = {
    dataDir,
    httpPort: parsePort(env),
    httpHost: nonEmpty(env, 'HELDAR_HTTP_HOST') ?? '127.0.0.1',
    db: parseDbUrl(env, dataDir, cwd),
    mirrorDir: mirror === undefined ? null : path.resolve(cwd, mirror),
    ffmpegBin: nonEmpty(env, 'HELDAR_FFMPEG') ?? 'ffmpeg',
    ffprobeBin: nonEmpty(env, 'HELDAR_FFPROBE') ?? 'ffprobe',
    recorderEnabled: parseBool(env, 'HELDAR_RECORDER_ENABLED', true),
    timeZone: parseTimeZone(env),
    logLevel: parseEnum(env, 'HELDAR_LOG_LEVEL', LOG_LEVELS, 'info'),
    adminPassword: parseAdminPassword(env),
    sessionIdleMs: parseIntIn(env, 'HELDAR_SESSION_IDLE_MINUTES', 720, 1, 43_200) * 60_000,
    sessionMaxMs: parseIntIn(env, 'HELDAR_SESSION_MAX_DAYS', 7, 1, 365) * 86_400_000,
    trustProxy: parseBool(env, 'HELDAR_TRUST_PROXY', false),
    maxClipSeconds: parseIntIn(env, 'HELDAR_MAX_CLIP_SECONDS', 3600, 1, 86_400),
    clipTimeoutSeconds: parseIntIn(env, 'HELDAR_CLIP_TIMEOUT_SECONDS', 180, 1, 3600),
    playbackTtlMinutes: parseIntIn(env, 'HELDAR_PLAYBACK_TTL_MINUTES', 60, 1, 10_080),
    maxPlaybackSeconds: parseIntIn(env, 'HELDAR_MAX_PLAYBACK_SECONDS', 14_400, 1, 86_400),
    samplerWidth: parseIntIn(env, 'HELDAR_SAMPLER_WIDTH', 640, 64, 3840),
    samplerStallSeconds: parseIntIn(env, 'HELDAR_SAMPLER_STALL_SECONDS', 10, 2, 600),
    workerTimeoutSeconds: parseIntIn(env, 'HELDAR_WORKER_TIMEOUT_SECONDS', 30, 2, 3600),
    retentionIntervalMs: parseIntIn(env, 'HELDAR_RETENTION_INTERVAL_SECONDS', 60, 1, 86_400) * 1000,
    retentionMaxBytes: parseByteSize(env, 'HELDAR_RETENTION_MAX_BYTES'),
    minFree: parseFreeSpaceFloor(env, 'HELDAR_MIN_FREE_BYTES', { percent: 5 }),
    mirrorMaxBytes: parseByteSize(env, 'HELDAR_MIRROR_MAX_BYTES'),
    mirrorMinFree: parseFreeSpaceFloor(env, 'HELDAR_MIRROR_MIN_FREE_BYTES', { percent: 5 }),
    searchPath: env.PATH,
    recordingsDir: path.join(dataDir, 'recordings'),
    clipsDir: path.join(dataDir, 'clips'),
    playbackDir: path.join(dataDir, 'playback'),
  };
  return Object.freeze(config);
}

const BYTE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** `123`, `50GB`, `1.5 TiB` → bytes; absent, empty or `0` → null (no budget). */
function parseByteSize(env: Env, name: string): number | null {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return null;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw);
  const factor = m ? BYTE_UNITS[(m[2] || 'b').toLowerCase()] : undefined;
  if (!m || factor === undefined) {
    throw new ConfigError(name, `"${raw}" is not a size; use bytes or a number with a unit: KB, MB, GB, TB (×1000) or KiB, MiB, GiB, TiB (×1024)`);
  }
  const bytes = Math.floor(Number(m[1]) * factor);
  return bytes === 0 ? null : bytes;
}

/** A size as for parseByteSize, or a percentage of the volume (`5%`, more than 0 and below 100). */
function parseFreeSpaceFloor(env: Env, name: string, fallback: FreeSpaceFloor): FreeSpaceFloor | null {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(raw);
  if (percent) {
    const value = Number(percent[1]);
    if (value === 0) return null;
    if (value >= 100) throw new ConfigError(name, `"${raw}" is not accepted; a percentage must be below 100%`);
    return { percent: value };
  }
  const bytes = parseByteSize(env, name);
  return bytes === null ? null : { bytes };
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function parsePort(env: Env): number {
  const raw = nonEmpty(env, 'HELDAR_HTTP_PORT');
  if (raw === undefined) return 8080;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new ConfigError('HELDAR_HTTP_PORT', `"${raw}" is not a port; use a whole number from 0 to 65535`);
  }
  return port;
}

function parseIntIn(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `"${raw}" is not accepted; use a whole number from ${min} to ${max}`);
  }
  return value;
}

function parseAdminPassword(env: Env): SecretValue | null {
  const raw = env.HELDAR_ADMIN_PASSWORD;
  if (raw === undefined || raw === '') return null;
  // Never echo the value: the message names the rule only.
  if ([...raw].length < 12) throw new ConfigError('HELDAR_ADMIN_PASSWORD', 'must be at least 12 characters long');
  return new SecretValue(raw);
}

function parseBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = nonEmpty(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `"${env[name]}" is not a boolean; use true or false`);
}

function parseEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  const match = allowed.find((a) => a === raw.toLowerCase());
  if (match === undefined) {
    throw new ConfigError(name, `"${raw}" is not accepted; use one of ${allowed.join(', ')}`);
  }
  return match;
}

function parseTimeZone(env: Env): string {
  const raw = nonEmpty(env, 'HELDAR_TZ');
  const zone = raw ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    // Throws a RangeError for a zone the runtime's ICU data does not know.
    zoneFormatter(zone);
  } catch (e: unknown) {
    throw new ConfigError('HELDAR_TZ', `"${zone}" is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)`, { cause: e });
  }
  return zone;
}

function parseDbUrl(env: Env, dataDir: string, cwd: string): DbLocation {
  const raw = nonEmpty(env, 'HELDAR_DB_URL');
  if (raw === undefined) return { kind: 'sqlite', file: path.join(dataDir, 'heldar.db') };
  if (raw === 'sqlite::memory:') return { kind: 'sqlite', file: ':memory:' };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '') throw new ConfigError('HELDAR_DB_URL', 'sqlite: needs a file, e.g. sqlite:./data/heldar.db');
    return { kind: 'sqlite', file: path.resolve(cwd, file) };
  }
  if (/^postgres(ql)?:/.test(raw)) {
    throw new ConfigError('HELDAR_DB_URL', 'PostgreSQL is not supported yet; use sqlite:<file>');
  }
  throw new ConfigError('HELDAR_DB_URL', `"${raw}" is not a database URL; use sqlite:<file> or sqlite::memory:`);
}
