import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../auth/audit-log.js';
import type { Principal } from '../../../auth/principal.js';
import { ManualClock } from '../../../clock.js';
import { BadRequest } from '../../../errors.js';
import { LiveHubRegistry } from '../live-hub-registry.js';
import { LiveFfmpegLauncher } from './live-ffmpeg.test-helper.js';
import { LlHlsService } from './ll-hls.service.js';

const execFileAsync = promisify(execFile);
const viewer: Principal = { kind: 'user', id: 'u1', name: 'vera', role: 'viewer', scopes: [] };
const who = { principal: viewer, ip: '127.0.0.1' };

let registry: LiveHubRegistry;
let launcher: LiveFfmpegLauncher;
let audits: AuditEntry[];
let clock: ManualClock;

function newService(maxViewersPerUser = 4) {
  launcher = new LiveFfmpegLauncher();
  registry = new LiveHubRegistry({
    settings: { maxViewerBacklogBytes: 4 * 1024 * 1024, idleStopMs: 50, takeoverMs: 100, maxViewers: 8, maxViewersPerUser },
    findCamera: async (id) => (id === 'front' ? { enabled: true, hasSubStream: false } : undefined),
    launcher,
    logger: pino({ level: 'silent' }),
    now: () => Date.now(),
  });
  launcher.sink = registry;
  audits = [];
  clock = new ManualClock(Date.now());
  return new LlHlsService({
    hubs: registry,
    audit: { recordQuietly: async (entry) => void audits.push(entry) },
    clock,
    logger: pino({ level: 'silent' }),
    idleMs: 30_000,
    firstSegmentWaitMs: 15_000,
  });
}

/** [msn, parts] of the last segment the playlist lists. */
function liveEdge(playlist: string): { msn: number; parts: number } {
  const parts = [...playlist.matchAll(/URI="hls\/part-(\d+)\.(\d+)\.mp4"/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const msn = Math.max(...parts.map(([m]) => m));
  return { msn, parts: parts.filter(([m]) => m === msn).length };
}

afterEach(async () => {
  await registry.close();
});

describe('LlHlsService on a real live ffmpeg', () => {
  it('the first playlist waits for the first segment; init + the listed segments decode without errors', async () => {
    const service = newService();
    const first = await service.playlist('front', 'main', who, {});
    expect(first).toMatch(/#EXTINF:1\.000,\nhls\/seg-0\.mp4/);
    expect(launcher.starts).toBe(1);
    // Three more segments by blocking reloads: each answers when the asked segment is complete.
    let playlist = first;
    for (let msn = 1; msn <= 3; msn++) {
      playlist = await service.playlist('front', 'main', who, { msn });
      expect(playlist).toContain(`hls/seg-${msn}.mp4`);
    }
    const init = await service.init('front', 'main', Number(/init-(\d+)\.mp4/.exec(playlist)![1]));
    const segments = await Promise.all([0, 1, 2, 3].map((msn) => service.segment('front', 'main', msn)));
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'heldar-llhls-'));
    try {
      const file = path.join(dir, 'live.mp4');
      await fs.writeFile(file, Buffer.concat([init, ...segments]));
      const decoded = await execFileAsync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
      expect(decoded.stderr).toBe('');
      const probe = await execFileAsync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
      expect(Number(probe.stdout)).toBeCloseTo(4, 1);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    // One audit row and one viewer slot for the user, however many reloads.
    expect(audits.map((a) => [a.action, a.target, a.detail])).toEqual([['live_view', 'front', { stream: 'main', protocol: 'll-hls' }]]);
  }, 30_000);

  it('a blocking reload answers as soon as the asked part appears, not before', async () => {
    const service = newService();
    const edge = liveEdge(await service.playlist('front', 'main', who, {}));
    const next = { msn: edge.msn, part: edge.parts };
    const started = performance.now();
    const playlist = await service.playlist('front', 'main', who, next);
    const waited = performance.now() - started;
    // The asked part is there (or the segment ended and the next one began).
    expect(playlist.includes(`hls/part-${next.msn}.${next.part}.mp4"`) || liveEdge(playlist).msn > next.msn).toBe(true);
    // It waited for it (parts come every 200 ms), and not for the 3 s time limit.
    expect(waited).toBeGreaterThan(20);
    expect(waited).toBeLessThan(600);
  }, 30_000);

  it('the preload-hinted part is held until made and then served', async () => {
    const service = newService();
    const playlist = await service.playlist('front', 'main', who, {});
    const [, msn, index] = /PRELOAD-HINT:TYPE=PART,URI="hls\/part-(\d+)\.(\d+)\.mp4"/.exec(playlist)!;
    const bytes = await service.part('front', 'main', Number(msn), Number(index)).catch(() => null);
    if (bytes !== null) expect(bytes.subarray(4, 8).toString()).toBe('moof');
    // A hint of a segment's end may never be made (a keyframe came): then the next segment's first part is.
    else expect((await service.part('front', 'main', Number(msn) + 1, 0)).subarray(4, 8).toString()).toBe('moof');
  }, 30_000);

  it('refuses a msn far ahead of the live edge (400) and media of a stream nobody opened (404)', async () => {
    const service = newService();
    await expect(service.segment('front', 'main', 0)).rejects.toMatchObject({ status: 404 });
    const edge = liveEdge(await service.playlist('front', 'main', who, {}));
    await expect(service.playlist('front', 'main', who, { msn: edge.msn + 3 })).rejects.toBeInstanceOf(BadRequest);
    await expect(service.playlist('front', 'main', who, { part: 1 })).rejects.toBeInstanceOf(BadRequest);
    await expect(service.playlist('nope', 'main', who, {})).rejects.toMatchObject({ code: 'unknown_camera' });
  }, 30_000);

  it('takes a viewer slot per user (429 over the limit) and lets the stream go after 30 s without requests', async () => {
    const service = newService(1);
    registry.admitViewer(`user:${viewer.id}`); // the user already watches something else
    await expect(service.playlist('front', 'main', who, {})).rejects.toMatchObject({ code: 'too_many_viewers' });
    const other = { principal: { ...viewer, id: 'u2' }, ip: '127.0.0.1' };
    await service.playlist('front', 'main', other, {});
    expect(registry.viewerCount()).toBe(1);
    clock.advance(29_000);
    await service.sweep();
    expect(service.activeCount()).toBe(1);
    clock.advance(1_000);
    await service.sweep();
    expect(service.activeCount()).toBe(0);
    expect(registry.viewerCount()).toBe(0);
    // With no viewer left, the on-demand run stops (the registry's idle stop).
    const deadline = Date.now() + 5_000;
    while (launcher.running > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(launcher.running).toBe(0);
  }, 30_000);
});
