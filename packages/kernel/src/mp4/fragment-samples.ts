import { type BoxHeader, childBoxes, parseBoxHeader, payloadStart, readVersionedUint } from './box-reader.js';
import { Fmp4FormatError, Fmp4UnsupportedError } from './fmp4-error.js';
import {
  SAMPLE_IS_NON_SYNC,
  TFHD_BASE_DATA_OFFSET,
  TFHD_DEFAULT_BASE_IS_MOOF,
  TFHD_DEFAULT_DURATION,
  TFHD_DEFAULT_FLAGS,
  TFHD_DEFAULT_SIZE,
  TFHD_SAMPLE_DESCRIPTION_INDEX,
  TRUN_COMPOSITION_OFFSET,
  TRUN_DATA_OFFSET,
  TRUN_FIRST_SAMPLE_FLAGS,
  TRUN_SAMPLE_DURATION,
  TRUN_SAMPLE_FLAGS,
  TRUN_SAMPLE_SIZE,
} from './fragment-flags.js';
import type { TrackDefaults } from './init-segment.js';

/** One sample of a movie fragment, with its bytes. */
export interface FragmentSample {
  readonly trackId: number;
  /** Decode time in the track's timescale (tfdt base + the durations before it). */
  readonly decodeTime: number;
  readonly duration: number;
  /** Presentation time minus decode time, in the track's timescale. */
  readonly compositionOffset: number;
  readonly sync: boolean;
  /** A view into the fragment buffer, not a copy. */
  readonly data: Buffer;
}

/**
 * Every sample of one in-memory fragment (a moof followed by its mdat, as a live pipe delivers
 * them; styp/prft boxes before the moof are skipped), in trun order per track, tracks in traf order. Where parseMoof sums a traf up, this
 * walks each trun entry: what a packetiser needs to send samples one by one.
 * @param defaults trex defaults per track id (InitInfo's tracks).
 * @throws Fmp4FormatError('bad-fragment') when the moof is malformed or a sample lies outside the buffer;
 *   Fmp4UnsupportedError for an explicit base_data_offset (a file offset).
 */
export function fragmentSamples(fragment: Buffer, defaults: (trackId: number) => TrackDefaults | undefined): FragmentSample[] {
  try {
    const moof = findMoof(fragment);
    const samples: FragmentSample[] = [];
    // Without explicit or moof-relative bases, a traf's data follows the previous traf's data.
    let implicitBase = moof.offset;
    for (const child of childBoxes(fragment, payloadStart(moof), moof.end)) {
      if (child.type !== 'traf') continue;
      implicitBase = trafSamples(fragment, child, moof.offset, implicitBase, defaults, samples);
    }
    return samples;
  } catch (e: unknown) {
    if (e instanceof RangeError) throw new Fmp4FormatError('bad-fragment', 'the moof is malformed.', { cause: e });
    throw e;
  }
}

/** The fragment's moof: styp, prft or sidx boxes may come before it. */
function findMoof(buf: Buffer): BoxHeader {
  for (let pos = 0; pos < buf.length; ) {
    const box = parseBoxHeader(buf, pos, buf.length);
    if (box === undefined || box.end > buf.length) break;
    if (box.type === 'moof') return box;
    pos = box.end;
  }
  throw new Fmp4FormatError('bad-fragment', 'the fragment has no complete moof box.');
}

