import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ErrorNotice } from '../components/ui';
import { ptzApi } from './ptz-api';
import './ptz.css';

/** Half speed: fast enough to cross the picture in a few seconds, slow enough to stop where wanted. */
const SPEED = 0.5;

const MOVES = [
  { label: 'Up', glyph: '▲', area: 'up', v: { pan: 0, tilt: SPEED, zoom: 0 } },
  { label: 'Left', glyph: '◀', area: 'left', v: { pan: -SPEED, tilt: 0, zoom: 0 } },
  { label: 'Right', glyph: '▶', area: 'right', v: { pan: SPEED, tilt: 0, zoom: 0 } },
  { label: 'Down', glyph: '▼', area: 'down', v: { pan: 0, tilt: -SPEED, zoom: 0 } },
  { label: 'Zoom in', glyph: '+', area: 'zin', v: { pan: 0, tilt: 0, zoom: SPEED } },
  { label: 'Zoom out', glyph: '−', area: 'zout', v: { pan: 0, tilt: 0, zoom: -SPEED } },
] as const;

/**
 * On-screen PTZ over the live view: hold a button to move (ContinuousMove on pointerdown, Stop on
 * pointerup, leave or cancel — a lost pointer must never leave the camera turning), and a presets
 * menu (go to one, store the current position). Keyboard: Enter/Space held moves as well.
 */
export function PtzControls({ cameraId }: { cameraId: string }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const moving = useRef(false);
  const presets = useQuery({ queryKey: ['ptz-presets', cameraId], queryFn: ({ signal }) => ptzApi.presets(cameraId, signal) });

  const run = (call: () => Promise<unknown>) => {
    call().then(
      () => setError(null),
      (e: unknown) => setError(e),
    );
  };
  const start = (v: { pan: number; tilt: number; zoom: number }) => {
    moving.current = true;
    run(() => ptzApi.move(cameraId, v));
  };
  const stop = () => {
    if (!moving.current) return;
    moving.current = false;
    run(() => ptzApi.stop(cameraId));
  };
  const save = () => {
    const trimmed = name.trim();
    if (trimmed === '') return;
    run(async () => {
      await ptzApi.save(cameraId, trimmed);
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['ptz-presets', cameraId] });
    });
  };

  return (
    <div className="ptz-controls" data-testid="ptz-controls">
      <div className="ptz-pad" role="group" aria-label="Pan, tilt and zoom (hold to move)">
        {MOVES.map((m) => (
          <button
            key={m.area}
            type="button"
            className={`ptz-button ptz-${m.area}`}
            aria-label={m.label}
            title={`${m.label} (hold)`}
            data-testid={`ptz-${m.area}`}
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture?.(e.pointerId);
              start(m.v);
            }}
            onPointerUp={stop}
            onPointerLeave={stop}
            onPointerCancel={stop}
            onKeyDown={(e) => {
              if ((e.key === 'Enter' || e.key === ' ') && !e.repeat) start(m.v);
            }}
            onKeyUp={(e) => {
              if (e.key === 'Enter' || e.key === ' ') stop();
            }}
            onBlur={stop}
          >
            {m.glyph}
          </button>
        ))}
      </div>
      <div className="ptz-presets">
        <select
          aria-label="Go to preset"
          data-testid="ptz-preset-select"
          value=""
          onChange={(e) => {
            const token = e.target.value;
            if (token !== '') run(() => ptzApi.goto(cameraId, token));
          }}
        >
          <option value="">Presets…</option>
          {(presets.data ?? []).map((p) => (
            <option key={p.token} value={p.token}>
              {p.name}
            </option>
          ))}
        </select>
        <input aria-label="New preset name" placeholder="Preset name" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} data-testid="ptz-preset-name" />
        <button type="button" className="small" onClick={save} disabled={name.trim() === ''} data-testid="ptz-preset-save">
          Save position
        </button>
      </div>
      <ErrorNotice error={error ?? presets.error} />
    </div>
  );
}
