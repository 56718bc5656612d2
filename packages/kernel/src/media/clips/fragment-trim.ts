import { childBoxes, parseBoxHeader, payloadStart } from '../../mp4/box-reader.js';
import { Fmp4FormatError } from '../../mp4/fmp4-error.js';
import type { TrackDefaults } from '../../mp4/init-segment.js';
import { TFHD_BASE_DATA_OFFSET, TFHD_DEFAULT_BASE_IS_MOOF, TFHD_DEFAULT_DURATION, TFHD_DEFAULT_SIZE, TFHD_SAMPLE_DESCRIPTION_INDEX, TRUN_COMPOSITION_OFFSET, TRUN_DATA_OFFSET, TRUN_FIRST_SAMPLE_FLAGS, TRUN_SAMPLE_DURATION, TRUN_SAMPLE_FLAGS, TRUN_SAMPLE_SIZE } from '../../mp4/fragment-flags.js';

/**
 * Cuts the end off one fragment (moof + mdat) so a clip ends at the requested time instead of at the
 * next keyframe: per track, only the samples whose decode time is before that track's cut are kept.
 * The kept samples are a prefix in decode order, so every frame they reference is kept too — a clean
 * cut for any GOP structure, B-frames included (at worst the last displayed frame lasts a little
 * longer). The mdat is rebuilt from the kept bytes only, and the trun data offsets follow.
 *
 * Only the layout ffmpeg writes is handled — per traf one trun with a data offset relative to the moof
 * (default_base_moof), the mdat right after the moof. Anything else returns null and the caller keeps
 * the whole fragment, which is still correct, only up to one GOP longer.
 */
export interface TrimmedFragment {
  moof: Buffer;
  mdat: Buffer;
}


interface TrafPlan {
  /** The traf box rebuilt with the shortened trun; its data_offset is patched once the moof size is known. */
  box: Buffer;
  dataOffsetPos: number;
  /** Kept sample bytes, as positions in the mdat buffer. */
  dataStart: number;
  dataSize: number;
}

/**
 * @param moof the moof box exactly; @param mdat the mdat box that follows it in the file
 * @param cuts per track id, the decode time (track timescale, this file's timeline) to cut at; tracks
 *   not listed keep every sample
 * @param defaults trex defaults by track id
 */
export function trimFragment(
  moof: Buffer,
  mdat: Buffer,
  cuts: ReadonlyMap<number, number>,
  defaults: (trackId: number) => TrackDefaults | undefined,
): TrimmedFragment | null {
  try {
    return trimUnchecked(moof, mdat, cuts, defaults);
  } catch (e: unknown) {
    // A malformed box is left for the decoder to judge in the untrimmed fragment; trimming is an extra.
    if (e instanceof RangeError || e instanceof Fmp4FormatError) return null;
    throw e;
  }
}

function trimUnchecked(
  moof: Buffer,
  mdat: Buffer,
  cuts: ReadonlyMap<number, number>,
  defaults: (trackId: number) => TrackDefaults | undefined,
): TrimmedFragment | null {
  const moofBox = parseBoxHeader(moof, 0, moof.length);
  const mdatBox = parseBoxHeader(mdat, 0, mdat.length);
  if (moofBox?.type !== 'moof' || moofBox.end !== moof.length || moofBox.headerSize !== 8) return null;
  if (mdatBox?.type !== 'mdat' || mdatBox.end !== mdat.length) return null;
  const pieces: Buffer[] = [];
  const trafs: TrafPlan[] = [];
  for (const child of childBoxes(moof, payloadStart(moofBox), moofBox.end)) {
    if (child.type !== 'traf') {
      pieces.push(moof.subarray(child.offset, child.end));
      continue;
    }
    const plan = trimTraf(moof, child.offset, child.end, { moofSize: moof.length, headerSize: mdatBox.headerSize, size: mdat.length }, cuts, defaults);
    if (plan === null) return null;
    if (plan === 'drop') continue;
    trafs.push(plan);
  }
  const moofSize = 8 + pieces.reduce((n, p) => n + p.length, 0) + trafs.reduce((n, t) => n + t.box.length, 0);
  const payload = trafs.reduce((n, t) => n + t.dataSize, 0);
  const out = Buffer.alloc(moofSize);
  out.writeUInt32BE(moofSize, 0);
  out.write('moof', 4, 'latin1');
  let pos = 8;
  // mfhd (and anything else that is not a traf) first, in their original order, then the trafs.
  for (const p of pieces) pos += p.copy(out, pos);
  const data: Buffer[] = [];
  let dataPos = moofSize + 8;
  for (const t of trafs) {
    t.box.writeInt32BE(dataPos, t.dataOffsetPos);
    pos += t.box.copy(out, pos);
    data.push(mdat.subarray(t.dataStart, t.dataStart + t.dataSize));
    dataPos += t.dataSize;
  }
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload, 0);
  header.write('mdat', 4, 'latin1');
  return { moof: out, mdat: Buffer.concat([header, ...data]) };
}

