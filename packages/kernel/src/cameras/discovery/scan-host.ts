import type { Logger } from 'pino';
import { maskUrl } from '../../secrets/credential-mask.js';
import { httpHead, rtspDescribe, rtspOptions } from './port-probes.js';
import { verifyRtsp } from './rtsp-verify.js';
import type { ScanCredential, ScanHost } from './scan.types.js';
import { guessVendor, rtspUrl, scanPaths, type VendorTemplate } from './vendor-templates.js';

/** A scan's limits per host. */
export const HOST_LIMITS = {
  /** Connect + first reply of one RTSP/HTTP request. */
  requestTimeoutMs: 1500,
  /** ffprobe opening a stream. */
  verifyTimeoutMs: 8000,
  /** Credential attempts on a maker that does not lock accounts (or an unknown one). */
  maxCredentialAttempts: 3,
} as const;

export interface HostScanDeps {
  ffprobeBin: string;
  /** ffprobe runs are the costly part: the caller bounds them (e.g. 4 at once). */
  verifySlot: <T>(run: () => Promise<T>) => Promise<T>;
  logger?: Logger;
  /** Ends the host's work early (the scan was cancelled: kernel shutdown). */
  signal?: AbortSignal;
}

export interface HostClues {
  address: string;
  openPorts: number[];
  onvif: ScanHost['onvif'];
  registered: boolean;
}

/**
 * Everything a scan does with one address that has open ports: tell RTSP from HTTP ports by asking
 * them (so non-standard ports work), guess the maker from Server headers and ONVIF scopes, find an
 * RTSP path with DESCRIBE requests that carry no credentials (they cost no login attempt), then
 * verify one URL with ffprobe. Credentials are only the caller's; a maker that locks accounts gets
 * one attempt at its own main path, others at most three.
 */
export async function scanHost(clues: HostClues, credentials: readonly ScanCredential[], deps: HostScanDeps): Promise<ScanHost> {
  const { address } = clues;
  const t = HOST_LIMITS.requestTimeoutMs;
  let rtspPort: number | null = null;
  let httpPort: number | null = null;
  const serverHeaders: string[] = [];
  for (const port of clues.openPorts) {
    const rtsp = rtspPort === null ? await rtspOptions(address, port, t) : null;
    if (rtsp !== null) {
      rtspPort = port;
      if (rtsp.headers['server']) serverHeaders.push(`RTSP Server: ${rtsp.headers['server']}`);
      continue;
    }
    const http = httpPort === null ? await httpHead(address, port, t) : null;
    if (http !== null) {
      httpPort = port;
      if (http.headers['server']) serverHeaders.push(`HTTP Server: ${http.headers['server']}`);
    }
  }
  const onvifClues = clues.onvif === null ? [] : [clues.onvif.hardware, clues.onvif.name].map((c) => (c === null ? null : `ONVIF scope: ${c}`));
  const allClues = [...onvifClues, ...serverHeaders];
  const vendor = guessVendor(...allClues);
  const host: ScanHost = {
    address,
    open_ports: clues.openPorts,
    rtsp_port: rtspPort,
    http_port: httpPort,
    vendor: vendor?.id ?? null,
    vendor_clue: vendor === null ? (allClues.find((c) => c !== null) ?? null) : (allClues.find((c) => c !== null && vendor.hints.test(c)) ?? null),
    onvif: clues.onvif,
    rtsp_url: null,
    credential_index: null,
    video: null,
    note: null,
    registered: clues.registered,
  };
  if (rtspPort === null) {
    host.note = 'no RTSP service on the scanned ports';
    return host;
  }
  await findStream(host, rtspPort, vendor, credentials, deps);
  return host;
}

async function findStream(host: ScanHost, port: number, vendor: VendorTemplate | null, credentials: readonly ScanCredential[], deps: HostScanDeps): Promise<void> {
  const t = HOST_LIMITS.requestTimeoutMs;
  // The first path that asks for a login: most cameras ask before looking at the path, so every
  // further path would say 401 too and tell nothing more.
  let wantsLogin: string | null = null;
  for (const path of scanPaths(vendor)) {
    if (deps.signal?.aborted) return;
    const reply = await rtspDescribe(host.address, port, path, t);
    if (reply?.status === 200) {
      const verified = await deps.verifySlot(() => verifyRtsp(deps.ffprobeBin, rtspUrl(host.address, port, path), HOST_LIMITS.verifyTimeoutMs, deps.logger, deps.signal));
      if (verified.ok) {
        host.rtsp_url = rtspUrl(host.address, port, path);
        host.video = verified.video;
        return;
      }
    } else if (reply?.status === 401) {
      wantsLogin = path;
      break;
    }
  }
  if (wantsLogin === null) {
    host.note = 'RTSP answers, but none of the known stream paths exists; add the camera with its URL';
    return;
  }
  if (credentials.length === 0) {
    host.note = 'the camera wants a login: scan again with credentials';
    return;
  }
  const locks = vendor?.locksAccounts === true;
  // On a maker that locks accounts, the one attempt goes to its own main path, where a right password cannot miss.
  const path = locks && vendor !== null ? vendor.mainPath : wantsLogin;
  const attempts = credentials.slice(0, locks ? 1 : HOST_LIMITS.maxCredentialAttempts);
  for (const [index, credential] of attempts.entries()) {
    if (deps.signal?.aborted) return;
    const url = rtspUrl(host.address, port, path, credential);
    const verified = await deps.verifySlot(() => verifyRtsp(deps.ffprobeBin, url, HOST_LIMITS.verifyTimeoutMs, deps.logger, deps.signal));
    if (verified.ok) {
      host.rtsp_url = maskUrl(url);
      host.credential_index = index;
      host.video = verified.video;
      return;
    }
  }
  const held = credentials.length - attempts.length;
  host.note = locks
    ? `${vendor.name} locks accounts after failed logins: only the first credential was tried, and it did not open ${path}${held > 0 ? ` (${held} not tried)` : ''}`
    : `none of the ${attempts.length} credential(s) tried opened ${path}${held > 0 ? ` (${held} not tried: at most ${HOST_LIMITS.maxCredentialAttempts} per camera)` : ''}`;
}
