import { describe, expect, it } from 'vitest';
import { addUser, signIn } from './helpers/auth.js';
import { testResources } from './helpers/resources.js';
import { waitFor } from './helpers/test-kernel.js';

const resources = testResources();
const SECRET = 'hunter2secret';
const TOKEN = 'tok3nvalue';

describe('credentials in stream URL query strings', () => {
  it('are masked in responses, and a masked URL sent back is refused', async () => {
    const kernel = await resources.kernel();
    const created = await kernel.inject({
      method: 'POST',
      url: '/api/cameras',
      payload: { id: 'gate', name: 'Gate', stream_url: `rtsp://10.0.0.7/stream?user=admin&password=${SECRET}&channel=1`, sub_stream_url: `http://10.0.0.7/mjpeg?token=${TOKEN}` },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      stream_url: 'rtsp://10.0.0.7/stream?user=admin&password=***&channel=1',
      record_url: 'rtsp://10.0.0.7/stream?user=admin&password=***&channel=1',
      sub_stream_url: 'http://10.0.0.7/mjpeg?token=***',
    });
    await addUser(kernel, 'vera', 'viewer', 'vera password 1');
    const cookie = await signIn(kernel, 'vera', 'vera password 1');
    for (const url of ['/api/cameras', '/api/cameras/gate']) {
      const body = (await kernel.inject({ url, headers: { cookie } })).body;
      expect(body).not.toContain(SECRET);
      expect(body).not.toContain(TOKEN);
    }
    const echoed = await kernel.inject({ method: 'PATCH', url: '/api/cameras/gate', payload: { stream_url: created.json().stream_url as string } });
    expect(echoed.statusCode).toBe(400);
    expect(echoed.json().message).toContain('masked password');
  });

  it('stay out of logs, events and the recorder status when ffmpeg fails on the URL', async () => {
    const logLines: string[] = [];
    const kernel = await resources.recordingKernel({}, { logLines });
    const created = await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { id: 'gate', name: 'Gate', stream_url: `rtsp://127.0.0.1:9/stream?user=admin&password=${SECRET}` } });
    expect(created.statusCode, created.body).toBe(201);
    await kernel.startRecording();
    const status = await waitFor('the recorder to report its error', async () => {
      const s = (await kernel.inject({ url: '/api/cameras/gate/status' })).json() as { last_error: string | null };
      return s.last_error !== null && s;
    });
    expect(JSON.stringify(status)).not.toContain(SECRET);
    const events = (await kernel.inject({ url: '/api/events?camera_id=gate' })).body;
    expect(events).not.toContain(SECRET);
    expect(logLines.some((l) => l.includes('password=***'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(SECRET);
  });
});
