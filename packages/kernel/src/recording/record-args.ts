/**
 * The recording ffmpeg command (after `build_record_command` in the Rust original's recorder.rs,
 * docs/reference.md): stream copy from the camera into fragmented-MP4 segments numbered by ffmpeg,
 * each finished segment reported on the segment list. Pure: settings in, arguments out — the same
 * builder serves the primary
 * recorder, the event recorder's staging stream and a mirror (a different `outputPattern`).
 */

import { DEFAULT_IO_TIMEOUT_MS, inputKindOf } from '../ffmpeg/input-kind.js';
import { liveOutputArgs } from './live-output-args.js';
import { MAX_SEGMENT_SECONDS, MIN_SEGMENT_SECONDS } from './segment-limits.js';

export interface RecordSettings {
  /** rtsp://, rtsps://, http://, https:// or a local file path (file: URLs too). */
  inputUrl: string;
  /** Target segment length, 2–3600 s. Segments cut at the first keyframe after it. */
  segmentSeconds: number;
  /** Copy the first audio stream when there is one; otherwise record video only. */
  recordAudio: boolean;
  /**
   * Output path with ffmpeg's segment number field, e.g.
   * `/data/recordings/.staging/cam1/20261121T051215123Z-a1b2-%06d.mp4`: a prefix unique to the run and
   * the segment's number in it, so no two files of any run can share a name (a wall-clock name with
   * 1 s resolution did: a short first segment and the next one opened within the same second).
   * The segment's wall-clock start comes from the segment list and the prft boxes, not from its name.
   */
  outputPattern: string;
  /** Where ffmpeg writes the CSV segment list; default `pipe:1` (our stdout). */
  segmentListTarget?: string;
  /**
   * File inputs only (demo, tests): read at native speed (`-re`) and loop forever
   * (`-stream_loop -1`), so a file behaves like a live camera.
   */
  loopFile?: boolean;
  /** Network socket I/O timeout for rtsp/http inputs; default 15000 ms. A camera silent this long ends the run. */
  ioTimeoutMs?: number;
  /**
   * Backfill: stop the recording this many seconds into the input (`-t`), on any frame — a replay
   * that runs on past a gap's end is cut there instead of overlapping the footage after it.
   */
  maxSeconds?: number;
  /**
   * Also write the live copy (live-output-args.ts) to `pipe:3`, after the segment output, with the
   * same audio as the segments. The caller must drain fd 3 (FfmpegProcess's extraOutput).
   */
  liveOutput?: boolean;
  /**
   * Cut the run's first segment about a second in (at its first keyframe after `cutEarlySeconds`)
   * instead of a whole segment length: a camera that (re)starts — added, failed over, back after an
   * outage — has its first footage indexed seconds sooner. Later segments keep the segment length.
   * The segment list's times then start at `listOriginSeconds` (see RecordCommand). Live recording
   * only: a backfill places its segments by their list times from 0.
   */
  shortFirstSegment?: boolean;
}

export interface RecordCommand {
  args: string[];
  /** Environment for the child: `TZ=UTC`, so anything ffmpeg prints in local time is UTC. */
  env: { TZ: 'UTC' };
  /**
   * Where the run's media begins on the segment list's timeline: 0, or the offset a short first
   * segment needs. ffmpeg lists the first segment as starting at 0 whatever the offset (it starts
   * its list at the origin, not at the first packet); every later time is on the offset timeline.
   */
  listOriginSeconds: number;
}

export const DEFAULT_SEGMENT_LIST_TARGET = 'pipe:1';
/** One `%d` field (optionally zero-padded, e.g. `%06d`) and no other `%` field. */
const SEGMENT_NUMBER_PATTERN = /^[^%]*%0?\d*d[^%]*$/;
/**
 * Live inputs: no frame-rate estimate while ffmpeg probes the stream. By default it reads ~20 frames
 * per stream to guess a frame rate that a stream copy never uses, and writes nothing until then:
 * against the simulator (10 fps) the output opened 2.0–3.1 s after connecting, with this 0.5–1.9 s.
 * So a camera that starts (restart, failover, back after an outage) has its first bytes on disk
 * (`camera_online`) and in the live view that much sooner. Segment cuts do not move: they follow
 * media time from the first packet, probe or not. Every stream's codec parameters are still probed
 * in full, unlike the live view's short `-analyzeduration` (live-args.ts): a recording must not start
 * without its audio track because that track's parameters came late.
 */
