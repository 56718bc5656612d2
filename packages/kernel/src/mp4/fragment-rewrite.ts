import { type BoxHeader, childBoxes, parseBoxHeader, payloadStart } from './box-reader.js';
import { Fmp4FormatError, Fmp4UnsupportedError } from './fmp4-error.js';
import { TFHD_BASE_DATA_OFFSET, TFHD_DEFAULT_BASE_IS_MOOF, TRUN_DATA_OFFSET } from './fragment-flags.js';

/**
 * Moof rewriting for clip export: fragments from several segment files are concatenated behind one
 * init segment, so each moof needs a fresh mfhd sequence number and tfdt decode times that continue the
 * previous fragment.
 *
 * Why nothing else changes: ffmpeg writes default_base_moof (tfhd flag 0x020000), so every trun
 * data_offset is relative to the first byte of its own moof, and the exporter copies each moof
 * immediately followed by its own mdat. Moving the pair anywhere in the output keeps those relative
 * offsets right. The same holds for moofs with no base flags at all (first traf relative to the moof,
 * later ones to the previous traf's data). Only an explicit tfhd base_data_offset is an absolute file
 * position; such moofs are refused rather than silently pointing at the wrong bytes.
 */
export interface MoofRewrite {
  /** New mfhd sequence number (kept when omitted). */
  readonly sequenceNumber?: number;
  /** New tfdt baseMediaDecodeTime per track id; tracks not listed keep theirs. */
  readonly decodeTimes?: ReadonlyMap<number, number>;
}

const TFDT_V1_SIZE = 20;
const UINT32_MAX = 0xffffffff;

interface TrafLayout {
  readonly box: BoxHeader;
  readonly trackId: number;
  /** trun data offsets count from the moof start (not from the previous traf's data). */
  readonly moofRelative: boolean;
  readonly tfhdEnd: number;
  readonly tfdt: { readonly box: BoxHeader; readonly version: number } | undefined;
  /** Positions of the data_offset fields, undefined for truns without one. */
  readonly trunDataOffsets: readonly (number | undefined)[];
}

interface MoofLayout {
  readonly box: BoxHeader;
  readonly sequencePos: number;
  readonly trafs: readonly TrafLayout[];
}

/**
 * Returns a rewritten copy of an in-memory moof (the input is not modified).
 *
 * A new decode time that needs 64 bits in a version-0 tfdt (or a traf without tfdt) is handled by
 * rewriting the box as version 1: the moof grows by 4 (or 20) bytes per such traf, and the moof,
 * traf sizes and the moof-relative trun data offsets are adjusted so they still point at the same
 * samples in the mdat that follows. ffmpeg always writes version-1 tfdt, so its moofs are patched in
 * place and keep their size.
 * @throws Fmp4UnsupportedError for moofs with an absolute tfhd base_data_offset.
 * @throws Fmp4FormatError('bad-fragment') for a malformed moof.
 */
export function rewriteMoof(moof: Buffer, rewrite: MoofRewrite): Buffer {
  const layout = describeMoof(moof);
  let out: Buffer = Buffer.from(moof);
  if (rewrite.sequenceNumber !== undefined) {
    checkUint(rewrite.sequenceNumber, UINT32_MAX, 'sequence number');
    out.writeUInt32BE(rewrite.sequenceNumber, layout.sequencePos);
  }
  const decodeTimes = rewrite.decodeTimes ?? new Map<number, number>();
  const growing = new Set<number>();
  for (const traf of layout.trafs) {
    const time = decodeTimes.get(traf.trackId);
    if (time === undefined) continue;
    checkUint(time, Number.MAX_SAFE_INTEGER, 'decode time');
    if (traf.tfdt === undefined || (traf.tfdt.version === 0 && time > UINT32_MAX)) {
      growing.add(traf.trackId);
    } else if (traf.tfdt.version === 1) {
      out.writeBigUInt64BE(BigInt(time), payloadStart(traf.tfdt.box) + 4);
    } else {
      out.writeUInt32BE(time, payloadStart(traf.tfdt.box) + 4);
    }
  }
  if (growing.size > 0) out = rebuildWithV1Tfdt(out, layout, growing, decodeTimes);
  return out;
}

