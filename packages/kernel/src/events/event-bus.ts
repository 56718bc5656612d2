import type { HeldarEvent } from './event.types.js';

export type EventListener = (event: HeldarEvent) => void;

/**
 * In-process fan-out of logged events to live consumers (SSE stream, webhooks, the recorder's
 * triggers). A throwing listener is isolated so it cannot break the writer or other listeners.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: HeldarEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e: unknown) {
        this.onListenerError(e);
      }
    }
  }
}
