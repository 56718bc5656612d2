import type { Logger } from 'pino';
import type { Camera } from '../../cameras/camera.js';
import type { CameraRepository } from '../../cameras/camera.repository.js';
import type { CameraService } from '../../cameras/camera.service.js';
import { triggerTopics } from '../../cameras/onvif-topics.js';
import type { EventLog } from '../../events/event-log.js';
import type { OnvifNotification } from '../../onvif/onvif-types.js';
import type { RecorderManager } from '../../recording/recorder-manager.js';
import { toRfc3339 } from '../../time.js';
import { isActive, kindOf, topicMatches } from './onvif-topic-match.js';
import { DEFAULT_PULL_POINT_TIMING, runPullPointLoop, type PullPointTiming } from './pull-point-loop.js';

export interface OnvifEventsDeps {
  cameras: Pick<CameraService, 'onChange'>;
  cameraRepository: Pick<CameraRepository, 'list' | 'find'>;
  events: EventLog;
  recorder: Pick<RecorderManager, 'trigger'>;
  logger: Logger;
  timing?: Partial<PullPointTiming>;
  /**
   * Several nodes: only the node that records a camera subscribes to its events (one subscription
   * per camera, not one per node), and follows it when it moves. Absent: every camera.
   */
  holder?: { owns(cameraId: string): boolean; onChange(listener: (cameraId: string) => Promise<void>): () => void };
}

interface Running {
  key: string;
  abort: AbortController;
  done: Promise<void>;
}

/**
 * ONVIF events as recording triggers: one PullPoint subscription per enabled camera with an
 * onvif_url and trigger topics (several nodes: on the node that records it). A message on a chosen topic that reports a start (IsMotion=true, a
 * line crossing) is logged as an event and triggers event recording (`onvif:<topic>`), like a zone.
 */
export class OnvifEventsManager {
  private readonly running = new Map<string, Running>();
  private readonly timing: Readonly<PullPointTiming>;
  private readonly unsubscribe: (() => void)[] = [];
  private stopped = false;
  /** Changes are applied one at a time, so a camera changed during start() never gets two loops. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: OnvifEventsDeps) {
    this.timing = { ...DEFAULT_PULL_POINT_TIMING, ...deps.timing };
  }

  async start(): Promise<void> {
    this.unsubscribe.push(this.deps.cameras.onChange((id) => this.enqueue(() => this.sync(id))));
    const holder = this.deps.holder;
    if (holder !== undefined) {
      // Not awaited: a hand-over waits for its listeners, and ending a subscription must not hold it up.
      this.unsubscribe.push(holder.onChange((id) => (void this.enqueue(() => this.sync(id)), Promise.resolve())));
    }
    await this.enqueue(async () => {
      for (const camera of await this.deps.cameraRepository.list()) await this.apply(camera.id, camera);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.unsubscribe.splice(0)) off();
    await this.queue;
    await Promise.all([...this.running.keys()].map((id) => this.halt(id)));
  }

  /** Camera ids with a subscription loop running. */
  activeIds(): string[] {
    return [...this.running.keys()];
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task).catch((e: unknown) => this.deps.logger.error({ err: e }, 'ONVIF events: a camera change could not be applied'));
    this.queue = next;
    return next;
  }

  private async sync(id: string): Promise<void> {
    await this.apply(id, await this.deps.cameraRepository.find(id));
  }

  private async apply(id: string, camera: Camera | undefined): Promise<void> {
    const topics = camera === undefined ? [] : triggerTopics(camera);
    const here = this.deps.holder === undefined || this.deps.holder.owns(id);
    const wanted = !this.stopped && here && camera !== undefined && camera.enabled && !!camera.onvif_url && topics.length > 0;
    const key = camera === undefined ? '' : JSON.stringify([camera.onvif_url, camera.username, camera.password, topics, camera.enabled]);
    const current = this.running.get(id);
    if (current !== undefined && (!wanted || current.key !== key)) await this.halt(id);
    if (!wanted || this.running.has(id)) return;
    const log = this.deps.logger.child({ camera: id });
    const abort = new AbortController();
    const done = runPullPointLoop(
      {
        url: camera.onvif_url!,
        username: camera.username,
        password: camera.password,
        timing: this.timing,
        logger: log,
        onMessage: (m) => this.handle(id, topics, m),
        onLost: async (reason, retryInMs) => {
          await this.deps.events.log(id, 'onvif_events_lost', 'warning', { reason, retry_in_seconds: Math.round(retryInMs / 100) / 10 });
        },
        onSubscribed: (warnings) => {
          for (const w of warnings) log.warn(`ONVIF: ${w}`);
          log.info({ topics }, 'ONVIF event subscription active');
        },
      },
      abort.signal,
    ).catch((e: unknown) => log.error({ err: e }, 'ONVIF event loop ended with an error'));
    this.running.set(id, { key, abort, done });
  }

  private async halt(id: string): Promise<void> {
    const r = this.running.get(id);
    if (r === undefined) return;
    this.running.delete(id);
    r.abort.abort();
    await r.done;
  }

  private async handle(cameraId: string, topics: readonly string[], message: OnvifNotification): Promise<void> {
    if (!topicMatches(message.topic, topics) || !isActive(message)) return;
    await this.deps.events.log(cameraId, kindOf(message.topic), 'info', {
      topic: message.topic,
      source: message.source,
      data: message.data,
      at: toRfc3339(message.at),
    });
    try {
      await this.deps.recorder.trigger(cameraId, `onvif:${message.topic}`);
    } catch (e: unknown) {
      // Not an event camera, or not recording: the event is logged all the same.
      this.deps.logger.debug({ camera: cameraId, err: e }, 'ONVIF event did not trigger recording');
    }
  }
}
