/**
 * Which network addresses the bot may fetch from. A moderator's link must never reach the machine's own
 * services or its network's (a database on loopback, a router's admin page, the cloud provider's metadata
 * service that hands out credentials), so only public unicast addresses pass. ipaddr.js knows the special
 * ranges (private, loopback, link-local, carrier-grade NAT, unique-local IPv6, multicast, reserved, the
 * IPv6 forms that embed an IPv4 address); an IPv4-mapped IPv6 address is judged as the IPv4 address it is.
 */
import ipaddr from 'ipaddr.js';

const WHY: Record<string, string> = {
  loopback: 'a loopback address (this machine)',
  private: 'a private network address',
  linkLocal: 'a link-local address (such as a cloud metadata service)',
  carrierGradeNat: 'a shared (carrier-grade NAT) address',
  uniqueLocal: 'a unique-local (private) IPv6 address',
  unspecified: 'the unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

/** Why `ip` may not be fetched from, in words, or null when it is a public unicast address. */
export function refusedAddress(ip: string): string | null {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(ip);
  } catch {
    return 'not an IP address';
  }
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  const range = address.range();
  if (range === 'unicast') return null;
  return WHY[range] ?? `a special-purpose address (${range})`;
}

/** Private addresses a deployment lets the bot fetch from: none, all, or these ranges (an intranet's). */
export type PrivateAccess = 'none' | 'all' | { ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] };

/** `SOURCE_FETCH_ALLOW_PRIVATE`'s value: true, false, or addresses and CIDR ranges separated by commas. */
export function parsePrivateAccess(text: string): PrivateAccess | { problem: string } {
  if (/^(true|1|yes)$/i.test(text)) return 'all';
  if (/^(false|0|no|)$/i.test(text)) return 'none';
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    try {
      ranges.push(part.includes('/') ? ipaddr.parseCIDR(part) : [ipaddr.parse(part), ipaddr.parse(part).kind() === 'ipv4' ? 32 : 128]);
    } catch {
      return { problem: `"${part}" is not an IP address or a range such as 10.0.0.0/8` };
    }
  }
  return { ranges };
}

/** Why `ip` may not be fetched from under `access`, or null when it may. */
export function addressRefusal(ip: string, access: PrivateAccess): string | null {
  if (access === 'all') return null;
  const why = refusedAddress(ip);
  if (!why || access === 'none') return why;
  let address = ipaddr.parse(ip);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  const allowed = access.ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
  return allowed ? null : why;
}
