import type { WebSocket } from 'ws';
import { toRfc3339 } from '../../time.js';
import type { LiveFragment, LiveStreamInfo, LiveStreamName, LiveViewer } from './live-types.js';

/** The JSON text messages of the live WebSocket (docs/api.md, "Live view"). */
export type LiveControlMessage =
  | {
      type: 'stream';
      camera_id: string;
      stream: LiveStreamName;
      generation: number;
      mime: string;
      codecs: string;
      video: { codec: string; width: number; height: number };
      audio: { codec: string; included: boolean; note?: string } | null;
    }
  | { type: 'sync'; decode_time_ms: number; received_at: string }
  | { type: 'skipped'; dropped: number }
  | { type: 'end'; reason: string };

/** ws.readyState OPEN. */
const OPEN = 1;
/** 1001 "going away": the stream (not the client) ended. */
const CLOSE_GOING_AWAY = 1001;
/** A close reason is at most 123 bytes. */
const MAX_CLOSE_REASON_BYTES = 123;
// Never compressed, whatever the server's permessage-deflate setting: video does not compress, and
// deflating every fragment for every viewer would cost more than everything else here. One options
// object for all sends.
const BINARY = { binary: true, compress: false } as const;
const TEXT = { binary: false, compress: false } as const;

/**
 * A live viewer on a WebSocket, for Media Source Extensions: a `stream` text message, the init
 * segment, then fragments as binary messages, each keyframe fragment announced by a `sync` message.
 * Sending never waits: ws queues, and the hub reads the queue's size (bufferedAmount) to skip a
 * viewer that does not keep up.
 */
export class WsLiveViewer implements LiveViewer {
  constructor(
    private readonly socket: WebSocket,
    private readonly cameraId: string,
    private readonly stream: LiveStreamName,
  ) {}

  start(info: LiveStreamInfo): void {
    this.text({
      type: 'stream',
      camera_id: this.cameraId,
      stream: this.stream,
      generation: info.generation,
      mime: info.mime,
      codecs: info.codecs,
      video: { codec: info.video.codec, width: info.video.width, height: info.video.height },
      audio: info.audio,
    });
    this.binary(info.init);
  }

  fragment(fragment: LiveFragment): void {
    if (fragment.keyframe) {
      // Lets a player measure its latency (received_at vs. when it shows the frame) and seek to the
      // live edge after a skip.
      this.text({ type: 'sync', decode_time_ms: Math.round(fragment.decodeTimeMs), received_at: toRfc3339(fragment.receivedAt) });
    }
    this.binary(fragment.data);
  }

  skipped(dropped: number): void {
    this.text({ type: 'skipped', dropped });
  }

  end(reason: string): void {
    if (this.socket.readyState !== OPEN) return;
    this.text({ type: 'end', reason });
    this.socket.close(CLOSE_GOING_AWAY, truncateUtf8(reason, MAX_CLOSE_REASON_BYTES));
  }

  backlogBytes(): number {
    return this.socket.bufferedAmount;
  }

  private text(message: LiveControlMessage): void {
    this.checkOpen();
    this.socket.send(JSON.stringify(message), TEXT);
  }

  /** The same Buffer goes to every viewer: ws frames it with a header of its own, no copy per viewer. */
  private binary(data: Buffer): void {
    this.checkOpen();
    this.socket.send(data, BINARY);
  }

  /** A closed socket throws, so the hub detaches this viewer at once. */
  private checkOpen(): void {
    if (this.socket.readyState !== OPEN) throw new Error('the live WebSocket is closed');
  }
}

function truncateUtf8(text: string, maxBytes: number): string {
  let out = text;
  while (Buffer.byteLength(out) > maxBytes) out = out.slice(0, -1);
  return out;
}
