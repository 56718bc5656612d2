/**
 * The picture size from an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1). Used to notice a
 * camera that changed resolution mid-stream: stream copy keeps the old size in the MP4 init segment,
 * while the new SPS travels in-band with the keyframes.
 */

class BitReader {
  private bit = 0;
  constructor(private readonly data: Buffer) {}

  u(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.data[this.bit >> 3];
      if (byte === undefined) throw new RangeError('SPS ends early');
      v = v * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return v;
  }

  /** Unsigned Exp-Golomb. */
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) {
      zeros++;
      if (zeros > 31) throw new RangeError('bad Exp-Golomb code');
    }
    return 2 ** zeros - 1 + this.u(zeros);
  }

  se(): number {
    const k = this.ue();
    return k % 2 === 0 ? -(k / 2) : (k + 1) / 2;
  }
}

/** Removes emulation-prevention bytes (00 00 03 → 00 00). */
function unescapeRbsp(nal: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < nal.length; i++) {
    if (i >= 2 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) continue;
    out.push(nal[i]!);
  }
  return Buffer.from(out);
}

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Width and height (after cropping) from an SPS NAL unit including its one-byte header. */
export function spsPictureSize(nal: Buffer): { width: number; height: number } {
  const r = new BitReader(unescapeRbsp(nal.subarray(1)));
  const profile = r.u(8);
  r.u(16); // constraint flags, level
  r.ue(); // seq_parameter_set_id
  let chromaFormat = 1;
  if (HIGH_PROFILES.has(profile)) {
    chromaFormat = r.ue();
    if (chromaFormat === 3) r.u(1);
    r.ue(); // bit_depth_luma
    r.ue(); // bit_depth_chroma
    r.u(1);
    if (r.u(1)) {
      for (let i = 0; i < (chromaFormat === 3 ? 12 : 8); i++) {
        if (!r.u(1)) continue;
        const size = i < 6 ? 16 : 64;
        let last = 8;
        let next = 8;
        for (let j = 0; j < size; j++) {
          if (next !== 0) next = (last + r.se() + 256) % 256;
          last = next === 0 ? last : next;
        }
      }
    }
  }
  r.ue(); // log2_max_frame_num
  const pocType = r.ue();
  if (pocType === 0) r.ue();
  else if (pocType === 1) {
    r.u(1);
    r.se();
    r.se();
    const n = r.ue();
    for (let i = 0; i < n; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.u(1);
  const widthMbs = r.ue() + 1;
  const heightUnits = r.ue() + 1;
  const frameMbsOnly = r.u(1);
  if (!frameMbsOnly) r.u(1);
  r.u(1); // direct_8x8_inference
  let crop = { left: 0, right: 0, top: 0, bottom: 0 };
  if (r.u(1)) crop = { left: r.ue(), right: r.ue(), top: r.ue(), bottom: r.ue() };
  const cropX = chromaFormat === 0 || chromaFormat === 3 ? 1 : 2;
  const cropY = (chromaFormat === 1 ? 2 : 1) * (2 - frameMbsOnly);
  return {
    width: widthMbs * 16 - cropX * (crop.left + crop.right),
    height: (2 - frameMbsOnly) * heightUnits * 16 - cropY * (crop.top + crop.bottom),
  };
}

/**
 * The picture size from the first SPS among length-prefixed NAL units (an MP4 `avc1` sample), or
 * null when the sample carries none before its first slice.
 */
export function inbandPictureSize(sample: Buffer, lengthSize = 4): { width: number; height: number } | null {
  let pos = 0;
  while (pos + lengthSize <= sample.length) {
    const len = sample.readUIntBE(pos, lengthSize);
    pos += lengthSize;
    if (len === 0 || pos + len > sample.length) return null;
    const type = sample[pos]! & 0x1f;
    if (type === 7) return spsPictureSize(sample.subarray(pos, pos + len));
    if (type >= 1 && type <= 5) return null; // a slice: the access unit's parameter sets are behind us
    pos += len;
  }
  return null;
}
