import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { FfmpegProcess } from './ffmpeg-process.js';

export type MediaToolName = 'ffmpeg' | 'ffprobe';

export interface MediaTool {
  name: MediaToolName;
  /** Absolute path of the binary that was checked. */
  path: string;
  /** As printed by `-version`, e.g. "5.1.9-0+deb12u1". */
  version: string;
  major: number;
}

export interface MediaTools {
  ffmpeg: MediaTool;
  ffprobe: MediaTool;
}

export const MIN_MEDIA_TOOL_MAJOR = 5;

const ENV_VAR: Record<MediaToolName, string> = { ffmpeg: 'HELDAR_FFMPEG', ffprobe: 'HELDAR_FFPROBE' };
const INSTALL_HINT = 'install it (Debian/Ubuntu: `apt-get install ffmpeg`, which also provides ffprobe)';

/** The media tools are missing, unusable or too old; the message says what and how to fix it. */
export class MediaToolsError extends Error {
  override name = 'MediaToolsError';
  constructor(
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`ffmpeg/ffprobe check failed:\n- ${problems.join('\n- ')}`, options);
  }
}

export interface ResolveMediaToolsOptions {
  /** A path, or a bare name looked up on `searchPath`. Default "ffmpeg". */
  ffmpeg?: string;
  /** A path, or a bare name looked up on `searchPath`. Default "ffprobe". */
  ffprobe?: string;
  /** The PATH to search bare names on (the caller's config passes the process's PATH). */
  searchPath: string | undefined;
  /** Limit for each `-version` run; default 10 s. */
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * Finds ffmpeg and ffprobe, runs `-version` on each and requires major version ≥ 5. Throws one
 * MediaToolsError listing every problem (both tools are checked), each saying how to fix it.
 */
export async function resolveMediaTools(opts: ResolveMediaToolsOptions): Promise<MediaTools> {
  const results = await Promise.all(
    (['ffmpeg', 'ffprobe'] as const).map(async (name) => {
      try {
        return await checkTool(name, opts[name] ?? name, opts);
      } catch (e: unknown) {
        return e instanceof Error ? e : new Error(String(e));
      }
    }),
  );
  const [ffmpeg, ffprobe] = results;
  if (ffmpeg === undefined || ffprobe === undefined) throw new Error('unreachable: two tools were checked');
  const failures = results.filter((r): r is Error => r instanceof Error);
  if (failures.length > 0) {
    throw new MediaToolsError(
      failures.map((f) => f.message),
      { cause: failures.length === 1 ? failures[0] : new AggregateError(failures, 'ffmpeg and ffprobe checks failed') },
    );
  }
  return { ffmpeg: ffmpeg as MediaTool, ffprobe: ffprobe as MediaTool };
}

async function checkTool(name: MediaToolName, configured: string, opts: ResolveMediaToolsOptions): Promise<MediaTool> {
  const envVar = ENV_VAR[name];
  const path = await findExecutable(configured, opts.searchPath, name);

  const lines: string[] = [];
  const run = new FfmpegProcess({
    bin: path,
    args: ['-version'],
    redact: (t) => t,
    name,
    timeoutMs: opts.timeoutMs ?? 10_000,
    stopMode: 'kill',
    onStdoutLine: (l) => {
      if (lines.length < 50) lines.push(l);
    },
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const exit = await run.start().exited;
  if (exit.reason !== 'exited') {
    throw new Error(`${name}: running \`${path} -version\` failed (${exit.error?.message ?? exit.reason}); ${INSTALL_HINT} or set ${envVar} to a working ${name}`, {
      cause: exit.error,
    });
  }
  const parsed = parseVersionOutput(lines.join('\n'));
  if (parsed.tool !== null && parsed.tool !== name) {
    throw new Error(`${name}: ${path} is ${parsed.tool}, not ${name}; set ${envVar} to the ${name} binary`);
  }
  if (parsed.major === null) {
    throw new Error(`${name}: cannot read the version of ${path} from its \`-version\` output ("${lines[0] ?? ''}"); ${INSTALL_HINT} or set ${envVar}`);
  }
  if (parsed.major < MIN_MEDIA_TOOL_MAJOR) {
    throw new Error(
      `${name}: ${path} is version ${parsed.version}; Heldar needs ${name} ${MIN_MEDIA_TOOL_MAJOR} or newer — ` +
        `${INSTALL_HINT} (Debian 12 ships 5.1) or set ${envVar} to a newer build`,
    );
  }
  return { name, path, version: parsed.version, major: parsed.major };
}

/**
 * Where `nameOrPath` runs from: a value with a slash is a path (relative to the working directory),
 * a bare name is looked up on `searchPath` like a shell would. Throws a message naming what to set.
 */
export async function findExecutable(nameOrPath: string, searchPath: string | undefined, tool: MediaToolName): Promise<string> {
  const envVar = ENV_VAR[tool];
  if (nameOrPath.includes('/')) {
    const path = isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
    const problem = await executableProblem(path);
    if (problem) throw new Error(`${tool}: ${envVar}=${nameOrPath}: ${problem}; point ${envVar} at the ${tool} binary or unset it to use PATH`);
    return path;
  }
  const dirs = (searchPath ?? '').split(delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    const candidate = join(dir, nameOrPath);
    if ((await executableProblem(candidate)) === null) return isAbsolute(candidate) ? candidate : resolve(candidate);
  }
  throw new Error(
    `${tool}: no \`${nameOrPath}\` found on PATH (${dirs.length > 0 ? dirs.join(delimiter) : 'PATH is empty'}); ` +
      `${INSTALL_HINT} or set ${envVar} to the full path of ${tool} ${MIN_MEDIA_TOOL_MAJOR} or newer`,
  );
}

async function executableProblem(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    if (!s.isFile()) return 'not a file';
  } catch (e: unknown) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read it (${(e as Error).message})`;
  }
  try {
    await access(path, constants.X_OK);
    return null;
  } catch (e: unknown) {
    return `not executable (${(e as NodeJS.ErrnoException).code ?? 'access denied'})`;
  }
}

export interface ParsedVersion {
  /** "ffmpeg" or "ffprobe" from the first line, or null when it names neither. */
  tool: MediaToolName | null;
  version: string;
  major: number | null;
}

// libavformat's major version per ffmpeg release line: 57 → 3.x, 58 → 4.x, 59 → 5.x, 60 → 6.x,
// 61 → 7.x, 62 → 8.x — the only version a git build ("N-113245-g…") prints.
const LAVF_TO_FFMPEG_OFFSET = 54;

/**
 * Reads the tool and major version from `-version` output: the release number of the first line
 * ("ffmpeg version 5.1.9-0+deb12u1", "n6.1.1", "7.0.2-static"), or for git builds, which carry no
 * release number, the libavformat major version.
 */
export function parseVersionOutput(output: string): ParsedVersion {
  const first = /^(\S+) version (\S+)/m.exec(output);
  const toolWord = first?.[1];
  const tool: MediaToolName | null = toolWord === 'ffmpeg' || toolWord === 'ffprobe' ? toolWord : null;
  const version = first?.[2] ?? 'unknown';
  const release = /^n?(\d+)\.\d+/.exec(version);
  if (release?.[1] !== undefined) return { tool, version, major: Number(release[1]) };
  const lavf = /^\s*libavformat\s+(\d+)\.\s*\d+/m.exec(output);
  if (lavf?.[1] !== undefined && Number(lavf[1]) >= 57) {
    return { tool, version, major: Number(lavf[1]) - LAVF_TO_FFMPEG_OFFSET };
  }
  return { tool, version, major: null };
}
