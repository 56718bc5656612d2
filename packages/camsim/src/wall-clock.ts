import type { Clock } from './clock.js';
import type { VideoClip } from './media-clip.js';

/** What the feeder needs of a camera (Camera implements it). */
export interface WallClockCamera {
  readonly name: string;
  keyframeAtOrAfter(monoMs: number): number;
  wallAt(monoMs: number): number;
  showNext(clip: VideoClip): void;
}

/** How far ahead a clip is made: encoding one takes about a second on a small machine, often less. */
export const LEAD_MS = 6_000;
/** How long before its first keyframe a clip is handed to the camera (switches wait for a keyframe). */
const HAND_OVER_MS = 400;

/**
 * A real wall-clock overlay on a camera whose picture is a looped, pre-encoded clip: one clip per
 * stretch of `clipMs`, each made for the instant its first frame will be shown (drawtext's
 * `pts:localtime` from that instant), switched in at exactly that keyframe. The next stretch's clip
 * is made while the current one plays. If one is late, the camera keeps its current clip (its clock
 * then repeats a stretch) until the next in-time clip: a loaded machine shows a stale second rather
 * than no picture.
 */
export class WallClockFeeder {
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly camera: WallClockCamera,
    private readonly make: (firstFrameWallMs: number) => Promise<VideoClip>,
    private readonly clock: Clock,
    private readonly clipMs: number,
    private readonly log: (message: string) => void,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    let at = this.camera.keyframeAtOrAfter(this.clock.now() + LEAD_MS);
    while (!this.stopped) {
      let clip: VideoClip;
      try {
        clip = await this.make(this.camera.wallAt(at));
      } catch (e: unknown) {
        this.log(`camera ${this.camera.name}: wall-clock clip failed, the clip clock stays: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      if (this.stopped) return;
      const handOver = at - HAND_OVER_MS;
      if (this.clock.now() > handOver) {
        // Made too late for its keyframe: aim further ahead instead of showing a wrong time.
        at = this.camera.keyframeAtOrAfter(this.clock.now() + LEAD_MS);
        continue;
      }
      await this.sleep(handOver - this.clock.now());
      if (this.stopped) return;
      this.camera.showNext(clip);
      at += this.clipMs;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, Math.max(0, ms));
    });
  }
}
