import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * SOAP 1.2 envelopes for the simulated ONVIF device, on fast-xml-parser: requests are parsed with
 * namespace prefixes removed (clients spell them differently), responses are built from objects with
 * the prefixes the ONVIF examples use.
 */

export const NS = {
  s: 'http://www.w3.org/2003/05/soap-envelope',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  trt: 'http://www.onvif.org/ver10/media/wsdl',
  tptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  tev: 'http://www.onvif.org/ver10/events/wsdl',
  trc: 'http://www.onvif.org/ver10/recording/wsdl',
  trp: 'http://www.onvif.org/ver10/replay/wsdl',
  tt: 'http://www.onvif.org/ver10/schema',
  ter: 'http://www.onvif.org/ver10/error',
  wsnt: 'http://docs.oasis-open.org/wsn/b-2',
  wsa: 'http://www.w3.org/2005/08/addressing',
  tns1: 'http://www.onvif.org/ver10/topics',
} as const;

export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

// suppressBooleanAttributes off: it would print fixed="true" as a bare `fixed`, which is not XML.
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true, suppressBooleanAttributes: false });

export interface SoapRequest {
  header: XmlNode;
  /** The operation's local name, e.g. `GetProfiles`. */
  operation: string;
  body: XmlNode;
}

/** Parses a SOAP request; throws when the text is no SOAP envelope with an operation in its body. */
export function parseSoapRequest(xml: string): SoapRequest {
  const doc = parser.parse(xml) as XmlNode;
  const envelope = child(doc, 'Envelope');
  const body = child(envelope, 'Body');
  const operation = Object.keys(body).find((k) => !k.startsWith('@_'));
  if (operation === undefined) throw new Error('the SOAP body names no operation');
  const opNode = body[operation];
  return { header: child(envelope, 'Header'), operation, body: typeof opNode === 'object' && opNode !== null ? (opNode as XmlNode) : {} };
}

/** The element `name` of `node` as an object ({} when absent or text). */
export function child(node: unknown, name: string): XmlNode {
  if (typeof node !== 'object' || node === null) return {};
  const value = (node as XmlNode)[name];
  if (Array.isArray(value)) return (value[0] ?? {}) as XmlNode;
  return typeof value === 'object' && value !== null ? (value as XmlNode) : {};
}

/** The text of element `name` of `node` (also when it carries attributes), or undefined. */
export function text(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  let value = (node as XmlNode)[name];
  if (Array.isArray(value)) value = value[0];
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const t = (value as XmlNode)['#text'];
    return typeof t === 'string' ? t : '';
  }
  return undefined;
}

/** An attribute of `node`, e.g. attr(vector, 'x'). */
export function attr(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as XmlNode)[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function namespaceAttributes(): XmlNode {
  return Object.fromEntries(Object.entries(NS).map(([prefix, uri]) => [`@_xmlns:${prefix}`, uri]));
}

/** A response envelope around `body` (keys carry their prefixes, e.g. `trt:GetProfilesResponse`). */
export function soapEnvelope(body: XmlNode): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    builder.build({ 's:Envelope': { ...namespaceAttributes(), 's:Header': '', 's:Body': body } })
  );
}

/** A SOAP 1.2 fault: `code` Sender/Receiver, `subcode` e.g. `ter:NotAuthorized`. */
export function soapFault(code: 'Sender' | 'Receiver', subcode: string, reason: string): string {
  return soapEnvelope({
    's:Fault': {
      's:Code': { 's:Value': `s:${code}`, 's:Subcode': { 's:Value': subcode } },
      's:Reason': { 's:Text': { '@_xml:lang': 'en', '#text': reason } },
    },
  });
}
