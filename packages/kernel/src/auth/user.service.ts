import type { Clock } from '../clock.js';
import type { UserRow } from '../db/schema.js';
import { BadRequest, Conflict, NotFound } from '../errors.js';
import { burnVerifyTime, checkPasswordRules, hashPassword, verifyPassword } from './password.js';
import type { Role } from './principal.js';
import type { SessionRepository } from './session.repository.js';
import { randomId } from './tokens.js';
import type { UserRepository } from './user.repository.js';

/** A user as every API response and CLI listing shows it: never the password hash. */
export interface UserDto {
  id: string;
  username: string;
  role: Role;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
}

export interface UserCreate {
  username: string;
  password: string;
  role: Role;
}

export interface UserChange {
  role?: Role | undefined;
  password?: string | undefined;
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/** User names are case-insensitive: stored and compared in lower case. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** The user registry's rules: valid names, password rules, and never zero admins. */
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<UserDto[]> {
    return (await this.users.list()).map(toUserDto);
  }

  async get(id: string): Promise<UserDto> {
    return toUserDto(await this.require(id));
  }

  async findByUsername(username: string): Promise<UserDto | undefined> {
    const row = await this.users.findByUsername(normalizeUsername(username));
    return row && toUserDto(row);
  }

  count(): Promise<number> {
    return this.users.count();
  }

  async create(input: UserCreate): Promise<UserDto> {
    const username = normalizeUsername(input.username);
    if (!USERNAME.test(username)) {
      throw new BadRequest('a user name is 1–64 characters: letters, digits and . _ @ - (starting with a letter or digit)');
    }
    checkPasswordRules(input.password, username);
    if (await this.users.findByUsername(username)) throw new Conflict(`user name "${username}" is already taken`);
    const now = this.clock.now();
    const row: UserRow = {
      id: `usr_${randomId()}`,
      username,
      password_hash: await hashPassword(input.password),
      role: input.role,
      created_at: now,
      updated_at: now,
      last_login_at: null,
    };
    await this.users.insert(row);
    return toUserDto(row);
  }

  /**
   * Changes role and/or password. A new password ends every session of the user except `keepSessionId`
   * (the caller's own when users change their own password).
   */
  async update(id: string, change: UserChange, keepSessionId?: string): Promise<UserDto> {
    const row = await this.require(id);
    if (change.role !== undefined && change.role !== row.role && row.role === 'admin') await this.keepOneAdmin();
    if (change.password !== undefined) checkPasswordRules(change.password, row.username);
    await this.users.update(id, {
      role: change.role ?? row.role,
      ...(change.password === undefined ? {} : { password_hash: await hashPassword(change.password) }),
      updated_at: this.clock.now(),
    });
    if (change.password !== undefined) await this.sessions.deleteForUser(id, keepSessionId);
    return this.get(id);
  }

  async setPasswordByUsername(username: string, password: string): Promise<UserDto> {
    const row = await this.users.findByUsername(normalizeUsername(username));
    if (!row) throw new NotFound(`user ${normalizeUsername(username)} not found`);
    return this.update(row.id, { password });
  }

  async delete(id: string): Promise<void> {
    const row = await this.require(id);
    if (row.role === 'admin') await this.keepOneAdmin();
    await this.users.delete(id);
  }

  /**
   * The user when `password` is theirs, else null. An unknown user name costs the same argon2 work as
   * a wrong password, so timing does not tell which names exist.
   */
  async verifyCredentials(username: string, password: string): Promise<UserDto | null> {
    const row = await this.users.findByUsername(normalizeUsername(username));
    if (!row) {
      await burnVerifyTime(password);
      return null;
    }
    return (await verifyPassword(row.password_hash, password)) ? toUserDto(row) : null;
  }

  async markLoggedIn(id: string): Promise<void> {
    await this.users.update(id, { last_login_at: this.clock.now() });
  }

  private async require(id: string): Promise<UserRow> {
    const row = await this.users.find(id);
    if (!row) throw new NotFound(`user ${id} not found`);
    return row;
  }

  private async keepOneAdmin(): Promise<void> {
    if ((await this.users.countAdmins()) <= 1) {
      throw new Conflict('this is the last admin; make another user admin first');
    }
  }
}

function toUserDto(row: UserRow): UserDto {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    created_at: row.created_at,
    updated_at: row.updated_at,
    last_login_at: row.last_login_at,
  };
}
