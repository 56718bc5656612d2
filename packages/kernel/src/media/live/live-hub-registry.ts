import type { Logger } from 'pino';
import type { LiveRunFacts, LiveSink, LiveSourceKind, LiveTap } from '../../recording/live-sink.js';
import { LiveFeed, type LiveFeedSettings } from './live-feed.js';
import { type LiveHub, type LiveHubs, type LiveStreamName, LiveUnavailableError, type OnDemandLauncher } from './live-types.js';
import { type ViewerLimits, ViewerSlots } from './viewer-slots.js';

/** What the registry needs to know of a camera to serve it live. */
export interface LiveCameraFacts {
  enabled: boolean;
  hasSubStream: boolean;
}

export interface LiveHubRegistryDeps {
  settings: LiveFeedSettings & ViewerLimits;
  /** The camera's live-relevant facts, undefined when there is no such camera. */
  findCamera(cameraId: string): Promise<LiveCameraFacts | undefined>;
  launcher: OnDemandLauncher;
  logger: Logger;
  now(): number;
}

/**
 * The live hubs of every camera stream. As the LiveSink, it takes the taps the recorder, the
 * sampler and on-demand runs open; as LiveHubs, it hands viewers the hub of the stream they ask for
 * and starts an on-demand run when nothing feeds it. Hubs are created on first use and kept (they
 * are small: an init segment and at most one GOP).
 */
export class LiveHubRegistry implements LiveSink, LiveHubs {
  private readonly feeds = new Map<string, LiveFeed>();
  private readonly slots: ViewerSlots;
  private readonly log: Logger;

  constructor(private readonly deps: LiveHubRegistryDeps) {
    this.slots = new ViewerSlots(deps.settings);
    this.log = deps.logger.child({ module: 'live' });
  }

  open(cameraId: string, stream: LiveStreamName, source: LiveSourceKind, facts?: LiveRunFacts): LiveTap {
    return this.feed(cameraId, stream).openTap(source, facts);
  }

  /**
   * The hub of a camera's stream; `sub` on a camera without a sub-stream gives the main stream's hub
   * (its `stream` says so). @throws LiveUnavailableError.
   */
  async acquire(cameraId: string, stream: LiveStreamName): Promise<LiveHub> {
    const camera = await this.deps.findCamera(cameraId);
    if (camera === undefined) throw new LiveUnavailableError('unknown_camera', `there is no camera '${cameraId}'`);
    if (!camera.enabled) throw new LiveUnavailableError('camera_disabled', `camera '${cameraId}' is disabled; enable it to watch it live`);
    const served = stream === 'sub' && !camera.hasSubStream ? 'main' : stream;
    const feed = this.feed(cameraId, served);
    await feed.ensureFed();
    return feed.hub;
  }

  /** Takes a viewer slot for `user` (see ViewerSlots.take). @throws LiveUnavailableError('too_many_viewers'). */
  admitViewer(user: string): () => void {
    return this.slots.take(user);
  }

  viewerCount(): number {
    let count = 0;
    for (const feed of this.feeds.values()) count += feed.hub.viewerCount();
    return count;
  }

  /** Whether an on-demand run feeds (or is starting for) this stream. */
  onDemandRunning(cameraId: string, stream: LiveStreamName): boolean {
    return this.feeds.get(key(cameraId, stream))?.onDemandRunning() ?? false;
  }

  /** The camera is gone: its viewers are told, its on-demand runs stop, its hubs are dropped. */
  async forget(cameraId: string): Promise<void> {
    for (const stream of ['main', 'sub'] as const) {
      const feed = this.feeds.get(key(cameraId, stream));
      if (feed === undefined) continue;
      this.feeds.delete(key(cameraId, stream));
      await feed.close('the camera was deleted');
    }
  }

  /** Shutdown: every viewer gets an `end`, every on-demand run stops. */
  async close(): Promise<void> {
    const feeds = [...this.feeds.values()];
    this.feeds.clear();
    await Promise.all(feeds.map((f) => f.close('the server is shutting down')));
  }

  private feed(cameraId: string, stream: LiveStreamName): LiveFeed {
    const k = key(cameraId, stream);
    let feed = this.feeds.get(k);
    if (feed === undefined) {
      feed = new LiveFeed(cameraId, stream, { settings: this.deps.settings, launcher: this.deps.launcher, logger: this.log, now: this.deps.now });
      this.feeds.set(k, feed);
    }
    return feed;
  }
}

function key(cameraId: string, stream: LiveStreamName): string {
  return `${cameraId}\u0000${stream}`;
}
