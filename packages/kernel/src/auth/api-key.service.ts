import type { Clock } from '../clock.js';
import { BadRequest, NotFound } from '../errors.js';
import { roleOfScopes } from './access-policy.js';
import { KEY_SCOPES, type KeyScope, type Principal } from './principal.js';
import { normalizeScopes, type ApiKey } from './api-key.js';
import type { ApiKeyRepository } from './api-key.repository.js';
import { rtspPasswordOf } from './rtsp-password.js';
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
  /** The digest password of the RTSP restream for this key (username: the key id); see rtspPasswordOf. */
  rtsp_password: string;
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
    const secretHash = sha256Hex(secret);
    const now = this.clock.now();
    await this.keys.insert({
      id,
      name,
      scopes,
      secret_hash: secretHash,
      created_by: createdBy,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    });
    return { id, name, scopes, key: formatApiKey(id, secret), rtsp_password: rtspPasswordOf(secretHash), created_at: now };
  }

  async list(): Promise<ApiKeyDto[]> {
    return (await this.keys.list()).map(toApiKeyDto);
  }

  async get(id: string): Promise<ApiKeyDto> {
    const key = await this.keys.find(id);
    if (!key) throw new NotFound(`API key ${id} not found`);
    return toApiKeyDto(key);
  }

  /** Revokes at once: the next request with the key gets 401. Revoking twice changes nothing. */
  async revoke(id: string): Promise<ApiKeyDto> {
    const key = await this.keys.find(id);
    if (!key) throw new NotFound(`API key ${id} not found`);
    if (key.revoked_at === null) await this.keys.revoke(id, this.clock.now());
    return this.get(id);
  }

  /** The principal for a presented key, or null when it is malformed, unknown, wrong or revoked. */
  async authenticate(presented: string): Promise<Principal | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const key = await this.keys.find(parsed.id);
    // The key is found by its public id; the secret is compared in constant time.
    if (!key || key.revoked_at !== null || !constantTimeEqual(key.secret_hash, sha256Hex(parsed.secret))) return null;
    const now = this.clock.now();
    if (key.last_used_at === null || now - key.last_used_at >= MARK_USED_EVERY_MS) await this.keys.markUsed(key.id, now);
    return { kind: 'api_key', id: key.id, name: key.name, role: roleOfScopes(key.scopes), scopes: key.scopes };
  }

  /** The principal and RTSP password of a key by its id; null when it is unknown or revoked. */
  async rtspCredential(id: string): Promise<RtspCredential | null> {
    const key = await this.keys.find(id);
    if (!key || key.revoked_at !== null) return null;
    const principal: Principal = { kind: 'api_key', id: key.id, name: key.name, role: roleOfScopes(key.scopes), scopes: key.scopes };
    return { principal, password: rtspPasswordOf(key.secret_hash) };
  }
}

/** What the RTSP restream checks a digest answer against. */
export interface RtspCredential {
  principal: Principal;
  /** The key's RTSP password (rtspPasswordOf). */
  password: string;
}

function toApiKeyDto(key: ApiKey): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    scopes: key.scopes,
    created_by: key.created_by,
    created_at: key.created_at,
    last_used_at: key.last_used_at,
    revoked_at: key.revoked_at,
  };
}
