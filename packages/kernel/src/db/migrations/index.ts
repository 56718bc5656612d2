import type { Migration } from 'kysely';
import { initial } from './2026-11-21T00-initial.js';

/**
 * Every migration, keyed by a timestamp name so they sort in the order they were written. Listed in
 * code (not read from a folder) so the same set runs from `dist/`, from tests and from a bundle.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026-11-21T00-initial': initial,
};
