import { OnvifError } from './onvif-error.js';
import type { OnvifDeviceInfo, OnvifNotification, OnvifPreset, OnvifProfile, OnvifRecording, PtzVector, PullPointSubscription } from './onvif-types.js';
import { checkOnvifUrl, onDeviceHost } from './onvif-url.js';
import { attr, child, children, ONVIF_CALL_TIMEOUT_MS, soapCall, text, type SoapCredentials, type XmlNode } from './soap-client.js';

const NS = {
  device: 'http://www.onvif.org/ver10/device/wsdl',
  media: 'http://www.onvif.org/ver10/media/wsdl',
  ptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  events: 'http://www.onvif.org/ver10/events/wsdl',
  recording: 'http://www.onvif.org/ver10/recording/wsdl',
  replay: 'http://www.onvif.org/ver10/replay/wsdl',
  wsnt: 'http://docs.oasis-open.org/wsn/b-2',
} as const;

/** A clock difference above this is reported (the digest is corrected whatever the offset). */
const SKEW_WARNING_MS = 10_000;

export interface OnvifConnectOptions {
  url: string;
  username?: string | null;
  password?: string | null;
}

type Service = 'media' | 'ptz' | 'events' | 'recording' | 'replay';
const SERVICES: readonly Service[] = ['media', 'ptz', 'events', 'recording', 'replay'];

/**
 * Heldar's ONVIF client: SOAP on fast-xml-parser with WS-Security digest, each call bounded by 5 s.
 * `connect` reads the device clock first (GetSystemDateAndTime needs no credentials, and the digest's
 * Created time must be in the device's time), then the service addresses (GetServices, else
 * GetCapabilities). Only what Heldar uses is here: identity, profiles and URIs, PTZ, PullPoint events,
 * and Profile G's recordings and replay URIs (gap backfill).
 */
export class OnvifClient {
  private constructor(
    readonly deviceUrl: string,
    private readonly credentials: SoapCredentials | undefined,
    /** The device clock minus ours, ms. */
    readonly clockOffsetMs: number,
    private readonly services: Partial<Record<Service, string>>,
    /** Things a person should know (e.g. the camera clock is off), already handled. */
    readonly warnings: readonly string[],
  ) {}

  static async connect(options: OnvifConnectOptions): Promise<OnvifClient> {
    const deviceUrl = checkOnvifUrl(options.url);
    const credentials = options.username ? { username: options.username, password: options.password ?? '' } : undefined;
    const warnings: string[] = [];
    const clockOffsetMs = await readClockOffset(deviceUrl, credentials);
    if (Math.abs(clockOffsetMs) > SKEW_WARNING_MS) warnings.push(`camera clock ${describeOffset(clockOffsetMs)} off; corrected`);
    const call = (operation: string, body?: XmlNode) =>
      soapCall({ url: deviceUrl, namespace: NS.device, operation, clockOffsetMs, ...(body === undefined ? {} : { body }), ...(credentials ? { credentials } : {}) });
    const services: Partial<Record<Service, string>> = {};
    try {
      const answer = await call('GetServices', { IncludeCapability: false });
      for (const s of children(answer, 'Service')) {
        const namespace = text(s, 'Namespace');
        const xaddr = text(s, 'XAddr');
        const kind = (Object.keys(NS) as (keyof typeof NS)[]).find((k) => NS[k] === namespace);
        if (xaddr && SERVICES.includes(kind as Service)) services[kind as Service] = onDeviceHost(xaddr, deviceUrl);
      }
    } catch (e: unknown) {
      if (!(e instanceof OnvifError) || e.kind !== 'fault') throw e;
      // Older devices (ONVIF before 2.0) have no GetServices: GetCapabilities says the same.
      const caps = child(await call('GetCapabilities', { Category: 'All' }), 'Capabilities');
      for (const [kind, element] of [['media', 'Media'], ['ptz', 'PTZ'], ['events', 'Events']] as const) {
        const xaddr = text(child(caps, element), 'XAddr');
        if (xaddr) services[kind] = onDeviceHost(xaddr, deviceUrl);
      }
      // Profile G's services came later and sit in the capabilities' Extension.
      for (const [kind, element] of [['recording', 'Recording'], ['replay', 'Replay']] as const) {
        const xaddr = text(child(child(caps, 'Extension'), element), 'XAddr');
        if (xaddr) services[kind] = onDeviceHost(xaddr, deviceUrl);
      }
    }
    return new OnvifClient(deviceUrl, credentials, clockOffsetMs, services, warnings);
  }

