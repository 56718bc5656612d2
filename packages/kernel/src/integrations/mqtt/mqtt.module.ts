import { randomBytes } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../../backoff.js';
import type { CameraService } from '../../cameras/camera.service.js';
import type { CameraStatusRepository } from '../../cameras/camera-status.repository.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { EventBus } from '../../events/event-bus.js';
import type { FeatureModule } from '../../feature-module.js';
import type { TrackFeed } from '../../perception/track-feed.js';
import type { RecorderManager } from '../../recording/recorder-manager.js';
import { toRfc3339OrNull } from '../../time.js';
import { MqttBridge } from './mqtt-bridge.js';
import { MqttConnection } from './mqtt-connection.js';
import { mqttRoutes, type MqttStatus } from './mqtt.routes.js';
import { MqttTopics } from './mqtt-topics.js';

export interface MqttModuleDeps {
  config: Pick<Config, 'mqttUrl' | 'mqttUsername' | 'mqttPassword' | 'mqttPrefix' | 'mqttDiscoveryPrefix'>;
  logger: Logger;
  clock: Clock;
  cameras: CameraService;
  status: CameraStatusRepository;
  /** `<prefix>/<camera>/trigger` starts an event recording like a zone does. */
  recorder: Pick<RecorderManager, 'trigger'>;
  bus: EventBus;
  tracks: TrackFeed;
  latestFrame: (cameraId: string) => Buffer | null;
  labels: () => Promise<readonly string[]>;
  version: string;
}

/** Timings a test may shorten. */
export interface MqttModuleOptions {
  backoff?: BackoffPolicy;
  /** How often every camera's recorder state is read for `<prefix>/<camera>/status` (default 10 s). */
  statusIntervalMs?: number;
  /** A tracked object's periodic `update` (default 5 s). */
  updateIntervalMs?: number;
}

export interface MqttModule extends FeatureModule {
  status(): MqttStatus;
}

/** MQTT with Home Assistant discovery (issue 19); off unless HELDAR_MQTT_URL is set. */
export function createMqttModule(ctx: MqttModuleDeps, options: MqttModuleOptions = {}): MqttModule {
  const { config } = ctx;
  const logger = ctx.logger.child({ module: 'mqtt' });
  const topics = new MqttTopics(config.mqttPrefix, config.mqttDiscoveryPrefix);
  if (config.mqttUrl === null) {
    const off = (): MqttStatus => ({
      enabled: false,
      connected: false,
      broker_url: null,
      prefix: topics.prefix,
      discovery_prefix: topics.discoveryPrefix,
      last_error: null,
      last_connected_at: null,
      published: 0,
      dropped: 0,
      queued: 0,
    });
    return { status: off, routes: mqttRoutesFor(off) };
  }

  // The sink reaches the connection built just below; nothing is published before start().
  const bridge = new MqttBridge({
    topics,
    sink: { publish: (message) => connection.publish(message) },
    cameras: ctx.cameras,
    status: ctx.status,
    recorder: ctx.recorder,
    bus: ctx.bus,
    tracks: ctx.tracks,
    latestFrame: ctx.latestFrame,
    labels: ctx.labels,
    version: ctx.version,
    logger,
    updateIntervalMs: options.updateIntervalMs ?? 5000,
  });
  const connection = new MqttConnection(
    {
      url: config.mqttUrl,
      username: config.mqttUsername,
      password: config.mqttPassword?.reveal() ?? null,
      clientId: `heldar-${randomBytes(4).toString('hex')}`,
      will: { topic: topics.available, payload: 'offline' },
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      maxQueued: 10_000,
      maxInFlight: 10_000,
    },
    {
      onConnect: () => {
        connection.subscribe([...topics.commandFilters, topics.homeAssistantStatus]);
        bridge.onConnected();
      },
      onMessage: (topic, payload) => bridge.onMessage(topic, payload),
    },
    ctx.clock,
    logger,
  );
  const status = (): MqttStatus => {
    const s = connection.status();
    return {
      enabled: true,
      connected: s.connected,
      broker_url: connection.brokerUrl,
      prefix: topics.prefix,
      discovery_prefix: topics.discoveryPrefix,
      last_error: s.connected ? null : s.last_error,
      last_connected_at: toRfc3339OrNull(s.last_connected_at),
      published: s.published,
      dropped: s.dropped,
      queued: s.queued,
    };
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    status,
    routes: mqttRoutesFor(status),
    async start() {
      bridge.start();
      connection.start();
      // Recorder states change without an event too (connecting → recording): read them now and then.
      timer = setInterval(() => {
        if (connection.connected) bridge.refreshStatus().catch((e: unknown) => logger.warn({ err: e }, 'mqtt: status refresh failed'));
      }, options.statusIntervalMs ?? 10_000);
      timer.unref();
      return Promise.resolve();
    },
    async stop() {
      clearInterval(timer);
      bridge.stop();
      await connection.close({ topic: topics.available, payload: 'offline', retain: true });
    },
  };
}

function mqttRoutesFor(status: () => MqttStatus): FeatureModule['routes'] {
  return async (app) => {
    await app.withTypeProvider<TypeBoxTypeProvider>().register(mqttRoutes, { status });
  };
}