const FAST_START_PROBE = ['-fpsprobesize', '0'];

/**
 * `-segment_time_delta`: a keyframe up to this long before a cut point may make the cut. Segments
 * are cut at keyframes, so without it each cut waits for the first keyframe at or after n × segment
 * length of media — on average half a GOP, at most a whole one, after the point. The first segment
 * of every run is indexed that much later (a failover, a drain, a restart: with it, the median in
 * bench/failover.mjs went from 8.9 to 7.8 s against the simulator's 1 s GOP); later segments keep
 * the segment length on average, the cut points moved by a constant. A quarter of the segment
 * length at most, so a 2 s segment is never cut to nothing.
 */
function cutEarlySeconds(segmentSeconds: number): number {
  return Math.min(1, segmentSeconds / 4);
}

/**
 * `-output_ts_offset` for a short first segment. The segment muxer cuts at the first keyframe at or
 * after n × segment length − cutEarly on its own timeline; moving that timeline's start from 0 to
 * segment length − 2 × cutEarly puts the first cut point cutEarly into the media (1 s for segments of
 * 4 s or more; a quarter of the segment below) and every later one a segment length after it. The
 * offset reaches only the segment muxer: with `-reset_timestamps` each file still starts at 0.
 */
function shortFirstSegmentOffset(segmentSeconds: number): number {
  return segmentSeconds - 2 * cutEarlySeconds(segmentSeconds);
}

/**
 * The segments' MP4 options. frag_keyframe+empty_moov: the file is playable while written and up to
 * the last whole fragment after a crash (no moov at the end to lose); default_base_moof: fragments
 * addressable on their own (HLS byte ranges into the files); write_prft=wallclock: a producer
 * reference time box per fragment (server wall clock at mux time), so the indexer can place footage
 * on the wall clock without trusting the camera's clock. flush_packets=1: each fragment reaches the
 * file as soon as it is complete — without it the segment muxer's output buffer kept the whole
 * segment in memory (the staging file stayed 28 bytes until it closed), so a kill -9 of ffmpeg or of
 * Heldar lost the whole segment instead of the fragment being written (one GOP, ~1 s). It must go to
 * the inner mp4 muxer: `-flush_packets 1` on the command line reaches only the segment muxer. All
 * accepted by ffmpeg 5.1 through segment_format_options (checked in record-args.test.ts against the
 * real binary, which also checks that the file grows while its segment is recorded).
 */
export const SEGMENT_MP4_OPTIONS = 'movflags=+frag_keyframe+empty_moov+default_base_moof:write_prft=wallclock:flush_packets=1';

/**
 * Warnings the recording command prints in normal operation, to pass as the process's
 * `dropStderrLine`. ffmpeg 5.1 prints "Unable to write PRFT, no entries in the track" once per
 * segment when audio is recorded: the segment's closing flush writes a last fragment holding only
 * audio, and the prft box refers to the video track (every other fragment does get its prft).
 */
export function isRecorderNoise(line: string): boolean {
  return line.includes('Unable to write PRFT, no entries in the track');
}

