import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freeFixedPort } from '../../scripts/lib/free-port.ts';

/** Linux's ephemeral port range (elsewhere, its default is assumed). */
const RANGE = '/proc/sys/net/ipv4/ip_local_port_range';

describe('a free port for a server that restarts on it', () => {
  it("is below the system's ephemeral range, and free to listen on", async () => {
    const port = await freeFixedPort();
    const range = existsSync(RANGE) ? readFileSync(RANGE, 'utf8') : '32768 60999';
    const [ephemeralFrom] = range.trim().split(/\s+/).map(Number);
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(Math.min(32_000, ephemeralFrom ?? 32_768));
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
