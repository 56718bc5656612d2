import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { FragmentSequencer, indexFragmentRange, rewriteMoof } from '../../mp4/index.js';
import { cutLastFragment, expectIndexedFragments, type PartPlan, type SourceFragment } from './clip-plan.js';
import { mapConcurrently } from './map-concurrently.js';
import type { SourceFiles } from './source-files.js';

/** A piece of a virtual MP4: bytes in memory (init segment, rewritten moofs), or a range of a recorded file (media). */
export type LayoutPiece = { readonly bytes: Buffer } | { readonly file: string; readonly offset: number; readonly size: number };

/** An MP4 that exists only as a list of pieces: its size and ETag are known before any media is read. */
export interface FootageLayout {
  readonly pieces: readonly LayoutPiece[];
  readonly size: number;
  /** Strong: the bytes depend only on the source segments (which never change) and the plan. */
  readonly etag: string;
  /** Wall-clock span of the footage: from the keyframe at or before the requested start, to the requested end. */
  readonly fromMs: number;
  readonly toMs: number;
}

const MOOF_READ_CONCURRENCY = 8;

// Bump when the bytes a plan produces change (moof rewriting, trimming), so old ETags stop matching.
const LAYOUT_VERSION = 1;

/**
 * The MP4 the clip exporter would write for one part (clip-assembler.ts), byte for byte, as a layout:
 * the init segment, then per fragment its rewritten moof (in memory) and its mdat as a range of the
 * recorded file; the last fragment, when cut at the end of the range, is trimmed in memory. Reads only
 * the moofs (one small read per fragment) and, for a cut, one fragment — never the rest of the media.
 */
export async function layoutPart(part: PartPlan, files: SourceFiles): Promise<FootageLayout> {
  const first = part.files[0];
  if (first === undefined) throw new Error('a clip part needs at least one file');
  // The moofs of several files are read at once (a small read per fragment); the rewrites then run in order.
  const moofs = await mapConcurrently(part.files, MOOF_READ_CONCURRENCY, async (plan) => {
    const { index, segment } = plan.source;
    const from = index.fragments[plan.first] as SourceFragment;
    const last = index.fragments[plan.last] as SourceFragment;
    const handle = await open(segment.file, 'r');
    try {
      const found = await indexFragmentRange(handle, index.init, from.offset, last.offset + last.size);
      expectIndexedFragments(plan.source, found, plan.first, plan.last);
      return found;
    } finally {
      await handle.close();
    }
  });
  const pieces: LayoutPiece[] = [{ bytes: first.source.init }];
  const sequencer = new FragmentSequencer();
  for (const [k, plan] of part.files.entries()) {
    const { index, segment } = plan.source;
    sequencer.beginFile(index.init);
    for (const [n, f] of (moofs[k] ?? []).entries()) {
      let moof = f.moofBytes;
      let media: LayoutPiece = { file: segment.file, offset: f.mdat.offset, size: f.mdat.size };
      // Only a cut needs the media bytes of a fragment.
      if (plan.first + n === plan.last && plan.cut) {
        const trimmed = cutLastFragment(plan, moof, await readRange(files, segment.file, f.mdat.offset, f.mdat.size));
        if (trimmed) {
          moof = trimmed.moof;
          media = { bytes: trimmed.mdat };
        }
      }
      pieces.push({ bytes: rewriteMoof(moof, sequencer.next(f)) }, media);
    }
  }
  const size = pieces.reduce((n, p) => n + ('bytes' in p ? p.bytes.length : p.size), 0);
  return { pieces, size, etag: etagOf(part), fromMs: part.fromMs, toMs: part.toMs };
}

function etagOf(part: PartPlan): string {
  const plan = part.files.map((f) => [f.source.segment.id, f.source.index.fileSize, f.first, f.last, f.cut ? [...f.cut] : null]);
  const digest = createHash('sha256').update(JSON.stringify([LAYOUT_VERSION, plan])).digest('hex');
  return `"fv${LAYOUT_VERSION}-${digest.slice(0, 32)}"`;
}

async function readRange(files: SourceFiles, file: string, position: number, length: number): Promise<Buffer> {
  const handle = await files.open(file);
  try {
    return await handle.read(position, length);
  } finally {
    await handle.close();
  }
}
