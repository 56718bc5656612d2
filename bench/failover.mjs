#!/usr/bin/env node
// Failover: two Heldar nodes on one PostgreSQL, N simulated cameras each; kill -9 one node and time,
// per camera it recorded, from the kill to the first segment of that camera indexed by the other node
// (the row's created_at). Prints p50/p95/max and the load average. Target (issue 22): p95 ≤ 10 s with
// 4 s segments, 2 nodes × 32 cameras.
//
// Build first (`npm run build`); this spawns the built CLIs (camsim, heldar serve) and imports no
// sources. PostgreSQL comes from BENCH_DB_URL (default
// postgres://heldar:heldar@127.0.0.1:5432/heldar_test), into a schema of its own dropped at the end.
// The nodes run with the shipped lease and heartbeat unless --lease-seconds / --heartbeat-ms say.
//
// Usage: node bench/failover.mjs [--cameras 32] [--segment-seconds 4] [--bitrate-kbps 1000] [--lease-seconds 4] [--heartbeat-ms 500] [--settle-seconds <segment length>] [--log-dir <folder for the nodes' logs>]
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { percentile, sleep, startNode, stop } from './lib/proc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: '32' },
    'segment-seconds': { type: 'string', default: '4' },
    'bitrate-kbps': { type: 'string', default: '1000' },
    'lease-seconds': { type: 'string', default: '4' },
    'heartbeat-ms': { type: 'string', default: '500' },
    'log-dir': { type: 'string' },
    'settle-seconds': { type: 'string' },
  },
});
const perNode = Number(values.cameras);
const segmentSeconds = Number(values['segment-seconds']);
const total = perNode * 2;
const baseUrl = process.env.BENCH_DB_URL || 'postgres://heldar:heldar@127.0.0.1:5432/heldar_test';

