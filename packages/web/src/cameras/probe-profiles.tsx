import type { ProbeProfile, ProbeResult } from './add-wizard/wizard-types';

/** "h264 640×360 at 10 fps": what a person checks before adding the camera. */
export function describeVideo(video: ProbeProfile['video']): string {
  if (video === null) return 'no video';
  // ffprobe reports 90000/3001 and the like: two decimals say enough.
  return `${video.codec} ${video.width}×${video.height} at ${Math.round(video.fps * 100) / 100} fps`;
}

/**
 * What a probe found, as the wizard's probe step and the camera page's "Test the camera" both show it:
 * its warnings, then each profile's name, video and audio (and stream URL where the caller wants it).
 */
export function ProbeProfiles({ result, profileTestId, showStreamUrls = false }: { result: ProbeResult; profileTestId: string; showStreamUrls?: boolean }) {
  return (
    <>
      {result.warnings.map((w) => (
        <p key={w} className="notice">
          {w}
        </p>
      ))}
      <ul className="pick-list" aria-label="Profiles">
        {result.profiles.map((p) => (
          <li key={p.token} data-testid={profileTestId}>
            <span>
              <strong>{p.name}</strong> <span className="muted">{describeVideo(p.video)}</span>
              {p.audio ? <span className="muted"> · audio {p.audio.codec}</span> : null}
              {showStreamUrls && p.stream_url ? <code className="muted"> {p.stream_url}</code> : null}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
