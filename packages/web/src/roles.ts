import type { Role } from './api/models';

/**
 * The least role each control needs, mirroring the kernel's route access (docs/security.md): GETs are
 * for viewers, playback too; changes to cameras, triggers, exports, zones and incidents for operators;
 * users and API keys for admins. The server enforces it; the UI only hides what would be refused.
 */
export const ROLES_FOR = {
  /** Adding or deleting a camera, and changing where its stream comes from (its credentials go there). */
  addCameras: 'admin',
  editStream: 'admin',
  /** Recording settings: mode, rolls, retention, schedules. */
  editCameras: 'operator',
  trigger: 'operator',
  /** Probing an added camera with its stored credentials (POST /api/cameras/:id/test). */
  testCamera: 'operator',
  /** PTZ moves and presets (the camera's ONVIF device). */
  ptz: 'operator',
  playback: 'viewer',
  export: 'operator',
  editZones: 'operator',
  incidents: 'operator',
  users: 'admin',
  keys: 'admin',
  audit: 'admin',
  /** The System page: volumes, forecasts, disk health and the run-time settings. */
  system: 'admin',
  /** Webhooks send event data out of the site; module sidecars get keys. */
  integrations: 'admin',
  /** Draining and resuming a node (the Nodes page). */
  nodes: 'admin',
} as const satisfies Record<string, Role>;
