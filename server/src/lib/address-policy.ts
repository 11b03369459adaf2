// Which IP addresses a fetch may reach: everything but public unicast is refused, and cloud
// metadata endpoints are refused even for allow-listed hosts.
import net from 'node:net';

type Bytes = readonly number[];

interface Range {
  bytes: Bytes;
  bits: number;
  reason: string;
}

function v4(cidr: string, reason: string): Range {
  const [address = '', bits = '32'] = cidr.split('/');
  return { bytes: parseIPv4(address) ?? [], bits: Number(bits), reason };
}

function v6(cidr: string, reason: string): Range {
  const [address = '', bits = '128'] = cidr.split('/');
  return { bytes: parseIPv6(address) ?? [], bits: Number(bits), reason };
}

// Cloud metadata endpoints are refused even for an allow-listed host name (a name on the
// allow-list that resolves to one of these is an attack, never an intranet).
const METADATA_V4 = [
  v4('169.254.169.254/32', 'a cloud metadata address'),
  v4('169.254.170.2/32', 'a cloud metadata address'), // AWS ECS task metadata
  v4('100.100.100.200/32', 'a cloud metadata address'), // Alibaba Cloud
];
const METADATA_V6 = [v6('fd00:ec2::254/128', 'a cloud metadata address')];
export const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);

const BLOCKED_V4: Range[] = [
  ...METADATA_V4,
  v4('0.0.0.0/32', 'an unspecified address'),
  v4('0.0.0.0/8', 'a "this network" address'),
  v4('10.0.0.0/8', 'a private address'),
  v4('100.64.0.0/10', 'a shared (CGNAT) address'),
  v4('127.0.0.0/8', 'a loopback address'),
  v4('169.254.0.0/16', 'a link-local address'),
  v4('172.16.0.0/12', 'a private address'),
  v4('192.0.0.0/24', 'a reserved address'),
  v4('192.0.2.0/24', 'a documentation address'),
  v4('192.88.99.0/24', 'a reserved address'),
  v4('192.168.0.0/16', 'a private address'),
  v4('198.18.0.0/15', 'a benchmarking address'),
  v4('198.51.100.0/24', 'a documentation address'),
  v4('203.0.113.0/24', 'a documentation address'),
  v4('224.0.0.0/4', 'a multicast address'),
  v4('255.255.255.255/32', 'the broadcast address'),
  v4('240.0.0.0/4', 'a reserved address'),
];

const BLOCKED_V6: Range[] = [
  ...METADATA_V6,
  v6('::/128', 'an unspecified address'),
  v6('::1/128', 'a loopback address'),
  v6('100::/64', 'a discard-only address'),
  v6('2001::/32', 'a Teredo address'),
  v6('2001:2::/48', 'a benchmarking address'),
  v6('2001:db8::/32', 'a documentation address'),
  v6('2001:10::/28', 'a reserved (ORCHID) address'),
  v6('2001:20::/28', 'a reserved (ORCHIDv2) address'),
  v6('3fff::/20', 'a documentation address'),
  v6('5f00::/16', 'a reserved (SRv6) address'),
  v6('fc00::/7', 'a private (unique local) address'),
  v6('fe80::/10', 'a link-local address'),
  v6('fec0::/10', 'a site-local address'),
  v6('ff00::/8', 'a multicast address'),
];

function inRange(bytes: Bytes, range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

function parseIPv4(address: string): number[] | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

function parseIPv6(input: string): number[] | undefined {
  let address = input.replace(/^\[|\]$/g, '');
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const lastColon = address.lastIndexOf(':');
  if (lastColon >= 0 && address.includes('.', lastColon)) {
    const tail = parseIPv4(address.slice(lastColon + 1));
    if (!tail) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = tail;
    address = `${address.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const hextets = [...head, ...Array<string>(missing).fill('0'), ...tail];
  const bytes: number[] = [];
  for (const hextet of hextets) {
    if (!/^[0-9a-f]{1,4}$/i.test(hextet)) return undefined;
    const value = parseInt(hextet, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return bytes;
}

function classifyIPv4(bytes: Bytes): string | undefined {
  return BLOCKED_V4.find((range) => inRange(bytes, range))?.reason;
}

/**
 * Why an IP address must not be fetched ('a loopback address', …), or undefined when it is a
 * public unicast address. IPv6 forms that embed an IPv4 address (IPv4-mapped, IPv4-compatible,
 * NAT64, 6to4) are judged by the embedded address. Anything that is not an IP address is refused.
 */
export function classifyAddress(address: string): string | undefined {
  const bytes4 = parseIPv4(address);
  if (bytes4) return classifyIPv4(bytes4);
  const bytes = parseIPv6(address);
  if (!bytes) return 'not an IP address';
  const embedded = (offset: number) => bytes.slice(offset, offset + 4);
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  // ::ffff:a.b.c.d (IPv4-mapped) and ::ffff:0:a.b.c.d (IPv4-translated)
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return classifyIPv4(embedded(12));
  }
  if (zeros(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(10, 12)) {
    return classifyIPv4(embedded(12));
  }
  // ::a.b.c.d (deprecated IPv4-compatible), but not :: and ::1 which are classified below.
  if (zeros(0, 12) && !zeros(12, 15)) return classifyIPv4(embedded(12)) ?? 'a reserved address';
  // 64:ff9b::/96 (NAT64, well-known prefix): judged by the IPv4 address it reaches.
  if (inRange(bytes, v6('64:ff9b::/96', ''))) return classifyIPv4(embedded(12));
  // 64:ff9b:1::/48 is for local NAT64 deployments only.
  if (inRange(bytes, v6('64:ff9b:1::/48', ''))) return 'a local-use NAT64 address';
  // 2002::/16 (6to4) embeds the IPv4 address in bytes 2..5.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return classifyIPv4(embedded(2));
  const blocked = BLOCKED_V6.find((range) => inRange(bytes, range));
  if (blocked) return blocked.reason;
  // Only global unicast (2000::/3) is public.
  if ((bytes[0] ?? 0) >> 5 !== 1) return 'a reserved address';
  return undefined;
}

export function isMetadataAddress(address: string): boolean {
  const bytes4 = parseIPv4(address);
  if (bytes4) return METADATA_V4.some((range) => inRange(bytes4, range));
  const bytes = parseIPv6(address);
  if (!bytes) return false;
  if (METADATA_V6.some((range) => inRange(bytes, range))) return true;
  const mapped =
    bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const nat64 = inRange(bytes, v6('64:ff9b::/96', ''));
  return (mapped || nat64) && METADATA_V4.some((range) => inRange(bytes.slice(12), range));
}

/** Lower case, no brackets, no trailing dot; IP literals in the URL parser's canonical form. */
export function normaliseHost(host: string): string {
  let value = host.trim().toLowerCase().replace(/\.$/, '');
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  if (net.isIP(value) === 6) value = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  return value;
}
