import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegProcess } from '../ffmpeg/ffmpeg-process.js';
import { decodeCheck, probeMedia } from '../ffmpeg/probe.js';
import { liveCarriesAudio, liveOutputArgs } from './live-output-args.js';
import { buildRecordArgs, isRecorderNoise } from './record-args.js';
import { inspectSegment } from './segment-inspector.js';

const FMP4 = ['-c', 'copy', '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '1', '-flush_packets', '1'];

describe('liveOutputArgs', () => {
  it('copies the first video stream, and the first audio stream if any when asked, as fMP4 on pipe:3', () => {
    expect(liveOutputArgs({ audio: false })).toEqual(['-map', '0:v:0', ...FMP4, 'pipe:3']);
    expect(liveOutputArgs({ audio: true, target: 'pipe:1' })).toEqual(['-map', '0:v:0', '-map', '0:a:0?', ...FMP4, 'pipe:1']);
  });

  it('carries AAC audio only', () => {
    expect(liveCarriesAudio('aac')).toBe(true);
    expect(liveCarriesAudio('pcm_mulaw')).toBe(false);
    expect(liveCarriesAudio('pcm_alaw')).toBe(false);
    expect(liveCarriesAudio(null)).toBe(false);
  });

  it('is appended after the segment output of the recording command when asked for', () => {
    const base = { inputUrl: 'rtsp://cam/s1', segmentSeconds: 10, outputPattern: '/rec/run-%06d.mp4' };
    const plain = buildRecordArgs({ ...base, recordAudio: true }).args;
    expect(buildRecordArgs({ ...base, recordAudio: true, liveOutput: false }).args).toEqual(plain);
    expect(buildRecordArgs({ ...base, recordAudio: true, liveOutput: true }).args).toEqual([...plain, ...liveOutputArgs({ audio: true })]);
    const videoOnly = buildRecordArgs({ ...base, recordAudio: false }).args;
    expect(buildRecordArgs({ ...base, recordAudio: false, liveOutput: true }).args).toEqual([...videoOnly, ...liveOutputArgs({ audio: false })]);
  });
});

// ---- Against the real ffmpeg 5.1 ---------------------------------------------------------------

async function waitFor(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function countBoxes(bytes: Buffer, type: string): number {
  let count = 0;
  for (let at = 0; at + 8 <= bytes.length; ) {
    const size = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === type) count += 1;
    if (size < 8) break;
    at += size;
  }
  return count;
}

async function makeSource(file: string, audioCodec: 'aac' | 'pcm_mulaw'): Promise<void> {
  const audio = audioCodec === 'aac' ? ['-c:a', 'aac'] : ['-c:a', 'pcm_mulaw', '-ar', '8000'];
  const exit = await new FfmpegProcess({
    bin: 'ffmpeg',
    args: [
      '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
      '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10',
      '-f', 'lavfi', '-i', 'sine=sample_rate=48000',
      '-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', ...audio, file,
    ],
    redact: (t) => t,
    timeoutMs: 30_000,
  }).start().exited;
  if (exit.reason !== 'exited') throw new Error(`cannot make the test source: ${exit.stderrTail}`);
}

describe('the live output with the real ffmpeg', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'heldar-live-out-'));
    await makeSource(join(dir, 'aac.mkv'), 'aac');
    await makeSource(join(dir, 'g711.mkv'), 'pcm_mulaw');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Records `source` with the live output for at least two segments; returns the live bytes and the segment files. */
  async function recordWithLive(source: string, recordAudio: boolean, name: string): Promise<{ live: Buffer; segments: string[]; stderr: string }> {
    const out = join(dir, name);
    await mkdir(out);
    const { args, env } = buildRecordArgs({ inputUrl: source, loopFile: true, segmentSeconds: 2, recordAudio, outputPattern: join(out, 'run-%06d.mp4'), liveOutput: true });
    const chunks: Buffer[] = [];
    const listed: string[] = [];
    const p: FfmpegProcess = new FfmpegProcess({
      bin: 'ffmpeg',
      args,
      env,
      redact: (t) => t,
      dropStderrLine: isRecorderNoise,
      startedOn: 'stdout-line',
      startupTimeoutMs: 30_000,
      extraOutput: { onData: (c) => chunks.push(c) },
      onStdoutLine: (l) => {
        listed.push(l);
        p.touch();
      },
    }).start();
    await waitFor(() => listed.length >= 2, 'two finished segments', 30_000);
    const exit = await p.stop();
    expect(exit).toMatchObject({ reason: 'stopped', code: 0 });
    const segments = (await readdir(out)).sort().map((f) => join(out, f));
    expect(listed).toHaveLength(segments.length);
    return { live: Buffer.concat(chunks), segments, stderr: exit.stderrTail };
  }

  it('writes, beside the segments, a live fMP4 copy whose bytes decode: init segment, then a fragment per frame', async () => {
    const { live, segments, stderr } = await recordWithLive(join(dir, 'aac.mkv'), true, 'aac');
    expect(stderr).toBe('');
    const file = join(dir, 'aac-live.mp4');
    await writeFile(file, live);
    expect(live.toString('latin1', 4, 8)).toBe('ftyp');
    const info = await probeMedia('ffprobe', file);
    expect(info.streams.map((s) => `${s.type}:${s.codec}`)).toEqual(['video:h264', 'audio:aac']);
    const check = await decodeCheck('ffmpeg', file);
    expect(check.errors).toBe('');
    expect(check.clean).toBe(true);
    // The live copy covers what was recorded (the segments end when ffmpeg stops, like the live output).
    let recordedMs = 0;
    for (const s of segments) recordedMs += (await inspectSegment(s)).durationMs;
    expect(Math.abs(check.decodedMs - recordedMs)).toBeLessThan(500);
    // Short fragments: at least one per video frame (10 fps), not one per GOP (1 s).
    expect(countBoxes(live, 'moof')).toBeGreaterThanOrEqual(Math.floor((recordedMs / 1000) * 10) - 2);
  });

  it('is video only for a camera whose audio MP4 cannot carry (G.711), and still decodes', async () => {
    const { live, stderr } = await recordWithLive(join(dir, 'g711.mkv'), false, 'g711');
    expect(stderr).not.toMatch(/error|fail|invalid/i); // only the demuxer's note on the mono G.711 input
    const file = join(dir, 'g711-live.mp4');
    await writeFile(file, live);
    const info = await probeMedia('ffprobe', file);
    expect(info.streams.map((s) => `${s.type}:${s.codec}`)).toEqual(['video:h264']);
    expect((await decodeCheck('ffmpeg', file)).clean).toBe(true);
  });
});
