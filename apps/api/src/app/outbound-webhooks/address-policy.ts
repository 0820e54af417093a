import ipaddr from 'ipaddr.js';

/**
 * Which addresses an outbound webhook may reach (design 9.10). Only global unicast: a receiver
 * on the internet. Everything else (private, loopback, link-local with the cloud metadata
 * service at 169.254.169.254, unique-local, carrier-grade NAT, multicast, broadcast,
 * unspecified, documentation and benchmarking ranges, IPv4-mapped and -translated forms of
 * any of these, 6to4 and Teredo tunnels that could wrap them) is refused, so that an ADMIN's
 * endpoint (or a DNS answer that changes later) cannot make the server call into its own network.
 *
 * The ranges are ipaddr.js's (the library Express's proxy-addr already uses), plus the few
 * its 1.x list leaves out.
 */
const EXTRA_IPV4_RANGES: Array<[ipaddr.IPv4, number]> = [
  // RFC 2544 benchmarking.
  ipaddr.IPv4.parseCIDR('198.18.0.0/15'),
];
// IANA's global unicast block: ::/96 (IPv4-compatible), 100::/64 (discard) and the rest lie outside it.
const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

export interface AddressVerdict {
  allowed: boolean;
  /** ipaddr.js's name for the range (`private`, `loopback`, `unicast`…), or why it was refused. */
  range: string;
}

/** Classifies one IP address (v4 or v6, IPv4-mapped v6 as the v4 it maps). */
export function classifyAddress(address: string): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return { allowed: false, range: 'invalid' };
  // process() turns ::ffff:10.0.0.1 into 10.0.0.1, so a mapped address is judged as what it maps.
  const parsed = ipaddr.process(bare);
  const range = parsed.range();
  if (range !== 'unicast') return { allowed: false, range };
  if (parsed.kind() === 'ipv4') {
    const v4 = parsed as ipaddr.IPv4;
    const extra = EXTRA_IPV4_RANGES.find(([network, bits]) => v4.match(network, bits));
    return extra ? { allowed: false, range: 'benchmarking' } : { allowed: true, range };
  }
  const v6 = parsed as ipaddr.IPv6;
  return v6.match(IPV6_GLOBAL_UNICAST) ? { allowed: true, range } : { allowed: false, range: 'reserved' };
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address).allowed;
}
