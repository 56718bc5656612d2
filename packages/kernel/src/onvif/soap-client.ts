import { createHash, randomBytes } from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { OnvifError } from './onvif-error.js';

/** Every ONVIF call gets an answer within this, or fails with a timeout. */
export const ONVIF_CALL_TIMEOUT_MS = 5000;

export type XmlNode = Record<string, unknown>;

export interface SoapCredentials {
  username: string;
  password: string;
}

export interface SoapCall {
  url: string;
  /** The operation's namespace (its WSDL), e.g. http://www.onvif.org/ver10/media/wsdl */
  namespace: string;
  operation: string;
  /** Child elements of the operation, as fast-xml-parser builder objects (`@_attr` for attributes). */
  body?: XmlNode;
  credentials?: SoapCredentials;
  /** The device clock minus ours, ms: the WS-Security Created time is written in the device's time. */
  clockOffsetMs?: number;
  timeoutMs?: number;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['Profiles', 'Service', 'Preset', 'NotificationMessage', 'SimpleItem'].includes(name),
});
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true, suppressBooleanAttributes: false });

const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const BASE64 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

/** The WS-Security UsernameToken: digest = Base64(SHA-1(nonce + created + password)); the password never travels. */
export function usernameToken(credentials: SoapCredentials, createdMs: number, nonce: Buffer = randomBytes(16)): XmlNode {
  const created = new Date(createdMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const digest = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(credentials.password)])).digest('base64');
  return {
    'wsse:Security': {
      '@_xmlns:wsse': WSSE,
      '@_xmlns:wsu': WSU,
      '@_s:mustUnderstand': 'true',
      'wsse:UsernameToken': {
        'wsse:Username': credentials.username,
        'wsse:Password': { '@_Type': DIGEST, '#text': digest },
        'wsse:Nonce': { '@_EncodingType': BASE64, '#text': nonce.toString('base64') },
        'wsu:Created': created,
      },
    },
  };
}

export function buildEnvelope(call: SoapCall): string {
  const header = call.credentials === undefined ? '' : usernameToken(call.credentials, Date.now() + (call.clockOffsetMs ?? 0));
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    builder.build({
      's:Envelope': {
        '@_xmlns:s': 'http://www.w3.org/2003/05/soap-envelope',
        '@_xmlns:tt': 'http://www.onvif.org/ver10/schema',
        '@_xmlns:wsa': 'http://www.w3.org/2005/08/addressing',
        's:Header': header,
        's:Body': { [call.operation]: { '@_xmlns': call.namespace, ...call.body } },
      },
    })
  );
}

/**
 * One SOAP 1.2 call: the envelope (with a UsernameToken when credentials are given) POSTed with a
 * deadline; the response's Body element for the operation, or an OnvifError that says what went wrong.
 */
export async function soapCall(call: SoapCall): Promise<XmlNode> {
  const timeoutMs = call.timeoutMs ?? ONVIF_CALL_TIMEOUT_MS;
  let response: Response;
  let text: string;
  try {
    response = await fetch(call.url, {
      method: 'POST',
      headers: { 'content-type': `application/soap+xml; charset=utf-8; action="${call.namespace}/${call.operation}"` },
      body: buildEnvelope(call),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    text = await response.text();
  } catch (e: unknown) {
    if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
      throw new OnvifError('timeout', `the camera at ${call.url} did not answer ${call.operation} within ${timeoutMs / 1000} s`, { cause: e });
    }
    const code = e instanceof Error && e.cause instanceof Error ? ((e.cause as NodeJS.ErrnoException).code ?? e.cause.message) : String(e);
    throw new OnvifError('no-service', `no ONVIF service at ${call.url} (${code})`, { cause: e });
  }
  const body = parseBody(text);
  const fault = body === undefined ? undefined : faultOf(body);
  if (response.status === 401 || (fault !== undefined && /NotAuthorized|not ?authori[sz]ed/i.test(`${fault.subcode} ${fault.reason}`))) {
    throw new OnvifError('auth', '401 from the camera: wrong user or password');
  }
  if (body === undefined) {
    throw new OnvifError('no-service', `no ONVIF service at ${call.url} (HTTP ${response.status}, ${text.trim() === '' ? 'empty answer' : 'not a SOAP answer'})`);
  }
  if (fault !== undefined) {
    throw new OnvifError('fault', `the camera refused ${call.operation}: ${fault.reason || fault.subcode || `HTTP ${response.status}`}`);
  }
  const result = body[`${call.operation}Response`];
  if (result === undefined) throw new OnvifError('no-service', `the answer from ${call.url} to ${call.operation} has no ${call.operation}Response`);
  return typeof result === 'object' && result !== null ? (result as XmlNode) : {};
}

function parseBody(text: string): XmlNode | undefined {
  try {
    const doc = parser.parse(text) as XmlNode;
    const body = child(child(doc, 'Envelope'), 'Body');
    return Object.keys(body).length === 0 && !('Envelope' in doc) ? undefined : body;
  } catch {
    // Not XML at all (an HTML login page, a web server's 404): the caller reports "no ONVIF service".
    return undefined;
  }
}

function faultOf(body: XmlNode): { subcode: string; reason: string } | undefined {
  if (!('Fault' in body)) return undefined;
  const fault = child(body, 'Fault');
  const code = child(fault, 'Code');
  const subcode = text(child(code, 'Subcode'), 'Value') ?? text(fault, 'faultcode') ?? '';
  const reason = text(child(fault, 'Reason'), 'Text') ?? text(fault, 'faultstring') ?? '';
  return { subcode, reason };
}

/** The element `name` of `node` as an object ({} when absent or text); the first of a list. */
export function child(node: unknown, name: string): XmlNode {
  if (typeof node !== 'object' || node === null) return {};
  let value = (node as XmlNode)[name];
  if (Array.isArray(value)) value = value[0];
  return typeof value === 'object' && value !== null ? (value as XmlNode) : {};
}

/** Every element `name` of `node` (lists and single elements alike). */
export function children(node: unknown, name: string): XmlNode[] {
  if (typeof node !== 'object' || node === null) return [];
  const value = (node as XmlNode)[name];
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) => (typeof v === 'object' && v !== null ? (v as XmlNode) : { '#text': v }));
}

/** The text of element `name` (also when it has attributes), or undefined. */
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

export function attr(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as XmlNode)[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}
