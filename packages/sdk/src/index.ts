/**
 * @heldar/sdk — build a Heldar perception worker: register, receive frames (pushed over a WebSocket
 * with credit-based flow control, or pulled over HTTP), post detections; reconnects and heartbeats
 * are handled. The contract's JSON Schemas are in `schemas/worker-contract-v1.json`.
 */
export * from './contract.js';
export { decodeFrameMessage, frameFrom, FrameDecodeError, type Frame } from './frame-codec.js';
export { Backoff } from './backoff.js';
export { HeldarHttpError } from './http.js';
export {
  createWorker,
  type FrameContext,
  type HeldarWorker,
  type WorkerOptions,
  type WorkerState,
  type WorkerStats,
} from './worker.js';
