import { randomUUID } from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * WS-Discovery messages as ONVIF uses them (the 2005/04 draft namespaces every ONVIF camera speaks):
 * the Probe a client multicasts or sends unicast, and the ProbeMatches a device answers with.
 * Pure functions; the socket is in ws-discovery-socket.ts.
 */
const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  addressing: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  discovery: 'http://schemas.xmlsoap.org/ws/2005/04/discovery',
  network: 'http://www.onvif.org/ver10/network/wsdl',
} as const;

/** One device from a ProbeMatch. */
export interface ProbeMatch {
  /** `urn:uuid:…`: the device's identity across address changes. */
  endpointReference: string;
  types: string[];
  scopes: string[];
  /** Device service URLs. */
  xaddrs: string[];
  /** From the `onvif://www.onvif.org/name/…` scope, decoded; null without one. */
  name: string | null;
  hardware: string | null;
  location: string | null;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });
// removeNSPrefix: devices pick their own prefixes (s:, SOAP-ENV:, env:); only local names matter.
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === 'ProbeMatch' });

/** A Probe for ONVIF video devices (NetworkVideoTransmitter), with its MessageID. */
export function buildProbe(messageId = `uuid:${randomUUID()}`): { messageId: string; xml: string } {
  const xml = builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    's:Envelope': {
      '@_xmlns:s': NS.soap,
      '@_xmlns:a': NS.addressing,
      '@_xmlns:d': NS.discovery,
      '@_xmlns:dn': NS.network,
      's:Header': {
        'a:MessageID': messageId,
        'a:To': 'urn:schemas-xmlsoap-org:ws:2005:04:discovery',
        'a:Action': `${NS.discovery}/Probe`,
      },
      's:Body': { 'd:Probe': { 'd:Types': 'dn:NetworkVideoTransmitter' } },
    },
  });
  return { messageId, xml: String(xml) };
}

/**
 * The matches of a ProbeMatches datagram answering `messageId` (any Probe when omitted). Returns []
 * for anything else — other traffic on the port, another client's answers, broken XML — as a
 * discovery listens on a shared medium and must drop what is not for it.
 */
export function parseProbeMatches(datagram: string, messageId?: string): ProbeMatch[] {
  let doc: unknown;
  try {
    doc = parser.parse(datagram, true);
  } catch {
    // Not well-formed XML: not a device's answer.
    return [];
  }
  const envelope = child(doc, 'Envelope');
  const relatesTo = text(child(child(envelope, 'Header'), 'RelatesTo'));
  if (messageId !== undefined && relatesTo !== messageId) return [];
  const matches = child(child(child(envelope, 'Body'), 'ProbeMatches'), 'ProbeMatch');
  if (!Array.isArray(matches)) return [];
  const result: ProbeMatch[] = [];
  for (const m of matches) {
    const endpointReference = text(child(child(m, 'EndpointReference'), 'Address'));
    if (endpointReference === undefined || endpointReference === '') continue;
    const scopes = words(child(m, 'Scopes'));
    result.push({
      endpointReference,
      types: words(child(m, 'Types')),
      scopes,
      xaddrs: words(child(m, 'XAddrs')),
      name: scopeValue(scopes, 'name'),
      hardware: scopeValue(scopes, 'hardware'),
      location: scopeValue(scopes, 'location'),
    });
  }
  return result;
}

/** The value of an `onvif://www.onvif.org/<kind>/<value>` scope, percent-decoded. */
export function scopeValue(scopes: readonly string[], kind: string): string | null {
  const prefix = `onvif://www.onvif.org/${kind}/`;
  const scope = scopes.find((s) => s.toLowerCase().startsWith(prefix.toLowerCase()));
  if (scope === undefined) return null;
  const raw = scope.slice(prefix.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    // A camera that does not percent-encode (some write a bare `%`): show its bytes as sent.
    return raw;
  }
}

function child(node: unknown, name: string): unknown {
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[name] : undefined;
}

function text(node: unknown): string | undefined {
  if (typeof node === 'string') return node.trim();
  if (typeof node === 'number') return String(node);
  return undefined;
}

function words(node: unknown): string[] {
  return (text(node) ?? '').split(/\s+/).filter((w) => w !== '');
}
