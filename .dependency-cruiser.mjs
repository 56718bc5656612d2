/**
 * The kernel's layers, checked on every `npm run lint` (`npm run lint:deps`): a module imports only
 * from its own layer or the layers below it, and no import cycle crosses files. docs/architecture.md
 * draws the same picture.
 *
 * Bottom to top (packages/kernel/src/):
 *   foundation  the root files (clock, errors, time, config, logger, backoff, sleep, hash-thread, …), contract/
 *               (schema primitives every route uses), secrets/ (credential masking, encryption at
 *               rest), mp4/ (the fMP4 box library and h264-sps), ffmpeg/ (the process class, tools,
 *               input kinds), net/ (the outbound-request guard every user-given URL goes through) and
 *               onvif/ (the ONVIF SOAP client: WS-Security, device, media, PTZ, events, WS-Discovery)
 *   db          Kysely, migrations, table types
 *   events      the event log and bus: every feature reports through it
 *   auth        users, sessions, keys, principals: perception checks a principal's rights
 *   settings    run-time settings stored in the database (retention, metrics, readiness): read by storage and up
 *   cameras     the camera registry
 *   cluster     nodes sharing one database: heartbeats, camera ownership leases with fencing epochs,
 *               failover and draining, node-to-node authentication: decides which cameras this node records
 *   storage     the segment index, leases, retention, incidents
 *   recording   supervisors, indexer, mirror: write what storage indexes
 *   media       timeline, playback, clip export: read what recording wrote
 *   perception  sampler, workers, detections, zones
 *   integrations webhooks, MQTT, email, module sidecars: tell the outside world what the layers below do;
 *               backup/ (destinations, policies, jobs): copies footage and the database off the box
 *   metrics     Prometheus series, the readiness probe and system/ (the system view, disk health):
 *               read every layer below, written to by none
 *   top         http/ (assembly), kernel.ts (composition root), kernel-context.ts, cli/, main.ts, index.ts
 *
 * Tests are left out: they may reach any layer to set a scene. Each exception names its reason and
 * the one import it allows.
 */

import { fileURLToPath } from 'node:url';

const SRC = '^packages/kernel/src/';

/** Layers, bottom first; `paths` are regular expressions below packages/kernel/src/. */
const LAYERS = [
  {
    name: 'foundation',
    paths: ['(?!(kernel|kernel-context|main|index)\\.ts$)[^/]+\\.ts$', 'contract/', 'secrets/', 'mp4/', 'ffmpeg/', 'net/', 'onvif/'],
  },
  { name: 'db', paths: ['db/'] },
  { name: 'events', paths: ['events/'] },
  { name: 'auth', paths: ['auth/'] },
  { name: 'settings', paths: ['settings/'] },
  { name: 'cameras', paths: ['cameras/'] },
  { name: 'cluster', paths: ['cluster/'] },
  { name: 'storage', paths: ['storage/'] },
  { name: 'recording', paths: ['recording/'] },
  { name: 'media', paths: ['media/'] },
  { name: 'perception', paths: ['perception/'] },
  { name: 'integrations', paths: ['integrations/', 'backup/'] },
  { name: 'metrics', paths: ['metrics/', 'system/'] },
  { name: 'top', paths: ['http/', 'cli/', 'kernel\\.ts$', 'kernel-context\\.ts$', 'main\\.ts$', 'index\\.ts$'] },
];

/** Imports against the order that are allowed for now, each with why and until when. */
const EXCEPTIONS = [];

const anyOf = (paths) => `${SRC}(${paths.join('|')})`;

function upwardRules() {
  const rules = [];
  LAYERS.forEach((layer, index) => {
    const above = LAYERS.slice(index + 1).flatMap((l) => l.paths);
    if (above.length === 0) return;
    const exceptions = EXCEPTIONS.filter((e) => layer.paths.some((p) => e.from.startsWith(p)));
    const fromPath = anyOf(layer.paths);
    const exceptionFiles = exceptions.map((e) => `${SRC}${e.from}`);
    rules.push({
      name: `no-upward-from-${layer.name}`,
      severity: 'error',
      comment: `${layer.name} imports only from ${LAYERS.slice(0, index + 1).map((l) => l.name).join(', ')}`,
      from: exceptionFiles.length > 0 ? { path: fromPath, pathNot: exceptionFiles } : { path: fromPath },
      to: { path: anyOf(above) },
    });
    for (const exception of exceptions) {
      rules.push({
        name: `no-upward-from-${layer.name}`,
        severity: 'error',
        comment: `exception: ${exception.reason}`,
        from: { path: `${SRC}${exception.from}` },
        to: { path: anyOf(above), pathNot: `${SRC}${exception.to}` },
      });
    }
  });
  return rules;
}

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...upwardRules(),
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'an import cycle (type-only imports included) means two modules are one; split what both need into a lower one',
      from: { path: SRC },
      to: { circular: true },
    },
  ],
  options: {
    exclude: { path: ['\\.test\\.ts$', '\\.test-helper\\.ts$', 'node_modules'] },
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type from a higher layer ties the code to it just the same.
    tsPreCompilationDeps: true,
    // Beside this file, so the rules also run from another folder (test/layers.test.ts's trees).
    tsConfig: { fileName: fileURLToPath(new URL('packages/kernel/tsconfig.json', import.meta.url)) },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
