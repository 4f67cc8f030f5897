// Serves the built UI (playground-ui/dist): hashed assets cached for a year, anything else that a
// browser navigates to answered with index.html so the client-side router can take it. The API,
// its docs, /metrics and Socket.IO keep their own 404s. Whether the build exists is looked up per
// request, so `npm run build` while the server runs is enough.
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

const RESERVED = ['/api', '/docs', '/metrics', '/socket.io'];

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Playground: UI not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}
code{background:#eee;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>The web UI is not built yet</h1>
<p>The server is running, but <code>playground-ui/dist</code> does not exist.
Run <code>npm run build</code> (or start everything with <code>npm start</code>), then reload this page.</p>
<p>Meanwhile the API answers at <a href="/api/health">/api/health</a> and its documentation is at
<a href="/docs">/docs</a>.</p></body></html>
`;

function reserved(path: string): boolean {
  return RESERVED.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return accept === undefined || accept.includes('text/html') || accept.includes('*/*');
}

export default fp(
  async (app) => {
    const root = app.playground.uiDir;
    const indexFile = join(root, 'index.html');
    await app.register(fastifyStatic, {
      root,
      serve: false,
      preCompressed: true,
      suppressWarning: true,
    });

    const sendIndex = (reply: FastifyReply): FastifyReply => {
      if (!existsSync(indexFile)) {
        return reply
          .code(200)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(NOT_BUILT);
      }
      return reply
        .header('cache-control', 'no-cache')
        .sendFile('index.html', { cacheControl: false });
    };

    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      let path: string;
      try {
        path = decodeURIComponent(request.url.split('?')[0] ?? '/');
      } catch {
        return reply.callNotFound();
      }
      if (reserved(path)) return reply.callNotFound();
      const last = path.slice(path.lastIndexOf('/') + 1);
      if (last.includes('.')) {
        // A file: hashed build output never changes under its name; the rest is revalidated.
        const hashed = path.startsWith('/assets/');
        return reply.sendFile(
          path.slice(1),
          hashed ? { maxAge: '365d', immutable: true } : { maxAge: 0 },
        );
      }
      if (request.method === 'GET' && !acceptsHtml(request)) return reply.callNotFound();
      return sendIndex(reply);
    });
  },
  { name: 'static-ui', dependencies: ['playground-config'] },
);
