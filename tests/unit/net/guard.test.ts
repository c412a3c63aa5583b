import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { boundedGet, guardedLookup, hostOf, isNonPublicAddress, trustedPrivateHosts, type GetOptions, type Resolver } from '../../../src/lib/net/index.ts';

/**
 * The SSRF guard (issue 11, findings 1, 4, 5, 7): trust comes from what the writer literally
 * wrote, never from DNS; names are checked as the socket connects; a failed lookup blocks.
 */

describe('isNonPublicAddress', () => {
  it('knows private, loopback, link-local and reserved ranges, in IPv4 and IPv6', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '240.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      '::ffff:10.0.0.1',
      '64:ff9b::127.0.0.1',
    ]) {
      expect(isNonPublicAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808']) {
      expect(isNonPublicAddress(address), address).toBe(false);
    }
  });

  it('sees the IPv4 inside NAT64, mapped and 6to4 addresses in the hex form URLs normalise to', () => {
    // new URL('http://[64:ff9b::127.0.0.1]/').hostname is "[64:ff9b::7f00:1]".
    for (const url of ['http://[64:ff9b::127.0.0.1]/', 'http://[64:ff9b::a9fe:a9fe]/', 'http://[::ffff:127.0.0.1]/', 'http://[2002:7f00:1::1]/']) {
      expect(isNonPublicAddress(hostOf(url)), url).toBe(true);
    }
    expect(isNonPublicAddress(hostOf('http://[64:ff9b::8.8.8.8]/'))).toBe(false);
  });
});

describe('trustedPrivateHosts', () => {
  it('trusts IP literals and localhost the writer wrote, and the allow-list; never a name from DNS', () => {
    expect(trustedPrivateHosts(['http://127.0.0.1:4000/', 'http://localhost:8080/feed', 'https://peer.example/', undefined], ['Wiki.Home.Arpa'])).toEqual(
      expect.arrayContaining(['127.0.0.1', 'localhost', 'wiki.home.arpa']),
    );
    expect(trustedPrivateHosts(['https://peer.example/'])).toEqual([]);
  });
});

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
const base = (extra: Partial<GetOptions> = {}): GetOptions => ({ userAgent: 'test', timeoutMs: 2_000, maxBytes: 100_000, ...extra });

describe('boundedGet never goes into a private network the writer did not name', () => {
  it('a peer whose own domain has a private A record does not switch the guard off', async () => {
    // Before: the guard judged "private origin" from DNS and then let every redirect through.
    const resolve: Resolver = async () => ['10.0.0.5'];
    const net = network({ 'https://peer.example/feed.xml': 'http://169.254.169.254/latest/meta-data/' });
    const result = await boundedGet('https://peer.example/feed.xml', base({ fetch: net.fetch, resolve }));
    expect(result).toMatchObject({ kind: 'failure', reason: 'blocked' });
    expect(net.asked).toEqual(['https://peer.example/feed.xml']);
  });

  it('blocks redirects to the metadata address, localhost or a NAT64 loopback', async () => {
    for (const target of ['http://169.254.169.254/latest/meta-data/', 'http://localhost:6379/', 'http://[64:ff9b::127.0.0.1]/', 'http://app.localhost/']) {
      const net = network({ 'https://peer.example/feed.xml': target });
      const result = await boundedGet('https://peer.example/feed.xml', base({ fetch: net.fetch }));
      expect(result, target).toMatchObject({ kind: 'failure', reason: 'blocked' });
      expect(net.asked).toEqual(['https://peer.example/feed.xml']);
    }
  });

  it('a host the writer wrote may be private; its redirects to other private hosts may not', async () => {
    const net = network({ 'http://localhost:4000/feed.xml': 'http://localhost:4000/rss.xml', 'http://localhost:4000/old': 'http://10.0.0.1/' });
    const privateHosts = trustedPrivateHosts(['http://localhost:4000/feed.xml']);
    expect(await boundedGet('http://localhost:4000/feed.xml', base({ fetch: net.fetch, privateHosts }))).toMatchObject({ kind: 'response', status: 200 });
    const result = await boundedGet('http://localhost:4000/old', base({ fetch: net.fetch, privateHosts }));
    expect(result.kind === 'failure' && result.message).toMatch(/10\.0\.0\.1 is not a public address, and localhost:4000 led there/);
  });

  it('an untrusted URL naming a private address is refused before any request', async () => {
    const net = network({});
    const result = await boundedGet('http://10.0.0.1/blogroll.opml', base({ fetch: net.fetch, foundOn: 'https://peer.example/' }));
    expect(result.kind === 'failure' && result.message).toMatch(/10\.0\.0\.1 is not a public address, and peer\.example led there/);
    expect(net.asked).toEqual([]);
  });
});

describe('the connection-time lookup', () => {
  const servers: Server[] = [];
  afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));
  async function stub(): Promise<{ port: number; hits: () => number }> {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('reached');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { port: (server.address() as AddressInfo).port, hits: () => hits };
  }

  it('refuses a name that resolves privately when the socket connects (DNS rebinding included)', async () => {
    const { port, hits } = await stub();
    const resolve: Resolver = async () => ['127.0.0.1'];
    const result = await boundedGet(`http://rebind.test:${port}/`, base({ resolve }));
    expect(result).toMatchObject({ kind: 'failure', reason: 'blocked' });
    expect(result.kind === 'failure' && result.message).toMatch(/rebind\.test resolves to 127\.0\.0\.1/);
    expect(hits()).toBe(0);
    expect(hits()).toBe(0);
  });

  it('a failed lookup blocks, and a missing domain (NXDOMAIN) is not "offline"', async () => {
    const nx: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND gone.test'), { code: 'ENOTFOUND' });
    };
    expect(await boundedGet('http://gone.test/', base({ resolve: nx }))).toMatchObject({ kind: 'failure', reason: 'network' });
    const noDnsServer: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' });
    };
    expect(await boundedGet('http://any.test/', base({ resolve: noDnsServer }))).toMatchObject({ kind: 'failure', reason: 'offline' });
  });

  it('counts DNS inside the deadline: a resolver that never answers costs timeoutMs', async () => {
    const stuck: Resolver = () => new Promise(() => {});
    const started = performance.now();
    const result = await boundedGet('http://slow-dns.test/feed.xml', base({ resolve: stuck, timeoutMs: 300 }));
    expect(result).toMatchObject({ kind: 'failure', reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('the lookup hook passes public addresses through and refuses a mixed answer', async () => {
    const call = (resolve: Resolver) =>
      new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((done) =>
        guardedLookup(resolve)('x.test', { all: true }, (error, address) => done({ error, address })),
      );
    expect(await call(async () => ['93.184.216.34'])).toEqual({ error: null, address: [{ address: '93.184.216.34', family: 4 }] });
    expect((await call(async () => ['93.184.216.34', '10.0.0.7'])).error?.code).toBe('ERR_FRONTROW_PRIVATE_ADDRESS');
  });
});
