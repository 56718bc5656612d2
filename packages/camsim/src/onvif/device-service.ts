import { NS, type XmlNode } from './soap.js';
import type { DeviceContext, Handler } from './device-context.js';

/** What GetDeviceInformation reports; the serial is fixed so tests can compare it. */
export const DEVICE_INFO = { manufacturer: 'Heldar', model: 'camsim', firmware: '1.0', serial: 'CAMSIM-0001', hardwareId: 'camsim' } as const;

function xaddr(ctx: DeviceContext, service: 'device' | 'media' | 'ptz' | 'events' | 'recording' | 'replay'): string {
  return `${ctx.baseUrl}${ctx.servicePrefix}/${service}_service`;
}

function utcDateTime(ms: number): XmlNode {
  const d = new Date(ms);
  return {
    'tt:Time': { 'tt:Hour': d.getUTCHours(), 'tt:Minute': d.getUTCMinutes(), 'tt:Second': d.getUTCSeconds() },
    'tt:Date': { 'tt:Year': d.getUTCFullYear(), 'tt:Month': d.getUTCMonth() + 1, 'tt:Day': d.getUTCDate() },
  };
}

/** Device service (ver10): clock, identity, services and capabilities. */
export const DEVICE_HANDLERS: Readonly<Record<string, Handler>> = {
  GetSystemDateAndTime: (ctx) => ({
    'tds:GetSystemDateAndTimeResponse': {
      'tds:SystemDateAndTime': {
        'tt:DateTimeType': 'Manual',
        'tt:DaylightSavings': false,
        'tt:TimeZone': { 'tt:TZ': 'UTC0' },
        'tt:UTCDateTime': utcDateTime(ctx.deviceNow()),
      },
    },
  }),
  GetDeviceInformation: () => ({
    'tds:GetDeviceInformationResponse': {
      'tds:Manufacturer': DEVICE_INFO.manufacturer,
      'tds:Model': DEVICE_INFO.model,
      'tds:FirmwareVersion': DEVICE_INFO.firmware,
      'tds:SerialNumber': DEVICE_INFO.serial,
      'tds:HardwareId': DEVICE_INFO.hardwareId,
    },
  }),
  GetServices: (ctx) => ({
    'tds:GetServicesResponse': {
      'tds:Service': (
        [
          [NS.tds, 'device'],
          [NS.trt, 'media'],
          [NS.tptz, 'ptz'],
          [NS.tev, 'events'],
          [NS.trc, 'recording'],
          [NS.trp, 'replay'],
        ] as const
      ).map(([namespace, service]) => ({
        'tds:Namespace': namespace,
        'tds:XAddr': xaddr(ctx, service),
        'tds:Version': { 'tt:Major': 2, 'tt:Minor': 60 },
      })),
    },
  }),
  GetCapabilities: (ctx) => ({
    'tds:GetCapabilitiesResponse': {
      'tds:Capabilities': {
        'tt:Device': { 'tt:XAddr': xaddr(ctx, 'device') },
        'tt:Events': { 'tt:XAddr': xaddr(ctx, 'events'), 'tt:WSSubscriptionPolicySupport': false, 'tt:WSPullPointSupport': true },
        'tt:Media': {
          'tt:XAddr': xaddr(ctx, 'media'),
          'tt:StreamingCapabilities': { 'tt:RTPMulticast': false, 'tt:RTP_TCP': true, 'tt:RTP_RTSP_TCP': true },
        },
        'tt:PTZ': { 'tt:XAddr': xaddr(ctx, 'ptz') },
        'tt:Extension': { 'tt:Recording': { 'tt:XAddr': xaddr(ctx, 'recording') }, 'tt:Replay': { 'tt:XAddr': xaddr(ctx, 'replay') } },
      },
    },
  }),
};
