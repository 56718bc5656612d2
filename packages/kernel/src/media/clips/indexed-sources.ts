import { Fmp4FormatError, Fmp4UnsupportedError, parseInitSegment, type FragmentIndex, type FragmentIndexRecord, type InitInfo } from '../../mp4/index.js';
import { abortable } from './clip-assembler.js';
import type { IndexedSource, SourceIndex, SourceSegment } from './clip-plan.js';
import { codecConfigKey } from './init-compat.js';
import { mapConcurrently } from './map-concurrently.js';
import type { SourceFiles } from './source-files.js';

const INDEX_CONCURRENCY = 8;

/** The error of a source that is not a fragmented MP4 Heldar can assemble from (ffmpeg may still read it). */
export const isUnusableMp4 = (e: unknown): boolean => e instanceof Fmp4FormatError || e instanceof Fmp4UnsupportedError;

/**
 * Layout, init segment and codec key of every source, for planning a clip or a download: one small
 * read per file (its init segment) when the recorder stored the file's fragment index, else one per moof
 * too. Several files at once keep the disk busy instead of waiting on each read in turn.
 * @throws Fmp4FormatError / Fmp4UnsupportedError (isUnusableMp4) when a source cannot be assembled in-process.
 */
export async function indexSources(sources: readonly SourceSegment[], files: SourceFiles, signal: AbortSignal): Promise<IndexedSource[]> {
  return mapConcurrently(sources, INDEX_CONCURRENCY, async (segment) => {
    const parsed = segment.stored ? undefined : await abortable(files.index(segment.file), signal);
    const initSize = segment.stored?.initSize ?? (parsed as FragmentIndex).init.range.size;
    const handle = await abortable(files.open(segment.file), signal);
    let init: Buffer;
    try {
      init = await abortable(handle.read(0, initSize), signal);
    } finally {
      await handle.close();
    }
    const index = parsed ?? fromStoredIndex(segment.stored as FragmentIndexRecord, parseInitSegment(init));
    return { segment, index, init, configKey: codecConfigKey(init) };
  });
}

/** A source's layout from the index the recorder stored, and its init segment parsed. */
function fromStoredIndex(stored: FragmentIndexRecord, init: InitInfo): SourceIndex {
  const msPerTick = 1000 / stored.timescale;
  return {
    init,
    fileSize: stored.fileSize,
    fragments: stored.fragments.map((f) => ({ offset: f.offset, size: f.size, keyframe: f.keyframe, startMs: f.decodeTime * msPerTick, durationMs: f.duration * msPerTick })),
  };
}
