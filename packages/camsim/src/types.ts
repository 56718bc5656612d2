import type { AuthScheme } from '@heldar/rtsp';
import type { DiscoveryResponder } from './discovery/ws-discovery-responder.js';
import type { CamsimOnvif, OnvifDeviceOptions } from './onvif/onvif-device.js';

export type { AuthScheme };

/** Audio track carried next to the H.264 video. */
export type AudioCodec = 'none' | 'aac' | 'pcmu';

/**
 * The picture, from ffmpeg's test sources: `testsrc2` (default: a colour pattern with moving parts)
 * or `smptehdbars` (SMPTE bars with a white block crossing them once per clip, left to right).
 * Different pictures tell cameras apart at a glance.
 */
export type VideoPattern = 'testsrc2' | 'smptehdbars';

/**
 * A fault makes a camera misbehave the way real cameras do. Timed faults end by themselves after
 * `seconds`; without `seconds` they last until cleared.
 */
export type Fault =
  /**
   * With `afterSeconds`: every session of this camera is dropped that long after its PLAY, until
   * cleared. Without it: every current connection of the camera is dropped now (one shot).
   */
  | { kind: 'drop'; afterSeconds?: number }
  /** Media stops for every client while sockets stay open; sending resumes at a keyframe. */
  | { kind: 'stall'; seconds?: number }
  /** New connections are closed at their first request (`close`, default) or answered 503. */
  | { kind: 'refuse'; seconds?: number; mode?: 'close' | '503' }
  /** At the next keyframe the stream switches to a clip of this size; new DESCRIBEs advertise it. */
  | { kind: 'resolution'; width: number; height: number }
  /** IDR frames (with their SPS/PPS) are withheld; P frames keep flowing. */
  | { kind: 'no_keyframe'; seconds?: number };

export type FaultKind = Fault['kind'];

export interface CameraSpec {
  /** Path of the camera: `rtsp://host:port/<name>`. Letters, digits, `-`, `_` and `.`. */
  name: string;
  /** Default 1280. */
  width?: number;
  /** Default 720. */
  height?: number;
  /** Frames per second, integer. Default 25. One keyframe every `fps` frames (1 s GOP). */
  fps?: number;
  /** Video bitrate in kbit/s. Default 2000. */
  bitrateKbps?: number;
  /** Default `none`. AAC is 16 kHz mono; PCMU is 8 kHz mono (payload type 0). */
  audio?: AudioCodec;
  /** Length of the looped clip in seconds, integer. Default 10. */
  clipSeconds?: number;
  /** Default `testsrc2`. */
  pattern?: VideoPattern;
  /** A caption drawn on the picture (needs a font, like the clock): letters, digits, space, `.-_`, at most 40. */
  label?: string;
  /**
   * The clock drawn at the top: `clip` (default) the looped clip's own time and frame number;
   * `wall` the real local date and time, to the second (a fresh clip is encoded for every
   * `clipSeconds` — about a tenth of a core per camera at 640×360; not combined with the resolution
   * fault). Both need a font; without one no clock is drawn.
   */
  clock?: 'clip' | 'wall';
  /** Credentials; when both are set, every request but OPTIONS must authenticate. */
  username?: string;
  password?: string;
  /** Default `digest`, like most cameras. */
  auth?: AuthScheme;
  /** Faults active from the start. */
  faults?: Fault[];
}

export interface CamsimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where generated clips are kept. Default `<os.tmpdir()>/heldar-camsim-cache`. */
  cacheDir?: string;
  cameras: CameraSpec[];
  /** Answer WS-Discovery Probes as one ONVIF device (src/discovery/); off when omitted. */
  discovery?: CamsimDiscoveryOptions;
  /**
   * Also serve an ONVIF device (device, media, PTZ, events) on its own HTTP port: the whole simulator
   * as one device, each camera a video source with a main and a sub profile (src/onvif/).
   */
  onvif?: OnvifDeviceOptions;
}

export interface CamsimDiscoveryOptions {
  /** IPv4 address of the interface to join 239.255.255.250 on; tests: 127.0.0.1 (lo) only. */
  interfaceAddress: string;
  /** Default true; false answers unicast Probes only. */
  multicast?: boolean;
  /** Port for unicast Probes on the simulator's host: default 3702, 0 for a free one. */
  unicastPort?: number;
  /** Scope name: default the first camera's name. */
  name?: string;
  /** Scope hardware: default `camsim`. */
  hardware?: string;
  location?: string;
  /** Device service URLs: default the ONVIF device's (`onvif`) when it runs. */
  xaddrs?: string[];
}

export interface CameraStats {
  name: string;
  /** Open RTSP connections addressing this camera. */
  connections: number;
  /** Sessions that have sent PLAY and not torn down. */
  clients: number;
  /** Sessions that have sent PLAY since the camera was added, open or not. */
  sessionsOpened: number;
  /** Bytes of RTP/RTCP handed to client sockets. */
  bytesSent: number;
  /** Video frames a client did not get because it could not keep up. */
  framesDropped: number;
  /** Video frames the camera's timeline has produced. */
  framesProduced: number;
  width: number;
  height: number;
  faults: FaultKind[];
  /**
   * Wall clock (ms since the epoch) at which the camera's frame 0 was due. Frame i is sent at
   * startWallMs + i·1000/fps (paced in real time) and keyframes fall on whole seconds after it, so a
   * client that knows a keyframe's arrival to within a second knows when it was sent (the live
   * latency benchmark measures glass-to-glass from here).
   */
  startWallMs: number;
}

export interface CamsimStats {
  cameras: CameraStats[];
  bytesSent: number;
  clients: number;
}

export interface UrlOptions {
  /** Put `user:password@` in the URL. Default true when the camera has credentials. */
  credentials?: boolean;
}

export interface Camsim {
  readonly port: number;
  readonly host: string;
  url(name: string, opts?: UrlOptions): string;
  /** Resolves once the fault is in force (a resolution fault first generates its clip). */
  setFault(name: string, fault: Fault): Promise<void>;
  /** Clears one kind of fault, or all of them when `kind` is omitted. */
  clearFault(name: string, kind?: FaultKind): void;
  addCamera(spec: CameraSpec): Promise<void>;
  removeCamera(name: string): void;
  stats(): CamsimStats;
  /**
   * RTSP sessions streaming the camera at `name` (its path) now: those that sent PLAY and have not
   * torn down or disconnected. What a cheap camera limits ("one or two sessions").
   */
  activeSessions(name: string): number;
  /** RTSP sessions that ever sent PLAY on the camera at `name` (reconnects count again). */
  sessionsOpened(name: string): number;
  /** The WS-Discovery responder, when `discovery` was given. */
  readonly discovery?: DiscoveryResponder;
  /** The ONVIF device, when `onvif` was given (its deviceServiceUrl is what WS-Discovery advertises). */
  readonly onvif?: CamsimOnvif;
  close(): Promise<void>;
}
