import { randomUUID } from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** WS-Discovery as ONVIF uses it (the 2005/04 draft namespaces every ONVIF device and client speaks). */
export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  addressing: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  discovery: 'http://schemas.xmlsoap.org/ws/2005/04/discovery',
  network: 'http://www.onvif.org/ver10/network/wsdl',
} as const;

const PROBE_MATCHES_ACTION = `${NS.discovery}/ProbeMatches`;
const ANONYMOUS = `${NS.addressing}/role/anonymous`;

/** What one simulated device says about itself in a ProbeMatch. */
export interface DiscoveredDevice {
  /** `urn:uuid:…`, stable for the device's lifetime. */
  endpointReference: string;
  name: string;
  hardware: string;
  location?: string;
  /** The device service URLs (ONVIF `device_service`). */
  xaddrs: string[];
}

/** The facts of a Probe the responder decides on; null when the datagram is no Probe. */
export interface ProbeRequest {
  messageId: string;
  /** Local names of the requested types, e.g. `NetworkVideoTransmitter`; empty means any. */
  types: string[];
  scopes: string[];
}

// removeNSPrefix: a client may pick any prefix for a namespace; the local names are what matter here.
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

/** Parses a datagram; null when it is not a well-formed SOAP Probe. */
export function parseProbe(datagram: string): ProbeRequest | null {
  let doc: unknown;
  try {
    doc = parser.parse(datagram, true);
  } catch {
    // A malformed datagram is some other sender's business: ignore it like a real device would.
    return null;
  }
  const envelope = child(doc, 'Envelope');
  const probe = child(child(envelope, 'Body'), 'Probe');
  if (probe === undefined) return null;
  const messageId = text(child(child(envelope, 'Header'), 'MessageID')) ?? '';
  const words = (v: unknown) => (text(v) ?? '').split(/\s+/).filter((w) => w !== '');
  return {
    messageId,
    types: words(child(probe, 'Types')).map((t) => t.slice(t.indexOf(':') + 1)),
    scopes: words(child(probe, 'Scopes')),
  };
}

/** Whether a device answers this Probe: the type must be one it has, and every scope a prefix of one of its scopes. */
export function probeMatches(probe: ProbeRequest, deviceScopes: readonly string[]): boolean {
  const typeOk = probe.types.length === 0 || probe.types.includes('NetworkVideoTransmitter') || probe.types.includes('Device');
  return typeOk && probe.scopes.every((s) => deviceScopes.some((d) => d === s || d.startsWith(s.endsWith('/') ? s : `${s}/`)));
}

/** The ONVIF scopes of a device; values are percent-encoded as ONVIF scopes are URIs. */
export function scopesOf(device: DiscoveredDevice): string[] {
  const scope = (kind: string, value: string) => `onvif://www.onvif.org/${kind}/${encodeURIComponent(value)}`;
  return [
    'onvif://www.onvif.org/type/video_encoder',
    'onvif://www.onvif.org/Profile/Streaming',
    scope('name', device.name),
    scope('hardware', device.hardware),
    ...(device.location === undefined ? [] : [scope('location', device.location)]),
  ];
}

/** The ProbeMatches answer to a Probe. */
export function probeMatchesXml(device: DiscoveredDevice, relatesTo: string): string {
  const body = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    's:Envelope': {
      '@_xmlns:s': NS.soap,
      '@_xmlns:a': NS.addressing,
      '@_xmlns:d': NS.discovery,
      '@_xmlns:dn': NS.network,
      's:Header': {
        'a:MessageID': `uuid:${randomUUID()}`,
        'a:RelatesTo': relatesTo,
        'a:To': ANONYMOUS,
        'a:Action': PROBE_MATCHES_ACTION,
      },
      's:Body': {
        'd:ProbeMatches': {
          'd:ProbeMatch': {
            'a:EndpointReference': { 'a:Address': device.endpointReference },
            'd:Types': 'dn:NetworkVideoTransmitter',
            'd:Scopes': scopesOf(device).join(' '),
            'd:XAddrs': device.xaddrs.join(' '),
            'd:MetadataVersion': 1,
          },
        },
      },
    },
  };
  return String(builder.build(body));
}

function child(node: unknown, name: string): unknown {
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[name] : undefined;
}

function text(node: unknown): string | undefined {
  if (typeof node === 'string') return node.trim();
  if (typeof node === 'number') return String(node);
  return undefined;
}
