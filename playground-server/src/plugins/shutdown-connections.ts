// Stopping the server promptly with a browser still connected. Node's server.close() waits for
// every connection that is not idle, and two kinds are not idle for long reasons of their own:
// - one accepted but never sent a request (Chromium's preconnect): closeIdleConnections() does
//   not count it as idle (changed upstream in nodejs/node#63470; the Node 24.21 this project
//   runs still waits), so the close waited for headersTimeout, 60 s;
// - one whose response was still being written when the close began: it goes back to keep-alive
//   afterwards and the close waited for keepAliveTimeout (Fastify's 72 s).
// This closes the first at once (and any that open while the server shuts down) and the second
// as soon as its response is out, which is what the close means to wait for.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import fp from 'fastify-plugin';

export default fp(
  async (app) => {
    const unused = new Set<Socket>();
    let closing = false;
    app.server.on('connection', (socket: Socket) => {
      if (closing) {
        socket.destroy();
        return;
      }
      unused.add(socket);
      socket.once('close', () => unused.delete(socket));
    });
    app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      unused.delete(request.socket);
      response.once('finish', () => {
        // end(), not destroy(): what was written still reaches the client.
        if (closing) request.socket.end();
      });
    });
    // A WebSocket: Socket.IO's own close (plugins/realtime.ts) ends it.
    app.server.on('upgrade', (request: IncomingMessage) => unused.delete(request.socket));
    app.addHook('preClose', async () => {
      closing = true;
      for (const socket of unused) socket.destroy();
      unused.clear();
    });
  },
  { name: 'shutdown-connections' },
);
