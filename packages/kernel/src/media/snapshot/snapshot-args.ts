/** What one snapshot decode needs: where in the piped fragment the wanted frame sits. */
export interface SnapshotDecode {
  /** Seconds from the first frame of the piped fragment to the wanted frame (≥ 0). */
  offsetSeconds: number;
  /** JPEG quality on ffmpeg's mjpeg scale, 2 (best) … 31. */
  quality?: number;
}

const DEFAULT_QUALITY = 3;

/**
 * ffmpeg arguments that read an init segment plus one keyframe-led fragment from stdin and write the
 * frame `offsetSeconds` into it as one JPEG on stdout. The fragment has to be decoded from its
 * keyframe anyway; `-ss` after `-i` decodes and drops the frames before the offset (an input-side
 * seek would need a seekable input, and stdin is not). Timestamps start at zero on the first frame
 * because ffmpeg subtracts the input's start time, whatever the fragment's decode time in its file.
 * @throws Error for an offset that is negative or not finite, or a quality outside 2–31.
 */
export function buildSnapshotArgs(decode: SnapshotDecode): string[] {
  const { offsetSeconds, quality = DEFAULT_QUALITY } = decode;
  if (!Number.isFinite(offsetSeconds) || offsetSeconds < 0) throw new Error(`snapshot offset must be a finite number ≥ 0, got ${offsetSeconds}`);
  if (!Number.isInteger(quality) || quality < 2 || quality > 31) throw new Error(`snapshot quality must be an integer from 2 to 31, got ${quality}`);
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    // The piped bytes are an MP4 by construction; naming the demuxer skips format probing.
    '-f',
    'mp4',
    '-i',
    'pipe:0',
    '-ss',
    offsetSeconds.toFixed(3),
    '-map',
    '0:v:0',
    '-frames:v',
    '1',
    '-c:v',
    'mjpeg',
    // Full-range 4:2:0, what JPEG viewers expect; the mjpeg encoder refuses limited-range yuv420p.
    '-pix_fmt',
    'yuvj420p',
    '-q:v',
    String(quality),
    '-f',
    'mjpeg',
    'pipe:1',
  ];
}
