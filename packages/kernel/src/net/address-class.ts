import ipaddr from 'ipaddr.js';

/**
 * Why an address is not on the public internet, or null when it is. The ranges an attacker would aim
 * a server-side request at: the host itself, cloud metadata services (169.254.169.254 and friends are
 * link-local), the LAN, carrier-grade NAT, and addresses that are no single host at all.
 */
export function nonPublicReason(address: ipaddr.IPv4 | ipaddr.IPv6): string | null {
  // ::ffff:127.0.0.1 and friends reach the IPv4 host: judge them as the IPv4 address they carry.
  const plain = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
  const range = plain.range();
  return RANGE_REASONS[range] ?? null;
}

/** ipaddr.js range names → the reason a person reads; every range not listed is public. */
const RANGE_REASONS: Readonly<Record<string, string>> = {
  loopback: 'a loopback address',
  linkLocal: 'a link-local address (cloud metadata services live there)',
  private: 'a private network address',
  carrierGradeNat: 'a carrier-grade NAT address',
  uniqueLocal: 'a unique-local (private) IPv6 address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  // Documentation and benchmarking ranges never hold a real receiver.
  benchmarking: 'a benchmarking address',
  as112: 'a reserved address',
  deprecated: 'a deprecated address',
  rfc6145: 'a translated address',
  rfc6052: 'a translated address',
  '6to4': 'a 6to4 relay address',
  teredo: 'a Teredo address',
  discard: 'a discard-only address',
  amt: 'a reserved address',
  orchid2: 'a reserved address',
  droneRemoteIdProtocolEntityTags: 'a reserved address',
};
