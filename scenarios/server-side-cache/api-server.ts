// One copy of the shop's API: a node:http server on a free loopback port, in the run's process,
// answering GET and PUT /products/:id through its caching mode. It reports, per response, how
// many SQL statements its handler decided to send (x-db-queries) and how the cache answered
// (x-cache), as an application's own instrumentation would.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PageSource } from './page.ts';

export interface ApiServer {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  close(): Promise<void>;
}

const PRODUCT_PATH = /^\/products\/(\d+)$/;

export async function startApi(
  source: PageSource,
  onError: (error: Error) => void,
): Promise<ApiServer> {
  const server = createServer((req, res) => {
    handle(source, req, res).catch((error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      onError(e);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(e.message);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  source: PageSource,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const id = Number(PRODUCT_PATH.exec(req.url ?? '')?.[1] ?? NaN);
  if (!Number.isInteger(id)) {
    res.writeHead(404).end();
    return;
  }
  if (req.method === 'GET') {
    const served = await source.read(id);
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-db-queries': String(served.queries),
      'x-cache': served.cache,
    });
    res.end(served.body);
    return;
  }
  if (req.method === 'PUT') {
    const { price } = JSON.parse(await bodyOf(req)) as { price: number };
    await source.write(id, price);
    res.writeHead(204).end();
    return;
  }
  res.writeHead(405).end();
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
