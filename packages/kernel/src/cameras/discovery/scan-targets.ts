import ipaddr from 'ipaddr.js';
import { BadRequest } from '../../errors.js';

/** The most addresses one scan covers: a /22, what a site's camera network rarely exceeds. */
export const MAX_SCAN_TARGETS = 1024;

/**
 * The IPv4 addresses a scan may touch, exactly those the user listed: a CIDR block
 * (`192.168.1.0/24`), a range (`192.168.1.10-192.168.1.40`, or `192.168.1.10-40`), single addresses,
 * or a comma/space separated list of these. A /24 or larger block leaves out its network and broadcast
 * addresses. Throws BadRequest, naming the bad part, for anything else.
 */
export function parseScanTargets(input: string): string[] {
  const parts = input.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) throw new BadRequest('targets is empty: give a CIDR block, a range or addresses, e.g. 192.168.1.0/24');
  const out = new Set<string>();
  for (const part of parts) {
    for (const address of expand(part)) {
      out.add(address);
      if (out.size > MAX_SCAN_TARGETS) {
        throw new BadRequest(`targets cover ${countAll(parts)} addresses; a scan covers at most ${MAX_SCAN_TARGETS}`);
      }
    }
  }
  return [...out];
}

function expand(part: string): string[] {
  if (part.includes('/')) return expandCidr(part);
  if (part.includes('-')) {
    const [from, to] = rangeBounds(part);
    return numbersToAddresses(from, to);
  }
  return [ipv4(part, part).toString()];
}

function expandCidr(part: string): string[] {
  const [from, to] = cidrBounds(part);
  // Network and broadcast addresses answer no camera; only blocks with room for hosts drop them.
  return to - from >= 3 ? numbersToAddresses(from + 1, to - 1) : numbersToAddresses(from, to);
}

function cidrBounds(part: string): [number, number] {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(part);
  } catch (e: unknown) {
    throw new BadRequest(`${JSON.stringify(part)} is not a CIDR block like 192.168.1.0/24`, { cause: e });
  }
  const [address, bits] = parsed;
  if (address.kind() !== 'ipv4') throw new BadRequest(`${part}: IPv6 blocks cannot be scanned (too many addresses); list IPv6 addresses one by one`);
  const network = ipaddr.IPv4.networkAddressFromCIDR(part);
  const broadcast = ipaddr.IPv4.broadcastAddressFromCIDR(part);
  if (bits < 22) throw new BadRequest(`${part} covers ${2 ** (32 - bits)} addresses; a scan covers at most ${MAX_SCAN_TARGETS}`);
  return [toNumber(network), toNumber(broadcast)];
}

function rangeBounds(part: string): [number, number] {
  const [a, b, extra] = part.split('-');
  if (a === undefined || b === undefined || extra !== undefined) throw new BadRequest(`${JSON.stringify(part)} is not a range like 192.168.1.10-192.168.1.40`);
  const start = ipv4(a, part);
  // "192.168.1.10-40": the end keeps the start's first three octets.
  const end = /^\d{1,3}$/.test(b) ? ipv4(`${start.octets.slice(0, 3).join('.')}.${b}`, part) : ipv4(b, part);
  const [from, to] = [toNumber(start), toNumber(end)];
  if (to < from) throw new BadRequest(`${part}: the range ends before it starts`);
  if (to - from + 1 > MAX_SCAN_TARGETS) throw new BadRequest(`${part} covers ${to - from + 1} addresses; a scan covers at most ${MAX_SCAN_TARGETS}`);
  return [from, to];
}

function ipv4(text: string, part: string): ipaddr.IPv4 {
  if (ipaddr.IPv6.isValid(text) && !ipaddr.IPv4.isValid(text)) throw new BadRequest(`${part}: IPv6 addresses are not scanned; give IPv4 addresses`);
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) throw new BadRequest(`${JSON.stringify(part)} is not an IPv4 address, range or CIDR block`);
  return ipaddr.IPv4.parse(text);
}

function toNumber(a: ipaddr.IPv4): number {
  return a.octets.reduce((n, o) => n * 256 + o, 0);
}

function numbersToAddresses(from: number, to: number): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(ipaddr.fromByteArray([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]).toString());
  return out;
}

/** For the error message: how many addresses the whole input names, counted without expanding it. */
function countAll(parts: readonly string[]): number {
  let total = 0;
  for (const p of parts) {
    try {
      if (p.includes('/')) {
        const [, bits] = ipaddr.parseCIDR(p);
        total += 2 ** (32 - bits);
      } else if (p.includes('-')) {
        const [from, to] = rangeBounds(p);
        total += to - from + 1;
      } else total += 1;
    } catch {
      // Counted for a message only; the part itself was already accepted by expand().
      total += 1;
    }
  }
  return total;
}
