/**
 * The shared query cache: every page reads cameras and recorder statuses through these hooks, so a
 * screen with 500 camera cards makes one status request, not one per card. Freshness comes from the
 * event stream (useEventStreamRefresh marks the queries stale when something happens); the slow polls
 * below only cover a dropped stream and the fields no event announces (a segment written).
 */
import { QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError, http, unwrap } from './client';
import type { CameraStatus } from './models';

export const CAMERAS_POLL_MS = 60_000;
export const STATUSES_POLL_MS = 10_000;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx answer will not change by asking again at once; a network blip might.
        retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
        refetchOnWindowFocus: true,
        // Polls pause in a hidden tab.
        refetchIntervalInBackground: false,
      },
    },
  });
}

export const queryKeys = {
  cameras: ['cameras'] as const,
  camera: (id: string) => ['cameras', id] as const,
  statuses: ['camera-statuses'] as const,
};

export function useCameras() {
  return useQuery({
    queryKey: queryKeys.cameras,
    queryFn: async ({ signal }) => (await unwrap(http.GET('/api/cameras', { signal }))).cameras,
    refetchInterval: CAMERAS_POLL_MS,
  });
}

export function useCamera(id: string | null) {
  return useQuery({
    queryKey: queryKeys.camera(id ?? ''),
    queryFn: ({ signal }) => unwrap(http.GET('/api/cameras/{id}', { params: { path: { id: id! } }, signal })),
    enabled: id !== null,
  });
}

/** Every camera's recorder status from GET /api/cameras/status, by camera id. */
export function useCameraStatuses() {
  return useQuery({
    queryKey: queryKeys.statuses,
    queryFn: async ({ signal }) => {
      const { statuses } = await unwrap(http.GET('/api/cameras/status', { signal }));
      return new Map<string, CameraStatus>(statuses.map((s) => [s.camera_id, s]));
    },
    refetchInterval: STATUSES_POLL_MS,
  });
}

/** One camera's status, read from the shared list (no request of its own). */
export function useCameraStatus(id: string) {
  const statuses = useCameraStatuses();
  return { data: statuses.data?.get(id), error: statuses.error };
}

/** Forgets every cached answer once signed out, so the next user never sees the last one's data. */
export function useClearCacheWhenSignedOut(signedOut: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (signedOut) client.clear();
  }, [client, signedOut]);
}

/** Kinds that change the camera list itself; any event about a camera may change its status. */
const CAMERA_CHANGES = new Set(['camera_added', 'camera_updated', 'camera_deleted', 'camera_schedule_updated']);
/** Many events in a burst (a camera reconnecting) refresh once. */
const REFRESH_DELAY_MS = 500;

/**
 * Listens to the kernel's event stream while signed in and marks the cached cameras and statuses
 * stale when an event concerns them; mounted once, for the whole app.
 */
export function useEventStreamRefresh(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    let timer: number | undefined;
    let listChanged = false;
    const changedCameras = new Set<string>();
    const flush = () => {
      timer = undefined;
      void client.invalidateQueries({ queryKey: queryKeys.statuses });
      // The list only (exact): a deleted camera's own query must not be asked again for a 404.
      if (listChanged) void client.invalidateQueries({ queryKey: queryKeys.cameras, exact: true });
      for (const id of changedCameras) void client.invalidateQueries({ queryKey: queryKeys.camera(id) });
      listChanged = false;
      changedCameras.clear();
    };
    const source = new EventSource('/api/events/stream');
    source.onmessage = (message: MessageEvent<string>) => {
      let event: { camera_id?: unknown; kind?: unknown };
      try {
        event = JSON.parse(message.data) as typeof event;
      } catch {
        return; // Not an event: nothing to refresh.
      }
      if (typeof event.camera_id !== 'string') return;
      if (typeof event.kind === 'string' && CAMERA_CHANGES.has(event.kind)) {
        listChanged = true;
        if (event.kind === 'camera_updated') changedCameras.add(event.camera_id);
      }
      timer ??= window.setTimeout(flush, REFRESH_DELAY_MS);
    };
    return () => {
      source.close();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [client, enabled]);
}
