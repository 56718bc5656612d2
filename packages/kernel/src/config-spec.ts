import { isIPv4 } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { CAMERA_RECORD_MODES, LOG_LEVELS, SMTP_TLS_MODES, ConfigError, SecretValue, type Config, type FreeSpaceFloor } from './config-types.js';
import { parseOutboundAllow } from './net/outbound-allow.js';
import { parseBool, parseByteSize, parseDeviceList, parseDbUrl, parseEnum, parseFreeSpaceFloor, parseIntIn, parseOptionalIntIn, parseOptionalNumberIn, parsePort, parseTimeZone } from './config-values.js';
import { parseBrokerUrl, parseRecipients, parseTopicPrefix } from './config-integrations.js';
import { maskUrl } from './secrets/credential-mask.js';
import { parseSecretKey } from './secrets/secret-key.js';

/**
 * The one declarative spec of Heldar's configuration: per field of Config, the HELDAR_* variable that
 * sets it, its type, default, meaning, whether it is secret, how it is parsed and how `heldar config`
 * shows the value in effect. loadConfig, `heldar config` and the README's table (`npm run docs:tables`)
 * all read it, and the mapped type below makes a Config field without an entry a compile error.
 */

/** What a parser gets besides the trimmed value (undefined when unset or empty). */
export interface ParseContext {
  readonly name: string;
  /** The value exactly as set, untrimmed (a password keeps its spaces). */
  readonly original: string | undefined;
  readonly cwd: string;
  /** HELDAR_DATA_DIR resolved first: other defaults live under it. */
  readonly dataDir: string;
}

export interface VariableSpec<T> {
  readonly variable: `HELDAR_${string}`;
  /** The accepted values, as a person reads them (the README's "type" column). */
  readonly type: string;
  /** The default, as a person would write it. */
  readonly default: string;
  readonly description: string;
  /** Never printed or logged: `heldar config` shows `***`. */
  readonly secret?: boolean;
  parse(value: string | undefined, at: ParseContext): T;
  /** The value in effect, as a person would write it in the variable. */
  show(value: T): string;
}

/** Config fields no variable sets: derived from others (folders under dataDir) or from PATH. */
type DerivedKey = 'searchPath' | 'recordingsDir' | 'clipsDir' | 'playbackDir';
export type SpecifiedKey = Exclude<keyof Config, DerivedKey>;
export type ConfigSpec = { readonly [K in SpecifiedKey]: VariableSpec<Config[K]> };

interface Described {
  readonly variable: `HELDAR_${string}`;
  readonly description: string;
}

/** A whole number in [min, max]; `scale` converts it to the unit Config keeps (minutes → ms). */
function integer(spec: Described & { fallback: number; min: number; max: number; scale?: number }): VariableSpec<number> {
  const scale = spec.scale ?? 1;
  return {
    variable: spec.variable,
    type: `whole number, ${spec.min}–${spec.max}`,
    default: String(spec.fallback),
    description: spec.description,
    parse: (value, at) => parseIntIn(at.name, value, spec.fallback, spec.min, spec.max) * scale,
    show: (value) => String(value / scale),
  };
}

function boolean(spec: Described & { fallback: boolean }): VariableSpec<boolean> {
  return {
    ...spec,
    type: 'boolean (true/false)',
    default: String(spec.fallback),
    parse: (value, at) => parseBool(at.name, value, spec.fallback),
    show: String,
  };
}

function byteBudget(spec: Described): VariableSpec<number | null> {
  return {
    ...spec,
    type: 'size (bytes, KB…TB, KiB…TiB)',
    default: '(none)',
    parse: (value, at) => parseByteSize(at.name, value),
    show: (value) => (value === null ? '(none)' : `${value} bytes`),
  };
}

function freeSpaceFloor(spec: Described & { fallback: FreeSpaceFloor & { percent: number } }): VariableSpec<FreeSpaceFloor | null> {
  return {
    ...spec,
    type: 'size or percent',
    default: `${spec.fallback.percent}%`,
    parse: (value, at) => parseFreeSpaceFloor(at.name, value, spec.fallback),
    show: (value) => (value === null ? '0 (off)' : 'bytes' in value ? `${value.bytes} bytes` : `${value.percent}%`),
  };
}

