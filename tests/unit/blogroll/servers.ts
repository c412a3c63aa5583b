import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { blogrollEntrySchema, type Peer } from '../../../src/lib/blogroll/index.ts';

/**
 * Throwaway servers on 127.0.0.1 with random ports: the only network these tests touch.
 */

export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface TestServer {
  /** "http://127.0.0.1:<port>" */
  origin: string;
  /** Requests seen, in order: method, path and headers. */
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** An HTTP server answering from a route table (exact path → handler); 404 otherwise. */
export async function routeServer(routes: Record<string, Handler>): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer(async (req, res) => {
    const pathOnly = (req.url ?? '/').split('?')[0]!;
    requests.push({ path: pathOnly, headers: req.headers });
    const handler = routes[pathOnly];
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      await handler(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that accepts connections and never says a word. */
export async function silentServer(): Promise<{ origin: string; connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createTcpServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * An origin nothing can listen on, for "connection refused": port 0 is never a listening port
 * (a port that was bound and released could be taken again by anything on the machine).
 */
export async function closedPortOrigin(): Promise<string> {
  return 'http://127.0.0.1:0';
}

export const send =
  (body: string, type = 'application/rss+xml; charset=utf-8', extra: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': type, ...extra }).end(body);
  };

export function rss(items: { title: string; link: string; date?: string; description?: string }[], channelExtra = ''): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:source="http://source.scripting.com/"><channel><title>Test</title><link>https://peer.example/</link>${channelExtra}
${items
  .map(
    (i) =>
      `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link>${i.date ? `<pubDate>${new Date(i.date).toUTCString()}</pubDate>` : ''}${i.description ? `<description>${esc(i.description)}</description>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>`;
}

/** An entry file's text. */
export function entryText(fields: Record<string, string>, note = 'A note.'): string {
  return `---\n${Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n\n${note}\n`;
}

/** A route server that closes when the test that started it finishes. */
export async function serveForTest(routes: Record<string, Handler>): Promise<TestServer> {
  const server = await routeServer(routes);
  onTestFinished(() => server.close());
  return server;
}

/** A blogroll peer as the entry files give it, with an optional feed. */
export const peer = (id: string, url: string, feed?: string): Peer => ({
  id,
  data: blogrollEntrySchema.parse({ name: id, url, description: 'd', since: '2024-01-01', ...(feed ? { feed } : {}) }),
  note: '',
});