const schema = `heldar_failover_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`create schema ${schema}`);
const dbUrl = new URL(baseUrl);
dbUrl.searchParams.set('options', `-c search_path=${schema}`);
const db = new pg.Client({ connectionString: dbUrl.toString() });
await db.connect();

// One key for both nodes: camera passwords are encrypted with it in the shared database.
const secretKey = randomBytes(32).toString('hex');
const dirs = { a: mkdtempSync(join(os.tmpdir(), 'heldar-bench-fo-a-')), b: mkdtempSync(join(os.tmpdir(), 'heldar-bench-fo-b-')) };
const heldarMain = join(root, 'packages/kernel/dist/main.js');
const envOf = (id) => ({
  HELDAR_DATA_DIR: dirs[id],
  HELDAR_DB_URL: dbUrl.toString(),
  HELDAR_HTTP_PORT: '0',
  HELDAR_LOG_LEVEL: 'info',
  HELDAR_ADMIN_PASSWORD: 'failover bench admin',
  HELDAR_SECRET_KEY: secretKey,
  HELDAR_NODE_ID: id,
  HELDAR_NODE_LEASE_SECONDS: values['lease-seconds'],
  HELDAR_NODE_HEARTBEAT_MS: values['heartbeat-ms'],
});

const camsim = startNode(join(root, 'packages/camsim/dist/cli.js'), ['--cameras', String(total), '--port', '0', '--bitrate-kbps', values['bitrate-kbps']]);
const nodes = {};
try {
  await camsim.waitLine(() => camsim.lines.filter((l) => l.startsWith('rtsp://')).length >= total);
  const cameraUrls = camsim.lines.filter((l) => l.startsWith('rtsp://')).slice(0, total);
  const apiKey = execFileSync(process.execPath, [heldarMain, 'key', 'add', '--name', 'bench', '--scope', 'admin'], {
    env: { ...process.env, ...envOf('a') },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const api = async (base, method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  // serve logs its URL in an info line.
  for (const id of ['a', 'b']) {
    nodes[id] = startNode(heldarMain, ['serve'], envOf(id));
    const line = await nodes[id].waitLine((l) => l.includes('"url"'));
    nodes[id].url = JSON.parse(line).url;
  }
  await waitUntil('both nodes healthy', async () => (await api(nodes.a.url, 'GET', '/api/nodes')).nodes.filter((n) => n.healthy).length === 2, 30_000);
  for (const [i, url] of cameraUrls.entries()) {
    await api(nodes.a.url, 'POST', '/api/cameras', { id: `cam${i}`, name: `Camera ${i}`, stream_url: url, segment_seconds: segmentSeconds });
  }
  let split = '';
  await waitUntil(`all ${total} cameras held by a node`, async () => {
    const list = (await api(nodes.a.url, 'GET', '/api/nodes')).nodes;
    split = list.map((n) => `${n.id} ${n.cameras.count}`).join(', ');
    return list.reduce((sum, n) => sum + n.cameras.count, 0) === total;
  }, 120_000);
  console.log(`cameras per node: ${split}`);
  await waitUntil('every camera indexed a segment', async () => {
    const { rows } = await db.query('select count(distinct camera_id)::int as n from segments');
    return rows[0].n === total;
  }, 120_000);
  // The kill comes one segment after every camera was indexed, unless --settle-seconds says to let
  // both nodes record longer first (on this 2-core machine the load stays high either way).
  await sleep(Number(values['settle-seconds'] ?? segmentSeconds) * 1000);

  const moved = (await api(nodes.a.url, 'GET', '/api/nodes')).nodes.find((n) => n.id === 'b').cameras.ids;
  const load = os.loadavg();
  nodes.b.child.kill('SIGKILL');
  const killedAt = Date.now();
  const firstOnA = new Map();
  await waitUntil(`the ${moved.length} cameras of b indexed on a`, async () => {
    const { rows } = await db.query("select camera_id, min(created_at)::bigint as first from segments where node_id = 'a' and camera_id = any($1) and created_at >= $2 group by camera_id", [moved, killedAt]);
    for (const r of rows) firstOnA.set(r.camera_id, Number(r.first) - killedAt);
    return firstOnA.size === moved.length;
  }, 180_000, 100);
  const times = [...firstOnA.values()].sort((x, y) => x - y);
  const { rows: events } = await db.query("select camera_id, at::bigint as at, payload from events where kind = 'camera_failed_over'");
  // When each moved camera was taken over, by its first camera_failed_over event (dated at the takeover).
  const firstLogged = new Map();
  for (const e of events) if (moved.includes(e.camera_id)) firstLogged.set(e.camera_id, Math.min(Number(e.at), firstLogged.get(e.camera_id) ?? Infinity));
  const eventAfterKill = [...firstLogged.values()].map((at) => at - killedAt).sort((x, y) => x - y);
  const payloads = events.map((e) => JSON.parse(e.payload));
  const takeovers = payloads.map((p) => p.takeover_ms).filter((t) => typeof t === 'number').sort((x, y) => x - y);
  const reasons = payloads.map((p) => p.reason);
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`failover, 2 nodes × ${perNode} cameras, ${segmentSeconds} s segments, lease ${values['lease-seconds']} s, heartbeat ${values['heartbeat-ms']} ms, ${values['bitrate-kbps']} kbit/s`);
  console.log(`kill -9 → first indexed segment on the other node, ${times.length} cameras: p50 ${s(percentile(times, 50))}, p95 ${s(percentile(times, 95))}, max ${s(times.at(-1))}`);
  console.log(`kill -9 → takeover (camera_failed_over at): p50 ${s(percentile(eventAfterKill, 50))}, max ${s(eventAfterKill.at(-1))}`);
  console.log(`b's last renewal → takeover (camera_failed_over takeover_ms; reasons: ${[...new Set(reasons)].join(', ')}): p50 ${s(percentile(takeovers, 50))}, max ${s(takeovers.at(-1))}`);
  console.log(`load average before the kill: ${load.map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min), ${os.cpus().length} cores`);
} finally {
  // Warnings and errors of the nodes (pino level ≥ 40), so a run that went wrong says why.
  for (const [id, n] of Object.entries(nodes)) {
    const bad = n.lines.filter((l) => /"level":(4|5|6)\d/.test(l));
    if (bad.length > 0) console.log(`node ${id}: ${bad.length} warning/error lines, the first: ${bad.slice(0, 5).join('\n')}`);
  }
  for (const n of Object.values(nodes)) await stop(n.child);
  if (values['log-dir']) for (const [id, n] of Object.entries(nodes)) writeFileSync(join(values['log-dir'], `node-${id}.log`), `${n.lines.join('\n')}\n`);
  await stop(camsim.child);
  await db.end();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
  for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
}

async function waitUntil(what, check, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
