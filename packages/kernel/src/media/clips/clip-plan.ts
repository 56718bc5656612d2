import { Fmp4FormatError, type Fragment, type FragmentIndexRecord, type InitInfo } from '../../mp4/index.js';
import { trimFragment, type TrimmedFragment } from './fragment-trim.js';

/** A recorded segment as export needs it: index row facts plus the absolute path of its file. */
export interface SourceSegment {
  id: number;
  /** Relative to the recordings root (what the manifest lists). */
  path: string;
  /** Absolute, resolved under the recordings root. */
  file: string;
  start_ms: number;
  end_ms: number;
  /** The fragment index the recorder stored for the file, when there is one. */
  stored?: FragmentIndexRecord;
}

/** A fragment as planning and copying need it: its byte range (tiling the file) and its timing. */
export interface SourceFragment {
  offset: number;
  size: number;
  keyframe: boolean;
  /** Reference-track start and duration within the file; 0 ms for a trailing audio-only fragment. */
  startMs: number;
  durationMs: number;
}

/** A source file's layout: parsed init segment, fragments in file order, size. */
export interface SourceIndex {
  init: InitInfo;
  fragments: readonly SourceFragment[];
  fileSize: number;
}

/** A source file read for export: its fragment index, its init segment bytes and their codec key. */
export interface IndexedSource {
  segment: SourceSegment;
  index: SourceIndex;
  init: Buffer;
  /** codecConfigKey(init): files with equal keys can share one init segment. */
  configKey: string;
}

export interface FilePlan {
  source: IndexedSource;
  /** Fragment indexes taken from the file, first..last inclusive. */
  first: number;
  last: number;
  /**
   * When the last fragment runs past the end of the clip: per track, the decode time (track timescale,
   * the file's timeline) at which its samples are cut (fragment-trim.ts).
   */
  cut?: Map<number, number>;
  /** Wall-clock span of the footage taken (ms). */
  fromMs: number;
  toMs: number;
}

/** One output MP4: consecutive files sharing one init segment. */
export interface PartPlan {
  files: FilePlan[];
  fromMs: number;
  toMs: number;
}

/**
 * Chooses the fragments of a clip for [from, to] and splits them into output files.
 *
 * - Keyframe-aligned start: the clip starts with the fragment that contains `from` (every fragment
 *   starts on a keyframe), so up to one GOP before `from` is included — the Rust original's behaviour (docs/reference.md).
 * - Exact end: the fragment that contains `to` is cut at `to` (see fragment-trim.ts) so the clip is
 *   never more than one GOP longer than asked.
 * - The audio-only fragment ffmpeg writes at the end of a file (audio left after the last video frame)
 *   stays with the file's last video fragment.
 * - Overlapping segments (a duplicate recording) never put the same time into the clip twice: after
 *   the first file, a fragment is taken only when its midpoint lies after the footage taken so far.
 * - A new output file starts whenever the codec configuration changes (configKey), because one init
 *   segment describes one configuration.
 *
 * Wall-clock time of a fragment = its segment's start_ms + the fragment's start within the file.
 */
export function planClip(sources: readonly IndexedSource[], from: number, to: number): PartPlan[] {
  const parts: PartPlan[] = [];
  let takenUntil: number | undefined;
  for (const source of sources) {
    const plan = planFile(source, from, to, takenUntil);
    if (plan === null) continue;
    takenUntil = plan.toMs;
    const part = parts.at(-1);
    if (part !== undefined && part.files[0]?.source.configKey === source.configKey) {
      part.files.push(plan);
      part.toMs = plan.toMs;
    } else {
      parts.push({ files: [plan], fromMs: plan.fromMs, toMs: plan.toMs });
    }
  }
  return parts;
}

function planFile(source: IndexedSource, from: number, to: number, takenUntil: number | undefined): FilePlan | null {
  const { fragments } = source.index;
  const base = source.segment.start_ms;
  const startOf = (i: number): number => base + (fragments[i]?.startMs ?? 0);
  const endOf = (i: number): number => startOf(i) + (fragments[i]?.durationMs ?? 0);

  let first = -1;
  let last = -1;
  for (let i = 0; i < fragments.length; i++) {
    const f = fragments[i];
    if (f === undefined || f.durationMs <= 0) continue;
    if (endOf(i) <= from || startOf(i) >= to) continue;
    if (takenUntil !== undefined && startOf(i) + f.durationMs / 2 < takenUntil) continue;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return null;
  // Decoding must begin at a keyframe: back up to one within the file (frag_keyframe makes every
  // fragment one, so this only matters for odd files), else move forward to the next one.
  let start = first;
  while (start >= 0 && fragments[start]?.keyframe !== true) start--;
  if (start < 0 || (takenUntil !== undefined && start !== first)) {
    start = first;
    while (start <= last && fragments[start]?.keyframe !== true) start++;
    if (start > last) return null;
  }
  first = start;

  let cut: Map<number, number> | undefined;
  let toMs = endOf(last);
  if (toMs > to) {
    const offsetMs = to - base;
    cut = new Map(source.index.init.tracks.map((t) => [t.trackId, Math.round((offsetMs * t.timescale) / 1000)]));
    toMs = to;
  } else {
    // Keep the trailing audio-only fragment(s) with the last video fragment they belong to.
    while (last + 1 < fragments.length && fragments[last + 1]?.durationMs === 0) last++;
  }
  return { source, first, last, ...(cut ? { cut } : {}), fromMs: startOf(first), toMs };
}

/**
 * Checks that fragments indexed from a source's bytes (lo, lo + 1, …) are exactly the byte ranges its
 * index lists — otherwise the file is not what was indexed, and copying by the index would be wrong.
 * @throws Fmp4FormatError('bad-fragment')
 */
export function expectIndexedFragments(source: IndexedSource, found: readonly Fragment[], lo: number, hi: number): void {
  const { fragments } = source.index;
  const matches = found.length === hi - lo + 1 && found.every((f, n) => f.offset === fragments[lo + n]?.offset && f.size === fragments[lo + n]?.size);
  if (!matches) {
    const start = fragments[lo]?.offset ?? 0;
    const last = fragments[hi];
    const end = last === undefined ? start : last.offset + last.size;
    throw new Fmp4FormatError('bad-fragment', `${source.segment.path}: bytes ${start}–${end} are not the fragments its index lists (the file changed after it was indexed?)`);
  }
}

/**
 * A file plan's last fragment cut at the clip's end (`plan.cut`, with the file's trex defaults); null
 * when the plan has no cut or the fragment cannot be cut (it is then kept whole).
 */
export function cutLastFragment(plan: FilePlan, moof: Buffer, mdat: Buffer): TrimmedFragment | null {
  if (!plan.cut) return null;
  const { tracks } = plan.source.index.init;
  return trimFragment(moof, mdat, plan.cut, (id) => tracks.find((t) => t.trackId === id)?.defaults);
}
