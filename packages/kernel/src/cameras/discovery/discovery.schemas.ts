import { Type } from '@sinclair/typebox';
import { Nullable, Rfc3339, StringEnum } from '../../contract/schemas.js';
import type { VendorId } from './vendor-templates.js';

const VENDOR_IDS: readonly VendorId[] = ['hikvision', 'dahua', 'axis', 'reolink', 'amcrest', 'generic'];

export const OnvifDiscoveryBody = Type.Object(
  {
    interface: Type.Optional(Type.String({ maxLength: 15, description: 'IPv4 address of the interface to multicast from; default HELDAR_DISCOVERY_INTERFACE, else the OS\'s choice.' })),
    addresses: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 261 }), { maxItems: 256, description: 'Hosts (`host` or `host:port`, default port 3702) sent a unicast Probe, for networks without multicast.' })),
    timeout_ms: Type.Optional(Type.Integer({ minimum: 100, maximum: 10000, default: 3000, description: 'How long answers are collected.' })),
    multicast: Type.Optional(Type.Boolean({ default: true, description: 'Send the Probe to 239.255.255.250:3702 as well.' })),
  },
  { additionalProperties: false },
);

export const OnvifDevice = Type.Object({
  address: Type.String({ description: 'The address the answer came from.' }),
  xaddrs: Type.Array(Type.String(), { description: 'Device service URLs.' }),
  scopes: Type.Array(Type.String()),
  name: Nullable(Type.String({ description: 'From the onvif://www.onvif.org/name/ scope.' })),
  hardware: Nullable(Type.String({ description: 'From the hardware scope (the model).' })),
  location: Nullable(Type.String()),
  endpoint_reference: Type.String({ description: 'The device\'s stable identity (urn:uuid:…).' }),
  registered: Type.Boolean({ description: 'A camera with this host or ONVIF URL exists.' }),
});

export const OnvifDiscoveryResponse = Type.Object({ devices: Type.Array(OnvifDevice) });

export const ScanBody = Type.Object(
  {
    targets: Type.String({ minLength: 1, maxLength: 4096, description: 'A CIDR block (`192.168.1.0/24`), a range (`192.168.1.10-192.168.1.40` or `192.168.1.10-40`), addresses, or a comma-separated list of these; at most 1,024 addresses.' }),
    ports: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 65535 }), { minItems: 1, maxItems: 16, description: 'Default 554, 8554 (RTSP), 80, 8080 (HTTP), 8000, 8899 (ONVIF).' })),
    credentials: Type.Optional(
      Type.Array(Type.Object({ username: Type.String({ maxLength: 255 }), password: Type.String({ maxLength: 255 }) }, { additionalProperties: false }), {
        maxItems: 8,
        description: 'Logins to try, never others; one attempt per camera of a maker that locks accounts (Hikvision, Dahua, Amcrest), at most three on others.',
      }),
    ),
  },
  { additionalProperties: false },
);

const ScanHostSchema = Type.Object({
  address: Type.String(),
  open_ports: Type.Array(Type.Integer()),
  rtsp_port: Nullable(Type.Integer()),
  http_port: Nullable(Type.Integer()),
  vendor: Nullable(StringEnum(VENDOR_IDS)),
  vendor_clue: Nullable(Type.String({ description: 'What the vendor guess rests on, e.g. `RTSP Server: Hikvision`.' })),
  onvif: Nullable(Type.Object({ xaddrs: Type.Array(Type.String()), name: Nullable(Type.String()), hardware: Nullable(Type.String()) })),
  rtsp_url: Nullable(Type.String({ description: 'An RTSP URL ffprobe opened, password masked.' })),
  credential_index: Nullable(Type.Integer({ description: 'Which of the request\'s credentials opened it.' })),
  video: Nullable(Type.Object({ codec: Type.String(), width: Nullable(Type.Integer()), height: Nullable(Type.Integer()) })),
  note: Nullable(Type.String()),
  registered: Type.Boolean(),
});

export const ScanResultSchema = Type.Object({
  id: Type.String(),
  state: StringEnum(['running', 'done', 'failed', 'cancelled'] as const),
  targets: Type.Integer(),
  ports: Type.Array(Type.Integer()),
  scanned: Type.Integer({ description: 'Addresses whose ports were tried.' }),
  started_at: Rfc3339,
  finished_at: Nullable(Rfc3339),
  hosts: Type.Array(ScanHostSchema, { description: 'Addresses with an open port, filled in when the scan is done.' }),
  error: Nullable(Type.String()),
});

export const ScanIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const VendorSchema = Type.Object({
  id: StringEnum(VENDOR_IDS),
  name: Type.String(),
  rtsp_port: Type.Integer(),
  main_path: Type.String(),
  sub_path: Nullable(Type.String()),
  locks_accounts: Type.Boolean({ description: 'Locks the account after failed logins: a scan tries one credential only.' }),
});
export const VendorsResponse = Type.Object({ vendors: Type.Array(VendorSchema) });
