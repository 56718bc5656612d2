import path from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { PeerClient } from '../../cluster/peers/peer-client.js';
import type { PeerTokenSigner } from '../../cluster/peers/peer-token.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { dialectOf } from '../../db/dialect.js';
import type { FeatureModule } from '../../feature-module.js';
import type { SegmentRepository } from '../../storage/segment.repository.js';
import { FootageFiles } from './footage-files.js';
import { peerFileRoutes } from './peer-file.routes.js';

/** Copies of other nodes' segments unused this long are removed (longer than any export or playback request). */
export const PEER_COPY_MAX_AGE_MS = 30 * 60_000;
const SWEEP_INTERVAL_MS = 5 * 60_000;

/** Footage across nodes: where a segment's bytes are (FootageFiles) and the internal route peers fetch them from. */
export interface PeerFootageModule extends FeatureModule {
  readonly files: FootageFiles;
  readonly peers: PeerClient;
}

export interface PeerFootageModuleDeps {
  config: Pick<Config, 'dataDir' | 'nodeId' | 'recordingsDir'>;
  /** Read for the peers' addresses (`nodes`) and the dialect: on SQLite there are no peers. */
  db: Db;
  /** Node-to-node requests, signed with the key derived from the secret key all nodes share. */
  peers: { client: PeerClient; signer: PeerTokenSigner };
  segments: SegmentRepository;
  clock: Clock;
  logger: Logger;
}

export function createPeerFootageModule(ctx: PeerFootageModuleDeps): PeerFootageModule {
  const logger = ctx.logger.child({ module: 'peer-footage' });
  const { client: peers, signer } = ctx.peers;
  const files = new FootageFiles({
    nodeId: ctx.config.nodeId,
    clustered: dialectOf(ctx.db) === 'postgres',
    recordingsDir: ctx.config.recordingsDir,
    cacheDir: path.join(ctx.config.dataDir, 'peer-footage'),
    peers,
    clock: ctx.clock,
    logger,
  });
  let timer: NodeJS.Timeout | undefined;
  const sweep = () => void files.sweep(PEER_COPY_MAX_AGE_MS).catch((e: unknown) => logger.warn({ err: e }, 'peer footage: sweep failed'));
  return {
    files,
    peers,
    routes: async (app) => {
      await app.register(peerFileRoutes, { signer, segments: ctx.segments, files, recordingsDir: ctx.config.recordingsDir, clock: ctx.clock, logger });
    },
    async start() {
      timer = setInterval(sweep, SWEEP_INTERVAL_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
    },
  };
}
