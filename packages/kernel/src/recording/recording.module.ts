import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { CameraService } from '../cameras/camera.service.js';
import type { CameraStatusRepository } from '../cameras/camera-status.repository.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { EventLog } from '../events/event-log.js';
import type { FeatureModule } from '../feature-module.js';
import { decodeCheck } from '../ffmpeg/probe.js';
import { sleep } from '../sleep.js';
import { segmentRoutes } from '../storage/segment.routes.js';
import type { FootageDeleter } from '../storage/footage-deleter.js';
import type { SegmentRepository } from '../storage/segment.repository.js';
import type { VolumeStatsFn } from '../storage/volume-stats.js';
import { ffmpegLauncher } from './ffmpeg-launcher.js';
import { LiveCopyBudget } from './live-copy-budget.js';
import { DISCARD_LIVE_SINK, type LiveSink } from './live-sink.js';
import { MirrorCopier } from './mirror-copier.js';
import type { Launcher } from './process-launcher.js';
import { RecorderManager, type HealthCheckSettings } from './recorder-manager.js';
import { recorderRoutes } from './recorder.routes.js';
import { RecordingRecovery, type RecoveryReport } from './recording-recovery.js';
import { SegmentIndexer } from './segment-indexer.js';
import { StagedFileSalvage } from './staged-file-salvage.js';
import type { StreamProbe } from './stream-probe.js';
import type { CameraOwnership } from '../cluster/camera-ownership.js';
import type { PeerClient } from '../cluster/peers/peer-client.js';
import type { PeerTokenSigner } from '../cluster/peers/peer-token.js';
import { peerTriggerRoutes } from './peer-trigger.routes.js';
import { peerTriggerForwarder } from './trigger-forwarding.js';

/** What the recording module uses from the kernel, and the adapters tests replace (KernelOptions). */
export interface RecordingModuleDeps {
  config: Pick<Config, 'recorderEnabled' | 'recordingsDir' | 'mirrorDir' | 'timeZone' | 'ffmpegBin' | 'liveEnabled' | 'liveRecorderCopies'>;
  logger: Logger;
  clock: Clock;
  cameras: CameraService;
  cameraRepository: CameraRepository;
  status: CameraStatusRepository;
  segments: SegmentRepository;
  events: EventLog;
  /** Recovery finishes interrupted deletions and drops rows whose file is gone through it. */
  footage: FootageDeleter;
  /** Long-running ffmpegs are started under it so they stop when Heldar dies (ffmpeg/parent-death.ts). */
  processPrefix: readonly string[];
  launcher: Launcher | undefined;
  probe: StreamProbe;
  volumeStats: VolumeStatsFn;
  tickMs: number;
  stallGraceMs: number;
  healthCheck: HealthCheckSettings;
  /** Where recorders hand their live copy (media/live/'s hubs); default DISCARD_LIVE_SINK. */
  liveSink?: LiveSink;
  /** Which cameras this node records, and the fence every segment row passes (cluster/). */
  ownership: CameraOwnership;
  /** Node-to-node calls: the internal trigger route, and (several nodes) triggers sent on to the camera's node. */
  peers: { client: PeerClient; signer: PeerTokenSigner };
  /** Several nodes (PostgreSQL): a trigger for a camera another node records is sent there. */
  forwardTriggers: boolean;
}

/** Recorders, the segment indexer, crash recovery and the mirror; recorder status and the segment index over HTTP. */
export interface RecordingModule extends FeatureModule {
  readonly recorder: RecorderManager;
  readonly indexer: SegmentIndexer;
  /** Null without HELDAR_MIRROR_DIR. */
  readonly mirror: MirrorCopier | null;
  /** Crash recovery, then a recorder for every camera that should record (no recovery when disabled). */
  startRecording(): Promise<RecoveryReport | null>;
}

export function createRecordingModule(deps: RecordingModuleDeps): RecordingModule {
  const { config, clock, events, status, segments, cameraRepository } = deps;
  const logger = deps.logger.child({ module: 'recorder' });
  const { ownership } = deps;
  const indexer = new SegmentIndexer(config.recordingsDir, segments, status, clock, logger, ownership);
  const decodes = async (file: string) => (await decodeCheck(config.ffmpegBin, file)).playable;
  const salvage = new StagedFileSalvage(config.recordingsDir, decodes, events, logger);
  const mirrorVolume = config.mirrorDir === null ? null : { root: config.mirrorDir, salvage: new StagedFileSalvage(config.mirrorDir, decodes, events, logger) };
  const recovery = new RecordingRecovery(config.recordingsDir, segments, deps.footage, status, indexer, salvage, events, clock, logger, mirrorVolume, ownership.recoveryNode);
  const recorder = new RecorderManager(
    config.recorderEnabled,
    cameraRepository,
    status,
    {
      recordingsRoot: config.recordingsDir,
      timeZone: config.timeZone,
      cameras: cameraRepository,
      status,
      indexer,
      salvage,
      events,
      clock,
      logger,
      launch: deps.launcher ?? ffmpegLauncher(config.ffmpegBin, logger, deps.processPrefix),
      tickMs: deps.tickMs,
      stallGraceMs: deps.stallGraceMs,
      mirror: mirrorVolume,
      sleep: async (ms, signal) => {
        await sleep(ms, signal);
      },
      probe: deps.probe,
      volumeStats: deps.volumeStats,
      live: config.liveEnabled ? new LiveCopyBudget(deps.liveSink ?? DISCARD_LIVE_SINK, config.liveRecorderCopies) : null,
    },
    clock,
    logger,
    deps.healthCheck,
    ownership,
    deps.forwardTriggers ? peerTriggerForwarder(deps.peers.client) : null,
  );
  ownership.onChange((id) => recorder.reconcile(id));
  deps.cameras.onChange((id) => recorder.reconcile(id).catch((e: unknown) => logger.error({ err: e, camera_id: id }, 'recorder: reconcile failed')));
  const mirror = config.mirrorDir === null ? null : new MirrorCopier(config.mirrorDir, cameraRepository, events, deps.logger.child({ module: 'mirror' }));
  if (mirror) indexer.onIndexed((segment, file) => mirror.enqueue(segment, file));

  return {
    recorder,
    indexer,
    mirror,
    async startRecording() {
      const report = config.recorderEnabled ? await recovery.run() : null;
      await recorder.startAll();
      return report;
    },
    routes: async (app: FastifyInstance) => {
      await app.register(recorderRoutes, { cameras: deps.cameras, status, recorder });
      await app.register(peerTriggerRoutes, { signer: deps.peers.signer, recorder, clock, logger });
      await app.register(segmentRoutes, { cameras: deps.cameras, segments, clock });
    },
    // Stopped last of the modules (it is the first): recorders finish their segments, then the mirror drains.
    async stop() {
      await recorder.shutdown();
      await mirror?.idle();
    },
  };
}
