// Length: the tests of the one process class, one per exit reason and stop path.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { FfmpegProcess, type FfmpegProcessOptions } from './ffmpeg-process.js';
import { probeMedia } from './probe.js';

const SECRET = 'hunter2';
const mask = (text: string): string => text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi, '$1***@');

/** Node itself as a fake ffmpeg: `script` runs with `node -e`, extra args land in process.argv[1..]. */
function fake(script: string, opts: Partial<FfmpegProcessOptions> = {}, extraArgs: string[] = []): FfmpegProcess {
  return new FfmpegProcess({ bin: process.execPath, args: ['-e', script, ...extraArgs], redact: mask, name: 'fake', ...opts });
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function capturingLogger(): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), text: () => chunks.join('') };
}

// A child that says "ready", then ignores `q` (reads and discards stdin) and keeps running.
const IGNORES_Q = `process.stdin.on('data', () => {}); setInterval(() => {}, 1000); process.stdout.write('ready\\n');`;
// The same, and it also ignores SIGTERM.
const IGNORES_Q_AND_TERM = `process.on('SIGTERM', () => process.stderr.write('ignoring SIGTERM\\n')); ${IGNORES_Q}`;
// A child that quits cleanly on `q`, like ffmpeg.
const QUITS_ON_Q = `process.stdin.on('data', (d) => { if (String(d).includes('q')) { process.stderr.write('[out] finishing last segment\\n'); process.exit(0); } }); process.stdout.write('ready\\n');`;

