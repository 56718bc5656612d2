import type { ModuleRow, ModulesTable } from '../../db/schema.js';

/**
 * A module's manifest as the kernel works with it: the event kinds it consumes as a list. The catalog
 * repository is the only place that sees the stored JSON text.
 */
export type CatalogModule = Omit<ModuleRow, 'consumes'> & { consumes: string[] };

export function catalogModuleFromRow(row: ModuleRow): CatalogModule {
  return { ...row, consumes: JSON.parse(row.consumes) as string[] };
}

export function catalogModuleRow(module: CatalogModule): ModulesTable {
  return { ...module, consumes: JSON.stringify(module.consumes) };
}
