// Socket.IO on Fastify's own server (fastify-socket.io does not support Fastify 5). Frames go
// out as volatile emits: a slow viewer loses frames instead of slowing the run. A socket joins a
// run once (a repeated join is answered but sends nothing), a socket whose queue stays over a
// bound is dropped, and only the server's own pages (or ALLOWED_ORIGINS) may connect.
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import type { Run } from '../engine/index.ts';
import type { ClientToServer, ServerToClient } from '../routes/schemas.ts';
import { runView } from '../routes/scenario-view.ts';
import { socketRequestAllowed } from './socket-origin.ts';
import { DEFAULT_BOUND, cutOff, overBound, watchBackpressure } from './socket-backpressure.ts';

export type { ClientToServer, ServerToClient } from '../routes/schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server<ClientToServer, ServerToClient>;
  }
}

const room = (runId: string): string => `run:${runId}`;

export default fp(
  async (app) => {
    const { host, allowedHosts, allowedOrigins } = app.playground.config;
    const policy = { host, allowedHosts, allowedOrigins };
    const io = new Server<ClientToServer, ServerToClient>(app.server, {
      serveClient: false,
      maxHttpBufferSize: 16 * 1024,
      allowRequest: (request, callback) => {
        const refused = socketRequestAllowed(request, policy);
        if (refused !== undefined) app.log.warn({ refused }, 'socket refused');
        callback(refused ?? null, refused === undefined);
      },
    });
    app.decorate('io', io);

    const stopWatching = watchBackpressure(() => io.of('/').sockets.values(), {
      onDisconnect: (socket) =>
        app.log.warn({ socket: socket.id }, 'viewer stopped reading; disconnected'),
    });

    const attach = (run: Run): void => {
      const to = room(run.id);
      run.on('frame', (frame) => {
        io.to(to).volatile.emit('run:frame', { runId: run.id, ...frame });
      });
      run.on('event', (event) => {
        io.to(to).emit('run:event', { runId: run.id, ...event });
      });
      run.on('params', () => {
        io.to(to).emit('run:state', runView(run));
      });
      // A phase or a marker: rare, and the run's state carries them (late joiners get them in
      // the history's run), so live and finished charts draw the same.
      run.on('timeline', () => {
        io.to(to).emit('run:state', runView(run));
      });
      run.on('state', () => {
        io.to(to).emit('run:state', runView(run));
      });
    };

    app.runs.on('started', (run) => {
      attach(run);
      io.emit('runs:changed', { runId: run.id, scenario: run.scenario.id, state: run.state });
    });
    app.runs.on('ended', (run, record) => {
      io.emit('runs:changed', { runId: run.id, scenario: record.scenario, state: record.state });
    });
    for (const broker of ['redis', 'rabbitmq', 'kafka'] as const) {
      app[broker].monitor.onChange((health) => io.emit('health:changed', { broker, health }));
    }

    io.on('connection', (socket) => {
      const valid = (request: unknown): string | undefined => {
        const runId = (request as { runId?: unknown } | null)?.runId;
        return typeof runId === 'string' && /^[a-z0-9]{6,16}$/.test(runId) ? runId : undefined;
      };
      socket.on('run:join', (request, ack) => {
        const answer = typeof ack === 'function' ? ack : () => undefined;
        const runId = valid(request);
        const run = runId === undefined ? undefined : app.runs.get(runId);
        if (runId === undefined || run === undefined) {
          answer({
            ok: false,
            error: `no run ${JSON.stringify((request as { runId?: unknown } | null)?.runId)}`,
          });
          return;
        }
        // Already in the room: it has the history and the stream; sending both again is what
        // let one client that joined over and over fill the server's memory.
        if (socket.rooms.has(room(runId))) {
          answer({ ok: true });
          return;
        }
        if (overBound(socket, DEFAULT_BOUND)) {
          app.log.warn({ socket: socket.id }, 'viewer asked for history it cannot take');
          cutOff(socket);
          return;
        }
        // History first, then the room: a frame ticked in between is at worst sent twice, and the
        // client drops frames at or before the last t it has.
        socket.emit('run:history', {
          runId,
          frames: run.frames,
          events: run.events,
          run: runView(run),
        });
        void socket.join(room(runId));
        answer({ ok: true });
      });
      socket.on('run:leave', (request, ack) => {
        const runId = valid(request);
        if (runId !== undefined) void socket.leave(room(runId));
        if (typeof ack === 'function') ack({ ok: true });
      });
    });

    // Before the HTTP server closes: it waits for open connections, and a viewer's socket would
    // hold it open until the client gave up.
    app.addHook('preClose', async () => {
      stopWatching();
      io.disconnectSockets(true);
      io.engine.close();
    });
  },
  { name: 'realtime', dependencies: ['runs', 'redis', 'rabbitmq', 'kafka'] },
);
