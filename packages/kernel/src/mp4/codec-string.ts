/**
 * RFC 6381 codec strings (the HLS CODECS attribute) from the decoder configuration boxes of a sample
 * entry. Browsers use the string to decide whether they can play a stream before fetching it, so it
 * must describe the real profile/level rather than a guess.
 */

/** `avc1.PPCCLL` from an avcC payload (AVCDecoderConfigurationRecord). */
export function avcCodecString(fourcc: string, avcC: Buffer): string | null {
  if (avcC.length < 4) return null;
  return `${fourcc}.${avcC.subarray(1, 4).toString('hex')}`;
}

/**
 * `hvc1.1.6.L93.B0`-style string from an hvcC payload, following ISO/IEC 14496-15 annex E: profile
 * space letter + profile idc, compatibility flags bit-reversed in hex, tier + level, then the
 * constraint bytes with trailing zero bytes dropped.
 */
export function hevcCodecString(fourcc: string, hvcC: Buffer): string | null {
  if (hvcC.length < 13) return null;
  const b1 = hvcC.readUInt8(1);
  const space = ['', 'A', 'B', 'C'][b1 >> 6] ?? '';
  const tier = (b1 & 0x20) !== 0 ? 'H' : 'L';
  const profileIdc = b1 & 0x1f;
  const compat = reverseBits32(hvcC.readUInt32BE(2)).toString(16).toUpperCase();
  const level = hvcC.readUInt8(12);
  const constraints = [...hvcC.subarray(6, 12)];
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const parts = [fourcc, `${space}${profileIdc}`, compat, `${tier}${level}`];
  for (const byte of constraints) parts.push(byte.toString(16).toUpperCase().padStart(2, '0'));
  return parts.join('.');
}

/** What an esds box says about an audio track. */
export interface EsdsInfo {
  /** `mp4a.40.2`-style RFC 6381 string, null without a DecoderConfigDescriptor. */
  readonly codecString: string | null;
  /**
   * From the AudioSpecificConfig. The sample entry's own channelcount is a template field that ffmpeg
   * writes as 2 even for mono, so this is the value to trust.
   */
  readonly channelCount?: number;
  readonly sampleRate?: number;
}

// ISO/IEC 14496-3 samplingFrequencyIndex.
const AAC_SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/**
 * Parses an esds payload (the full box, version/flags first): the DecoderConfigDescriptor's
 * objectTypeIndication and, for MPEG-4 audio (0x40), the AudioSpecificConfig's object type, sample
 * rate and channel configuration. Without a DecoderSpecificInfo (ffmpeg writes none when it muxes ADTS
 * AAC before seeing a packet) the string stops at `mp4a.40`.
 */
export function parseEsds(esds: Buffer): EsdsInfo {
  const es = findDescriptor(esds, 4, esds.length, 0x03);
  if (es === undefined) return { codecString: null };
  let pos = es.start + 2; // ES_ID
  const esFlags = esds.readUInt8(pos);
  pos += 1;
  if ((esFlags & 0x80) !== 0) pos += 2; // dependsOn_ES_ID
  if ((esFlags & 0x40) !== 0) pos += 1 + (esds[pos] ?? 0); // URL
  if ((esFlags & 0x20) !== 0) pos += 2; // OCR_ES_Id
  const dc = findDescriptor(esds, pos, es.end, 0x04);
  if (dc === undefined || dc.end - dc.start < 13) return { codecString: null };
  const objectType = esds.readUInt8(dc.start);
  const oti = objectType.toString(16).padStart(2, '0');
  if (objectType !== 0x40) return { codecString: `mp4a.${oti}` };
  const dsi = findDescriptor(esds, dc.start + 13, dc.end, 0x05);
  if (dsi === undefined || dsi.end - dsi.start < 2) return { codecString: `mp4a.${oti}` };
  const bits = new BitReader(esds.subarray(dsi.start, dsi.end));
  let aot = bits.read(5);
  // Escape value: the real object type is 32 + the next 6 bits.
  if (aot === 31) aot = 32 + bits.read(6);
  const rateIndex = bits.read(4);
  const sampleRate = rateIndex === 15 ? bits.read(24) : AAC_SAMPLE_RATES[rateIndex];
  const channelConfig = bits.read(4);
  const info = { codecString: `mp4a.${oti}.${aot}` };
  // Channel configuration 0 means "in the program config element"; 7 is 7.1 (8 channels).
  const channelCount = channelConfig === 7 ? 8 : channelConfig > 0 && channelConfig < 7 ? channelConfig : undefined;
  return {
    ...info,
    ...(sampleRate === undefined || bits.overrun ? {} : { sampleRate }),
    ...(channelCount === undefined || bits.overrun ? {} : { channelCount }),
  };
}

/** Codec strings that are just the sample entry name in lower case. */
export function simpleCodecString(fourcc: string): string | null {
  switch (fourcc) {
    case 'Opus':
      return 'opus';
    case 'fLaC':
      return 'flac';
    case 'ac-3':
    case 'ec-3':
      return fourcc;
    default:
      return null;
  }
}

interface DescriptorSpan {
  start: number;
  end: number;
}

// MPEG-4 descriptors (ISO/IEC 14496-1): tag byte, then a size in 1–4 bytes of 7 bits each with a
// continuation bit. Siblings are skipped until the wanted tag is found.
function findDescriptor(buf: Buffer, from: number, to: number, tag: number): DescriptorSpan | undefined {
  let pos = from;
  while (pos + 2 <= to) {
    const thisTag = buf.readUInt8(pos);
    pos += 1;
    let size = 0;
    for (let i = 0; i < 4 && pos < to; i++) {
      const b = buf.readUInt8(pos);
      pos += 1;
      size = (size << 7) | (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    const end = Math.min(pos + size, to);
    if (thisTag === tag) return { start: pos, end };
    pos = end;
  }
  return undefined;
}

function reverseBits32(value: number): number {
  let out = 0;
  for (let i = 0; i < 32; i++) {
    out = (out << 1) | ((value >>> i) & 1);
  }
  return out >>> 0;
}

/** MSB-first bit reader; reading past the end yields zeros and sets `overrun`. */
class BitReader {
  private pos = 0;
  overrun = false;

  constructor(private readonly buf: Buffer) {}

  read(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const byte = this.buf[this.pos >> 3];
      if (byte === undefined) this.overrun = true;
      value = value * 2 + (((byte ?? 0) >> (7 - (this.pos & 7))) & 1);
      this.pos += 1;
    }
    return value;
  }
}
