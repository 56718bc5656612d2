import type { Logger } from 'pino';
import type { ApiKeyService } from '../../auth/api-key.service.js';
import type { Principal } from '../../auth/principal.js';
import type { Clock } from '../../clock.js';
import { BadRequest, NotFound } from '../../errors.js';
import { EVENT_KIND_NAMES, isEventKind, type EventKind } from '../../events/event-kinds.js';
import { OutboundRefused, type OutboundGuard } from '../../net/outbound-guard.js';
import { toRfc3339 } from '../../time.js';
import type { WebhookService } from '../webhooks/webhook.service.js';
import type { ModuleBody, ModuleRegisteredDto, SidecarDto } from './module.schemas.js';
import type { Sidecar } from './sidecar.js';
import type { SidecarRepository } from './sidecar.repository.js';

export interface SidecarServiceDeps {
  repository: SidecarRepository;
  keys: ApiKeyService;
  webhooks: WebhookService;
  guard: OutboundGuard;
  clock: Clock;
  logger: Logger;
}

/** What the proxy needs per sidecar, kept in memory so a proxied request costs no query. */
export interface SidecarTarget {
  base: string;
  /** The sidecar's webhook secret: it signs the X-Heldar-User headers too. */
  secret: string;
}

interface Health {
  state: 'unknown' | 'up' | 'down';
  checked_at: number | null;
  error: string | null;
}

const HEALTH_TIMEOUT_MS = 5000;

/**
 * Domain apps running beside Heldar. Registering one with a base_url issues it an `integration` API
 * key and a signed webhook subscription (returned once; registering again replaces both), makes
 * /m/<name>/* a proxy to it and checks its health; unregistering revokes all of it.
 */
export class SidecarService {
  private readonly targets = new Map<string, SidecarTarget>();
  private readonly health = new Map<string, Health>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: SidecarServiceDeps) {}

  /** Loads the registered sidecars (start-up, before any route). */
  async load(): Promise<void> {
    for (const sidecar of await this.deps.repository.list()) {
      const secret = await this.deps.webhooks.secretOf(sidecar.webhook_id);
      if (secret !== undefined) this.targets.set(sidecar.name, { base: sidecar.base_url, secret });
    }
  }

  target(name: string): SidecarTarget | undefined {
    return this.targets.get(name);
  }

  async register(body: ModuleBody & { base_url: string }, principal: Principal | undefined): Promise<NonNullable<ModuleRegisteredDto['credentials']>> {
    const base = body.base_url.replace(/\/+$/, '');
    try {
      const { url } = await this.deps.guard.check(base);
      if (url.search !== '' || url.hash !== '') throw new BadRequest('base_url must not have a query or a fragment');
    } catch (e: unknown) {
      if (e instanceof OutboundRefused) throw new BadRequest(`base_url: ${e.message}`, { cause: e });
      throw e;
    }
    const kinds = kindsOf(body.consumes);
    await this.unregister(body.name).catch((e: unknown) => {
      if (!(e instanceof NotFound)) throw e;
    });
    const key = await this.deps.keys.create({ name: `module ${body.name}`, scopes: ['integration'] }, principal?.name ?? null);
    const webhook = await this.deps.webhooks.create({ name: `module ${body.name}`, url: base + (body.webhook_path ?? '/heldar/webhook'), kinds }, principal, body.name);
    await this.deps.repository.put({
      name: body.name,
      base_url: base,
      api_key_id: key.id,
      webhook_id: webhook.id,
      navigation: body.navigation ?? [],
      health_path: body.health_path ?? '/healthz',
      created_at: this.deps.clock.now(),
    });
    this.targets.set(body.name, { base, secret: webhook.secret });
    this.health.set(body.name, { state: 'unknown', checked_at: null, error: null });
    void this.check(body.name);
    return { api_key: key.key, webhook_id: webhook.id, webhook_secret: webhook.secret };
  }

  /** Revokes the key, deletes the subscription and stops the proxy; NotFound when it is no sidecar. */
  async unregister(name: string): Promise<void> {
    const sidecar = await this.deps.repository.find(name);
    if (!sidecar) throw new NotFound(`module ${name} is not a sidecar`);
    this.targets.delete(name);
    this.health.delete(name);
    await this.deps.keys.revoke(sidecar.api_key_id).catch((e: unknown) => {
      if (!(e instanceof NotFound)) throw e;
    });
    await this.deps.webhooks.delete(sidecar.webhook_id).catch((e: unknown) => {
      if (!(e instanceof NotFound)) throw e;
    });
    await this.deps.repository.delete(name);
  }

  async dtos(): Promise<Map<string, SidecarDto>> {
    return new Map((await this.deps.repository.list()).map((s) => [s.name, this.dto(s)]));
  }

  startHealthChecks(intervalMs: number): void {
    this.timer = setInterval(() => void this.checkAll(), intervalMs);
    this.timer.unref();
    void this.checkAll();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  /** GET <base_url><health_path> through the guard: a 2xx within 5 s is up. */
  async check(name: string): Promise<void> {
    const sidecar = await this.deps.repository.find(name);
    if (!sidecar) return;
    let health: Health;
    try {
      const response = await this.deps.guard.request(sidecar.base_url + sidecar.health_path, { totalTimeoutMs: HEALTH_TIMEOUT_MS, connectTimeoutMs: HEALTH_TIMEOUT_MS });
      const up = response.status >= 200 && response.status < 300;
      health = { state: up ? 'up' : 'down', checked_at: this.deps.clock.now(), error: up ? null : `the health check answered HTTP ${response.status}` };
    } catch (e: unknown) {
      health = { state: 'down', checked_at: this.deps.clock.now(), error: e instanceof Error ? e.message : String(e) };
    }
    if (!this.targets.has(name)) return;
    const before = this.health.get(name)?.state;
    if (before !== health.state) this.deps.logger.info({ module: name, health: health.state, error: health.error }, 'sidecar health changed');
    this.health.set(name, health);
  }

  private async checkAll(): Promise<void> {
    for (const name of this.targets.keys()) await this.check(name);
  }

  private dto(sidecar: Sidecar): SidecarDto {
    const health = this.health.get(sidecar.name) ?? { state: 'unknown', checked_at: null, error: null };
    return {
      base_url: sidecar.base_url,
      proxy_path: `/m/${sidecar.name}/`,
      navigation: sidecar.navigation,
      webhook_id: sidecar.webhook_id,
      api_key_id: sidecar.api_key_id,
      health: health.state,
      health_checked_at: health.checked_at === null ? null : toRfc3339(health.checked_at),
      health_error: health.error,
    };
  }
}

/** The manifest's `consumes` as webhook kinds: `zone_*` expands to every kind it matches; none given is all. */
function kindsOf(consumes: readonly string[]): EventKind[] {
  const kinds = new Set<EventKind>();
  for (const entry of consumes) {
    if (entry.endsWith('*')) for (const kind of EVENT_KIND_NAMES.filter((k) => k.startsWith(entry.slice(0, -1)))) kinds.add(kind);
    else if (isEventKind(entry)) kinds.add(entry);
  }
  if (consumes.length > 0 && kinds.size === 0) throw new BadRequest(`consumes names no known event kind (${consumes.join(', ')}); GET /api/events/types lists them`);
  return [...kinds];
}
