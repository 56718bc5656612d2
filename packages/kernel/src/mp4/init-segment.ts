import {
  type BoxHeader,
  childBoxes,
  findChild,
  parseBoxHeader,
  payloadStart,
  requireChild,
} from './box-reader.js';
import { type EsdsInfo, avcCodecString, hevcCodecString, parseEsds, simpleCodecString } from './codec-string.js';
import { Fmp4FormatError } from './fmp4-error.js';

/** A half-open byte range [offset, offset + size) of a file. */
export interface ByteRange {
  readonly offset: number;
  readonly size: number;
}

/** trex defaults: what a tfhd/trun that omits a field means for this track. */
export interface TrackDefaults {
  readonly sampleDescriptionIndex: number;
  readonly sampleDuration: number;
  readonly sampleSize: number;
  readonly sampleFlags: number;
}

export type TrackKind = 'video' | 'audio' | 'other';

export interface TrackInfo {
  readonly trackId: number;
  readonly kind: TrackKind;
  /** hdlr handler type ('vide', 'soun', 'subt'…). */
  readonly handlerType: string;
  /** mdhd timescale: ticks per second of every time of this track. */
  readonly timescale: number;
  /** Sample entry fourcc ('avc1', 'hvc1', 'hev1', 'mp4a'…). */
  readonly codec: string;
  /** RFC 6381 string for HLS CODECS ('avc1.64001f', 'mp4a.40.2'), null when not derivable. */
  readonly codecString: string | null;
  /** Coded picture size from the visual sample entry (video only). */
  readonly width?: number;
  readonly height?: number;
  /** tkhd presentation size (after pixel aspect ratio), rounded; video only. */
  readonly displayWidth?: number;
  readonly displayHeight?: number;
  readonly channelCount?: number;
  readonly sampleRate?: number;
  readonly defaults: TrackDefaults;
}

export interface InitInfo {
  /** ftyp through the end of moov: the HLS EXT-X-MAP range. */
  readonly range: ByteRange;
  readonly majorBrand: string;
  readonly compatibleBrands: readonly string[];
  /** mvhd timescale. */
  readonly movieTimescale: number;
  readonly tracks: readonly TrackInfo[];
  /** Track whose timing the index reports: the first video track, else the first track. */
  readonly referenceTrackId: number;
  /** HLS CODECS attribute value: the known codec strings of all tracks, comma-separated. */
  readonly codecs: string;
}

/**
 * Parses an init segment: the bytes from ftyp through moov (more may follow and is ignored).
 * @throws Fmp4FormatError 'not-mp4' / 'truncated-init' / 'not-fragmented' / 'bad-box'.
 */
export function parseInitSegment(buf: Buffer): InitInfo {
  let ftyp: BoxHeader | undefined;
  let pos = 0;
  while (pos < buf.length) {
    const header = parseBoxHeader(buf, pos, buf.length);
    if (header === undefined || header.end > buf.length) break;
    if (pos === 0 && header.type !== 'ftyp') {
      throw new Fmp4FormatError('not-mp4', `Not an MP4 file: it starts with '${header.type}', not 'ftyp'.`);
    }
    if (header.type === 'ftyp') ftyp = header;
    if (header.type === 'moov') {
      const ftypBuf = ftyp === undefined ? undefined : buf.subarray(ftyp.offset, ftyp.end);
      return parseMoov(buf.subarray(header.offset, header.end), ftypBuf, header.end);
    }
    if (header.type === 'moof' || header.type === 'mdat') break;
    pos = header.end;
  }
  throw new Fmp4FormatError('truncated-init', 'The data ends before a complete ftyp + moov (init segment).');
}

/**
 * Builds InitInfo from an in-memory moov box (and ftyp when there is one).
 * @param initEnd file offset where moov ends, i.e. the init segment's size.
 */
export function parseMoov(moov: Buffer, ftyp: Buffer | undefined, initEnd: number): InitInfo {
  try {
    return parseMoovUnchecked(moov, ftyp, initEnd);
  } catch (e: unknown) {
    // A field read past the end of the buffer means a box lied about its contents.
    if (e instanceof RangeError) throw new Fmp4FormatError('bad-box', 'The moov box is malformed.', { cause: e });
    throw e;
  }
}

function parseMoovUnchecked(moov: Buffer, ftyp: Buffer | undefined, initEnd: number): InitInfo {
  const moovBox = headerAt(moov);
  const mvhd = requireChild(moov, moovBox, 'mvhd');
  const movieTimescale = moov.readUInt32BE(payloadStart(mvhd) + (moov.readUInt8(payloadStart(mvhd)) === 1 ? 20 : 12));
  const mvex = findChild(moov, moovBox, 'mvex');
  if (mvex === undefined) {
    throw new Fmp4FormatError('not-fragmented', 'The moov has no mvex box: this is a regular MP4, not a fragmented one.');
  }
  const trex = new Map<number, TrackDefaults>();
  for (const box of childBoxes(moov, payloadStart(mvex), mvex.end)) {
    if (box.type !== 'trex') continue;
    const p = payloadStart(box) + 4;
    trex.set(moov.readUInt32BE(p), {
      sampleDescriptionIndex: moov.readUInt32BE(p + 4),
      sampleDuration: moov.readUInt32BE(p + 8),
      sampleSize: moov.readUInt32BE(p + 12),
      sampleFlags: moov.readUInt32BE(p + 16),
    });
  }
  const tracks: TrackInfo[] = [];
  for (const box of childBoxes(moov, payloadStart(moovBox), moovBox.end)) {
    if (box.type === 'trak') tracks.push(parseTrak(moov, box, trex));
  }
  if (tracks.length === 0) throw new Fmp4FormatError('bad-box', 'The moov has no tracks.');
  const reference = tracks.find((t) => t.kind === 'video') ?? tracks[0];
  const brands = ftyp === undefined ? [] : parseBrands(ftyp);
  return {
    range: { offset: 0, size: initEnd },
    majorBrand: brands[0] ?? '',
    compatibleBrands: brands.slice(1),
    movieTimescale,
    tracks,
    referenceTrackId: reference?.trackId ?? 0,
    codecs: tracks
      .map((t) => t.codecString)
      .filter((s): s is string => s !== null)
      .join(','),
  };
}

