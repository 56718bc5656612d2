import type { CameraSpec } from '../../src/types.js';

/** Small, quick clips: generation takes a fraction of a second and is cached across runs. */
export const SMALL = { width: 320, height: 240, fps: 25, bitrateKbps: 300, clipSeconds: 3 } satisfies Partial<CameraSpec>;

export function small(name: string, extra: Partial<CameraSpec> = {}): CameraSpec {
  return { name, ...SMALL, ...extra };
}
