import { createHash } from 'node:crypto';
import { childBoxes, findChild, payloadStart, requireChild } from '../../mp4/box-reader.js';
import { Fmp4FormatError } from '../../mp4/fmp4-error.js';

/**
 * A fingerprint of what decoding an init segment's fragments depends on: per track its id, handler,
 * timescale and sample description (stsd: codec, profile, SPS/PPS, picture size, audio config), plus
 * the mvex defaults. Two segment files with the same key can share one init segment in a clip; a
 * different key (a camera that changed resolution, bitrate profile or codec between recordings) means
 * their fragments cannot follow that init. Creation times and durations in mvhd/tkhd/mdhd are left
 * out on purpose: they differ between recordings of the same stream without changing a single sample.
 * @throws Fmp4FormatError when the buffer holds no moov.
 */
export function codecConfigKey(init: Buffer): string {
  const moov = [...childBoxes(init, 0, init.length)].find((b) => b.type === 'moov');
  if (moov === undefined) throw new Fmp4FormatError('truncated-init', 'The init segment has no moov box.');
  const hash = createHash('sha256');
  for (const box of childBoxes(init, payloadStart(moov), moov.end)) {
    if (box.type === 'mvex') hash.update('mvex').update(init.subarray(box.offset, box.end));
    if (box.type !== 'trak') continue;
    const tkhd = requireChild(init, box, 'tkhd');
    const tkhdVersion = init.readUInt8(payloadStart(tkhd));
    const trackId = init.readUInt32BE(payloadStart(tkhd) + (tkhdVersion === 1 ? 20 : 12));
    const mdia = requireChild(init, box, 'mdia');
    const mdhd = requireChild(init, mdia, 'mdhd');
    const timescale = init.readUInt32BE(payloadStart(mdhd) + (init.readUInt8(payloadStart(mdhd)) === 1 ? 20 : 12));
    const hdlr = requireChild(init, mdia, 'hdlr');
    const handler = init.toString('latin1', payloadStart(hdlr) + 8, payloadStart(hdlr) + 12);
    const stbl = findChild(init, requireChild(init, mdia, 'minf'), 'stbl');
    const stsd = stbl === undefined ? undefined : findChild(init, stbl, 'stsd');
    hash.update(`trak:${trackId}:${handler}:${timescale}:`);
    if (stsd !== undefined) hash.update(init.subarray(stsd.offset, stsd.end));
  }
  return hash.digest('hex');
}
