import { LiveVideo } from './live-video';

/** How far back the jump buttons go, ms. */
const JUMPS = [
  { label: '30 s ago', ms: 30_000 },
  { label: '5 min ago', ms: 5 * 60_000 },
] as const;

/**
 * The camera page's live mode: the main stream live, and jumps back into recorded playback at
 * now − N (the same playback the timeline starts).
 */
export function LivePanel({ cameraId, name, onJumpBack, onClose }: { cameraId: string; name: string; onJumpBack: (at: number) => void; onClose: () => void }) {
  return (
    <div className="live-panel" data-testid="camera-live">
      <LiveVideo cameraId={cameraId} stream="main" label={`${name}, live`} />
      <div className="live-mode">
        {JUMPS.map((j) => (
          <button key={j.ms} type="button" className="small" onClick={() => onJumpBack(Date.now() - j.ms)}>
            ◀ {j.label}
          </button>
        ))}
        <button type="button" className="small" onClick={onClose}>
          Close live
        </button>
      </div>
    </div>
  );
}
