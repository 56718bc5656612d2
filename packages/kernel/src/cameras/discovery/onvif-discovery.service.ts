import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { BadRequest } from '../../errors.js';
import { discoverOnvif, WS_DISCOVERY_PORT, type DiscoveredDevice, type ProbeTarget } from '../../onvif/ws-discovery-socket.js';

export interface OnvifDiscoveryRequest {
  interface?: string;
  addresses?: string[];
  timeout_ms?: number;
  multicast?: boolean;
}

export interface OnvifDeviceDto {
  address: string;
  xaddrs: string[];
  scopes: string[];
  name: string | null;
  hardware: string | null;
  location: string | null;
  endpoint_reference: string;
  registered: boolean;
}

export interface OnvifDiscoveryDeps {
  /** HELDAR_DISCOVERY_INTERFACE; null lets the OS pick the multicast interface. */
  defaultInterface: string | null;
  /** Hosts (addresses and URL hosts) of the cameras already registered. */
  registeredHosts: () => Promise<Set<string>>;
  /** The machine's IPv4 addresses; a parameter so tests need no real interfaces. */
  localAddresses?: () => string[];
  discover?: typeof discoverOnvif;
}

export const DEFAULT_DISCOVERY_TIMEOUT_MS = 3000;

/** WS-Discovery over HTTP: one Probe, multicast on one interface and/or unicast to listed hosts. */
export class OnvifDiscoveryService {
  constructor(private readonly deps: OnvifDiscoveryDeps) {}

  async discover(request: OnvifDiscoveryRequest): Promise<OnvifDeviceDto[]> {
    const iface = request.interface ?? this.deps.defaultInterface ?? undefined;
    if (iface !== undefined) this.checkInterface(iface);
    const unicast = (request.addresses ?? []).map(parseProbeTarget);
    const multicast = request.multicast ?? true;
    if (!multicast && unicast.length === 0) throw new BadRequest('nothing to probe: multicast is off and no addresses are listed');
    let devices: DiscoveredDevice[];
    try {
      devices = await (this.deps.discover ?? discoverOnvif)({
        ...(iface !== undefined ? { interfaceAddress: iface } : {}),
        multicast,
        unicast,
        timeoutMs: request.timeout_ms ?? DEFAULT_DISCOVERY_TIMEOUT_MS,
      });
    } catch (e: unknown) {
      // The socket refuses the interface (down, no multicast route): the request's choice, so a 400.
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRNOTAVAIL' || code === 'EINVAL' || code === 'ENETUNREACH' || code === 'ENODEV') {
        throw new BadRequest(`cannot send a multicast Probe from ${iface ?? "the OS's default interface"} (${code}); name another interface or list addresses with multicast off`, { cause: e });
      }
      throw e;
    }
    const registered = await this.deps.registeredHosts();
    return devices.map((d) => toDto(d, registered)).sort((a, b) => a.address.localeCompare(b.address) || a.endpoint_reference.localeCompare(b.endpoint_reference));
  }

  private checkInterface(address: string): void {
    if (!isIPv4(address)) throw new BadRequest(`interface must be the IPv4 address of a network interface of this machine, got ${JSON.stringify(address)}`);
    const local = this.deps.localAddresses?.() ?? localIPv4Addresses();
    if (!local.includes(address)) throw new BadRequest(`no network interface of this machine has the address ${address} (it has ${local.join(', ')})`);
  }
}

function localIPv4Addresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && i.family === 'IPv4')
    .map((i) => i!.address);
}

/** `host` or `host:port` (port default 3702); IPv4 or a host name. */
export function parseProbeTarget(text: string): ProbeTarget {
  const m = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text.trim());
  const port = m?.[2] === undefined ? WS_DISCOVERY_PORT : Number(m[2]);
  if (m === null || m[1] === undefined || port < 1 || port > 65535) {
    throw new BadRequest(`${JSON.stringify(text)} is not a host or host:port to send a Probe to`);
  }
  return { host: m[1], port };
}

function toDto(d: DiscoveredDevice, registered: Set<string>): OnvifDeviceDto {
  const xaddrHosts = d.xaddrs.map(hostOf).filter((h): h is string => h !== null);
  return {
    address: d.address,
    xaddrs: d.xaddrs,
    scopes: d.scopes,
    name: d.name,
    hardware: d.hardware,
    location: d.location,
    endpoint_reference: d.endpointReference,
    registered: registered.has(d.address) || xaddrHosts.some((h) => registered.has(h)) || d.xaddrs.some((x) => registered.has(x)),
  };
}

/** The host of a URL, lower-case, without brackets; null for text that is no URL. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase() || null;
  } catch {
    // A stored URL that does not parse names no host to compare with.
    return null;
  }
}
