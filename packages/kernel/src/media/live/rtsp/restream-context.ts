import type { Principal } from '../../../auth/principal.js';
import type { LiveHub, LiveHubs, LiveStreamInfo, LiveStreamName } from '../live-types.js';

/** What a connection needs from the server around it. */
export interface RestreamContext {
  readonly hubs: LiveHubs;
  /** Takes a viewer slot for a principal id. @throws LiveUnavailableError('too_many_viewers'). */
  admitViewer(principalId: string): () => void;
  /** The hub's stream info once there is one (an on-demand run just started), or null after the wait. */
  waitForStream(hub: LiveHub): Promise<LiveStreamInfo | null>;
  sessionStarted(principal: Principal, cameraId: string, stream: LiveStreamName, ip: string | null): void;
  /** The connection ended (its slot is already given back). */
  closed(connection: { close(): void }): void;
}
