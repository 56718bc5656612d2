import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Clock } from '../clock.js';
import { BadRequest, Conflict, NotFound } from '../errors.js';
import type { OutboundGuard } from '../net/outbound-guard.js';
import { maskText } from '../secrets/credential-mask.js';
import { toRfc3339 } from '../time.js';
import { EMPTY_SETTINGS, type Destination, type DestinationKind, type DestinationSecrets, type DestinationSettings } from './backup.js';
import type { BackupRepository } from './backup.repository.js';
import type { DestinationCreateBody, DestinationDto, DestinationPatchBody, DestinationTestDto } from './backup.schemas.js';
import { openTransport } from './open-transport.js';

export interface DestinationServiceDeps {
  repository: BackupRepository;
  guard: OutboundGuard;
  clock: Clock;
  /** Folders a local destination must not be inside (the recordings root and the mirror). */
  footageRoots: readonly string[];
  timeoutMs: number;
}

const FIELDS: Record<DestinationKind, readonly (keyof DestinationSettings)[]> = {
  local: ['path'],
  sftp: ['host', 'port', 'username', 'path', 'host_key_sha256'],
  s3: ['endpoint', 'region', 'bucket', 'prefix', 'access_key_id', 'path_style'],
};

/** Backup destinations: the rules of creating and changing them, the connection test. Secrets never leave here. */
export class DestinationService {
  constructor(private readonly deps: DestinationServiceDeps) {}

  async list(): Promise<DestinationDto[]> {
    return (await this.deps.repository.destinations()).map(toDto);
  }

  async find(id: string): Promise<Destination> {
    const destination = await this.deps.repository.destination(id);
    if (!destination) throw new NotFound(`backup destination ${id} not found`);
    return destination;
  }

  async create(body: DestinationCreateBody): Promise<DestinationDto> {
    const now = this.deps.clock.now();
    const destination = this.checked({
      id: `bkd_${randomBytes(8).toString('hex')}`,
      name: body.name.trim(),
      kind: body.kind,
      settings: pickSettings(body.kind, { ...EMPTY_SETTINGS }, body),
      secrets: pickSecrets(body.kind, { password: null, private_key: null, secret_key: null }, body),
      created_at: now,
      updated_at: now,
    });
    await this.deps.repository.saveDestination(destination, true);
    return toDto(destination);
  }

  async update(id: string, body: DestinationPatchBody): Promise<DestinationDto> {
    const current = await this.find(id);
    const next = this.checked({
      ...current,
      name: body.name?.trim() ?? current.name,
      settings: pickSettings(current.kind, current.settings, body),
      secrets: pickSecrets(current.kind, current.secrets, body),
      updated_at: this.deps.clock.now(),
    });
    await this.deps.repository.saveDestination(next, false);
    return toDto(next);
  }

  async delete(id: string): Promise<void> {
    await this.find(id);
    const used = await this.deps.repository.policiesOf(id);
    if (used > 0) throw new Conflict(`backup destination ${id} is used by ${used} ${used === 1 ? 'policy' : 'policies'}; delete or move them first`);
    await this.deps.repository.deleteDestination(id);
  }

  /** Connects, writes a probe object and removes it; the error is a sentence, with any secret masked. */
  async test(id: string): Promise<DestinationTestDto> {
    const destination = await this.find(id);
    const started = performance.now();
    const secrets = [destination.secrets.password, destination.secrets.private_key, destination.secrets.secret_key].filter((s): s is string => s !== null);
    try {
      const transport = await openTransport(destination, this.deps.guard, this.deps.timeoutMs);
      try {
        await transport.test();
      } finally {
        await transport.close();
      }
      return { ok: true, error: null, latency_ms: round(performance.now() - started) };
    } catch (e: unknown) {
      const message = e instanceof Error ? e.message : String(e);
      return { ok: false, error: maskText(message, secrets), latency_ms: round(performance.now() - started) };
    }
  }

  private checked(d: Destination): Destination {
    const s = d.settings;
    const missing = (name: string): never => {
      throw new BadRequest(`a ${d.kind} destination needs ${name}`);
    };
    if (d.kind === 'local') {
      if (s.path === null) missing('path');
      const folder = s.path ?? '';
      if (!path.isAbsolute(folder)) throw new BadRequest(`path: must be an absolute folder (got "${folder}")`);
      const resolved = path.resolve(folder);
      for (const root of this.deps.footageRoots) {
        const r = path.resolve(root);
        if (resolved === r || resolved.startsWith(r + path.sep)) throw new BadRequest(`path: ${resolved} is inside the recordings (${r}); a backup there would be deleted by retention with the footage`);
      }
      return { ...d, settings: { ...s, path: resolved } };
    }
    if (d.kind === 'sftp') {
      if (s.host === null) missing('host');
      if (s.username === null) missing('username');
      if (s.path === null) missing('path');
      if (!(s.path ?? '').startsWith('/')) throw new BadRequest('path: must be an absolute folder on the server');
      if (d.secrets.password === null && d.secrets.private_key === null) missing('a password or a private_key');
      return d;
    }
    if (s.endpoint === null) missing('endpoint');
    if (s.bucket === null) missing('bucket');
    if (s.access_key_id === null) missing('access_key_id');
    if (d.secrets.secret_key === null) missing('secret_key');
    try {
      const url = new URL(s.endpoint ?? '');
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    } catch {
      throw new BadRequest(`endpoint: must be an http(s) URL (got "${s.endpoint ?? ''}")`);
    }
    return d;
  }
}

function pickSettings(kind: DestinationKind, base: DestinationSettings, body: Partial<Record<string, unknown>>): DestinationSettings {
  const out: Record<string, unknown> = { ...base };
  for (const field of FIELDS[kind]) {
    if (body[field] !== undefined) out[field] = body[field];
  }
  for (const field of Object.keys(body)) {
    if (field in EMPTY_SETTINGS && !FIELDS[kind].includes(field as keyof DestinationSettings)) throw new BadRequest(`${field}: not a setting of a ${kind} destination`);
  }
  return out as unknown as DestinationSettings;
}

function pickSecrets(kind: DestinationKind, base: DestinationSecrets, body: { password?: string; private_key?: string; secret_key?: string }): DestinationSecrets {
  const allowed: readonly (keyof DestinationSecrets)[] = kind === 'sftp' ? ['password', 'private_key'] : kind === 's3' ? ['secret_key'] : [];
  const out = { ...base };
  for (const field of ['password', 'private_key', 'secret_key'] as const) {
    if (body[field] === undefined) continue;
    if (!allowed.includes(field)) throw new BadRequest(`${field}: not a setting of a ${kind} destination`);
    out[field] = body[field];
  }
  return out;
}

function toDto(d: Destination): DestinationDto {
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    ...d.settings,
    password_set: d.secrets.password !== null,
    private_key_set: d.secrets.private_key !== null,
    secret_key_set: d.secrets.secret_key !== null,
    created_at: toRfc3339(d.created_at),
    updated_at: toRfc3339(d.updated_at),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
