import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audioClipArgs, videoClipArgs, type AudioClipParams, type VideoClipParams } from './clip-args.js';
import { runProcess, type RunProcess } from './run-process.js';

/** Bump when the generation recipe changes so stale cached clips are not reused. */
const RECIPE_VERSION = 1;

export const DEFAULT_CACHE_DIR = join(tmpdir(), 'heldar-camsim-cache');

const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/TTF/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf',
  '/usr/share/fonts/truetype/freefont/FreeMono.ttf',
  '/System/Library/Fonts/Menlo.ttc',
];

export function findFont(exists: (p: string) => boolean = existsSync): string | undefined {
  return FONT_CANDIDATES.find((p) => exists(p));
}

export interface ClipCacheOptions {
  cacheDir?: string;
  ffmpeg?: string;
  run?: RunProcess;
  /** Font for the running clock; found on the system when omitted, `null` for none. */
  fontFile?: string | null;
  log?: (message: string) => void;
}

export type VideoRequest = Omit<VideoClipParams, 'fontFile'>;

/**
 * Generates clips with ffmpeg once and keeps them on disk, keyed by every generation parameter.
 * Several processes may share the directory: each writes to a private temp name and renames it
 * into place, so a reader only ever sees a complete file and concurrent generators just race to
 * an identical result.
 */
export class ClipCache {
  readonly dir: string;
  private readonly ffmpeg: string;
  private readonly run: RunProcess;
  private fontFile: string | undefined;
  private readonly log: (message: string) => void;
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(opts: ClipCacheOptions = {}) {
    this.dir = opts.cacheDir ?? DEFAULT_CACHE_DIR;
    this.ffmpeg = opts.ffmpeg ?? 'ffmpeg';
    this.run = opts.run ?? runProcess;
    this.fontFile = opts.fontFile === null ? undefined : (opts.fontFile ?? findFont());
    this.log = opts.log ?? (() => undefined);
  }

  /** Path of an Annex B H.264 clip with these parameters, generating it if needed. */
  videoFile(p: VideoRequest): Promise<string> {
    // The font is deliberately not in the key: the clock overlay is cosmetic.
    const name = `video-${p.width}x${p.height}-${p.fps}fps-${p.bitrateKbps}k-${p.seconds}s-${keyHash(p)}.h264`;
    return this.ensure(name, async (tmp) => {
      const withFont = { ...p, fontFile: this.fontFile };
      try {
        await this.run(this.ffmpeg, videoClipArgs(withFont, tmp));
      } catch (e: unknown) {
        if (withFont.fontFile === undefined) throw e;
        // drawtext may be missing from this ffmpeg build or the font unreadable: go on without the clock.
        this.log(`clip generation with a clock overlay failed, retrying without: ${errorText(e)}`);
        this.fontFile = undefined;
        await this.run(this.ffmpeg, videoClipArgs({ ...p, fontFile: undefined }, tmp));
      }
    });
  }

  /**
   * A clip made for one use (a wall-clock overlay is never shown twice): generated under a private
   * temporary name outside the cache; the caller removes it once loaded. Needs the font.
   */
  async freshVideoFile(p: VideoRequest): Promise<string> {
    if (this.fontFile === undefined) throw new Error('no font for the clock overlay');
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `fresh-${process.pid}-${randomBytes(6).toString('hex')}.h264`);
    try {
      await this.run(this.ffmpeg, videoClipArgs({ ...p, fontFile: this.fontFile }, tmp));
      if (!(await nonEmptyFile(tmp))) throw new Error('ffmpeg wrote no data');
      return tmp;
    } catch (e: unknown) {
      await unlink(tmp).catch(() => undefined);
      throw new Error('generating a wall-clock clip failed', { cause: e });
    }
  }

  /** Whether clips get a clock (a font was found and drawtext works). */
  get hasFont(): boolean {
    return this.fontFile !== undefined;
  }

  /** Path of an ADTS AAC (`.aac`) or raw µ-law (`.ul`) clip. */
  audioFile(p: AudioClipParams): Promise<string> {
    const ext = p.codec === 'aac' ? 'aac' : 'ul';
    const name = `audio-${p.codec}-${p.seconds}s-${keyHash(p)}.${ext}`;
    return this.ensure(name, (tmp) => this.run(this.ffmpeg, audioClipArgs(p, tmp)));
  }

  private ensure(name: string, generate: (tmp: string) => Promise<void>): Promise<string> {
    const existing = this.inFlight.get(name);
    if (existing !== undefined) return existing;
    const p = this.generateOnce(name, generate);
    this.inFlight.set(name, p);
    // A failed generation may be retried later; a finished one is found on disk from now on.
    p.catch(() => this.inFlight.delete(name));
    return p;
  }

  private async generateOnce(name: string, generate: (tmp: string) => Promise<void>): Promise<string> {
    const final = join(this.dir, name);
    if (await nonEmptyFile(final)) return final;
    await mkdir(this.dir, { recursive: true });
    const tmp = `${final}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const started = Date.now();
    try {
      await generate(tmp);
      if (!(await nonEmptyFile(tmp))) throw new Error('ffmpeg wrote no data');
      await rename(tmp, final);
    } catch (e: unknown) {
      await unlink(tmp).catch((u: unknown) => {
        // Usually ENOENT: ffmpeg failed before creating the file. Nothing else to clean up.
        if (!isNotFound(u)) this.log(`could not remove ${tmp}: ${errorText(u)}`);
      });
      throw new Error(`generating clip ${name} failed`, { cause: e });
    }
    this.log(`generated ${name} in ${Date.now() - started} ms`);
    return final;
  }
}

function keyHash(p: object): string {
  const canonical = Object.entries({ recipe: RECIPE_VERSION, ...p }).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(JSON.stringify(canonical))
    .digest('hex')
    .slice(0, 10);
}

async function nonEmptyFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch (e: unknown) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

function isNotFound(e: unknown): boolean {
  return e instanceof Error && 'code' in e && e.code === 'ENOENT';
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
