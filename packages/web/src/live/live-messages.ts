/**
 * The text messages of the live WebSocket (`GET /api/cameras/:id/live`), as docs/api.md describes
 * them. Binary messages between them are the init segment (right after `stream`) and fragments
 * (moof + mdat; the first after `stream` or `skipped` starts with a keyframe).
 */

export interface StreamMessage {
  type: 'stream';
  camera_id: string;
  stream: 'main' | 'sub';
  /** Increases with every ffmpeg run: a higher one means a new init segment and a new timeline. */
  generation: number;
  /** For MediaSource.isTypeSupported / addSourceBuffer. */
  mime: string;
  codecs: string;
  video: { codec: string; width: number; height: number; timescale: number };
  /** `note` says why the camera's audio is not in the live copy (e.g. G.711). */
  audio: { codec: string; included: boolean; note?: string } | null;
}

/** Before every keyframe fragment: when the server received it, for the latency shown. */
export interface SyncMessage {
  type: 'sync';
  decode_time_ms: number;
  received_at: string;
}

export interface SkippedMessage {
  type: 'skipped';
  dropped: number;
}

export interface EndMessage {
  type: 'end';
  reason: string;
}

export type LiveMessage = StreamMessage | SyncMessage | SkippedMessage | EndMessage;

/** Parses a text message; null for anything this UI does not know (a newer kernel may add kinds). */
export function parseLiveMessage(text: string): LiveMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: not a message this protocol sends; ignored like an unknown kind.
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as { type?: unknown };
  switch (m.type) {
    case 'stream': {
      const s = value as Partial<StreamMessage>;
      return typeof s.mime === 'string' && typeof s.generation === 'number' ? (value as StreamMessage) : null;
    }
    case 'sync': {
      const s = value as Partial<SyncMessage>;
      return typeof s.decode_time_ms === 'number' && typeof s.received_at === 'string' ? (value as SyncMessage) : null;
    }
    case 'skipped':
      return typeof (value as Partial<SkippedMessage>).dropped === 'number' ? (value as SkippedMessage) : null;
    case 'end':
      return { type: 'end', reason: String((value as Partial<EndMessage>).reason ?? 'the stream ended') };
    default:
      return null;
  }
}
