import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { addUser, bearer, browser, createKey, signIn } from './helpers/auth.js';
import { smallCamera } from './helpers/camsim.js';
import { addCamera } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import type { TestKernel } from './helpers/test-kernel.js';
import { waitFor } from './helpers/test-kernel.js';

const use = testResources();
const run = promisify(execFile);

const SERIES = [
  'heldar_build_info',
  'heldar_cameras_total',
  'heldar_cameras_recording',
  'heldar_segments_total',
  'heldar_recordings_bytes',
  'heldar_disk_total_bytes',
  'heldar_disk_free_bytes',
  'heldar_disk_used_percent',
  'heldar_leases_held',
  'heldar_index_lag_seconds',
  'heldar_http_request_duration_seconds',
  'nodejs_eventloop_lag_seconds',
  'process_resident_memory_bytes',
];

/** One sample line of the exposition: name, optional {labels}, value. */
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (-?[0-9.e+-]+|NaN|Nan|[+-]Inf)$/;

async function scrape(kernel: TestKernel, headers?: Record<string, string>): Promise<string> {
  const res = await kernel.inject({ url: '/metrics', headers });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.body;
}

/** The value of the sample `name{labels}` (labels as printed), or undefined when absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  for (const line of text.split('\n')) {
    const m = SAMPLE.exec(line);
    if (m && m[1] === name && (m[2] ?? '') === labels) return Number(m[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('serves the exposition format to an admin session and a metrics key, well-formed', async () => {
    const kernel = await use.kernel();
    const admin = await addUser(kernel, 'boss', 'admin');
    const text = await scrape(kernel, browser(await signIn(kernel, admin.username, admin.password)));
    for (const name of SERIES) expect(text, name).toContain(`# TYPE ${name} `);
    expect(text).toMatch(/^heldar_build_info\{version="[^"]+"\} 1$/m);
    expect(sample(text, 'heldar_cameras_total')).toBe(0);
    expect(sample(text, 'heldar_disk_total_bytes')).toBeGreaterThan(0);

    const keyed = await scrape(kernel, bearer(await createKey(kernel, ['metrics'])));
    for (const line of keyed.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      expect(line, 'a sample line').toMatch(SAMPLE);
    }
    // Route templates, never raw URLs.
    expect(keyed).toMatch(/heldar_http_request_duration_seconds_count\{method="GET",route="\/metrics",status="200"\} \d+/);
  });

  it('passes promtool check metrics', async () => {
    expect(existsSync('/usr/bin/promtool'), 'promtool (Debian package prometheus)').toBe(true);
    const kernel = await use.kernel();
    const text = await scrape(kernel);
    const child = run('/usr/bin/promtool', ['check', 'metrics']);
    child.child.stdin?.end(text);
    // Exit 1 is a parse error; 3 means lint findings only. The one finding accepted is the name of a
    // gauge ending in _total: the reference's heldar_cameras_total and heldar_segments_total, and
    // prom-client's own nodejs_active_*_total.
    const output = await child.then(
      (r) => `${r.stdout}${r.stderr}`,
      (failure: unknown) => {
        const e = failure as { stdout: string; stderr: string; code: number };
        if (e.code !== 3) throw new Error(`promtool failed (${e.code}): ${e.stdout}${e.stderr}`);
        return `${e.stdout}${e.stderr}`;
      },
    );
    const findings = output.split('\n').filter((l) => l.trim() !== '');
    for (const finding of findings) expect(finding).toMatch(/^(heldar_(cameras|segments)_total|nodejs_active_\w+_total) non-counter metrics should not have "_total" suffix$/);
  });

  it('refuses a caller without credentials (401), a viewer and a key without the scope (403)', async () => {
    const kernel = await use.kernel();
    const anonymous = await kernel.injectAnonymous({ url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: 'unauthorized' });
    const viewer = await addUser(kernel, 'watcher', 'viewer');
    expect((await kernel.inject({ url: '/metrics', headers: browser(await signIn(kernel, viewer.username, viewer.password)) })).statusCode).toBe(403);
    for (const scope of ['integration', 'worker'] as const) {
      const res = await kernel.inject({ url: '/metrics', headers: bearer(await createKey(kernel, [scope])) });
      expect(res.statusCode, scope).toBe(403);
    }
    // A metrics key scrapes and does nothing else.
    expect((await kernel.inject({ url: '/api/cameras', headers: bearer(await createKey(kernel, ['metrics'])) })).statusCode).toBe(403);
  });

  it('is public with HELDAR_METRICS_PUBLIC=true', async () => {
    const kernel = await use.kernel({ HELDAR_METRICS_PUBLIC: 'true' });
    const res = await kernel.injectAnonymous({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('heldar_segments_total');
  });

  it('moves with a recording camera: camera_up, segments written, bitrate, index lag', async () => {
    const camsim = await use.camsim([smallCamera('yard')]);
    const kernel = await use.recordingKernel();
    await addCamera(kernel, { id: 'yard', name: 'Yard', stream_url: camsim.url('yard'), segment_seconds: 2 });
    await kernel.startRecording();

    const text = await waitFor('two segments in the metrics', async () => {
      const t = await scrape(kernel);
      return (sample(t, 'heldar_camera_segments_written_total', '{camera="yard"}') ?? 0) >= 2 ? t : undefined;
    }, 30_000);
    expect(sample(text, 'heldar_cameras_total')).toBe(1);
    expect(sample(text, 'heldar_camera_up', '{camera="yard",state="recording"}')).toBe(1);
    expect(sample(text, 'heldar_camera_up', '{camera="yard",state="error"}')).toBe(0);
    expect(sample(text, 'heldar_cameras_recording')).toBe(1);
    expect(sample(text, 'heldar_segments_total')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'heldar_recordings_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'heldar_camera_bitrate_kbps', '{camera="yard"}')).toBeGreaterThan(50);
    expect(sample(text, 'heldar_camera_last_segment_age_seconds', '{camera="yard"}')).toBeLessThan(30);
    expect(sample(text, 'heldar_camera_reconnects_total', '{camera="yard"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'heldar_index_lag_seconds_count')).toBeGreaterThanOrEqual(2);
  });

  it('counts outages, gaps and retention as they happen: a camera drops and recovers, a sweep deletes', async () => {
    const camsim = await use.camsim([smallCamera('lane')]);
    const kernel = await use.recordingKernel();
    await addCamera(kernel, { id: 'lane', name: 'Lane', stream_url: camsim.url('lane'), segment_seconds: 2 });
    await kernel.startRecording();
    const before = await waitFor('two segments', async () => {
      const t = await scrape(kernel);
      return (sample(t, 'heldar_camera_segments_written_total', '{camera="lane"}') ?? 0) >= 2 ? t : undefined;
    }, 30_000);
    expect(sample(before, 'heldar_camera_gaps_total', '{camera="lane"}')).toBeUndefined();
    expect(before).toContain('# TYPE heldar_camera_gap_seconds_total counter');
    expect(before).toContain('# TYPE heldar_retention_deleted_segments_total counter');
    expect(sample(before, 'heldar_playback_sessions')).toBe(0);
    const written = sample(before, 'heldar_camera_segments_written_total', '{camera="lane"}')!;

    // The simulator drops the connection and refuses new ones for a while: an outage, then a reconnect
    // and a hole of several seconds between the two runs' segments.
    await camsim.setFault('lane', { kind: 'refuse' });
    await camsim.setFault('lane', { kind: 'drop' });
    await waitFor('the outage counted', async () => ((sample(await scrape(kernel), 'heldar_camera_outages_total', '{camera="lane"}') ?? 0) >= 1 ? true : undefined), 30_000);
    await waitFor('no segment for 4 s', async () => ((sample(await scrape(kernel), 'heldar_camera_last_segment_age_seconds', '{camera="lane"}') ?? 0) > 4 ? true : undefined), 30_000);
    camsim.clearFault('lane');
    const after = await waitFor('recording again, the gap counted', async () => {
      const t = await scrape(kernel);
      const recovered = sample(t, 'heldar_camera_up', '{camera="lane",state="recording"}') === 1;
      const gaps = sample(t, 'heldar_camera_gaps_total', '{camera="lane"}') ?? 0;
      return recovered && gaps >= 1 && (sample(t, 'heldar_camera_segments_written_total', '{camera="lane"}') ?? 0) > written + 1 ? t : undefined;
    }, 60_000);
    expect(sample(after, 'heldar_camera_outages_total', '{camera="lane"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'heldar_camera_gap_seconds_total', '{camera="lane"}')).toBeGreaterThan(1);
    expect(sample(after, 'heldar_camera_reconnects_total', '{camera="lane"}')).toBeGreaterThanOrEqual(1);

    // A byte budget of one byte: the next sweep deletes every closed segment it may.
    await kernel.inject({ method: 'PUT', url: '/api/settings', payload: { retention_max_bytes: '1' } });
    const report = await kernel.modules.storage.retention.sweep();
    expect(report.deleted.global_bytes).toBeGreaterThan(0);
    const swept = await scrape(kernel);
    expect(sample(swept, 'heldar_retention_deleted_segments_total', '{rule="global_bytes"}')).toBe(report.deleted.global_bytes);
    expect(sample(swept, 'heldar_retention_freed_bytes_total')).toBe(report.bytesFreed);
    expect(sample(swept, 'heldar_retention_last_sweep_timestamp_seconds')).toBeCloseTo((report.at + report.durationMs) / 1000, 0);
  }, 150_000);
});
