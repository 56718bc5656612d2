import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { Camera } from '../api/models';
import { useCameraStatus, useCameras } from '../api/queries';
import { LiveVideo } from '../components/live-video';
import { StatusBadge } from '../components/status-badge';
import { ErrorNotice, Loading } from '../components/ui';
import { useVisible } from '../live/use-visible';
import { Link, navigate, useLocation, useTitle } from '../router';

/** Tiles per layout; the key that picks it (0 for 16). */
const LAYOUTS = [
  { tiles: 1, key: '1' },
  { tiles: 4, key: '4' },
  { tiles: 9, key: '9' },
  { tiles: 16, key: '0' },
] as const;

function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * The live grid: the cameras playing at once (their sub-stream where they have one), 1, 4, 9 or 16
 * to a page; a tile plays only while it is on screen. A tile opens full screen on the main stream.
 */
export function LivePage() {
  useTitle('Live');
  const cameras = useCameras();
  const { query } = useLocation();
  const tiles = Number(query.get('layout')) || 4;
  const layout = LAYOUTS.find((l) => l.tiles === tiles) ?? LAYOUTS[1];
  const page = Math.max(0, Number(query.get('page')) || 0);
  const [full, setFull] = useState<Camera | null>(null);
  // Stable, so the full-screen view's effect (which enters full screen) runs once per opening.
  const closeFull = useCallback(() => setFull(null), []);

  const go = (next: { layout?: number; page?: number }) => {
    const q = new URLSearchParams();
    q.set('layout', String(next.layout ?? layout.tiles));
    if ((next.page ?? 0) > 0) q.set('page', String(next.page));
    navigate(`/live?${q.toString()}`, { replace: true });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (full || e.altKey || e.ctrlKey || e.metaKey || typingIn(e.target)) return;
      const l = LAYOUTS.find((x) => x.key === e.key);
      if (l) go({ layout: l.tiles });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const all = cameras.data ?? [];
  const pages = Math.max(1, Math.ceil(all.length / layout.tiles));
  const shown = all.slice(Math.min(page, pages - 1) * layout.tiles, (Math.min(page, pages - 1) + 1) * layout.tiles);
  return (
    <>
      <div className="page-head">
        <h1>Live</h1>
        <div className="actions" role="group" aria-label="Layout">
          {LAYOUTS.map((l) => (
            <button key={l.tiles} type="button" className="small" aria-pressed={l.tiles === layout.tiles} onClick={() => go({ layout: l.tiles })} aria-keyshortcuts={l.key} title={`${l.tiles} at once (key ${l.key})`}>
              {l.tiles === 1 ? '1' : `${Math.sqrt(l.tiles)}×${Math.sqrt(l.tiles)}`}
            </button>
          ))}
          {pages > 1 ? (
            <>
              <button type="button" className="small" disabled={page <= 0} onClick={() => go({ page: page - 1 })} aria-label="Previous cameras">
                ◀
              </button>
              <span className="muted">
                {Math.min(page, pages - 1) + 1}/{pages}
              </span>
              <button type="button" className="small" disabled={page >= pages - 1} onClick={() => go({ page: page + 1 })} aria-label="Next cameras">
                ▶
              </button>
            </>
          ) : null}
        </div>
      </div>
      <ErrorNotice error={cameras.error} />
      {cameras.data === undefined ? (
        cameras.error ? null : <Loading what="loading cameras" />
      ) : all.length === 0 ? (
        <p className="muted">No cameras yet.</p>
      ) : (
        <ul className={`live-grid live-grid-${layout.tiles}`} aria-label="Live cameras">
          {shown.map((c) => (
            <LiveTile key={c.id} camera={c} paused={full !== null} onOpen={() => setFull(c)} />
          ))}
        </ul>
      )}
      <p className="muted">Keys 1, 4, 9 and 0 pick the layout; Enter on a camera shows it full screen, Escape returns.</p>
      {full ? <FullScreenLive camera={full} onClose={closeFull} /> : null}
    </>
  );
}

function LiveTile({ camera, paused, onOpen }: { camera: Camera; paused: boolean; onOpen: () => void }) {
  const ref = useRef<HTMLLIElement>(null);
  const visible = useVisible(ref);
  const status = useCameraStatus(camera.id);
  const onKey = (e: ReactKeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen();
    }
  };
  return (
    <li ref={ref} className="live-tile" data-testid="live-tile" data-camera-id={camera.id} data-playing={visible && !paused}>
      <div className="live-tile-picture" role="button" tabIndex={0} aria-label={`${camera.name}, live. Enter: full screen`} onClick={onOpen} onKeyDown={onKey}>
        {visible && !paused ? <LiveVideo cameraId={camera.id} stream={camera.sub_stream_url ? 'sub' : 'main'} label={`${camera.name}, live`} /> : <div className="live-video live-idle" />}
      </div>
      <div className="live-tile-caption">
        <Link to={`/cameras/${encodeURIComponent(camera.id)}`}>{camera.name}</Link> <StatusBadge state={status.data?.state} />
      </div>
    </li>
  );
}

/**
 * One camera on its main stream over the whole screen (Fullscreen API; where the browser refuses,
 * over the whole window). Escape or the close button returns to the grid.
 */
function FullScreenLive({ camera, onClose }: { camera: Camera; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    let entered = false;
    const onChange = () => {
      if (document.fullscreenElement === el) entered = true;
      else if (entered) onClose();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('fullscreenchange', onChange);
    window.addEventListener('keydown', onKey);
    el.requestFullscreen?.().catch(() => undefined);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      window.removeEventListener('keydown', onKey);
      if (document.fullscreenElement === el) void document.exitFullscreen().catch(() => undefined);
      back?.focus();
    };
  }, [onClose]);
  return (
    <div ref={ref} className="live-full" role="dialog" aria-modal="true" aria-label={`${camera.name}, live, full screen`} data-testid="live-full">
      <LiveVideo cameraId={camera.id} stream="main" label={`${camera.name}, live (main stream)`} />
      <div className="live-full-bar">
        <strong>{camera.name}</strong>
        <button ref={closeRef} type="button" className="small" onClick={onClose}>
          Back to the grid (Esc)
        </button>
      </div>
    </div>
  );
}
