import { copyFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordSegments } from '../mp4/media-fixture.test-helper.js';
import { CameraSupervisor } from './camera-supervisor.js';
import { ffmpegLauncher } from './ffmpeg-launcher.js';
import { addCamera, eventKindsOnceLogged, harness, statusOf, T0, until, type FakeRun, type Harness } from './supervisor-harness.test-helper.js';

// The supervisor's loop in-process: a fake launcher stands in for ffmpeg, time moves only when a
// test lets a pause run out, and every assertion waits for a positive signal (a launch, a pause, a
// status row), never for time to pass.

let h: Harness;
let stop: AbortController;
let finished: Promise<void> | null;
let fixtures: string;
let segmentFile: string;

beforeAll(async () => {
  fixtures = await mkdtemp(path.join(tmpdir(), 'heldar-supervisor-media-'));
  // One real 2 s segment, recorded the way the recorder records (for intake and salvage).
  [segmentFile = ''] = await recordSegments(fixtures, 'cam', { seconds: 2, segmentTime: 10, bframes: 0, audio: false, prft: true });
});

afterAll(async () => {
  await rm(fixtures, { recursive: true, force: true });
});

beforeEach(async () => {
  h = await harness();
  await addCamera(h, 'cam');
  stop = new AbortController();
  finished = null;
});

afterEach(async () => {
  stop.abort();
  await finished;
  await h.close();
});

function start(): CameraSupervisor {
  const supervisor = new CameraSupervisor('cam', 1, h.deps);
  finished = supervisor.run(stop.signal);
  return supervisor;
}

/** Waits for `check` while the loop's ticks go on (time moves a tick at a time). */
async function ticksUntil<T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> {
  return h.sleeper.ticksUntil(what, h.deps.tickMs, check);
}

/** Where the run writes its `n`-th segment (0-based), as ffmpeg names it. */
function stagedName(run: FakeRun, n: number): string {
  return path.join(run.output.dir, `${run.output.prefix}${String(n).padStart(6, '0')}.mp4`);
}

