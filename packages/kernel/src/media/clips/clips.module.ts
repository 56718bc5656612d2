import type { FeatureModule, KernelContext } from '../../feature-module.js';

/** clip export, signed manifests, /media/clips (issue: playback and export). */
export type ClipsModule = FeatureModule;

export function createClipsModule(_ctx: KernelContext): ClipsModule {
  return {};
}
