import type { Migration } from 'kysely';
import { initial } from './2026-11-21T00-initial.js';
import { auth } from './2026-11-21T01-auth.js';
import { storage } from './2026-11-21T02-storage.js';
import { playback } from './2026-11-21T03-playback.js';
import { clips } from './2026-11-21T04-clips.js';
import { perception } from './2026-11-21T05-perception.js';
import { repairCameraNumbers } from './2026-12-02T00-repair-camera-numbers.js';
import { settings } from './2026-12-03T01-settings.js';
import { webhooks } from './2026-12-03T02-webhooks.js';
import { observability } from './2026-12-03T03-observability.js';
import { integrationSecrets } from './2026-12-03T04-integration-secrets.js';
import { onvif } from './2026-12-04T01-onvif.js';
import { backup } from './2026-12-04T03-backup.js';
import { archivesBackfill } from './2026-12-04T04-archives-backfill.js';
import { nodes } from './2026-12-05T01-nodes.js';
import { loginAttempts } from './2026-12-05T02-login-attempts.js';

/**
 * Every migration, keyed by a timestamp name so they sort in the order they were written. Listed in
 * code (not read from a folder) so the same set runs from `dist/`, from tests and from a bundle.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026-11-21T00-initial': initial,
  '2026-11-21T01-auth': auth,
  '2026-11-21T02-storage': storage,
  '2026-11-21T03-playback': playback,
  '2026-11-21T04-clips': clips,
  '2026-11-21T05-perception': perception,
  '2026-12-02T00-repair-camera-numbers': repairCameraNumbers,
  '2026-12-03T01-settings': settings,
  '2026-12-03T02-webhooks': webhooks,
  '2026-12-03T03-observability': observability,
  '2026-12-03T04-integration-secrets': integrationSecrets,
  '2026-12-04T01-onvif': onvif,
  '2026-12-04T03-backup': backup,
  '2026-12-04T04-archives-backfill': archivesBackfill,
  '2026-12-05T01-nodes': nodes,
  '2026-12-05T02-login-attempts': loginAttempts,
};
