// Length: every case shares one recorded fixture (two hours stitched, an outage); splitting the file
// would record it once per file.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { parseInitSegment, parseMoof, rewriteMoof } from '../src/mp4/index.js';
import { FPS, addTestCamera, indexFootage, recordFiles, topLevelBoxes, type IndexedFile } from './playback-footage.js';
import { startTestKernel, tempDir, type TestKernel } from './helpers/test-kernel.js';

const execFileAsync = promisify(execFile);

let kernel: TestKernel;
let files: IndexedFile[];
let removeFootage: () => Promise<void>;
let recorded: string[];
// Crosses 05:00 UTC, so the timeline stitches two hours; a 5 s outage before the fourth file.
const T0 = Date.UTC(2026, 10, 21, 4, 59, 54);
const GAP_MS = 5_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  const footage = await tempDir('heldar-playback-footage-');
  removeFootage = footage.remove;
  recorded = await recordFiles(footage.dir, { seconds: 12, segmentSeconds: 2 });
  kernel = await startTestKernel();
  await addTestCamera(kernel, 'front');
  files = await indexFootage(kernel, 'front', recorded, T0, { before: 3, ms: GAP_MS });
});

afterAll(async () => {
  await kernel?.dispose();
  await removeFootage?.();
});

interface PlaylistEntry {
  discontinuity: boolean;
  programDateTime: string | null;
  map: { uri: string; size: number; offset: number };
  duration: number;
  range: { size: number; offset: number };
  uri: string;
}

