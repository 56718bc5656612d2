import type { PtzState } from './ptz-state.js';
import type { PullPointSubscription } from './pull-point.js';
import type { XmlNode } from './soap.js';

/** What a simulated video source (one camsim camera) looks like to ONVIF. */
export interface OnvifSource {
  name: string;
  width: number;
  height: number;
  fps: number;
  bitrateKbps: number;
  audio: 'none' | 'aac' | 'pcmu';
  /** RTSP URL of the main stream, without credentials. */
  mainUrl: string;
  /** The sub profile's stream: camera `<name>-sub` when it exists, else the main stream. */
  sub: { url: string; width: number; height: number; fps: number; bitrateKbps: number };
}

/** A SOAP fault raised by a handler; the server turns it into a fault response. */
export class OnvifFault extends Error {
  constructor(
    readonly status: number,
    readonly code: 'Sender' | 'Receiver',
    readonly subcode: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the service handlers use: the device's clock, its sources, PTZ heads and subscriptions. */
export interface DeviceContext {
  /** The device's own clock (real time + the configured offset), ms. */
  deviceNow(): number;
  /** Base URL, e.g. http://127.0.0.1:8000 */
  baseUrl: string;
  /** `/onvif` or `/onvif/cameras/<name>`: where this device's services live. */
  servicePrefix: string;
  /** The sources this device (the whole simulator or one camera) shows. */
  sources(): OnvifSource[];
  ptz(camera: string): PtzState;
  subscriptions: Map<string, PullPointSubscription>;
  /** The camera a scoped device is about; undefined for the whole simulator. */
  scope: string | undefined;
  /** The subscription a request to `/onvif/subscription/<id>` addresses. */
  subscriptionId?: string;
}

export type Handler = (ctx: DeviceContext, body: XmlNode) => XmlNode | Promise<XmlNode>;

/** `<camera>_main` / `<camera>_sub` → camera and kind; a fault when no source has it. */
export function profileOf(ctx: DeviceContext, token: string | undefined): { source: OnvifSource; kind: 'main' | 'sub' } {
  const m = token === undefined ? null : /^(.+)_(main|sub)$/.exec(token);
  const source = m === null ? undefined : ctx.sources().find((s) => s.name === m[1]);
  if (m === null || source === undefined) throw new OnvifFault(400, 'Sender', 'ter:InvalidArgVal', `no profile with token ${token ?? '(none)'}`);
  return { source, kind: m[2] as 'main' | 'sub' };
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