  hasService(service: Service): boolean {
    return this.services[service] !== undefined;
  }

  async deviceInformation(): Promise<OnvifDeviceInfo> {
    const r = await this.call(this.deviceUrl, NS.device, 'GetDeviceInformation');
    return {
      manufacturer: text(r, 'Manufacturer') ?? '',
      model: text(r, 'Model') ?? '',
      firmware: text(r, 'FirmwareVersion') ?? '',
      serial: text(r, 'SerialNumber') ?? '',
    };
  }

  async profiles(): Promise<OnvifProfile[]> {
    const r = await this.call(this.service('media'), NS.media, 'GetProfiles');
    return children(r, 'Profiles').map(toProfile);
  }

  async streamUri(profileToken: string): Promise<string> {
    const r = await this.call(this.service('media'), NS.media, 'GetStreamUri', {
      StreamSetup: { 'tt:Stream': 'RTP-Unicast', 'tt:Transport': { 'tt:Protocol': 'RTSP' } },
      ProfileToken: profileToken,
    });
    return requireText(text(child(r, 'MediaUri'), 'Uri'), 'GetStreamUri');
  }

  async snapshotUri(profileToken: string): Promise<string> {
    const r = await this.call(this.service('media'), NS.media, 'GetSnapshotUri', { ProfileToken: profileToken });
    return requireText(text(child(r, 'MediaUri'), 'Uri'), 'GetSnapshotUri');
  }

  async continuousMove(profileToken: string, velocity: PtzVector): Promise<void> {
    await this.call(this.service('ptz'), NS.ptz, 'ContinuousMove', {
      ProfileToken: profileToken,
      Velocity: { 'tt:PanTilt': { '@_x': String(velocity.pan), '@_y': String(velocity.tilt) }, 'tt:Zoom': { '@_x': String(velocity.zoom) } },
    });
  }

  async stop(profileToken: string): Promise<void> {
    await this.call(this.service('ptz'), NS.ptz, 'Stop', { ProfileToken: profileToken, PanTilt: true, Zoom: true });
  }

  async ptzPosition(profileToken: string): Promise<PtzVector> {
    const r = await this.call(this.service('ptz'), NS.ptz, 'GetStatus', { ProfileToken: profileToken });
    const position = child(child(r, 'PTZStatus'), 'Position');
    return {
      pan: Number(attr(child(position, 'PanTilt'), 'x') ?? 0),
      tilt: Number(attr(child(position, 'PanTilt'), 'y') ?? 0),
      zoom: Number(attr(child(position, 'Zoom'), 'x') ?? 0),
    };
  }

  async presets(profileToken: string): Promise<OnvifPreset[]> {
    const r = await this.call(this.service('ptz'), NS.ptz, 'GetPresets', { ProfileToken: profileToken });
    return children(r, 'Preset').map((p) => ({ token: attr(p, 'token') ?? '', name: text(p, 'Name') ?? '' }));
  }

  async gotoPreset(profileToken: string, presetToken: string): Promise<void> {
    await this.call(this.service('ptz'), NS.ptz, 'GotoPreset', { ProfileToken: profileToken, PresetToken: presetToken });
  }

  /** Stores the current position as a preset; its token. */
  async setPreset(profileToken: string, name: string): Promise<string> {
    const r = await this.call(this.service('ptz'), NS.ptz, 'SetPreset', { ProfileToken: profileToken, PresetName: name });
    return requireText(text(r, 'PresetToken'), 'SetPreset');
  }

