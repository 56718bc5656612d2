import { ApiError, api } from './client';

/**
 * Which optional features this kernel serves, read once from its OpenAPI document (every route is
 * listed there). A page whose routes are absent says so instead of calling them; when the document
 * cannot be read every feature is assumed and a missing route is reported where it is called.
 */
export interface Features {
  auth: boolean;
  timeline: boolean;
  playback: boolean;
  clips: boolean;
  /** GET /api/cameras/:id/footage.mp4: any range as one MP4 without exporting. */
  footage: boolean;
  snapshot: boolean;
  zones: boolean;
  storage: boolean;
  incidents: boolean;
  users: boolean;
  keys: boolean;
  audit: boolean;
  sampler: boolean;
  eventStream: boolean;
}

export const ALL_FEATURES: Features = {
  auth: true,
  timeline: true,
  playback: true,
  clips: true,
  footage: true,
  snapshot: true,
  zones: true,
  storage: true,
  incidents: true,
  users: true,
  keys: true,
  audit: true,
  sampler: true,
  eventStream: true,
};

const ROUTES: Record<keyof Features, string> = {
  auth: '/api/auth/me',
  timeline: '/api/cameras/{id}/timeline',
  playback: '/api/playback',
  clips: '/api/clips',
  footage: '/api/cameras/{id}/footage.mp4',
  snapshot: '/api/cameras/{id}/snapshot.jpg',
  zones: '/api/cameras/{id}/zones',
  storage: '/api/storage',
  incidents: '/api/incidents',
  users: '/api/users',
  keys: '/api/keys',
  audit: '/api/audit',
  sampler: '/api/cameras/{id}/sampler',
  eventStream: '/api/events/stream',
};

export function featuresFromPaths(paths: readonly string[]): Features {
  // Parameter names differ between routes ({id}, {camera_id}): compare with every parameter as {}.
  const normal = new Set(paths.map((p) => p.replace(/\{[^}]+\}/g, '{}')));
  const out = {} as Features;
  for (const [feature, route] of Object.entries(ROUTES) as [keyof Features, string][]) {
    out[feature] = normal.has(route.replace(/\{[^}]+\}/g, '{}'));
  }
  return out;
}

export type FeatureProbe = { kind: 'ok'; features: Features } | { kind: 'unauthorized' };

/** Reads the OpenAPI document; `unauthorized` when the server wants a session first. */
export async function probeFeatures(signal?: AbortSignal): Promise<FeatureProbe> {
  try {
    const doc = await api.get<{ paths?: Record<string, unknown> }>('/api/docs/json', undefined, { signal, quiet401: true });
    return { kind: 'ok', features: featuresFromPaths(Object.keys(doc.paths ?? {})) };
  } catch (e: unknown) {
    if (e instanceof ApiError && e.status === 401) return { kind: 'unauthorized' };
    if (e instanceof ApiError) return { kind: 'ok', features: ALL_FEATURES };
    throw e;
  }
}
