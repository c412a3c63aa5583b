import { describe, expect, it } from 'vitest';
import { mapPolitely } from '../../../src/lib/net/index.ts';

describe('mapPolitely', () => {
  it('asks one host one thing at a time, other hosts meanwhile, within the overall limit', async () => {
    const hosts = ['a', 'a', 'a', 'b', 'c', 'a', 'b', 'd'];
    const perHost = new Map<string, number>();
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const results = await mapPolitely(
      hosts,
      3,
      (host) => host,
      async (host, index) => {
        running++;
        most = Math.max(most, running);
        perHost.set(host, (perHost.get(host) ?? 0) + 1);
        expect(perHost.get(host)).toBe(1); // never two requests to one host at once
        order.push(index);
        await new Promise((resolve) => setTimeout(resolve, 5 + (index % 3)));
        perHost.set(host, perHost.get(host)! - 1);
        running--;
        return `${host}${index}`;
      },
    );
    expect(results).toEqual(hosts.map((host, index) => `${host}${index}`));
    expect(most).toBe(3);
    // The first three started on three different hosts, not three times on "a".
    expect(new Set(order.slice(0, 3).map((i) => hosts[i])).size).toBe(3);
  });

  it('returns at once for no items and passes a failure on', async () => {
    expect(await mapPolitely([], 4, String, async () => 1)).toEqual([]);
    await expect(
      mapPolitely([1, 2], 2, String, async (n) => {
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
  });
});
