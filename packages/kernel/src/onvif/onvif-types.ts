/** What GetDeviceInformation reports. */
export interface OnvifDeviceInfo {
  manufacturer: string;
  model: string;
  firmware: string;
  serial: string;
}

/** A media profile with what its encoders say (ffmpeg's codec names). */
export interface OnvifProfile {
  token: string;
  name: string;
  video: { codec: string; width: number; height: number; fps: number } | null;
  audio: { codec: string } | null;
  /** The profile has a PTZ configuration. */
  ptz: boolean;
}

export interface PtzVector {
  pan: number;
  tilt: number;
  zoom: number;
}

export interface OnvifPreset {
  token: string;
  name: string;
}

/** One event from a PullPoint. */
export interface OnvifNotification {
  /** Without its namespace prefix, e.g. `RuleEngine/CellMotionDetector/Motion`. */
  topic: string;
  /** UTC ms on our clock (the device's time corrected by the measured offset). */
  at: number;
  source: Record<string, string>;
  data: Record<string, string>;
}

export interface PullPointSubscription {
  /** Where PullMessages, Renew and Unsubscribe go. */
  address: string;
  /** When the device ends it unless renewed, UTC ms on our clock. */
  terminationAt: number;
}

/** A recording on the camera (Profile G): its token and the source it records. */
export interface OnvifRecording {
  token: string;
  /** The video source token. */
  sourceId: string;
  /** The source's address as the camera gives it (often its live RTSP URL; may be empty). */
  address: string;
}
