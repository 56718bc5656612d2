import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestKernel, type TestKernel } from './helpers/test-kernel.js';

let kernel: TestKernel;
beforeEach(async () => {
  kernel = await startTestKernel();
});
afterEach(async () => {
  await kernel.dispose();
});

async function post(body: unknown) {
  return kernel.inject({ method: 'POST', url: '/api/cameras', payload: body as object });
}

describe('camera registry', () => {
  it('creates, reads, lists, changes and deletes a camera', async () => {
    const created = await post({
      name: 'Front door',
      address: '10.0.0.5',
      port: 554,
      path: 'stream1',
      username: 'admin',
      password: 'p@ss:w/rd',
      segment_seconds: 6,
    });
    expect(created.statusCode).toBe(201);
    const cam = created.json();
    expect(cam).toMatchObject({
      id: 'front-door',
      name: 'Front door',
      enabled: true,
      record_enabled: true,
      record_mode: 'continuous',
      stream_url: null,
      record_url: 'rtsp://admin:***@10.0.0.5:554/stream1',
      username: 'admin',
      password_set: true,
      segment_seconds: 6,
      post_roll_seconds: 30,
    });
    expect(cam.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(created.body).not.toContain('p@ss');
    expect(created.body).not.toContain('password"');

    const got = await kernel.inject({ url: '/api/cameras/front-door' });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(cam);

    const list = await kernel.inject({ url: '/api/cameras' });
    expect(list.json().cameras.map((c: { id: string }) => c.id)).toEqual(['front-door']);

    const patched = await kernel.inject({
      method: 'PATCH',
      url: '/api/cameras/front-door',
      payload: { record_mode: 'event', post_roll_seconds: 3600, enabled: false },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ record_mode: 'event', post_roll_seconds: 3600, enabled: false, name: 'Front door' });

    const row = await kernel.cameras.require('front-door');
    expect(row.password).toBe('p@ss:w/rd');

    const deleted = await kernel.inject({ method: 'DELETE', url: '/api/cameras/front-door' });
    expect(deleted.statusCode).toBe(204);
    expect((await kernel.inject({ url: '/api/cameras/front-door' })).statusCode).toBe(404);
    const status = await kernel.db.selectFrom('camera_status').selectAll().execute();
    expect(status).toEqual([]);
  });

  it('gives readable unique ids and honours an explicit one', async () => {
    expect((await post({ name: 'Gate', stream_url: 'rtsp://h/a' })).json().id).toBe('gate');
    expect((await post({ name: 'Gate', stream_url: 'rtsp://h/a' })).json().id).toBe('gate-2');
    expect((await post({ id: 'cam_7', name: 'Yard', stream_url: 'rtsp://h/a' })).json().id).toBe('cam_7');
    const taken = await post({ id: 'cam_7', name: 'Other', stream_url: 'rtsp://h/a' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toEqual({ error: 'conflict', message: 'camera id "cam_7" is already taken' });
  });

  it('masks the password of an explicit stream URL and injects separate credentials', async () => {
    const explicit = (await post({ name: 'A', stream_url: 'rtsp://root:hunter22@cam.local/live' })).json();
    expect(explicit.stream_url).toBe('rtsp://root:***@cam.local/live');
    const injected = (await post({ name: 'B', stream_url: 'rtsp://cam.local/live', username: 'u', password: 'secret!' })).json();
    expect(injected.stream_url).toBe('rtsp://cam.local/live');
    expect(injected.record_url).toBe('rtsp://u:***@cam.local/live');
    const all = await kernel.inject({ url: '/api/cameras' });
    expect(all.body).not.toContain('hunter22');
    expect(all.body).not.toContain('secret!');
  });

  const invalid: [string, unknown, string][] = [
    ['missing name', { address: 'h' }, 'name is required'],
    ['empty name', { name: '', address: 'h' }, 'name must not be empty'],
    ['no source', { name: 'x' }, 'a camera needs either stream_url or address'],
    ['bad mode', { name: 'x', address: 'h', record_mode: 'always' }, 'record_mode must be one of continuous, scheduled, event, scheduled_event'],
    ['short segments', { name: 'x', address: 'h', segment_seconds: 1 }, 'segment_seconds must be at least 2'],
    ['fractional segments', { name: 'x', address: 'h', segment_seconds: 2.5 }, 'segment_seconds must be an integer'],
    ['post roll too long', { name: 'x', address: 'h', post_roll_seconds: 3601 }, 'post_roll_seconds must be at most 3600'],
    ['negative post roll', { name: 'x', address: 'h', post_roll_seconds: -1 }, 'post_roll_seconds must be at least 0'],
    ['unknown field', { name: 'x', address: 'h', segment_second: 4 }, 'unknown field "segment_second"'],
    ['bad port', { name: 'x', address: 'h', port: 70000 }, 'port must be at most 65535'],
    ['zero retention (not silently "none")', { name: 'x', address: 'h', retention_days: 0 }, 'retention_days must be at least 1'],
    ['url not a url', { name: 'x', stream_url: 'not a url' }, 'stream_url is not a URL (expected e.g. rtsp://camera.local:554/stream)'],
    ['url scheme', { name: 'x', stream_url: 'ftp://h/x' }, 'stream_url must use one of rtsp, rtsps, http, https, rtmp, rtmps, file (got ftp)'],
    ['masked password echoed back', { name: 'x', stream_url: 'rtsp://a:***@h/x' }, 'stream_url contains a masked password (***); send the real password or leave stream_url out'],
    ['address with path', { name: 'x', address: 'h/x' }, 'address must be a host name or IP address, without scheme, path or credentials'],
    ['password without user', { name: 'x', address: 'h', password: 'pw' }, 'password given without username'],
    ['bad id', { id: 'Has Space', name: 'x', address: 'h' }, 'id has an invalid format (expected to match ^[a-z0-9][a-z0-9_-]{0,63}$)'],
    ['wrong type', { name: 'x', address: 'h', record_audio: 'loud' }, 'record_audio must be a boolean'],
  ];
  it.each(invalid)('rejects %s with a 400 and changes nothing', async (_what, body, message) => {
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'bad_request', message });
    expect((await kernel.inject({ url: '/api/cameras' })).json().cameras).toEqual([]);
  });

  it('rejects a PATCH that would break the camera, leaving it unchanged', async () => {
    await post({ name: 'x', address: 'h', segment_seconds: 4 });
    const empty = await kernel.inject({ method: 'PATCH', url: '/api/cameras/x', payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toBe('the request body must set at least one field');
    const noSource = await kernel.inject({ method: 'PATCH', url: '/api/cameras/x', payload: { address: null } });
    expect(noSource.statusCode).toBe(400);
    expect(noSource.json().message).toBe('a camera needs either stream_url or address');
    const bad = await kernel.inject({ method: 'PATCH', url: '/api/cameras/x', payload: { segment_seconds: 0 } });
    expect(bad.json().message).toBe('segment_seconds must be at least 2');
    const cam = (await kernel.inject({ url: '/api/cameras/x' })).json();
    expect(cam).toMatchObject({ address: 'h', segment_seconds: 4 });
  });

  it('answers 404 for unknown cameras on every camera route', async () => {
    const calls = [
      { method: 'GET', url: '/api/cameras/nope' },
      { method: 'PATCH', url: '/api/cameras/nope', payload: { name: 'y' } },
      { method: 'DELETE', url: '/api/cameras/nope' },
      { method: 'GET', url: '/api/cameras/nope/schedules' },
      { method: 'PUT', url: '/api/cameras/nope/schedules', payload: { schedules: [] } },
    ] as const;
    for (const call of calls) {
      const res = await kernel.inject(call);
      expect(res.statusCode, `${call.method} ${call.url}`).toBe(404);
      expect(res.json()).toEqual({ error: 'not_found', message: 'camera nope not found' });
    }
  });

  it('refuses to delete a camera with recordings unless purged, then removes rows and files', async () => {
    await post({ name: 'x', address: 'h' });
    const file = 'x/2026-01-01/00/seg.mp4';
    const fs = await import('node:fs/promises');
    const path = await import('node:path');
    const full = path.join(kernel.config.recordingsDir, file);
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, 'data');
    await kernel.db
      .insertInto('segments')
      .values({ camera_id: 'x', path: file, start_ms: 0, end_ms: 1000, duration_ms: 1000, codec: 'h264', codecs: null, width: 1, height: 1, size_bytes: 4, container: 'fmp4', init_size: null, fragments: null, created_at: 0 })
      .execute();
    const refused = await kernel.inject({ method: 'DELETE', url: '/api/cameras/x' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe('camera x has 1 recorded segment; delete with ?purge=true to remove them too, or disable the camera instead');
    await expect(fs.stat(full)).resolves.toBeTruthy();

    // Footage held by an export or playback (a lease) or an incident is never purged.
    const [segment] = await kernel.db.selectFrom('segments').select('id').execute();
    const lease = await kernel.leases.acquire('clip:test', [segment!.id], 60_000);
    const held = await kernel.inject({ method: 'DELETE', url: '/api/cameras/x?purge=true' });
    expect(held.statusCode).toBe(409);
    expect(held.json().message).toBe('camera x has 1 segment held by an open incident, an export or a playback; release them before purging');
    await kernel.leases.release(lease);

    const purged = await kernel.inject({ method: 'DELETE', url: '/api/cameras/x?purge=true' });
    expect(purged.statusCode).toBe(204);
    expect(await kernel.db.selectFrom('segments').selectAll().execute()).toEqual([]);
    await expect(fs.stat(full)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('logs camera changes as events without secrets', async () => {
    await post({ name: 'x', address: 'h', username: 'u', password: 'topsecret' });
    await kernel.inject({ method: 'PATCH', url: '/api/cameras/x', payload: { password: 'newsecret', name: 'y' } });
    const events = (await kernel.inject({ url: '/api/events?camera_id=x' })).json().events;
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(['camera_updated', 'camera_added']);
    expect(events[0].payload).toEqual({ fields: ['name'] });
    const all = JSON.stringify(await kernel.db.selectFrom('events').selectAll().execute());
    expect(all).not.toContain('secret');
  });

  it('tells listeners about changes', async () => {
    const seen: string[] = [];
    kernel.cameras.onChange((id) => {
      seen.push(id);
    });
    await post({ name: 'x', address: 'h' });
    await kernel.inject({ method: 'PATCH', url: '/api/cameras/x', payload: { name: 'z' } });
    await kernel.inject({ method: 'PUT', url: '/api/cameras/x/schedules', payload: { schedules: [] } });
    await kernel.inject({ method: 'DELETE', url: '/api/cameras/x' });
    expect(seen).toEqual(['x', 'x', 'x', 'x']);
  });
});

describe('camera schedules', () => {
  beforeEach(async () => {
    await post({ name: 'x', address: 'h', record_mode: 'scheduled' });
  });

  it('round-trips windows, including overnight ones', async () => {
    const schedules = [
      { days: [0, 1, 2, 3, 4], time_start: '09:00', time_end: '17:30' },
      { days: [6, 5], time_start: '22:00', time_end: '6:00', enabled: false },
    ];
    const put = await kernel.inject({ method: 'PUT', url: '/api/cameras/x/schedules', payload: { schedules } });
    expect(put.statusCode).toBe(200);
    const expected = [
      { days: [0, 1, 2, 3, 4], time_start: '09:00', time_end: '17:30', enabled: true },
      { days: [5, 6], time_start: '22:00', time_end: '6:00', enabled: false },
    ];
    expect(put.json()).toEqual({ schedules: expected });
    expect((await kernel.inject({ url: '/api/cameras/x/schedules' })).json()).toEqual({ schedules: expected });
    const cleared = await kernel.inject({ method: 'PUT', url: '/api/cameras/x/schedules', payload: { schedules: [] } });
    expect(cleared.json()).toEqual({ schedules: [] });
  });

  const invalid: [string, object, string][] = [
    ['hour 24', { days: [0], time_start: '24:00', time_end: '06:00' }, 'schedules[0].time_start: "24:00" is not a time as "HH:MM" (24-hour, 00:00 to 23:59), e.g. "09:30"'],
    ['minute 60', { days: [0], time_start: '08:00', time_end: '12:60' }, 'schedules[0].time_end: "12:60" is not a time as "HH:MM" (24-hour, 00:00 to 23:59), e.g. "09:30"'],
    ['no colon', { days: [0], time_start: '0800', time_end: '12:00' }, 'schedules[0].time_start: "0800" is not a time as "HH:MM" (24-hour, 00:00 to 23:59), e.g. "09:30"'],
    ['weekday 7', { days: [0, 7], time_start: '08:00', time_end: '12:00' }, 'schedules[0].days: 7 is not a weekday; use 0..6 (0 = Monday, 6 = Sunday)'],
    ['negative weekday', { days: [-1], time_start: '08:00', time_end: '12:00' }, 'schedules[0].days: -1 is not a weekday; use 0..6 (0 = Monday, 6 = Sunday)'],
    ['repeated weekday', { days: [2, 2], time_start: '08:00', time_end: '12:00' }, 'schedules[0].days: weekday 2 is listed twice'],
    ['no days', { days: [], time_start: '08:00', time_end: '12:00' }, 'schedules[0].days: must name at least one weekday (0 = Monday, 6 = Sunday)'],
    ['empty window', { days: [1], time_start: '08:00', time_end: '08:00' }, 'schedules[0].time_start and time_end must differ (for all day use 00:00 to 23:59, or continuous mode)'],
    ['days not a list', { days: 'mon', time_start: '08:00', time_end: '12:00' }, 'schedules[0].days must be an array'],
    ['unknown field', { days: [1], time_start: '08:00', time_end: '12:00', tz: 'x' }, 'unknown field "schedules[0].tz"'],
  ];
  it.each(invalid)('rejects %s and keeps the old schedule', async (_what, window, message) => {
    const good = { days: [1], time_start: '08:00', time_end: '12:00' };
    await kernel.inject({ method: 'PUT', url: '/api/cameras/x/schedules', payload: { schedules: [good] } });
    const res = await kernel.inject({ method: 'PUT', url: '/api/cameras/x/schedules', payload: { schedules: [good, window].reverse() } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'bad_request', message });
    expect((await kernel.inject({ url: '/api/cameras/x/schedules' })).json().schedules).toEqual([{ ...good, enabled: true }]);
  });
});
