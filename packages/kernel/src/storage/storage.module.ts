import type { FeatureModule, KernelContext } from '../feature-module.js';

/** retention, incidents, storage usage (issue: storage). */
export type StorageModule = FeatureModule;

export function createStorageModule(_ctx: KernelContext): StorageModule {
  return {};
}
