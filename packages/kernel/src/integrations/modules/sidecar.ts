import type { ModuleSidecarRow, ModuleSidecarsTable } from '../../db/schema.js';
import type { NavigationEntry } from './module.schemas.js';

/** A module registered as a sidecar: where it runs and what Heldar issued it. */
export type Sidecar = Omit<ModuleSidecarRow, 'navigation'> & { navigation: NavigationEntry[] };

export function sidecarFromRow(row: ModuleSidecarRow): Sidecar {
  return { ...row, navigation: JSON.parse(row.navigation) as NavigationEntry[] };
}

export function sidecarRow(sidecar: Sidecar): ModuleSidecarsTable {
  return { ...sidecar, navigation: JSON.stringify(sidecar.navigation) };
}
