import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { Backoff, type BackoffPolicy } from '../../backoff.js';
import type { Clock } from '../../clock.js';
import { maskText } from '../../secrets/credential-mask.js';

export interface MqttConnectionOptions {
  url: string;
  username: string | null;
  /** Revealed only here, into the client's options. */
  password: string | null;
  clientId: string;
  /** The last will: published by the broker when Heldar goes away without saying so. */
  will: { topic: string; payload: string };
  backoff: BackoffPolicy;
  /** Messages kept while the broker is away (the oldest dropped beyond it), sent on reconnect. */
  maxQueued: number;
  /** Publishes sent but not yet acknowledged; beyond it new ones are dropped (a stuck broker). */
  maxInFlight: number;
}

export interface OutgoingMessage {
  topic: string;
  payload: string | Buffer;
  retain: boolean;
}

export interface ConnectionStatus {
  connected: boolean;
  last_error: string | null;
  last_connected_at: number | null;
  published: number;
  dropped: number;
  queued: number;
}

/**
 * The one MQTT client: connects, reconnects with backoff (1 s doubling up to 30 s; the client's own
 * fixed-interval reconnect is off), and publishes without ever making the caller wait — a message is
 * handed to the client and forgotten. While the broker is away messages wait in a bounded queue; a
 * broker that stops acknowledging makes new messages drop. So a broker outage costs MQTT messages,
 * never recording or API latency.
 */
export class MqttConnection {
  private client: MqttClient | undefined;
  private readonly backoff: Backoff;
  private readonly queue: OutgoingMessage[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private connectedSince: number | null = null;
  private readonly state = { lastError: null as string | null, lastConnectedAt: null as number | null, published: 0, dropped: 0 };

  constructor(
    private readonly options: MqttConnectionOptions,
    private readonly handlers: { onConnect: () => void; onMessage: (topic: string, payload: Buffer) => void },
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.backoff = new Backoff(options.backoff);
  }

  start(): void {
    // Started again after a close when this node takes the cluster lead back (db/singleton-module.ts).
    this.closing = false;
    const opts: IClientOptions = {
      clientId: this.options.clientId,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: 30,
      clean: true,
      will: { topic: this.options.will.topic, payload: Buffer.from(this.options.will.payload), qos: 1, retain: true },
      ...(this.options.username === null ? {} : { username: this.options.username }),
      ...(this.options.password === null ? {} : { password: this.options.password }),
    };
    const client = connect(this.options.url, opts);
    this.client = client;
    client.on('connect', () => {
      this.connectedSince = this.clock.now();
      this.state.lastConnectedAt = this.connectedSince;
      this.state.lastError = null;
      this.inFlight = 0;
      this.logger.info({ broker: this.brokerUrl }, 'mqtt: connected');
      this.handlers.onConnect();
      for (const message of this.queue.splice(0)) this.send(message);
    });
    client.on('message', (topic, payload) => this.handlers.onMessage(topic, payload));
    client.on('error', (e: Error) => {
      this.state.lastError = maskText(e.message, this.options.password === null ? [] : [this.options.password]);
    });
    client.on('close', () => this.scheduleReconnect());
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  get brokerUrl(): string {
    return maskText(this.options.url);
  }

  status(): ConnectionStatus {
    return {
      connected: this.connected,
      last_error: this.state.lastError,
      last_connected_at: this.state.lastConnectedAt,
      published: this.state.published,
      dropped: this.state.dropped,
      queued: this.queue.length,
    };
  }

  /** Hands a message to the broker (or the bounded queue); never waits. */
  publish(message: OutgoingMessage): void {
    if (this.closing) return;
    if (!this.connected) {
      if (this.queue.length >= this.options.maxQueued) {
        this.queue.shift();
        this.state.dropped++;
      }
      this.queue.push(message);
      return;
    }
    this.send(message);
  }

  subscribe(filters: string[]): void {
    this.client?.subscribe(filters, { qos: 1 }, (e) => {
      if (e) this.logger.warn({ err: e, filters }, 'mqtt: subscribe failed');
    });
  }

  /** Publishes `last` (the availability going offline), then disconnects; bounded by `timeoutMs`. */
  async close(last: OutgoingMessage | null, timeoutMs = 2000): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    const client = this.client;
    if (!client) return;
    if (last !== null && client.connected) {
      await withTimeout(client.publishAsync(last.topic, last.payload, { qos: 1, retain: last.retain }), timeoutMs).catch((e: unknown) => {
        this.logger.debug({ err: e }, 'mqtt: could not say offline before closing (the last will says it)');
      });
    }
    await withTimeout(client.endAsync(), timeoutMs).catch(() => client.end(true));
  }

  private send(message: OutgoingMessage): void {
    const client = this.client;
    if (!client) return;
    if (this.inFlight >= this.options.maxInFlight) {
      this.state.dropped++;
      return;
    }
    this.inFlight++;
    client.publish(message.topic, message.payload, { qos: 1, retain: message.retain }, (e) => {
      this.inFlight = Math.max(0, this.inFlight - 1);
      if (e) {
        this.state.dropped++;
        return;
      }
      this.state.published++;
    });
  }

  private scheduleReconnect(): void {
    if (this.closing || this.timer !== undefined) return;
    const ran = this.connectedSince === null ? 0 : this.clock.now() - this.connectedSince;
    this.connectedSince = null;
    const delay = this.backoff.next(ran);
    this.state.lastError ??= 'connection closed';
    this.logger.warn({ broker: this.brokerUrl, retry_in_ms: delay, reason: this.state.lastError }, 'mqtt: disconnected; reconnecting');
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closing) this.client?.reconnect();
    }, delay);
    this.timer.unref();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
