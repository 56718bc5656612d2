import type { FrameHeader } from './contract.js';

/** A frame as a worker receives it. */
export interface Frame {
  id: string;
  cameraId: string;
  /** Per camera, increasing. */
  seq: number;
  capturedAt: Date;
  width: number;
  height: number;
  /** The JPEG image. */
  jpeg: Buffer;
}

export class FrameDecodeError extends Error {
  override name = 'FrameDecodeError';
}

/**
 * Decodes a pushed frame: a binary WebSocket message holding a 4-byte big-endian length n, n bytes
 * of UTF-8 JSON (FrameHeader), then the JPEG bytes.
 */
export function decodeFrameMessage(data: Buffer): Frame {
  if (data.length < 4) throw new FrameDecodeError(`frame message too short (${data.length} bytes)`);
  const n = data.readUInt32BE(0);
  if (4 + n > data.length) throw new FrameDecodeError(`frame header length ${n} runs past the message (${data.length} bytes)`);
  let header: FrameHeader;
  try {
    header = JSON.parse(data.subarray(4, 4 + n).toString('utf8')) as FrameHeader;
  } catch (e: unknown) {
    throw new FrameDecodeError('frame header is not JSON', { cause: e });
  }
  if (header.type !== 'frame' || typeof header.frame_id !== 'string' || typeof header.camera_id !== 'string') {
    throw new FrameDecodeError('frame header lacks type, frame_id or camera_id');
  }
  return frameFrom(header, data.subarray(4 + n));
}

/** A frame from its header and JPEG bytes (pushed or pulled). */
export function frameFrom(header: FrameHeader, jpeg: Buffer): Frame {
  return {
    id: header.frame_id,
    cameraId: header.camera_id,
    seq: header.seq,
    capturedAt: new Date(header.captured_at),
    width: header.width,
    height: header.height,
    jpeg,
  };
}
