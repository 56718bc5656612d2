import { parseArgs } from 'node:util';
import { KEY_SCOPES, type KeyScope } from '../auth/principal.js';
import type { Config } from '../config.js';
import { cliActor, parseCliArgs, shortTime, table, withAuthServices } from './auth-cli.js';
import { CliError, type CliIo } from './cli-io.js';

export const KEY_USAGE = `Usage:
  heldar key add --name <name> --scope worker|integration|admin [--scope …]   create an API key
  heldar key list                                                            list API keys (no secrets)
  heldar key revoke <id>                                                     revoke a key at once

\`key add\` prints only the key on standard output (shown this once; store it now), e.g.
  HELDAR_KEY=$(heldar key add --name gate-worker --scope worker)`;

/** `heldar key …`: API keys directly in the database (works while the server runs, too). */
export async function keyCommand(args: readonly string[], config: Config, io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCliArgs(KEY_USAGE, () => parseArgs({
    args: [...rest],
    options: { name: { type: 'string' }, scope: { type: 'string', multiple: true } },
    allowPositionals: true,
    strict: true,
  }));
  switch (sub) {
    case 'add': {
      if (positionals.length > 0 || values.name === undefined || values.scope === undefined) throw new CliError(KEY_USAGE, 2);
      const scopes = parseScopes(values.scope);
      const name = values.name;
      return withAuthServices(config, async ({ keys, audit }) => {
        const actor = cliActor();
        const created = await keys.create({ name, scopes }, actor.name);
        await audit.record({ actor, action: 'key add', target: created.id, outcome: 'ok', detail: { name: created.name, scopes: created.scopes.join(',') } });
        io.err(`API key ${created.id} (${created.name}; ${created.scopes.join(', ')}) created; it is shown only now:`);
        io.out(created.key);
        return 0;
      });
    }
    case 'list': {
      if (positionals.length > 0 || values.name !== undefined || values.scope !== undefined) throw new CliError(KEY_USAGE, 2);
      return withAuthServices(config, async ({ keys }) => {
        const rows = (await keys.list()).map((k) => [
          k.id,
          k.name,
          k.scopes.join(','),
          shortTime(k.created_at),
          shortTime(k.last_used_at),
          k.revoked_at === null ? 'active' : `revoked ${shortTime(k.revoked_at)}`,
        ]);
        for (const line of table([['ID', 'NAME', 'SCOPES', 'CREATED', 'LAST USED', 'STATE'], ...rows])) io.out(line);
        return 0;
      });
    }
    case 'revoke': {
      const [id] = positionals;
      if (positionals.length !== 1 || id === undefined) throw new CliError(KEY_USAGE, 2);
      return withAuthServices(config, async ({ keys, audit }) => {
        const key = await keys.revoke(id);
        await audit.record({ actor: cliActor(), action: 'key revoke', target: key.id, outcome: 'ok', detail: { name: key.name } });
        io.err(`API key ${key.id} (${key.name}) is revoked`);
        return 0;
      });
    }
    default:
      throw new CliError(KEY_USAGE, 2);
  }
}

/** `--scope worker --scope integration` or `--scope worker,integration`. */
function parseScopes(given: readonly string[]): KeyScope[] {
  const scopes: KeyScope[] = [];
  for (const text of given.flatMap((s) => s.split(','))) {
    const scope = KEY_SCOPES.find((s) => s === text.trim());
    if (scope === undefined) throw new CliError(`--scope must be one of ${KEY_SCOPES.join(', ')} (got "${text}")`, 2);
    if (!scopes.includes(scope)) scopes.push(scope);
  }
  return scopes;
}
