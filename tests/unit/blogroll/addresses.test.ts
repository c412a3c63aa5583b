import { describe, expect, it } from 'vitest';
import { isNonPublicAddress, isNonPublicHost, type Resolver } from '../../../src/lib/blogroll/addresses.ts';
import { boundedGet, type GetOptions } from '../../../src/lib/blogroll/http.ts';

describe('isNonPublicAddress', () => {
  it('knows private, loopback, link-local and reserved ranges, in IPv4 and IPv6', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '240.0.0.1', '::1', '::', 'fe80::1', 'fd12:3456::1', '::ffff:10.0.0.1', '64:ff9b::127.0.0.1']) {
      expect(isNonPublicAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isNonPublicAddress(address), address).toBe(false);
    }
  });

  // Every range of the guard, at its first and last address and just outside: a range that
  // is dropped, narrowed or widened turns one of these rows red.
  it.each([
    ['this network', ['0.0.0.0', '0.255.255.255'], ['1.0.0.0']],
    ['private 10/8', ['10.0.0.0', '10.255.255.255'], ['9.255.255.255', '11.0.0.0']],
    ['carrier-grade NAT', ['100.64.0.0', '100.127.255.255'], ['100.63.255.255', '100.128.0.0']],
    ['loopback', ['127.0.0.0', '127.255.255.255'], ['126.255.255.255', '128.0.0.0']],
    ['link-local and cloud metadata', ['169.254.0.0', '169.254.169.254', '169.254.255.255'], ['169.253.255.255', '169.255.0.0']],
    ['private 172.16/12', ['172.16.0.0', '172.31.255.255'], ['172.15.255.255', '172.32.0.0']],
    ['IETF protocol assignments', ['192.0.0.0', '192.0.0.255'], ['191.255.255.255', '192.0.1.0']],
    ['private 192.168/16', ['192.168.0.0', '192.168.255.255'], ['192.167.255.255', '192.169.0.0']],
    ['benchmarking', ['198.18.0.0', '198.19.255.255'], ['198.17.255.255', '198.20.0.0']],
    ['multicast', ['224.0.0.0', '224.0.0.251', '239.255.255.250', '239.255.255.255'], ['223.255.255.255']],
    ['reserved and broadcast', ['240.0.0.0', '255.255.255.255'], []],
    ['IPv6 unspecified and loopback', ['::', '::1'], ['::2']],
    ['IPv6 unique local', ['fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fe00::']],
    ['IPv6 link-local', ['fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], ['fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fec0::']],
    ['IPv6 multicast', ['ff00::', 'ff02::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], ['feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']],
    ['IPv4 inside IPv6, judged as IPv4', ['::ffff:10.0.0.1', '::FFFF:239.1.1.1', '64:ff9b::127.0.0.1', '64:FF9B::169.254.169.254'], ['::ffff:8.8.8.8', '64:ff9b::1.1.1.1', '1::ffff:10.0.0.1']],
  ] as const)('blocks the %s range and nothing next to it', (_name, inside, outside) => {
    for (const address of inside) expect(isNonPublicAddress(address), address).toBe(true);
    for (const address of outside) expect(isNonPublicAddress(address), address).toBe(false);
  });

  it('calls a string that is no IP address not private (the host is then resolved)', () => {
    for (const text of ['', 'peer.example', '10.0.0', '999.1.1.1', '::ffff:10.0.0.1.example']) {
      expect(isNonPublicAddress(text), text).toBe(false);
    }
  });

  it('judges a host by every address it resolves to, and says nothing when it does not resolve', async () => {
    const resolve: Resolver = async (host) => {
      if (host === 'mixed.example') return ['93.184.216.34', '10.0.0.7'];
      if (host === 'public.example') return ['93.184.216.34'];
      throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    };
    expect(await isNonPublicHost('https://mixed.example/feed', resolve)).toBe(true);
    expect(await isNonPublicHost('https://public.example/feed', resolve)).toBe(false);
    expect(await isNonPublicHost('https://nowhere.example/', resolve)).toBeUndefined();
    expect(await isNonPublicHost('http://[::1]:8080/', resolve)).toBe(true);
    expect(await isNonPublicHost('http://[2606:4700::1111]/', resolve)).toBe(false);
  });

  it('resolves names with the system resolver by default (localhost is loopback everywhere)', async () => {
    expect(await isNonPublicHost('http://localhost:8080/feed.xml')).toBe(true);
  });
});

describe('boundedGet never goes from a public site into a private network', () => {
  const resolve: Resolver = async (host) => {
    const table: Record<string, string[]> = {
      'peer.example': ['93.184.216.34'],
      'other.example': ['151.101.1.1'],
      'internal.example': ['10.0.0.5'],
      localhost: ['127.0.0.1'],
    };
    if (table[host]) return table[host];
    throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  };
  /** A fake network: each URL answers a redirect or a small feed; every request is recorded. */
  function network(redirects: Record<string, string>) {
    const asked: string[] = [];
    const fetchStub = (async (input: string | URL | Request) => {
      const url = String(input);
      asked.push(url);
      const location = redirects[url];
      if (location) return new Response(null, { status: 302, headers: { location } });
      return new Response('<rss version="2.0"><channel><title>t</title></channel></rss>', { status: 200 });
    }) as typeof fetch;
    return { asked, fetch: fetchStub };
  }
  const options = (fetchStub: typeof fetch, extra: Partial<GetOptions> = {}): GetOptions => ({
    userAgent: 'test',
    timeoutMs: 2_000,
    maxBytes: 100_000,
    fetch: fetchStub,
    resolve,
    ...extra,
  });

  it('blocks a redirect to the cloud metadata address or to a name that resolves privately', async () => {
    for (const target of ['http://169.254.169.254/latest/meta-data/', 'http://internal.example/admin', 'http://localhost:6379/']) {
      const net = network({ 'https://peer.example/feed.xml': target });
      const result = await boundedGet('https://peer.example/feed.xml', options(net.fetch));
      expect(result.kind, target).toBe('failure');
      expect(result.kind === 'failure' && result.reason).toBe('blocked');
      expect(net.asked).toEqual(['https://peer.example/feed.xml']); // the private address was never asked
    }
  });

  it('follows a redirect to another public site', async () => {
    const net = network({ 'https://peer.example/feed.xml': 'https://other.example/feed.xml' });
    const result = await boundedGet('https://peer.example/feed.xml', options(net.fetch));
    expect(result.kind === 'response' && result.url).toBe('https://other.example/feed.xml');
  });

  it('lets a URL the writer wrote point at a private address, and its redirects stay there', async () => {
    const net = network({ 'http://localhost:4000/feed.xml': 'http://127.0.0.1:4000/feed.xml' });
    const result = await boundedGet('http://localhost:4000/feed.xml', options(net.fetch));
    expect(result.kind === 'response' && result.status).toBe(200);
  });

  it('blocks a private URL that a public peer page announced', async () => {
    const net = network({});
    const result = await boundedGet('http://10.0.0.1/blogroll.opml', options(net.fetch, { foundOn: 'https://peer.example/' }));
    expect(result.kind === 'failure' && result.reason).toBe('blocked');
    expect(result.kind === 'failure' && result.message).toMatch(/10\.0\.0\.1 is not a public address, and peer\.example led there/);
    expect(net.asked).toEqual([]);
  });

  it('costs no lookup when nothing redirects', async () => {
    let lookups = 0;
    const net = network({});
    const counting: Resolver = async (host) => {
      lookups++;
      return resolve(host);
    };
    await boundedGet('https://peer.example/feed.xml', options(net.fetch, { resolve: counting }));
    expect(lookups).toBe(0);
  });
});
