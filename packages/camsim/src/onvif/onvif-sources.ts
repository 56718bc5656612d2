import type { ResolvedCameraSpec } from '../camera-spec.js';
import type { OnvifSource } from './device-context.js';

/**
 * The simulator's cameras as ONVIF video sources. A camera named `<name>-sub` is the sub stream of
 * `<name>` (its sub profile) rather than a source of its own; without one the sub profile streams
 * the main picture, as some single-stream cameras do.
 */
export function onvifSources(specs: readonly ResolvedCameraSpec[], rtspUrl: (name: string) => string): OnvifSource[] {
  const byName = new Map(specs.map((s) => [s.name, s]));
  return specs
    .filter((s) => !(s.name.endsWith('-sub') && byName.has(s.name.slice(0, -'-sub'.length))))
    .map((s) => {
      const sub = byName.get(`${s.name}-sub`) ?? s;
      return {
        name: s.name,
        width: s.width,
        height: s.height,
        fps: s.fps,
        bitrateKbps: s.bitrateKbps,
        audio: s.audio,
        mainUrl: rtspUrl(s.name),
        sub: { url: rtspUrl(sub.name), width: sub.width, height: sub.height, fps: sub.fps, bitrateKbps: sub.bitrateKbps },
      };
    });
}
