import { useEffect, useId, useState } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import type { Clip } from '../api/models';
import { formatBytes, formatDateTime, formatDuration, formatTime, fromLocalInput, toIso, toLocalInput, toMs } from '../format';
import { useLoad } from '../hooks';
import type { Span } from './timeline';
import { ConfirmAction, DataTable } from './ui';

/** GET /api/cameras/:id/footage.mp4: any range as one MP4, as an attachment. */
function footageUrl(cameraId: string, from: number, to: number): string {
  const query = new URLSearchParams({ from: toIso(from), to: toIso(to), download: 'true' });
  return `/api/cameras/${encodeURIComponent(cameraId)}/footage.mp4?${query.toString()}`;
}

/**
 * Exports the selected range as an evidence clip (POST /api/clips, which answers when the clip is
 * written): progress while it runs, then the download link, its SHA-256 and the signed manifest.
 */
export function ExportPanel({
  cameraId,
  selection,
  onSelection,
  canDownload,
}: {
  cameraId: string;
  selection: Span | null;
  onSelection: (s: Span | null) => void;
  /** The kernel serves ranges without exporting (older ones do not). */
  canDownload: boolean;
}) {
  const id = useId();
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [running, setRunning] = useState<{ started: number } | null>(null);
  const [clip, setClip] = useState<Clip | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const earlier = useLoad(`clips:${cameraId}`, (signal) => unwrap(http.GET('/api/clips', { params: { query: { camera_id: cameraId, limit: 10 } }, signal })).then((r) => r.clips));

  useEffect(() => {
    setFromText(selection ? toLocalInput(selection.from) : '');
    setToText(selection ? toLocalInput(Math.ceil(selection.to / 1000) * 1000) : '');
  }, [selection]);

  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setElapsed(Math.round((Date.now() - running.started) / 1000)), 500);
    return () => window.clearInterval(timer);
  }, [running]);

  const from = fromLocalInput(fromText);
  const to = fromLocalInput(toText);
  const valid = Number.isFinite(from) && Number.isFinite(to);

  const applyInputs = () => {
    if (valid && to > from) onSelection({ from, to });
  };

  const run = async () => {
    setError(null);
    setClip(null);
    setElapsed(0);
    setRunning({ started: Date.now() });
    try {
      // The server checks the range and says what is wrong (`to` must be after `from`, too long, no footage).
      setClip(await unwrap(http.POST('/api/clips', { body: { camera_id: cameraId, from: toIso(from), to: toIso(to) } })));
      earlier.reload();
    } catch (e: unknown) {
      setError(errorMessage(e));
    } finally {
      setRunning(null);
    }
  };

  return (
    <section className="panel export-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Export a clip</h2>
      <p className="hint">Drag across the timeline (or use [ and ] on it) to select a range, or type the times.</p>
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          applyInputs();
          void run();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="datetime-local" step={1} value={fromText} onChange={(e) => setFromText(e.target.value)} onBlur={applyInputs} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="datetime-local" step={1} value={toText} onChange={(e) => setToText(e.target.value)} onBlur={applyInputs} />
        </div>
        {valid && to > from ? <span className="muted">{formatDuration((to - from) / 1000)}</span> : null}
        <button type="submit" className="primary" disabled={!valid || running !== null}>
          Export clip
        </button>
        {canDownload && valid && to > from ? (
          // The same MP4 an export writes, streamed from the recordings: no hash, manifest or listing.
          <a className="button" data-testid="range-download" download href={footageUrl(cameraId, from, to)} title="The same MP4, served straight from the recordings: nothing written, no manifest">
            Download without exporting
          </a>
        ) : null}
      </form>
      {running ? (
        <div className="export-progress" role="status" aria-live="polite">
          <progress aria-label="Export progress" />
          <span>
            Exporting {formatDuration((to - from) / 1000)} of footage… {elapsed} s
          </span>
        </div>
      ) : null}
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {clip ? <ClipResult clip={clip} /> : null}
      {earlier.data && earlier.data.length > 0 ? (
        <details className="earlier-clips">
          <summary>Earlier exports of this camera ({earlier.data.length})</summary>
          <EarlierClips clips={earlier.data} onDeleted={earlier.reload} />
        </details>
      ) : null}
    </section>
  );
}

