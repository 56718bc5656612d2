import path from 'node:path';
import { CLIENT_VARIABLES, CONFIG_SPEC, type SpecifiedKey, type VariableSpec } from './config-spec.js';
import { ConfigError, type Config } from './config-types.js';

export { ConfigError, LOG_LEVELS, SecretValue } from './config-types.js';
export type { Config, DbLocation, FreeSpaceFloor, LogLevel } from './config-types.js';
export { CLIENT_VARIABLES, CONFIG_SPEC } from './config-spec.js';

/**
 * Heldar's configuration: every HELDAR_* variable, parsed and validated once at start into a frozen
 * object, as config-spec.ts declares them. Nothing else in the server reads `process.env`.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** One documented variable: its name, accepted values, default (as shown to a person) and meaning. */
export interface ConfigVariable {
  readonly name: string;
  readonly type: string;
  readonly default: string;
  readonly description: string;
  readonly secret: boolean;
}

const SPEC_ENTRIES = (Object.keys(CONFIG_SPEC) as SpecifiedKey[]).map((key) => [key, CONFIG_SPEC[key] as VariableSpec<unknown>] as const);

/** The server's variables in the spec's order (the README's order). */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = SPEC_ENTRIES.map(([, spec]) => ({
  name: spec.variable,
  type: spec.type,
  default: spec.default,
  description: spec.description,
  secret: spec.secret === true,
}));

const SERVER_NAMES = new Set(CONFIG_VARIABLES.map((v) => v.name));
const ALLOWED_NAMES = new Set([...SERVER_NAMES, ...CLIENT_VARIABLES.map((v) => v.variable)]);

/** Reads and validates the HELDAR_* variables of `env`; throws a ConfigError naming the variable. */
export function loadConfig(env: Env, cwd: string = process.cwd()): Config {
  for (const name of Object.keys(env)) {
    if (name.startsWith('HELDAR_') && !ALLOWED_NAMES.has(name)) {
      throw new ConfigError(name, `unknown variable; known variables are ${[...SERVER_NAMES].join(', ')}`);
    }
  }
  const context = (name: string, dataDir: string) => ({ name, original: env[name], cwd, dataDir });
  const dataDirSpec = CONFIG_SPEC.dataDir;
  const dataDir = dataDirSpec.parse(nonEmpty(env[dataDirSpec.variable]), context(dataDirSpec.variable, cwd));
  const values: Record<string, unknown> = {};
  for (const [key, spec] of SPEC_ENTRIES) values[key] = spec.parse(nonEmpty(env[spec.variable]), context(spec.variable, dataDir));
  const config = {
    ...(values as Pick<Config, SpecifiedKey>),
    searchPath: env.PATH,
    recordingsDir: path.join(dataDir, 'recordings'),
    clipsDir: path.join(dataDir, 'clips'),
    playbackDir: path.join(dataDir, 'playback'),
  } satisfies Config;
  return Object.freeze(config);
}

/** Each server variable's value in effect in `config`, as a person would write it (secrets as `***`). */
export function shownValues(config: Config): Map<string, string> {
  return new Map(SPEC_ENTRIES.map(([key, spec]) => [spec.variable, spec.show(config[key])]));
}

/** The README's configuration section between its markers: the server's variables, then the clients'. */
export function configTableMarkdown(): string {
  const lines = ['| variable | type | default | meaning |', '|---|---|---|---|'];
  for (const v of CONFIG_VARIABLES) lines.push(`| \`${v.name}\` | ${v.type} | ${codeIfToken(v.default)} | ${v.description} |`);
  lines.push('', 'Read by clients and tests, never by the server (the unknown-variable check lets them pass):', '');
  lines.push('| variable | read by | meaning |', '|---|---|---|');
  for (const v of CLIENT_VARIABLES) lines.push(`| \`${v.variable}\` | ${v.readBy} | ${v.description} |`);
  return lines.join('\n');
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** `8080` → `` `8080` ``; prose such as "the system zone" stays prose. */
function codeIfToken(text: string): string {
  return /^[^\s`()]+$/.test(text) ? `\`${text}\`` : text;
}
