import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, errorMessage, http, unwrap } from '../api/client';
import { RECORD_MODES, type Camera, type CameraCreate, type CameraPatch, type RecordMode, type ScheduleWindow } from '../api/models';
import { queryKeys, useCamera } from '../api/queries';
import { EMPTY, changes, fieldOf, fromCamera, toBody, type FormState } from './camera-form-state';
import { useQueryClient } from '@tanstack/react-query';
import { ScheduleEditor } from '../components/schedule-editor';
import { ErrorNotice, Loading } from '../components/ui';
import { useLoad } from '../hooks';
import { Link, navigate, useTitle } from '../router';
import { useSession } from '../session';
import { MODE_LABEL } from './cameras';
import { ROLES_FOR } from '../roles';
import { AddCameraWizard } from '../cameras/add-wizard/add-camera-wizard';
import type { Prefill } from '../cameras/add-wizard/wizard-types';
import { OnvifTriggerFields } from '../cameras/onvif-trigger-fields';

function withPrefill(p: Prefill): FormState {
  return {
    ...EMPTY,
    source: 'url',
    name: p.name,
    stream_url: p.stream_url,
    sub_stream_url: p.sub_stream_url,
    username: p.username,
    password: p.password,
    onvif_url: p.onvif_url ?? '',
  };
}

export function CameraFormPage({ cameraId }: { cameraId: string | null }) {
  useTitle(cameraId ? 'Edit camera' : 'Add camera');
  const { can } = useSession();
  const camera = useCamera(cameraId);
  const schedules = useLoad(cameraId ? `schedules:${cameraId}` : null, (signal) =>
    unwrap(http.GET('/api/cameras/{id}/schedules', { params: { path: { id: cameraId! } }, signal })).then((r) => r.schedules),
  );

  if (!can(cameraId ? ROLES_FOR.editCameras : ROLES_FOR.addCameras)) {
    return (
      <p className="notice notice-error" role="alert">
        Your role cannot {cameraId ? 'change cameras' : 'add cameras'}.
      </p>
    );
  }
  if (cameraId && (camera.data === undefined || schedules.data === undefined)) {
    return camera.error || schedules.error ? <ErrorNotice error={camera.error ?? schedules.error} /> : <Loading what="loading the camera" />;
  }
  if (!cameraId) {
    return <AddCameraWizard renderForm={(prefill, key, above) => <CameraForm key={key} camera={null} initialSchedules={[]} prefill={prefill} above={above} />} />;
  }
  return <CameraForm key={cameraId} camera={camera.data ?? null} initialSchedules={schedules.data ?? []} />;
}

interface CameraFormProps {
  camera: Camera | null;
  initialSchedules: ScheduleWindow[];
  /** First values from the Add-camera wizard (a new camera only). */
  prefill?: Prefill | null;
  /** Shown under the heading: the wizard's way chooser. */
  above?: ReactNode;
}