function EarlierClips({ clips, onDeleted }: { clips: Clip[]; onDeleted: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const remove = async (id: string) => {
    setError(null);
    try {
      await unwrap(http.DELETE('/api/clips/{id}', { params: { path: { id } } }));
      onDeleted();
    } catch (e: unknown) {
      setError(errorMessage(e));
    }
  };
  return (
    <>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      <DataTable headers={['Range', 'Footage', 'Exported', <span className="visually-hidden">Actions</span>]}>
        {clips.map((c) => (
          <tr key={c.id}>
            <td className="nowrap">
              {formatDateTime(c.from)} – {formatTime(toMs(c.to))}
            </td>
            <td>
              {formatDuration(c.covered_seconds)}, {formatBytes(c.size_bytes)}
              <br />
              <code className="hash" title="SHA-256">
                {c.sha256.slice(0, 16)}…
              </code>
            </td>
            <td>
              {formatDateTime(c.created_at)}
              {c.exported_by ? ` by ${c.exported_by}` : ''}
            </td>
            <td className="actions">
              <a href={c.download_url} download={c.filename} className="button small">
                Download
              </a>
              <a href={`${c.manifest_url}?download=true`} download className="button small">
                Manifest
              </a>
              <ConfirmAction ask="Delete…" confirm="Delete the clip" onConfirm={() => remove(c.id)} />
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

export function ClipResult({ clip }: { clip: Clip }) {
  const [manifest, setManifest] = useState<string | null>(null);
  const [manifestError, setManifestError] = useState<string | null>(null);
  const loadManifest = async () => {
    if (manifest !== null) return;
    try {
      const res = await fetch(clip.manifest_url, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const text = await res.text();
      try {
        setManifest(JSON.stringify(JSON.parse(text), null, 2));
      } catch {
        // Not JSON: show it as it is.
        setManifest(text);
      }
    } catch (e: unknown) {
      setManifestError(`The manifest could not be loaded: ${errorMessage(e)}`);
    }
  };
  return (
    <div className="clip-result" data-testid="clip-result">
      <p className="notice notice-ok" role="status">
        Clip ready: {formatTime(toMs(clip.from))}–{formatTime(toMs(clip.to))}, {formatDuration(clip.covered_seconds)} of footage from{' '}
        {clip.segment_count} segment{clip.segment_count === 1 ? '' : 's'}, {formatBytes(clip.size_bytes)}.
      </p>
      {clip.gaps.length > 0 ? (
        <p className="notice notice-warn">
          {clip.gaps.length} gap{clip.gaps.length === 1 ? '' : 's'} without footage (the clip plays across them):{' '}
          {clip.gaps.map((g) => `${formatTime(toMs(g.from))}–${formatTime(toMs(g.to))}`).join(', ')}
        </p>
      ) : null}
      <dl className="facts">
        <dt>File{clip.files.length > 1 ? 's' : ''}</dt>
        <dd>
          <ul className="plain">
            {clip.files.map((f, i) => (
              <li key={f.filename}>
                <a href={f.download_url} download={f.filename} className="button primary" data-testid={i === 0 ? 'clip-download' : undefined}>
                  Download {f.filename}
                </a>{' '}
                <span className="muted">{formatBytes(f.size_bytes)}</span>
                {clip.files.length > 1 ? <code className="hash">{f.sha256}</code> : null}
              </li>
            ))}
          </ul>
          {clip.files.length > 1 ? <p className="hint">The codec configuration changed within the range, so the clip has one file per configuration.</p> : null}
        </dd>
        <dt>SHA-256</dt>
        <dd>
          <code className="hash" data-testid="clip-sha256">
            {clip.sha256}
          </code>
        </dd>
        <dt>Manifest</dt>
        <dd>
          <a href={`${clip.manifest_url}?download=true`} download>
            Download the signed manifest
          </a>
          <details onToggle={(e) => e.currentTarget.open && void loadManifest()}>
            <summary>Show the manifest</summary>
            {manifestError ? <p className="notice notice-error">{manifestError}</p> : <pre className="manifest" data-testid="clip-manifest">{manifest ?? 'Loading…'}</pre>}
          </details>
          <p className="hint">
            Check a downloaded clip with <code>heldar verify &lt;clip.mp4&gt; &lt;manifest.json&gt;</code>.
          </p>
        </dd>
        {clip.exported_by ? (
          <>
            <dt>Exported by</dt>
            <dd>{clip.exported_by}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
