import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Private, loopback, link-local and other non-public address ranges. A URL found on a peer's
 * site, or a redirect, must not lead a build or `npm run blogroll -- check` from a public site
 * into the machine's own network: the cloud metadata service (169.254.169.254), a router, a
 * database on localhost. That is server-side request forgery, and a CI runner is a server.
 */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address (v4 or v6) is outside the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return NON_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  // IPv4 written as IPv6 (::ffff:10.0.0.1, or NAT64 64:ff9b::10.0.0.1) is judged as IPv4.
  const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (embedded) return NON_PUBLIC.check(embedded, 'ipv4');
  return NON_PUBLIC.check(address, 'ipv6');
}

/** Resolves a host name to its addresses; tests pass their own. */
export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Whether a URL's host is outside the public internet: true when it is, or resolves to, any
 * non-public address; undefined when the name does not resolve (no network, no such host:
 * the request itself will then fail and say so).
 */
export async function isNonPublicHost(url: string, resolve: Resolver = systemResolver): Promise<boolean | undefined> {
  const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(hostname)) return isNonPublicAddress(hostname);
  try {
    return (await resolve(hostname)).some(isNonPublicAddress);
  } catch {
    return undefined;
  }
}
