import type { FeatureModule, KernelContext } from '../feature-module.js';

/** sampler, workers, detections, zones, modules (issue: perception). */
export type PerceptionModule = FeatureModule;

export function createPerceptionModule(_ctx: KernelContext): PerceptionModule {
  return {};
}
