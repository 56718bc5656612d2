import { CONFIG_VARIABLES, configTableMarkdown, loadConfig, shownValues } from '../config.js';
import { findExecutable } from '../ffmpeg/binaries.js';
import { stdout } from './cli-io.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `heldar config`: each HELDAR_* variable with the value in effect (shown as the configuration spec
 * says, secrets as `***`) and whether it was set or is the default; ffmpeg and ffprobe given by name
 * are shown with the file found on PATH (not PATH itself). `--markdown`: the README's tables.
 */
export async function configCommand(args: readonly string[], env: Env): Promise<number> {
  if (args.includes('--markdown')) {
    stdout(configTableMarkdown());
    return 0;
  }
  const config = loadConfig(env);
  const shown = shownValues(config);
  shown.set('HELDAR_FFMPEG', await located(config.ffmpegBin, config.searchPath, 'ffmpeg'));
  shown.set('HELDAR_FFPROBE', await located(config.ffprobeBin, config.searchPath, 'ffprobe'));
  const width = Math.max(...CONFIG_VARIABLES.map((v) => v.name.length));
  for (const v of CONFIG_VARIABLES) {
    const source = env[v.name] !== undefined && env[v.name] !== '' ? 'set' : 'default';
    stdout(`${v.name.padEnd(width)}  ${shown.get(v.name) ?? ''}   (${source})`);
  }
  return 0;
}

async function located(bin: string, searchPath: string | undefined, tool: 'ffmpeg' | 'ffprobe'): Promise<string> {
  if (bin.includes('/')) return bin;
  try {
    return `${await findExecutable(bin, searchPath, tool)} (${bin} found on PATH)`;
  } catch {
    // The recorder says the same, with what to install, when it starts: here it is one line.
    return `${bin} (not found on PATH)`;
  }
}
