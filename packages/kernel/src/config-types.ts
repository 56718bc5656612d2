import type { OutboundAllowList } from './net/outbound-allow.js';

/**
 * The types of Heldar's configuration: the frozen object loadConfig returns, its value types, the
 * secret wrapper and the error a bad value raises. The spec that fills them is config-spec.ts.
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
  /** Largest evidence archive, in MiB of recorded footage. */
  readonly archiveMaxMegabytes: number;
  /** Gap backfill: shortest gap kept as a row, oldest gap looked at, tries per gap, fills at once, sweep period. */
  readonly backfillMinGapSeconds: number;
  readonly backfillMaxAgeHours: number;
  readonly backfillMaxAttempts: number;
  readonly backfillConcurrency: number;
  readonly backfillIntervalSeconds: number;
  /** A playback session unused for this long is removed and its segments released (sliding). */
  readonly playbackTtlMinutes: number;
  /** Longest range a playback session may cover, in seconds. */
  readonly maxPlaybackSeconds: number;
  /** Perception: width of sampled JPEG frames, sampler stall limit, worker heartbeat timeout. */
  readonly samplerWidth: number;
  readonly samplerStallSeconds: number;
  readonly workerTimeoutSeconds: number;
  /** The recorder's and sampler's ffmpeg also write the live copy (live view without a second connection). */
  readonly liveEnabled: boolean;
  /** Password for the `admin` user created on first start when no user exists (else a random one). */
  readonly adminPassword: SecretValue | null;
  /** A session not used for this long ends (sliding expiry). */
  readonly sessionIdleMs: number;
  /** A session ends this long after sign-in however busy it is. */
  readonly sessionMaxMs: number;
  /** Believe X-Forwarded-For/-Proto/-Host from a reverse proxy (client IP for rate limits and audit). */
  readonly trustProxy: boolean;
  /** GET /metrics answers without credentials (a Prometheus on a trusted network). */
  readonly metricsPublic: boolean;
  /** /readyz fails when fewer than this percentage of the cameras meant to record are recording (0: off). */
  readonly readyMinRecordingPercent: number;
  /** Disk health: block devices checked with `smartctl -H` (empty: none), the smartctl binary, the mdstat file, how often. */
  readonly smartDevices: readonly string[];
  readonly smartctlBin: string;
  readonly mdstatPath: string;
  readonly diskCheckIntervalMs: number;
  /** Storage: how often the retention sweeper runs. */
  readonly retentionIntervalMs: number;
  /** Byte budget for all recordings together (null: none). */
  readonly retentionMaxBytes: number | null;
  /** Free space kept on the recordings volume by deleting the oldest footage (null: none). */
  readonly minFree: FreeSpaceFloor | null;
  /** Byte budget and free-space floor of the mirror volume. */
  readonly mirrorMaxBytes: number | null;
  readonly mirrorMinFree: FreeSpaceFloor | null;
  /** Private hosts and ranges user-given URLs may reach (webhooks, sidecars); see net/outbound-guard.ts. */
  readonly outboundAllow: OutboundAllowList;
  /** Webhooks: consecutive failed attempts before a subscription pauses; the first retry's delay. */
  readonly webhookMaxFailures: number;
  readonly webhookRetryInitialMs: number;
  /** Key of the secrets stored encrypted in the database (null: the key file in the data folder). */
  readonly secretKey: SecretValue | null;
  /** MQTT (off when mqttUrl is null): broker, credentials, topic prefix, Home Assistant discovery prefix. */
  readonly mqttUrl: string | null;
  readonly mqttUsername: string | null;
  readonly mqttPassword: SecretValue | null;
  readonly mqttPrefix: string;
  readonly mqttDiscoveryPrefix: string;
  /** Email (off when smtpHost is null): SMTP server, sender, recipients, lowest severity mailed, digest window. */
  readonly smtpHost: string | null;
  readonly smtpPort: number;
  readonly smtpTls: SmtpTls;
  readonly smtpUsername: string | null;
  readonly smtpPassword: SecretValue | null;
  readonly smtpFrom: string;
  readonly smtpTo: readonly string[];
  readonly smtpMinSeverity: 'info' | 'warning' | 'error';
  readonly smtpDigestSeconds: number;
  /** Backup: a job's time limit; how often the scheduler checks for due policies. */
  readonly backupJobTimeoutMinutes: number;
  readonly backupSchedulerSeconds: number;
  /** Several nodes on one PostgreSQL (cluster/): this node's id, the URL peers reach it at, most cameras it records. */
  readonly nodeId: string;
  readonly nodeUrl: string | null;
  readonly nodeCapacity: number;
  /** Camera ownership: how long a lease lasts without renewal, and how often leases and the heartbeat are renewed. */
  readonly nodeLeaseMs: number;
  readonly nodeHeartbeatMs: number;
  /** The PATH ffmpeg/ffprobe are looked up on when given as bare names. */
  readonly searchPath: string | undefined;
  /** Derived folders under dataDir. */
  readonly recordingsDir: string;
  readonly clipsDir: string;
  readonly playbackDir: string;
  /** Live view: idle stop of on-demand streams, viewer limits, per-viewer send backlog (bytes). */
  readonly liveIdleStopSeconds: number;
  readonly liveRecorderCopies: number;
  readonly liveMaxViewers: number;
  readonly liveMaxViewersPerUser: number;
  readonly liveViewerBacklogBytes: number;
  /** RTSP restream port (null: no RTSP server) and the address it listens on. */
  readonly rtspPort: number | null;
  readonly rtspHost: string;
  /**
   * What a camera created without these fields gets (POST /api/cameras): segment length, record mode,
   * pre/post roll, days kept (null: until a byte budget needs the space), sampler fps (null: not sampled).
   */
  readonly cameraSegmentSeconds: number;
  readonly cameraRecordMode: CameraRecordMode;
  readonly cameraPreRollSeconds: number;
  readonly cameraPostRollSeconds: number;
  readonly cameraRetentionDays: number | null;
  readonly cameraDetectFps: number | null;
  /** IPv4 address of the interface ONVIF discovery multicasts from (null: the OS's choice). */
  readonly discoveryInterface: string | null;
}

/** SQLite: a file (or memory). PostgreSQL: a connection URL, kept as a SecretValue (it holds the password). */
export type DbLocation =
  | { readonly kind: 'sqlite'; readonly file: string | ':memory:' }
  | { readonly kind: 'postgres'; readonly url: SecretValue };

/** A free-space floor: a number of bytes, or a percentage of the volume's size. */
export type FreeSpaceFloor = { readonly bytes: number } | { readonly percent: number };

/** How the SMTP connection is protected: none, STARTTLS after connecting, or TLS from the start (port 465). */
export const SMTP_TLS_MODES = ['none', 'starttls', 'tls'] as const;
export type SmtpTls = (typeof SMTP_TLS_MODES)[number];

/** A camera's record modes (db/schema.ts's RecordMode; cameras/ checks the two agree). */
export const CAMERA_RECORD_MODES = ['continuous', 'scheduled', 'event', 'scheduled_event'] as const;
export type CameraRecordMode = (typeof CAMERA_RECORD_MODES)[number];

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
