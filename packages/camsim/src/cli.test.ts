import { describe, expect, it } from 'vitest';
import { small } from '../test/support/cameras.js';
import { probe } from '../test/support/ffmpeg.js';
import { waitFor } from '../test/support/processes.js';
import { parseCliArgs } from './cli-args.js';
import { runCli } from './cli-main.js';

describe('parseCliArgs', () => {
  it('builds numbered cameras sharing the given settings', () => {
    const r = parseCliArgs(['--cameras', '3', '--prefix', 'door', '--user', 'u', '--password', 'p', '--auth', 'basic', '--width', '640', '--height', '360', '--fps', '15', '--bitrate-kbps', '800', '--audio', 'pcmu']);
    expect(r.kind).toBe('run');
    if (r.kind !== 'run') return;
    expect(r.config.port).toBe(8554);
    expect(r.config.host).toBe('127.0.0.1');
    expect(r.config.cameras.map((c) => c.name)).toEqual(['door1', 'door2', 'door3']);
    expect(r.config.cameras[2]).toMatchObject({ width: 640, height: 360, fps: 15, bitrateKbps: 800, audio: 'pcmu', auth: 'basic', username: 'u', password: 'p' });
  });

  it('recognises --help', () => {
    expect(parseCliArgs(['--help']).kind).toBe('help');
  });

  it.each([
    [['--cameras', 'x'], /--cameras must be an integer/],
    [['--cameras', '0'], /--cameras must be an integer/],
    [['--port', '70000'], /--port/],
    [['--audio', 'mp3'], /--audio must be one of none, aac, pcmu/],
    [['--user', 'u'], /go together/],
    [['--width', '641'], /even/],
    [['--bogus'], /Unknown option/],
    [['extra'], /unexpected argument/],
  ])('rejects %j', (argv, message) => {
    const r = parseCliArgs(argv);
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' ? r.message : '').toMatch(message);
  });
});

describe('runCli', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    const stop = new AbortController();
    return {
      out,
      stop,
      io: { stdout: (s: string) => (out.stdout += s), stderr: (s: string) => (out.stderr += s), signal: stop.signal },
    };
  };

  it('exits 2 with a message on bad arguments and 0 on --help', async () => {
    const bad = io();
    expect(await runCli(['--cameras', 'many'], bad.io)).toBe(2);
    expect(bad.out.stdout).toBe('');
    expect(bad.out.stderr).toMatch(/--cameras must be an integer[\s\S]*Usage: camsim/);
    const help = io();
    expect(await runCli(['--help'], help.io)).toBe(0);
    expect(help.out.stdout).toMatch(/^Usage: camsim/);
  });

  it('prints one URL per camera on stdout when ready, serves them, and stops cleanly', async () => {
    const s = small('x');
    const t = io();
    const args = ['--cameras', '2', '--port', '0', '--width', String(s.width), '--height', String(s.height), '--bitrate-kbps', String(s.bitrateKbps), '--clip-seconds', String(s.clipSeconds), '--user', 'admin', '--password', 'pw'];
    const exit = runCli(args, t.io);
    const urls = await waitFor('URLs on stdout', () => (t.out.stdout.endsWith('\n') ? t.out.stdout.trim().split('\n') : undefined));
    expect(urls).toHaveLength(2);
    expect(urls[0]).toMatch(/^rtsp:\/\/admin:pw@127\.0\.0\.1:\d+\/cam1$/);
    expect(urls[1]).toMatch(/\/cam2$/);
    const { result, streams } = await probe(urls[1] ?? '');
    expect(result.code, result.stderr).toBe(0);
    expect(streams[0]).toMatchObject({ codec_name: 'h264', width: 320, height: 240 });
    t.stop.abort();
    expect(await exit).toBe(0);
    expect(t.out.stderr).toMatch(/stopping/);
  });
});