function rebuildWithV1Tfdt(
  moof: Buffer,
  layout: MoofLayout,
  growing: ReadonlySet<number>,
  decodeTimes: ReadonlyMap<number, number>,
): Buffer {
  if (layout.box.headerSize !== 8) throw new Fmp4UnsupportedError('Cannot grow a moof that uses a 64-bit box size.');
  const pieces: Buffer[] = [moof.subarray(0, 8)];
  let pos = 8;
  for (const traf of layout.trafs) {
    if (!growing.has(traf.trackId)) continue;
    pieces.push(moof.subarray(pos, traf.box.offset));
    const tfdt = tfdtV1(decodeTimes.get(traf.trackId) ?? 0);
    const old = traf.tfdt?.box;
    // The new tfdt replaces the old one, or goes right after tfhd where the spec places it.
    const cut = old ?? { offset: traf.tfhdEnd, end: traf.tfhdEnd };
    const body = [moof.subarray(traf.box.offset, cut.offset), tfdt, moof.subarray(cut.end, traf.box.end)];
    const trafBuf = Buffer.concat(body);
    trafBuf.writeUInt32BE(trafBuf.length, 0);
    pieces.push(trafBuf);
    pos = traf.box.end;
  }
  pieces.push(moof.subarray(pos));
  const out = Buffer.concat(pieces);
  const growth = out.length - moof.length;
  out.writeUInt32BE(out.length, 0);

  // The samples now sit `growth` bytes further from the moof start; offsets relative to the previous
  // traf's data are unaffected because that data moved by the same amount.
  for (const traf of describeMoof(out).trafs) {
    if (!traf.moofRelative) continue;
    const first = traf.trunDataOffsets[0];
    if (traf.trunDataOffsets.length > 0 && first === undefined) {
      throw new Fmp4UnsupportedError(`Track ${traf.trackId}: a moof-relative trun without data_offset cannot be moved.`);
    }
    for (const pos of traf.trunDataOffsets) {
      if (pos === undefined) continue;
      const moved = out.readInt32BE(pos) + growth;
      if (moved > 0x7fffffff) throw new Fmp4UnsupportedError(`Track ${traf.trackId}: trun data_offset overflows after growing the moof.`);
      out.writeInt32BE(moved, pos);
    }
  }
  return out;
}

function tfdtV1(time: number): Buffer {
  const box = Buffer.alloc(TFDT_V1_SIZE);
  box.writeUInt32BE(TFDT_V1_SIZE, 0);
  box.write('tfdt', 4, 'latin1');
  box.writeUInt8(1, 8);
  box.writeBigUInt64BE(BigInt(time), 12);
  return box;
}

function describeMoof(moof: Buffer): MoofLayout {
  try {
    return describeMoofUnchecked(moof);
  } catch (e: unknown) {
    if (e instanceof RangeError) throw new Fmp4FormatError('bad-fragment', 'The moof to rewrite is malformed.', { cause: e });
    throw e;
  }
}

function describeMoofUnchecked(moof: Buffer): MoofLayout {
  const box = parseBoxHeader(moof, 0, moof.length);
  if (box === undefined || box.type !== 'moof' || box.end !== moof.length) {
    throw new Fmp4FormatError('bad-fragment', 'The buffer to rewrite is not exactly one moof box.');
  }
  let sequencePos: number | undefined;
  const trafs: TrafLayout[] = [];
  for (const child of childBoxes(moof, payloadStart(box), box.end)) {
    if (child.type === 'mfhd') sequencePos = payloadStart(child) + 4;
    if (child.type === 'traf') trafs.push(describeTraf(moof, child, trafs.length === 0));
  }
  if (sequencePos === undefined) throw new Fmp4FormatError('bad-fragment', 'The moof to rewrite has no mfhd.');
  return { box, sequencePos, trafs };
}

function describeTraf(moof: Buffer, traf: BoxHeader, first: boolean): TrafLayout {
  let tfhd: BoxHeader | undefined;
  let tfdt: TrafLayout['tfdt'];
  const trunDataOffsets: (number | undefined)[] = [];
  for (const child of childBoxes(moof, payloadStart(traf), traf.end)) {
    const p = payloadStart(child);
    if (child.type === 'tfhd') tfhd = child;
    if (child.type === 'tfdt') tfdt = { box: child, version: moof.readUInt8(p) };
    if (child.type === 'trun') trunDataOffsets.push((moof.readUInt32BE(p) & TRUN_DATA_OFFSET) !== 0 ? p + 8 : undefined);
  }
  if (tfhd === undefined) throw new Fmp4FormatError('bad-fragment', 'A traf to rewrite has no tfhd.');
  const flags = moof.readUInt32BE(payloadStart(tfhd)) & 0xffffff;
  const trackId = moof.readUInt32BE(payloadStart(tfhd) + 4);
  if ((flags & TFHD_BASE_DATA_OFFSET) !== 0) {
    throw new Fmp4UnsupportedError(
      `Track ${trackId} uses an absolute base_data_offset; moving its moof would need those offsets rewritten, which is not supported (ffmpeg writes default_base_moof instead).`,
    );
  }
  return {
    box: traf,
    trackId,
    moofRelative: first || (flags & TFHD_DEFAULT_BASE_IS_MOOF) !== 0,
    tfhdEnd: tfhd.end,
    tfdt,
    trunDataOffsets,
  };
}

function checkUint(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`Invalid ${what}: ${value}.`);
}
