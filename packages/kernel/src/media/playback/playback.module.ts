import type { FeatureModule, KernelContext } from '../../feature-module.js';

/** timeline, HLS playback sessions, /media/playback (issue: playback and export). */
export type PlaybackModule = FeatureModule;

export function createPlaybackModule(_ctx: KernelContext): PlaybackModule {
  return {};
}
