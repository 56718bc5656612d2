import { startCamsim, type CameraSpec, type Camsim } from '@heldar/camsim';

/** Small, cheap cameras for recorder tests: 320×240, 10 fps, 1 s GOP, ~300 kbit/s. */
export function smallCamera(name: string, extra: Partial<CameraSpec> = {}): CameraSpec {
  return { name, width: 320, height: 240, fps: 10, bitrateKbps: 300, clipSeconds: 4, ...extra };
}

export async function startTestCamsim(cameras: CameraSpec[]): Promise<Camsim> {
  return startCamsim({ cameras });
}
