import { useEffect, useState } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import type { Archive } from '../api/models';
import { formatBytes } from '../format';

/**
 * "Archive" on an incident: one zip of every held camera's footage in the incident's range, its
 * notes and a signed manifest (POST /api/archives), with the job's progress and, once done, the download.
 */
export function ArchiveButton({ incident }: { incident: { id: number; cameras: string[]; from: string; to: string } }) {
  const [archive, setArchive] = useState<Archive | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = archive !== null && (archive.state === 'pending' || archive.state === 'running');

  useEffect(() => {
    if (!running) return undefined;
    // Poll the job while it runs; the zip is usually done in seconds.
    const timer = setInterval(() => {
      unwrap(http.GET('/api/archives/{id}', { params: { path: { id: archive.id } } }))
        .then(setArchive)
        .catch((e: unknown) => setError(errorMessage(e)));
    }, 1000);
    return () => clearInterval(timer);
  }, [running, archive?.id]);

  const start = async () => {
    setError(null);
    try {
      setArchive(await unwrap(http.POST('/api/archives', { body: { camera_ids: incident.cameras, from: incident.from, to: incident.to, incident_id: incident.id } })));
    } catch (e: unknown) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="archive-action">
      {archive === null || archive.state === 'failed' ? (
        <button type="button" className="small" onClick={() => void start()} disabled={incident.cameras.length === 0}>
          Archive
        </button>
      ) : running ? (
        <span className="muted" role="status">
          Archiving… {Math.round(archive.progress * 100)}%
        </span>
      ) : archive.download_url ? (
        <a className="button small" href={archive.download_url} download>
          Download archive ({formatBytes(archive.size_bytes ?? 0)})
        </a>
      ) : null}
      {archive?.state === 'failed' ? <p className="error">Archive failed: {archive.error}</p> : null}
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}