/** Builds the recording command; throws on settings ffmpeg would reject or that would lose footage. */
export function buildRecordArgs(settings: RecordSettings): RecordCommand {
  const { inputUrl, segmentSeconds, recordAudio, outputPattern } = settings;
  if (inputUrl.trim() === '') throw new Error('recording input URL is empty');
  if (!Number.isFinite(segmentSeconds) || segmentSeconds < MIN_SEGMENT_SECONDS || segmentSeconds > MAX_SEGMENT_SECONDS) {
    throw new Error(`segment length must be ${MIN_SEGMENT_SECONDS}–${MAX_SEGMENT_SECONDS} s (got ${segmentSeconds})`);
  }
  if (outputPattern.trim() === '') throw new Error('recording output pattern is empty');
  // Without the number every segment gets the same name and overwrites the one before; any other
  // field would be read as the number's format by ffmpeg.
  if (!SEGMENT_NUMBER_PATTERN.test(outputPattern.replace(/%%/g, ''))) {
    throw new Error(`recording output pattern "${outputPattern}" needs exactly one segment number field such as %06d`);
  }
  const ioTimeoutMs = settings.ioTimeoutMs ?? DEFAULT_IO_TIMEOUT_MS;
  if (!Number.isInteger(ioTimeoutMs) || ioTimeoutMs <= 0) {
    throw new Error(`network I/O timeout must be a positive whole number of ms (got ${ioTimeoutMs})`);
  }
  const kind = inputKindOf(inputUrl);
  if (settings.loopFile && kind !== 'file') {
    throw new Error(`loopFile applies to file inputs only, not ${kind} inputs`);
  }

  const inputOptions: string[] = [];
  const ioTimeoutUs = String(ioTimeoutMs * 1000);
  if (kind === 'rtsp') {
    // TCP-interleaved RTP: no lost UDP packets (smeared frames) and it passes NAT/firewalls.
    // -timeout is the RTSP demuxer's socket I/O timeout in µs in ffmpeg ≥ 5 (4.x called it
    // -stimeout, and there -timeout meant listen mode): a camera that stops sending ends the run,
    // so the supervisor reconnects instead of waiting forever.
    inputOptions.push('-rtsp_transport', 'tcp', '-timeout', ioTimeoutUs, ...FAST_START_PROBE);
  } else if (kind === 'http') {
    // The generic protocol-level read/write timeout (µs); the RTSP-only options do not apply.
    inputOptions.push('-rw_timeout', ioTimeoutUs, ...FAST_START_PROBE);
  } else if (settings.loopFile) {
    inputOptions.push('-re', '-stream_loop', '-1');
  }

  // Explicit maps: the first video stream, and the first audio stream only if it exists ('?'), so
  // a camera without audio does not fail and extra streams (ONVIF metadata, a second audio
  // track) are never written. Note: MP4 cannot hold G.711 (pcm_alaw/pcm_mulaw) in ffmpeg 5.1 —
  // copying such audio fails the whole run; such cameras need recordAudio off.
  const streamOptions = recordAudio
    ? ['-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'copy', '-c:a', 'copy']
    : ['-map', '0:v:0', '-c:v', 'copy', '-an'];

  if (settings.maxSeconds !== undefined && !(Number.isFinite(settings.maxSeconds) && settings.maxSeconds > 0)) {
    throw new Error(`recording length must be a positive number of seconds (got ${settings.maxSeconds})`);
  }
  const lengthOptions = settings.maxSeconds === undefined ? [] : ['-t', settings.maxSeconds.toFixed(3)];
  const listOriginSeconds = settings.shortFirstSegment ? shortFirstSegmentOffset(segmentSeconds) : 0;
  const originOptions = listOriginSeconds > 0 ? ['-output_ts_offset', listOriginSeconds.toFixed(3)] : [];

  const args = [
    // No -nostdin: a graceful stop writes `q` to ffmpeg's stdin so it finishes (trailer, segment
    // list entry) the segment it is writing; -nostdin would leave only signals.
    '-hide_banner',
    '-loglevel',
    'warning',
    // Never stop to ask "Overwrite? [y/N]": the question would be read from our stdin pipe.
    '-y',
    ...inputOptions,
    '-i',
    inputUrl,
    ...streamOptions,
    ...lengthOptions,
    ...originOptions,
    '-f',
    'segment',
    '-segment_time',
    String(segmentSeconds),
    '-segment_time_delta',
    cutEarlySeconds(segmentSeconds).toFixed(3),
    '-segment_format',
    'mp4',
    '-segment_format_options',
    SEGMENT_MP4_OPTIONS,
    // Each segment's timestamps start at 0, so every file plays on its own.
    '-reset_timestamps',
    '1',
    // One CSV line `name,start,end` per finished segment (name without directory; start/end in
    // seconds of the run's timeline), written after the segment's last bytes and just before its
    // file is closed — the indexer's signal that the segment is complete.
    '-segment_list',
    settings.segmentListTarget ?? DEFAULT_SEGMENT_LIST_TARGET,
    '-segment_list_type',
    'csv',
    outputPattern,
    // Second output, same input packets: the live view costs no second camera connection.
    ...(settings.liveOutput ? liveOutputArgs({ audio: recordAudio }) : []),
  ];
  return { args, env: { TZ: 'UTC' }, listOriginSeconds };
}
