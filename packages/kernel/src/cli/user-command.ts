import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../auth/principal.js';
import type { Config } from '../config.js';
import { cliActor, parseCliArgs, shortTime, table, withAuthServices } from './auth-cli.js';
import { CliError, type CliIo } from './cli-io.js';

export const USER_USAGE = `Usage:
  heldar user add <name> [--role viewer|operator|admin]   add a user (default role: viewer)
  heldar user passwd <name>                               set a user's password (ends their sessions)
  heldar user list                                        list users

The password is read from the terminal without echo (asked twice), or as the first line of standard
input when it is piped: printf '%s\\n' "$PASSWORD" | heldar user add alice --role operator`;

/** `heldar user …`: manages users directly in the database (works while the server runs, too). */
export async function userCommand(args: readonly string[], config: Config, io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCliArgs(USER_USAGE, () => parseArgs({ args: [...rest], options: { role: { type: 'string' } }, allowPositionals: true, strict: true }));
  switch (sub) {
    case 'add': {
      const name = onlyName(positionals);
      const role = parseRole(values.role ?? 'viewer');
      const password = await newPassword(io, name);
      return withAuthServices(config, async ({ users, audit }) => {
        const user = await users.create({ username: name, password, role });
        await audit.record({ actor: cliActor(), action: 'user add', target: user.id, outcome: 'ok', detail: { username: user.username, role } });
        io.err(`added user ${user.username} (${user.role})`);
        return 0;
      });
    }
    case 'passwd': {
      const name = onlyName(positionals);
      if (values.role !== undefined) throw new CliError('--role is for `user add`; change a role with PATCH /api/users/:id', 2);
      const password = await newPassword(io, name);
      return withAuthServices(config, async ({ users, audit }) => {
        const user = await users.setPasswordByUsername(name, password);
        await audit.record({ actor: cliActor(), action: 'user passwd', target: user.id, outcome: 'ok', detail: { username: user.username } });
        io.err(`password of ${user.username} changed; their sessions have ended`);
        return 0;
      });
    }
    case 'list': {
      if (positionals.length > 0 || values.role !== undefined) throw new CliError(USER_USAGE, 2);
      return withAuthServices(config, async ({ users }) => {
        const rows = (await users.list()).map((u) => [u.username, u.role, shortTime(u.created_at), shortTime(u.last_login_at)]);
        for (const line of table([['USER', 'ROLE', 'CREATED', 'LAST LOGIN'], ...rows])) io.out(line);
        return 0;
      });
    }
    default:
      throw new CliError(USER_USAGE, 2);
  }
}

function onlyName(positionals: readonly string[]): string {
  if (positionals.length !== 1 || positionals[0] === undefined) throw new CliError(USER_USAGE, 2);
  return positionals[0];
}

function parseRole(text: string): Role {
  const role = ROLES.find((r) => r === text);
  if (role === undefined) throw new CliError(`--role must be one of ${ROLES.join(', ')} (got "${text}")`, 2);
  return role;
}

async function newPassword(io: CliIo, name: string): Promise<string> {
  const password = await io.readSecret(`new password for ${name}: `);
  if (io.interactive && (await io.readSecret('again: ')) !== password) throw new CliError('the two passwords differ; nothing changed');
  return password;
}
