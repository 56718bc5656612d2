import { open, type FileHandle } from 'node:fs/promises';
import { type BoxHeader, type TopLevelBox, payloadStart, scanBufferBoxes, scanFileBoxes } from './box-reader.js';
import { Fmp4FormatError } from './fmp4-error.js';
import { type ByteRange, type InitInfo, type TrackDefaults, parseMoov } from './init-segment.js';
import { type ProducerReferenceTime, type TrackFragmentInfo, parseMoof, parsePrft } from './movie-fragment.js';

/** A traf with its decode time resolved (tfdt, or the end of the track's previous fragment). */
export interface TrackFragment extends TrackFragmentInfo {
  readonly decodeTime: number;
}

export interface Fragment {
  /**
   * The fragment's byte range: from right after the previous fragment (or the init segment) through the
   * end of its mdat, so boxes in between (ffmpeg's prft) belong to the fragment they describe and the
   * ranges tile the file. This is the HLS EXT-X-BYTERANGE.
   */
  readonly offset: number;
  readonly size: number;
  readonly moof: ByteRange;
  readonly mdat: ByteRange;
  /** mfhd sequence number (ffmpeg restarts it at 1 in every segment file). */
  readonly sequenceNumber: number;
  readonly tracks: readonly TrackFragment[];
  /** The reference track's first sample is a sync sample. False when the fragment lacks that track. */
  readonly keyframe: boolean;
  /**
   * Reference-track decode time and duration (reference track timescale). A fragment without that track
   * (ffmpeg flushes trailing audio into a last audio-only fragment) gets duration 0 and the time where
   * the previous one ended.
   */
  readonly decodeTime: number;
  readonly duration: number;
  readonly startMs: number;
  readonly durationMs: number;
  /** The prft box written just before this fragment's moof, if any. */
  readonly prft?: ProducerReferenceTime;
}

export interface FragmentIndex {
  readonly init: InitInfo;
  readonly fragments: readonly Fragment[];
  readonly fileSize: number;
  /** The data ends inside a box, or with a moof whose mdat is missing: a cut-off or still-growing file. */
  readonly truncated: boolean;
  /**
   * Bytes after the last complete fragment: a partial fragment when truncated, else trailing boxes such
   * as ffmpeg's mfra. Always init.range.size + Σ fragment sizes + trailingBytes = fileSize.
   */
  readonly trailingBytes: number;
  /** Σ fragment durationMs: the duration of the video track (the prft reference track). */
  readonly durationMs: number;
}

// Everything else at top level (mdat payloads above all) is only stepped over.
const LOADED_BOXES: ReadonlySet<string> = new Set(['ftyp', 'moov', 'moof', 'prft']);

/**
 * Indexes a fragmented MP4 held in memory.
 * @throws Fmp4FormatError when the data is not a fragmented MP4 (see its code); a cut-off tail is not an
 * error but `truncated: true`.
 */
export function indexFragments(buf: Buffer): FragmentIndex {
  const builder = new FragmentIndexBuilder(buf.length);
  for (const box of scanBufferBoxes(buf, LOADED_BOXES)) builder.add(box);
  return builder.finish();
}

/**
 * Indexes a fragmented MP4 file, reading only box headers, the init segment, moofs and prfts (about one
 * small positioned read per fragment). A file still being written is indexed up to its last complete
 * fragment.
 * @throws Fmp4FormatError as indexFragments; fs errors (ENOENT…) pass through.
 */
export async function indexFragmentFile(path: string): Promise<FragmentIndex> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const builder = new FragmentIndexBuilder(size);
    for await (const box of scanFileBoxes(file, size, LOADED_BOXES)) builder.add(box);
    return builder.finish();
  } finally {
    await file.close();
  }
}

/**
 * Indexes whole fragments held in memory, from a file whose init segment was parsed already: `buf`
 * holds the file's bytes from `offset` on, starting where a fragment starts (after the init segment or
 * the previous fragment) and ending where one ends. Clip export reads the fragments it copies anyway;
 * indexing them from those bytes spares it a separate pass over every moof of every file.
 * A fragment without a tfdt gets decode time 0 (ffmpeg always writes one).
 * @throws Fmp4FormatError('bad-fragment') when the bytes do not end with a complete fragment.
 */
