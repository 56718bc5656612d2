import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedLiveFfmpeg } from '../src/media/live/ll-hls/live-ffmpeg.test-helper.js';
import { addTestCamera } from './playback-footage.js';
import { startTestKernel, tempDir, type TestKernel } from './helpers/test-kernel.js';

const execFileAsync = promisify(execFile);

let kernel: TestKernel;
let base: string;
let feed: { stop(): Promise<void> };
const playlistPath = '/api/cameras/front/live/index.m3u8';

beforeAll(async () => {
  kernel = await startTestKernel();
  await addTestCamera(kernel, 'front');
  // What the recorder's live output would write: a real-time H.264 fMP4 from ffmpeg.
  feed = feedLiveFfmpeg(kernel.modules.live.hubs, 'front', 'main');
  base = await kernel.listen();
}, 30_000);

afterAll(async () => {
  await feed?.stop();
  await kernel?.dispose();
});

function get(url: string, headers: Record<string, string> = { authorization: `Bearer ${kernel.adminKey}` }) {
  return fetch(`${base}${url}`, { headers });
}

describe('GET /api/cameras/:id/live/index.m3u8 (LL-HLS)', () => {
  it('refuses requests without credentials (401) and unknown cameras (404)', async () => {
    const anonymous = await get(playlistPath, {});
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()) as unknown).toMatchObject({ error: 'unauthorized' });
    expect((await get('/api/cameras/front/live/hls/seg-0.mp4', {})).status).toBe(401);
    const unknown = await get('/api/cameras/nope/live/index.m3u8');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toContain("no camera 'nope'");
  });

  it('serves an LL-HLS playlist that ffmpeg plays without decode errors', async () => {
    const res = await get(playlistPath);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const text = await res.text();
    expect(text).toMatch(/^#EXTM3U\n#EXT-X-VERSION:9\n/);
    expect(text).toContain('#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=');
    expect(text).toMatch(/#EXT-X-PART:DURATION=0\.\d{3},URI="hls\/part-\d+\.0\.mp4",INDEPENDENT=YES/);

    const dir = await tempDir('heldar-llhls-play-');
    try {
      const out = path.join(dir.dir, 'watched.mp4');
      // ffmpeg's HLS reader follows the live playlist (reloading it) and fetches whole segments.
      const played = await execFileAsync('ffmpeg', [
        '-v', 'error', '-headers', `Authorization: Bearer ${kernel.adminKey}\r\n`, '-i', `${base}${playlistPath}`, '-t', '4', '-c', 'copy', '-y', out,
      ], { timeout: 30_000 });
      expect(played.stderr).toBe('');
      const decoded = await execFileAsync('ffmpeg', ['-v', 'error', '-i', out, '-f', 'null', '-']);
      expect(decoded.stderr).toBe('');
      const probe = await execFileAsync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', out]);
      expect(Number(probe.stdout)).toBeGreaterThan(3.8);
      expect(Number(probe.stdout)).toBeLessThan(4.3);
    } finally {
      await dir.remove();
    }
  }, 60_000);

  it('a blocking reload is held until the asked part exists, then names it', async () => {
    // On a loaded machine the hinted part can be cut between the two requests, and then it is rightly
    // answered at once: of three tries, at least one must have been held.
    let msn = '';
    let index = '';
    const waits: number[] = [];
    for (let attempt = 0; attempt < 3 && !waits.some((w) => w > 10); attempt++) {
      const text = await (await get(playlistPath)).text();
      [, msn = '', index = ''] = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="hls\/part-(\d+)\.(\d+)\.mp4"/.exec(text)!;
      const started = performance.now();
      const res = await get(`${playlistPath}?_HLS_msn=${msn}&_HLS_part=${index}`);
      waits.push(performance.now() - started);
      expect(res.status).toBe(200);
      const reloaded = await res.text();
      // The hinted part, or (when a keyframe ended the segment first) the next segment's first part.
      const named = reloaded.includes(`URI="hls/part-${msn}.${index}.mp4"`) || reloaded.includes(`URI="hls/part-${Number(msn) + 1}.0.mp4"`);
      expect(named).toBe(true);
      expect(waits.at(-1)).toBeLessThan(1500);
    }
    expect(waits.some((w) => w > 10), `waits ${waits.map((w) => w.toFixed(1)).join(', ')} ms`).toBe(true);

    const part = await get(`/api/cameras/front/live/hls/part-${msn}.${index}.mp4`);
    if (part.status === 200) {
      expect(part.headers.get('content-type')).toBe('video/mp4');
      expect(Buffer.from(await part.arrayBuffer()).subarray(4, 8).toString()).toBe('moof');
    } else {
      expect(part.status).toBe(404);
    }
  }, 30_000);

  it('refuses a _HLS_msn far ahead of the live edge with 400 and a message', async () => {
    const res = await get(`${playlistPath}?_HLS_msn=999999`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/_HLS_msn 999999 is too far ahead/);
    const bad = await get('/api/cameras/front/live/hls/whatever.mp4');
    expect(bad.status).toBe(404);
  });

  it('writes one audit row per user and packager start, not per request', async () => {
    const rows = await kernel.modules.auth.audit.find({ action: 'live_view', limit: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ target_id: 'front', outcome: 'ok', actor: 'test-admin', detail: { stream: 'main', protocol: 'll-hls' } });
  });
});
