import ipaddr from 'ipaddr.js';

/**
 * HELDAR_OUTBOUND_ALLOW parsed: the host names and address ranges a user-given URL may reach although
 * they are private (a webhook receiver on the LAN, a sidecar on the same host). Host names match
 * exactly (case-insensitive); an address matches when a CIDR holds it.
 */
export interface OutboundAllowList {
  readonly hosts: readonly string[];
  readonly ranges: readonly (readonly [ipaddr.IPv4 | ipaddr.IPv6, number])[];
  /** As the variable was written (normalised), for `heldar config`. */
  readonly entries: readonly string[];
}

export const EMPTY_ALLOW_LIST: OutboundAllowList = Object.freeze({ hosts: [], ranges: [], entries: [] });

/** Parses the comma-separated list; a bad entry throws with the entry named. */
export function parseOutboundAllow(raw: string | undefined): OutboundAllowList {
  const entries = (raw ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const hosts: string[] = [];
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of entries) {
    const bare = entry.startsWith('[') && entry.endsWith(']') ? entry.slice(1, -1) : entry;
    if (bare.includes('/')) {
      try {
        ranges.push(ipaddr.parseCIDR(bare));
      } catch (e: unknown) {
        throw new Error(`"${entry}" is not a valid CIDR range (e.g. 192.168.1.0/24 or fd00::/8)`, { cause: e });
      }
    } else if (ipaddr.isValid(bare)) {
      const address = ipaddr.process(bare);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(bare)) {
      hosts.push(bare.replace(/\.$/, ''));
    } else {
      throw new Error(`"${entry}" is neither a host name, an IP address nor a CIDR range`);
    }
  }
  return Object.freeze({ hosts, ranges, entries });
}

/** Whether the list names this host (as written in the URL) or holds this address. */
export function allowListAdmits(list: OutboundAllowList, host: string, address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (list.hosts.includes(host.toLowerCase().replace(/\.$/, ''))) return true;
  return list.ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
}
