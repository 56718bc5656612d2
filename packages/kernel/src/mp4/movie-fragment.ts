import { type BoxHeader, childBoxes, parseBoxHeader, payloadStart, readUint64, readVersionedUint } from './box-reader.js';
import { Fmp4FormatError } from './fmp4-error.js';
import type { TrackDefaults } from './init-segment.js';
import { SAMPLE_IS_NON_SYNC, TFHD_BASE_DATA_OFFSET, TFHD_DEFAULT_BASE_IS_MOOF, TFHD_DEFAULT_DURATION, TFHD_DEFAULT_FLAGS, TFHD_DEFAULT_SIZE, TFHD_SAMPLE_DESCRIPTION_INDEX, TRUN_COMPOSITION_OFFSET, TRUN_DATA_OFFSET, TRUN_FIRST_SAMPLE_FLAGS, TRUN_SAMPLE_DURATION, TRUN_SAMPLE_FLAGS, TRUN_SAMPLE_SIZE } from './fragment-flags.js';

/** What one traf says about its track, summed over its truns. */
export interface TrackFragmentInfo {
  readonly trackId: number;
  /** tfdt baseMediaDecodeTime (track timescale); undefined when the traf has no tfdt. */
  readonly baseMediaDecodeTime: number | undefined;
  readonly sampleCount: number;
  /** Sum of the sample durations (track timescale). */
  readonly duration: number;
  /** Sample flags of the first sample after applying first_sample_flags / tfhd / trex defaults. */
  readonly firstSampleFlags: number;
  /** First sample is a sync sample (sample_is_non_sync_sample clear): the fragment can start playback. */
  readonly startsWithSync: boolean;
  /**
   * Earliest presentation time relative to baseMediaDecodeTime (min of decode offset + composition
   * offset). Zero without B-frames; positive with ffmpeg's unsigned (version 0) trun offsets.
   */
  readonly earliestPresentationOffset: number;
  /** File offset of the first sample's data and the byte count of all samples. */
  readonly dataOffset: number;
  readonly dataSize: number;
}

export interface MovieFragmentInfo {
  readonly sequenceNumber: number;
  readonly trafs: readonly TrackFragmentInfo[];
}

/** A parsed prft box: which wall-clock (NTP) time a media time of its reference track (an ISO BMFF term) corresponds to. */
export interface ProducerReferenceTime {
  readonly trackId: number;
  /** ISO/IEC 14496-12 8.16.5 flags: 0 encoder input … 24 "consistent, small offset from real time". */
  readonly flags: number;
  /** Raw 64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction in the low 32). */
  readonly ntpTimestamp: bigint;
  /** The NTP timestamp as Unix epoch milliseconds, rounded to the millisecond. */
  readonly utcMs: number;
  /** Media time (track timescale) of the prft's reference track the NTP time belongs to. */
  readonly mediaTime: number;
}

export { SAMPLE_IS_NON_SYNC } from './fragment-flags.js';

/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;

/**
 * Parses an in-memory moof box.
 * @param moofOffset file offset of the moof, so data offsets come out as file offsets.
 * @param defaults trex defaults per track id, used for fields tfhd and trun leave out.
 * @throws Fmp4FormatError('bad-fragment') on a malformed moof.
 */
export function parseMoof(
  moof: Buffer,
  moofOffset: number,
  defaults: (trackId: number) => TrackDefaults | undefined,
): MovieFragmentInfo {
  try {
    return parseMoofUnchecked(moof, moofOffset, defaults);
  } catch (e: unknown) {
    if (e instanceof Fmp4FormatError) {
      throw new Fmp4FormatError('bad-fragment', `moof at byte ${moofOffset}: ${e.message}`, { cause: e });
    }
    if (e instanceof RangeError) {
      throw new Fmp4FormatError('bad-fragment', `moof at byte ${moofOffset} is malformed.`, { cause: e });
    }
    throw e;
  }
}

function parseMoofUnchecked(
  moof: Buffer,
  moofOffset: number,
  defaults: (trackId: number) => TrackDefaults | undefined,
): MovieFragmentInfo {
  const box = parseBoxHeader(moof, 0, moof.length);
  if (box === undefined || box.type !== 'moof' || box.end !== moof.length) {
    throw new Fmp4FormatError('bad-fragment', 'the buffer is not exactly one moof box.');
  }
  let sequenceNumber: number | undefined;
  const trafs: TrackFragmentInfo[] = [];
  // Without explicit or moof-relative bases, a traf's data follows the previous traf's data.
  let previousDataEnd = moofOffset;
  for (const child of childBoxes(moof, payloadStart(box), box.end)) {
    if (child.type === 'mfhd') sequenceNumber = moof.readUInt32BE(payloadStart(child) + 4);
    if (child.type === 'traf') {
      const traf = parseTraf(moof, child, moofOffset, trafs.length === 0 ? moofOffset : previousDataEnd, defaults);
      trafs.push(traf);
      previousDataEnd = traf.dataOffset + traf.dataSize;
    }
  }
  if (sequenceNumber === undefined) throw new Fmp4FormatError('bad-fragment', 'no mfhd box.');
  return { sequenceNumber, trafs };
}

