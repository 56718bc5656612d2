import path from 'node:path';

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
  /** The PATH ffmpeg/ffprobe are looked up on when given as bare names. */
  readonly searchPath: string | undefined;
  /** Derived folders under dataDir. */
  readonly recordingsDir: string;
  readonly clipsDir: string;
  readonly playbackDir: string;
}

export type DbLocation = { readonly kind: 'sqlite'; readonly file: string | ':memory:' };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
  { name: 'HELDAR_FFMPEG', default: '`ffmpeg` on PATH', description: 'Path of the ffmpeg binary (version 5 or newer).' },
  { name: 'HELDAR_FFPROBE', default: '`ffprobe` on PATH', description: 'Path of the ffprobe binary (version 5 or newer).' },
  { name: 'HELDAR_RECORDER_ENABLED', default: 'true', description: '`false` starts the API without recording any camera.' },
  { name: 'HELDAR_TZ', default: 'the system zone', description: 'IANA time zone for recording schedules, e.g. `Europe/Berlin`.' },
  { name: 'HELDAR_LOG_LEVEL', default: 'info', description: `Log level: ${LOG_LEVELS.join(', ')}.` },
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
    searchPath: env.PATH,
    recordingsDir: path.join(dataDir, 'recordings'),
    clipsDir: path.join(dataDir, 'clips'),
    playbackDir: path.join(dataDir, 'playback'),
  };
  return Object.freeze(config);
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
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
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