/** Appends the samples of one traf; returns where its data ends (the next traf's implicit base). */
function trafSamples(
  buf: Buffer,
  traf: BoxHeader,
  moofOffset: number,
  implicitBase: number,
  defaults: (trackId: number) => TrackDefaults | undefined,
  out: FragmentSample[],
): number {
  let tfhd: BoxHeader | undefined;
  let tfdt: BoxHeader | undefined;
  const truns: BoxHeader[] = [];
  for (const child of childBoxes(buf, payloadStart(traf), traf.end)) {
    if (child.type === 'tfhd') tfhd = child;
    else if (child.type === 'tfdt') tfdt = child;
    else if (child.type === 'trun') truns.push(child);
  }
  if (tfhd === undefined) throw new Fmp4FormatError('bad-fragment', 'a traf has no tfhd box.');
  let p = payloadStart(tfhd);
  const tfhdFlags = buf.readUInt32BE(p) & 0xffffff;
  const trackId = buf.readUInt32BE(p + 4);
  p += 8;
  const trex = defaults(trackId);
  if (trex === undefined) throw new Fmp4FormatError('bad-fragment', `track ${trackId} is not in the moov.`);
  if ((tfhdFlags & TFHD_BASE_DATA_OFFSET) !== 0) {
    // A file offset: a fragment cut out of a stream has no file around it to count from.
    throw new Fmp4UnsupportedError(`track ${trackId} gives an explicit base_data_offset; live fragments need default-base-is-moof`);
  }
  const base = (tfhdFlags & TFHD_DEFAULT_BASE_IS_MOOF) !== 0 ? moofOffset : implicitBase;
  if ((tfhdFlags & TFHD_SAMPLE_DESCRIPTION_INDEX) !== 0) p += 4;
  const readIf = (flag: number, fallback: number): number => {
    if ((tfhdFlags & flag) === 0) return fallback;
    const v = buf.readUInt32BE(p);
    p += 4;
    return v;
  };
  const defaultDuration = readIf(TFHD_DEFAULT_DURATION, trex.sampleDuration);
  const defaultSize = readIf(TFHD_DEFAULT_SIZE, trex.sampleSize);
  const defaultFlags = readIf(TFHD_DEFAULT_FLAGS, trex.sampleFlags);
  let decodeTime = tfdt === undefined ? 0 : readVersionedUint(buf, payloadStart(tfdt) + 4, buf.readUInt8(payloadStart(tfdt)), 'baseMediaDecodeTime');

  let cursor = base;
  for (const trun of truns) {
    let q = payloadStart(trun);
    const version = buf.readUInt8(q);
    const flags = buf.readUInt32BE(q) & 0xffffff;
    const count = buf.readUInt32BE(q + 4);
    q += 8;
    if ((flags & TRUN_DATA_OFFSET) !== 0) {
      cursor = base + buf.readInt32BE(q);
      q += 4;
    }
    let firstFlags: number | undefined;
    if ((flags & TRUN_FIRST_SAMPLE_FLAGS) !== 0) {
      firstFlags = buf.readUInt32BE(q);
      q += 4;
    }
    for (let s = 0; s < count; s++) {
      const field = (flag: number, fallback: number): number => {
        if ((flags & flag) === 0) return fallback;
        const v = buf.readUInt32BE(q);
        q += 4;
        return v;
      };
      const duration = field(TRUN_SAMPLE_DURATION, defaultDuration);
      const size = field(TRUN_SAMPLE_SIZE, defaultSize);
      const sampleFlags = field(TRUN_SAMPLE_FLAGS, s === 0 && firstFlags !== undefined ? firstFlags : defaultFlags);
      let compositionOffset = 0;
      if ((flags & TRUN_COMPOSITION_OFFSET) !== 0) {
        compositionOffset = version === 0 ? buf.readUInt32BE(q) : buf.readInt32BE(q);
        q += 4;
      }
      if (q > trun.end) throw new Fmp4FormatError('bad-fragment', `trun of track ${trackId} is too short for its ${count} samples.`);
      if (cursor < 0 || cursor + size > buf.length) {
        throw new Fmp4FormatError('bad-fragment', `a sample of track ${trackId} lies outside the fragment's data.`);
      }
      const flagsOfSample = s === 0 && firstFlags !== undefined ? firstFlags : sampleFlags;
      out.push({
        trackId,
        decodeTime,
        duration,
        compositionOffset,
        sync: (flagsOfSample & SAMPLE_IS_NON_SYNC) === 0,
        data: buf.subarray(cursor, cursor + size),
      });
      cursor += size;
      decodeTime += duration;
    }
  }
  return cursor;
}