  /** Profile G: the recordings on the camera (its card), each with the video source it records. */
  async recordings(): Promise<OnvifRecording[]> {
    const r = await this.call(this.service('recording'), NS.recording, 'GetRecordings');
    return children(r, 'RecordingItem').map((item) => ({
      token: text(item, 'RecordingToken') ?? '',
      sourceId: text(child(child(item, 'Configuration'), 'Source'), 'SourceId') ?? '',
      address: text(child(child(item, 'Configuration'), 'Source'), 'Address') ?? '',
    }));
  }

  /** Profile G: the RTSP URI that replays a recording; the span goes in PLAY (`Range: clock=`). */
  async replayUri(recordingToken: string): Promise<string> {
    const r = await this.call(this.service('replay'), NS.replay, 'GetReplayUri', {
      StreamSetup: { 'tt:Stream': 'RTP-Unicast', 'tt:Transport': { 'tt:Protocol': 'RTSP' } },
      RecordingToken: recordingToken,
    });
    return requireText(text(r, 'Uri'), 'GetReplayUri');
  }

  async createPullPoint(terminationSeconds: number): Promise<PullPointSubscription> {
    const r = await this.call(this.service('events'), NS.events, 'CreatePullPointSubscription', { InitialTerminationTime: `PT${terminationSeconds}S` });
    const address = requireText(text(child(r, 'SubscriptionReference'), 'Address'), 'CreatePullPointSubscription');
    return { address: onDeviceHost(address, this.deviceUrl), terminationAt: this.localTime(text(r, 'TerminationTime')) };
  }

  /** Long poll: waits up to `waitSeconds` on the device for events. */
  async pullMessages(subscription: string, waitSeconds: number, limit = 100): Promise<{ messages: OnvifNotification[]; terminationAt: number }> {
    const r = await this.call(subscription, NS.events, 'PullMessages', { Timeout: `PT${waitSeconds}S`, MessageLimit: limit }, waitSeconds * 1000 + ONVIF_CALL_TIMEOUT_MS, true);
    return { messages: children(r, 'NotificationMessage').map((m) => this.toNotification(m)), terminationAt: this.localTime(text(r, 'TerminationTime')) };
  }

  async renew(subscription: string, terminationSeconds: number): Promise<number> {
    const r = await this.call(subscription, NS.wsnt, 'Renew', { TerminationTime: `PT${terminationSeconds}S` }, undefined, true);
    return this.localTime(text(r, 'TerminationTime'));
  }

  async unsubscribe(subscription: string): Promise<void> {
    await this.call(subscription, NS.wsnt, 'Unsubscribe', undefined, undefined, true);
  }

  private service(service: Service): string {
    const url = this.services[service];
    if (url === undefined) throw new OnvifError('fault', `the camera at ${this.deviceUrl} has no ONVIF ${service} service`);
    return url;
  }

