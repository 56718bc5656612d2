import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, segmentsOf } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor, type TestKernel } from './helpers/test-kernel.js';

const use = testResources();
const run = promisify(execFile);

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/;

async function scrape(k: TestKernel): Promise<string> {
  const res = await k.inject({ url: '/metrics' });
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
}

function sample(text: string, name: string, labels = ''): number | undefined {
  for (const line of text.split('\n')) {
    const m = SAMPLE.exec(line);
    if (m && m[1] === name && (m[2] ?? '') === labels) return Number(m[3]);
  }
  return undefined;
}

async function workerKey(k: TestKernel): Promise<string> {
  const res = await k.inject({ method: 'POST', url: '/api/keys', payload: { name: 'detector', scopes: ['worker'] } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ key: string }>().key;
}

/** promtool's verdict on a scrape: parse errors fail; the only lint finding accepted is the reference's gauges named *_total. */
async function promtoolAccepts(text: string): Promise<void> {
  const child = run('/usr/bin/promtool', ['check', 'metrics']);
  child.child.stdin?.end(text);
  const output = await child.then(
    (r) => `${r.stdout}${r.stderr}`,
    (failure: unknown) => {
      const e = failure as { stdout: string; stderr: string; code: number };
      if (e.code !== 3) throw new Error(`promtool failed (${e.code}): ${e.stdout}${e.stderr}`);
      return `${e.stdout}${e.stderr}`;
    },
  );
  for (const finding of output.split('\n').filter((l) => l.trim() !== '')) {
    expect(finding).toMatch(/^(heldar_(cameras|segments)_total|nodejs_active_\w+_total) non-counter metrics should not have "_total" suffix$/);
  }
}

describe('GET /metrics: perception, exports and playback sessions', () => {
  it('moves with a real sampler, a worker that pulls late and posts detections, an export and a playback session', async () => {
    const camsim = await use.camsim([smallCamera('lane')]);
    const k = await use.recordingKernel();
    await addCamera(k, { id: 'lane', name: 'Lane', stream_url: camsim.url('lane'), segment_seconds: 2, detect_fps: 5 });
    await k.startRecording();

    // Before anything happened the histograms are there, empty.
    const first = await scrape(k);
    expect(sample(first, 'heldar_export_duration_seconds_count')).toBe(0);
    expect(first).toContain('# TYPE heldar_playback_session_duration_seconds histogram');
    expect(first).toContain('# TYPE heldar_detections_ingested_total counter');

    // The sampler delivers: its rate and frames show per camera.
    const sampling = await waitFor('the sampler at its rate', async () => {
      const t = await scrape(k);
      return (sample(t, 'heldar_sampler_fps', '{camera="lane"}') ?? 0) > 1 && (sample(t, 'heldar_sampler_frames_total', '{camera="lane"}') ?? 0) >= 5 ? t : undefined;
    }, 30_000);
    // Measured from arrival times: on a loaded machine frames can arrive in bursts, so only its presence is exact.
    expect(sampling).toContain('# TYPE heldar_sampler_fps gauge');

    // A worker that registers and does not pull yet: the frames meant for it are replaced, i.e. dropped.
    const key = await workerKey(k);
    const registered = await k.inject({ method: 'POST', url: '/api/workers', headers: { authorization: `Bearer ${key}` }, payload: { name: 'counter', version: '1', labels: ['car'] } });
    expect(registered.statusCode, registered.body).toBe(201);
    const worker = registered.json<{ worker_id: string; assigned_cameras: string[]; pull_path: string }>();
    expect(worker.assigned_cameras).toEqual(['lane']);
    const wl = `{worker="${worker.worker_id}"}`;
    const dropped = await waitFor('frames dropped for the idle worker', async () => {
      const t = await scrape(k);
      return (sample(t, 'heldar_worker_frames_dropped_total', wl) ?? 0) >= 2 ? t : undefined;
    }, 30_000);
    expect(sample(dropped, 'heldar_sampler_frames_dropped_total', '{camera="lane"}')).toBeGreaterThanOrEqual(2);
    expect(sample(dropped, 'heldar_worker_frames_sent_total', wl)).toBe(0);

    // It pulls a frame and posts two detections for it.
    const pulled = await k.inject({ url: `${worker.pull_path}?wait_ms=20000`, headers: { authorization: `Bearer ${key}` } });
    expect(pulled.statusCode, 'a frame within 20 s').toBe(200);
    const posted = await k.inject({
      method: 'POST',
      url: '/api/detections',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        worker_id: worker.worker_id,
        frame_id: pulled.headers['x-heldar-frame-id'],
        camera_id: 'lane',
        detections: [
          { label: 'car', confidence: 0.9, box: [0.1, 0.1, 0.2, 0.2] },
          { label: 'car', confidence: 0.7, box: [0.5, 0.5, 0.2, 0.2] },
        ],
      },
    });
    expect(posted.statusCode, posted.body).toBe(200);
    const ingested = await scrape(k);
    expect(sample(ingested, 'heldar_detections_ingested_total', '{camera="lane"}')).toBe(2);
    expect(sample(ingested, 'heldar_worker_frames_sent_total', wl)).toBeGreaterThanOrEqual(1);

    // An export and a playback session over the first recorded segments.
    const segments = await waitFor('two segments', async () => {
      const rows = await segmentsOf(k, 'lane');
      return rows.length >= 2 ? rows : undefined;
    }, 30_000);
    const range = { camera_id: 'lane', from: new Date(Number(segments[0]!.start_ms)).toISOString(), to: new Date(Number(segments[1]!.end_ms)).toISOString() };
    const clip = await k.inject({ method: 'POST', url: '/api/clips', payload: range });
    expect(clip.statusCode, clip.body).toBe(201);
    const session = await k.inject({ method: 'POST', url: '/api/playback', payload: range });
    expect(session.statusCode, session.body).toBe(201);
    expect((await k.inject({ method: 'DELETE', url: `/api/playback/${session.json<{ id: string }>().id}` })).statusCode).toBe(204);

    const after = await scrape(k);
    expect(sample(after, 'heldar_export_duration_seconds_count')).toBe(1);
    expect(sample(after, 'heldar_export_duration_seconds_sum')).toBeGreaterThan(0);
    expect(sample(after, 'heldar_export_duration_seconds_bucket', '{le="+Inf"}')).toBe(1);
    expect(sample(after, 'heldar_playback_session_duration_seconds_count', '{reason="closed"}')).toBe(1);
    expect(sample(after, 'heldar_playback_session_duration_seconds_bucket', '{le="+Inf",reason="closed"}')).toBe(1);
    await promtoolAccepts(after);

    // A worker's series go with its session: bounded by the workers online.
    expect((await k.inject({ method: 'DELETE', url: `/api/workers/${worker.worker_id}`, headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(204);
    expect(sample(await scrape(k), 'heldar_worker_frames_sent_total', wl)).toBeUndefined();
  }, 120_000);
});
