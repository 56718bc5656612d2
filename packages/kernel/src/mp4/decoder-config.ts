import { type BoxHeader, childBoxes, findChild, parseBoxHeader, payloadStart, requireChild } from './box-reader.js';
import { Fmp4FormatError } from './fmp4-error.js';
import { parseInitSegment, type TrackDefaults } from './init-segment.js';

/** An H.264 track's decoder configuration, from its avcC box. */
export interface AvcDecoderConfig {
  readonly trackId: number;
  readonly timescale: number;
  readonly defaults: TrackDefaults;
  /** Parameter set NAL units (without start codes or length prefixes). */
  readonly sps: readonly Buffer[];
  readonly pps: readonly Buffer[];
  /** Bytes of each NAL unit's length prefix in the samples (lengthSizeMinusOne + 1). */
  readonly nalLengthSize: number;
}

/** An AAC track's decoder configuration, from its esds box. */
export interface AacDecoderConfig {
  readonly trackId: number;
  readonly timescale: number;
  readonly defaults: TrackDefaults;
  readonly sampleRate: number;
  readonly channels: number;
  /** The AudioSpecificConfig bytes (ISO/IEC 14496-3 1.6.2.1). */
  readonly audioSpecificConfig: Buffer;
}

export interface DecoderConfigs {
  /** The first H.264 (avc1/avc3) track, if any. */
  readonly video: AvcDecoderConfig | undefined;
  /** The first AAC (mp4a, object type 0x40) track with an AudioSpecificConfig, if any. */
  readonly audio: AacDecoderConfig | undefined;
}

// VisualSampleEntry and AudioSampleEntry: fixed fields before their child boxes.
const VISUAL_ENTRY_FIXED = 78;
const AUDIO_ENTRY_FIXED = 28;

/**
 * What a packetiser needs from an init segment (ftyp + moov) that InitInfo leaves out: the H.264
 * parameter sets and NAL length size, and the AAC AudioSpecificConfig. Other codecs are left out.
 * @throws Fmp4FormatError when the init segment is malformed.
 */
export function parseDecoderConfigs(init: Buffer): DecoderConfigs {
  const info = parseInitSegment(init);
  let video: AvcDecoderConfig | undefined;
  let audio: AacDecoderConfig | undefined;
  try {
    const moov = topLevel(init, 'moov');
    for (const trak of childBoxes(init, payloadStart(moov), moov.end)) {
      if (trak.type !== 'trak') continue;
      const tkhd = requireChild(init, trak, 'tkhd');
      const trackId = init.readUInt32BE(payloadStart(tkhd) + (init.readUInt8(payloadStart(tkhd)) === 1 ? 20 : 12));
      const track = info.tracks.find((t) => t.trackId === trackId);
      const entry = sampleEntry(init, trak);
      if (track === undefined || entry === undefined) continue;
      const base = { trackId, timescale: track.timescale, defaults: track.defaults };
      if (video === undefined && (entry.type === 'avc1' || entry.type === 'avc3')) {
        const avcC = findChild(init, entry, 'avcC', VISUAL_ENTRY_FIXED);
        if (avcC !== undefined) video = { ...base, ...parseAvcC(init.subarray(payloadStart(avcC), avcC.end)) };
      } else if (audio === undefined && entry.type === 'mp4a') {
        const esds = findChild(init, entry, 'esds', AUDIO_ENTRY_FIXED);
        const asc = esds === undefined ? undefined : audioSpecificConfig(init.subarray(payloadStart(esds) + 4, esds.end));
        if (asc !== undefined) {
          audio = { ...base, sampleRate: track.sampleRate ?? track.timescale, channels: track.channelCount ?? 2, audioSpecificConfig: asc };
        }
      }
    }
  } catch (e: unknown) {
    if (e instanceof RangeError) throw new Fmp4FormatError('bad-box', 'A sample entry of the moov is malformed.', { cause: e });
    throw e;
  }
  return { video, audio };
}

function topLevel(buf: Buffer, type: string): BoxHeader {
  for (let pos = 0; pos < buf.length; ) {
    const header = parseBoxHeader(buf, pos, buf.length);
    if (header === undefined) break;
    if (header.type === type) return header;
    pos = header.end;
  }
  throw new Fmp4FormatError('truncated-init', `The init segment has no '${type}' box.`);
}

function sampleEntry(buf: Buffer, trak: BoxHeader): BoxHeader | undefined {
  const mdia = requireChild(buf, trak, 'mdia');
  const stsd = requireChild(buf, requireChild(buf, requireChild(buf, mdia, 'minf'), 'stbl'), 'stsd');
  // stsd is a full box with an entry count before its children.
  const first = childBoxes(buf, payloadStart(stsd) + 8, stsd.end).next();
  return first.done === true ? undefined : first.value;
}

/** AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1). */
function parseAvcC(avcC: Buffer): Pick<AvcDecoderConfig, 'sps' | 'pps' | 'nalLengthSize'> {
  const nalLengthSize = (avcC.readUInt8(4) & 0x03) + 1;
  let pos = 5;
  const readSets = (count: number): Buffer[] => {
    const sets: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const length = avcC.readUInt16BE(pos);
      if (pos + 2 + length > avcC.length) throw new RangeError('parameter set runs past avcC');
      sets.push(Buffer.from(avcC.subarray(pos + 2, pos + 2 + length)));
      pos += 2 + length;
    }
    return sets;
  };
  const sps = readSets(avcC.readUInt8(pos++) & 0x1f);
  const pps = readSets(avcC.readUInt8(pos++));
  return { sps, pps, nalLengthSize };
}

/** The DecoderSpecificInfo (tag 5) inside the ES_Descriptor → DecoderConfigDescriptor of an esds payload. */
function audioSpecificConfig(descriptors: Buffer): Buffer | undefined {
  const es = descriptor(descriptors, 0, 0x03);
  if (es === undefined) return undefined;
  let pos = es.start + 2;
  const flags = descriptors.readUInt8(pos++);
  if ((flags & 0x80) !== 0) pos += 2; // dependsOn_ES_ID
  if ((flags & 0x40) !== 0) pos += 1 + descriptors.readUInt8(pos); // URL
  if ((flags & 0x20) !== 0) pos += 2; // OCR_ES_Id
  const dc = descriptor(descriptors, pos, 0x04);
  if (dc === undefined || descriptors.readUInt8(dc.start) !== 0x40) return undefined;
  const dsi = descriptor(descriptors, dc.start + 13, 0x05);
  return dsi === undefined || dsi.end - dsi.start < 2 ? undefined : Buffer.from(descriptors.subarray(dsi.start, dsi.end));
}

/** The descriptor at `pos` when it has `tag` (sizes use 7 bits per byte, high bit = more follows). */
function descriptor(buf: Buffer, pos: number, tag: number): { start: number; end: number } | undefined {
  if (pos >= buf.length || buf.readUInt8(pos) !== tag) return undefined;
  let size = 0;
  let p = pos + 1;
  for (let i = 0; i < 4; i++) {
    const b = buf.readUInt8(p++);
    size = (size << 7) | (b & 0x7f);
    if ((b & 0x80) === 0) break;
  }
  return p + size > buf.length ? undefined : { start: p, end: p + size };
}
