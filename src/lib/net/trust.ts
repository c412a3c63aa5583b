import { isIP } from 'node:net';
import { hostOf, isLocalhostName } from './addresses.ts';

/**
 * Which hosts may lead into a private network. The answer comes only from what the writer
 * literally wrote: an IP literal or `localhost` in a URL of their own (a peer entry's `url` or
 * `feed`, a command-line argument), or a host on an allow-list in their config. Never from DNS:
 * anybody can point their own domain at 10.0.0.1, so a name that resolves privately proves
 * nothing about who chose it. Everything else is checked when the connection is made.
 */
export function trustedPrivateHosts(writerUrls: Iterable<string | undefined>, allowList: readonly string[] = []): string[] {
  const hosts = new Set(
    allowList.map((host) =>
      host
        .trim()
        .replace(/^\[|\]$/g, '')
        .toLowerCase(),
    ),
  );
  for (const url of writerUrls) {
    if (!url) continue;
    let host: string;
    try {
      host = hostOf(url);
    } catch {
      continue;
    }
    if (isIP(host) || isLocalhostName(host)) hosts.add(host);
  }
  hosts.delete('');
  return [...hosts];
}

/**
 * Whether a URL from a third party names a private place by its very text (an IP literal in a
 * private range, or localhost) that the writer has not vouched for: such a URL is refused
 * before it is stored, e.g. a feed link `blogroll add` found on a peer's page.
 */
export function isUnvouchedLocalUrl(url: string, trusted: readonly string[], isNonPublic: (address: string) => boolean): boolean {
  let host: string;
  try {
    host = hostOf(url);
  } catch {
    return false;
  }
  if (trusted.includes(host)) return false;
  return isLocalhostName(host) || (isIP(host) !== 0 && isNonPublic(host));
}
