/** What one snapshot decode needs: where in the piped fragment the wanted frame sits. */
export interface SnapshotDecode {
  /** Position of the wanted frame in the piped fragment, in presentation order (0: its keyframe). */
  frameIndex: number;
  /** JPEG quality on ffmpeg's mjpeg scale, 2 (best) … 31. */
  quality?: number;
}

const DEFAULT_QUALITY = 3;

/**
 * ffmpeg arguments that read an init segment plus one keyframe-led fragment from stdin and write the
 * frame `frameIndex` of it as one JPEG on stdout. The fragment has to be decoded from its keyframe
 * anyway; a `trim` filter right after the decoder drops the frames before the wanted one (an
 * input-side seek would need a seekable input, and stdin is not; an output `-ss` trims only after the
 * pixel-format conversion, which then runs on every dropped 1080p frame). It counts frames rather than
 * comparing times: inside the filter graph the first frame's time is not zero but the B-frame
 * reordering delay, and a count needs no rounding. Most of a snapshot's cost is ffmpeg's start-up: one decoding thread (a GOP is a few dozen
 * frames) keeps that down. Stream probing stays: without it the H.264 decoder learns the B-frame
 * reordering depth only from the frames, and drops the first ones while it adapts.
 * @throws Error for a frame index that is negative or not an integer, or a quality outside 2–31.
 */
export function buildSnapshotArgs(decode: SnapshotDecode): string[] {
  const { frameIndex, quality = DEFAULT_QUALITY } = decode;
  if (!Number.isInteger(frameIndex) || frameIndex < 0) throw new Error(`snapshot frame index must be an integer ≥ 0, got ${frameIndex}`);
  if (!Number.isInteger(quality) || quality < 2 || quality > 31) throw new Error(`snapshot quality must be an integer from 2 to 31, got ${quality}`);
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-threads',
    '1',
    // The piped bytes are an MP4 by construction; naming the demuxer skips format probing.
    '-f',
    'mp4',
    '-i',
    'pipe:0',
    '-map',
    '0:v:0',
    '-vf',
    `trim=start_frame=${frameIndex}`,
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
