import { useEffect, useRef, useState } from 'react';
import { http, unwrap } from '../api/client';
import type { PlaybackSession } from '../api/models';
import { formatTime, toMs } from '../format';

/**
 * Plays a playback session's HLS playlist with hls.js (loaded on first use), or natively where the
 * browser plays HLS itself. Reports the wall-clock time shown (from EXT-X-PROGRAM-DATE-TIME when the
 * playlist has it, else the session's start plus the media time) so the timeline can draw a playhead.
 */
export function Player({ session, onPlayhead }: { session: PlaybackSession; onPlayhead?: (ms: number | null) => void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const playheadRef = useRef(onPlayhead);
  playheadRef.current = onPlayhead;

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    setError(null);
    let cancelled = false;
    let destroy: (() => void) | undefined;
    const start = toMs(session.from);
    let playingDate: () => Date | null = () => null;

    const onTime = () => {
      const date = playingDate();
      const ms = date ? date.getTime() : start + video.currentTime * 1000;
      setShown(ms);
      playheadRef.current?.(ms);
    };
    const onVideoError = () => {
      if (!cancelled && video.error) setError(`The video cannot be played (${video.error.message || `media error ${video.error.code}`}).`);
    };
    video.addEventListener('timeupdate', onTime);
    video.addEventListener('error', onVideoError);

    const play = () => {
      // Muted, so the browser lets it start without another click; the controls unmute it.
      video.play().catch((e: unknown) => {
        if (!cancelled && !(e instanceof DOMException && e.name === 'AbortError')) setError('Press play to start the video.');
      });
    };

    void import('hls.js').then(({ default: Hls }) => {
      if (cancelled) return;
      if (Hls.isSupported()) {
        const hls = new Hls({ enableWorker: true, backBufferLength: 60 });
        playingDate = () => hls.playingDate;
        let recoveries = 0;
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (!data.fatal || cancelled) return;
          if (data.type === Hls.ErrorTypes.MEDIA_ERROR && recoveries < 2) {
            // A decode hiccup at a file boundary: hls.js can usually recover; not forever.
            recoveries++;
            hls.recoverMediaError();
            return;
          }
          setError(`Playback failed: ${data.details}${data.response?.code ? ` (HTTP ${data.response.code})` : ''}.`);
        });
        hls.on(Hls.Events.MANIFEST_PARSED, play);
        hls.loadSource(session.playlist_url);
        hls.attachMedia(video);
        destroy = () => hls.destroy();
      } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
        video.src = session.playlist_url;
        play();
        destroy = () => {
          video.removeAttribute('src');
          video.load();
        };
      } else {
        setError('This browser cannot play HLS video.');
      }
    }, () => setError('The video player could not be loaded.'));

    return () => {
      cancelled = true;
      video.removeEventListener('timeupdate', onTime);
      video.removeEventListener('error', onVideoError);
      destroy?.();
      playheadRef.current?.(null);
      // Closing the player ends the session (its read leases on the footage go with it); it would
      // expire by itself otherwise.
      unwrap(http.DELETE('/api/playback/{id}', { params: { path: { id: session.id } } })).catch(() => undefined);
    };
  }, [session.id, session.playlist_url, session.from]);

  return (
    <div className="player">
      <video ref={videoRef} controls muted playsInline data-testid="playback-video" aria-label={`Recording from ${formatTime(toMs(session.from))}`} />
      <p className="player-caption" aria-live="off">
        {shown !== null ? <>Showing <time dateTime={new Date(shown).toISOString()}>{formatTime(shown)}</time> · </> : null}
        {formatTime(toMs(session.from))}–{formatTime(toMs(session.to))}, {session.segment_count} file{session.segment_count === 1 ? '' : 's'}
        {session.gaps.length > 0 ? `, ${session.gaps.length} gap${session.gaps.length === 1 ? '' : 's'} skipped` : ''}
      </p>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
