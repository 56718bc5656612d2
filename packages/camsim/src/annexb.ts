/** H.264 NAL unit types this simulator cares about (ITU-T H.264 table 7-1). */
export const NAL = Object.freeze({
  SLICE: 1,
  IDR: 5,
  SEI: 6,
  SPS: 7,
  PPS: 8,
  AUD: 9,
  FILLER: 12,
});

export function nalType(nal: Uint8Array): number {
  return (nal[0] ?? 0) & 0x1f;
}

/**
 * Splits an Annex B byte stream into NAL units (without start codes). Both 3- and 4-byte start
 * codes are accepted; trailing zero bytes before a start code belong to the start code.
 */
export function splitAnnexB(data: Buffer): Buffer[] {
  const nals: Buffer[] = [];
  let start = -1;
  let i = 0;
  const n = data.length;
  while (i + 2 < n) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      if (start >= 0) pushTrimmed(nals, data, start, i);
      i += 3;
      start = i;
    } else {
      i += 1;
    }
  }
  if (start >= 0) pushTrimmed(nals, data, start, n);
  return nals;
}

function pushTrimmed(out: Buffer[], data: Buffer, start: number, end: number): void {
  let e = end;
  // The zero before "00 00 01" of a 4-byte start code (and any trailing_zero_8bits) is not NAL data.
  while (e > start && data[e - 1] === 0) e -= 1;
  if (e > start) out.push(data.subarray(start, e));
}

function isVcl(type: number): boolean {
  return type >= 1 && type <= 5;
}

/** first_mb_in_slice == 0 is coded as a single '1' bit, so the first slice of a picture has the top bit set. */
function startsPicture(nal: Buffer): boolean {
  return ((nal[1] ?? 0) & 0x80) !== 0;
}

export interface AccessUnit {
  nals: Buffer[];
  /** Contains an IDR slice. */
  key: boolean;
}

/**
 * Groups NAL units into access units (one per frame): a new unit starts at an AUD, SPS, PPS or SEI
 * that follows a slice, or at a slice whose first_mb_in_slice is 0 (H.264 7.4.1.2.3).
 */
export function groupAccessUnits(nals: readonly Buffer[]): AccessUnit[] {
  const units: AccessUnit[] = [];
  let current: Buffer[] = [];
  let sawVcl = false;
  const flush = (): void => {
    if (current.length > 0 && sawVcl) {
      units.push({ nals: current, key: current.some((n) => nalType(n) === NAL.IDR) });
    }
    current = [];
    sawVcl = false;
  };
  for (const nal of nals) {
    const type = nalType(nal);
    if (isVcl(type)) {
      if (sawVcl && startsPicture(nal)) flush();
      current.push(nal);
      sawVcl = true;
    } else {
      if (sawVcl && (type === NAL.AUD || type === NAL.SPS || type === NAL.PPS || type === NAL.SEI)) flush();
      current.push(nal);
    }
  }
  flush();
  return units;
}