function CameraForm({ camera, initialSchedules, prefill = null, above = null }: CameraFormProps) {
  const id = useId();
  const { can } = useSession();
  // Where the stream comes from (and its credentials) is an admin's to change: the recorder sends the
  // stored credentials there. Operators see it read-only.
  const streamLocked = !can(ROLES_FOR.editStream);
  const original = camera ? fromCamera(camera) : prefill ? withPrefill(prefill) : EMPTY;
  const [form, setForm] = useState<FormState>(original);
  const [windows, setWindows] = useState<ScheduleWindow[]>(initialSchedules);
  const [error, setError] = useState<string | null>(null);
  const [badField, setBadField] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<'ask' | 'purge' | null>(null);
  const queryClient = useQueryClient();

  useEffect(() => {
    if (error) document.getElementById(`${id}-error`)?.focus();
  }, [error, id]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const scheduled = form.record_mode === 'scheduled' || form.record_mode === 'scheduled_event';
  const eventMode = form.record_mode === 'event' || form.record_mode === 'scheduled_event';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setBadField(null);
    try {
      let cameraId = camera?.id;
      if (!camera) {
        const body = toBody(form);
        for (const key of Object.keys(body)) if (body[key] === null) delete body[key];
        if (form.id.trim()) body.id = form.id.trim();
        // Typed loosely on purpose: a number box holding text goes as text, so the API's 400 names the field.
        const created = await unwrap(http.POST('/api/cameras', { body: body as CameraCreate }));
        cameraId = created.id;
      } else {
        const patch = changes(form, original);
        if (Object.keys(patch).length > 0) await unwrap(http.PATCH('/api/cameras/{id}', { params: { path: { id: camera.id } }, body: patch as CameraPatch }));
      }
      if (JSON.stringify(windows) !== JSON.stringify(initialSchedules)) {
        await unwrap(http.PUT('/api/cameras/{id}/schedules', { params: { path: { id: cameraId! } }, body: { schedules: windows } }));
      }
      // The camera page must not show the cached camera as it was before this change.
      await queryClient.invalidateQueries({ queryKey: queryKeys.cameras });
      navigate(`/cameras/${encodeURIComponent(cameraId!)}`);
    } catch (err: unknown) {
      const message = errorMessage(err);
      setError(message);
      if (err instanceof ApiError && err.status === 400) setBadField(fieldOf(message));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (purge: boolean) => {
    if (!camera) return;
    setError(null);
    try {
      await unwrap(http.DELETE('/api/cameras/{id}', { params: { path: { id: camera.id }, query: purge ? { purge: true } : {} } }));
      // Leave first: asked again, the deleted camera's own query would only answer 404.
      navigate('/');
      queryClient.removeQueries({ queryKey: queryKeys.camera(camera.id) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.cameras, exact: true });
    } catch (err: unknown) {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.status === 409) setDeleting('purge');
    }
  };

  const input = (key: keyof FormState, label: string, props: Record<string, unknown> = {}, hint?: ReactNode) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        name={key}
        value={form[key] as string}
        onChange={(e) => set(key, e.target.value as never)}
        aria-invalid={badField === key ? true : undefined}
        aria-describedby={badField === key ? `${id}-error` : hint ? `${id}-${key}-hint` : undefined}
        {...props}
      />
      {hint ? (
        <small className="hint" id={`${id}-${key}-hint`}>
          {hint}
        </small>
      ) : null}
    </div>
  );
  const check = (key: keyof FormState, label: string) => (
    <label className="inline">
      <input type="checkbox" name={key} checked={form[key] as boolean} onChange={(e) => set(key, e.target.checked as never)} /> {label}
    </label>
  );

  return (
    <>
      <div className="page-head">
        <h1>{camera ? `Edit ${camera.name}` : 'Add camera'}</h1>
        {camera ? <Link to={`/cameras/${encodeURIComponent(camera.id)}`}>Back to the camera</Link> : <Link to="/">Back to cameras</Link>}
      </div>
      {above}
      {/* noValidate: the server's messages (which name the field) are the ones shown. */}
      <form className="camera-form" onSubmit={(e) => void submit(e)} noValidate>
        {error ? (
          <p className="notice notice-error" role="alert" id={`${id}-error`} tabIndex={-1} data-testid="form-error">
            {error}
          </p>
        ) : null}
        <fieldset>
          <legend>Camera</legend>
          {input('name', 'Name', { autoComplete: 'off' })}
          {camera ? null : input('id', 'Id (optional)', { autoComplete: 'off', placeholder: 'made from the name' }, 'Lower-case letters, digits, - and _.')}
          <div className="row wrap">
            {check('enabled', 'Enabled')}
            {check('record_enabled', 'Record')}
          </div>
        </fieldset>
        <fieldset disabled={streamLocked}>
          <legend>Stream</legend>
          {streamLocked ? <p className="hint">Only an admin can change where the stream comes from and its credentials.</p> : null}
          <div className="row wrap" role="radiogroup" aria-label="How the stream is given">
            <label className="inline">
              <input type="radio" name="source" checked={form.source === 'url'} onChange={() => set('source', 'url')} /> Stream URL
            </label>
            <label className="inline">
              <input type="radio" name="source" checked={form.source === 'address'} onChange={() => set('source', 'address')} /> Address, port and path
            </label>
          </div>
          {form.source === 'url' ? (
            input('stream_url', 'Stream URL', { placeholder: 'rtsp://192.168.1.20:554/stream1', autoComplete: 'off' }, camera?.stream_url ? 'The password in it is shown masked; leave the URL as it is to keep it.' : undefined)
          ) : (
            <div className="row wrap">
              {input('address', 'Address', { placeholder: '192.168.1.20', autoComplete: 'off' })}
              {input('port', 'Port', { inputMode: 'numeric', className: 'short' })}
              {input('path', 'Path', { placeholder: '/Streaming/Channels/101', autoComplete: 'off' })}
            </div>
          )}
          <div className="row wrap">
            {input('username', 'User name', { autoComplete: 'off' })}
            {input('password', 'Password', { type: 'password', autoComplete: 'new-password', placeholder: camera?.password_set ? '(unchanged)' : '' }, 'Write-only: never shown again.')}
          </div>
          {camera?.password_set ? check('clear_password', 'Remove the stored password') : null}
          {input('sub_stream_url', 'Sub-stream URL (for detection)', { autoComplete: 'off' })}
          {input(
            'onvif_url',
            'ONVIF device URL (optional)',
            { placeholder: 'http://192.168.1.20/onvif/device_service', autoComplete: 'off' },
            'For PTZ and the camera\'s own events; the user name and password above are used.',
          )}
        </fieldset>
        <fieldset>
          <legend>Recording</legend>
          <div className="field">
            <label htmlFor={`${id}-record_mode`}>Record mode</label>
            <select id={`${id}-record_mode`} name="record_mode" value={form.record_mode} onChange={(e) => set('record_mode', e.target.value as RecordMode | '')}>
              {camera ? null : <option value="">Default (from the settings)</option>}
              {RECORD_MODES.map((m) => (
                <option key={m} value={m}>
                  {MODE_LABEL[m]}
                </option>
              ))}
            </select>
          </div>
          <div className="row wrap">
            {input('segment_seconds', 'Segment length (s)', { inputMode: 'numeric', className: 'short', placeholder: 'default' })}
            {input('pre_roll_seconds', 'Pre-roll (s)', { inputMode: 'numeric', className: 'short', placeholder: 'default' }, eventMode ? 'Kept from before a trigger.' : 'Used in event modes.')}
            {input('post_roll_seconds', 'Post-roll (s)', { inputMode: 'numeric', className: 'short', placeholder: 'default' }, 'Recorded after the last trigger.')}
            {input(
              'retention_days',
              'Retention (days)',
              { inputMode: 'numeric', className: 'short', placeholder: camera ? 'keep' : 'default' },
              camera ? 'Empty: kept until space is needed.' : 'Empty: the default from the settings (none: kept until space is needed).',
            )}
            {input(
              'retention_max_gib',
              'Storage budget (GiB)',
              { inputMode: 'decimal', className: 'short', placeholder: 'none' },
              "The oldest footage not held by an incident is deleted beyond this. Empty: no budget of the camera's own.",
            )}
            {input('detect_fps', 'Detection fps', { inputMode: 'decimal', className: 'short', placeholder: camera ? 'off' : 'default' })}
          </div>
          <div className="row wrap">
            {check('record_audio', 'Record audio')}
            {check('mirror_enabled', 'Mirror to the second volume')}
          </div>
        </fieldset>
        <OnvifTriggerFields
          idPrefix={id}
          known={form.onvif_topics}
          other={form.onvif_topics_other}
          onKnown={(t) => set('onvif_topics', t)}
          onOther={(t) => set('onvif_topics_other', t)}
          hasOnvif={form.onvif_url.trim() !== ''}
        />
        {scheduled ? <ScheduleEditor value={windows} onChange={setWindows} /> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : camera ? 'Save changes' : 'Add camera'}
          </button>
          {camera && can(ROLES_FOR.addCameras) ? (
            deleting === null ? (
              <button type="button" className="danger" onClick={() => setDeleting('ask')}>
                Delete camera…
              </button>
            ) : (
              <span className="confirm" role="group" aria-label="Confirm deletion">
                {deleting === 'purge' ? (
                  <button type="button" className="danger" onClick={() => void remove(true)}>
                    Delete with all its recordings
                  </button>
                ) : (
                  <button type="button" className="danger" onClick={() => void remove(false)}>
                    Yes, delete {camera.name}
                  </button>
                )}
                <button type="button" onClick={() => setDeleting(null)}>
                  Cancel
                </button>
              </span>
            )
          ) : null}
        </div>
      </form>
    </>
  );
}
