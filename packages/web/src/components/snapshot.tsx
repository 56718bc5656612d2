import { useEffect, useRef, useState } from 'react';
import { http, isAbort, unwrap } from '../api/client';

export interface SnapshotCamera {
  id: string;
  name: string;
  enabled: boolean;
  detect_fps: number | null;
}

/**
 * The camera's latest frame (GET /api/cameras/:id/snapshot.jpg), refreshed every `refreshMs` while
 * the page is visible. Frames come from the perception sampler, which runs only for cameras with a
 * detection rate (detect_fps): other cameras show a placeholder without asking. Until the sampler has
 * a first frame the component asks its status instead (JSON, always 200), so the browser does not log
 * a failed request for every refresh of a camera that is still starting.
 */
export function Snapshot({ camera, refreshMs = 5000, onSize }: { camera: SnapshotCamera; refreshMs?: number; onSize?: (width: number, height: number) => void }) {
  const [frame, setFrame] = useState<{ url: string; at: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const urlRef = useRef<string | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  // Off-screen cards (a long grid) are not refreshed: no bytes for pictures nobody sees.
  const visibleRef = useRef(true);
  useEffect(() => {
    const el = boxRef.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      visibleRef.current = entries.some((e) => e.isIntersecting);
    });
    observer.observe(el);
    return () => observer.disconnect();
  });
  const sampled = camera.enabled && (camera.detect_fps ?? 0) > 0;

  useEffect(() => {
    if (!sampled) return;
    let stopped = false;
    let timer: number | undefined;
    const controller = new AbortController();
    const id = encodeURIComponent(camera.id);
    const cameraId = camera.id;
    let haveFrame = false;

    const frameReady = async (): Promise<boolean> => {
      if (haveFrame) return true;
      const s = await unwrap(http.GET('/api/cameras/{id}/sampler', { params: { path: { id: cameraId } }, signal: controller.signal }));
      if (s.last_frame_id) return true;
      setProblem(s.last_error ? `No picture: ${s.last_error}` : `Waiting for the first frame (sampler ${s.state})…`);
      return false;
    };

    const load = async () => {
      if (document.visibilityState === 'visible' && visibleRef.current) {
        try {
          if (await frameReady()) {
            const res = await fetch(`/api/cameras/${id}/snapshot.jpg`, { signal: controller.signal, credentials: 'same-origin', cache: 'no-store' });
            if (res.ok) {
              const url = URL.createObjectURL(await res.blob());
              if (urlRef.current) URL.revokeObjectURL(urlRef.current);
              urlRef.current = url;
              haveFrame = true;
              setFrame({ url, at: Date.now() });
              setProblem(null);
            } else {
              haveFrame = false;
              const body = (await res.json().catch(() => null)) as { message?: string } | null;
              setProblem(body?.message ?? `No picture (HTTP ${res.status})`);
            }
          }
        } catch (e: unknown) {
          if (isAbort(e)) return;
          setProblem(e instanceof Error ? e.message : 'No picture: the server cannot be reached');
        }
      }
      if (!stopped) timer = window.setTimeout(() => void load(), refreshMs);
    };
    void load();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [camera.id, refreshMs, sampled]);

  useEffect(
    () => () => {
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    },
    [],
  );

  if (!frame || !sampled) {
    const text = !camera.enabled
      ? 'Camera disabled'
      : !sampled
        ? 'No live picture: set a detection rate (detect_fps) to sample frames'
        : (problem ?? 'Waiting for a frame…');
    return (
      <div ref={boxRef} className="snapshot snapshot-placeholder" role="img" aria-label={`${camera.name}: ${text}`}>
        <span>{text}</span>
      </div>
    );
  }
  return (
    <div ref={boxRef} className="snapshot">
      <img
        src={frame.url}
        alt={`${camera.name}, latest frame`}
        data-frame-at={frame.at}
        onLoad={(e) => onSize?.(e.currentTarget.naturalWidth, e.currentTarget.naturalHeight)}
      />
      {problem ? <span className="snapshot-stale">{problem}</span> : null}
    </div>
  );
}
