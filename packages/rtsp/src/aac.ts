export const AAC_SAMPLES_PER_FRAME = 1024;

const SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

export interface AdtsStream {
  /** Raw AAC frames (ADTS headers stripped). */
  frames: Buffer[];
  sampleRate: number;
  channels: number;
  /** AudioSpecificConfig as hex, for the SDP `config=` parameter. */
  config: string;
}

/** Parses an ADTS stream (what `ffmpeg -f adts` writes) into raw access units. */
export function parseAdts(data: Buffer): AdtsStream {
  const frames: Buffer[] = [];
  let objectType = 0;
  let freqIndex = 0;
  let channels = 0;
  let off = 0;
  while (off + 7 <= data.length) {
    if (data[off] !== 0xff || ((data[off + 1] ?? 0) & 0xf6) !== 0xf0) {
      throw new Error(`ADTS sync lost at byte ${off}`);
    }
    const b1 = data[off + 1] ?? 0;
    const b2 = data[off + 2] ?? 0;
    const b3 = data[off + 3] ?? 0;
    const headerLen = (b1 & 0x01) === 1 ? 7 : 9;
    objectType = ((b2 >> 6) & 0x03) + 1;
    freqIndex = (b2 >> 2) & 0x0f;
    channels = ((b2 & 0x01) << 2) | ((b3 >> 6) & 0x03);
    const frameLen = ((b3 & 0x03) << 11) | ((data[off + 4] ?? 0) << 3) | ((data[off + 5] ?? 0) >> 5);
    if (frameLen < headerLen || off + frameLen > data.length) {
      throw new Error(`ADTS frame at byte ${off} has bad length ${frameLen}`);
    }
    frames.push(data.subarray(off + headerLen, off + frameLen));
    off += frameLen;
  }
  const sampleRate = SAMPLE_RATES[freqIndex];
  if (frames.length === 0 || sampleRate === undefined) throw new Error('no usable ADTS frames');
  const asc = (objectType << 11) | (freqIndex << 7) | (channels << 3);
  return { frames, sampleRate, channels, config: asc.toString(16).padStart(4, '0') };
}

/** RFC 3640 AAC-hbr payload with one AU: 16-bit AU-headers-length, then a 13-bit size + 3-bit index. */
export function aacRtpPayload(frame: Buffer): Buffer {
  if (frame.length >= 1 << 13) throw new RangeError(`AAC frame of ${frame.length} bytes exceeds sizelength=13`);
  const out = Buffer.allocUnsafe(4 + frame.length);
  out.writeUInt16BE(16, 0);
  out.writeUInt16BE(frame.length << 3, 2);
  frame.copy(out, 4);
  return out;
}
