import { toRfc3339 } from '../time.js';
import type { FrameHeader } from './contract.schemas.js';
import type { Frame } from './frame-hub.js';

/** The JSON header that travels with a frame (pushed or pulled). */
export function frameHeaderOf(frame: Frame): FrameHeader {
  return {
    type: 'frame',
    frame_id: frame.id,
    camera_id: frame.cameraId,
    seq: frame.seq,
    captured_at: toRfc3339(frame.capturedAt),
    width: frame.width,
    height: frame.height,
  };
}

/**
 * A pushed frame is one binary WebSocket message: a 4-byte big-endian length n, n bytes of UTF-8
 * JSON (FrameHeader), then the JPEG bytes to the end of the message. One message per frame keeps
 * header and image together; JSON keeps the header readable from any language.
 */
export function encodeFrameMessage(frame: Frame): Buffer {
  const header = Buffer.from(JSON.stringify(frameHeaderOf(frame)), 'utf8');
  const out = Buffer.allocUnsafe(4 + header.length + frame.jpeg.length);
  out.writeUInt32BE(header.length, 0);
  header.copy(out, 4);
  frame.jpeg.copy(out, 4 + header.length);
  return out;
}
