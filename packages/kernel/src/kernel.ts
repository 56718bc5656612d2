import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { CameraRepository } from './cameras/camera.repository.js';
import { CameraService } from './cameras/camera.service.js';
import { CameraStatusRepository } from './cameras/camera-status.repository.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { prepareDataDir } from './data-dir.js';
import { migrateToLatest, openDatabase, pingDatabase, type Db } from './db/database.js';
import { EventBus } from './events/event-bus.js';
import { EventLog } from './events/event-log.js';
import { EventRepository } from './events/event.repository.js';
import { EventRelay } from './events/event-relay.js';
import { MediaToolsError, resolveMediaTools, type MediaTools } from './ffmpeg/binaries.js';
import { parentDeathPrefix } from './ffmpeg/parent-death.js';
import { createAuthModule, type AuthModule } from './auth/auth.module.js';
import type { FeatureModule } from './feature-module.js';
import { buildApp, type RouteEntry } from './http/app.js';
import type { HealthInfo } from './http/health.routes.js';
import { createCamerasModule } from './cameras/cameras.module.js';
import { createDiscoveryModule, type DiscoveryModule } from './cameras/discovery/discovery.module.js';
import { createCameraControlModule } from './cameras/camera-control.module.js';
import { createOnvifEventsModule } from './perception/onvif-events/onvif-events.module.js';
import type { PullPointTiming } from './perception/onvif-events/pull-point-loop.js';
import { createEventsModule } from './events/events.module.js';
import { createClipsModule, type ClipsModule } from './media/clips/clips.module.js';
import { createPlaybackModule, type PlaybackModule } from './media/playback/playback.module.js';
import { createBackfillModule, type BackfillModule } from './recording/backfill/backfill.module.js';
import { createArchivesModule, type ArchivesModule } from './media/archives/archives.module.js';
import { createPeerFootageModule, type PeerFootageModule } from './media/peer-footage/peer-footage.module.js';
import { PeerClient } from './cluster/peers/peer-client.js';
import { PeerDirectory } from './cluster/peers/peer-directory.js';
import { PeerTokenSigner } from './cluster/peers/peer-token.js';
import { createLiveModule, type LiveModule } from './media/live/live.module.js';
import type { OnDemandLauncher } from './media/live/live-types.js';
import { createLlHlsModule, type LlHlsModule } from './media/live/ll-hls/ll-hls.module.js';
import { createRtspModule, type RtspModule } from './media/live/rtsp/rtsp.module.js';
import { createPerceptionModule, type PerceptionModule } from './perception/perception.module.js';
import { createEmailModule, type EmailModule } from './integrations/email/email.module.js';
import { createMqttModule, type MqttModule, type MqttModuleOptions } from './integrations/mqtt/mqtt.module.js';
import { createMetricsModule, type MetricsModule } from './metrics/metrics.module.js';
import { probeDatabaseWrite } from './metrics/database-probe.js';
import { createSettingsModule, type SettingsModule } from './settings/settings.module.js';
import { createSystemModule, type SystemModule } from './system/system.module.js';
import { createWebhooksModule, type WebhooksModule } from './integrations/webhooks/webhooks.module.js';
import { createModulesModule, type ModulesModule } from './integrations/modules/modules.module.js';
import { createBackupModule, type BackupModule } from './backup/backup.module.js';
import { createStorageModule, type StorageModule, type StorageModuleOptions } from './storage/storage.module.js';
import type { MirrorCopier } from './recording/mirror-copier.js';
import type { Launcher } from './recording/process-launcher.js';
import { DEFAULT_HEALTH_CHECK, type HealthCheckSettings, type RecorderManager } from './recording/recorder-manager.js';
import { probeStream, type StreamProbe } from './recording/stream-probe.js';
import { statfsVolume } from './storage/volume-stats.js';
import type { RecoveryReport } from './recording/recording-recovery.js';
import type { LiveSink } from './recording/live-sink.js';
import { createRecordingModule, type RecordingModule } from './recording/recording.module.js';
import type { SegmentIndexer } from './recording/segment-indexer.js';
import { CameraFootage } from './storage/camera-purge.js';
import { FootageDeleter } from './storage/footage-deleter.js';
import { LeaseRepository } from './storage/lease.repository.js';
import { RetentionRepository } from './storage/retention.repository.js';
import { removeSegmentFiles } from './storage/segment-files.js';
import { SegmentLeases } from './storage/segment-leases.js';
import { SegmentRepository } from './storage/segment.repository.js';
import { kernelVersion } from './version.js';
import { createClusterModule, type ClusterModule } from './cluster/cluster.module.js';
import { sealStoredSecrets } from './db/stored-secrets.js';
import { leaderLock, presenceLock } from './db/session-lock.js';
import { singletonModule } from './db/singleton-module.js';
import { AesGcmSecretBox, type SecretBox } from './secrets/secret-box.js';
import { loadSecretKey, parseSecretKey } from './secrets/secret-key.js';

