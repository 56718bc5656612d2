import { useState, type ReactNode } from 'react';
import { errorMessage } from '../api/client';

/** An error from the API, as a person reads it. */
/** The outcome of an action the user just took: a status when it worked, an alert when it did not. */
export function OutcomeNotice({ outcome, testId }: { outcome: { ok: boolean; text: string } | null; testId?: string }) {
  if (outcome === null) return null;
  return (
    <p className={`notice ${outcome.ok ? 'notice-ok' : 'notice-error'}`} role={outcome.ok ? 'status' : 'alert'} data-testid={testId}>
      {outcome.text}
    </p>
  );
}

export function ErrorNotice({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <p className="notice notice-error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      {what.charAt(0).toUpperCase() + what.slice(1)}…
    </p>
  );
}

/** A labelled form control with an optional hint; `invalid` marks the field the server complained about. */
export function Field({ label, hint, children, htmlFor }: { label: string; hint?: ReactNode; children: ReactNode; htmlFor: string }) {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint ? (
        <small className="hint" id={`${htmlFor}-hint`}>
          {hint}
        </small>
      ) : null}
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <p className="notice notice-ok" role="status">
      {children}
    </p>
  );
}

/**
 * A destructive action asked twice: `ask` (e.g. "Delete…") shows `confirm` (e.g. "Delete the clip")
 * and "Keep". The question closes once the action has run (its errors are the caller's to show).
 */
export function ConfirmAction({ ask, confirm, onConfirm }: { ask: string; confirm: string; onConfirm: () => Promise<unknown> }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="small danger" onClick={() => setAsking(true)}>
        {ask}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button type="button" className="small danger" onClick={() => void onConfirm().finally(() => setAsking(false))}>
        {confirm}
      </button>
      <button type="button" className="small" onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}

/**
 * A table of rows under column headers, scrolling sideways inside its own box on narrow screens.
 * `children` are the `<tr>` rows.
 */
export function DataTable({ headers, testId, children }: { headers: readonly ReactNode[]; testId?: string; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            {headers.map((h, i) => (
              <th scope="col" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The "Camera" filter of a list page: every camera, or all of them (value ''). */
export function CameraFilter({ id, value, cameras, onChange }: { id: string; value: string; cameras: readonly { id: string; name: string }[] | undefined; onChange: (cameraId: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>Camera</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All cameras</option>
        {(cameras ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