  /** `subscription`: a fault means the subscription is gone (expired, or the camera restarted). */
  private async call(url: string, namespace: string, operation: string, body?: XmlNode, timeoutMs?: number, subscription = false): Promise<XmlNode> {
    try {
      return await soapCall({
        url,
        namespace,
        operation,
        clockOffsetMs: this.clockOffsetMs,
        ...(body === undefined ? {} : { body }),
        ...(this.credentials ? { credentials: this.credentials } : {}),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
    } catch (e: unknown) {
      if (subscription && e instanceof OnvifError && (e.kind === 'fault' || e.kind === 'no-service')) {
        throw new OnvifError('gone', `the camera no longer knows the subscription (${e.message})`, { cause: e });
      }
      throw e;
    }
  }

  private localTime(deviceTime: string | undefined): number {
    const ms = deviceTime === undefined ? NaN : Date.parse(deviceTime);
    return Number.isFinite(ms) ? ms - this.clockOffsetMs : Date.now() + 60_000;
  }

  private toNotification(m: XmlNode): OnvifNotification {
    const message = child(child(m, 'Message'), 'Message');
    const items = (node: XmlNode) => Object.fromEntries(children(node, 'SimpleItem').map((i) => [attr(i, 'Name') ?? '', attr(i, 'Value') ?? '']));
    const topic = (text(m, 'Topic') ?? '').replace(/^[A-Za-z0-9_-]+:/, '');
    return { topic, at: this.localTime(attr(message, 'UtcTime')), source: items(child(message, 'Source')), data: items(child(message, 'Data')) };
  }
}

async function readClockOffset(deviceUrl: string, credentials: SoapCredentials | undefined): Promise<number> {
  const sent = Date.now();
  let r: XmlNode;
  try {
    r = await soapCall({ url: deviceUrl, namespace: NS.device, operation: 'GetSystemDateAndTime' });
  } catch (e: unknown) {
    // Some devices want credentials even for the clock: ask again with them (offset unknown: 0).
    if (!(e instanceof OnvifError) || (e.kind !== 'auth' && e.kind !== 'fault') || credentials === undefined) throw e;
    r = await soapCall({ url: deviceUrl, namespace: NS.device, operation: 'GetSystemDateAndTime', credentials });
  }
  const utc = child(child(r, 'SystemDateAndTime'), 'UTCDateTime');
  const t = child(utc, 'Time');
  const d = child(utc, 'Date');
  const n = (node: XmlNode, name: string) => Number(text(node, name));
  const deviceMs = Date.UTC(n(d, 'Year'), n(d, 'Month') - 1, n(d, 'Day'), n(t, 'Hour'), n(t, 'Minute'), n(t, 'Second'));
  if (!Number.isFinite(deviceMs)) return 0;
  // The device read its clock about half-way through the round trip; its answer has whole seconds.
  return deviceMs - (sent + (Date.now() - sent) / 2);
}

/** 3 h, 12 min, 40 s: how a person says a clock difference. */
export function describeOffset(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 3_600_000) return `${Math.round(abs / 3_600_000)} h`;
  if (abs >= 60_000) return `${Math.round(abs / 60_000)} min`;
  return `${Math.round(abs / 1000)} s`;
}

function requireText(value: string | undefined, operation: string): string {
  if (value === undefined || value === '') throw new OnvifError('fault', `the camera's answer to ${operation} is missing its result`);
  return value;
}

const VIDEO_CODECS: Readonly<Record<string, string>> = { H264: 'h264', H265: 'hevc', JPEG: 'mjpeg', MPEG4: 'mpeg4' };
const AUDIO_CODECS: Readonly<Record<string, string>> = { AAC: 'aac', G711: 'pcm_mulaw', G726: 'adpcm_g726', MP4A: 'aac', PCMU: 'pcm_mulaw' };

function toProfile(p: XmlNode): OnvifProfile {
  const video = child(p, 'VideoEncoderConfiguration');
  const audio = child(p, 'AudioEncoderConfiguration');
  const encoding = text(video, 'Encoding');
  const audioEncoding = text(audio, 'Encoding');
  return {
    token: attr(p, 'token') ?? '',
    name: text(p, 'Name') ?? '',
    video:
      encoding === undefined
        ? null
        : {
            codec: VIDEO_CODECS[encoding.toUpperCase()] ?? encoding.toLowerCase(),
            width: Number(text(child(video, 'Resolution'), 'Width') ?? 0),
            height: Number(text(child(video, 'Resolution'), 'Height') ?? 0),
            fps: Number(text(child(video, 'RateControl'), 'FrameRateLimit') ?? 0),
          },
    audio: audioEncoding === undefined ? null : { codec: AUDIO_CODECS[audioEncoding.toUpperCase()] ?? audioEncoding.toLowerCase() },
    ptz: 'PTZConfiguration' in p,
  };
}
