import { pino } from 'pino';
import { systemClock } from '../../src/clock.js';
import { SegmentIndexer } from '../../src/recording/segment-indexer.js';
import { generateSecretKeyText } from '../../src/secrets/secret-key.js';
import { indexCopies } from '../clips-footage.js';
import { freePort } from './mosquitto.js';
import { createTestSchema, testPostgresUrl, type TestSchema } from './test-database.js';
import { startTestKernel, type TestKernel } from './test-kernel.js';

export interface TestNode {
  id: string;
  kernel: TestKernel;
  /** Its HELDAR_NODE_URL (it listens there). */
  url: string;
}

export interface TestCluster {
  schema: TestSchema;
  nodes: TestNode[];
  dispose(): Promise<void>;
}

/**
 * Several kernels on one PostgreSQL schema — each its own data folder (and so recordings volume), its
 * own node id and port, one shared secret key — listening on loopback, each with its `nodes` row (the
 * address peers use). PostgreSQL only: on SQLite there is one node by definition.
 */
export async function startTestCluster(ids: readonly string[], env: Record<string, string> = {}): Promise<TestCluster> {
  const base = testPostgresUrl();
  if (base === undefined) throw new Error('a test cluster needs PostgreSQL: run it with npm run test:postgres');
  const schema = await createTestSchema(base);
  const secretKey = generateSecretKeyText();
  const nodes: TestNode[] = [];
  try {
    for (const id of ids) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const kernel = await startTestKernel({
        HELDAR_DB_URL: schema.url,
        HELDAR_NODE_ID: id,
        HELDAR_NODE_URL: url,
        HELDAR_SECRET_KEY: secretKey,
        HELDAR_HTTP_HOST: '127.0.0.1',
        HELDAR_HTTP_PORT: String(port),
        ...env,
      });
      nodes.push({ id, kernel, url });
      await kernel.listen();
      await registerNode(kernel, id, url);
    }
  } catch (e: unknown) {
    for (const n of nodes) await n.kernel.dispose();
    await schema.drop();
    throw e;
  }
  return {
    schema,
    nodes,
    async dispose() {
      for (const n of nodes) await n.kernel.dispose();
      await schema.drop();
    },
  };
}

/** The node's row as its heartbeat writes it (kept here so the test does not depend on the heartbeat's timing). */
export async function registerNode(kernel: TestKernel, id: string, url: string | null): Promise<void> {
  const now = Date.now();
  await kernel.db
    .insertInto('nodes')
    .values({ id, url, state: 'active', started_at: now, heartbeat_at: now, capacity: 64, free_bytes: null, total_bytes: null, version: null })
    .onConflict((oc) => oc.column('id').doUpdateSet({ url, heartbeat_at: now }))
    .execute();
}

/** Marks segments as recorded on `nodeId`'s volume (what the recorder of that node writes). */
export async function assignSegments(kernel: TestKernel, ids: readonly number[], nodeId: string): Promise<void> {
  await kernel.db.updateTable('segments').set({ node_id: nodeId }).where('id', 'in', [...ids]).execute();
}

/**
 * Copies of `file` indexed as recorded on `node` at the given starts (its volume, its node_id), as
 * its recorder would have — without the camera ownership fence, so a test places footage on either
 * node without waiting for leases (the fence has its own tests).
 */
export async function indexCopiesOn(node: TestNode, cameraId: string, file: string, startsMs: readonly number[]): Promise<number[]> {
  const { kernel } = node;
  const indexer = new SegmentIndexer(kernel.config.recordingsDir, kernel.segments, kernel.status, systemClock, pino({ level: 'silent' }));
  const ids = await indexCopies(kernel, cameraId, file, startsMs, indexer);
  await assignSegments(kernel, ids, node.id);
  return ids;
}
