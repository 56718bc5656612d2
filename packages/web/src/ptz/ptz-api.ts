import { http, unwrap } from '../api/client';

/** The PTZ routes (POST /api/cameras/:id/ptz/…), each one call. */
export const ptzApi = {
  move: (id: string, velocity: { pan: number; tilt: number; zoom: number }) =>
    unwrap(http.POST('/api/cameras/{id}/ptz/move', { params: { path: { id } }, body: velocity })),
  stop: (id: string) => unwrap(http.POST('/api/cameras/{id}/ptz/stop', { params: { path: { id } } })),
  presets: async (id: string, signal?: AbortSignal) =>
    (await unwrap(http.GET('/api/cameras/{id}/ptz/presets', { params: { path: { id } }, ...(signal ? { signal } : {}) }))).presets,
  goto: (id: string, token: string) => unwrap(http.POST('/api/cameras/{id}/ptz/presets/{token}/goto', { params: { path: { id, token } } })),
  save: (id: string, name: string) => unwrap(http.POST('/api/cameras/{id}/ptz/presets', { params: { path: { id } }, body: { name } })),
};