function parseTraf(
  buf: Buffer,
  traf: BoxHeader,
  moofOffset: number,
  implicitBase: number,
  defaults: (trackId: number) => TrackDefaults | undefined,
): TrackFragmentInfo {
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
  let base: number;
  if ((tfhdFlags & TFHD_BASE_DATA_OFFSET) !== 0) {
    base = readUint64(buf, p, 'base_data_offset');
    p += 8;
  } else {
    base = (tfhdFlags & TFHD_DEFAULT_BASE_IS_MOOF) !== 0 ? moofOffset : implicitBase;
  }
  if ((tfhdFlags & TFHD_SAMPLE_DESCRIPTION_INDEX) !== 0) p += 4;
  let defaultDuration = trex.sampleDuration;
  let defaultSize = trex.sampleSize;
  let defaultFlags = trex.sampleFlags;
  if ((tfhdFlags & TFHD_DEFAULT_DURATION) !== 0) {
    defaultDuration = buf.readUInt32BE(p);
    p += 4;
  }
  if ((tfhdFlags & TFHD_DEFAULT_SIZE) !== 0) {
    defaultSize = buf.readUInt32BE(p);
    p += 4;
  }
  if ((tfhdFlags & TFHD_DEFAULT_FLAGS) !== 0) defaultFlags = buf.readUInt32BE(p);

  let baseMediaDecodeTime: number | undefined;
  if (tfdt !== undefined) {
    const version = buf.readUInt8(payloadStart(tfdt));
    baseMediaDecodeTime = readVersionedUint(buf, payloadStart(tfdt) + 4, version, 'baseMediaDecodeTime');
  }

  let sampleCount = 0;
  let duration = 0;
  let firstSampleFlags: number | undefined;
  let earliest = Number.POSITIVE_INFINITY;
  let dataStart = Number.POSITIVE_INFINITY;
  let dataEnd = base;
  let runEnd = base;
  for (const [i, trun] of truns.entries()) {
    let q = payloadStart(trun);
    const version = buf.readUInt8(q);
    const flags = buf.readUInt32BE(q) & 0xffffff;
    const count = buf.readUInt32BE(q + 4);
    q += 8;
    let runStart = i === 0 ? base : runEnd;
    if ((flags & TRUN_DATA_OFFSET) !== 0) {
      runStart = base + buf.readInt32BE(q);
      q += 4;
    }
    let firstFlags: number | undefined;
    if ((flags & TRUN_FIRST_SAMPLE_FLAGS) !== 0) {
      firstFlags = buf.readUInt32BE(q);
      q += 4;
    }
    const hasDuration = (flags & TRUN_SAMPLE_DURATION) !== 0;
    const hasSize = (flags & TRUN_SAMPLE_SIZE) !== 0;
    const hasFlags = (flags & TRUN_SAMPLE_FLAGS) !== 0;
    const hasCto = (flags & TRUN_COMPOSITION_OFFSET) !== 0;
    const stride = 4 * (Number(hasDuration) + Number(hasSize) + Number(hasFlags) + Number(hasCto));
    if (q + stride * count > trun.end) {
      throw new Fmp4FormatError('bad-fragment', `trun of track ${trackId} declares ${count} samples but is too short for them.`);
    }
    let size = 0;
    for (let s = 0; s < count; s++) {
      const sampleDuration = hasDuration ? buf.readUInt32BE(q) : defaultDuration;
      if (hasDuration) q += 4;
      size += hasSize ? buf.readUInt32BE(q) : defaultSize;
      if (hasSize) q += 4;
      const sampleFlags = hasFlags ? buf.readUInt32BE(q) : defaultFlags;
      if (hasFlags) q += 4;
      let cto = 0;
      if (hasCto) {
        cto = version === 0 ? buf.readUInt32BE(q) : buf.readInt32BE(q);
        q += 4;
      }
      if (sampleCount + s === 0) firstSampleFlags = firstFlags ?? sampleFlags;
      earliest = Math.min(earliest, duration + cto);
      duration += sampleDuration;
    }
    sampleCount += count;
    runEnd = runStart + size;
    if (count > 0) {
      dataStart = Math.min(dataStart, runStart);
      dataEnd = Math.max(dataEnd, runEnd);
    }
  }
  const flags = firstSampleFlags ?? defaultFlags;
  const dataOffset = sampleCount === 0 ? base : dataStart;
  return {
    trackId,
    baseMediaDecodeTime,
    sampleCount,
    duration,
    firstSampleFlags: flags,
    startsWithSync: sampleCount > 0 && (flags & SAMPLE_IS_NON_SYNC) === 0,
    earliestPresentationOffset: sampleCount === 0 ? 0 : earliest,
    dataOffset,
    dataSize: Math.max(0, dataEnd - dataOffset),
  };
}

/**
 * Parses an in-memory prft box (version 0: 32-bit media time, version 1: 64-bit).
 * @throws Fmp4FormatError('bad-fragment') when the box is too short.
 */
export function parsePrft(prft: Buffer, offset: number): ProducerReferenceTime {
  const box = parseBoxHeader(prft, 0, prft.length);
  const p = box === undefined ? 0 : payloadStart(box);
  const version = prft[p] ?? 0;
  if (box === undefined || box.type !== 'prft' || prft.length < p + (version === 1 ? 24 : 20)) {
    throw new Fmp4FormatError('bad-fragment', `The prft box at byte ${offset} is too short.`);
  }
  const ntpTimestamp = prft.readBigUInt64BE(p + 8);
  const seconds = Number(ntpTimestamp >> 32n);
  const fraction = Number(ntpTimestamp & 0xffffffffn);
  return {
    trackId: prft.readUInt32BE(p + 4),
    flags: prft.readUInt32BE(p) & 0xffffff,
    ntpTimestamp,
    utcMs: Math.round((seconds - NTP_UNIX_OFFSET_S) * 1000 + (fraction * 1000) / 2 ** 32),
    mediaTime: readVersionedUint(prft, p + 16, version, 'prft media_time'),
  };
}
