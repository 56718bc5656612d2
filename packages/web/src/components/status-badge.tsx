import type { CameraState } from '../api/models';

const LABEL: Record<CameraState, string> = {
  recording: 'Recording',
  connecting: 'Connecting',
  idle: 'Idle',
  error: 'Error',
  offline: 'Offline',
  disabled: 'Disabled',
};

export function StatusBadge({ state }: { state: CameraState | undefined }) {
  if (!state) return <span className="badge badge-unknown">Unknown</span>;
  return (
    <span className={`badge badge-${state}`} data-state={state}>
      {LABEL[state] ?? state}
    </span>
  );
}