/** The media segments of an HLS playlist with the tags that apply to each. */
function parsePlaylist(text: string): { tags: string[]; entries: PlaylistEntry[] } {
  const tags: string[] = [];
  const entries: PlaylistEntry[] = [];
  let pending: Partial<PlaylistEntry> = { discontinuity: false, programDateTime: null };
  let map: PlaylistEntry['map'] | undefined;
  for (const line of text.split('\n').filter(Boolean)) {
    if (line.startsWith('#')) tags.push(line.split(':')[0]!);
    let m: RegExpExecArray | null;
    if (line === '#EXT-X-DISCONTINUITY') pending.discontinuity = true;
    else if ((m = /^#EXT-X-PROGRAM-DATE-TIME:(.+)$/.exec(line))) pending.programDateTime = m[1]!;
    else if ((m = /^#EXT-X-MAP:URI="([^"]+)",BYTERANGE="(\d+)@(\d+)"$/.exec(line))) map = { uri: m[1]!, size: Number(m[2]), offset: Number(m[3]) };
    else if ((m = /^#EXTINF:([\d.]+),$/.exec(line))) pending.duration = Number(m[1]);
    else if ((m = /^#EXT-X-BYTERANGE:(\d+)@(\d+)$/.exec(line))) pending.range = { size: Number(m[1]), offset: Number(m[2]) };
    else if (!line.startsWith('#')) {
      entries.push({ ...(pending as PlaylistEntry), map: map!, uri: line });
      pending = { discontinuity: false, programDateTime: null };
    }
  }
  return { tags, entries };
}

async function createSession(from: number, to: number) {
  const res = await kernel.inject({ method: 'POST', url: '/api/playback', payload: { camera_id: 'front', from: iso(from), to: iso(to) } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; playlist_url: string; segment_count: number; duration_s: number; covered_seconds: number; gaps: { from: string; to: string }[] }>();
}

async function ranged(url: string, range: { size: number; offset: number }): Promise<Buffer> {
  const res = await kernel.inject({ url, headers: { range: `bytes=${range.offset}-${range.offset + range.size - 1}` } });
  expect(res.statusCode).toBe(206);
  expect(res.headers['content-type']).toBe('video/mp4');
  expect(res.headers['content-range']).toMatch(new RegExp(`^bytes ${range.offset}-${range.offset + range.size - 1}/\\d+$`));
  return res.rawPayload;
}

describe('timeline', () => {
  it('gives spans, gaps and covered seconds from the index; a sub-second seam is not a gap', async () => {
    const from = T0 - 10_000;
    const to = files.at(-1)!.endMs + 10_000;
    const res = await kernel.inject({ url: `/api/cameras/front/timeline?from=${iso(from)}&to=${iso(to)}` });
    expect(res.statusCode, res.body).toBe(200);
    const gapStart = files[2]!.endMs;
    const gapEnd = files[3]!.startMs;
    expect(res.json()).toEqual({
      camera_id: 'front',
      from: iso(from),
      to: iso(to),
      // No gap backfill for this camera: nothing fetched afterwards, no gap rows.
      backfilled: [],
      backfill: [],
      spans: [
        { from: iso(T0), to: iso(gapStart) },
        { from: iso(gapEnd), to: iso(files.at(-1)!.endMs) },
      ],
      gaps: [
        { from: iso(from), to: iso(T0) },
        { from: iso(gapStart), to: iso(gapEnd) },
        { from: iso(files.at(-1)!.endMs), to: iso(to) },
      ],
      // The camera row is newer than its footage: the footage proves it existed; the hole inside and
      // the tail of a continuous camera are outages.
      periods: [
        { from: iso(from), to: iso(T0), kind: 'not_recording', reason: 'before_camera_existed', detail: null },
        { from: iso(T0), to: iso(gapStart), kind: 'recorded', reason: 'footage', detail: null },
        { from: iso(gapStart), to: iso(gapEnd), kind: 'outage', reason: 'no_footage', detail: null },
        { from: iso(gapEnd), to: iso(files.at(-1)!.endMs), kind: 'recorded', reason: 'footage', detail: null },
        { from: iso(files.at(-1)!.endMs), to: iso(to), kind: 'outage', reason: 'no_footage', detail: null },
      ],
      covered_seconds: files.reduce((sum, f) => sum + f.info.durationMs, 0) / 1000,
    });
  });

  it('reports nothing after now: no gap and no period in the future', async () => {
    const from = files.at(-1)!.endMs - 1000;
    const to = Date.now() + 3_600_000;
    const res = await kernel.inject({ url: `/api/cameras/front/timeline?from=${iso(from)}&to=${iso(to)}` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ gaps: { to: string }[]; periods: { to: string }[] }>();
    const latest = Date.now();
    for (const interval of [...body.gaps, ...body.periods]) expect(Date.parse(interval.to)).toBeLessThanOrEqual(latest);
    // The test camera does not record (record_enabled false): by design, not an outage.
    expect(body.periods.at(-1)).toMatchObject({ kind: 'not_recording', reason: 'recording_disabled' });
  });

  it('an offline stretch from the camera\'s events is an outage with the recorder\'s reason', async () => {
    const outageFrom = files[2]!.endMs;
    await kernel.db.insertInto('events').values({ camera_id: 'front', kind: 'camera_offline', severity: 'warning', payload: JSON.stringify({ reason: 'failed', detail: 'connection refused' }), at: outageFrom }).execute();
    try {
      const res = await kernel.inject({ url: `/api/cameras/front/timeline?from=${iso(T0)}&to=${iso(files.at(-1)!.endMs)}` });
      expect(res.json().periods[1]).toEqual({ from: iso(outageFrom), to: iso(files[3]!.startMs), kind: 'outage', reason: 'camera_offline', detail: 'connection refused' });
    } finally {
      await kernel.db.deleteFrom('events').where('kind', '=', 'camera_offline').execute();
    }
  });

  it('summarises days in the server time zone and refuses bad requests with a message', async () => {
    const days = await kernel.inject({ url: `/api/cameras/front/timeline/days?from=${iso(T0 - 86_400_000)}&to=${iso(T0 + 1000)}` });
    expect(days.statusCode, days.body).toBe(200);
    expect(days.json()).toMatchObject({
      camera_id: 'front',
      time_zone: 'UTC',
      days: [
        { date: '2026-11-20', recorded_seconds: 0, first: null, last: null },
        { date: '2026-11-21', first: iso(T0), last: iso(files.at(-1)!.endMs) },
      ],
    });
    expect(days.json().days[1].recorded_seconds).toBeCloseTo(files.reduce((sum, f) => sum + f.info.durationMs, 0) / 1000, 3);

    const unknown = await kernel.inject({ url: '/api/cameras/nope/timeline' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'not_found', message: 'camera nope not found' });
    const backwards = await kernel.inject({ url: `/api/cameras/front/timeline?from=${iso(T0)}&to=${iso(T0 - 1)}` });
    expect(backwards.json()).toEqual({ error: 'bad_request', message: '`to` must be after `from`' });
    const long = await kernel.inject({ url: `/api/cameras/front/timeline?from=${iso(T0 - 40 * 86_400_000)}&to=${iso(T0)}` });
    expect(long.json()).toEqual({ error: 'bad_request', message: 'range too long (3456000s); max 2678400s' });
  });
});

describe('playback sessions: validation (the Rust original’s cases and messages, docs/reference.md)', () => {
  const post = (payload: Record<string, unknown>) => kernel.inject({ method: 'POST', url: '/api/playback', payload });

  it('refuses a backwards, empty or too long range, an unknown camera and a range without footage', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ camera_id: 'front', from: iso(T0), to: iso(T0) }, 400, '`to` must be after `from`'],
      [{ camera_id: 'front', from: iso(T0), to: iso(T0 - 1000) }, 400, '`to` must be after `from`'],
      [{ camera_id: 'front', from: iso(T0), to: iso(T0 + 14_401_000) }, 400, 'playback range too long (14401s); max 14400s'],
      [{ camera_id: 'nope', from: iso(T0), to: iso(T0 + 1000) }, 404, 'camera nope not found'],
      [{ camera_id: 'front', from: iso(T0 - 60_000), to: iso(T0 - 1000) }, 404, 'no recorded footage in the requested range'],
      // Inside the outage: files exist on both sides, none in the range.
      [{ camera_id: 'front', from: iso(files[2]!.endMs + 500), to: iso(files[3]!.startMs - 500) }, 404, 'no recorded footage in the requested range'],
    ];
    for (const [payload, status, message] of cases) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().message).toBe(message);
    }
  });

  it('accepts exactly the maximum length (the length check passes, the footage check answers)', async () => {
    const res = await post({ camera_id: 'front', from: iso(T0 - 14_400_000 + 1000), to: iso(T0 + 1000) });
    expect(res.statusCode).toBe(201);
  });

  it('refuses malformed bodies and ids with a message that names the problem', async () => {
    expect((await post({ camera_id: 'front', from: 'yesterday', to: iso(T0) })).json().message).toMatch(/`from` must be an RFC 3339 time/);
    expect((await post({ camera_id: 'front', from: iso(T0) })).statusCode).toBe(400);
    expect((await post({ camera_id: 'front', from: iso(T0), to: iso(T0 + 1000), extra: 1 })).statusCode).toBe(400);
    for (const method of ['GET', 'DELETE'] as const) {
      const bad = await kernel.inject({ method, url: '/api/playback/pbs_..' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toBe('invalid session id');
      const missing = await kernel.inject({ method, url: '/api/playback/pbs_0123abcdef' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().message).toBe('playback session pbs_0123abcdef not found');
    }
  });
});

describe('playback sessions: the playlist points into the recorded files', () => {
  it('EXT-X-MAP and every EXT-X-BYTERANGE resolve to an init segment and to whole fragments of the right file', async () => {
    const from = T0 + 1_500;
    const to = files.at(-1)!.endMs - 500;
    const session = await createSession(from, to);
    expect(session.id).toMatch(/^pbs_[0-9a-f]{32}$/);
    expect(session.playlist_url).toBe(`/media/playback/${session.id}/index.m3u8`);
    expect(session).toMatchObject({ segment_count: 6, duration_s: (to - from) / 1000 });
    expect(session.gaps).toEqual([{ from: iso(files[2]!.endMs), to: iso(files[3]!.startMs) }]);
    expect(session.covered_seconds).toBeCloseTo((to - from - GAP_MS) / 1000, 3);

    const res = await kernel.inject({ url: session.playlist_url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    const { tags, entries } = parsePlaylist(res.body);
    expect(tags.slice(0, 6)).toEqual(['#EXTM3U', '#EXT-X-VERSION', '#EXT-X-TARGETDURATION', '#EXT-X-MEDIA-SEQUENCE', '#EXT-X-PLAYLIST-TYPE', '#EXT-X-INDEPENDENT-SEGMENTS']);
    expect(res.body).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(res.body.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);

    // The files in time order, trimmed at both ends, each with its EXT-X-MAP and program date-time;
    // a discontinuity where the outage is (back-to-back files continue one timeline, see below).
    const uris = [...new Set(entries.map((e) => e.uri))];
    expect(uris).toEqual(files.map((f) => `${f.id}.mp4`));
    expect(entries.filter((e) => e.programDateTime !== null).map((e) => e.uri)).toEqual(uris);
    expect(entries.filter((e) => e.discontinuity).map((e) => e.uri)).toEqual([`${files[3]!.id}.mp4`]);
    expect(entries[0]!.programDateTime).toBe(iso(T0 + 1000));
    // File 0 is two 1 s fragments (+ ffmpeg's audio-only tail): from = 1.5 s keeps only the second.
    expect(entries.filter((e) => e.uri === `${files[0]!.id}.mp4`)).toHaveLength(1);

    // Every byte is the file's, except each moof's tfdt decode times: moved so the files form one
    // continuous timeline from zero, as the EXTINFs describe it.
    let expectedStart = 0;
    for (const file of files) {
      const disk = await readFile(file.absolute);
      const mine = entries.filter((e) => e.uri === `${file.id}.mp4`);
      const init = await ranged(`/media/playback/${session.id}/${mine[0]!.map.uri}`, mine[0]!.map);
      expect(mine[0]!.map).toEqual({ uri: `${file.id}.mp4`, size: file.info.initSize, offset: 0 });
      expect(topLevelBoxes(init).map(([type]) => type)).toEqual(['ftyp', 'moov']);
      expect(init.equals(disk.subarray(0, file.info.initSize))).toBe(true);
      const info = parseInitSegment(init);
      const video = info.tracks.find((t) => t.kind === 'video')!;
      for (const entry of mine) {
        const bytes = await ranged(`/media/playback/${session.id}/${entry.uri}`, entry.range);
        const original = disk.subarray(entry.range.offset, entry.range.offset + entry.range.size);
        const boxes = topLevelBoxes(bytes);
        // [prft] moof mdat, then possibly the audio-only [moof mdat] ffmpeg flushes at the end of a file.
        expect(boxes.map(([type]) => type).join(' ')).toMatch(/^(prft )?moof mdat( moof mdat)?$/);
        let at = 0;
        let videoStart: number | undefined;
        for (const [type, size] of boxes) {
          const served = bytes.subarray(at, at + size);
          const stored = original.subarray(at, at + size);
          if (type === 'moof') {
            const moof = parseMoof(served, at, (id) => info.tracks.find((t) => t.trackId === id)?.defaults);
            const times = new Map(moof.trafs.map((t) => [t.trackId, t.baseMediaDecodeTime ?? 0]));
            expect(rewriteMoof(stored, { decodeTimes: times }).equals(served)).toBe(true);
            videoStart ??= moof.trafs.find((t) => t.trackId === video.trackId)?.baseMediaDecodeTime;
          } else {
            expect(served.equals(stored), type).toBe(true);
          }
          at += size;
        }
        const startSeconds = videoStart! / video.timescale;
        expect(startSeconds).toBeCloseTo(expectedStart, 3);
        expectedStart = startSeconds + entry.duration;
        expect(entry.duration).toBeGreaterThan(0.5);
      }
    }
  });

  it('a range across the outage holds the files on both sides, a DISCONTINUITY between them, and reports the gap', async () => {
    const from = files[2]!.endMs - 1_200;
    const to = files[3]!.startMs + 1_200;
    const session = await createSession(from, to);
    expect(session.segment_count).toBe(2);
    expect(session.gaps).toEqual([{ from: iso(files[2]!.endMs), to: iso(files[3]!.startMs) }]);
    const { entries } = parsePlaylist((await kernel.inject({ url: session.playlist_url })).body);
    expect(entries.map((e) => e.uri)).toEqual([`${files[2]!.id}.mp4`, `${files[2]!.id}.mp4`, `${files[3]!.id}.mp4`, `${files[3]!.id}.mp4`]);
    expect(entries.map((e) => e.discontinuity)).toEqual([false, false, true, false]);
    expect(entries[2]!.programDateTime).toBe(iso(files[3]!.startMs));
  });

  it('a range that runs into the future reports no gap after now (the player would say "1 gap skipped")', async () => {
    const now = T0 + 60_000;
    const later = await startTestKernel({}, { clock: new ManualClock(now) });
    try {
      await addTestCamera(later, 'front');
      const indexed = await indexFootage(later, 'front', recorded, T0);
      const res = await later.inject({ method: 'POST', url: '/api/playback', payload: { camera_id: 'front', from: iso(T0), to: iso(T0 + 3_600_000) } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().gaps).toEqual([{ from: iso(indexed.at(-1)!.endMs), to: iso(now) }]);
    } finally {
      await later.dispose();
    }
  });

  it('serves Range requests (206, 416, HEAD) and only the segments of the session', async () => {
    const session = await createSession(T0, T0 + 3_000);
    const url = `/media/playback/${session.id}/${files[0]!.id}.mp4`;
    const size = files[0]!.info.sizeBytes;
    const whole = await kernel.inject({ url });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(Number(whole.headers['content-length'])).toBe(size);
    const tail = await kernel.inject({ url, headers: { range: 'bytes=-100' } });
    expect(tail.statusCode).toBe(206);
    expect(tail.headers['content-range']).toBe(`bytes ${size - 100}-${size - 1}/${size}`);
    const beyond = await kernel.inject({ url, headers: { range: `bytes=${size}-` } });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${size}`);
    const head = await kernel.inject({ method: 'HEAD', url });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    // The session covers files 0 and 1 only.
    const other = await kernel.inject({ url: `/media/playback/${session.id}/${files[4]!.id}.mp4` });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual({ error: 'not_found', message: 'media file not found' });
  });
});

describe('playback over real HTTP', () => {
  let base: string;
  beforeAll(async () => {
    base = await kernel.listen();
  });

  it('ffmpeg reads the playlist end to end (copy and decode), every frame, with the duration of its EXTINFs', async () => {
    const from = T0 + 200;
    const to = files.at(-1)!.endMs;
    const session = await createSession(from, to);
    const url = `${base}${session.playlist_url}`;
    const playlist = parsePlaylist((await kernel.inject({ url: session.playlist_url })).body);
    const extinfSeconds = playlist.entries.reduce((sum, e) => sum + e.duration, 0);
    const headers = ['-headers', `Authorization: Bearer ${kernel.adminKey}\r\n`];

    // As the stream is (-c copy), then decoded (audio and video): no message either way, and every
    // video frame of every part — parts are whole GOPs of FPS frames per second.
    for (const codec of [['-c', 'copy'], []]) {
      const run = await execFileAsync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', ...headers, '-i', url, '-map', '0', ...codec, '-f', 'null', '-', '-progress', 'pipe:1', '-nostats']);
      expect(run.stderr).toBe('');
      const last = run.stdout.slice(run.stdout.lastIndexOf('frame='));
      const progress = Object.fromEntries(last.trim().split('\n').map((l) => l.split('=') as [string, string]));
      expect(Number(progress.frame), codec.join(' ')).toBe(Math.round(extinfSeconds * FPS));
      expect(progress.progress).toBe('end');
    }

    const probe = await execFileAsync('ffprobe', ['-v', 'error', ...headers, '-show_entries', 'format=duration', '-of', 'json', url]);
    const duration = Number(JSON.parse(probe.stdout).format.duration);
    expect(duration).toBeCloseTo(extinfSeconds, 2);
    // The played footage is the requested range without the outage, widened to whole fragments.
    expect(Math.abs(duration - (to - from - GAP_MS) / 1000)).toBeLessThan(1.01);
  });

  it('decoding a playlist across files gives every frame of the range, widened to whole GOPs', async () => {
    const session = await createSession(T0 + 2_500, T0 + 5_500);
    const url = `${base}${session.playlist_url}`;
    const { stdout, stderr } = await execFileAsync('ffmpeg', [
      '-hide_banner', '-nostdin', '-v', 'error',
      '-headers', `Authorization: Bearer ${kernel.adminKey}\r\n`,
      '-i', url, '-map', '0:v', '-f', 'null', '-', '-progress', 'pipe:1', '-nostats',
    ]);
    expect(stderr).toBe('');
    const frames = Number([...stdout.matchAll(/frame=(\d+)/g)].at(-1)?.[1]);
    // [2.5 s, 5.5 s) lies in the fragments [2, 3) … [5, 6) of two files: four whole one-second GOPs,
    // every frame decoded (the second file's times continue the first's).
    expect(frames).toBe(4 * FPS);
  });
});
