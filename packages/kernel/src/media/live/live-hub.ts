import type { LiveFragment, LiveHub, LiveStreamInfo, LiveStreamName, LiveViewer } from './live-types.js';

export interface LiveHubSettings {
  /** A viewer with more bytes than this queued gets nothing until the next keyframe (then `skipped`). */
  maxViewerBacklogBytes: number;
  /**
   * The GOP kept for new viewers is cut off past this many bytes (a camera with a very long GOP):
   * a viewer arriving then waits for the next keyframe instead of the server holding megabytes.
   */
  maxRecentBytes?: number;
}

export interface LiveHubHooks {
  /** After every attach and detach (the registry stops an idle on-demand run from here). */
  viewersChanged?(count: number): void;
  /** A viewer threw and was detached. */
  viewerFailed?(error: unknown): void;
}

/** Where a viewer is in the stream. */
type ViewerMode =
  /** Gets every fragment. */
  | 'live'
  /** Just started (or a new generation): waits for the generation's first keyframe. */
  | 'starting'
  /** Fell behind: dropped fragments are counted and reported with the next keyframe. */
  | 'behind';

interface ViewerState {
  readonly viewer: LiveViewer;
  mode: ViewerMode;
  dropped: number;
  started: boolean;
}

const DEFAULT_MAX_RECENT_BYTES = 32 * 1024 * 1024;

/**
 * One camera stream's live fan-out: the current init segment, the fragments since the last keyframe
 * (what a new viewer starts with), and its viewers. Publishing never waits on a viewer: a viewer
 * whose backlog is over the limit simply gets no fragments until it has room and a keyframe comes,
 * so memory per viewer is bounded by the limit plus one fragment, and the feeding ffmpeg never blocks.
 */
export class StreamHub implements LiveHub {
  private current: LiveStreamInfo | null = null;
  private gop: LiveFragment[] = [];
  private gopBytes = 0;
  private generation = 0;
  private sequence = 0;
  private readonly viewers = new Set<ViewerState>();
  private readonly maxRecentBytes: number;

  constructor(
    readonly cameraId: string,
    readonly stream: LiveStreamName,
    private readonly settings: LiveHubSettings,
    private readonly hooks: LiveHubHooks = {},
  ) {
    this.maxRecentBytes = settings.maxRecentBytes ?? DEFAULT_MAX_RECENT_BYTES;
  }

  info(): LiveStreamInfo | null {
    return this.current;
  }

  recent(): readonly LiveFragment[] {
    return this.gop;
  }

  viewerCount(): number {
    return this.viewers.size;
  }

  attach(viewer: LiveViewer): () => void {
    const state: ViewerState = { viewer, mode: 'starting', dropped: 0, started: false };
    this.viewers.add(state);
    this.hooks.viewersChanged?.(this.viewers.size);
    const info = this.current;
    if (info !== null) {
      state.started = true;
      let ok = this.call(state, () => viewer.start(info));
      for (const fragment of this.gop) ok &&= this.call(state, () => viewer.fragment(fragment));
      if (this.gop.length > 0) state.mode = 'live';
    }
    return () => this.detach(state);
  }

  /** A new init segment (a new ffmpeg run): every viewer restarts with it at the next keyframe. */
  startGeneration(info: Omit<LiveStreamInfo, 'generation'>): LiveStreamInfo {
    this.generation += 1;
    this.current = { ...info, generation: this.generation };
    this.gop = [];
    this.gopBytes = 0;
    for (const state of [...this.viewers]) {
      state.mode = 'starting';
      state.dropped = 0;
      state.started = true;
      const info = this.current;
      this.call(state, () => state.viewer.start(info));
    }
    return this.current;
  }

  /** The next fragment of the current generation; ignored before the first init. */
  publish(fragment: Omit<LiveFragment, 'generation' | 'sequence'>): void {
    if (this.current === null) return;
    this.sequence += 1;
    const full: LiveFragment = {
      generation: this.generation,
      sequence: this.sequence,
      keyframe: fragment.keyframe,
      decodeTimeMs: fragment.decodeTimeMs,
      durationMs: fragment.durationMs,
      receivedAt: fragment.receivedAt,
      data: fragment.data,
    };
    this.remember(full);
    // The Set itself, not a copy per fragment: a viewer detached meanwhile (it threw) is simply not
    // visited; nothing attaches during a publish.
    for (const state of this.viewers) this.deliver(state, full);
  }

  /** The stream is over for good (camera deleted, shutdown): every viewer is told and let go. */
  end(reason: string): void {
    const states = [...this.viewers];
    this.viewers.clear();
    for (const state of states) {
      try {
        state.viewer.end(reason);
      } catch (e: unknown) {
        this.hooks.viewerFailed?.(e);
      }
    }
    if (states.length > 0) this.hooks.viewersChanged?.(0);
  }

  private remember(fragment: LiveFragment): void {
    if (fragment.keyframe) {
      this.gop = [fragment];
      this.gopBytes = fragment.data.length;
      return;
    }
    // Fragments before the generation's first keyframe, or past the size cap, cannot start a viewer.
    if (this.gop.length === 0 || this.gopBytes + fragment.data.length > this.maxRecentBytes) {
      this.gop = [];
      this.gopBytes = 0;
      return;
    }
    this.gop.push(fragment);
    this.gopBytes += fragment.data.length;
  }

  private deliver(state: ViewerState, fragment: LiveFragment): void {
    if (!state.started) return;
    let backlog: number;
    try {
      backlog = state.viewer.backlogBytes();
    } catch (e: unknown) {
      this.failed(state, e);
      return;
    }
    if (backlog > this.settings.maxViewerBacklogBytes) {
      state.mode = 'behind';
      state.dropped += 1;
      return;
    }
    if (state.mode !== 'live') {
      if (!fragment.keyframe) {
        if (state.mode === 'behind') state.dropped += 1;
        return;
      }
      if (state.mode === 'behind') {
        const dropped = state.dropped;
        if (!this.call(state, () => state.viewer.skipped(dropped))) return;
      }
      state.mode = 'live';
      state.dropped = 0;
    }
    // Inline rather than through call(): this runs per fragment and viewer, a closure each time adds up.
    try {
      state.viewer.fragment(fragment);
    } catch (e: unknown) {
      this.failed(state, e);
    }
  }

  /** Runs a viewer callback; a viewer that throws is detached and false is returned. */
  private call(state: ViewerState, fn: () => unknown): boolean {
    try {
      fn();
      return true;
    } catch (e: unknown) {
      this.failed(state, e);
      return false;
    }
  }

  private failed(state: ViewerState, e: unknown): void {
    this.hooks.viewerFailed?.(e);
    this.detach(state);
  }

  private detach(state: ViewerState): void {
    if (this.viewers.delete(state)) this.hooks.viewersChanged?.(this.viewers.size);
  }
}