describe('CameraSupervisor', () => {
  it('restarts at once after a run that recorded', async () => {
    // "ffmpeg" opens its first segment and writes to it as it starts: the camera delivers.
    h.launcher.onLaunch = (run) => writeFileSync(stagedName(run, 0), 'media');
    start();
    const first = await h.launcher.run(1);
    await until('recording', async () => (await statusOf(h, 'cam')).state === 'recording');
    // The half-written file is ffmpeg's business; this test is about the restart.
    await rm(stagedName(first, 0));
    first.end({ code: 1, ranMs: 5000 });

    await ticksUntil('second run', async () => h.launcher.runs[1]);
    // No backoff: nothing but the loop's ticks was waited for.
    expect(h.sleeper.asked.every((ms) => ms === h.deps.tickMs)).toBe(true);
    await until('reconnect counted', async () => (await statusOf(h, 'cam')).reconnect_count === 1);
  });

  it('opens a live tap per run and ends it when the run is over: a restart is end() then a new open()', async () => {
    const log: string[] = [];
    h.deps.live = {
      open: (cameraId, stream, source) => {
        const n = log.filter((l) => l.startsWith('open')).length + 1;
        log.push(`open ${n} ${cameraId}/${stream}/${source}`);
        return { write: (chunk) => log.push(`write ${n} ${chunk.toString()}`), end: () => log.push(`end ${n}`) };
      },
    };
    h.launcher.onLaunch = (run) => writeFileSync(stagedName(run, 0), 'media');
    start();
    const first = await h.launcher.run(1);
    expect(first.spec.args.at(-1)).toBe('pipe:3');
    first.spec.onLiveData?.(Buffer.from('a'));
    await until('recording', async () => (await statusOf(h, 'cam')).state === 'recording');
    await rm(stagedName(first, 0));
    first.end({ code: 1, ranMs: 5000 });
    const second = await ticksUntil('second run', async () => h.launcher.runs[1]);
    second.spec.onLiveData?.(Buffer.from('b'));
    expect(log).toEqual(['open 1 cam/main/recorder', 'write 1 a', 'end 1', 'open 2 cam/main/recorder', 'write 2 b']);
    stop.abort();
    await finished;
    expect(log.at(-1)).toBe('end 2');
  });

  it('ends the live tap when ffmpeg cannot even be launched', async () => {
    const log: string[] = [];
    h.deps.live = { open: () => (log.push('open'), { write: () => undefined, end: () => log.push('end') }) };
    h.deps.launch = () => {
      throw new Error('spawn refused');
    };
    start();
    await until('the failure reported', async () => (await statusOf(h, 'cam')).last_error === 'recorder failed: spawn refused');
    expect(log).toEqual(['open', 'end']);
  });

  it('writes no live output in a run the live sink gives no tap (the node\'s live copies all taken)', async () => {
    h.deps.live = { open: () => null };
    start();
    const first = await h.launcher.run(1);
    expect(first.spec.args).not.toContain('pipe:3');
    expect(first.spec.onLiveData).toBeUndefined();
  });

  it('writes no live output without a live sink (HELDAR_LIVE_ENABLED=false)', async () => {
    start();
    const first = await h.launcher.run(1);
    expect(first.spec.args).not.toContain('pipe:3');
    expect(first.spec.onLiveData).toBeUndefined();
  });

  it('backs off after a run that failed, counting one reconnect per failure', async () => {
    start();
    const first = await h.launcher.run(1);
    first.end({ code: 1, ranMs: 100, stderrTail: 'method DESCRIBE failed: 401 Unauthorized' });

    await ticksUntil('first failure recorded', async () => (await statusOf(h, 'cam')).reconnect_count === 1);
    expect(await h.sleeper.paused()).toBe(1000);
    expect(h.launcher.runs).toHaveLength(1);
    const row = await statusOf(h, 'cam');
    expect(row.state).toBe('error');
    expect(row.last_error).toBe('method DESCRIBE failed: 401 Unauthorized');

    await h.sleeper.elapse();
    const second = await h.launcher.run(2);
    expect((await statusOf(h, 'cam')).reconnect_count).toBe(1);

    second.end({ code: 1, ranMs: 100, stderrTail: 'method DESCRIBE failed: 401 Unauthorized' });
    await ticksUntil('second failure recorded', async () => (await statusOf(h, 'cam')).reconnect_count === 2);
    expect(await h.sleeper.paused()).toBe(2000);
    const kinds = await eventKindsOnceLogged(h, 'cam', 'camera_offline');
    // One outage: one camera_offline, however many attempts fail.
    expect(kinds.filter((k) => k === 'camera_offline')).toHaveLength(1);
  });

  it('reports an unhealthy() stop as an error with the reason', async () => {
    const supervisor = start();
    const first = await h.launcher.run(1);
    supervisor.unhealthy('no new segment for 64 s');
    expect(first.stops).toBe(1);

    await ticksUntil('failure recorded', async () => (await statusOf(h, 'cam')).reconnect_count === 1);
    const row = await statusOf(h, 'cam');
    expect(row.state).toBe('error');
    expect(row.last_error).toBe('no new segment for 64 s');
    expect(await eventKindsOnceLogged(h, 'cam', 'recorder_unhealthy')).toContain('recorder_unhealthy');
  });

  it('promotes a segment ffmpeg lists into the index', async () => {
    h.launcher.onLaunch = (run) => {
      copyFileSync(segmentFile, stagedName(run, 0));
      run.spec.onStdoutLine(`${path.basename(stagedName(run, 0))},0.000000,2.000000`);
    };
    start();
    const first = await h.launcher.run(1);
    const [segment] = await until('segment indexed', async () => {
      const rows = await h.db.selectFrom('segments').selectAll().where('camera_id', '=', 'cam').execute();
      return rows.length > 0 && rows;
    });
    expect(segment?.duration_ms).toBeGreaterThan(1500);
    expect(first.touches).toBe(1);
    expect(await readdir(first.output.dir)).toEqual([]);
    expect(h.launcher.runs).toHaveLength(1);
  });

  it('starts ffmpeg before the last indexed end is read, and places the first segment against it once read', async () => {
    // The camera's previous run ended 0.5 s before this segment's estimated start: a seam to close.
    await h.deps.status.setLastSegment('cam', T0 - 2500);
    let answer = (): void => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const real = h.deps.status.get.bind(h.deps.status);
    h.deps.status.get = async (id) => {
      await answered;
      return real(id);
    };
    h.launcher.onLaunch = (run) => {
      copyFileSync(segmentFile, stagedName(run, 0));
      run.spec.onStdoutLine(`${path.basename(stagedName(run, 0))},0.000000,2.000000`);
    };
    start();
    // Launched while the read is still pending; the listed segment waits for it.
    await h.launcher.run(1);
    expect(await h.db.selectFrom('segments').select('id').execute()).toEqual([]);
    answer();
    const [segment] = await until('segment indexed', async () => {
      const rows = await h.db.selectFrom('segments').selectAll().where('camera_id', '=', 'cam').execute();
      return rows.length > 0 && rows;
    });
    // Listed at T0 with 2 s of media: estimated start T0 − 2 s, moved back onto the previous end.
    expect(segment?.start_ms).toBe(T0 - 2500);
  });

  it('places a short first segment, listed from 0 before the moved timeline, back to back with a next one that comes late', async () => {
    // As ffmpeg lists a run whose first segment is cut early (2 s segments: the timeline moved to 1 s):
    // the first from 0 though its media begins at 1 s, every later time on the moved timeline.
    const indexed = async () => h.db.selectFrom('segments').selectAll().where('camera_id', '=', 'cam').orderBy('start_ms').execute();
    h.launcher.onLaunch = (run) => {
      copyFileSync(segmentFile, stagedName(run, 0));
      run.spec.onStdoutLine(`${path.basename(stagedName(run, 0))},0.000000,3.000000`);
    };
    start();
    const run = await h.launcher.run(1);
    await until('first segment indexed', async () => (await indexed()).length === 1);
    // The next 2 s of media reach Heldar 1.5 s later than the first segment's delivery implies.
    h.clock.advance(3500);
    copyFileSync(segmentFile, stagedName(run, 1));
    run.spec.onStdoutLine(`${path.basename(stagedName(run, 1))},3.000000,5.000000`);
    const rows = await until('second segment indexed', async () => {
      const r = await indexed();
      return r.length === 2 && r;
    });
    expect(rows.map((r) => [r.start_ms, r.end_ms])).toEqual([
      [T0 - 2000, T0],
      [T0, T0 + 2000],
    ]);
  });

  it('records and indexes all the same when the last indexed end cannot be read', async () => {
    h.deps.status.get = () => Promise.reject(new Error('connection terminated'));
    h.launcher.onLaunch = (run) => {
      copyFileSync(segmentFile, stagedName(run, 0));
      run.spec.onStdoutLine(`${path.basename(stagedName(run, 0))},0.000000,2.000000`);
    };
    start();
    const [segment] = await until('segment indexed', async () => {
      const rows = await h.db.selectFrom('segments').selectAll().where('camera_id', '=', 'cam').execute();
      return rows.length > 0 && rows;
    });
    expect(segment?.start_ms).toBe(T0 - 2000);
    expect(h.launcher.runs).toHaveLength(1);
  });

  it('salvages what a run left in staging without listing it', async () => {
    h.launcher.onLaunch = (run) => {
      if (h.launcher.runs.length === 1) copyFileSync(segmentFile, stagedName(run, 0));
    };
    start();
    const first = await h.launcher.run(1);
    await until('recording', async () => (await statusOf(h, 'cam')).state === 'recording');
    // Killed before it could list the segment.
    first.end({ reason: 'exited', code: null, signal: 'SIGKILL', ranMs: 2500 });

    await ticksUntil('second run', async () => h.launcher.runs[1]);
    const rows = await h.db.selectFrom('segments').selectAll().where('camera_id', '=', 'cam').execute();
    expect(rows).toHaveLength(1);
    expect(await readdir(first.output.dir)).toEqual([]);
  });

  it('holds an event camera\'s segments for pre-roll: a trigger promotes them, else they expire', async () => {
    await h.cameras.update('cam', { record_mode: 'event', pre_roll_seconds: 5, post_roll_seconds: 10 });
    // A 2 s segment on the run's media timeline, listed as ffmpeg lists it; the run started at T0 − 2 s.
    const list = (run: FakeRun, n: number, endSec: number): void => {
      copyFileSync(segmentFile, stagedName(run, n));
      run.spec.onStdoutLine(`${path.basename(stagedName(run, n))},${endSec - 2},${endSec}`);
    };
    h.launcher.onLaunch = (run) => list(run, 0, 2);
    const supervisor = start();
    const run = await h.launcher.run(1);
    const indexed = async () => h.db.selectFrom('segments').selectAll().where('camera_id', '=', 'cam').execute();

    // Nobody triggers: once it ended more than pre_roll ago, the held segment is gone, never indexed.
    await ticksUntil('held segment expired', async () => !(await readdir(run.output.dir)).includes(path.basename(stagedName(run, 0))));
    expect(await indexed()).toEqual([]);
    // The status is written in the background, like the events.
    await until('idle', async () => (await statusOf(h, 'cam')).state === 'idle');

    // The next one is held until a trigger within pre_roll of its end wants it.
    // Listed now (it ends now): no time passes until the trigger, which wants it as pre-roll.
    list(run, 1, (h.clock.now() - (T0 - 2000)) / 1000);
    await until('second segment held', async () => (await readdir(run.output.dir)).length === 1 && run.touches === 2);
    supervisor.trigger('doorbell', (await h.cameras.find('cam'))!);
    const rows = await until('pre-roll indexed', async () => {
      const r = await indexed();
      return r.length > 0 && r;
    });
    expect(rows).toHaveLength(1);
    expect(await eventKindsOnceLogged(h, 'cam', 'recording_triggered')).toContain('recording_triggered');
  });

  it('runs the production launcher with Node as a fake ffmpeg: a refused connection is offline, masked', async () => {
    await h.cameras.update('cam', { stream_url: 'rtsp://admin:s3cret@127.0.0.1:1/stream', password: 's3cret' });
    // Says what ffmpeg says when nothing listens (echoing the URL it was given), then exits 1.
    const fakeFfmpeg = "const a = process.argv; console.error('[tcp @ 0x1] ' + a[a.indexOf('-i') + 1] + ': Connection refused'); process.exit(1);";
    const launch = ffmpegLauncher('fake-ffmpeg', pino({ level: 'silent' }), [process.execPath, '-e', fakeFfmpeg]);
    const supervisor = new CameraSupervisor('cam', 1, { ...h.deps, launch });
    finished = supervisor.run(stop.signal);

    const row = await ticksUntil('failure recorded', async () => {
      const r = await statusOf(h, 'cam');
      return r.reconnect_count === 1 && r.state === 'offline' && r;
    });
    expect(row.last_error).toMatch(/Connection refused$/);
    expect(row.last_error).not.toContain('s3cret');
    expect(row.pid).toBeNull();
    // A network failure retries as soon as the camera answers again: probes every half second.
    expect(await h.sleeper.paused()).toBe(500);
  });

  it('runs a scheduled camera only inside its window, and a refresh mid-window does not restart it', async () => {
    await h.cameras.update('cam', { record_mode: 'scheduled' });
    await h.cameras.replaceSchedules('cam', [{ days: [0, 1, 2, 3, 4, 5, 6], time_start: '11:00', time_end: '13:00', enabled: true }]);
    const supervisor = start();
    const run = await h.launcher.run(1);

    // A schedule edit: the supervisor re-reads at once; three more ticks later the same run goes on.
    supervisor.refresh();
    const ticks = h.sleeper.asked.length;
    await ticksUntil('three more ticks', async () => h.sleeper.asked.length >= ticks + 3);
    expect(run.stops).toBe(0);
    expect(h.launcher.runs).toHaveLength(1);

    // The window closes: ffmpeg is stopped gracefully, and nothing starts until it opens again.
    h.clock.set(T0 + 60 * 60 * 1000);
    await ticksUntil('stopped at the window end', async () => run.stops === 1);
    const row = await ticksUntil('idle', async () => {
      const r = await statusOf(h, 'cam');
      return r.state === 'idle' && r;
    });
    expect(row.pid).toBeNull();
    expect(row.reconnect_count).toBe(0);
    expect(h.launcher.runs).toHaveLength(1);
  });

  it('stops ffmpeg gracefully when stopped, and says disabled when the camera is', async () => {
    start();
    const first = await h.launcher.run(1);
    stop.abort();
    await finished;
    expect(first.stops).toBe(1);
    expect((await statusOf(h, 'cam')).pid).toBeNull();

    await h.cameras.update('cam', { record_enabled: false });
    stop = new AbortController();
    start();
    await finished;
    expect((await statusOf(h, 'cam')).state).toBe('disabled');
    expect(h.launcher.runs).toHaveLength(1);
  });
});
