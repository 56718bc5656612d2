import type { FeatureModule, KernelContext } from '../feature-module.js';

/** authentication, roles, API keys, audit log (issue: auth). */
export type AuthModule = FeatureModule;

export function createAuthModule(_ctx: KernelContext): AuthModule {
  return {};
}
