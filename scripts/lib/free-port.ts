import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, for a server the caller starts next
 * (`npm run audit`'s preview, tests' dev servers). Another process may take it in between;
 * callers that can, let the server pick its own port instead.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Below Linux's ephemeral range (32768-60999): a port no server asking for port 0 is handed. */
const FIXED_PORTS = { from: 20_000, to: 32_000 };

/**
 * A free TCP port on 127.0.0.1 for a server that must listen on the same port again after a
 * restart (the dev preview, restarted by a settings edit). An ephemeral port, as `freePort`
 * gives, can be handed to any other process binding port 0 while the server restarts, and under
 * a full test run dozens of servers start; Astro then listens on the next port, where nobody
 * looks for it.
 */
export async function freeFixedPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = FIXED_PORTS.from + Math.floor(Math.random() * (FIXED_PORTS.to - FIXED_PORTS.from));
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.unref();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port between ${FIXED_PORTS.from} and ${FIXED_PORTS.to}`);
}
