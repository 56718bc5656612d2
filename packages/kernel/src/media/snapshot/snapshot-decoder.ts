import type { Logger } from 'pino';
import { FfmpegProcess } from '../../ffmpeg/ffmpeg-process.js';
import { buildSnapshotArgs } from './snapshot-args.js';

export interface SnapshotDecoderDeps {
  ffmpegBin: string;
  /** Runs ffmpeg under e.g. `setpriv --pdeathsig` so it cannot outlive Heldar. */
  processPrefix: readonly string[];
  logger: Logger;
  /** A decode that takes longer is killed (a one-GOP decode takes tens of milliseconds). */
  timeoutMs: number;
  /** Decodes running at once; more wait their turn (a timeline hover can ask for dozens). */
  maxConcurrent: number;
}

/** Decodes one frame (by its place in presentation order) of an in-memory MP4 (init segment + one keyframe-led fragment) to a JPEG with ffmpeg. */
export class SnapshotDecoder {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly deps: SnapshotDecoderDeps) {}

  /** @throws Error with ffmpeg's last error when it fails, times out or writes no picture. */
  async decode(mp4: Buffer, frameIndex: number): Promise<Buffer> {
    // A finished decode hands its slot straight to the next waiter, so a new caller cannot slip in between.
    if (this.running < this.deps.maxConcurrent) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await this.run(mp4, frameIndex);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  private async run(mp4: Buffer, frameIndex: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const proc = new FfmpegProcess({
      bin: this.deps.ffmpegBin,
      args: buildSnapshotArgs({ frameIndex }),
      // Input and output are pipes: nothing to mask.
      redact: (text) => text,
      name: 'ffmpeg-snapshot',
      prefix: this.deps.processPrefix,
      logger: this.deps.logger,
      stdinData: mp4,
      onStdoutData: (chunk) => chunks.push(chunk),
      timeoutMs: this.deps.timeoutMs,
      // stdin carries the media, not a `q`; a snapshot has nothing to finish.
      stopMode: 'kill',
    }).start();
    const exit = await proc.exited;
    const jpeg = Buffer.concat(chunks);
    if (exit.reason !== 'exited' || !isJpeg(jpeg)) {
      const why = exit.error?.message ?? (exit.stderrTail.trim() || 'no picture written');
      throw new Error(`snapshot decode failed: ${why}`, { cause: exit.error });
    }
    return jpeg;
  }
}

/** SOI marker: a JPEG starts with FF D8 FF. */
export function isJpeg(bytes: Buffer): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}