export interface Kernel {
  readonly config: Config;
  readonly db: Db;
  readonly app: FastifyInstance;
  readonly routes: readonly RouteEntry[];
  readonly cameras: CameraService;
  readonly events: EventLog;
  readonly bus: EventBus;
  readonly recorder: RecorderManager;
  readonly segments: SegmentRepository;
  readonly leases: SegmentLeases;
  readonly status: CameraStatusRepository;
  readonly mirror: MirrorCopier | null;
  readonly indexer: SegmentIndexer;
  /** Encrypts and decrypts the secrets a repository stores (the key from HELDAR_SECRET_KEY or the key file). */
  readonly secretBox: SecretBox;
  /** Feature modules, in the order they are installed and started (stopped in reverse). */
  readonly modules: KernelModules;
  /** Crash recovery, then a recorder for every camera that should record (no-op when disabled). */
  startRecording(): Promise<RecoveryReport | null>;
  /** Listens on the configured host and port; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops everything in order (HTTP, recorders, mirror, database). Safe to call twice. */
  close(): Promise<void>;
}

export interface KernelModules {
  cameras: FeatureModule;
  recording: RecordingModule;
  events: FeatureModule;
  auth: AuthModule;
  storage: StorageModule;
  playback: PlaybackModule;
  clips: ClipsModule;
  perception: PerceptionModule;
  webhooks: WebhooksModule;
  modules: ModulesModule;
  mqtt: MqttModule;
  email: EmailModule;
  metrics: MetricsModule;
  live: LiveModule;
  liveHls: LlHlsModule;
  /** The RTSP restream; listens only when HELDAR_RTSP_PORT is set. */
  rtsp: RtspModule;
  settings: SettingsModule;
  system: SystemModule;
  discovery: DiscoveryModule;
  backup: BackupModule;
  /** Probe before add, camera test, PTZ (cameras/probe, cameras/ptz). */
  cameraControl: FeatureModule;
  /** ONVIF events as recording triggers (perception/onvif-events). */
  onvifEvents: FeatureModule;
  /** Gap backfill (ANR): recording gaps filled from the cameras' own storage. */
  backfill: BackfillModule;
  /** Evidence archives: several cameras' clips, an incident's notes and a signed manifest in one zip. */
  archives: ArchivesModule;
  /** Nodes and camera ownership (heartbeats, leases with fencing epochs, failover, drain); GET /api/nodes. */
  cluster: ClusterModule;
  /** Footage across nodes: the internal route peers fetch segment files from, and the reader media/ uses. */
  peerFootage: PeerFootageModule;
}

export interface KernelOptions {
  clock?: Clock;
  /** ONVIF PullPoint timing (tests use a short termination time to see renewals). */
  onvifEvents?: Partial<PullPointTiming>;
  /** How often recorders re-evaluate schedules and event windows (default 1 s). */
  recorderTickMs?: number;
  /** Grace added to 2 × segment_seconds before the stall watchdog restarts ffmpeg (default 30 s). */
  stallGraceMs?: number;
  /** The recorder's health check (default: every 5 s, limit max(3 × segment, 30 s)). */
  healthCheck?: HealthCheckSettings;
  /** Replaces the camera reachability check between reconnects (default: TCP + RTSP OPTIONS). */
  probe?: StreamProbe;
  /** Replaces the ffmpeg launcher (tests of the supervisor's reactions). */
  launcher?: Launcher;
  /** Replaces the storage module's adapters (free-space function, file remover) in tests. */
  storage?: StorageModuleOptions;
  /** Replaces the live-only stream launcher (default: OnDemandSource, a live-only ffmpeg per stream). */
  liveLauncher?: OnDemandLauncher;
  /** Where recorders and samplers hand their live copy (default: the live hubs). */
  liveSink?: LiveSink;
  /** Shorter MQTT timings (reconnect backoff, status refresh) in tests. */
  mqtt?: MqttModuleOptions;
}

