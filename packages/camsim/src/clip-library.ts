import { readFile, unlink } from 'node:fs/promises';
import type { ClipCache } from './clip-cache.js';
import { loadAacClip, loadPcmuClip, loadVideoClip, type AudioClip, type VideoClip } from './media-clip.js';
import type { AudioCodec, VideoPattern } from './types.js';

export interface VideoKey {
  width: number;
  height: number;
  fps: number;
  bitrateKbps: number;
  seconds: number;
  pattern?: VideoPattern;
  label?: string;
  clock?: 'clip' | 'none' | number;
}

/**
 * Packetized clips in memory, one per parameter set, shared by every camera that uses it: 64
 * cameras with the same settings hold one clip, generated and parsed once.
 */
export class ClipLibrary {
  private readonly video = new Map<string, Promise<VideoClip>>();
  private readonly audio = new Map<string, Promise<AudioClip>>();

  constructor(private readonly cache: ClipCache) {}

  videoClip(k: VideoKey): Promise<VideoClip> {
    const id = `${k.width}x${k.height}@${k.fps}/${k.bitrateKbps}/${k.seconds}/${k.pattern ?? 'testsrc2'}/${k.label ?? ''}/${k.clock ?? 'clip'}`;
    return memo(this.video, id, async () => {
      const file = await this.cache.videoFile(k);
      return loadVideoClip(await readFile(file), k);
    });
  }

  /** A clip for one use (not kept): generated, packetized, its file removed. */
  async freshVideoClip(k: VideoKey): Promise<VideoClip> {
    const file = await this.cache.freshVideoFile(k);
    try {
      return loadVideoClip(await readFile(file), k);
    } finally {
      await unlink(file).catch(() => undefined);
    }
  }

  /** Whether clips get a clock overlay (a font was found). */
  get hasFont(): boolean {
    return this.cache.hasFont;
  }

  audioClip(codec: Exclude<AudioCodec, 'none'>, seconds: number): Promise<AudioClip> {
    return memo(this.audio, `${codec}/${seconds}`, async () => {
      const data = await readFile(await this.cache.audioFile({ codec, seconds }));
      return codec === 'aac' ? loadAacClip(data) : loadPcmuClip(data);
    });
  }
}

function memo<T>(map: Map<string, Promise<T>>, id: string, load: () => Promise<T>): Promise<T> {
  let p = map.get(id);
  if (p === undefined) {
    p = load();
    map.set(id, p);
    // Forget failures so a later call can retry.
    p.catch(() => map.delete(id));
  }
  return p;
}