export function indexFragmentsAt(init: InitInfo, buf: Buffer, offset: number): Fragment[] {
  const builder = new FragmentIndexBuilder(offset + buf.length);
  builder.continueAfter(init, offset);
  for (const box of scanBufferBoxes(buf, LOADED_BOXES, offset)) builder.add(box);
  return wholeFragments(builder, offset, offset + buf.length);
}

/**
 * Indexes the fragments of an open file from byte `start` to byte `end` (fragment boundaries, e.g.
 * from a stored index), its init segment parsed already: a small read per fragment for its moof,
 * none of the media. What a download of a range needs to rewrite moofs without copying the media.
 * @throws Fmp4FormatError('bad-fragment') as indexFragmentsAt.
 */
export async function indexFragmentRange(file: FileHandle, init: InitInfo, start: number, end: number): Promise<FragmentWithMoof[]> {
  const builder = new FragmentIndexBuilder(end, true);
  builder.continueAfter(init, start);
  for await (const box of scanFileBoxes(file, end, LOADED_BOXES, start)) builder.add(box);
  return wholeFragments(builder, start, end) as FragmentWithMoof[];
}

/** A fragment with its moof box's bytes, as indexFragmentRange returns it. */
export interface FragmentWithMoof extends Fragment {
  readonly moofBytes: Buffer;
}

function wholeFragments(builder: FragmentIndexBuilder, start: number, end: number): Fragment[] {
  const index = builder.finish();
  if (index.truncated || index.trailingBytes !== 0) {
    throw new Fmp4FormatError('bad-fragment', `Bytes ${start}–${end} do not end with a complete fragment.`);
  }
  return [...index.fragments];
}

interface PendingMoof {
  readonly header: BoxHeader;
  readonly data: Buffer;
  readonly trafs: readonly TrackFragmentInfo[];
  readonly sequenceNumber: number;
}

/** Turns the stream of top-level boxes into the index; shared by the buffer and the file paths. */
class FragmentIndexBuilder {
  private ftyp: Buffer | undefined;
  private init: InitInfo | undefined;
  private readonly defaults = new Map<number, TrackDefaults>();
  private referenceTimescale = 1;
  private readonly fragments: Fragment[] = [];
  private readonly trackEnds = new Map<number, number>();
  private referenceEnd = 0;
  /** Where the next fragment's byte range starts. */
  private nextStart = 0;
  private prft: ProducerReferenceTime | undefined;
  private moof: PendingMoof | undefined;
  private truncated = false;

  /** @param keepMoofs attach each moof's bytes to its fragment (`moofBytes`) */
  constructor(
    private readonly fileSize: number,
    private readonly keepMoofs = false,
  ) {}

  /** Starts after `init` was met, at file offset `start` (a fragment boundary). */
  continueAfter(init: InitInfo, start: number): void {
    this.init = init;
    this.nextStart = start;
    for (const track of init.tracks) this.defaults.set(track.trackId, track.defaults);
    this.referenceTimescale = init.tracks.find((t) => t.trackId === init.referenceTrackId)?.timescale ?? 1;
  }

  add(box: TopLevelBox): void {
    const { header } = box;
    if (this.init === undefined) {
      this.addBeforeInit(box);
      return;
    }
    if (!box.complete) {
      this.truncated = true;
      return;
    }
    switch (header.type) {
      case 'prft':
        if (box.data !== undefined) this.prft = parsePrft(box.data, header.offset);
        break;
      case 'moof':
        this.addMoof(box);
        break;
      case 'mdat':
        this.addMdat(header);
        break;
      default:
        // styp/sidx/free/emsg/mfra…: carried in the next fragment's range or in trailingBytes.
        break;
    }
  }

