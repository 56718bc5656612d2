import type { CameraRecordMode } from '../config-types.js';
import type { RecordMode } from '../db/schema.js';

/**
 * What a camera created without these fields gets. The kernel hands in the settings in effect
 * (HELDAR_CAMERA_* or their run-time values, PUT /api/settings), read at each creation so a change
 * applies to the next camera at once; cameras already configured keep their values.
 */
export interface CameraDefaults {
  readonly cameraSegmentSeconds: number;
  readonly cameraRecordMode: CameraRecordMode;
  readonly cameraPreRollSeconds: number;
  readonly cameraPostRollSeconds: number;
  readonly cameraRetentionDays: number | null;
  readonly cameraDetectFps: number | null;
}

/** The defaults without any setting: the variables' own defaults. */
export const BUILT_IN_CAMERA_DEFAULTS: CameraDefaults = Object.freeze({
  cameraSegmentSeconds: 10,
  cameraRecordMode: 'continuous',
  cameraPreRollSeconds: 5,
  cameraPostRollSeconds: 30,
  cameraRetentionDays: null,
  cameraDetectFps: null,
});

// The configuration's record modes and the database's are one list: a mode added to one only is a compile error.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const recordModesAgree: Same<CameraRecordMode, RecordMode> = true;
void recordModesAgree;
