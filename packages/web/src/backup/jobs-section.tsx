import { useId, useState } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import { DataTable, ErrorNotice, Loading, OutcomeNotice } from '../components/ui';
import { formatBytes, formatDateTime } from '../format';
import { useLoad } from '../hooks';
import type { BackupJob } from './backup-types';

const STATE_BADGE = { pending: 'badge-muted', running: 'badge-ok', completed: 'badge-ok', failed: 'badge-error', cancelled: 'badge-muted' } as const;

/** Recent jobs with their progress (refreshed every 2 s) and a cancel button while they run. */
export function JobsSection() {
  const id = useId();
  const jobs = useLoad('backup-jobs', (signal) => unwrap(http.GET('/api/backup/jobs', { signal, params: { query: { limit: 20 } } })).then((r) => r.jobs), 2000);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const cancel = async (job: BackupJob) => {
    setMessage(null);
    try {
      await unwrap(http.POST('/api/backup/jobs/{id}/cancel', { params: { path: { id: job.id } } }));
      setMessage({ ok: true, text: `Cancelled ${job.id}.` });
    } catch (err: unknown) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
    jobs.reload();
  };
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="backup-jobs">
      <h2 id={`${id}-title`}>Jobs</h2>
      <OutcomeNotice outcome={message} />
      <ErrorNotice error={jobs.error} />
      {jobs.data === undefined && !jobs.error ? (
        <Loading what="loading jobs" />
      ) : (jobs.data ?? []).length === 0 ? (
        <p className="muted">No jobs yet.</p>
      ) : (
        <DataTable headers={['Started', 'State', 'Progress', 'Note', <span className="visually-hidden">Actions</span>]}>
          {(jobs.data ?? []).map((j) => {
            const share = j.bytes_total > 0 ? j.bytes_done / j.bytes_total : j.state === 'completed' ? 1 : 0;
            return (
              <tr key={j.id} data-testid={`backup-job-${j.state}`}>
                <td>{formatDateTime(j.started_at ?? j.created_at)}</td>
                <td>
                  <span className={`badge ${STATE_BADGE[j.state]}`}>{j.state}</span>
                </td>
                <td>
                  <progress max={1} value={share} aria-label={`job ${j.id} progress`} /> {j.files_done} copied, {j.files_skipped} already there, {formatBytes(j.bytes_done)} of {formatBytes(j.bytes_total)}
                  {j.resent > 0 ? `, ${j.resent} re-sent` : ''}
                </td>
                <td>{j.error ?? ''}</td>
                <td className="actions">
                  {j.state === 'pending' || j.state === 'running' ? (
                    <button type="button" className="small danger" onClick={() => void cancel(j)}>
                      Cancel
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}
