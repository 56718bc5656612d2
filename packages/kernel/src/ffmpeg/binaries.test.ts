import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaToolsError, parseVersionOutput, resolveMediaTools } from './binaries.js';

const PATH = process.env['PATH'];
let dir = '';

/** An executable shell script that prints `firstLine` for -version, like an ffmpeg build would. */
async function fakeTool(name: string, firstLine: string, mode = 0o755): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\necho '${firstLine}'\necho 'built with gcc 12'\n`);
  await chmod(path, mode);
  return path;
}

async function failure(p: Promise<unknown>): Promise<MediaToolsError> {
  const e = await p.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );
  if (!(e instanceof MediaToolsError)) throw new Error('expected a MediaToolsError', { cause: e });
  return e;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heldar-bin-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveMediaTools', () => {
  it('finds the system ffmpeg and ffprobe on PATH and reads their versions', async () => {
    const tools = await resolveMediaTools({ searchPath: PATH });
    expect(tools.ffmpeg).toMatchObject({ name: 'ffmpeg', major: 5 });
    expect(tools.ffmpeg.path).toMatch(/^\/.*\/ffmpeg$/);
    expect(tools.ffmpeg.version).toMatch(/^5\.1/);
    expect(tools.ffprobe).toMatchObject({ name: 'ffprobe', major: 5 });
  });

  it('takes explicit paths', async () => {
    const found = await resolveMediaTools({ searchPath: PATH });
    const tools = await resolveMediaTools({ ffmpeg: found.ffmpeg.path, ffprobe: found.ffprobe.path, searchPath: '' });
    expect(tools.ffmpeg.path).toBe(found.ffmpeg.path);
    expect(tools.ffprobe.path).toBe(found.ffprobe.path);
  });

  it('says what is missing from PATH and how to install it or which variable to set', async () => {
    const e = await failure(resolveMediaTools({ searchPath: `${dir}/empty-a:${dir}/empty-b` }));
    expect(e.problems).toHaveLength(2);
    expect(e.problems[0]).toBe(
      `ffmpeg: no \`ffmpeg\` found on PATH (${dir}/empty-a:${dir}/empty-b); install it (Debian/Ubuntu: \`apt-get install ffmpeg\`, which also provides ffprobe) or set HELDAR_FFMPEG to the full path of ffmpeg 5 or newer`,
    );
    expect(e.problems[1]).toContain('HELDAR_FFPROBE');
    expect(e.message).toContain('apt-get install ffmpeg');
    expect(e.cause).toBeInstanceOf(AggregateError);
  });

  it('names the variable when a configured path is wrong or not executable', async () => {
    const notExec = await fakeTool('ffprobe-noexec', 'ffprobe version 5.1.2', 0o644);
    const e = await failure(resolveMediaTools({ ffmpeg: '/opt/nope/ffmpeg', ffprobe: notExec, searchPath: PATH }));
    expect(e.problems[0]).toMatch(/^ffmpeg: HELDAR_FFMPEG=\/opt\/nope\/ffmpeg: no such file; point HELDAR_FFMPEG at/);
    expect(e.problems[1]).toMatch(/^ffprobe: HELDAR_FFPROBE=.*ffprobe-noexec: not executable/);
  });

  it('refuses a version older than 5 and a swapped binary', async () => {
    const old = await fakeTool('ffmpeg-old', 'ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021 the FFmpeg developers');
    const swapped = await fakeTool('ffprobe-swapped', 'ffmpeg version 5.1.2 Copyright (c) 2000-2022 the FFmpeg developers');
    const e = await failure(resolveMediaTools({ ffmpeg: old, ffprobe: swapped, searchPath: PATH }));
    expect(e.problems[0]).toContain(`${old} is version 4.4.2-0ubuntu0.22.04.1; Heldar needs ffmpeg 5 or newer`);
    expect(e.problems[0]).toContain('HELDAR_FFMPEG');
    expect(e.problems[1]).toBe(`ffprobe: ${swapped} is ffmpeg, not ffprobe; set HELDAR_FFPROBE to the ffprobe binary`);
  });

  it('reports a binary whose -version fails', async () => {
    const broken = join(dir, 'ffmpeg-broken');
    await writeFile(broken, '#!/bin/sh\necho "error while loading shared libraries: libavdevice.so.59" >&2\nexit 127\n');
    await chmod(broken, 0o755);
    const e = await failure(resolveMediaTools({ ffmpeg: broken, searchPath: PATH }));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toContain(`running \`${broken} -version\` failed (ffmpeg exited with code 127: error while loading shared libraries`);
  });
});

describe('parseVersionOutput', () => {
  it('reads release numbers of distribution, tagged and static builds', () => {
    expect(parseVersionOutput('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toEqual({ tool: 'ffmpeg', version: '5.1.9-0+deb12u1', major: 5 });
    expect(parseVersionOutput('ffprobe version n6.1.1 Copyright')).toEqual({ tool: 'ffprobe', version: 'n6.1.1', major: 6 });
    expect(parseVersionOutput('ffmpeg version 7.0.2-static https://johnvansickle.com/ffmpeg/')).toMatchObject({ major: 7 });
  });

  it('falls back to libavformat for git builds', () => {
    const out = 'ffmpeg version N-113245-g2c2b5c6 Copyright\nlibavutil      59.  8.100 / 59.  8.100\nlibavformat    61.  1.100 / 61.  1.100\n';
    expect(parseVersionOutput(out)).toEqual({ tool: 'ffmpeg', version: 'N-113245-g2c2b5c6', major: 7 });
  });

  it('returns null when there is no version to read', () => {
    expect(parseVersionOutput('something else entirely')).toEqual({ tool: null, version: 'unknown', major: null });
  });
});
