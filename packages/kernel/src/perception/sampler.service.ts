import { ServiceUnavailable, Conflict } from '../errors.js';
import { toRfc3339, toRfc3339OrNull } from '../time.js';
import type { Frame, FrameHub } from './frame-hub.js';
import type { SamplerManager } from './sampler-manager.js';
import type { WorkerHub } from './worker-hub.js';

/** Read side of the samplers for the API: snapshots and status. */
export class SamplerService {
  constructor(
    private readonly samplers: SamplerManager,
    private readonly frames: FrameHub,
    private readonly workers: WorkerHub,
    private readonly requireCamera: (id: string) => Promise<unknown>,
  ) {}

  async snapshot(cameraId: string): Promise<Frame> {
    await this.requireCamera(cameraId);
    if (!this.samplers.isSampled(cameraId)) {
      throw new Conflict(`camera ${cameraId} has no frame sampler: set its detect_fps (and enable it) to sample frames`);
    }
    const frame = this.frames.latest(cameraId);
    if (!frame) throw new ServiceUnavailable(`camera ${cameraId} has no frame yet; its sampler is ${this.samplers.status(cameraId)?.state ?? 'starting'}`);
    return frame;
  }

  async status(cameraId: string) {
    await this.requireCamera(cameraId);
    const s = this.samplers.status(cameraId);
    const latest = this.frames.latest(cameraId);
    const common = {
      camera_id: cameraId,
      frames_dropped: this.workers.droppedFor(cameraId),
      last_frame_id: latest?.id ?? null,
      workers: this.workers.workersOf(cameraId),
    };
    if (!s) {
      return {
        ...common,
        state: 'off' as const,
        source: null,
        fps: null,
        measured_fps: null,
        width: null,
        frame_width: null,
        frame_height: null,
        pid: null,
        since: null,
        restarts: 0,
        last_error: null,
        frames: this.frames.framesOf(cameraId),
        last_frame_at: null,
      };
    }
    return {
      ...common,
      state: s.state,
      source: s.source,
      fps: s.fps,
      measured_fps: s.measured_fps,
      width: s.width,
      frame_width: s.frame_width,
      frame_height: s.frame_height,
      pid: s.pid,
      since: toRfc3339(s.since),
      restarts: s.restarts,
      last_error: s.last_error,
      frames: s.frames,
      last_frame_at: toRfc3339OrNull(s.last_frame_at),
    };
  }
}
