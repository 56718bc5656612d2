/**
 * The live hub's contract, shared by every way of watching live: the MSE WebSocket, LL-HLS, the RTSP
 * restream. A hub per camera stream holds the current init segment and the fragments since the last
 * keyframe and fans new fragments out to its viewers. A viewer is anything that attaches: a WebSocket
 * session, the LL-HLS packager, an RTSP session.
 */

import type { LiveStreamName } from '../../recording/live-sink.js';

export type { LiveStreamName };

/** What a viewer needs before the first fragment: one per ffmpeg run ("generation"). */
export interface LiveStreamInfo {
  /** Increases with every new init segment (every ffmpeg run that feeds this hub). */
  generation: number;
  /** `video/mp4; codecs="avc1.64001f,mp4a.40.2"`, for MediaSource.isTypeSupported/addSourceBuffer. */
  mime: string;
  /** RFC 6381 codec strings, comma-separated, as in `mime`. */
  codecs: string;
  video: { codec: string; width: number; height: number; timescale: number };
  /**
   * The camera's audio: `included` false when the live copy carries none — `note` says why
   * (e.g. "camera audio is G.711 µ-law (pcm_mulaw), which MP4 cannot carry; live view is video only").
   */
  audio: { codec: string; included: boolean; note?: string } | null;
  /** ftyp + moov. */
  init: Buffer;
}

/** One moof + mdat of the live copy. */
export interface LiveFragment {
  generation: number;
  /** Per hub, increases by one per fragment across generations. */
  sequence: number;
  /** The fragment's first video sample is a sync sample (an IDR): a viewer may start here. */
  keyframe: boolean;
  /** The video track's baseMediaDecodeTime of this fragment, in ms. */
  decodeTimeMs: number;
  /** Sum of the video samples' durations, in ms. */
  durationMs: number;
  /** Server wall clock (UTC ms) when the fragment's last byte arrived from ffmpeg. */
  receivedAt: number;
  /** moof + mdat bytes, ready to append. */
  data: Buffer;
}

export interface LiveViewer {
  /** A stream begins (first attach, or ffmpeg restarted): the next fragment is a keyframe of this generation. */
  start(info: LiveStreamInfo): void;
  fragment(fragment: LiveFragment): void;
  /** The viewer fell behind: `dropped` fragments were not sent; the next fragment is a keyframe. */
  skipped(dropped: number): void;
  /** The source is gone (camera deleted, on-demand stopped, shutdown); `reason` is for people. */
  end(reason: string): void;
  /** Bytes still queued toward this viewer (e.g. ws.bufferedAmount). Above the hub's limit it is skipped to the next keyframe. */
  backlogBytes(): number;
}

export interface LiveHub {
  readonly cameraId: string;
  readonly stream: LiveStreamName;
  /** The current generation's header, null before the first init segment. */
  info(): LiveStreamInfo | null;
  /** Fragments since the last keyframe (the first is the keyframe), oldest first. */
  recent(): readonly LiveFragment[];
  /** Attaches; the viewer gets start() + recent() at once when a stream is there. Returns detach. */
  attach(viewer: LiveViewer): () => void;
  viewerCount(): number;
}

/** Why a viewer cannot have a stream: the route turns these into 404/409/429 with the message. */
export class LiveUnavailableError extends Error {
  constructor(
    readonly code: 'unknown_camera' | 'no_sub_stream' | 'camera_disabled' | 'too_many_viewers',
    message: string,
  ) {
    super(message);
  }
}

export interface LiveHubs {
  /**
   * The hub of a camera's stream, for a viewer about to attach. Starts an on-demand live-only ffmpeg
   * when nothing feeds the stream (idle event camera outside its window, scheduled camera outside
   * its schedule, recording disabled); the on-demand run stops a while after the last viewer leaves.
   * Throws LiveUnavailableError.
   */
  acquire(cameraId: string, stream: LiveStreamName): Promise<LiveHub>;
  /** Viewers across all hubs (metrics, limits). */
  viewerCount(): number;
}

/**
 * Starts a live-only ffmpeg for a camera stream nothing else feeds (the camera is not recording now,
 * or the sub-stream has no sampler). The run writes into a tap it opens on the LiveSink with source
 * `on-demand`, reconnects with backoff while it runs, and ends that tap when stopped. The hubs decide
 * when to start and stop it. Rejects with LiveUnavailableError('unknown_camera' | 'no_sub_stream').
 */
export interface OnDemandLauncher {
  start(cameraId: string, stream: LiveStreamName): Promise<{ stop(): Promise<void> }>;
}