  finish(): FragmentIndex {
    if (this.init === undefined) {
      if (this.fileSize === 0) throw new Fmp4FormatError('not-mp4', 'The file is empty.');
      throw new Fmp4FormatError('truncated-init', 'The file ends before its init segment (ftyp + moov) is complete.');
    }
    // A moof whose mdat never arrived: ffmpeg was stopped between the two writes.
    if (this.moof !== undefined) this.truncated = true;
    return {
      init: this.init,
      fragments: this.fragments,
      fileSize: this.fileSize,
      truncated: this.truncated,
      trailingBytes: this.fileSize - this.nextStart,
      durationMs: this.fragments.reduce((sum, f) => sum + f.durationMs, 0),
    };
  }

  private addBeforeInit({ header, complete, data }: TopLevelBox): void {
    if (header.offset === 0 && header.type !== 'ftyp') {
      const what = header.type === '' ? 'too short to hold a box' : `starts with '${header.type}', not 'ftyp'`;
      throw new Fmp4FormatError('not-mp4', `Not an MP4 file: it ${what}.`);
    }
    if (!complete) {
      throw new Fmp4FormatError('truncated-init', `The file ends inside its '${header.type}' box, before the init segment is complete.`);
    }
    if (header.type === 'ftyp') this.ftyp = data;
    if (header.type === 'moof' || header.type === 'mdat') {
      throw new Fmp4FormatError('not-fragmented', `'${header.type}' at byte ${header.offset} comes before any moov.`);
    }
    if (header.type === 'moov' && data !== undefined) {
      this.continueAfter(parseMoov(data, this.ftyp, header.end), header.end);
    }
  }

  private addMoof({ header, data }: TopLevelBox): void {
    if (this.moof !== undefined) {
      throw new Fmp4FormatError('bad-fragment', `moof at byte ${header.offset} follows the moof at ${this.moof.header.offset} without an mdat between them.`);
    }
    if (data === undefined) return;
    const parsed = parseMoof(data, header.offset, (id) => this.defaults.get(id));
    this.moof = { header, data, trafs: parsed.trafs, sequenceNumber: parsed.sequenceNumber };
  }

  private addMdat(mdat: BoxHeader): void {
    const moof = this.moof;
    if (moof === undefined) {
      throw new Fmp4FormatError('not-fragmented', `mdat at byte ${mdat.offset} has no moof before it.`);
    }
    const payload = payloadStart(mdat);
    for (const traf of moof.trafs) {
      if (traf.dataSize > 0 && (traf.dataOffset < payload || traf.dataOffset + traf.dataSize > mdat.end)) {
        throw new Fmp4FormatError(
          'bad-fragment',
          `Samples of track ${traf.trackId} (bytes ${traf.dataOffset}–${traf.dataOffset + traf.dataSize}) lie outside the mdat at ${mdat.offset}–${mdat.end}.`,
        );
      }
    }
    const referenceTrackId = this.init?.referenceTrackId;
    const tracks = moof.trafs.map((traf): TrackFragment => {
      const decodeTime = traf.baseMediaDecodeTime ?? this.trackEnds.get(traf.trackId) ?? 0;
      this.trackEnds.set(traf.trackId, decodeTime + traf.duration);
      return { ...traf, decodeTime };
    });
    const reference = tracks.find((t) => t.trackId === referenceTrackId);
    const decodeTime = reference?.decodeTime ?? this.referenceEnd;
    const duration = reference?.duration ?? 0;
    this.referenceEnd = decodeTime + duration;
    const fragment: Fragment = {
      offset: this.nextStart,
      size: mdat.end - this.nextStart,
      moof: { offset: moof.header.offset, size: moof.header.size },
      mdat: { offset: mdat.offset, size: mdat.size },
      sequenceNumber: moof.sequenceNumber,
      tracks,
      keyframe: reference?.startsWithSync ?? false,
      decodeTime,
      duration,
      startMs: (decodeTime * 1000) / this.referenceTimescale,
      durationMs: (duration * 1000) / this.referenceTimescale,
    };
    const withPrft = this.prft === undefined ? fragment : { ...fragment, prft: this.prft };
    const withMoof: FragmentWithMoof = { ...withPrft, moofBytes: moof.data };
    this.fragments.push(this.keepMoofs ? withMoof : withPrft);
    this.nextStart = mdat.end;
    this.moof = undefined;
    this.prft = undefined;
  }
}