/**
 * The composition root: builds every service with its collaborators, in dependency order. Tests call
 * it with a temporary data folder; `heldar serve` calls it with the configuration from the environment.
 */
export async function createKernel(config: Config, logger: Logger, options: KernelOptions = {}): Promise<Kernel> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const tools = await checkMediaTools(config, logger);
  const processPrefix = await parentDeathPrefix();
  if (processPrefix.length === 0) logger.warn('setpriv --pdeathsig unavailable: an ffmpeg would outlive a crashed Heldar until the next start kills it');
  prepareDataDir(config.dataDir);
  const db = openDatabase(config.db, { onConnectionError: (e) => logger.warn({ err: e }, 'database connection lost; the pool reconnects') });
  await migrateToLatest(db);
  const { box: secretBox, key: secretKey } = await openSecrets(config, db, logger);

  const settings = await createSettingsModule({ config, db, clock, logger });
  const currentSettings = () => settings.store.current();
  const bus = new EventBus((e) => logger.error({ err: e }, 'event listener failed'));
  // Several nodes: work that must run once per cluster runs on the node holding the leader lock.
  const lockOptions = config.db.kind === 'postgres' ? { url: config.db.url.reveal(), nodeId: config.nodeId, logger: logger.child({ module: 'cluster' }) } : null;
  const leader = lockOptions === null ? null : leaderLock(lockOptions);
  const once = <M extends FeatureModule>(module: M, name: string): M => singletonModule(module, leader, name, logger);
  const eventRepository = new EventRepository(db);
  // Several nodes share a PostgreSQL database: each one's events reach every node's bus.
  const relay = config.db.kind === 'postgres' ? new EventRelay({ db, url: config.db.url.reveal(), nodeId: config.nodeId, repository: eventRepository, bus, logger: logger.child({ module: 'events' }) }) : null;
  const events = new EventLog(eventRepository, bus, clock, logger.child({ module: 'events' }), relay === null ? undefined : (e) => relay.announce(e));
  const segments = new SegmentRepository(db);
  const leases = new SegmentLeases(new LeaseRepository(db), clock);
  // With several nodes, each one's retention works on its own volume only.
  const retention = new RetentionRepository(db, config.db.kind === 'postgres' ? config.nodeId : null);
  const footage = new FootageDeleter({
    recordingsRoot: config.recordingsDir,
    mirrorRoot: config.mirrorDir,
    segments,
    marks: retention,
    removeFiles: options.storage?.removeFiles ?? removeSegmentFiles,
  });
  const purges = new CameraFootage({ retention, footage, clock, logger: logger.child({ module: 'storage' }), batchSize: options.storage?.batchSize ?? 250 });
  const cameraRepository = new CameraRepository(db, secretBox);
  const status = new CameraStatusRepository(db);
  const cameras = new CameraService(
    cameraRepository,
    segments,
    events,
    clock,
    (id) => purges.purge(id),
    (id) => purges.held(id),
    currentSettings,
  );

  // Before recording: the live hubs are the LiveSink the recorder and the sampler write into.
  const auth = createAuthModule({ config, db, clock, logger });
  const live = createLiveModule({ config, logger, clock, cameraRepository, processPrefix, audit: auth.audit, bus, launcher: options.liveLauncher });
  const liveSink = options.liveSink ?? live.hubs;
  // Heartbeats and lease renewals on a pool of their own (PostgreSQL): a node busy with recorders and
  // API calls must not miss a renewal waiting for a connection, or it loses its cameras.
  const loopDb = config.db.kind === 'postgres' ? openDatabase(config.db, { maxConnections: 2, onConnectionError: (e) => logger.warn({ err: e }, 'database connection lost; the pool reconnects') }) : db;
  const cluster = createClusterModule({
    config,
    db,
    loopDb,
    // Held while this process lives: the other nodes see it die at once (kill -9, a crash), not a lease later.
    presence: lockOptions === null ? null : presenceLock({ ...lockOptions, checkMs: 1000 }),
    logger,
    clock,
    events,
    volumeStats: options.storage?.volumeStats ?? statfsVolume,
    version: kernelVersion(),
  });
  // Node-to-node requests (footage, triggers), signed with a key derived from the shared secret key.
  const peerSigner = new PeerTokenSigner(secretKey);
  const peers = { client: new PeerClient({ nodeId: config.nodeId, signer: peerSigner, directory: new PeerDirectory(db), clock }), signer: peerSigner };
  const recording = createRecordingModule({
    config,
    logger,
    clock,
    cameras,
    cameraRepository,
    status,
    segments,
    events,
    footage,
    processPrefix,
    launcher: options.launcher,
    probe: options.probe ?? probeStream,
    volumeStats: options.storage?.volumeStats ?? statfsVolume,
    tickMs: options.recorderTickMs ?? 1000,
    stallGraceMs: options.stallGraceMs ?? 30_000,
    healthCheck: options.healthCheck ?? DEFAULT_HEALTH_CHECK,
    liveSink,
    ownership: cluster.ownership,
    peers,
    forwardTriggers: config.db.kind === 'postgres',
  });
  const { recorder, indexer, mirror } = recording;

  const storage = createStorageModule({ config, db, logger, clock, events, cameras, cameraRepository, leases, footage, settings: currentSettings }, options.storage);
  const webhooks = once(createWebhooksModule({ config, db, logger, clock, events, bus, secretBox, ...(leader === null ? {} : { clusterSyncMs: 5_000 }) }), 'webhooks');
  const peerFootage = createPeerFootageModule({ config, db, peers, segments, clock, logger });
  const backfill = once(createBackfillModule({ config, db, logger, clock, cameras, cameraRepository, segments, indexer, events, processPrefix }), 'backfill');
  const playback = createPlaybackModule({ config, db, logger, clock, cameras, status, events, segments, leases, processPrefix, backfill: backfill.repository, files: peerFootage.files });
  const perception = createPerceptionModule({ config, db, logger, clock, cameras, cameraRepository, events, bus, recorder, processPrefix, snapshots: playback.snapshots, liveSink });
  // In the order their routes are registered and their work started (stopped in reverse: recording last).
  const modules: KernelModules = {
    cameras: createCamerasModule({ cameras }),
    recording,
    events: createEventsModule({ events, relay }),
    auth,
    storage,
    playback,
    clips: createClipsModule({ config, db, logger, clock, cameras, events, segments, leases, indexer, files: peerFootage.files }),
    perception,
    webhooks,
    modules: createModulesModule({ db, clock, logger, keys: auth.keys, webhooks: webhooks.webhooks, guard: webhooks.guard }),
    mqtt: once(createMqttModule(
      {
        config,
        logger,
        clock,
        cameras,
        status,
        recorder,
        bus,
        tracks: perception.trackFeed,
        latestFrame: (id) => perception.frames.latest(id)?.jpeg ?? null,
        labels: async () => [...new Set((await perception.workers.list(undefined, 1000)).flatMap((w) => w.labels))].sort(),
        version: kernelVersion(),
      },
      options.mqtt,
    ), 'mqtt'),
    email: once(createEmailModule({ config, logger, clock, bus }), 'email'),
    metrics: createMetricsModule({
      config,
      db,
      clock,
      indexer,
      volumeStats: options.storage?.volumeStats ?? statfsVolume,
      version: kernelVersion(),
      liveViewers: () => live.hubs.viewerCount(),
      readiness: {
        pingDb: () => probeDatabaseWrite(db),
        recordingsDir: config.recordingsDir,
        ffmpegProblem: () => (tools instanceof MediaToolsError ? tools.message : null),
        minRecordingPercent: () => currentSettings().readyMinRecordingPercent,
      },
      metricsPublic: () => currentSettings().metricsPublic,
      bus,
      onSwept: (listener) => storage.retention.onSwept(listener),
      lastSweep: () => storage.retention.lastSweep,
      perception: perception.figures,
      onPlaybackEnded: (listener) => playback.service.onEnded(listener),
    }),
    settings,
    system: createSystemModule({
      config,
      db,
      clock,
      logger,
      events,
      version: kernelVersion(),
      startedAt,
      volumeStats: options.storage?.volumeStats ?? statfsVolume,
      settings: currentSettings,
      lastSweep: () => storage.retention.lastSweep,
    }),
    live,
    liveHls: createLlHlsModule({ hubs: live.hubs, audit: auth.audit, clock, logger }),
    rtsp: createRtspModule({
      settings: { port: config.rtspPort, host: config.rtspHost },
      hubs: live.hubs,
      admitViewer: (principalId) => live.hubs.admitViewer(principalId),
      rtspCredential: (keyId) => auth.keys.rtspCredential(keyId),
      audit: auth.audit,
      logger,
    }),
    discovery: createDiscoveryModule({ config, cameras, events, clock, logger }),
    backup: once(createBackupModule({ config, db, logger, clock, events, leases, secretBox, guard: webhooks.guard, sourceFile: (segment) => peerFootage.files.localFile(segment) }), 'backup'),
    cameraControl: createCameraControlModule({ config, cameras }),
    onvifEvents: createOnvifEventsModule({
      cameras,
      cameraRepository,
      events,
      recorder,
      logger: logger.child({ module: 'onvif-events' }),
      ...(options.onvifEvents ? { timing: options.onvifEvents } : {}),
      // Several recording nodes: each camera's subscription lives on the node that records it.
      ...(config.db.kind === 'postgres' && config.recorderEnabled ? { holder: cluster.ownership } : {}),
    }),
    backfill,
    archives: createArchivesModule({ config, db, logger, clock, cameras, events, segments, leases, files: peerFootage.files }),
    cluster,
    peerFootage,
  };
  const moduleList: FeatureModule[] = Object.values(modules);
  const { app, routes } = await buildApp({ modules: moduleList, trustProxy: config.trustProxy, health: healthInfo(tools, db, clock, startedAt) }, logger);

  let closing: Promise<void> | undefined;
  return {
    config,
    db,
    app,
    routes,
    cameras,
    events,
    bus,
    recorder,
    segments,
    leases,
    status,
    mirror,
    indexer,
    secretBox,
    modules,
    async startRecording() {
      // Leases first: recovery indexes leftovers only of cameras this node holds, and recorders start only for those.
      if (config.recorderEnabled) await cluster.ownership.join();
      const report = await recording.startRecording();
      for (const module of moduleList) await module.start?.();
      return report;
    },
    async listen() {
      return app.listen({ port: config.httpPort, host: config.httpHost });
    },
    close() {
      closing ??= (async () => {
        await app.close();
        // Recording stops last (recorders finish their segments, then the mirror drains).
        for (const module of [...moduleList].reverse()) await module.stop?.();
        // After the recorders finished their segments: the leases go, other nodes take the cameras at once.
        await cluster.ownership.leave();
        await leader?.stop();
        if (loopDb !== db) await loopDb.destroy();
        await db.destroy();
      })();
      return closing;
    },
  };
}