describe('FfmpegProcess with a fake ffmpeg', () => {
  it('reports a clean exit as `exited` with the pid of the child', async () => {
    const lines: string[] = [];
    const p = fake(`process.stdout.write(String(process.pid) + '\\n')`, { onStdoutLine: (l) => lines.push(l) }).start();
    expect(p.pid).toBeGreaterThan(0);
    const exit = await p.exited;
    expect(exit).toMatchObject({ reason: 'exited', code: 0, signal: null, stderrTail: '' });
    expect(exit.error).toBeUndefined();
    expect(lines).toEqual([String(p.pid)]);
    expect(exit.ranMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a non-zero exit as `failed` with the last stderr line in the error', async () => {
    const exit = await fake(`process.stderr.write('first\\nrtsp://cam: Connection refused\\n'); process.exit(3)`).start().exited;
    expect(exit.reason).toBe('failed');
    expect(exit.code).toBe(3);
    expect(exit.stderrTail).toBe('first\nrtsp://cam: Connection refused');
    expect(exit.error?.message).toBe('fake exited with code 3: rtsp://cam: Connection refused');
  });

  it('resolves `failed` naming the binary when it does not exist, without an unhandled rejection', async () => {
    const { logger, text } = capturingLogger();
    const p = new FfmpegProcess({
      bin: '/nonexistent/bin/ffmpeg-heldar',
      args: ['-i', `rtsp://admin:${SECRET}@cam/stream`],
      redact: mask,
      logger,
    });
    const exit = await p.start().exited;
    expect(exit.reason).toBe('failed');
    expect(exit.code).toBeNull();
    expect(exit.ranMs).toBe(0);
    expect(exit.error?.message).toContain('/nonexistent/bin/ffmpeg-heldar');
    expect(exit.error?.message).toContain('no such file');
    // Node's spawn error carries the raw argv (spawnargs); none of it may reach the error or the log.
    expect(JSON.stringify(exit.error, Object.getOwnPropertyNames(exit.error))).not.toContain(SECRET);
    expect(JSON.stringify((exit.error?.cause ?? {}) as object, Object.getOwnPropertyNames(exit.error?.cause ?? {}))).not.toContain(SECRET);
    expect(text()).toContain('ffmpeg-heldar');
    expect(text()).not.toContain(SECRET);
  });

  it('masks credentials in the command line, the stderr tail, the error and the log', async () => {
    const { logger, text } = capturingLogger();
    const seen: string[] = [];
    const url = `rtsp://admin:${SECRET}@10.0.0.5:554/stream1`;
    const p = fake(
      `process.stderr.write('Opening ' + process.argv[1] + '\\n' + process.argv[1] + ': 401 Unauthorized\\n'); process.exit(1)`,
      { logger, onStderrLine: (l) => seen.push(l) },
      [url],
    );
    expect(p.commandLine).toContain('rtsp://admin:***@10.0.0.5:554/stream1');
    const exit = await p.start().exited;
    expect(exit.reason).toBe('failed');
    expect(exit.stderrTail).toBe('Opening rtsp://admin:***@10.0.0.5:554/stream1\nrtsp://admin:***@10.0.0.5:554/stream1: 401 Unauthorized');
    expect(seen.join('\n')).toBe(exit.stderrTail);
    for (const s of [p.commandLine, exit.stderrTail, exit.error?.message ?? '', text()]) expect(s).not.toContain(SECRET);
    expect(text()).toContain('401 Unauthorized');
  });

  it('drops known noise lines before the tail and the stderr callback', async () => {
    const seen: string[] = [];
    const exit = await fake(`process.stderr.write('noise 1\\nreal problem\\nnoise 2\\n')`, {
      dropStderrLine: (l) => l.startsWith('noise'),
      onStderrLine: (l) => seen.push(l),
    }).start().exited;
    expect(exit.stderrTail).toBe('real problem');
    expect(seen).toEqual(['real problem']);
  });

  it('drains a flood of stderr and keeps only the last 8 KiB, starting on a line boundary', async () => {
    // ~1.2 MB: a pipe holds 64 KiB, so the child blocks for good unless stderr is read continuously.
    const script = `for (let i = 0; i < 20000; i++) process.stderr.write('line ' + i + ' ' + 'x'.repeat(50) + '\\n');`;
    const exit = await fake(script, { timeoutMs: 30_000 }).start().exited;
    expect(exit.reason).toBe('exited');
    expect(Buffer.byteLength(exit.stderrTail)).toBeLessThanOrEqual(8192);
    expect(Buffer.byteLength(exit.stderrTail)).toBeGreaterThan(8000);
    const tailLines = exit.stderrTail.split('\n');
    expect(tailLines.at(-1)).toBe(`line 19999 ${'x'.repeat(50)}`);
    for (const l of tailLines) expect(l).toMatch(/^line \d+ x{50}$/);
  });

  it('splits stdout into lines across chunks and flushes an unterminated last line', async () => {
    const lines: string[] = [];
    const script = `process.stdout.write('a.mp4,0.000000,2.000000\\nb.mp4,2.0'); setTimeout(() => { process.stdout.write('00000,4.000000\\r\\nc.mp4,4.000000,5.000000'); }, 50);`;
    const exit = await fake(script, { onStdoutLine: (l) => lines.push(l) }).start().exited;
    expect(exit.reason).toBe('exited');
    expect(lines).toEqual(['a.mp4,0.000000,2.000000', 'b.mp4,2.000000,4.000000', 'c.mp4,4.000000,5.000000']);
  });

  it('hands raw stdout bytes to onStdoutData instead of lines, and counts the first chunk as the start', async () => {
    const chunks: Buffer[] = [];
    const lines: string[] = [];
    const p = fake(`process.stdout.write(Buffer.from([0xff, 0xd8, 0x0a, 0x00, 0xff, 0xd9]))`, {
      onStdoutData: (c) => chunks.push(c),
      onStdoutLine: (l) => lines.push(l),
      startedOn: 'stdout-line',
      startupTimeoutMs: 10_000,
    }).start();
    expect((await p.exited).reason).toBe('exited');
    expect(p.started).toBe(true);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from([0xff, 0xd8, 0x0a, 0x00, 0xff, 0xd9]));
    expect(lines).toEqual([]);
  });

  it('writes stdinData to the child and closes its stdin (input on pipe:0)', async () => {
    const input = Buffer.alloc(300_000, 7);
    const chunks: Buffer[] = [];
    const p = fake(`const got = []; process.stdin.on('data', (d) => got.push(d)); process.stdin.on('end', () => process.stdout.write(String(Buffer.concat(got).length)));`, {
      stdinData: input,
      onStdoutData: (c) => chunks.push(c),
      stopMode: 'kill',
    }).start();
    expect((await p.exited).reason).toBe('exited');
    expect(Buffer.concat(chunks).toString()).toBe('300000');
  });

  it('passes env and cwd to the child', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'heldar-proc-'));
    try {
      const lines: string[] = [];
      const exit = await fake(`console.log(process.env.TZ + ' ' + process.env.HELDAR_PROBE_VAR + ' ' + process.cwd())`, {
        env: { TZ: 'UTC', HELDAR_PROBE_VAR: 'yes' },
        cwd: dir,
        onStdoutLine: (l) => lines.push(l),
      }).start().exited;
      expect(exit.reason).toBe('exited');
      expect(lines).toEqual([`UTC yes ${dir}`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops gracefully with q: the child finishes on its own, before any signal', async () => {
    const p = fake(QUITS_ON_Q, { startedOn: 'stdout-line', quitGraceMs: 10_000 }).start();
    await waitFor(() => p.started, 'the child to start');
    const exit = await p.stop();
    expect(exit).toMatchObject({ reason: 'stopped', code: 0, signal: null });
    expect(exit.stderrTail).toBe('[out] finishing last segment');
    expect(exit.error).toBeUndefined();
    expect(exit.ranMs).toBeLessThan(10_000);
  });

  it('sends SIGTERM after the quit grace when q is ignored', async () => {
    const p = fake(IGNORES_Q, { startedOn: 'stdout-line', quitGraceMs: 200, termGraceMs: 10_000 }).start();
    await waitFor(() => p.started, 'the child to start');
    const t0 = Date.now();
    const exit = await p.stop();
    expect(exit).toMatchObject({ reason: 'stopped', code: null, signal: 'SIGTERM' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('kills with SIGKILL when q and SIGTERM are both ignored', async () => {
    const p = fake(IGNORES_Q_AND_TERM, { startedOn: 'stdout-line', quitGraceMs: 150, termGraceMs: 150 }).start();
    await waitFor(() => p.started, 'the child to start');
    const t0 = Date.now();
    const exit = await p.stop();
    expect(exit).toMatchObject({ reason: 'stopped', code: null, signal: 'SIGKILL' });
    expect(exit.stderrTail).toBe('ignoring SIGTERM');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('kill() ends the child at once, also in the middle of a graceful stop', async () => {
    const p = fake(IGNORES_Q_AND_TERM, { startedOn: 'stdout-line', quitGraceMs: 60_000 }).start();
    await waitFor(() => p.started, 'the child to start');
    const graceful = p.stop();
    const t0 = Date.now();
    const exit = await p.kill();
    expect(await graceful).toBe(exit);
    expect(exit).toMatchObject({ reason: 'stopped', signal: 'SIGKILL' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('times out when no start signal comes, even if the child ignores q', async () => {
    const p = fake(IGNORES_Q, { startupTimeoutMs: 200, quitGraceMs: 200, termGraceMs: 10_000 }).start();
    const exit = await p.exited;
    expect(exit.reason).toBe('timeout');
    expect(exit.signal).toBe('SIGTERM');
    expect(exit.error?.message).toBe('fake did not start within 200 ms');
    expect(exit.ranMs).toBeGreaterThanOrEqual(380);
    expect(p.started).toBe(false);
  });

  it('does not time out once the first stdout line marked it started', async () => {
    // 1.5 s: a Node child on two busy cores can take longer than 300 ms to print its first line.
    const spawnedAt = Date.now();
    const p = fake(QUITS_ON_Q, { startedOn: 'stdout-line', startupTimeoutMs: 1500 }).start();
    await waitFor(() => p.started, 'the child to start');
    // Outlive the start-up deadline (polling, not a fixed sleep: we need its timer to have passed).
    const until = spawnedAt + 1700;
    await waitFor(() => Date.now() > until, 'the start-up deadline to pass');
    expect(p.running).toBe(true);
    expect((await p.stop()).reason).toBe('stopped');
  });

  it('is `stalled` when touches stop coming, and not while they come', async () => {
    const touches: number[] = [];
    // Ten progress lines 50 ms apart, then silence; ignores q like an ffmpeg stuck in I/O.
    const script = `let n = 0; const t = setInterval(() => { process.stdout.write('seg' + n + '\\n'); if (++n === 10) clearInterval(t); }, 50); process.stdin.on('data', () => {}); setInterval(() => {}, 1000);`;
    const p: FfmpegProcess = fake(script, {
      startupTimeoutMs: 5000,
      stallTimeoutMs: 300,
      quitGraceMs: 100,
      termGraceMs: 5000,
      onStdoutLine: () => {
        touches.push(Date.now());
        p.touch();
      },
    });
    const exit = await p.start().exited;
    expect(exit.reason).toBe('stalled');
    expect(touches).toHaveLength(10);
    expect(exit.error?.message).toMatch(/^fake made no progress for \d+ ms \(limit 300 ms\)$/);
    // Stopped 300 ms (+ 100 ms quit grace) after the last touch, not 300 ms after the start.
    expect(exit.ranMs).toBeGreaterThanOrEqual(750);
  });

  it('watches for stalls from spawn when there is no start-up deadline', async () => {
    const exit = await fake(IGNORES_Q, { stallTimeoutMs: 200, stopMode: 'kill' }).start().exited;
    expect(exit).toMatchObject({ reason: 'stalled', signal: 'SIGKILL' });
  });

  it('ends at the whole-run deadline, killed at once in kill mode', async () => {
    const exit = await fake(IGNORES_Q_AND_TERM, { timeoutMs: 200, stopMode: 'kill' }).start().exited;
    expect(exit).toMatchObject({ reason: 'timeout', signal: 'SIGKILL' });
    expect(exit.error?.message).toBe('fake did not finish within 200 ms');
  });

  it('stops when its abort signal fires', async () => {
    const ac = new AbortController();
    const p = fake(QUITS_ON_Q, { startedOn: 'stdout-line', signal: ac.signal }).start();
    await waitFor(() => p.started, 'the child to start');
    ac.abort();
    expect(await p.exited).toMatchObject({ reason: 'stopped', code: 0, signal: null });
  });

  it('never spawns with an already aborted signal', async () => {
    const ac = new AbortController();
    ac.abort();
    const p = fake(`require('fs').writeFileSync('/dev/stderr', 'should not run')`, { signal: ac.signal }).start();
    expect(p.pid).toBeUndefined();
    expect(await p.exited).toMatchObject({ reason: 'stopped', code: null, signal: null, ranMs: 0, stderrTail: '' });
  });

  it('fails the run when a line callback throws', async () => {
    const boom = new Error('indexer bug');
    const p = fake(`process.stdout.write('x.mp4,0,2\\n'); ${IGNORES_Q}`, {
      quitGraceMs: 100,
      onStdoutLine: () => {
        throw boom;
      },
    });
    const exit = await p.start().exited;
    expect(exit.reason).toBe('failed');
    expect(exit.error?.cause).toBe(boom);
  });

  it('hands the bytes of fd 3 (pipe:3) to extraOutput in order, beside the stdout lines', async () => {
    const chunks: Buffer[] = [];
    const lines: string[] = [];
    // 1 MiB in 16 writes: far more than a pipe buffer, so it arrives only if fd 3 is read as it comes.
    const script = `const fs = require('fs'); for (let i = 0; i < 16; i++) fs.writeSync(3, Buffer.alloc(65536, i)); process.stdout.write('done\\n');`;
    const exit = await fake(script, { extraOutput: { onData: (c) => chunks.push(c) }, onStdoutLine: (l) => lines.push(l) }).start().exited;
    expect(exit).toMatchObject({ reason: 'exited', code: 0 });
    const all = Buffer.concat(chunks);
    expect(all.length).toBe(16 * 65536);
    for (let i = 0; i < 16; i++) expect(all[i * 65536]).toBe(i);
    expect(lines).toEqual(['done']);
  });

  it('keeps draining fd 3 after its consumer throws: logged once, the run is not hurt', async () => {
    const { logger, text } = capturingLogger();
    let calls = 0;
    // A child blocked on a full fd 3 would never print 'done'; an EPIPE would make it fail.
    const script = `const fs = require('fs'); for (let i = 0; i < 64; i++) fs.writeSync(3, Buffer.alloc(65536, 1)); process.stdout.write('done\\n');`;
    const lines: string[] = [];
    const exit = await fake(script, {
      logger,
      extraOutput: {
        onData: () => {
          calls += 1;
          throw new Error('viewer broke');
        },
      },
      onStdoutLine: (l) => lines.push(l),
    }).start().exited;
    expect(exit).toMatchObject({ reason: 'exited', code: 0 });
    expect(lines).toEqual(['done']);
    expect(calls).toBe(1);
    expect(text().split('\n').filter((l) => l.includes('extra output callback threw'))).toHaveLength(1);
  });

  it('refuses to start twice', async () => {
    const p = fake('').start();
    expect(() => p.start()).toThrow(/already started/);
    await p.exited;
  });
});

describe('FfmpegProcess with the real ffmpeg', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('records lavfi testsrc into segments and finishes the last one on q', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'heldar-ffmpeg-'));
    dirs.push(dir);
    const listed: string[] = [];
    const p: FfmpegProcess = new FfmpegProcess({
      bin: 'ffmpeg',
      args: [
        '-hide_banner', '-loglevel', 'warning', '-y',
        '-re', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10',
        '-f', 'segment', '-segment_time', '1', '-segment_format', 'mp4',
        '-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof',
        '-reset_timestamps', '1',
        '-segment_list', 'pipe:1', '-segment_list_type', 'csv',
        join(dir, 'seg%03d.mp4'),
      ],
      redact: mask,
      startedOn: 'stdout-line',
      startupTimeoutMs: 20_000,
      stallTimeoutMs: 20_000,
      onStdoutLine: (line) => {
        listed.push(line);
        p.touch();
      },
    });
    p.start();
    await waitFor(() => listed.length >= 2, 'two finished segments', 30_000);
    const exit = await p.stop();
    // `q` alone ended it: exit code 0 and no signal, well before the 5 s SIGTERM stage.
    expect(exit).toMatchObject({ reason: 'stopped', code: 0, signal: null });
    const files = (await readdir(dir)).sort();
    // Every file on disk was reported, the last one included (written during the q shutdown).
    expect(listed.map((l) => l.split(',')[0])).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const line of listed) expect(line).toMatch(/^seg\d{3}\.mp4,\d+\.\d{6},\d+\.\d{6}$/);
    const last = files.at(-1) ?? '';
    const info = await probeMedia('ffprobe', join(dir, last));
    expect(info.durationMs).toBeGreaterThan(0);
    expect(info.streams[0]).toMatchObject({ type: 'video', codec: 'h264', width: 160, height: 120 });
  });
});
