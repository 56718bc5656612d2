import type { CameraRow, CameraUpdate, NewCameraRow } from '../db/schema.js';

/** The camera columns stored as 0/1 (SQLite has no boolean type); everywhere else they are booleans. */
const FLAGS = ['enabled', 'record_enabled', 'record_audio', 'mirror_enabled'] as const;
type Flag = (typeof FLAGS)[number];

/**
 * A camera as the kernel works with it: the stored row with real booleans. The camera repository is
 * the only place that sees the stored 0/1 form; the password is here (the recorder needs it) and is
 * never sent to a client (camera.mapper.ts builds the API shape).
 */
export type Camera = Omit<CameraRow, Flag> & Record<Flag, boolean>;
export type NewCamera = Omit<NewCameraRow, Flag> & Record<Flag, boolean>;
export type CameraChanges = Omit<CameraUpdate, Flag> & Partial<Record<Flag, boolean>>;

export function cameraFromRow(row: CameraRow): Camera {
  return { ...row, enabled: row.enabled === 1, record_enabled: row.record_enabled === 1, record_audio: row.record_audio === 1, mirror_enabled: row.mirror_enabled === 1 };
}

export function newCameraRow(camera: NewCamera): NewCameraRow {
  return { ...camera, ...storedFlags(camera) } as NewCameraRow;
}

export function cameraUpdateRow(changes: CameraChanges): CameraUpdate {
  return { ...changes, ...storedFlags(changes) } as CameraUpdate;
}

function storedFlags(values: Partial<Record<Flag, boolean>>): Partial<Record<Flag, number>> {
  const stored: Partial<Record<Flag, number>> = {};
  for (const flag of FLAGS) {
    const value = values[flag];
    if (value !== undefined) stored[flag] = value ? 1 : 0;
  }
  return stored;
}
