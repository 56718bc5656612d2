/**
 * The worker contract, version 1, as TypeScript types. The JSON Schema of every message is in
 * `schemas/worker-contract-v1.json` (generated from the kernel's route schemas; the kernel's tests
 * check that these types and that file agree with what the kernel validates).
 */
export const CONTRACT_VERSION = 1;

/** `POST /api/workers` */
export interface WorkerRegistration {
  /** What the worker is; workers with the same name share cameras, other names each get every camera. */
  name: string;
  version: string;
  /** Capabilities: the labels this worker reports. */
  labels: string[];
  /** Camera ids wanted, or ["*"] (the default) for every sampled camera. */
  cameras?: string[];
  /** At most this many frames per second per camera. */
  fps?: number;
  contract_version?: 1;
}

/** The answer to a registration. */
export interface WorkerRegistered {
  worker_id: string;
  contract_version: 1;
  heartbeat_interval_s: number;
  timeout_s: number;
  max_credits: number;
  assigned_cameras: string[];
  stream_path: string;
  pull_path: string;
}

/** `POST /api/workers/:id/heartbeat` */
export interface HeartbeatResponse {
  worker_id: string;
  state: 'online';
  assigned_cameras: string[];
  frames_sent: number;
  frames_dropped: number;
}

/** Metadata of a frame (JSON header of a pushed frame; `x-heldar-*` headers of a pulled one). */
export interface FrameHeader {
  type: 'frame';
  frame_id: string;
  camera_id: string;
  seq: number;
  /** RFC 3339 UTC. */
  captured_at: string;
  width: number;
  height: number;
}

/** One detected object. */
export interface Detection {
  label: string;
  /** 0..1 */
  confidence: number;
  /** [x, y, w, h]: top-left corner and size, normalised to 0..1 of the frame, y pointing down. */
  box: [number, number, number, number];
  /** The worker's own track id; without it the kernel associates boxes by overlap. */
  track_id?: string;
}

/** `POST /api/detections` */
export interface DetectionsRequest {
  worker_id: string;
  frame_id: string;
  camera_id: string;
  detections: Detection[];
}

export interface DetectionsAccepted {
  frame_id: string;
  accepted: number;
  track_ids: string[];
  events: string[];
}

/** Worker → kernel over the WebSocket. */
export interface CreditMessage {
  type: 'credit';
  /** 1..64 */
  frames: number;
}
export interface HeartbeatMessage {
  type: 'heartbeat';
}
export type WorkerMessage = CreditMessage | HeartbeatMessage;

/** Kernel → worker over the WebSocket (text). */
export interface WelcomeMessage {
  type: 'welcome';
  worker_id: string;
  assigned_cameras: string[];
  max_credits: number;
  heartbeat_interval_s: number;
}
export interface AssignmentMessage {
  type: 'assignment';
  assigned_cameras: string[];
}
export interface ErrorMessage {
  type: 'error';
  message: string;
}
export type KernelMessage = WelcomeMessage | AssignmentMessage | ErrorMessage;

/** WebSocket close codes of the contract. */
export const CLOSE_CODES = Object.freeze({
  unknownWorker: 4404,
  replaced: 4409,
  protocolError: 4400,
  timedOut: 4408,
});