function trimTraf(
  moof: Buffer,
  start: number,
  end: number,
  layout: { moofSize: number; headerSize: number; size: number },
  cuts: ReadonlyMap<number, number>,
  defaults: (trackId: number) => TrackDefaults | undefined,
): TrafPlan | 'drop' | null {
  const children = [...childBoxes(moof, start + 8, end)];
  const tfhd = children.find((c) => c.type === 'tfhd');
  const tfdt = children.find((c) => c.type === 'tfdt');
  const truns = children.filter((c) => c.type === 'trun');
  if (tfhd === undefined || tfdt === undefined || truns.length !== 1) return null;
  let p = payloadStart(tfhd);
  const tfhdFlags = moof.readUInt32BE(p) & 0xffffff;
  const trackId = moof.readUInt32BE(p + 4);
  if ((tfhdFlags & TFHD_BASE_DATA_OFFSET) !== 0 || (tfhdFlags & TFHD_DEFAULT_BASE_IS_MOOF) === 0) return null;
  const trex = defaults(trackId);
  if (trex === undefined) return null;
  p += 8;
  if ((tfhdFlags & TFHD_SAMPLE_DESCRIPTION_INDEX) !== 0) p += 4;
  let defaultDuration = trex.sampleDuration;
  let defaultSize = trex.sampleSize;
  if ((tfhdFlags & TFHD_DEFAULT_DURATION) !== 0) {
    defaultDuration = moof.readUInt32BE(p);
    p += 4;
  }
  if ((tfhdFlags & TFHD_DEFAULT_SIZE) !== 0) defaultSize = moof.readUInt32BE(p);

  const tfdtVersion = moof.readUInt8(payloadStart(tfdt));
  const decodeTime =
    tfdtVersion === 1 ? Number(moof.readBigUInt64BE(payloadStart(tfdt) + 4)) : moof.readUInt32BE(payloadStart(tfdt) + 4);

  const trun = truns[0];
  if (trun === undefined) return null;
  let q = payloadStart(trun);
  const flags = moof.readUInt32BE(q) & 0xffffff;
  const count = moof.readUInt32BE(q + 4);
  if ((flags & TRUN_DATA_OFFSET) === 0) return null;
  const dataOffsetPos = q + 8;
  const dataOffset = moof.readInt32BE(dataOffsetPos);
  q += 12;
  if ((flags & TRUN_FIRST_SAMPLE_FLAGS) !== 0) q += 4;
  const entriesStart = q;
  const hasDuration = (flags & TRUN_SAMPLE_DURATION) !== 0;
  const hasSize = (flags & TRUN_SAMPLE_SIZE) !== 0;
  const stride = 4 * (Number(hasDuration) + Number(hasSize) + Number((flags & TRUN_SAMPLE_FLAGS) !== 0) + Number((flags & TRUN_COMPOSITION_OFFSET) !== 0));
  if (entriesStart + stride * count > trun.end) return null;

  const cut = cuts.get(trackId);
  let keep = count;
  let keptBytes = 0;
  let total = 0;
  let dts = decodeTime;
  for (let s = 0; s < count; s++) {
    const entry = entriesStart + s * stride;
    const duration = hasDuration ? moof.readUInt32BE(entry) : defaultDuration;
    const size = hasSize ? moof.readUInt32BE(entry + (hasDuration ? 4 : 0)) : defaultSize;
    if (cut !== undefined && dts >= cut && keep === count) keep = s;
    if (keep === count) keptBytes += size;
    total += size;
    dts += duration;
  }
  // The samples must lie in the mdat that follows the moof, where the rebuilt mdat takes them from.
  const dataStart = dataOffset - layout.moofSize;
  if (dataStart < layout.headerSize || dataStart + total > layout.size) return null;
  if (keep === 0) return 'drop';

  // Rebuild the traf: everything as it was except the trun, which loses the entries past `keep`.
  const removed = (count - keep) * stride;
  const parts: Buffer[] = [];
  let trunPos = 0;
  let offset = 8;
  for (const c of children) {
    if (c === trun) {
      trunPos = offset;
      const head = Buffer.from(moof.subarray(c.offset, entriesStart + keep * stride));
      head.writeUInt32BE(c.size - removed, 0);
      head.writeUInt32BE(keep, payloadStart(c) - c.offset + 4);
      parts.push(head, moof.subarray(entriesStart + count * stride, c.end));
      offset += c.size - removed;
    } else {
      parts.push(moof.subarray(c.offset, c.end));
      offset += c.size;
    }
  }
  const header = Buffer.from(moof.subarray(start, start + 8));
  header.writeUInt32BE(offset, 0);
  const box = Buffer.concat([header, ...parts]);
  return { box, dataOffsetPos: trunPos + (dataOffsetPos - trun.offset), dataStart, dataSize: keptBytes };
}
