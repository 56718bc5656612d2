import { statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegProcess } from '../ffmpeg/ffmpeg-process.js';
import { probeMedia } from '../ffmpeg/probe.js';
import { inspectSegment } from './segment-inspector.js';
import { buildRecordArgs, isRecorderNoise, SEGMENT_MP4_OPTIONS, type RecordSettings } from './record-args.js';

const OUT = '/data/recordings/.staging/cam1/20261121T051215123Z-9f3a-%06d.mp4';
const SEGMENT_TAIL = [
  '-f', 'segment',
  '-segment_time', '10',
  '-segment_time_delta', '1.000',
  '-segment_format', 'mp4',
  '-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof:write_prft=wallclock:flush_packets=1',
  '-reset_timestamps', '1',
  '-segment_list', 'pipe:1',
  '-segment_list_type', 'csv',
  OUT,
];
const base: RecordSettings = { inputUrl: 'rtsp://admin:pw@10.0.0.5:554/s1', segmentSeconds: 10, recordAudio: false, outputPattern: OUT };

describe('buildRecordArgs', () => {
  it('records RTSP over TCP with a socket timeout and no frame-rate probe, video only', () => {
    expect(buildRecordArgs(base)).toEqual({
      args: [
        '-hide_banner', '-loglevel', 'warning', '-y',
        '-rtsp_transport', 'tcp', '-timeout', '15000000', '-fpsprobesize', '0',
        '-i', 'rtsp://admin:pw@10.0.0.5:554/s1',
        '-map', '0:v:0', '-c:v', 'copy', '-an',
        ...SEGMENT_TAIL,
      ],
      env: { TZ: 'UTC' },
      listOriginSeconds: 0,
    });
  });

  it('moves the segment timeline by segment length − 2 × the early cut for a short first segment', () => {
    const tenSeconds = buildRecordArgs({ ...base, shortFirstSegment: true });
    expect(tenSeconds.listOriginSeconds).toBe(8);
    // An option of the segment output alone: after the stream maps, before the segment muxer.
    expect(tenSeconds.args.slice(tenSeconds.args.indexOf('-an') + 1, tenSeconds.args.indexOf('-f'))).toEqual(['-output_ts_offset', '8.000']);
    // The shortest segments: an early cut of a quarter, a first segment of half a segment at most.
    expect(buildRecordArgs({ ...base, segmentSeconds: 2, shortFirstSegment: true }).listOriginSeconds).toBe(1);
    expect(buildRecordArgs({ ...base, segmentSeconds: 4, shortFirstSegment: true }).listOriginSeconds).toBe(2);
  });

  it('cuts a backfill replay at maxSeconds, to the millisecond, and refuses a length that is not positive', () => {
    expect(buildRecordArgs({ ...base, maxSeconds: 59.75 }).args).toEqual([
      '-hide_banner', '-loglevel', 'warning', '-y',
      '-rtsp_transport', 'tcp', '-timeout', '15000000', '-fpsprobesize', '0',
      '-i', 'rtsp://admin:pw@10.0.0.5:554/s1',
      '-map', '0:v:0', '-c:v', 'copy', '-an',
      '-t', '59.750',
      ...SEGMENT_TAIL,
    ]);
    expect(() => buildRecordArgs({ ...base, maxSeconds: 0 })).toThrow('recording length must be a positive number of seconds (got 0)');
  });

  it('copies the first audio stream, if any, when recordAudio is on', () => {
    expect(buildRecordArgs({ ...base, inputUrl: 'rtsps://cam.example/live', recordAudio: true, ioTimeoutMs: 5000 }).args).toEqual([
      '-hide_banner', '-loglevel', 'warning', '-y',
      '-rtsp_transport', 'tcp', '-timeout', '5000000', '-fpsprobesize', '0',
      '-i', 'rtsps://cam.example/live',
      '-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'copy', '-c:a', 'copy',
      ...SEGMENT_TAIL,
    ]);
  });

  it('gives HTTP inputs the generic I/O timeout and none of the RTSP options', () => {
    expect(buildRecordArgs({ ...base, inputUrl: 'https://cam.example/video.m3u8' }).args).toEqual([
      '-hide_banner', '-loglevel', 'warning', '-y',
      '-rw_timeout', '15000000', '-fpsprobesize', '0',
      '-i', 'https://cam.example/video.m3u8',
      '-map', '0:v:0', '-c:v', 'copy', '-an',
      ...SEGMENT_TAIL,
    ]);
  });

  it('reads a file as is, or at native speed in a loop for demos and tests', () => {
    const head = ['-hide_banner', '-loglevel', 'warning', '-y'];
    const rest = ['-i', '/media/demo.mp4', '-map', '0:v:0', '-c:v', 'copy', '-an', ...SEGMENT_TAIL];
    expect(buildRecordArgs({ ...base, inputUrl: '/media/demo.mp4' }).args).toEqual([...head, ...rest]);
    expect(buildRecordArgs({ ...base, inputUrl: '/media/demo.mp4', loopFile: true }).args).toEqual([
      ...head, '-re', '-stream_loop', '-1', ...rest,
    ]);
  });

  it('writes the segment list where it is told and takes another output pattern (mirror)', () => {
    const { args } = buildRecordArgs({ ...base, segmentSeconds: 2.5, outputPattern: '/mirror/cam1/run-%03d.mp4', segmentListTarget: '/tmp/list.csv' });
    expect(args).toEqual([
      '-hide_banner', '-loglevel', 'warning', '-y',
      '-rtsp_transport', 'tcp', '-timeout', '15000000', '-fpsprobesize', '0',
      '-i', 'rtsp://admin:pw@10.0.0.5:554/s1',
      '-map', '0:v:0', '-c:v', 'copy', '-an',
      '-f', 'segment',
      '-segment_time', '2.5',
      '-segment_time_delta', '0.625',
      '-segment_format', 'mp4',
      '-segment_format_options', SEGMENT_MP4_OPTIONS,
      '-reset_timestamps', '1',
      '-segment_list', '/tmp/list.csv',
      '-segment_list_type', 'csv',
      '/mirror/cam1/run-%03d.mp4',
    ]);
    expect(args).not.toContain('-nostdin');
  });

  it('rejects settings that ffmpeg would refuse or that would lose footage', () => {
    expect(() => buildRecordArgs({ ...base, segmentSeconds: 1 })).toThrow('segment length must be 2–3600 s (got 1)');
    expect(() => buildRecordArgs({ ...base, segmentSeconds: Number.NaN })).toThrow(/2–3600 s/);
    expect(() => buildRecordArgs({ ...base, segmentSeconds: Number.POSITIVE_INFINITY })).toThrow('segment length must be 2–3600 s (got Infinity)');
    expect(() => buildRecordArgs({ ...base, segmentSeconds: 1e9 })).toThrow(/2–3600 s/);
    expect(() => buildRecordArgs({ ...base, inputUrl: '  ' })).toThrow('recording input URL is empty');
    expect(() => buildRecordArgs({ ...base, outputPattern: '' })).toThrow(/output pattern is empty/);
    expect(() => buildRecordArgs({ ...base, outputPattern: '/rec/cam1/segment.mp4' })).toThrow(/one segment number field/);
    expect(() => buildRecordArgs({ ...base, outputPattern: '/rec/100%%.mp4' })).toThrow(/one segment number field/);
    // A wall-clock (strftime) name is what collided; it is refused, and so is a second field.
    expect(() => buildRecordArgs({ ...base, outputPattern: '/rec/%Y%m%dT%H%M%SZ.mp4' })).toThrow(/one segment number field/);
    expect(() => buildRecordArgs({ ...base, outputPattern: '/rec/%d-%06d.mp4' })).toThrow(/one segment number field/);
    expect(buildRecordArgs({ ...base, outputPattern: '/rec/100%%-%d.mp4' }).args.at(-1)).toBe('/rec/100%%-%d.mp4');
    expect(() => buildRecordArgs({ ...base, loopFile: true })).toThrow('loopFile applies to file inputs only, not rtsp inputs');
    expect(() => buildRecordArgs({ ...base, ioTimeoutMs: 0 })).toThrow(/I\/O timeout/);
    expect(() => buildRecordArgs({ ...base, inputUrl: 'udp://239.0.0.1:1234' })).toThrow('unsupported input "udp:"');
  });
});

