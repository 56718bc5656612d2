import { useEffect, useRef, useState } from 'react';
import { INITIAL_LIVE_STATE, LivePlayer, type LiveState } from '../live/live-player';

/** "0.4 s" — latency as a person reads it. */
export function formatLatency(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 10_000 ? `${(Math.max(0, ms) / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * A camera's live picture (the live WebSocket through MSE) with its latency and, when it is not
 * playing, why. Mounted = connected: unmount it to close the stream.
 */
export function LiveVideo({ cameraId, stream, label, showLatency = true, onState }: { cameraId: string; stream: 'main' | 'sub'; label: string; showLatency?: boolean; onState?: (s: LiveState) => void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<LiveState>(INITIAL_LIVE_STATE);
  const onStateRef = useRef(onState);
  onStateRef.current = onState;

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    setState(INITIAL_LIVE_STATE);
    const player = new LivePlayer(video, cameraId, stream, (s) => {
      setState(s);
      onStateRef.current?.(s);
    });
    return () => player.stop();
  }, [cameraId, stream]);

  const notPlaying = state.phase !== 'playing';
  return (
    <div className="live-video" data-phase={state.phase}>
      <video ref={videoRef} muted playsInline autoPlay data-testid="live-video" data-camera-id={cameraId} aria-label={label} />
      {notPlaying ? (
        <p className={`live-overlay${state.phase === 'refused' || state.phase === 'failed' ? ' live-overlay-error' : ''}`} role={state.phase === 'refused' || state.phase === 'failed' ? 'alert' : 'status'}>
          {state.phase === 'connecting' ? 'Connecting…' : state.phase === 'reconnecting' ? `${state.message ?? 'Connection lost.'} Reconnecting…` : state.message}
        </p>
      ) : null}
      {showLatency && state.phase === 'playing' ? (
        <span className="live-latency" data-testid="live-latency" data-latency-ms={state.latencyMs ?? ''} title="From the server receiving the picture to showing it; in brackets, how far behind the newest picture received">
          <span className="live-dot" aria-hidden="true" /> LIVE {formatLatency(state.latencyMs)} ({formatLatency(state.edgeS === null ? null : state.edgeS * 1000)})
        </span>
      ) : null}
      {state.audioNote ? <small className="live-audio-note">{state.audioNote}</small> : null}
    </div>
  );
}
