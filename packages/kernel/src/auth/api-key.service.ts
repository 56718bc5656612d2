import type { Clock } from '../clock.js';
import type { ApiKeyRow } from '../db/schema.js';
import { BadRequest, NotFound } from '../errors.js';
import { roleOfScopes } from './access-policy.js';
import { KEY_SCOPES, type KeyScope, type Principal } from './principal.js';
import type { ApiKeyRepository } from './api-key.repository.js';
import { constantTimeEqual, formatApiKey, parseApiKey, randomId, randomToken, sha256Hex } from './tokens.js';

/** A key as listings show it: never its secret or hash. */
export interface ApiKeyDto {
  id: string;
  name: string;
  scopes: KeyScope[];
  created_by: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** The answer to a key's creation: the only time `key` exists outside the client. */
export interface CreatedApiKey {
  id: string;
  name: string;
  scopes: KeyScope[];
  key: string;
  created_at: number;
}

// last_used_at is written at most once a minute per key: workers call many times a second.
const MARK_USED_EVERY_MS = 60_000;

/**
 * API keys: `hk_<id>_<secret>`, the secret 256 random bits. Only SHA-256 of the secret is stored. A
 * slow password hash (argon2) protects low-entropy secrets people choose; a 256-bit random secret
 * cannot be guessed, so a fast hash is as safe and keeps every API call from paying ~50 ms of argon2.
 */
export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async create(input: { name: string; scopes: readonly KeyScope[] }, createdBy: string | null): Promise<CreatedApiKey> {
    const name = input.name.trim();
    if (name === '') throw new BadRequest('`name` must not be blank');
    const scopes = normalizeScopes(input.scopes);
    if (scopes.length === 0) throw new BadRequest(`\`scopes\` needs at least one of ${KEY_SCOPES.join(', ')}`);
    const id = randomId();
    const secret = randomToken();
    const now = this.clock.now();
    await this.keys.insert({
      id,
      name,
      scopes: scopes.join(','),
      secret_hash: sha256Hex(secret),
      created_by: createdBy,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    });
    return { id, name, scopes, key: formatApiKey(id, secret), created_at: now };
  }

  async list(): Promise<ApiKeyDto[]> {
    return (await this.keys.list()).map(toApiKeyDto);
  }

  async get(id: string): Promise<ApiKeyDto> {
    const row = await this.keys.find(id);
    if (!row) throw new NotFound(`API key ${id} not found`);
    return toApiKeyDto(row);
  }

  /** Revokes at once: the next request with the key gets 401. Revoking twice changes nothing. */
  async revoke(id: string): Promise<ApiKeyDto> {
    const row = await this.keys.find(id);
    if (!row) throw new NotFound(`API key ${id} not found`);
    if (row.revoked_at === null) await this.keys.revoke(id, this.clock.now());
    return this.get(id);
  }

  /** The principal for a presented key, or null when it is malformed, unknown, wrong or revoked. */
  async authenticate(presented: string): Promise<Principal | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const row = await this.keys.find(parsed.id);
    // The row is found by its public id; the secret is compared in constant time.
    if (!row || row.revoked_at !== null || !constantTimeEqual(row.secret_hash, sha256Hex(parsed.secret))) return null;
    const now = this.clock.now();
    if (row.last_used_at === null || now - row.last_used_at >= MARK_USED_EVERY_MS) await this.keys.markUsed(row.id, now);
    const scopes = parseScopes(row.scopes);
    return { kind: 'api_key', id: row.id, name: row.name, role: roleOfScopes(scopes), scopes };
  }
}

function normalizeScopes(scopes: readonly string[]): KeyScope[] {
  return KEY_SCOPES.filter((s) => scopes.includes(s));
}

function parseScopes(text: string): KeyScope[] {
  return normalizeScopes(text.split(','));
}

function toApiKeyDto(row: ApiKeyRow): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    scopes: parseScopes(row.scopes),
    created_by: row.created_by,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    revoked_at: row.revoked_at,
  };
}