describe('isRecorderNoise', () => {
  it('knows the recorder warning that is expected once per segment', () => {
    expect(isRecorderNoise('[mp4 @ 0x55af78032380] Unable to write PRFT, no entries in the track')).toBe(true);
    expect(isRecorderNoise('[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized')).toBe(false);
  });
});

// ---- Against the real ffmpeg 5.1 ---------------------------------------------------------------

const mask = (t: string): string => t.replace(/(rtsps?|https?):\/\/([^:/@\s]+):[^@\s]+@/gi, '$1://$2:***@');

async function waitFor(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('buildRecordArgs with the real ffmpeg', () => {
  let dir = '';
  let source = '';
  let server: Server;
  let port = 0;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'heldar-record-'));
    source = join(dir, 'source.mkv');
    // A 3 s "camera" with a keyframe every second and AAC audio.
    const gen = new FfmpegProcess({
      bin: 'ffmpeg',
      args: [
        '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
        '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10',
        '-f', 'lavfi', '-i', 'sine=sample_rate=48000',
        '-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-c:a', 'aac', source,
      ],
      redact: mask,
      timeoutMs: 30_000,
    });
    const exit = await gen.start().exited;
    if (exit.reason !== 'exited') throw new Error(`cannot make the test source: ${exit.stderrTail}`, { cause: exit.error });
    // A "camera" that accepts the TCP connection and then says nothing.
    server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    port = typeof addr === 'object' && addr ? addr.port : 0;
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('records looped file input into numbered fMP4 segments with prft boxes, listed as they finish', async () => {
    const out = join(dir, 'rec');
    await mkdir(out);
    const { args, env } = buildRecordArgs({
      inputUrl: source,
      loopFile: true,
      segmentSeconds: 2,
      recordAudio: true,
      outputPattern: join(out, 'run-%06d.mp4'),
    });
    const listed: string[] = [];
    const dropped: string[] = [];
    const p: FfmpegProcess = new FfmpegProcess({
      bin: 'ffmpeg',
      args,
      env,
      redact: mask,
      dropStderrLine: (l) => {
        const noise = isRecorderNoise(l);
        if (noise) dropped.push(l);
        return noise;
      },
      startedOn: 'stdout-line',
      startupTimeoutMs: 30_000,
      onStdoutLine: (l) => {
        listed.push(l);
        p.touch();
      },
    });
    p.start();
    await waitFor(() => listed.length >= 2, 'two finished segments', 30_000);
    const exit = await p.stop();
    expect(exit).toMatchObject({ reason: 'stopped', code: 0, signal: null });
    // Every option accepted: nothing on stderr but the known per-segment PRFT warning, dropped.
    expect(exit.stderrTail).toBe('');
    expect(dropped.length).toBeGreaterThan(0);

    const files = (await readdir(out)).sort();
    // The list names the file without its directory; the last segment is listed too.
    expect(listed.map((l) => l.split(',')[0])).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(3);
    // Numbered by ffmpeg from 0, one name per segment.
    expect(files).toEqual(files.map((_, i) => `run-${String(i).padStart(6, '0')}.mp4`));
    let previousEnd = 0;
    for (const line of listed) {
      const [, start, end] = line.split(',').map(Number);
      expect(start).toBeCloseTo(previousEnd, 3); // back to back on the run's timeline
      previousEnd = end ?? Number.NaN;
    }
    for (const f of files) {
      const info = await probeMedia('ffprobe', join(out, f));
      expect(info.streams.map((s) => `${s.type}:${s.codec}`)).toEqual(['video:h264', 'audio:aac']);
      expect(info.durationMs).toBeGreaterThan(0);
      const bytes = await readFile(join(out, f));
      expect(bytes.includes('moof')).toBe(true);
      expect(bytes.includes('prft')).toBe(true);
    }
  });

  it('cuts a short first segment at the first keyframe after a second, then whole segments, on the listed timeline', async () => {
    const out = join(dir, 'short-first');
    await mkdir(out);
    const { args, env, listOriginSeconds } = buildRecordArgs({
      inputUrl: source,
      loopFile: true,
      segmentSeconds: 4,
      recordAudio: true,
      outputPattern: join(out, 'run-%06d.mp4'),
      shortFirstSegment: true,
    });
    const listed: string[] = [];
    const p: FfmpegProcess = new FfmpegProcess({ bin: 'ffmpeg', args, env, redact: mask, dropStderrLine: isRecorderNoise, onStdoutLine: (l) => listed.push(l) });
    p.start();
    await waitFor(() => listed.length >= 2, 'two finished segments', 30_000);
    const exit = await p.stop();
    expect(exit.stderrTail).toBe('');
    const lines = listed.slice(0, 2).map((l) => l.split(','));
    const durations = await Promise.all(lines.map(async ([name]) => (await inspectSegment(join(out, name!))).durationMs));
    // The source has a keyframe every second: the first cut comes at 1 s, the next 4 s later (the
    // files run a few ms longer: their last AAC frame).
    expect(durations.map((ms) => Math.round(ms / 100) / 10)).toEqual([1, 4]);
    // ffmpeg lists the first segment from 0, the rest on the moved timeline: from the origin on,
    // each listed end is its start (the origin at least) plus the file's duration, back to back.
    const [first, second] = lines.map(([, start, end]) => ({ start: Number(start), end: Number(end) }));
    expect(first!.start).toBe(0);
    expect(first!.end).toBeCloseTo(listOriginSeconds + durations[0]! / 1000, 1);
    expect(second!.start).toBeCloseTo(first!.end, 2);
    expect(second!.end).toBeCloseTo(second!.start + durations[1]! / 1000, 1);
  });

  it('writes each fragment to the file as it is made: a kill -9 mid-segment keeps all but the last fragment', async () => {
    const out = join(dir, 'grow');
    await mkdir(out);
    const { args, env } = buildRecordArgs({ inputUrl: source, loopFile: true, segmentSeconds: 60, recordAudio: false, outputPattern: join(out, 'run-%06d.mp4') });
    const p = new FfmpegProcess({ bin: 'ffmpeg', args, env, redact: mask, timeoutMs: 30_000 }).start();
    const file = join(out, 'run-000000.mp4');
    const sizes: number[] = [];
    // The source has a keyframe every second: by 2.5 s into a 60 s segment, two fragments are on disk.
    await waitFor(() => {
      const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      if (sizes.at(-1) !== size) sizes.push(size);
      return sizes.filter((s) => s > 1000).length >= 2;
    }, 'the staging file to grow fragment by fragment', 20_000);
    await p.kill();
    const info = await inspectSegment(file);
    expect(info.fragmentCount).toBeGreaterThanOrEqual(2);
    expect(info.durationMs).toBeGreaterThanOrEqual(1900);
  });

  it('accepts the RTSP options and ends a run against a silent camera after the I/O timeout', async () => {
    const { args, env } = buildRecordArgs({
      inputUrl: `rtsp://admin:hunter2@127.0.0.1:${port}/stream`,
      segmentSeconds: 2,
      recordAudio: false,
      outputPattern: join(dir, 'never-%d.mp4'),
      ioTimeoutMs: 1000,
    });
    const exit = await new FfmpegProcess({ bin: 'ffmpeg', args, env, redact: mask, timeoutMs: 20_000 }).start().exited;
    expect(exit.reason).toBe('failed');
    expect(exit.code).toBe(1);
    expect(exit.ranMs).toBeGreaterThanOrEqual(900);
    expect(exit.stderrTail).not.toMatch(/Unrecognized option|Option .* not found|Error splitting/);
    // ffmpeg echoes the URL with its password; the mask removed it.
    expect(exit.stderrTail).toContain(`rtsp://admin:***@127.0.0.1:${port}/stream`);
    expect(exit.stderrTail).not.toContain('hunter2');
  });

  it('accepts the HTTP timeout option and gives up on a silent server', async () => {
    const { args, env } = buildRecordArgs({
      inputUrl: `http://127.0.0.1:${port}/video`,
      segmentSeconds: 2,
      recordAudio: false,
      outputPattern: join(dir, 'never-%d.mp4'),
      ioTimeoutMs: 1000,
    });
    const exit = await new FfmpegProcess({ bin: 'ffmpeg', args, env, redact: mask, timeoutMs: 20_000 }).start().exited;
    expect(exit.reason).toBe('failed');
    expect(exit.ranMs).toBeGreaterThanOrEqual(900);
    expect(exit.stderrTail).toMatch(/timed out/i);
  });

  it('needs SIGTERM, not q, to stop ffmpeg blocked on a silent camera — the graceful stop escalates', async () => {
    const { args, env } = buildRecordArgs({
      inputUrl: `rtsp://127.0.0.1:${port}/stream`,
      segmentSeconds: 2,
      recordAudio: false,
      outputPattern: join(dir, 'never-%d.mp4'),
    });
    // A connection of this ffmpeg, not one an earlier test's ffmpeg left open: a SIGTERM that came
    // before ffmpeg installed its signal handlers would kill it outright.
    const earlier = new Set(sockets);
    const p = new FfmpegProcess({ bin: 'ffmpeg', args, env, redact: mask, quitGraceMs: 300, termGraceMs: 5000 }).start();
    await waitFor(() => [...sockets].some((s) => !earlier.has(s)), 'ffmpeg to connect', 10_000);
    const t0 = Date.now();
    const exit = await p.stop();
    expect(exit.reason).toBe('stopped');
    // q went unread; SIGTERM interrupted the blocked connect (ffmpeg then exits with code 1),
    // long before the 15 s I/O timeout and without needing SIGKILL.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(exit.signal).not.toBe('SIGKILL');
    expect(exit.code).toBe(1);
  });
});
