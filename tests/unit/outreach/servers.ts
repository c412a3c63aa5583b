import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request a stub saw: method, path, query and form body. */
export interface SeenRequest {
  method: string;
  path: string;
  query: string;
  body: string;
  headers: IncomingMessage['headers'];
}

export interface StubServer {
  origin: string;
  seen: SeenRequest[];
  /** POSTs only, as parsed forms. */
  posts(): { path: string; query: string; form: Record<string, string> }[];
  close(): Promise<void>;
}

/** A server on 127.0.0.1 answering with `handle`; it records every request with its body. */
export async function stubServer(handle: (req: SeenRequest, res: ServerResponse, origin: string) => unknown): Promise<StubServer> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let origin = '';
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const [path = '/', query = ''] = (req.url ?? '/').split('?');
      const request = { method: req.method ?? 'GET', path, query, body, headers: req.headers };
      seen.push(request);
      try {
        await handle(request, res, origin);
      } catch {
        if (!res.headersSent) res.writeHead(500).end();
      }
      if (!res.headersSent && !res.writableEnded && request.method === 'POST') res.writeHead(404).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    posts: () => seen.filter((r) => r.method === 'POST').map((r) => ({ path: r.path, query: r.query, form: Object.fromEntries(new URLSearchParams(r.body)) })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function html(res: ServerResponse, body: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(`<!doctype html><html><head><title>Test</title>${body}`);
}
