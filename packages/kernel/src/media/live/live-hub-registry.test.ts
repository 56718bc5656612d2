import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveTap } from '../../recording/live-sink.js';
import { LiveHubRegistry, type LiveCameraFacts } from './live-hub-registry.js';
import { type LiveFragment, type LiveStreamInfo, LiveUnavailableError, type LiveViewer, type OnDemandLauncher } from './live-types.js';

const execFileAsync = promisify(execFile);

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A live fMP4 as an ffmpeg live output writes it: 2 s, keyframe every second, ~100 ms fragments. */
async function recordedLiveStream(): Promise<Buffer> {
  const { stdout } = await execFileAsync(
    'ffmpeg',
    ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-t', '2',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-pix_fmt', 'yuv420p',
      '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '100000', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

/** Feeds the recorded stream into a tap in 1 KiB chunks, one every few ms, until stopped. */
function feed(tap: LiveTap, bytes: Buffer): { stop(): Promise<void> } {
  let pos = 0;
  const timer = setInterval(() => {
    if (pos >= bytes.length) return;
    tap.write(bytes.subarray(pos, pos + 1024));
    pos += 1024;
  }, 2);
  return {
    async stop() {
      clearInterval(timer);
      tap.end();
    },
  };
}

class FakeLauncher implements OnDemandLauncher {
  starts = 0;
  stops = 0;
  running = 0;
  registry: LiveHubRegistry | undefined;
  constructor(private readonly bytes: Buffer) {}
  async start(cameraId: string, stream: 'main' | 'sub') {
    this.starts += 1;
    this.running += 1;
    const run = feed(this.registry!.open(cameraId, stream, 'on-demand'), this.bytes);
    return {
      stop: async () => {
        this.stops += 1;
        this.running -= 1;
        await run.stop();
      },
    };
  }
}

class Viewer implements LiveViewer {
  starts: LiveStreamInfo[] = [];
  fragments: LiveFragment[] = [];
  ended: string | undefined;
  start(info: LiveStreamInfo) {
    this.starts.push(info);
  }
  fragment(f: LiveFragment) {
    this.fragments.push(f);
  }
  skipped() {}
  end(reason: string) {
    this.ended = reason;
  }
  backlogBytes() {
    return 0;
  }
}

const CAMERAS: Record<string, LiveCameraFacts> = {
  front: { enabled: true, hasSubStream: false },
  yard: { enabled: true, hasSubStream: true },
  off: { enabled: false, hasSubStream: false },
};

describe('LiveHubRegistry', () => {
  let bytes: Buffer;
  let registry: LiveHubRegistry;
  let launcher: FakeLauncher;

  beforeAll(async () => {
    bytes = await recordedLiveStream();
  }, 30_000);

  function newRegistry(overrides: Partial<{ idleStopMs: number; takeoverMs: number; maxViewers: number; maxViewersPerUser: number }> = {}) {
    launcher = new FakeLauncher(bytes);
    registry = new LiveHubRegistry({
      settings: { maxViewerBacklogBytes: 4 * 1024 * 1024, idleStopMs: 150, takeoverMs: 100, maxViewers: 3, maxViewersPerUser: 2, ...overrides },
      findCamera: async (id) => CAMERAS[id],
      launcher,
      logger: pino({ level: 'silent' }),
      now: () => Date.now(),
    });
    launcher.registry = registry;
    return registry;
  }

  afterEach(async () => {
    await registry.close();
  });

  it('refuses unknown and disabled cameras', async () => {
    newRegistry();
    await expect(registry.acquire('nope', 'main')).rejects.toMatchObject({ code: 'unknown_camera' });
    await expect(registry.acquire('off', 'main')).rejects.toMatchObject({ code: 'camera_disabled' });
    expect(launcher.starts).toBe(0);
  });

  it('starts an on-demand run for the first viewer and stops it the idle time after the last left', async () => {
    newRegistry();
    const hub = await registry.acquire('front', 'main');
    expect(launcher.starts).toBe(1);
    const viewer = new Viewer();
    const detach = hub.attach(viewer);
    await waitFor('a keyframe', () => viewer.fragments.length > 3);
    expect(viewer.starts[0]?.codecs).toMatch(/^avc1\./);
    expect(viewer.fragments[0]?.keyframe).toBe(true);
    // A second viewer shares the run.
    await registry.acquire('front', 'main');
    expect(launcher.starts).toBe(1);
    expect(registry.viewerCount()).toBe(1);
    detach();
    expect(registry.onDemandRunning('front', 'main')).toBe(true);
    await waitFor('the idle stop', () => launcher.stops === 1, 2000);
    expect(registry.onDemandRunning('front', 'main')).toBe(false);
  });

  it('serves the main stream for sub on a camera without a sub-stream', async () => {
    newRegistry();
    expect((await registry.acquire('front', 'sub')).stream).toBe('main');
    expect((await registry.acquire('yard', 'sub')).stream).toBe('sub');
  });

  it('stops the on-demand run when the recorder opens a tap, and the recorder’s run becomes the next generation', async () => {
    newRegistry();
    const hub = await registry.acquire('front', 'main');
    const viewer = new Viewer();
    hub.attach(viewer);
    await waitFor('the on-demand stream', () => viewer.fragments.length > 0);
    const recorder = feed(registry.open('front', 'main', 'recorder'), bytes);
    await waitFor('the on-demand run to stop', () => launcher.stops === 1);
    expect(registry.onDemandRunning('front', 'main')).toBe(false);
    await waitFor('the recorder generation', () => viewer.starts.length === 2 && viewer.fragments.at(-1)?.generation === 2);
    expect(viewer.starts[1]?.generation).toBe(2);
    await recorder.stop();
  });

  it('lets an on-demand run take over when the recorder stops while viewers watch', async () => {
    newRegistry();
    const recorder = feed(registry.open('front', 'main', 'recorder'), bytes);
    const hub = await registry.acquire('front', 'main');
    expect(launcher.starts).toBe(0);
    const viewer = new Viewer();
    hub.attach(viewer);
    await waitFor('the recorder stream', () => viewer.fragments.length > 0);
    await recorder.stop();
    await waitFor('the takeover', () => launcher.starts === 1);
    await waitFor('the on-demand generation', () => viewer.fragments.at(-1)?.generation === 2);
  });

  it('keeps writing to a tap harmless when its bytes are not fMP4', () => {
    newRegistry();
    const tap = registry.open('front', 'main', 'recorder');
    expect(() => tap.write(Buffer.from('this is not an mp4 box stream at all'))).not.toThrow();
    expect(() => tap.write(bytes)).not.toThrow();
    tap.end();
    tap.end();
  });

  it('limits viewers per user and overall', () => {
    newRegistry();
    const a1 = registry.admitViewer('alice');
    registry.admitViewer('alice');
    expect(() => registry.admitViewer('alice')).toThrow(/HELDAR_LIVE_MAX_VIEWERS_PER_USER/);
    registry.admitViewer('bob');
    expect(() => registry.admitViewer('carol')).toThrow(LiveUnavailableError);
    a1();
    a1();
    expect(() => registry.admitViewer('carol')).not.toThrow();
  });

  it('tells viewers the stream ended on close', async () => {
    newRegistry();
    const hub = await registry.acquire('front', 'main');
    const viewer = new Viewer();
    hub.attach(viewer);
    await registry.close();
    expect(viewer.ended).toMatch(/shutting down/);
    expect(launcher.running).toBe(0);
  });
});
