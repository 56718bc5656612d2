import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, browser, signIn } from './helpers/auth.js';
import { startTestKernel, type TestKernel } from './helpers/test-kernel.js';

let kernel: TestKernel;
beforeAll(async () => {
  kernel = await startTestKernel();
  for (const name of ['Front door', 'Yard']) {
    const res = await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { name, stream_url: 'rtsp://10.0.0.9/s' } });
    expect(res.statusCode).toBe(201);
  }
  const off = await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { name: 'Off', enabled: false, stream_url: 'rtsp://10.0.0.9/s' } });
  expect(off.statusCode).toBe(201);
});
afterAll(async () => {
  await kernel.dispose();
});

describe('GET /api/cameras/status', () => {
  it("answers every camera's status in one request, each as GET /api/cameras/:id/status does", async () => {
    const res = await kernel.inject({ url: '/api/cameras/status' });
    expect(res.statusCode).toBe(200);
    const { statuses } = res.json<{ statuses: { camera_id: string; state: string }[] }>();
    const cameras = (await kernel.inject({ url: '/api/cameras' })).json<{ cameras: { id: string }[] }>().cameras;
    expect(statuses.map((s) => s.camera_id)).toEqual(cameras.map((c) => c.id));
    expect(statuses.map((s) => s.camera_id).sort()).toEqual(['front-door', 'off', 'yard']);
    for (const status of statuses) {
      const one = await kernel.inject({ url: `/api/cameras/${status.camera_id}/status` });
      expect(one.statusCode).toBe(200);
      expect(status).toEqual(one.json());
    }
    expect(statuses.find((s) => s.camera_id === 'off')).toMatchObject({ state: 'disabled', pid: null, reconnect_count: 0 });
  });

  it('is open to a viewer and closed to an anonymous caller', async () => {
    const viewer = await addUser(kernel, 'watcher', 'viewer');
    const cookie = await signIn(kernel, viewer.username, viewer.password);
    const res = await kernel.injectAnonymous({ url: '/api/cameras/status', headers: browser(cookie) });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ statuses: unknown[] }>().statuses).toHaveLength(3);
    expect((await kernel.injectAnonymous({ url: '/api/cameras/status' })).statusCode).toBe(401);
  });

  it('cannot be shadowed by a camera with the id "status"', async () => {
    const explicit = await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { id: 'status', name: 'Status', stream_url: 'rtsp://10.0.0.9/s' } });
    expect(explicit.statusCode).toBe(400);
    expect(explicit.json<{ message: string }>().message).toMatch(/"status" is reserved/);
    const fromName = await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { name: 'Status', stream_url: 'rtsp://10.0.0.9/s' } });
    expect(fromName.statusCode).toBe(201);
    expect(fromName.json<{ id: string }>().id).toBe('status-2');
    expect((await kernel.inject({ method: 'DELETE', url: '/api/cameras/status-2' })).statusCode).toBe(204);
  });

  it('is described in the OpenAPI document with a named item schema', async () => {
    const doc = (await kernel.inject({ url: '/api/docs/json' })).json<{ paths: Record<string, { get?: { responses: Record<string, unknown> } }> }>();
    const ok = JSON.stringify(doc.paths['/api/cameras/status']?.get?.responses['200']);
    expect(ok).toContain('"title":"CameraStatusList"');
    expect(ok).toContain('"statuses"');
  });
});
