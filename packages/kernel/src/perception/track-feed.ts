import type { Track } from './tracker.js';

/** A change of a tracked object: started, seen again, or closed (lost, or Heldar stopping). */
export interface TrackChange {
  readonly type: 'new' | 'update' | 'end';
  /** A copy taken at the change (the tracker goes on mutating its own object). */
  readonly track: Readonly<Track>;
}

export type TrackListener = (change: TrackChange) => void;

/**
 * In-process fan-out of track changes to live consumers (MQTT's Frigate-style events, counts and
 * motion). Synchronous and isolated like the event bus: a throwing listener cannot break ingest.
 */
export class TrackFeed {
  private readonly listeners = new Set<TrackListener>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  subscribe(listener: TrackListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(type: TrackChange['type'], track: Track): void {
    if (this.listeners.size === 0) return;
    const change: TrackChange = { type, track: { ...track } };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (e: unknown) {
        this.onListenerError(e);
      }
    }
  }
}