/**
 * The key (HELDAR_SECRET_KEY or the key file), then the start-up step over the stored secrets: a key
 * that does not decrypt them stops the start (SecretKeyMismatch); plaintext from an older version is
 * encrypted. The database is closed again when the start stops here.
 */
async function openSecrets(config: Config, db: Db, logger: Logger): Promise<{ box: SecretBox; key: Buffer }> {
  try {
    const { key, source } = loadSecretKey(config.secretKey === null ? null : parseSecretKey(config.secretKey.reveal()), config.dataDir);
    const box = new AesGcmSecretBox(key);
    const keyName = source.kind === 'env' ? 'HELDAR_SECRET_KEY' : `HELDAR_SECRET_KEY (unset: the key file ${source.path})`;
    const { encrypted } = await sealStoredSecrets(db, box, keyName);
    if (encrypted > 0) logger.info({ encrypted }, 'secrets: stored plaintext secrets encrypted');
    return { box, key };
  } catch (e: unknown) {
    await db.destroy();
    throw e;
  }
}

/** What GET /api/health reports: version, ffmpeg, the database answering, uptime. */
function healthInfo(tools: MediaTools | MediaToolsError, db: Db, clock: Clock, startedAt: number): HealthInfo {
  return {
    version: kernelVersion(),
    ffmpeg: () =>
      tools instanceof MediaToolsError
        ? { available: false, version: null, error: tools.message }
        : { available: true, version: tools.ffmpeg.version, error: null },
    pingDb: () => pingDatabase(db),
    uptimeSeconds: () => (clock.now() - startedAt) / 1000,
  };
}

/**
 * ffmpeg and ffprobe ≥ 5 are required to record; without the recorder they are only reported by the
 * health check, so the API can still be used to configure cameras.
 */
async function checkMediaTools(config: Config, logger: Logger): Promise<MediaTools | MediaToolsError> {
  try {
    return await resolveMediaTools({ ffmpeg: config.ffmpegBin, ffprobe: config.ffprobeBin, searchPath: config.searchPath });
  } catch (e: unknown) {
    if (!(e instanceof MediaToolsError)) throw e;
    if (config.recorderEnabled) throw e;
    logger.warn({ problems: e.problems }, 'ffmpeg/ffprobe unusable; recording is disabled anyway');
    return e;
  }
}