function executable(spec: Described & { fallback: string }): VariableSpec<string> {
  return {
    ...spec,
    type: 'path or name on PATH',
    default: `\`${spec.fallback}\` on PATH`,
    parse: (value) => value ?? spec.fallback,
    show: (value) => value,
  };
}

/** A secret that is simply taken as set (untrimmed), shown as `***`. */
function secretText(spec: Described): VariableSpec<SecretValue | null> {
  return {
    ...spec,
    type: 'text',
    default: '(none)',
    secret: true,
    parse: (_value, at) => (at.original === undefined || at.original === '' ? null : new SecretValue(at.original)),
    show: (value) => (value === null ? '(none)' : '***'),
  };
}

function topicPrefix(spec: Described & { fallback: string }): VariableSpec<string> {
  return {
    ...spec,
    type: 'MQTT topic level(s)',
    default: spec.fallback,
    parse: (value, at) => parseTopicPrefix(at.name, value, spec.fallback),
    show: (value) => value,
  };
}

export const CONFIG_SPEC: ConfigSpec = {
  dataDir: {
    variable: 'HELDAR_DATA_DIR',
    type: 'folder',
    default: './data',
    description: 'Folder for the database, recordings, clips and playback sessions.',
    parse: (value, at) => path.resolve(at.cwd, value ?? './data'),
    show: (value) => value,
  },
  httpPort: {
    variable: 'HELDAR_HTTP_PORT',
    type: 'port, 0–65535',
    default: '8080',
    description: 'TCP port of the HTTP API and UI (0 = any free port).',
    parse: (value, at) => parsePort(at.name, value, 8080),
    show: String,
  },
  httpHost: {
    variable: 'HELDAR_HTTP_HOST',
    type: 'address',
    default: '127.0.0.1',
    description: 'Address to listen on; `0.0.0.0` to accept connections from other machines.',
    parse: (value) => value ?? '127.0.0.1',
    show: (value) => value,
  },
  db: {
    variable: 'HELDAR_DB_URL',
    type: 'database URL',
    default: 'sqlite:<data>/heldar.db',
    description: 'Database location: `sqlite:<file>`, `sqlite::memory:` or `postgres://user:password@host:5432/database` (PostgreSQL; the password is never shown).',
    parse: (value, at) => parseDbUrl(at.name, value, at.dataDir, at.cwd),
    show: (value) => (value.kind === 'postgres' ? maskUrl(value.url.reveal()) : `sqlite:${value.file}`),
  },
  mirrorDir: {
    variable: 'HELDAR_MIRROR_DIR',
    type: 'folder',
    default: '(none)',
    description: 'Second volume for byte-identical mirror recordings of `mirror_enabled` cameras.',
    parse: (value, at) => (value === undefined ? null : path.resolve(at.cwd, value)),
    show: (value) => value ?? '(none)',
  },
  retentionIntervalMs: integer({
    variable: 'HELDAR_RETENTION_INTERVAL_SECONDS',
    fallback: 60,
    min: 1,
    max: 86_400,
    scale: 1000,
    description: 'How often the retention sweeper runs, in seconds.',
  }),
  retentionMaxBytes: byteBudget({
    variable: 'HELDAR_RETENTION_MAX_BYTES',
    description: 'Byte budget for all recordings together, e.g. `8TB` or `500GiB`; the oldest unheld footage is deleted beyond it.',
  }),
  minFree: freeSpaceFloor({
    variable: 'HELDAR_MIN_FREE_BYTES',
    fallback: { percent: 5 },
    description:
      'Free space kept on the recordings volume, in bytes (`50GB`) or percent of its size (`5%`); the oldest unheld footage of any camera is deleted below it. `0` turns it off.',
  }),
  mirrorMaxBytes: byteBudget({
    variable: 'HELDAR_MIRROR_MAX_BYTES',
    description: "Byte budget for the mirror volume's recordings; the oldest mirror files are deleted beyond it.",
  }),
  mirrorMinFree: freeSpaceFloor({
    variable: 'HELDAR_MIRROR_MIN_FREE_BYTES',
    fallback: { percent: 5 },
    description: 'Free space kept on the mirror volume, in bytes or percent; the oldest mirror files are deleted below it. `0` turns it off.',
  }),
  ffmpegBin: executable({ variable: 'HELDAR_FFMPEG', fallback: 'ffmpeg', description: 'Path of the ffmpeg binary (version 5 or newer).' }),
  ffprobeBin: executable({ variable: 'HELDAR_FFPROBE', fallback: 'ffprobe', description: 'Path of the ffprobe binary (version 5 or newer).' }),
  recorderEnabled: boolean({ variable: 'HELDAR_RECORDER_ENABLED', fallback: true, description: '`false` starts the API without recording any camera.' }),
  timeZone: {
    variable: 'HELDAR_TZ',
    type: 'IANA time zone',
    default: 'the system zone',
    description: 'Time zone for recording schedules, e.g. `Europe/Berlin`.',
    parse: (value, at) => parseTimeZone(at.name, value),
    show: (value) => value,
  },
  logLevel: {
    variable: 'HELDAR_LOG_LEVEL',
    type: LOG_LEVELS.join(', '),
    default: 'info',
    description: 'Log level of the server (pino).',
    parse: (value, at) => parseEnum(at.name, value, LOG_LEVELS, 'info'),
    show: (value) => value,
  },
  adminPassword: {
    variable: 'HELDAR_ADMIN_PASSWORD',
    type: 'text, at least 12 characters',
    default: '(random, printed once)',
    description: 'Password of the `admin` user created on the first start, when no user exists yet; ignored once users exist.',
    secret: true,
    parse: (_value, at) => {
      // Untrimmed: a password may start or end with a space. Never echo the value: the message names the rule only.
      if (at.original === undefined || at.original === '') return null;
      if ([...at.original].length < 12) throw new ConfigError(at.name, 'must be at least 12 characters long');
      return new SecretValue(at.original);
    },
    show: (value) => (value === null ? '(none: a random one on the first start)' : '***'),
  },
  sessionIdleMs: integer({
    variable: 'HELDAR_SESSION_IDLE_MINUTES',
    fallback: 720,
    min: 1,
    max: 43_200,
    scale: 60_000,
    description: 'A signed-in session unused for this many minutes ends (sliding expiry).',
  }),
  sessionMaxMs: integer({
    variable: 'HELDAR_SESSION_MAX_DAYS',
    fallback: 7,
    min: 1,
    max: 365,
    scale: 86_400_000,
    description: 'A session ends this many days after sign-in, however active.',
  }),
  trustProxy: boolean({
    variable: 'HELDAR_TRUST_PROXY',
    fallback: false,
    description:
      '`true` when Heldar runs behind a reverse proxy: the client address and protocol are taken from X-Forwarded-For/-Proto/-Host (rate limits, audit log, Secure cookies). Never enable it when clients can reach Heldar directly.',
  }),
  metricsPublic: boolean({
    variable: 'HELDAR_METRICS_PUBLIC',
    fallback: false,
    description:
      '`true` serves `GET /metrics` to anyone, for a Prometheus on a trusted network; otherwise a scrape needs an admin session or an API key with the `metrics` scope.',
  }),
  readyMinRecordingPercent: integer({
    variable: 'HELDAR_READY_MIN_RECORDING_PERCENT',
    fallback: 0,
    min: 0,
    max: 100,
    description:
      '`GET /readyz` answers 503 when fewer than this percentage of the cameras meant to record are recording; `0` turns the check off. Can be changed at run time (`PUT /api/settings`).',
  }),
  smartDevices: {
    variable: 'HELDAR_SMART_DEVICES',
    type: 'comma-separated device paths',
    default: '(none)',
    description: 'Disks checked with `smartctl -H` every disk-check interval, e.g. `/dev/sda,/dev/nvme0`; a failing one raises `disk_smart_warning`.',
    parse: (value, at) => parseDeviceList(at.name, value),
    show: (value) => (value.length === 0 ? '(none)' : value.join(',')),
  },
  smartctlBin: executable({ variable: 'HELDAR_SMARTCTL', fallback: 'smartctl', description: 'Path of the smartctl binary (smartmontools) used for HELDAR_SMART_DEVICES.' }),
  mdstatPath: {
    variable: 'HELDAR_MDSTAT_PATH',
    type: 'file',
    default: '/proc/mdstat',
    description: 'Where the Linux software-RAID status is read; a degraded array raises `raid_degraded`. A missing file means no arrays.',
    parse: (value, at) => path.resolve(at.cwd, value ?? '/proc/mdstat'),
    show: (value) => value,
  },
  diskCheckIntervalMs: integer({
    variable: 'HELDAR_DISK_CHECK_INTERVAL_SECONDS',
    fallback: 300,
    min: 10,
    max: 86_400,
    scale: 1000,
    description: 'How often the disk health (SMART, RAID) is checked, in seconds.',
  }),
  maxClipSeconds: integer({ variable: 'HELDAR_MAX_CLIP_SECONDS', fallback: 3600, min: 1, max: 86_400, description: 'Longest clip export accepted, in seconds.' }),
  clipTimeoutSeconds: integer({
    variable: 'HELDAR_CLIP_TIMEOUT_SECONDS',
    fallback: 180,
    min: 1,
    max: 3600,
    description: 'A clip export still running after this many seconds is aborted and its partial files removed.',
  }),
  playbackTtlMinutes: integer({
    variable: 'HELDAR_PLAYBACK_TTL_MINUTES',
    fallback: 60,
    min: 1,
    max: 10_080,
    description: 'A playback session not used for this many minutes is removed and its footage released (sliding expiry).',
  }),
  maxPlaybackSeconds: integer({
    variable: 'HELDAR_MAX_PLAYBACK_SECONDS',
    fallback: 14_400,
    min: 1,
    max: 86_400,
    description: 'Longest range one playback session may cover, in seconds.',
  }),
  samplerWidth: integer({
    variable: 'HELDAR_SAMPLER_WIDTH',
    fallback: 640,
    min: 64,
    max: 3840,
    description: 'Width in pixels of the JPEG frames sampled for perception workers (aspect kept, never upscaled).',
  }),
  samplerStallSeconds: integer({
    variable: 'HELDAR_SAMPLER_STALL_SECONDS',
    fallback: 10,
    min: 2,
    max: 600,
    description: 'A frame sampler that delivers no frame for this many seconds is restarted.',
  }),
  workerTimeoutSeconds: integer({
    variable: 'HELDAR_WORKER_TIMEOUT_SECONDS',
    fallback: 30,
    min: 2,
    max: 3600,
    description: 'A perception worker silent this many seconds is marked offline and its cameras reassigned.',
  }),
  liveIdleStopSeconds: integer({
    variable: 'HELDAR_LIVE_IDLE_STOP_SECONDS',
    fallback: 20,
    min: 1,
    max: 3600,
    description: 'A live-only stream (started for a viewer of a camera that is not recording) stops this many seconds after its last viewer left.',
  }),
  liveMaxViewers: integer({
    variable: 'HELDAR_LIVE_MAX_VIEWERS',
    fallback: 200,
    min: 1,
    max: 10_000,
    description: 'Live viewers at once on this node (each node of a cluster counts its own); more get 429.',
  }),
  liveMaxViewersPerUser: integer({
    variable: 'HELDAR_LIVE_MAX_VIEWERS_PER_USER',
    fallback: 32,
    min: 1,
    max: 10_000,
    description: 'Live viewers at once per user or API key on this node; more get 429.',
  }),
  liveViewerBacklogBytes: integer({
    variable: 'HELDAR_LIVE_VIEWER_BACKLOG_MIB',
    fallback: 4,
    min: 1,
    max: 256,
    scale: 1024 * 1024,
    description: 'A live viewer with more than this many MiB not yet sent (a slow network) skips to the next keyframe instead of being buffered further.',
  }),
  liveEnabled: boolean({
    variable: 'HELDAR_LIVE_ENABLED',
    fallback: true,
    description: '`false` leaves the live copy out of the recorder\'s and sampler\'s ffmpeg: a watched camera then gets a live-only ffmpeg of its own (a second camera connection, stopped when idle). Saves Heldar about half of what a recording camera costs it (docs/operations.md, "Sizing a node"); `HELDAR_LIVE_RECORDER_COPIES` limits the copies instead of dropping them.',
  }),
  liveRecorderCopies: integer({
    variable: 'HELDAR_LIVE_RECORDER_COPIES',
    // ≈ 0.1–0.2 % of a core each (docs/operations.md, "Sizing a node"): 48 keeps the copies under a
    // tenth of a core, so a 2-core node records 100 cameras within a quarter; raise it on bigger machines.
    fallback: 48,
    min: 0,
    max: 100_000,
    description: 'The most cameras on this node whose recorder also writes the live copy (instant live start, no second camera connection). A recording camera past it gets a live-only ffmpeg for its viewers, as with `HELDAR_LIVE_ENABLED=false`.',
  }),
  rtspPort: {
    variable: 'HELDAR_RTSP_PORT',
    type: 'port, 0–65535',
    default: '(off)',
    description: 'TCP port of the RTSP restream (`rtsp://host:port/<camera id>`, docs/api.md); unset: no RTSP server (0 = any free port).',
    parse: (value, at) => (value === undefined ? null : parsePort(at.name, value, 0)),
    show: (value) => (value === null ? '(off)' : String(value)),
  },
  rtspHost: {
    variable: 'HELDAR_RTSP_HOST',
    type: 'address',
    default: '127.0.0.1',
    description: 'Address the RTSP restream listens on; `0.0.0.0` for players on other machines.',
    parse: (value) => value ?? '127.0.0.1',
    show: (value) => value,
  },
  outboundAllow: {
    variable: 'HELDAR_OUTBOUND_ALLOW',
    type: 'host names, IP addresses and CIDR ranges, comma-separated',
    default: '(none)',
    description:
      'Private destinations webhooks and module sidecars may reach, e.g. `hooks.lan,192.168.1.0/24`. Without an entry, a user-given URL that resolves to a loopback, link-local (cloud metadata), private, CGNAT, unique-local or multicast address is refused.',
    parse: (value, at) => {
      try {
        return parseOutboundAllow(value);
      } catch (e: unknown) {
        throw new ConfigError(at.name, e instanceof Error ? e.message : String(e), { cause: e });
      }
    },
    show: (value) => (value.entries.length === 0 ? '(none)' : value.entries.join(',')),
  },
  webhookMaxFailures: integer({
    variable: 'HELDAR_WEBHOOK_MAX_FAILURES',
    fallback: 10,
    min: 1,
    max: 1000,
    description: 'A webhook whose deliveries fail this many times in a row is paused (event `webhook_paused`) until it is resumed.',
  }),
  webhookRetryInitialMs: integer({
    variable: 'HELDAR_WEBHOOK_RETRY_INITIAL_MS',
    fallback: 1000,
    min: 10,
    max: 600_000,
    description: 'Delay before the first retry of a failed webhook delivery, in ms; it doubles (with jitter) up to 5 minutes.',
  }),
  secretKey: {
    variable: 'HELDAR_SECRET_KEY',
    type: 'base64 or hex of 32 bytes',
    default: '(key file `secret.key` in the data folder)',
    description:
      'Key of the secrets stored encrypted in the database (camera passwords, integration secrets); e.g. `openssl rand -base64 32`. Without it a key file is created (mode 0600) on the first start. Change it only with `heldar secrets rotate`.',
    secret: true,
    parse: (_value, at) => {
      if (at.original === undefined || at.original.trim() === '') return null;
      if (parseSecretKey(at.original) === null) throw new ConfigError(at.name, 'must be 32 bytes written as base64 (44 characters) or hex (64 characters)');
      return new SecretValue(at.original.trim());
    },
    show: (value) => (value === null ? '(key file in the data folder)' : '***'),
  },
  mqttUrl: {
    variable: 'HELDAR_MQTT_URL',
    type: 'URL (mqtt, mqtts, ws, wss)',
    default: '(off)',
    description: 'MQTT broker Heldar publishes to (Home Assistant discovery included), e.g. `mqtt://127.0.0.1:1883`; unset turns MQTT off. Put credentials in the two variables below, not in the URL.',
    parse: (value, at) => parseBrokerUrl(at.name, value),
    show: (value) => value ?? '(off)',
  },
  mqttUsername: {
    variable: 'HELDAR_MQTT_USERNAME',
    type: 'text',
    default: '(none)',
    description: 'User name at the MQTT broker.',
    parse: (value) => value ?? null,
    show: (value) => value ?? '(none)',
  },
  mqttPassword: secretText({ variable: 'HELDAR_MQTT_PASSWORD', description: 'Password at the MQTT broker.' }),
  mqttPrefix: topicPrefix({ variable: 'HELDAR_MQTT_PREFIX', fallback: 'heldar', description: 'First level of every topic Heldar publishes and subscribes (`heldar/available`, `heldar/<camera>/motion`, …).' }),
  mqttDiscoveryPrefix: topicPrefix({
    variable: 'HELDAR_MQTT_DISCOVERY_PREFIX',
    fallback: 'homeassistant',
    description: "Home Assistant's discovery prefix: where the camera devices are announced and where its birth message (`<prefix>/status`) is listened for.",
  }),
  smtpHost: {
    variable: 'HELDAR_SMTP_HOST',
    type: 'host name or address',
    default: '(off)',
    description: 'SMTP server for event mail; unset turns email off.',
    parse: (value) => value ?? null,
    show: (value) => value ?? '(off)',
  },
  smtpPort: {
    variable: 'HELDAR_SMTP_PORT',
    type: 'port, 1–65535',
    default: '587 (465 with `tls`, 25 with `none`)',
    description: 'Port of the SMTP server.',
    parse: (value, at) => (value === undefined ? 0 : parseIntIn(at.name, value, 587, 1, 65_535)),
    show: (value) => (value === 0 ? '(by TLS mode)' : String(value)),
  },
  smtpTls: {
    variable: 'HELDAR_SMTP_TLS',
    type: SMTP_TLS_MODES.join(', '),
    default: 'starttls',
    description: '`starttls` upgrades the connection and refuses a server that cannot; `tls` is TLS from the first byte (port 465); `none` sends in the clear (a relay on the same machine only).',
    parse: (value, at) => parseEnum(at.name, value, SMTP_TLS_MODES, 'starttls'),
    show: (value) => value,
  },
  smtpUsername: {
    variable: 'HELDAR_SMTP_USERNAME',
    type: 'text',
    default: '(none)',
    description: 'User name at the SMTP server (none: no authentication).',
    parse: (value) => value ?? null,
    show: (value) => value ?? '(none)',
  },
  smtpPassword: secretText({ variable: 'HELDAR_SMTP_PASSWORD', description: 'Password at the SMTP server.' }),
  smtpFrom: {
    variable: 'HELDAR_SMTP_FROM',
    type: 'email address',
    default: 'heldar@localhost',
    description: 'Sender of event mail, e.g. `Heldar <nvr@example.org>`.',
    parse: (value) => value ?? 'heldar@localhost',
    show: (value) => value,
  },
  smtpTo: {
    variable: 'HELDAR_SMTP_TO',
    type: 'email addresses, comma-separated',
    default: '(none)',
    description: 'Recipients of event mail; email needs at least one.',
    parse: (value, at) => parseRecipients(at.name, value),
    show: (value) => (value.length === 0 ? '(none)' : value.join(', ')),
  },
  smtpMinSeverity: {
    variable: 'HELDAR_SMTP_MIN_SEVERITY',
    type: 'info, warning, error',
    default: 'warning',
    description: 'Events below this severity are not mailed.',
    parse: (value, at) => parseEnum(at.name, value, ['info', 'warning', 'error'] as const, 'warning'),
    show: (value) => value,
  },
  smtpDigestSeconds: integer({
    variable: 'HELDAR_SMTP_DIGEST_SECONDS',
    fallback: 30,
    min: 1,
    max: 3600,
    description: 'After the first event to mail, Heldar collects for this many seconds and sends one digest of the burst.',
  }),  archiveMaxMegabytes: integer({
    variable: 'HELDAR_ARCHIVE_MAX_MB',
    fallback: 4096,
    min: 1,
    max: 1_048_576,
    description: 'Largest evidence archive accepted (POST /api/archives), in MiB of recorded footage; a larger request is refused with its estimated size.',
  }),
  backfillMinGapSeconds: integer({
    variable: 'HELDAR_BACKFILL_MIN_GAP_SECONDS',
    fallback: 10,
    min: 2,
    max: 86_400,
    description: 'A recording gap at least this long becomes a backfill row (filled from the camera’s own storage where backfill is on).',
  }),
  backfillMaxAgeHours: integer({
    variable: 'HELDAR_BACKFILL_MAX_AGE_HOURS',
    fallback: 72,
    min: 1,
    max: 8760,
    description: 'Gaps older than this are not looked for or filled (the camera’s card has overwritten them by then).',
  }),
  backfillMaxAttempts: integer({ variable: 'HELDAR_BACKFILL_MAX_ATTEMPTS', fallback: 3, min: 1, max: 20, description: 'Tries per gap before it is marked failed.' }),
  backfillConcurrency: integer({ variable: 'HELDAR_BACKFILL_CONCURRENCY', fallback: 1, min: 1, max: 2, description: 'Gaps filled at once (each is one replay connection to a camera).' }),
  backfillIntervalSeconds: integer({
    variable: 'HELDAR_BACKFILL_INTERVAL_SECONDS',
    fallback: 60,
    min: 5,
    max: 86_400,
    description: 'How often the backfill sweeper looks for gaps and fills them.',
  }),
  cameraSegmentSeconds: integer({
    variable: 'HELDAR_CAMERA_SEGMENT_SECONDS',
    fallback: 10,
    min: 2,
    max: 3600,
    description: 'Segment length of a camera created without `segment_seconds`. Can be changed at run time (`PUT /api/settings`).',
  }),
  cameraRecordMode: {
    variable: 'HELDAR_CAMERA_RECORD_MODE',
    type: CAMERA_RECORD_MODES.join(', '),
    default: 'continuous',
    description: 'Record mode of a camera created without `record_mode`. Can be changed at run time.',
    parse: (value, at) => parseEnum(at.name, value, CAMERA_RECORD_MODES, 'continuous'),
    show: (value) => value,
  },
  cameraPreRollSeconds: integer({
    variable: 'HELDAR_CAMERA_PRE_ROLL_SECONDS',
    fallback: 5,
    min: 0,
    max: 3600,
    description: 'Seconds kept before a trigger, for a camera created without `pre_roll_seconds`. Can be changed at run time.',
  }),
  cameraPostRollSeconds: integer({
    variable: 'HELDAR_CAMERA_POST_ROLL_SECONDS',
    fallback: 30,
    min: 0,
    max: 3600,
    description: 'Seconds recorded after a trigger, for a camera created without `post_roll_seconds`. Can be changed at run time.',
  }),
  cameraRetentionDays: {
    variable: 'HELDAR_CAMERA_RETENTION_DAYS',
    type: 'whole number, 1–36500, or 0 for none',
    default: '(none)',
    description: 'Days of footage kept for a camera created without `retention_days`; none keeps it until a byte budget needs the space. Can be changed at run time.',
    parse: (value, at) => parseOptionalIntIn(at.name, value, 1, 36_500),
    show: (value) => (value === null ? '(none)' : String(value)),
  },
  cameraDetectFps: {
    variable: 'HELDAR_CAMERA_DETECT_FPS',
    type: 'number, 0.1–30, or 0 for none',
    default: '(none)',
    description: 'Frames per second sampled for perception workers on a camera created without `detect_fps`; none samples nothing. Can be changed at run time.',
    parse: (value, at) => parseOptionalNumberIn(at.name, value, 0.1, 30),
    show: (value) => (value === null ? '(none)' : String(value)),
  },
  discoveryInterface: {
    variable: 'HELDAR_DISCOVERY_INTERFACE',
    type: 'IPv4 address',
    default: "(the OS's choice)",
    description:
      'Interface ONVIF discovery (`POST /api/discovery/onvif`) multicasts its Probe from, given by its IPv4 address, e.g. `192.168.1.10` for the camera network or `127.0.0.1` for `lo`; a request may name another.',
    parse: (value, at) => {
      if (value === undefined) return null;
      if (!isIPv4(value)) throw new ConfigError(at.name, `must be an IPv4 address of a network interface, got ${JSON.stringify(value)}`);
      return value;
    },
    show: (value) => value ?? "(the OS's choice)",
  },
  backupJobTimeoutMinutes: integer({
    variable: 'HELDAR_BACKUP_JOB_TIMEOUT_MINUTES',
    fallback: 360,
    min: 1,
    max: 10_080,
    description: 'A backup job still running after this many minutes is stopped and marked failed; the next run copies what it left.',
  }),
  backupSchedulerSeconds: integer({
    variable: 'HELDAR_BACKUP_SCHEDULER_SECONDS',
    fallback: 60,
    min: 1,
    max: 3600,
    description: 'How often the backup scheduler looks for policies that are due.',
  }),
  nodeId: {
    variable: 'HELDAR_NODE_ID',
    type: 'node id: lower-case letters, digits, `.`, `-`, `_`; at most 64',
    default: 'the host name, lower-cased, other characters as `-`',
    description: 'This node\'s name among the nodes sharing one PostgreSQL database: segments and camera ownership name it. Keep it when a node is replaced so it is the same node.',
    parse: (value, at) => parseNodeId(at.name, value),
    show: (value) => value,
  },
  nodeUrl: {
    variable: 'HELDAR_NODE_URL',
    type: 'http(s) URL',
    default: '(none)',
    description: 'How the other nodes reach this one, e.g. `http://10.0.0.11:8080`; shown in `GET /api/nodes`.',
    parse: (value, at) => {
      if (value === undefined) return null;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new ConfigError(at.name, `must be an http or https URL, got ${JSON.stringify(value)}`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(at.name, `must be an http or https URL, got ${JSON.stringify(value)}`);
      if (url.username !== '' || url.password !== '') throw new ConfigError(at.name, 'must not carry credentials');
      return value.replace(/\/+$/, '');
    },
    show: (value) => value ?? '(none)',
  },
  nodeCapacity: integer({ variable: 'HELDAR_NODE_CAPACITY', fallback: 256, min: 1, max: 100_000, description: 'The most cameras this node records; failover spreads cameras by what each node has left.' }),
  nodeLeaseMs: integer({
    variable: 'HELDAR_NODE_LEASE_SECONDS',
    // With 4 s segments the first segment a new node indexes lands ~lease + ffmpeg start + 4 s after a
    // crash: 4 s keeps that under the 10 s failover target, and 3.5 s of failed renewals before
    // self-fencing rides out a slow database.
    fallback: 4,
    min: 2,
    max: 300,
    scale: 1000,
    description: 'A camera whose node has not renewed its lease for this long is taken over by another node (PostgreSQL); a node that cannot renew stops its own recorders before that.',
  }),
  nodeHeartbeatMs: integer({
    variable: 'HELDAR_NODE_HEARTBEAT_MS',
    fallback: 500,
    min: 100,
    max: 60_000,
    description: 'How often a node writes its heartbeat, renews its leases and looks for cameras without a live node; at most a third of the lease.',
  }),
};

/**
 * HELDAR_* variables that clients and tests read, never the server: the unknown-variable check lets
 * them pass, so a shell that exports HELDAR_API_KEY for a worker (docs/workers.md) can still run
 * `heldar key add` or `heldar serve`.
 */
export interface ClientVariable {
  readonly variable: `HELDAR_${string}`;
  readonly readBy: string;
  readonly description: string;
}

export const CLIENT_VARIABLES: readonly ClientVariable[] = [
  { variable: 'HELDAR_URL', readBy: 'workers (SDK examples, motion worker)', description: 'The kernel a worker connects to, e.g. `http://127.0.0.1:8080`.' },
  { variable: 'HELDAR_API_KEY', readBy: 'workers (SDK examples, motion worker)', description: 'The API key a worker authenticates with (`heldar key add --scope worker`).' },
  { variable: 'HELDAR_DEV_API', readBy: 'the web UI dev server', description: 'The kernel `npm run dev -w @heldar/web` proxies the API to.' },
  { variable: 'HELDAR_CHROMIUM', readBy: 'the UI browser tests', description: 'Path of the Chromium the browser tests drive (default `/usr/bin/chromium`).' },
  { variable: 'HELDAR_FUZZ_RUNS', readBy: 'the API fuzz test', description: 'Number of fuzz runs (default 100).' },
  { variable: 'HELDAR_FUZZ_SEED', readBy: 'the API fuzz test', description: 'Seed of the fuzz runs (default 14).' },
];

/** HELDAR_NODE_ID, or the host name made into one (lower case, other characters as `-`). */
function parseNodeId(name: string, value: string | undefined): string {
  if (value === undefined) {
    const fromHost = hostname().toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
    return fromHost === '' ? 'node' : fromHost;
  }
  if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(value)) throw new ConfigError(name, `must be 1–64 lower-case letters, digits, ".", "-" or "_", starting with a letter or digit; got ${JSON.stringify(value)}`);
  return value;
}
