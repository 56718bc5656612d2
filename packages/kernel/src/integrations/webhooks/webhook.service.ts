import { randomBytes } from 'node:crypto';
import type { Principal } from '../../auth/principal.js';
import type { Clock } from '../../clock.js';
import { BadRequest, NotFound } from '../../errors.js';
import type { EventLog } from '../../events/event-log.js';
import { OutboundRefused, type OutboundGuard } from '../../net/outbound-guard.js';
import { toRfc3339 } from '../../time.js';
import type { DeliveryJournal } from './delivery-journal.js';
import type { Webhook, WebhookDelivery } from './webhook.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';
import type { WebhookSender } from './webhook-sender.js';
import type { WebhookCreateBody, WebhookDeliveryDto, WebhookDto, WebhookPatchBody } from './webhook.schemas.js';
import type { WebhookRepository } from './webhook.repository.js';

/** Deliveries in flight per subscription unless it says otherwise: enough to keep a receiver ~30 ms away busy at hundreds a second. */
const DEFAULT_MAX_IN_FLIGHT = 8;

export interface WebhookServiceDeps {
  repository: WebhookRepository;
  dispatcher: WebhookDispatcher;
  sender: WebhookSender;
  journal: DeliveryJournal;
  guard: OutboundGuard;
  events: EventLog;
  clock: Clock;
}

/**
 * Webhook subscriptions: the rules of creating, editing, pausing and deleting them. The secret is
 * returned once, by create; every other answer masks it. A URL is checked by the outbound guard
 * here (a clear 400 now rather than failed deliveries later) and again at each delivery.
 */
export class WebhookService {
  constructor(private readonly deps: WebhookServiceDeps) {}

  async list(): Promise<WebhookDto[]> {
    return (await this.deps.repository.list()).map((w) => toDto(w));
  }

  async get(id: string): Promise<WebhookDto> {
    return toDto(await this.find(id));
  }

  /** Creates a subscription that starts with the next event; its answer carries the secret, once. */
  async create(body: WebhookCreateBody, principal: Principal | undefined, module: string | null = null): Promise<WebhookDto> {
    await this.checkUrl(body.url);
    const now = this.deps.clock.now();
    const [latest] = await this.deps.events.find({ limit: 1 });
    const webhook: Webhook = {
      id: `whk_${randomBytes(8).toString('hex')}`,
      name: body.name.trim(),
      url: body.url,
      kinds: listOrAll(body.kinds),
      min_severity: body.min_severity ?? 'info',
      cameras: listOrAll(body.cameras),
      secret: body.secret ?? `whsec_${randomBytes(32).toString('base64url')}`,
      enabled: body.enabled ?? true,
      paused_at: null,
      pause_reason: null,
      consecutive_failures: 0,
      cursor: latest?.id ?? 0,
      max_in_flight: body.max_in_flight ?? DEFAULT_MAX_IN_FLIGHT,
      module,
      created_by: principal?.name ?? null,
      created_at: now,
      updated_at: now,
    };
    await this.deps.repository.insert(webhook);
    await this.deps.dispatcher.reload(webhook.id);
    return toDto(webhook, { revealSecret: true });
  }

  async update(id: string, body: WebhookPatchBody): Promise<WebhookDto> {
    const current = await this.find(id);
    if (body.url !== undefined) await this.checkUrl(body.url);
    const resumed = body.enabled === true && !current.enabled;
    const next: Webhook = {
      ...current,
      name: body.name?.trim() ?? current.name,
      url: body.url ?? current.url,
      kinds: body.kinds === undefined ? current.kinds : listOrAll(body.kinds),
      min_severity: body.min_severity ?? current.min_severity,
      cameras: body.cameras === undefined ? current.cameras : listOrAll(body.cameras),
      secret: body.secret ?? current.secret,
      enabled: body.enabled ?? current.enabled,
      max_in_flight: body.max_in_flight ?? current.max_in_flight,
      paused_at: resumed ? null : current.paused_at,
      pause_reason: resumed ? null : current.pause_reason,
      updated_at: this.deps.clock.now(),
    };
    await this.deps.repository.update(next);
    if (resumed) await this.deps.repository.setFailures(id, 0);
    await this.deps.dispatcher.reload(id);
    return this.get(id);
  }

  /** The signing secret, for the sidecar proxy's user headers (never for an answer). */
  async secretOf(id: string): Promise<string | undefined> {
    return (await this.deps.repository.find(id))?.secret;
  }

  async delete(id: string): Promise<void> {
    await this.find(id);
    await this.deps.dispatcher.remove(id);
    await this.deps.repository.delete(id);
  }

  /** One signed test delivery (`X-Heldar-Event: test`), whatever the subscription's state; logged like the rest. */
  async test(id: string): Promise<WebhookDeliveryDto> {
    const webhook = await this.find(id);
    const now = this.deps.clock.now();
    const event = { id: null, kind: 'test', severity: 'info', camera_id: null, payload: { message: 'A test delivery from Heldar.' }, at: toRfc3339(now) };
    const attempt = await this.deps.sender.send(webhook, event, `${webhook.id}.test-${randomBytes(6).toString('hex')}`, 1);
    this.deps.journal.record(attempt);
    await this.deps.journal.flush();
    const [logged] = await this.deps.repository.deliveries(id, 1);
    return deliveryDto(logged ?? { ...attempt, id: 0 });
  }

  async deliveries(id: string, limit: number, beforeId?: number): Promise<WebhookDeliveryDto[]> {
    await this.find(id);
    await this.deps.journal.flush();
    return (await this.deps.repository.deliveries(id, limit, beforeId)).map(deliveryDto);
  }

  private async find(id: string): Promise<Webhook> {
    const webhook = await this.deps.repository.find(id);
    if (!webhook) throw new NotFound(`webhook ${id} not found`);
    return webhook;
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await this.deps.guard.check(url);
    } catch (e: unknown) {
      if (e instanceof OutboundRefused) throw new BadRequest(`url: ${e.message}`, { cause: e });
      throw e;
    }
  }
}

function listOrAll(list: readonly string[] | undefined): string[] | null {
  return list === undefined || list.length === 0 ? null : [...list];
}

function toDto(webhook: Webhook, options: { revealSecret?: boolean } = {}): WebhookDto {
  return {
    id: webhook.id,
    name: webhook.name,
    url: webhook.url,
    kinds: webhook.kinds ?? [],
    min_severity: webhook.min_severity,
    cameras: webhook.cameras ?? [],
    secret: options.revealSecret === true ? webhook.secret : '***',
    enabled: webhook.enabled,
    state: webhook.enabled ? 'active' : webhook.paused_at !== null ? 'paused' : 'disabled',
    paused_at: webhook.paused_at === null ? null : toRfc3339(webhook.paused_at),
    pause_reason: webhook.pause_reason,
    consecutive_failures: webhook.consecutive_failures,
    max_in_flight: webhook.max_in_flight,
    module: webhook.module,
    created_by: webhook.created_by,
    created_at: toRfc3339(webhook.created_at),
    updated_at: toRfc3339(webhook.updated_at),
  };
}

function deliveryDto(delivery: WebhookDelivery): WebhookDeliveryDto {
  const { webhook_id: _webhookId, at, ...rest } = delivery;
  return { ...rest, at: toRfc3339(at) };
}