function parseTrak(buf: Buffer, trak: BoxHeader, trex: ReadonlyMap<number, TrackDefaults>): TrackInfo {
  const tkhd = requireChild(buf, trak, 'tkhd');
  const tkhdVersion = buf.readUInt8(payloadStart(tkhd));
  const trackId = buf.readUInt32BE(payloadStart(tkhd) + (tkhdVersion === 1 ? 20 : 12));
  // width/height are the last two 16.16 fields of tkhd in both versions.
  const displayWidth = Math.round(buf.readUInt32BE(tkhd.end - 8) / 65536);
  const displayHeight = Math.round(buf.readUInt32BE(tkhd.end - 4) / 65536);

  const mdia = requireChild(buf, trak, 'mdia');
  const mdhd = requireChild(buf, mdia, 'mdhd');
  const timescale = buf.readUInt32BE(payloadStart(mdhd) + (buf.readUInt8(payloadStart(mdhd)) === 1 ? 20 : 12));
  if (timescale === 0) throw new Fmp4FormatError('bad-box', `Track ${trackId} has a zero timescale.`);
  const hdlr = payloadStart(requireChild(buf, mdia, 'hdlr'));
  const handlerType = buf.toString('latin1', hdlr + 8, hdlr + 12);
  const kind: TrackKind = handlerType === 'vide' ? 'video' : handlerType === 'soun' ? 'audio' : 'other';

  const stsd = requireChild(buf, requireChild(buf, requireChild(buf, mdia, 'minf'), 'stbl'), 'stsd');
  // stsd is a full box with an entry count before its children.
  const entry = childBoxes(buf, payloadStart(stsd) + 8, stsd.end).next();
  const sample = entry.done === true ? undefined : entry.value;
  const defaults = trex.get(trackId);
  if (defaults === undefined) {
    throw new Fmp4FormatError('not-fragmented', `Track ${trackId} has no trex box in mvex.`);
  }
  const base = { trackId, kind, handlerType, timescale, defaults };
  if (sample === undefined) return { ...base, codec: '', codecString: null };
  const codec = sample.type;
  if (kind === 'video') {
    const fixed = payloadStart(sample);
    return {
      ...base,
      codec,
      codecString: videoCodecString(buf, sample),
      width: buf.readUInt16BE(fixed + 24),
      height: buf.readUInt16BE(fixed + 26),
      displayWidth,
      displayHeight,
    };
  }
  if (kind === 'audio') {
    const fixed = payloadStart(sample);
    const esds = audioConfig(buf, sample);
    return {
      ...base,
      codec,
      codecString: esds?.codecString ?? simpleCodecString(codec),
      channelCount: esds?.channelCount ?? buf.readUInt16BE(fixed + 16),
      sampleRate: esds?.sampleRate ?? buf.readUInt32BE(fixed + 24) / 65536,
    };
  }
  return { ...base, codec, codecString: simpleCodecString(codec) };
}

// VisualSampleEntry: 8 bytes SampleEntry + 70 bytes of fixed fields before its child boxes.
const VISUAL_ENTRY_FIXED = 78;

function videoCodecString(buf: Buffer, sample: BoxHeader): string | null {
  if (sample.type === 'avc1' || sample.type === 'avc3') {
    const avcC = findChild(buf, sample, 'avcC', VISUAL_ENTRY_FIXED);
    return avcC === undefined ? null : avcCodecString(sample.type, buf.subarray(payloadStart(avcC), avcC.end));
  }
  if (sample.type === 'hvc1' || sample.type === 'hev1') {
    const hvcC = findChild(buf, sample, 'hvcC', VISUAL_ENTRY_FIXED);
    return hvcC === undefined ? null : hevcCodecString(sample.type, buf.subarray(payloadStart(hvcC), hvcC.end));
  }
  return simpleCodecString(sample.type);
}

function audioConfig(buf: Buffer, sample: BoxHeader): EsdsInfo | undefined {
  if (sample.type !== 'mp4a') return undefined;
  // AudioSampleEntry: 8 bytes SampleEntry + 20 bytes (version 0); QuickTime sound description
  // versions 1 and 2 carry 16 / 36 more bytes before the children.
  const version = buf.readUInt16BE(payloadStart(sample) + 8);
  const fixed = 28 + (version === 1 ? 16 : version === 2 ? 36 : 0);
  const esds = findChild(buf, sample, 'esds', fixed);
  return esds === undefined ? undefined : parseEsds(buf.subarray(payloadStart(esds), esds.end));
}

function parseBrands(ftyp: Buffer): string[] {
  const box = headerAt(ftyp);
  const brands = [ftyp.toString('latin1', box.headerSize, box.headerSize + 4)];
  for (let p = box.headerSize + 8; p + 4 <= box.end; p += 4) brands.push(ftyp.toString('latin1', p, p + 4));
  return brands;
}

function headerAt(box: Buffer): BoxHeader {
  const header = parseBoxHeader(box, 0, box.length);
  if (header === undefined || header.end !== box.length) {
    throw new Fmp4FormatError('bad-box', 'A box buffer does not hold exactly one box.');
  }
  return header;
}
